"""Fetching an article by URL from a local HTTP server: timeouts, size cap, redirects, private addresses."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler

import pytest

from index.errors import BlockedURL, FetchError
from index.ingest.fetch import check_url, fetch_url, filename_for
from tests.feed_site import QuietServer


class Pages(BaseHTTPRequestHandler):
    """/page, /report (with Content-Disposition), /big (no Content-Length), /slow, /loop, /hop, /missing."""

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        path = self.path
        if path == "/page":
            self._send(200, b"<html><title>T</title><p>Hello</p></html>", "text/html; charset=utf-8")
        elif path == "/report":
            self._send(200, b"%PDF-1.4", "application/octet-stream",
                       {"Content-Disposition": 'attachment; filename="Q3 report.pdf"'})
        elif path == "/big":
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            for _ in range(64):
                self.wfile.write(b"x" * 1024)
        elif path == "/declared":
            self._send(200, b"x" * 5000, "text/plain")
        elif path == "/slow":
            time.sleep(3)
            self._send(200, b"late", "text/plain")
        elif path in {"/loop", "/hop"}:
            self.send_response(302)
            self.send_header("Location", "/loop" if path == "/loop" else "/page")
            self.end_headers()
        else:
            self._send(404, b"nope", "text/plain")

    def _send(self, status: int, body: bytes, content_type: str, headers: dict | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    server = QuietServer(("127.0.0.1", 0), Pages)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_fetches_a_page_with_a_usable_filename(site: str) -> None:
    fetched = fetch_url(f"{site}/page", max_bytes=10_000, allow_private=True)
    assert fetched.data.startswith(b"<html>") and fetched.filename == "page.html"
    assert fetched.content_type == "text/html"


def test_filename_from_content_disposition_and_redirects(site: str) -> None:
    assert fetch_url(f"{site}/report", 10_000, allow_private=True).filename == "Q3_report.pdf"
    hopped = fetch_url(f"{site}/hop", 10_000, allow_private=True)
    assert hopped.url.endswith("/page") and hopped.filename == "page.html"


def test_loopback_is_refused_unless_allowed(site: str) -> None:
    with pytest.raises(BlockedURL):
        fetch_url(f"{site}/page", max_bytes=10_000)


@pytest.mark.parametrize("url", [
    "http://127.0.0.1/", "http://localhost:8080/x", "http://10.1.2.3/", "http://192.168.0.1/",
    "http://169.254.169.254/latest/meta-data/", "http://[::1]/", "http://[::ffff:127.0.0.1]/",
    "http://0.0.0.0/", "http://100.64.0.1/", "http://224.0.0.1/", "ftp://example.com/a.txt", "file:///etc/passwd",
    "javascript:alert(1)",
])
def test_private_addresses_and_other_schemes_are_blocked(url: str) -> None:
    with pytest.raises(BlockedURL):
        check_url(url)


def test_public_addresses_pass() -> None:
    check_url("http://93.184.216.34/news")
    check_url("https://[2606:2800:220:1:248:1893:25c8:1946]/")


def test_size_cap_with_and_without_content_length(site: str) -> None:
    with pytest.raises(FetchError, match="limit"):
        fetch_url(f"{site}/declared", max_bytes=1000, allow_private=True)
    with pytest.raises(FetchError, match="limit"):
        fetch_url(f"{site}/big", max_bytes=10_000, allow_private=True)


def test_timeouts_http_errors_and_redirect_loops(site: str) -> None:
    started = time.monotonic()
    with pytest.raises(FetchError, match="too long"):
        fetch_url(f"{site}/slow", 10_000, allow_private=True, timeout=0.5)
    assert time.monotonic() - started < 2.5
    with pytest.raises(FetchError, match="404"):
        fetch_url(f"{site}/missing", 10_000, allow_private=True)
    with pytest.raises(FetchError, match="redirected"):
        fetch_url(f"{site}/loop", 10_000, allow_private=True)


def test_unknown_host_is_a_fetch_error() -> None:
    with pytest.raises(FetchError):
        check_url("http://no-such-host.invalid/")


@pytest.mark.parametrize("url, content_type, expected", [
    ("https://e.com/news/warner-speaks", "text/html", "warner-speaks.html"),
    ("https://e.com/files/report.pdf?x=1", "application/octet-stream", "report.pdf"),
    ("https://e.com/", "text/html", "e.com.html"),
    ("https://e.com/a/../../etc/passwd", "text/plain", "passwd.txt"),
    ("https://e.com/story.php", "text/html", "story.php.html"),
])
def test_filenames(url: str, content_type: str, expected: str) -> None:
    assert filename_for(url, content_type) == expected
