"""scripts/feeds.py as cron runs it (a real process over a real index folder), and the feed settings."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.config import ConfigError, Settings
from tests.botapi.documents import Story
from tests.conftest import ROOT
from tests.feed_site import FeedSite, Item, rss, serve

pytestmark = pytest.mark.timeout(300)
STORY = Story("Brennick pier to be rebuilt", "Oriel Vantongeren", "Brennick", "We will rebuild the pier stone by stone")


@pytest.fixture
def site() -> Iterator[FeedSite]:
    yield from serve(FeedSite())


def feeds(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "scripts/feeds.py", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=240)


def test_add_list_poll_remove_from_the_shell(site: FeedSite, tmp_path: Path) -> None:
    item = Item("pier", STORY)
    site.page(item)
    site.feed("/rss", rss(site.base, [item]))
    site.feed("/empty", rss(site.base, [], title="Quiet Wire"))
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("NEWSDESK_", "TELEGRAM_"))}
    env = clean | {"NEWSDESK_INDEX_DIR": str(tmp_path / "index"), "HF_HUB_OFFLINE": "1",
                   "NEWSDESK_ALLOW_PRIVATE_URLS": "1", "NEWSDESK_FEEDS": site.url("/empty")}
    added = feeds(env, "add", site.url("/rss"))
    assert added.returncode == 0 and "Harbour Wire" in added.stdout, added.stderr
    assert "is a feed already" in feeds(env, "add", site.url("/rss")).stderr
    polled = feeds(env, "poll")
    assert polled.returncode == 0, polled.stderr
    assert f"{site.url('/rss')}: 1 new" in polled.stdout and f"{site.url('/empty')}: 0 new" in polled.stdout
    listed = feeds(env, "list").stdout.splitlines()
    assert listed[0].startswith(f"1. {site.url('/empty')}") and "1 articles taken" in listed[1]
    assert feeds(env, "poll", "--due").stdout == ""  # polled a moment ago: nothing is due
    ask = subprocess.run([sys.executable, "scripts/ask.py", STORY.question], cwd=ROOT, timeout=240, text=True,
                         capture_output=True, env=env | {"PYTHONPATH": str(ROOT)})
    assert STORY.words in ask.stdout, ask.stderr
    assert "Removed" in feeds(env, "remove", "2").stdout
    assert len(feeds(env, "list").stdout.splitlines()) == 1
    assert "no feed" in feeds(env, "remove", "2").stderr


def test_feed_settings_come_from_the_environment() -> None:
    settings = Settings.from_env({"NEWSDESK_FEEDS": "https://a.test/rss https://b.test/atom",
                                  "NEWSDESK_FEED_INTERVAL": "120", "NEWSDESK_MAX_FEEDS": "3",
                                  "NEWSDESK_MAX_WATCHES": "4", "NEWSDESK_MAX_UPLOAD_MB": "1"})
    assert settings.feed_urls == ("https://a.test/rss", "https://b.test/atom")
    feeds = settings.feeds
    assert (feeds.interval_s, feeds.max_feeds, feeds.max_watches, feeds.max_bytes) == (120, 3, 4, 1024 * 1024)
    assert not feeds.allow_private and Settings.from_env({"NEWSDESK_ALLOW_PRIVATE_URLS": "1"}).feeds.allow_private
    with pytest.raises(ConfigError, match="http"):
        Settings.from_env({"NEWSDESK_FEEDS": "ftp://a.test/rss"})
    with pytest.raises(ConfigError, match="10 or more"):
        Settings.from_env({"NEWSDESK_FEED_INTERVAL": "1"})
