"""A local HTTP server on 127.0.0.1 serving RSS and Atom feeds and their pages, for the feed tests.

Routes are set (and changed between polls) by the test; the server answers conditional GETs (ETag and
Last-Modified -> 304), and can be slow, huge, malformed, a redirect loop or down (404/500), per route.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.utils import formatdate
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from tests.botapi.documents import Story, as_html


@dataclass
class Route:
    """What one path answers."""

    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    etag: str = ""  # set: answer 304 to a matching If-None-Match
    modified: str = ""  # set: answer 304 to a matching If-Modified-Since
    delay: float = 0.0  # seconds before answering
    location: str = ""  # set: a 302 to here


@dataclass
class Item:
    """A feed entry: a story served at /pages/<slug>, or carried whole in the feed (`full`)."""

    slug: str
    story: Story
    date: str = "Tue, 17 Jul 2018 10:00:00 GMT"
    full: bool = False
    guid: str = ""

    def body(self) -> str:
        """The story's paragraphs and enough more to count as a full text (index/feeds/entries.py)."""
        filler = (f"The {self.story.place} harbour plan has been debated for two years, and the committee has "
                  "held public meetings in every ward, heard from fishermen, shopkeepers and families, and "
                  "published its minutes online so that everyone can read what was said and by whom. ")
        return "".join(f"<p>{p}</p>" for p in [*self.story.paragraphs, filler])


def rss(base: str, items: list[Item], title: str = "Harbour Wire") -> bytes:
    """RSS 2.0, newest first, the full text in content:encoded when an item is `full`."""
    out = []
    for item in items:
        full = f"<content:encoded><![CDATA[{item.body()}]]></content:encoded>" if item.full else ""
        out.append(f"<item><title>{escape(item.story.title)}</title><link>{base}/pages/{item.slug}</link>"
                   f"<guid>{escape(item.guid or base + '/pages/' + item.slug)}</guid><pubDate>{item.date}</pubDate>"
                   f"<description>A teaser.</description>{full}</item>")
    return ('<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
            f"<channel><title>{title}</title><link>{base}/</link>{''.join(reversed(out))}</channel></rss>").encode()


def atom(base: str, items: list[Item], title: str = "Coast Atom") -> bytes:
    out = []
    for item in items:
        content = f'<content type="html">{escape(item.body())}</content>' if item.full else ""
        out.append(f"<entry><title>{escape(item.story.title)}</title><id>{escape(item.guid or 'tag:' + item.slug)}"
                   f'</id><link href="{base}/pages/{item.slug}"/><updated>2019-03-05T08:00:00Z</updated>'
                   f"<summary>A teaser.</summary>{content}</entry>")
    return ('<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
            f"<title>{title}</title><id>tag:coast</id><updated>2019-03-05T08:00:00Z</updated>"
            f"{''.join(reversed(out))}</feed>").encode()


@dataclass
class FeedSite:
    """The server and its routes; `hits` counts requests per path, `conditional` the 304s sent."""

    routes: dict[str, Route] = field(default_factory=dict)
    hits: dict[str, int] = field(default_factory=dict)
    conditional: int = 0
    base: str = ""

    def page(self, item: Item) -> None:
        self.routes[f"/pages/{item.slug}"] = Route(as_html(item.story))

    def feed(self, path: str, body: bytes, kind: str = "rss", etag: str = "") -> None:
        """Serve a feed at `path` with validators (an ETag from its content when none is given)."""
        tag = etag or f'"{abs(hash(body))}"'
        content_type = "application/rss+xml" if kind == "rss" else "application/atom+xml"
        self.routes[path] = Route(body, content_type, etag=tag, modified=formatdate(usegmt=True))

    def url(self, path: str) -> str:
        return self.base + path


class QuietServer(ThreadingHTTPServer):
    """A local test server that says nothing when a client hangs up mid-reply, as the fetcher does on purpose
    past its size and time limits (the tests check what the client does, not the server's traceback)."""

    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        if not isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            super().handle_error(request, client_address)


def serve(site: FeedSite) -> Iterator[FeedSite]:
    """Run `site` on a free port until the generator is closed."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            site.hits[self.path] = site.hits.get(self.path, 0) + 1
            route = site.routes.get(self.path)
            if route is None:
                return self._send(404, b"not here", "text/plain")
            time.sleep(route.delay)
            if route.location:
                self.send_response(302)
                self.send_header("Location", route.location)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return None
            tag, since = self.headers.get("If-None-Match"), self.headers.get("If-Modified-Since")
            if (route.etag and tag == route.etag) or (route.modified and not tag and since == route.modified):
                site.conditional += 1
                self.send_response(304)
                self.end_headers()
                return None
            extra = {"ETag": route.etag} if route.etag else {}
            if route.modified:
                extra["Last-Modified"] = route.modified
            return self._send(route.status, route.body, route.content_type, extra)

        def _send(self, status: int, body: bytes, content_type: str, headers: dict | None = None) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.end_headers()
            try:
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass

        def log_message(self, *args: object) -> None:
            pass

    server = QuietServer(("127.0.0.1", 0), Handler)
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()
