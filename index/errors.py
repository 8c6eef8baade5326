"""Specific exceptions the core raises; only the edges (bot, console, scripts) turn them into replies."""

from __future__ import annotations


class NewsdeskError(Exception):
    """Base class: str(error) is a sentence a user can read."""


class UnsupportedDocument(NewsdeskError):
    """The file cannot be read as an article (format, encoding, no text, too large...)."""


class DuplicateArticle(NewsdeskError):
    """The same content is already stored as `article_id`."""

    def __init__(self, article_id: str, title: str = "") -> None:
        self.article_id = article_id
        self.title = title
        named = f" “{title}”" if title else ""
        super().__init__(f"This article is already in the library{named} (id {article_id}).")


class ArticleNotFound(NewsdeskError):
    """No article has this id."""

    def __init__(self, article_id: str) -> None:
        self.article_id = article_id
        super().__init__(f"No article with id {article_id!r} is in the library.")


class IndexMismatch(NewsdeskError):
    """The index on disk was built with another model or schema: it must be rebuilt."""


class IndexCorrupt(NewsdeskError):
    """The index on disk cannot be read or its parts disagree beyond repair."""


class FetchError(NewsdeskError):
    """A URL could not be fetched: timeout, HTTP error, too large, or not a document."""


class BlockedURL(FetchError):
    """The URL points at a private, loopback or link-local address (or is not http/https)."""


class IndexMissing(IndexCorrupt):
    """CURRENT names a generation that is gone or empty: the library is not rebuilt from seeds behind the
    user's back."""

    @classmethod
    def never_built(cls, where: str) -> IndexMissing:
        return cls(f"No library has been built in {where}. Build one with: python scripts/rebuild_index.py "
                   f"--source FOLDER (with the same --index or --store).")


class RebuildInProgress(NewsdeskError):
    """Another process is rebuilding the same index folder."""


class RebuildFailed(NewsdeskError):
    """A rebuilt generation failed its checks before publishing; the previous one stays in use."""


class DiskFull(NewsdeskError):
    """The disk holding the index has too little space for a write; nothing of that write was kept."""

    def __init__(self, free_bytes: int, what: str = "nothing was added") -> None:
        self.free_bytes = free_bytes
        super().__init__(f"The disk holding the index is full: {free_bytes / 1e6:.1f} MB free; {what}.")


class StoreUnavailable(NewsdeskError):
    """The store's server (Milvus) cannot be reached or did not answer in time; nothing was changed by a
    failed write. `reason` keeps the driver's words for the log; users read the sentence."""

    def __init__(self, reason: str = "") -> None:
        self.reason = reason
        super().__init__("The library is unavailable right now; try again in a minute.")


class FeedError(NewsdeskError):
    """A feed cannot be added, found or read: not http(s), not RSS or Atom, the limit reached, unknown."""
