"""Fact questions through the real bot process and the local Bot API server: the sentence that answers, its
answering words in bold, and "not found" for a near miss."""

from __future__ import annotations

import pytest

from tests.botapi import FakeBotApi
from tests.botapi.process import BotProcess
from tests.test_facts import ARTICLES, seeded_bot

pytestmark = pytest.mark.timeout(180)

TOKEN = "123456:TEST-TOKEN-facts"


@pytest.fixture(scope="module")
def bot(api: FakeBotApi, tmp_path_factory: pytest.TempPathFactory) -> BotProcess:
    with seeded_bot(api, tmp_path_factory.mktemp("facts-bot"), ARTICLES) as process:
        yield process


def test_a_fact_question_gets_its_sentence_with_the_fact_in_bold(api: FakeBotApi, bot: BotProcess) -> None:
    user = api.user(3001, "Rita")
    chat = api.private_chat(user)
    sent = api.send_text(chat, user, "how many children did the Turpins have")
    reply = api.wait_for_message(chat["id"], after=sent, timeout=30)
    assert "The Turpins had thirteen children" in reply.text
    bold = [reply.text[e["offset"]: e["offset"] + e["length"]] for e in reply.entities if e["type"] == "bold"]
    assert "thirteen" in bold


def test_a_near_miss_gets_not_found(api: FakeBotApi, bot: BotProcess) -> None:
    user = api.user(3002, "Omar")
    chat = api.private_chat(user)
    sent = api.send_text(chat, user, "what was the magnitude of the earthquake that hit Chile in 2019")
    reply = api.wait_for_message(chat["id"], after=sent, timeout=30)
    assert "could not find" in reply.text and "6.4" not in reply.text
