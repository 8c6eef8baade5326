"""Feeds through the real bot process (`python -m bot`) against the local Bot API server and a local feed
server: the configured feed polled on the schedule and answerable, /feed add|remove|poll and /feeds by an admin
(and refused to others), a failing feed told to the admins once per streak, a restart that resumes."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.botapi import FakeBotApi, Message
from tests.botapi.documents import Story
from tests.botapi.process import BotProcess
from tests.feed_site import FeedSite, Item, Route, atom, rss, serve

pytestmark = pytest.mark.timeout(300)

TOKEN = "123456:TEST-TOKEN-feeds"
ADMIN = 9301
STORIES = [
    Story("Brennick pier to be rebuilt", "Oriel Vantongeren", "Brennick", "We will rebuild the pier stone by stone"),
    Story("Saltmarsh ferry returns", "Dagny Feldkirch", "Saltmarsh", "The ferry is the heartbeat of this town"),
    Story("Quillon lighthouse saved", "Tobiah Marchetti", "Quillon", "Nobody wants to lose the lighthouse"),
]


@pytest.fixture(scope="module")
def site() -> Iterator[FeedSite]:
    yield from serve(FeedSite())


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("feedbot")


def start(api: FakeBotApi, site: FeedSite, folder: Path) -> BotProcess:
    return BotProcess(api, folder / "index", folder / "bot.log", NEWSDESK_ADMINS=str(ADMIN),
                      NEWSDESK_ALLOW_PRIVATE_URLS="1", NEWSDESK_FEED_INTERVAL="10",
                      NEWSDESK_FEEDS=site.url("/wire")).start()


@pytest.fixture(scope="module")
def bot(api: FakeBotApi, site: FeedSite, folder: Path) -> Iterator[BotProcess]:
    first = Item("pier", STORIES[0])
    site.page(first)
    site.feed("/wire", rss(site.base, [first]))
    process = start(api, site, folder)
    yield process
    process.stop()


def say(api: FakeBotApi, user_id: int, text: str, timeout: float = 60) -> Message:
    user = api.user(user_id, "Admin" if user_id == ADMIN else "Reader")
    chat = api.private_chat(user)
    sent = api.send_text(chat, user, text)
    return api.wait_for_message(chat["id"], after=sent, timeout=timeout)


def taken(api: FakeBotApi, number: int) -> int:
    """Articles feed `number` has taken, as /feeds says."""
    listing = say(api, ADMIN, "/feeds").text
    found = re.search(rf"^{number}\. .*?(\d+) articles? taken", listing, re.S | re.M)
    return int(found.group(1)) if found else -1


def wait_taken(api: FakeBotApi, number: int, count: int, timeout: float = 60) -> None:
    for _ in range(int(timeout / 2)):
        if taken(api, number) >= count:
            return
        time.sleep(2)
    raise TimeoutError(f"feed {number} did not take {count} articles in {timeout:.0f} s")


def test_the_configured_feed_is_polled_on_schedule_and_answerable(api: FakeBotApi, bot: BotProcess) -> None:
    wait_taken(api, 1, 1)
    answer = say(api, 2301, STORIES[0].question)
    assert STORIES[0].words in " ".join(answer.text.split())


def test_only_admins_manage_feeds(api: FakeBotApi, bot: BotProcess) -> None:
    assert "Only admins" in say(api, 2302, "/feeds").text
    assert "Only admins" in say(api, 2302, "/feed add http://127.0.0.1:1/rss").text
    assert "Usage" in say(api, ADMIN, "/feed").text
    assert "http:// or https://" in say(api, ADMIN, "/feed add file:///etc/passwd").text


def test_admin_adds_polls_lists_and_removes_a_feed(api: FakeBotApi, bot: BotProcess, site: FeedSite) -> None:
    item = Item("ferry", STORIES[1], full=True)
    site.feed("/coast", atom(site.base, [item]), kind="atom")
    added = say(api, ADMIN, f"/feed add {site.url('/coast')}")
    assert "Added the feed Coast Atom" in added.text
    polled = say(api, ADMIN, "/feed poll", timeout=90)
    assert "Coast Atom: " in polled.text  # 1 new article, or not modified when the schedule came first
    assert taken(api, 2) == 1
    listing = say(api, ADMIN, "/feeds").text
    assert "Coast Atom" in listing and "last poll 20" in listing and "1 article taken" in listing
    assert STORIES[1].words in " ".join(say(api, 2303, STORIES[1].question).text.split())
    assert "Removed the feed Coast Atom" in say(api, ADMIN, "/feed remove 2").text
    assert "Coast Atom" not in say(api, ADMIN, "/feeds").text


def test_a_failing_feed_is_told_to_the_admins_once_per_streak(
        api: FakeBotApi, bot: BotProcess, site: FeedSite) -> None:
    site.feed("/flaky", rss(site.base, [], title="Flaky Wire"))
    assert "Added" in say(api, ADMIN, f"/feed add {site.url('/flaky')}").text
    site.routes["/flaky"] = Route(b"down", status=500)
    chat = ADMIN

    def reports() -> list[Message]:
        return [m for m in api.bot_messages(chat) if "failed" in (m.text or "") and "Flaky Wire" in m.text]

    api.wait_until(lambda: reports(), timeout=60, what="a failure report")
    streak = re.compile(r"Flaky Wire ❗ failing, (\d+) polls in a row")
    for _ in range(40):  # the second failure comes one interval (10 s) later
        found = streak.search(say(api, ADMIN, "/feeds").text)
        if found and int(found.group(1)) >= 2:
            break
        time.sleep(1)
    else:
        raise AssertionError("the flaky feed did not fail twice")
    assert len(reports()) == 1 and "HTTP 500" in reports()[0].text
    say(api, ADMIN, "/feed remove " + site.url("/flaky"))


def test_a_restart_resumes_and_takes_nothing_twice(
        api: FakeBotApi, bot: BotProcess, site: FeedSite, folder: Path) -> None:
    wait_taken(api, 1, 1)
    bot.stop()
    entries = [Item("pier", STORIES[0]), Item("lighthouse", STORIES[2])]
    site.page(entries[1])
    site.feed("/wire", rss(site.base, entries))
    restarted = start(api, site, folder)
    try:
        wait_taken(api, 1, 2)
        articles = say(api, 2304, "/articles").text
        assert articles.count(STORIES[0].title) == 1 and articles.count(STORIES[2].title) == 1
        assert taken(api, 1) == 2
    finally:
        restarted.stop()
