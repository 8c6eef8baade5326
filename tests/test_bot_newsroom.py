"""The real bot process over a small newsroom library (issue 10): each statement with its own source and the
"also quoted" buttons that re-ask, and a question sent during its chat's upload waiting for it."""

from __future__ import annotations

import pytest

from tests.botapi import FakeBotApi
from tests.botapi.process import BotProcess
from tests.people_articles import jsonl as newsroom_jsonl
from tests.test_bot_e2e import ask, flat, private, upload

pytestmark = pytest.mark.timeout(120)

TOKEN = "123456:TEST-TOKEN-newsroom"
ADMIN = 9501


@pytest.fixture(scope="module")
def bot(api: FakeBotApi, tmp_path_factory: pytest.TempPathFactory) -> BotProcess:
    folder = tmp_path_factory.mktemp("newsroom")
    with BotProcess(api, folder / "index", folder / "bot.log", NEWSDESK_ADMINS=str(ADMIN)) as process:
        yield process
    assert TOKEN.split(":")[1] not in process.log(), "the token leaked into the log"


def test_statements_carry_their_sources_and_also_quoted_buttons_reask(api: FakeBotApi, bot: BotProcess) -> None:
    user, chat = private(api, ADMIN, "Admin")
    assert "Added" in upload(api, chat, user, "newsroom.jsonl", newsroom_jsonl()).text
    reply = ask(api, chat, user, "What did Trump say about the border?")
    assert flat(reply.text).startswith("Donald Trump said (also quoted: ")
    assert "border must be secure" in reply.text and "also in 1 other article" in reply.text
    assert "(AP, 2016-09-01)" in reply.text or "(Reuters, 2016-09-02)" in reply.text
    assert any(e["type"] == "text_link" and "news.example.org" in e["url"] for e in reply.entities)
    ivanka = next(b for b in reply.buttons if b["text"] == "What did Ivanka Trump say?")
    api.press(chat["id"], reply.message_id, ivanka["callback_data"], user)
    theirs = api.wait_for_message(chat["id"], after=reply.message_id)
    assert "Ivanka Trump" in theirs.text and "border must be secure" not in theirs.text


def test_a_question_sent_during_its_chats_upload_waits_for_it(api: FakeBotApi, bot: BotProcess) -> None:
    filler = [f"Report {n} on the Kestrelford harbour: inspectors counted {n * 3} loose bollards."
              for n in range(400)]  # big enough to take seconds
    data = ("Kestrelford bridge\n\n“The Kestrelford bridge will reopen in May,” said Odalys Vantreight.\n\n"
            + "\n\n".join(filler)).encode()
    admin, chat = private(api, ADMIN, "Admin")
    sent = api.send_document(chat, admin, "kestrelford.txt", data)
    api.wait_until(lambda: api.bot_messages(chat["id"], after=sent), what="the status message")
    asked = api.send_text(chat, admin, "What did Vantreight say?")
    notice = api.wait_for_message(chat["id"], after=asked, match=lambda m: "Still reading" in (m.text or ""))
    assert "kestrelford.txt" in notice.text
    answer = api.wait_for_message(chat["id"], after=asked, timeout=90,
                                  match=lambda m: "Vantreight" in (m.text or "") and "Still" not in m.text)
    assert "reopen in May" in answer.text
