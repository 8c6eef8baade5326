"""The real bot process over issue 17's organisation, document and role speakers (tests/speaker_rule_articles.py):
an organisation's statements are answered under its name, and nobody unnamed is made a speaker."""

from __future__ import annotations

import pytest

from tests.botapi import FakeBotApi
from tests.botapi.process import BotProcess
from tests.speaker_rule_articles import jsonl
from tests.test_bot_e2e import ask, bot_holding, flat, private

pytestmark = pytest.mark.timeout(120)

TOKEN = "123456:TEST-TOKEN-speakers"
ADMIN = 9711


@pytest.fixture(scope="module")
def bot(api: FakeBotApi, tmp_path_factory: pytest.TempPathFactory) -> BotProcess:
    with bot_holding(api, tmp_path_factory.mktemp("speakers"), ADMIN, "desk.jsonl", jsonl()) as process:
        yield process


def test_organisations_and_documents_speak_under_their_names(api: FakeBotApi, bot: BotProcess) -> None:
    user, chat = private(api, 9712, "Noor")
    reply = flat(ask(api, chat, user, "What did the Marine Safety Institute say?").text)
    assert reply.startswith("Marine Safety Institute said") and "pier is unsafe" in reply
    bank = flat(ask(api, chat, user, "what did northway bank say").text)
    assert "twelve branches" in bank


def test_an_unnamed_group_is_nobody_to_ask_about(api: FakeBotApi, bot: BotProcess) -> None:
    user, chat = private(api, 9713, "Ivo")
    reply = flat(ask(api, chat, user, "What did the analysts say?").text)
    assert "Analysts said" not in reply and "analysts said" not in reply
