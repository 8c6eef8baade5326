"""A conditional GET of a feed (ETag / Last-Modified, 304 Not Modified) with the URL uploads' guards: only
http(s), every redirect hop checked against private addresses, a size cap and an overall deadline."""

from __future__ import annotations

import time
from dataclasses import dataclass
from urllib.parse import urljoin

import httpx

from index.errors import FetchError
from index.ingest.fetch import USER_AGENT, check_url

ACCEPT = "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"


@dataclass(frozen=True)
class FeedResponse:
    """What a poll got: the body (empty on 304) and the validators to send next time."""

    url: str  # after redirects
    not_modified: bool
    data: bytes
    etag: str
    modified: str


def fetch_feed(url: str, etag: str = "", modified: str = "", max_bytes: int = 20 * 1024 * 1024,
               allow_private: bool = False, timeout: float = 20.0, max_redirects: int = 5) -> FeedResponse:
    """GET `url` with If-None-Match / If-Modified-Since; FetchError or BlockedURL on any fault."""
    deadline = time.monotonic() + timeout
    headers = {"User-Agent": USER_AGENT, "Accept": ACCEPT}
    if etag:
        headers["If-None-Match"] = etag
    if modified:
        headers["If-Modified-Since"] = modified
    limits = httpx.Timeout(min(timeout, 10.0), connect=min(timeout, 5.0))
    try:
        with httpx.Client(timeout=limits, headers=headers, follow_redirects=False) as client:
            for _ in range(max_redirects + 1):
                check_url(url, allow_private)
                with client.stream("GET", url) as response:
                    if response.is_redirect and "location" in response.headers:
                        url = urljoin(url, response.headers["location"])
                        continue
                    return _read(response, url, max_bytes, deadline, (etag, modified))
    except httpx.TimeoutException:
        raise FetchError(f"The feed took too long to answer (limit {timeout:.0f} s).") from None
    except httpx.HTTPError as error:
        raise FetchError(f"I could not download the feed: {type(error).__name__}.") from None
    raise FetchError(f"The feed redirected more than {max_redirects} times.")


def _read(response: httpx.Response, url: str, max_bytes: int, deadline: float,
          sent: tuple[str, str]) -> FeedResponse:
    if response.status_code == 304:
        return FeedResponse(url, True, b"", *sent)
    if response.status_code >= 400:
        raise FetchError(f"The feed answered with HTTP {response.status_code}.")
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise FetchError(f"The feed is {_mb(int(declared))}; the limit is {_mb(max_bytes)}.")
    data = bytearray()
    for chunk in response.iter_bytes():
        data += chunk
        if len(data) > max_bytes:
            raise FetchError(f"The feed is larger than the limit of {_mb(max_bytes)}.")
        if time.monotonic() > deadline:
            raise httpx.ReadTimeout("overall deadline")
    headers = response.headers
    return FeedResponse(url, False, bytes(data), headers.get("etag", ""), headers.get("last-modified", ""))


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB"
