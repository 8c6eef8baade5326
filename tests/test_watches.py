"""Watches on a real library: a person, a person on a topic, a phrase; one notice per (article, chat, watch)
across restarts, from uploads, another process and a rebuild; identities as the answers use them; limits."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from index.config import FeedsConfig
from index.errors import FeedError
from index.feeds.state import FILENAME, SqliteState
from index.feeds.watches import Watches
from index.library import Library
from tests.conftest import SEEDS

pytestmark = pytest.mark.timeout(240)
CONFIG = FeedsConfig(max_watches=4)
CHAT, OTHER = 501, 502


def article(title: str, *paragraphs: str) -> bytes:
    return "\n\n".join([title, "Date: 2018-07-20", *paragraphs]).encode()


SANCTIONS = article(
    "Senate panel weighs Russia sanctions",
    "“We must hold Russia to account for the attack on our elections,” said US Senator Mark Warner on Thursday.",
    "“The sanctions on Moscow have to bite, or the Kremlin will do it again,” Mark Warner told reporters.",
    "“Our intelligence agencies agree about Russia, and so should we,” Warner said.",
)
BUDGET = article(
    "Virginia roads budget passes",
    "“Virginia needs new roads and bridges, and this budget pays for them,” said US Senator Mark Warner.",
    "The state assembly approved the plan by a wide margin after a short debate on Wednesday afternoon.",
)
PLUMBER = article(
    "Plumbers strike in Leeds",
    "“We have not had a pay rise in six years,” said Daniel Warner, a plumber from Leeds.",
    "The strike is expected to last a week, the union said on Monday.",
)
HARBOUR = article(
    "Brennick pier to be rebuilt",
    "The council of Brennick met on Tuesday evening to decide the future of the old harbour district.",
    "“Foreign election interference is not what worries this town; the tides are,” said Oriel Vantongeren, "
    "who chairs the Brennick harbour committee.",
)


@pytest.fixture
def watched(seeded: Library):
    state = SqliteState(seeded.config.index_dir / FILENAME)
    watches = Watches(state, seeded, CONFIG)
    watches.check()  # the watermark: the seed article is not news
    yield watches
    state.close()


def delivered(watches: Watches) -> list:
    owed = watches.check()
    for notice in owed:
        watches.delivered(notice)
    return owed


def test_a_person_watch_fires_once_for_their_new_statement(watched: Watches, seeded: Library) -> None:
    watch = watched.add(CHAT, "Warner")
    assert (watch.person, watch.label) == ("Warner", "Warner") and delivered(watched) == []
    seeded.add(SANCTIONS, "sanctions.txt")
    notices = delivered(watched)
    assert [(n.chat_id, n.token, n.speaker, n.title) for n in notices] == [
        (CHAT, watch.token, "Mark Warner", "Senate panel weighs Russia sanctions")]
    assert any("account for the attack" in w for w in notices[0].words) and notices[0].when == "2018-07-20"
    assert delivered(watched) == []  # never twice


def test_warner_follows_mark_warner_not_every_warner(watched: Watches, seeded: Library) -> None:
    seeded.add(SANCTIONS, "sanctions.txt")
    watched.add(CHAT, "Warner")
    delivered(watched)
    seeded.add(PLUMBER, "plumber.txt")
    assert delivered(watched) == []
    seeded.add(BUDGET, "budget.txt")
    assert [n.speaker for n in delivered(watched)] == ["Mark Warner"]


def test_a_topic_narrows_a_person_and_a_phrase_matches_anyone(watched: Watches, seeded: Library) -> None:
    on_russia = watched.add(CHAT, "Mark Warner Russia")
    assert (on_russia.person, on_russia.topic) == ("Mark Warner", "Russia")  # the library knows Mark Warner
    phrase = watched.add(OTHER, '"election interference"')
    assert phrase.phrase == "election interference" and phrase.label == "“election interference”"
    seeded.add(BUDGET, "budget.txt")  # Warner on roads: not on Russia
    assert delivered(watched) == []
    seeded.add(SANCTIONS, "sanctions.txt")
    seeded.add(HARBOUR, "harbour.txt")
    got = {(n.chat_id, n.title, n.speaker) for n in delivered(watched)}
    assert got == {(CHAT, "Senate panel weighs Russia sanctions", "Mark Warner"),
                   (OTHER, "Brennick pier to be rebuilt", "Oriel Vantongeren")}


def test_a_restart_loses_and_repeats_nothing(watched: Watches, seeded: Library) -> None:
    watched.add(CHAT, "Warner")
    watched.add(OTHER, "Warner")
    seeded.add(SANCTIONS, "sanctions.txt")
    owed = watched.check()
    watched.delivered(owed[0])  # one sent, then the bot is killed
    state = SqliteState(seeded.config.index_dir / FILENAME)
    again = Watches(state, seeded, CONFIG)
    assert [n.key for n in delivered(again)] == [owed[1].key]
    seeded.add(BUDGET, "budget.txt")
    assert sorted(n.chat_id for n in delivered(again)) == [CHAT, OTHER] and delivered(again) == []
    state.close()


def test_articles_from_another_process_and_a_rebuild_are_watched(
        watched: Watches, seeded: Library, embedder, tmp_path: Path) -> None:
    watched.add(CHAT, "Warner")
    other = Library.open(seeded.config, embedder=embedder)  # another process on the same index folder
    other.add(SANCTIONS, "sanctions.txt")
    other.close()
    assert [n.title for n in delivered(watched)] == ["Senate panel weighs Russia sanctions"]
    folder = tmp_path / "more"
    folder.mkdir()
    (folder / "budget.txt").write_bytes(BUDGET)
    (folder / "sanctions.txt").write_bytes(SANCTIONS)
    seeded.rebuild([SEEDS, folder])  # brings the budget article; the sanctions one was checked already
    assert [n.title for n in delivered(watched)] == ["Virginia roads budget passes"]


def test_watch_limits_duplicates_and_removal(watched: Watches) -> None:
    for text in ["Warner", "Putin", "Tillerson Russia"]:
        watched.add(CHAT, text)
    with pytest.raises(FeedError, match="already"):
        watched.add(CHAT, "warner")
    watched.add(CHAT, '"interference"')
    with pytest.raises(FeedError, match="the most it may have"):
        watched.add(CHAT, "Conley")
    assert len(watched.add(OTHER, "Conley").token) == 8  # the limit is per chat
    with pytest.raises(FeedError):
        watched.add(CHAT, '""')
    assert [w.label for w in watched.remove(CHAT, "2")] == ["Putin"]
    assert [w.label for w in watched.remove(CHAT, "Warner")] == ["Warner"]
    token = watched.list(CHAT)[0].token
    assert [w.token for w in watched.remove(CHAT, token)] == [token]
    assert len(watched.remove(CHAT, "all")) == 1 and watched.list(CHAT) == []
    with pytest.raises(FeedError, match="no watch"):
        watched.remove(CHAT, "Warner")


def test_watches_survive_a_rebuild(watched: Watches, seeded: Library) -> None:
    watched.add(CHAT, "Warner")
    seeded.rebuild([SEEDS])
    state = SqliteState(replace(seeded.config).index_dir / FILENAME)
    assert [w.label for w in Watches(state, seeded, CONFIG).list(CHAT)] == ["Warner"]
    state.close()


def test_a_person_the_library_does_not_know_yet_is_read_again_when_they_speak(
        watched: Watches, seeded: Library) -> None:
    watch = watched.add(CHAT, "Oriel Vantongeren harbour")
    assert (watch.person, watch.label) == ("Oriel", "Oriel Vantongeren harbour")  # nobody of that name yet
    seeded.add(HARBOUR, "harbour.txt")
    assert [(n.speaker, n.label) for n in delivered(watched)] == [("Oriel Vantongeren", "Oriel Vantongeren harbour")]
