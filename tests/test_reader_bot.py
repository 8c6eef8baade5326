"""The sentence reader through the real bot process and the local Bot API server: the sentence past the lead
that holds the fact, and "the article does not say" naming the article (issue 18)."""

from __future__ import annotations

import pytest

from tests.botapi import FakeBotApi
from tests.botapi.process import BotProcess
from tests.test_facts import seeded_bot
from tests.test_reader import ARTICLES

pytestmark = pytest.mark.timeout(180)

TOKEN = "123456:TEST-TOKEN-reader"


@pytest.fixture(scope="module")
def bot(api: FakeBotApi, tmp_path_factory: pytest.TempPathFactory) -> BotProcess:
    with seeded_bot(api, tmp_path_factory.mktemp("reader-bot"), ARTICLES) as process:
        yield process


def test_the_sentence_past_the_lead(api: FakeBotApi, bot: BotProcess) -> None:
    user = api.user(3101, "Ines")
    chat = api.private_chat(user)
    sent = api.send_text(chat, user, "Which artist created the solid gold toilet that was stolen from Blenheim Palace?")
    reply = api.wait_for_message(chat["id"], after=sent, timeout=30)
    assert "made by the Italian artist Maurizio Cattelan" in reply.text and "Police arrested" not in reply.text


def test_what_the_article_does_not_say_names_the_article(api: FakeBotApi, bot: BotProcess) -> None:
    user = api.user(3102, "Theo")
    chat = api.private_chat(user)
    question = "What were the names of the pilots of the Air India Express plane that crashed at Calicut?"
    sent = api.send_text(chat, user, question)
    reply = api.wait_for_message(chat["id"], after=sent, timeout=30)
    assert "does not say what were the names of the pilots" in reply.text
    assert "Air India Express plane crashes at Calicut" in reply.text
    assert "190" not in reply.text


def test_a_reaction_of_someone_quoted_on_nothing_is_read_from_the_article(api: FakeBotApi, bot: BotProcess) -> None:
    """ "how did X react" asks for X's statements; Warholm has none, so the sentences answer, not "nothing"."""
    user = api.user(3103, "Maja")
    chat = api.private_chat(user)
    sent = api.send_text(chat, user, "How did Warholm react to winning the hurdles final in Doha?")
    reply = api.wait_for_message(chat["id"], after=sent, timeout=30)
    assert "Warholm" in reply.text and "could not find anything" not in reply.text, reply.text
