"""The real bot process over issue 17's small library (tests/who_said_articles.py) and the seed: "who said"
names nobody its shown words contradict, a weak match shows the closest statements instead of a name, "J.
Trump" is not another person, and a pull quote never runs into the next paragraph."""

from __future__ import annotations

import pytest

from tests.botapi import FakeBotApi
from tests.botapi.process import BotProcess
from tests.test_bot_e2e import ask, bot_holding, flat, private
from tests.who_said_articles import jsonl

pytestmark = pytest.mark.timeout(120)

TOKEN = "123456:TEST-TOKEN-who-said"
ADMIN = 9701


@pytest.fixture(scope="module")
def bot(api: FakeBotApi, tmp_path_factory: pytest.TempPathFactory) -> BotProcess:
    with bot_holding(api, tmp_path_factory.mktemp("who-said"), ADMIN, "desk.jsonl", jsonl()) as process:
        yield process


def test_who_said_names_nobody_the_words_contradict_and_shows_the_closest(api: FakeBotApi, bot: BotProcess) -> None:
    user, chat = private(api, 9702, "Rhea")
    reply = flat(ask(api, chat, user, "Who said the Clinton camp is running scared of the voters?").text)
    assert "Donald Trump said it" not in reply
    weak = ask(api, chat, user, "Who said the fish limits are ruining the place?")
    assert flat(weak.text).startswith("I could not find who said that in the articles. The closest statements")
    assert "The quotas are killing this town" in weak.text and "J. Smith" not in weak.text
    assert any(e["type"] == "blockquote" for e in weak.entities)
    named = flat(ask(api, chat, user, "Who said the ferry must sail every day?").text)
    assert named.startswith("Dagny Feldkirch said it:")


def test_an_initial_is_not_another_person(api: FakeBotApi, bot: BotProcess) -> None:
    user, chat = private(api, 9703, "Ines")
    reply = ask(api, chat, user, "What did Trump say?")
    assert flat(reply.text).startswith("Donald Trump said (also quoted: Eric Trump):")
    assert [b["text"] for b in reply.buttons if b["text"].startswith("What did")] == ["What did Eric Trump say?"]


def test_no_answer_glues_a_pull_quote_its_byline_and_the_next_paragraph(api: FakeBotApi, bot: BotProcess) -> None:
    user, chat = private(api, 9704, "Omar")
    seed = flat(ask(api, chat, user, "Where was Trump when he criticised the intelligence agencies?").text)
    assert "agencies U.S. Senator" not in seed and "Mark Warner Tillerson" not in seed
    harbour = flat(ask(api, chat, user, "When will work on the harbour wall start?").text)
    assert "start in April" in harbour and "Mayor Ann Lopez" not in harbour and "A crane lifts" not in harbour
