"""Time in questions through the real bot process and the local Bot API server: the window named in the reply,
each statement's date, /timeline in date order (issue 19)."""

from __future__ import annotations

import pytest

from tests.botapi import FakeBotApi
from tests.botapi.process import BotProcess
from tests.test_facts import seeded_bot
from tests.test_time import ARTICLES

pytestmark = pytest.mark.timeout(180)


@pytest.fixture(scope="module")
def bot(api: FakeBotApi, tmp_path_factory: pytest.TempPathFactory) -> BotProcess:
    with seeded_bot(api, tmp_path_factory.mktemp("time-bot"), ARTICLES) as process:
        yield process


def test_the_reply_names_the_window_and_the_dates(api: FakeBotApi, bot: BotProcess) -> None:
    user = api.user(3201, "Ada")
    chat = api.private_chat(user)
    sent = api.send_text(chat, user, "What did Rubio say in May 2016?")
    reply = api.wait_for_message(chat["id"], after=sent, timeout=30)
    assert "in May 2016" in reply.text and "2016-05-10" in reply.text
    assert "going back to my work in the Senate" in reply.text and "Florida will decide" not in reply.text


def test_timeline_command_in_date_order(api: FakeBotApi, bot: BotProcess) -> None:
    user = api.user(3202, "Bo")
    chat = api.private_chat(user)
    sent = api.send_text(chat, user, "/timeline Clinton trade")
    reply = api.wait_for_message(chat["id"], after=sent, timeout=30)
    assert "over time" in reply.text
    assert reply.text.index("2015-06-11") < reply.text.index("2016-08-11")
