"""The feeds-and-watches state on both stores: desk.sqlite beside the generations, a Milvus collection beside
the aliases. The same behaviour: get, put (an upsert), delete, a prefix scan that is only the prefix, and
another process's (connection's) write seen at once."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from index.feeds.state import FILENAME, SqliteState, State

pytestmark = pytest.mark.timeout(240)


@pytest.fixture(params=["sqlite", "milvus"])
def states(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[State, State]]:
    """Two handles on one state, as two processes have."""
    if request.param == "sqlite":
        made = [SqliteState(tmp_path / FILENAME), SqliteState(tmp_path / FILENAME)]
    else:
        from index.feeds.milvus_state import MilvusState

        uri = request.getfixturevalue("milvus").uri
        prefix = f"t{abs(hash(tmp_path.name)) % 10**8}"
        made = [MilvusState(uri, prefix=prefix), MilvusState(uri, prefix=prefix)]
    yield made[0], made[1]
    for state in made:
        state.close()


def test_put_get_delete_and_scan(states: tuple[State, State]) -> None:
    one, other = states
    one.put("feed:http://a.test/rss", '{"n": 1}')
    one.put("feed:http://b.test/rss", '{"n": 2}')
    one.put("chat_1:w", "x")
    one.put("chatx1:w", "y")  # LIKE's _ matches any character: a scan of "chat_1:" must not return it
    one.put("seen:id:1", "{}")
    assert other.get("feed:http://a.test/rss") == '{"n": 1}'
    one.put("feed:http://a.test/rss", '{"n": 3}')
    assert other.scan("feed:") == {"feed:http://a.test/rss": '{"n": 3}', "feed:http://b.test/rss": '{"n": 2}'}
    other.delete("feed:http://a.test/rss")
    assert one.get("feed:http://a.test/rss") is None and list(one.scan("feed:")) == ["feed:http://b.test/rss"]
    other.put_many({"outbox:1": "a", "outbox:2": "b"})
    assert one.scan("outbox:") == {"outbox:1": "a", "outbox:2": "b"}
    assert one.get("never") is None and one.scan("chat_1:") == {"chat_1:w": "x"}


def test_sqlite_state_lives_beside_the_generations(tmp_path: Path) -> None:
    state = SqliteState(tmp_path / "index" / FILENAME)
    state.put("k", "v")
    state.close()
    reopened = SqliteState(tmp_path / "index" / FILENAME)
    assert (tmp_path / "index" / FILENAME).is_file() and reopened.get("k") == "v"
    reopened.close()


def test_feeds_and_watches_on_either_store(lib, tmp_path: Path) -> None:
    """The whole path on the embedded store and on Milvus: a feed polled into the library, a watch told of it,
    the state opened the way the bot and the script open it (open_state)."""
    from index.config import FeedsConfig
    from index.feeds.feeds import Feeds
    from index.feeds.state import open_state
    from index.feeds.watches import Watches
    from tests.botapi.documents import Story
    from tests.feed_site import FeedSite, Item, rss, serve

    story = Story("Saltmarsh ferry returns", "Dagny Feldkirch", "Saltmarsh", "The ferry is the heartbeat of this town")
    config = FeedsConfig(allow_private=True, timeout_s=5.0)
    sites = serve(FeedSite())
    site = next(sites)
    state = open_state(lib.config)
    try:
        kinds = ("feed:", "watch:", "seen:", "checked:", "outbox:", "tries:")
        for key in [*(k for kind in kinds for k in state.scan(kind)), "watermark"]:
            state.delete(key)  # a Milvus server outlives one test
        watches = Watches(state, lib, config)
        watches.check()
        watch = watches.add(7, "Feldkirch")
        site.feed("/rss", rss(site.base, [Item("ferry", story, full=True)]))
        feeds = Feeds(state, config, lib.add)
        feeds.add(site.url("/rss"))
        assert [r.title for r in feeds.poll()[0].taken] == [story.title]
        owed = watches.check()
        assert [(n.chat_id, n.token, n.speaker) for n in owed] == [(7, watch.token, "Dagny Feldkirch")]
        for notice in owed:
            watches.delivered(notice)
        assert watches.check() == [] and feeds.poll()[0].not_modified
    finally:
        state.close()
        sites.close()
