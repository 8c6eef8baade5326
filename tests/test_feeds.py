"""Feeds against a local HTTP server: RSS and Atom, conditional GETs, a feed that changes, dedupe by id, link
and content, the faults (down, slow, huge, malformed, redirect loop, a page that fails), backoff and one report
per failure streak, a restart in the middle, and feed articles answerable through Library.ask."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from index.config import FeedsConfig
from index.errors import BlockedURL, FeedError, FetchError
from index.feeds.feeds import Feeds
from index.feeds.state import FILENAME, SqliteState
from tests.botapi.documents import Story
from tests.conftest import SEEDS
from tests.feed_site import FeedSite, Item, Route, atom, rss, serve

pytestmark = pytest.mark.timeout(180)

STORIES = [
    Story("Brennick pier to be rebuilt", "Oriel Vantongeren", "Brennick", "We will rebuild the pier stone by stone"),
    Story("Saltmarsh ferry returns", "Dagny Feldkirch", "Saltmarsh", "The ferry is the heartbeat of this town"),
    Story("Quillon lighthouse saved", "Tobiah Marchetti", "Quillon", "Nobody wants to lose the lighthouse"),
    Story("Ravensholm docks reopen", "Ysolde Achterberg", "Ravensholm", "The docks will employ four hundred people"),
]
CONFIG = FeedsConfig(interval_s=60, max_backoff_s=600, timeout_s=2.0, max_bytes=200_000, entry_tries=3,
                     allow_private=True, max_feeds=6)


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def site() -> Iterator[FeedSite]:
    yield from serve(FeedSite())


@pytest.fixture
def feeds(library, tmp_path: Path) -> Iterator[Feeds]:
    state = SqliteState(library.config.index_dir / FILENAME)
    yield Feeds(state, CONFIG, library.add, Clock())
    state.close()


def items(*numbers: int, full: bool = False) -> list[Item]:
    return [Item(f"story-{n}", STORIES[n], full=full) for n in numbers]


def test_rss_entries_are_taken_once_and_answerable(site: FeedSite, feeds: Feeds, library) -> None:
    entries = items(0, 1)
    for item in entries:
        site.page(item)
    site.feed("/rss", rss(site.base, entries))
    assert feeds.add(site.url("/rss")).title == "Harbour Wire"
    first = feeds.poll_one(feeds.list()[0])
    assert [r.title for r in first.taken] == [STORIES[0].title, STORIES[1].title] and not first.error
    assert STORIES[0].words in library.ask(STORIES[0].question).text
    again = feeds.poll_one(feeds.list()[0])
    assert again.not_modified and site.conditional == 1 and not again.taken
    record = feeds.list()[0]
    assert record.taken == 2 and record.failures == 0 and record.last_poll > 0 and record.etag


def test_a_feed_that_changes_between_polls_gives_only_its_new_entry(site: FeedSite, feeds: Feeds, library) -> None:
    for item in items(0, 1, 2):
        site.page(item)
    site.feed("/rss", rss(site.base, items(0, 1)))
    feeds.add(site.url("/rss"))
    assert len(feeds.poll()[0].taken) == 2
    site.feed("/rss", rss(site.base, items(0, 1, 2)))
    later = feeds.poll()[0]
    assert [r.title for r in later.taken] == [STORIES[2].title] and not later.not_modified
    assert library.count() == 3 and feeds.list()[0].taken == 3


def test_atom_full_content_is_used_without_fetching_the_page(site: FeedSite, feeds: Feeds, library) -> None:
    site.feed("/atom", atom(site.base, items(3, full=True)), kind="atom")
    feeds.add(site.url("/atom"))
    result = feeds.poll()[0]
    assert [r.title for r in result.taken] == [STORIES[3].title]
    assert "/pages/story-3" not in site.hits  # the feed carried the text
    answer = library.ask(STORIES[3].question)
    assert STORIES[3].words in answer.text and answer.sources[0].url == site.url("/pages/story-3")


def test_two_feeds_and_a_republished_entry_store_one_story_once(site: FeedSite, feeds: Feeds, library) -> None:
    story = items(0)
    site.page(story[0])
    site.feed("/a", rss(site.base, story))
    site.feed("/b", atom(site.base, story), kind="atom")  # the same link under another id
    feeds.add(site.url("/a"))
    feeds.add(site.url("/b"))
    results = feeds.poll()
    assert [len(r.taken) for r in results] == [1, 0] and library.count() == 1
    moved = Item("story-0-copy", STORIES[0], guid="republished-0")  # a new id and link, the same page
    site.page(moved)
    site.feed("/a", rss(site.base, [*story, moved]))
    again = feeds.poll()[0]
    assert not again.taken and again.duplicates == 1 and library.count() == 1


@pytest.mark.parametrize("fault", ["down", "slow", "huge", "malformed", "loop", "missing"])
def test_a_failing_feed_backs_off_is_reported_once_and_never_stops_the_others(
        site: FeedSite, feeds: Feeds, library, fault: str) -> None:
    good = items(1)
    site.page(good[0])
    site.feed("/good", rss(site.base, good))
    site.feed("/bad", rss(site.base, items(2)))
    feeds.add(site.url("/bad"))
    feeds.add(site.url("/good"))
    site.routes["/bad"] = {
        "down": Route(b"oops", status=500), "slow": Route(rss(site.base, []), delay=3.0),
        "huge": Route(b"<rss>" + b" " * 300_000 + b"</rss>"), "malformed": Route(b"<html>no feed</html>"),
        "loop": Route(location="/bad"), "missing": Route(b"gone", status=404),
    }[fault]
    clock = feeds.clock
    first = {r.url: r for r in feeds.poll(due_only=True)}
    bad, fine = first[site.url("/bad")], first[site.url("/good")]
    assert bad.error and bad.report and bad.failures == 1 and len(fine.taken) == 1
    clock.now += 60
    second = {r.url: r for r in feeds.poll(due_only=True)}[site.url("/bad")]
    assert second.error and second.failures == 2 and not second.report  # once per streak
    waits = []
    for _ in range(3):
        record = next(f for f in feeds.list() if f.url == site.url("/bad"))
        waits.append(record.next_poll - clock.now)
        assert site.url("/bad") not in {r.url for r in feeds.poll(due_only=True)}  # not due: backing off
        clock.now = record.next_poll
        feeds.poll(due_only=True)
    assert waits == sorted(waits) and waits[-1] > waits[0]
    site.feed("/bad", rss(site.base, []))
    clock.now += 600
    healed = {r.url: r for r in feeds.poll(due_only=True)}[site.url("/bad")]
    assert not healed.error and healed.failures == 0
    assert next(f for f in feeds.list() if f.url == site.url("/bad")).last_error  # kept for /feeds


def test_an_entry_whose_page_fails_is_retried_then_taken(site: FeedSite, feeds: Feeds, library) -> None:
    entries = items(0, 1)
    site.page(entries[0])
    site.routes["/pages/story-1"] = Route(b"busy", status=503)
    site.feed("/rss", rss(site.base, entries))
    feeds.add(site.url("/rss"))
    first = feeds.poll()[0]
    assert len(first.taken) == 1 and first.pending == 1 and "503" in first.error and first.report
    second = feeds.poll()[0]  # the feed did not change, but the entry is still owed: no 304 this time
    assert not second.not_modified and second.pending == 1 and not second.report
    site.page(entries[1])
    third = feeds.poll()[0]
    assert [r.title for r in third.taken] == [STORIES[1].title] and third.failures == 0
    assert feeds.poll()[0].not_modified


def test_an_entry_that_keeps_failing_is_given_up_and_said(site: FeedSite, feeds: Feeds, library) -> None:
    site.feed("/rss", rss(site.base, items(2)))  # its page is never there
    feeds.add(site.url("/rss"))
    results = [feeds.poll()[0] for _ in range(CONFIG.entry_tries)]
    assert [r.pending for r in results] == [1] * (CONFIG.entry_tries - 1) + [0]
    assert all("404" in r.error for r in results) and library.count() == 0
    assert not feeds.poll()[0].error  # given up: the feed is healthy again


def test_a_restart_between_storing_and_marking_seen_takes_nothing_twice(site: FeedSite, library) -> None:
    entries = items(0, 1, 2)
    for item in entries:
        site.page(item)
    site.feed("/rss", rss(site.base, entries))
    path = library.config.index_dir / FILENAME
    calls = []

    def add_then_die(data: bytes, name: str, url: str | None, date: str | None = None):
        receipts = library.add(data, name, url, date)
        calls.append(name)
        if len(calls) == 2:
            raise KeyboardInterrupt  # killed after the second article is stored, before it is marked seen
        return receipts

    state = SqliteState(path)
    Feeds(state, CONFIG, add_then_die, Clock()).add(site.url("/rss"))
    with pytest.raises(KeyboardInterrupt):
        Feeds(state, CONFIG, add_then_die, Clock()).poll()
    state.close()
    reopened = SqliteState(path)
    result = Feeds(reopened, CONFIG, library.add, Clock()).poll()[0]
    reopened.close()
    assert [r.title for r in result.taken] == [STORIES[2].title] and result.duplicates == 1
    assert library.count() == 3 and sorted(i.title for i in library.list()) == sorted(s.title for s in STORIES[:3])


def test_adding_checks_the_address_the_feed_and_the_limit(site: FeedSite, feeds: Feeds) -> None:
    with pytest.raises(BlockedURL):
        feeds.add("ftp://example.com/feed")
    site.routes["/page"] = Route(b"<html><body>a page</body></html>")
    with pytest.raises(FetchError, match="not an RSS or Atom"):
        feeds.add(site.url("/page"))
    for n in range(CONFIG.max_feeds):
        feeds.add(site.url(f"/feed{n}"), check=False)
    with pytest.raises(FeedError, match="the most it may have"):
        feeds.add(site.url("/one-more"), check=False)
    with pytest.raises(FeedError, match="already"):
        feeds.add(site.url("/feed0"), check=False)
    assert feeds.remove("2").url == site.url("/feed1") and feeds.remove(site.url("/feed0")).url == site.url("/feed0")
    assert [f.url for f in feeds.list()][:1] == [site.url("/feed2")]
    with pytest.raises(FeedError, match="no feed"):
        feeds.remove("99")


def test_feeds_survive_a_rebuild(site: FeedSite, feeds: Feeds, library) -> None:
    feeds.add(site.url("/rss"), check=False)
    library.rebuild([SEEDS])
    state = SqliteState(library.config.index_dir / FILENAME)
    assert [f.url for f in Feeds(state, CONFIG, library.add).list()] == [site.url("/rss")]
    state.close()


def test_an_unforeseen_fault_in_one_feed_leaves_the_others_polled(site: FeedSite, library) -> None:
    for item in items(0, 1):
        site.page(item)
    site.feed("/a", rss(site.base, items(0)))
    site.feed("/b", rss(site.base, items(1)))

    def add(data: bytes, name: str, url: str | None, date: str | None = None):
        if "story-0" in (url or ""):
            raise RuntimeError("a bug")
        return library.add(data, name, url, date)

    state = SqliteState(library.config.index_dir / FILENAME)
    feeds = Feeds(state, CONFIG, add, Clock())
    feeds.add(site.url("/a"))
    feeds.add(site.url("/b"))
    first, second = feeds.poll()
    state.close()
    assert "unexpected RuntimeError" in first.error and first.report and len(second.taken) == 1
