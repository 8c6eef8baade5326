"""Fetch an article from a URL with timeouts, a size cap and no access to private networks.

Every hop of a redirect is checked: a public page must not be able to redirect the bot to 127.0.0.1,
10.0.0.0/8 or the cloud metadata address (169.254.169.254). Raises FetchError / BlockedURL.
"""

from __future__ import annotations

import ipaddress
import re
import socket
import time
from dataclasses import dataclass
from email.message import Message
from urllib.parse import unquote, urljoin, urlsplit

import httpx

from index.errors import BlockedURL, FetchError

USER_AGENT = "Newsdesk/0.1 (article fetcher)"
_EXTENSIONS = {
    "text/html": ".html", "application/xhtml+xml": ".html", "text/plain": ".txt", "text/markdown": ".md",
    "application/pdf": ".pdf", "application/zip": ".zip", "application/x-zip-compressed": ".zip",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
}
_KNOWN = {".html", ".htm", ".txt", ".md", ".markdown", ".pdf", ".docx", ".zip", ".jsonl"}


@dataclass(frozen=True)
class Fetched:
    """A downloaded document."""

    data: bytes
    filename: str  # with an extension the parser understands, from the URL or the Content-Type
    url: str  # the final URL, after redirects
    content_type: str


def check_url(url: str, allow_private: bool = False) -> None:
    """Refuse non-http(s) URLs and hosts that resolve to non-public addresses.

    >>> check_url("http://93.184.216.34/news")
    >>> check_url("http://127.0.0.1:8080/")
    Traceback (most recent call last):
    index.errors.BlockedURL: I only fetch public web pages; 127.0.0.1 is a private or local address.
    """
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise BlockedURL("Send a link that starts with http:// or https://.")
    if allow_private:
        return
    host = parts.hostname
    try:
        infos = socket.getaddrinfo(host, parts.port or 80, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise FetchError(f"I could not find the server {host}.") from None
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%")[0])
        if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
            address = address.ipv4_mapped
        if not address.is_global or address.is_multicast:
            raise BlockedURL(f"I only fetch public web pages; {host} is a private or local address.")


def fetch_url(url: str, max_bytes: int, allow_private: bool = False, timeout: float = 20.0,
              max_redirects: int = 5) -> Fetched:
    """Download `url` (following up to `max_redirects` checked redirects) within `timeout` seconds."""
    deadline = time.monotonic() + timeout
    limits = httpx.Timeout(min(timeout, 10.0), connect=min(timeout, 5.0))
    headers = {"User-Agent": USER_AGENT}
    try:
        with httpx.Client(timeout=limits, headers=headers, follow_redirects=False) as client:
            for _ in range(max_redirects + 1):
                check_url(url, allow_private)
                with client.stream("GET", url) as response:
                    if response.is_redirect and "location" in response.headers:
                        url = urljoin(url, response.headers["location"])
                        continue
                    return _read(response, url, max_bytes, deadline)
    except httpx.TimeoutException:
        raise FetchError(f"The page took too long to answer (limit {timeout:.0f} s).") from None
    except httpx.HTTPError as error:
        raise FetchError(f"I could not download the page: {type(error).__name__}.") from None
    raise FetchError(f"The link redirected more than {max_redirects} times.")


def _read(response: httpx.Response, url: str, max_bytes: int, deadline: float) -> Fetched:
    if response.status_code >= 400:
        raise FetchError(f"The page answered with HTTP {response.status_code}.")
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise FetchError(f"The page is {_mb(int(declared))}; the limit is {_mb(max_bytes)}.")
    data = bytearray()
    for chunk in response.iter_bytes():
        data += chunk
        if len(data) > max_bytes:
            raise FetchError(f"The page is larger than the limit of {_mb(max_bytes)}.")
        if time.monotonic() > deadline:
            raise httpx.ReadTimeout("overall deadline")
    content_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
    return Fetched(bytes(data), filename_for(url, content_type, response.headers.get("content-disposition")),
                   url, content_type)


def filename_for(url: str, content_type: str, disposition: str | None = None) -> str:
    """A safe file name whose extension tells the parser the format.

    >>> filename_for("https://example.com/news/warner-speaks", "text/html")
    'warner-speaks.html'
    >>> filename_for("https://example.com/files/report.pdf?x=1", "application/octet-stream")
    'report.pdf'
    """
    name = ""
    if disposition:
        header = Message()
        header["content-disposition"] = disposition
        name = header.get_filename() or ""
    if not name:
        parts = urlsplit(url)
        name = unquote(parts.path.rstrip("/").rsplit("/", 1)[-1]) or (parts.hostname or "page")
    name = re.sub(r"[^\w.-]+", "_", name).strip("._")[:100] or "page"
    suffix = "." + name.rsplit(".", 1)[1].lower() if "." in name else ""
    if suffix not in _KNOWN:
        name += _EXTENSIONS.get(content_type, ".html" if not suffix else "")
    return name


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB"
