"""Watches through the real bot process against the local Bot API server: /watch, /watches, /unwatch and the
Stop button; notices for an upload, a feed article and an outside rebuild (scripts/rebuild_index.py); a restart
that loses and repeats nothing."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.botapi import FakeBotApi, Message
from tests.botapi.process import BotProcess
from tests.conftest import ROOT, SEEDS
from tests.feed_site import FeedSite, Item, rss, serve
from tests.test_bot_feeds import STORIES
from tests.test_watches import BUDGET, HARBOUR, PLUMBER, SANCTIONS

pytestmark = pytest.mark.timeout(300)

TOKEN = "123456:TEST-TOKEN-watches"
ADMIN = 9401


@pytest.fixture(scope="module")
def site() -> Iterator[FeedSite]:
    yield from serve(FeedSite())


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("watchbot")


def start(api: FakeBotApi, site: FeedSite, folder: Path) -> BotProcess:
    return BotProcess(api, folder / "index", folder / "bot.log", NEWSDESK_ADMINS=str(ADMIN),
                      NEWSDESK_ALLOW_PRIVATE_URLS="1", NEWSDESK_FEED_INTERVAL="10",
                      NEWSDESK_FEEDS=site.url("/wire"), NEWSDESK_MAX_WATCHES="3").start()


@pytest.fixture(scope="module")
def bot(api: FakeBotApi, site: FeedSite, folder: Path) -> Iterator[BotProcess]:
    site.feed("/wire", rss(site.base, []))
    process = start(api, site, folder)
    yield process
    process.stop()


def chat_of(api: FakeBotApi, user_id: int) -> tuple[dict, dict]:
    user = api.user(user_id, "Admin" if user_id == ADMIN else "Reader")
    return user, api.private_chat(user)


def say(api: FakeBotApi, user_id: int, text: str, timeout: float = 60) -> Message:
    user, chat = chat_of(api, user_id)
    sent = api.send_text(chat, user, text)
    return api.wait_for_message(chat["id"], after=sent, timeout=timeout)


def upload(api: FakeBotApi, name: str, data: bytes) -> None:
    user, chat = chat_of(api, ADMIN)
    sent = api.send_document(chat, user, name, data)
    reply = api.wait_for_message(chat["id"], after=sent, timeout=90, match=lambda m: "Added" in (m.text or ""))
    assert "Added" in reply.text


def notices(api: FakeBotApi, chat_id: int) -> list[Message]:
    return [m for m in api.bot_messages(chat_id) if (m.text or "").startswith("🔔") and "your watch" in m.text]


def wait_notices(api: FakeBotApi, chat_id: int, count: int, timeout: float = 60) -> list[Message]:
    api.wait_until(lambda: len(notices(api, chat_id)) >= count, timeout, f"{count} notices in chat {chat_id}")
    time.sleep(CHECK_QUIET)  # and no more than that
    return notices(api, chat_id)


CHECK_QUIET = 7.0  # two looks for new articles (bot/watches.py CHECK_EVERY) and a send


def test_watch_commands_and_their_limit(api: FakeBotApi, bot: BotProcess) -> None:
    assert "Usage" in say(api, 3401, "/watch").text
    assert "Watching Warner" in say(api, 3401, "/watch Warner").text
    assert "already" in say(api, 3401, "/watch warner").text
    assert "Watching “election interference”" in say(api, 3401, '/watch "election interference"').text
    assert "Watching Tillerson on Russia" in say(api, 3401, "/watch Tillerson on Russia").text
    assert "the most it may have" in say(api, 3401, "/watch Putin").text
    listing = say(api, 3401, "/watches")
    assert "1. Warner" in listing.text and len(listing.buttons) == 3
    query = api.press(listing.chat_id, listing.message_id, listing.buttons[1]["callback_data"], chat_of(api, 3401)[0])
    assert api.answer_of(query)["text"] == "Stopped watching “election interference”."
    assert "Stopped watching Warner" in say(api, 3401, "/unwatch 1").text
    assert "no watch" in say(api, 3401, "/unwatch Putin").text
    assert "Stopped" in say(api, 3401, "/unwatch all").text
    assert "watches nothing" in say(api, 3401, "/watches").text


def test_an_upload_notifies_the_watching_chat_once_with_a_stop_button(api: FakeBotApi, bot: BotProcess) -> None:
    assert "Watching" in say(api, 3402, "/watch Warner").text
    assert "Watching" in say(api, 3403, "/watch Vantongeren").text
    upload(api, "sanctions.txt", SANCTIONS)
    got = wait_notices(api, 3402, 1)
    assert len(got) == 1 and "Mark Warner" in got[0].text and "Senate panel weighs Russia sanctions" in got[0].text
    assert "2018-07-20" in got[0].text and got[0].buttons[0]["text"].startswith("🔕 Stop watching Warner")
    assert notices(api, 3403) == []
    upload(api, "plumber.txt", PLUMBER)  # another Warner: not the one the answers mean by "Warner"
    query = api.press(3402, got[0].message_id, got[0].buttons[0]["callback_data"], chat_of(api, 3402)[0])
    assert api.answer_of(query)["text"] == "Stopped watching Warner."
    upload(api, "budget.txt", BUDGET)  # Mark Warner again, but the watch is stopped
    time.sleep(CHECK_QUIET)
    assert len(notices(api, 3402)) == 1


def test_a_feed_article_notifies(api: FakeBotApi, bot: BotProcess, site: FeedSite) -> None:
    assert "Watching" in say(api, 3404, '/watch "heartbeat of this town"').text
    item = Item("ferry", STORIES[1], full=True)
    site.feed("/wire", rss(site.base, [item]))
    got = wait_notices(api, 3404, 1, timeout=90)
    assert "Dagny Feldkirch" in got[0].text and "Saltmarsh ferry returns" in got[0].text


def test_an_outside_rebuild_notifies(api: FakeBotApi, bot: BotProcess, folder: Path, tmp_path: Path) -> None:
    assert "Watching" in say(api, 3405, "/watch Oriel Vantongeren").text
    (tmp_path / "harbour.txt").write_bytes(HARBOUR)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "NEWSDESK_"))}
    env |= {"HF_HUB_OFFLINE": "1", "PYTHONPATH": str(ROOT), "NEWSDESK_INDEX_DIR": str(folder / "index")}
    rebuilt = subprocess.run([sys.executable, "scripts/rebuild_index.py", "--source", str(SEEDS), "--source",
                              str(tmp_path)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=240)
    assert rebuilt.returncode == 0, rebuilt.stderr[-2000:]
    got = wait_notices(api, 3405, 1, timeout=60)
    assert "Oriel Vantongeren" in got[0].text and "Brennick pier to be rebuilt" in got[0].text


def test_a_restart_loses_and_repeats_nothing(
        api: FakeBotApi, bot: BotProcess, site: FeedSite, folder: Path, embedder) -> None:
    assert "Watching" in say(api, 3406, "/watch Warner").text
    upload(api, "sanctions-again.txt", SANCTIONS.replace(b"Thursday", b"Friday"))
    wait_notices(api, 3406, 1)
    bot.stop()
    from dataclasses import replace

    from index.config import LibraryConfig
    from index.library import Library

    library = Library.open(replace(LibraryConfig(), index_dir=folder / "index"), embedder=embedder)
    library.add(BUDGET.replace(b"Wednesday", b"Tuesday"), "budget-while-down.txt")  # added while the bot is down
    library.close()
    restarted = start(api, site, folder)
    try:
        got = wait_notices(api, 3406, 2, timeout=60)
        assert len(got) == 2 and "Virginia roads budget passes" in got[1].text
    finally:
        restarted.stop()
