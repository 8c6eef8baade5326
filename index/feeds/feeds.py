"""Feeds: add, list, remove and poll the RSS and Atom feeds that fill a library.

A poll fetches a feed with a conditional GET, and takes each entry not seen before: its own full text when the
feed carries it, else its page through the URL ingest, then Library.add. An entry is marked seen (by id and by
link) only after its article is stored or found to be in the library already, so a crash or restart in between
takes it again at the next poll and Library.add answers DuplicateArticle: nothing taken twice, nothing skipped.
A feed's validators (ETag, Last-Modified) are kept only from a poll that left no entry behind, so an entry whose
page failed is seen again at the next poll even when the feed has not changed.

Faults never spread: each feed is polled on its own, any failure is counted in its streak, its next poll is
backed off exponentially, and the first failure of a streak is returned once for the admins.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import replace

from index.config import FeedsConfig
from index.errors import BlockedURL, DuplicateArticle, FeedError, FetchError, NewsdeskError, UnsupportedDocument
from index.feeds.entries import Entry, as_page, full_text, parse_feed
from index.feeds.fetch import fetch_feed
from index.feeds.state import State
from index.feeds.types import Feed, FeedPoll
from index.ingest.fetch import check_url, fetch_url
from index.types import Receipt

log = logging.getLogger(__name__)

# Library.add(data, filename, url, date), or the bot's add behind its writer lock
Add = Callable[[bytes, str, str | None, str | None], list[Receipt]]
GIVE_UP = (UnsupportedDocument, BlockedURL)  # an entry's page that will never be an article


def backoff(config: FeedsConfig, failures: int) -> float:
    """Seconds to the next poll after `failures` failed polls in a row.

    >>> c = FeedsConfig(interval_s=60, max_backoff_s=600)
    >>> [backoff(c, n) for n in range(6)]
    [60, 60, 120, 240, 480, 600]
    """
    return min(config.max_backoff_s, config.interval_s * 2 ** max(failures - 1, 0))


class Feeds:
    """The feeds of one library, kept in its state (index/feeds/state.py)."""

    def __init__(self, state: State, config: FeedsConfig, add: Add | None = None,
                 clock: Callable[[], float] = time.time) -> None:
        """`add` stores an article (Library.add); None for a handle that only lists, adds and removes feeds."""
        self.state, self.config, self._add, self.clock = state, config, add, clock

    # -- the list -------------------------------------------------------------------------------------
    def list(self) -> list[Feed]:
        """Every feed, in the order they were added (their numbers in /feeds)."""
        feeds = [Feed.from_json(v) for v in self.state.scan("feed:").values()]
        return sorted(feeds, key=lambda f: (f.added_at, f.url))

    def add(self, url: str, check: bool = True) -> Feed:
        """Add a feed (FeedError: known, limit reached; BlockedURL: not http(s) or private); `check` fetches and
        parses it first, so an address that is no feed is refused at once."""
        url = url.strip()
        check_url(url, self.config.allow_private)
        if self.state.get(f"feed:{url}") is not None:
            raise FeedError(f"{url} is a feed already.")
        if len(self.list()) >= self.config.max_feeds:
            raise FeedError(f"This library has {self.config.max_feeds} feeds, the most it may have; remove one first.")
        title = ""
        if check:
            got = fetch_feed(url, max_bytes=self.config.max_bytes, allow_private=self.config.allow_private,
                             timeout=self.config.timeout_s)
            title = parse_feed(got.data, url).title
        feed = Feed(url, self.clock(), title=title)
        self.state.put(f"feed:{url}", feed.to_json())
        return feed

    def ensure(self, urls: Iterable[str]) -> list[str]:
        """Add the configured feeds (NEWSDESK_FEEDS) that are missing, unchecked (a feed down at start is one
        that fails its polls, not a bot that will not start); what could not be added, as sentences."""
        problems = []
        for url in urls:
            if self.state.get(f"feed:{url.strip()}") is None:
                try:
                    self.add(url, check=False)
                except NewsdeskError as error:
                    problems.append(f"{url}: {error}")
        return problems

    def find(self, url_or_number: str) -> Feed:
        """A feed by its URL or its number in list(); FeedError when there is none."""
        wanted, feeds = url_or_number.strip(), self.list()
        if wanted.isdigit() and 1 <= int(wanted) <= len(feeds):
            return feeds[int(wanted) - 1]
        for feed in feeds:
            if feed.url == wanted:
                return feed
        raise FeedError(f"There is no feed {wanted}; /feeds lists them.")

    def remove(self, url_or_number: str) -> Feed:
        """Stop polling a feed; the articles it brought stay in the library."""
        feed = self.find(url_or_number)
        self.state.delete(f"feed:{feed.url}")
        return feed

    # -- polling --------------------------------------------------------------------------------------
    def poll(self, due_only: bool = False) -> list[FeedPoll]:
        """Poll every feed (or those due); one feed's fault never stops the others."""
        now = self.clock()
        return [self._guarded(feed) for feed in self.list() if not due_only or feed.next_poll <= now]

    def _guarded(self, feed: Feed) -> FeedPoll:
        """poll_one, with a fault nobody foresaw counted against this feed alone."""
        try:
            return self.poll_one(feed)
        except Exception as error:  # a bug or a broken state: log it, back off, go on with the next feed
            log.exception("Polling %s failed unexpectedly", feed.url)
            return self._done(feed, self.clock(), FeedPoll(feed.url, feed.title,
                                                           error=f"unexpected {type(error).__name__}: {error}"))

    def poll_one(self, feed: Feed) -> FeedPoll:
        """Fetch one feed and take its new entries; the outcome is kept in its record and returned."""
        started = self.clock()
        try:
            got = fetch_feed(feed.url, feed.etag, feed.modified, self.config.max_bytes, self.config.allow_private,
                             self.config.timeout_s)
            if got.not_modified:
                return self._done(feed, started, FeedPoll(feed.url, feed.title, not_modified=True), got.etag,
                                  got.modified)
            parsed = parse_feed(got.data, got.url)
        except NewsdeskError as error:
            return self._done(feed, started, FeedPoll(feed.url, feed.title, error=str(error)))
        feed = replace(feed, title=parsed.title or feed.title)
        result = self._take_all(feed, [e for e in reversed(parsed.entries) if not self._seen(e)])
        return self._done(feed, started, result, got.etag, got.modified)

    def _take_all(self, feed: Feed, fresh: list[Entry]) -> FeedPoll:
        """Take the new entries, oldest first, up to entries_per_poll; a store fault stops the rest."""
        taken, duplicates, errors = [], 0, []
        batch = fresh[: self.config.entries_per_poll]
        left = len(fresh) - len(batch)
        for n, entry in enumerate(batch):
            try:
                receipt = self._take(entry)
            except GIVE_UP as error:
                errors.append(f"{_name(entry)}: {error} (skipped)")
                self._mark_seen(entry, "")
                continue
            except FetchError as error:
                errors.append(f"{_name(entry)}: {error}")
                left += self._retry_later(entry)
                continue
            except NewsdeskError as error:  # DiskFull, StoreUnavailable: the library cannot take more now
                errors.append(str(error))
                left += len(batch) - n
                break
            self._mark_seen(entry, receipt.article_id)
            if receipt.duplicate_of:
                duplicates += 1
            else:
                taken.append(receipt)
        return FeedPoll(feed.url, feed.title, taken, duplicates, pending=left, error="; ".join(errors))

    def _take(self, entry: Entry) -> Receipt:
        """Store one entry's article; a receipt with duplicate_of when the library holds it already."""
        body = full_text(entry)
        if body:
            data, name = as_page(entry, body)
            url = entry.link or None
        else:
            page = fetch_url(entry.link, self.config.max_bytes, self.config.allow_private, self.config.timeout_s)
            data, name, url = page.data, page.filename, page.url
        if self._add is None:
            raise RuntimeError("this Feeds handle was opened without a library to add to")
        try:  # a page that gives no date of its own keeps the entry's
            receipts = self._add(data, name, url, entry.published[:10] or None)
        except DuplicateArticle as known:
            return Receipt(known.article_id, known.title, 0, 0.0, duplicate_of=known.article_id)
        return receipts[0]

    def _seen(self, entry: Entry) -> bool:
        return any(self.state.get(f"seen:{key}") is not None for key in entry.keys)

    def _mark_seen(self, entry: Entry, article_id: str) -> None:
        record = json.dumps({"article": article_id, "at": self.clock()})
        for key in entry.keys:
            self.state.put(f"seen:{key}", record)
        self.state.delete(f"tries:{entry.keys[0]}")

    def _retry_later(self, entry: Entry) -> int:
        """Count a failed page; after entry_tries polls in a row it is given up. 1 while it is still pending."""
        key = f"tries:{entry.keys[0]}"
        tries = int(self.state.get(key) or 0) + 1
        if tries >= self.config.entry_tries:
            log.warning("Giving up entry %s after %d failed fetches", entry.link, tries)
            self._mark_seen(entry, "")
            return 0
        self.state.put(key, str(tries))
        return 1

    def _done(self, feed: Feed, started: float, result: FeedPoll, etag: str = "", modified: str = "") -> FeedPoll:
        """Keep the poll's outcome in the feed's record (unless it was removed meanwhile) and return it."""
        failures = feed.failures + 1 if result.error else 0
        record = replace(feed, last_poll=started, taken=feed.taken + len(result.taken), failures=failures,
                         next_poll=started + backoff(self.config, failures))
        if result.error:
            record = replace(record, last_error=result.error, error_at=started)
            log.warning("Feed %s failed (%d in a row): %s", feed.url, failures, result.error)
        if not result.error and not result.pending:  # only a complete poll may let the server say "not modified"
            record = replace(record, etag=etag, modified=modified)
        if self.state.get(f"feed:{feed.url}") is not None:
            self.state.put(f"feed:{feed.url}", record.to_json())
        report = f"Feed {feed.title or feed.url} failed: {result.error}" if failures == 1 else ""
        return replace(result, failures=failures, report=report)


def _name(entry: Entry) -> str:
    return f"“{entry.title}”" if entry.title else entry.link or entry.id
