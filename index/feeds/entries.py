"""RSS and Atom read with feedparser into plain values, and an entry carrying its full text turned into a page
the URL ingest reads as it reads any web page (title, date, canonical link)."""

from __future__ import annotations

import calendar
import datetime
import hashlib
import html
import io
import re
from dataclasses import dataclass

import feedparser

from index.errors import FetchError

FULL_WORDS = 80  # an entry's content of fewer words is a teaser: its page is fetched instead
_TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class Entry:
    """One item of a feed."""

    id: str  # the feed's guid / atom:id, else the link, else a hash of title and date
    link: str
    title: str
    published: str  # ISO date-time (UTC), "" when the feed gives none
    content: str  # HTML of the full text when the feed carries it, else ""
    summary: str

    @property
    def keys(self) -> list[str]:
        """What marks the entry as seen: its id and its link (a re-published entry keeps one of them)."""
        return [f"id:{self.id}"] + ([f"link:{self.link}"] if self.link and self.link != self.id else [])


@dataclass(frozen=True)
class ParsedFeed:
    title: str
    entries: list[Entry]


def parse_feed(data: bytes, url: str = "") -> ParsedFeed:
    """RSS 0.9x/1.0/2.0 or Atom; FetchError when `data` is neither.

    >>> rss = b'''<rss version="2.0"><channel><title>Wire</title><item><guid>a1</guid>
    ... <link>http://x.test/a1</link><title>Warner speaks</title>
    ... <pubDate>Tue, 17 Jul 2018 10:00:00 GMT</pubDate></item></channel></rss>'''
    >>> feed = parse_feed(rss)
    >>> feed.title, feed.entries[0].id, feed.entries[0].published, feed.entries[0].keys
    ('Wire', 'a1', '2018-07-17T10:00:00+00:00', ['id:a1', 'link:http://x.test/a1'])
    >>> parse_feed(b"<html><body>not a feed</body></html>")
    Traceback (most recent call last):
    index.errors.FetchError: This is not an RSS or Atom feed (no channel or feed element).
    """
    parsed = feedparser.parse(io.BytesIO(data), response_headers={"content-location": url} if url else None)
    if not parsed.get("version") and not parsed.entries:
        raise FetchError("This is not an RSS or Atom feed (no channel or feed element).")
    return ParsedFeed(str(parsed.feed.get("title", "")).strip(), [_entry(e) for e in parsed.entries])


def _entry(raw: dict) -> Entry:
    link = str(raw.get("link", "")).strip()
    title = html.unescape(str(raw.get("title", ""))).strip()
    stamp = raw.get("published_parsed") or raw.get("updated_parsed")
    published = ""
    if stamp:
        published = _iso(calendar.timegm(stamp))
    contents = raw.get("content") or []
    content = max((str(c.get("value", "")) for c in contents), key=len, default="")
    key = str(raw.get("id", "")).strip() or link
    if not key:
        key = "sha1:" + hashlib.sha1(f"{title}\x1f{published}".encode()).hexdigest()
    return Entry(key, link, title, published, content, str(raw.get("summary", "")))


def _iso(seconds: int) -> str:
    return datetime.datetime.fromtimestamp(seconds, datetime.UTC).isoformat()


def words(markup: str) -> int:
    """Words of text in an HTML fragment.

    >>> words("<p>Mark Warner <b>said</b> it.</p>")
    4
    """
    return len(html.unescape(_TAG.sub(" ", markup)).split())


def full_text(entry: Entry) -> str:
    """The entry's own full text (HTML) when it carries one long enough to be the article, else ""; an entry
    with no link has only its own text, however short."""
    if words(entry.content) >= FULL_WORDS:
        return entry.content
    if not entry.link:
        return entry.content or entry.summary
    return ""


def as_page(entry: Entry, body: str) -> tuple[bytes, str]:
    """A web page holding `body` with the entry's title, date and link, and a file name for it.

    >>> data, name = as_page(Entry("a1", "http://x.test/a1", "Warner speaks", "2018-07-17T10:00:00+00:00",
    ...                            "", ""), "<p>Text.</p>")
    >>> name, b'article:published_time" content="2018-07-17T10:00:00+00:00"' in data
    ('Warner_speaks.html', True)
    """
    esc = html.escape
    head = f"<title>{esc(entry.title)}</title>"
    if entry.published:
        head += f'<meta property="article:published_time" content="{esc(entry.published)}">'
    if entry.link:
        head += f'<link rel="canonical" href="{esc(entry.link)}">'
    page = (f"<!DOCTYPE html><html><head><meta charset=\"utf-8\">{head}</head><body><article>"
            f"<h1>{esc(entry.title)}</h1>{body}</article></body></html>")
    name = re.sub(r"[^\w.-]+", "_", entry.title).strip("._")[:80] or "entry"
    return page.encode(), f"{name}.html"
