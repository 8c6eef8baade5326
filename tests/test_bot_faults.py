"""Faults from Telegram and the network, injected by the local Bot API server into the real bot process:
500s, dropped connections (before and after the call took effect, which is what a timeout looks like),
slow answers, slow and broken file downloads. Nothing is lost, nothing is done twice, other chats go on.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest

from index.store import layout
from tests.botapi import FakeBotApi, Message
from tests.botapi.documents import Story, as_txt
from tests.botapi.process import BotProcess

pytestmark = pytest.mark.timeout(180)

TOKEN = "123456:TEST-TOKEN-faults"
ADMIN = 7001


@pytest.fixture(scope="module")
def bot(api: FakeBotApi, tmp_path_factory: pytest.TempPathFactory) -> BotProcess:
    folder = tmp_path_factory.mktemp("faults")
    with BotProcess(api, folder / "index", folder / "bot.log", NEWSDESK_ADMINS=str(ADMIN)) as process:
        yield process
    assert TOKEN.split(":")[1] not in process.log(), "the token leaked into the log"


def private(api: FakeBotApi, user_id: int) -> tuple[dict, dict]:
    user = api.user(user_id, f"User{user_id}")
    return user, api.private_chat(user)


def replies_to(api: FakeBotApi, chat_id: int, after: int) -> list[Message]:
    return api.bot_messages(chat_id, after=after)


def stored_titles(bot: BotProcess, title: str) -> int:
    """How many stored articles have a title LIKE this pattern, read from the bot's SQLite (read-only)."""
    folder = layout.current(Path(bot.env["NEWSDESK_INDEX_DIR"]))
    with sqlite3.connect(f"file:{folder / 'library.sqlite'}?mode=ro", uri=True) as db:
        return db.execute("SELECT COUNT(*) FROM articles WHERE title LIKE ?", (title,)).fetchone()[0]


def test_polling_faults_lose_and_repeat_no_update(api: FakeBotApi, bot: BotProcess) -> None:
    user, chat = private(api, 7101)
    api.fail_next("getUpdates", code=500)
    api.fault_next("getUpdates", "drop")
    api.fault_next("getUpdates", "drop-after")  # updates handed out, answer lost: they must come again, once
    api.fault_next("getUpdates", "delay", 2.0)
    questions = ["What did Warner say?", "What did Tillerson say?", "Who is Heather Conley?"]
    first = api.send_text(chat, user, questions[0])
    for question in questions[1:]:
        api.send_text(chat, user, question)
    api.wait_until(lambda: len(replies_to(api, chat["id"], first)) >= 3, 60, "three answers")
    api.wait_until(lambda: not api.faults.get("getUpdates"), 30, "the faults to fire")
    time.sleep(2)  # time for a repeated update to be answered again, were it delivered twice
    answers = [m.text for m in replies_to(api, chat["id"], first)]
    assert len(answers) == 3, answers  # each question answered exactly once
    assert any("intelligence agencies" in a for a in answers) and any("Conley" in a for a in answers)


@pytest.mark.parametrize("fault", ["drop", "drop-after"])
def test_send_faults_are_retried(api: FakeBotApi, bot: BotProcess, fault: str) -> None:
    user, chat = private(api, 7200 + len(fault))
    api.fail_next("sendMessage", code=500)
    api.fault_next("sendMessage", fault)
    sent = api.send_text(chat, user, "What did Warner say?")
    reply = api.wait_for_message(chat["id"], after=sent, timeout=60)
    assert "intelligence agencies" in reply.text
    # "drop-after": Telegram showed the first answer but the bot could not know, so it may show twice;
    # a lost answer is worse than a repeated one.
    assert 1 <= len(replies_to(api, chat["id"], sent)) <= (2 if fault == "drop-after" else 1)


def test_upload_retried_after_a_timeout_is_stored_once(api: FakeBotApi, bot: BotProcess) -> None:
    story = Story("Kelderby tram depot", "Marit Oosterhuis", "Kelderby", "The Kelderby depot stays open")
    admin, chat = private(api, ADMIN)
    data = as_txt(story) + "".join(f"\n\nDepot report {n}: {n * 3} trams were serviced." for n in range(300)).encode()
    first = api.send_document(chat, admin, "kelderby.txt", data)
    api.wait_for_message(chat["id"], after=first, timeout=60)  # the status message: ingesting has begun
    api.fault_next("sendMessage", "drop-after", times=4)  # every try of the receipt "times out", so the
    api.wait_until(lambda: not api.faults.get("sendMessage"), 60, "the receipt's tries")  # bot gives up
    assert "Added" in api.bot_messages(chat["id"], after=first)[-1].text  # yet the admin saw it
    again = api.send_document(chat, admin, "kelderby.txt", data)  # the admin sends it again, to be sure
    reply = api.wait_for_message(chat["id"], after=again, timeout=60,
                                 match=lambda m: "already in the library" in (m.text or ""))
    assert "Kelderby" in reply.text
    assert stored_titles(bot, story.title) == 1


def test_broken_download_asks_again_and_other_chats_go_on(api: FakeBotApi, bot: BotProcess) -> None:
    story = Story("Ashgrove flood wall", "Petronel Vasquez", "Ashgrove", "The Ashgrove wall held the river")
    data = as_txt(story) + b"\n\n" + b"More on the Ashgrove flood wall and its long history. " * 2000
    admin, chat = private(api, ADMIN)
    reader, reader_chat = private(api, 7301)
    api.fault_next("download", "drop")
    first = api.send_document(chat, admin, "ashgrove.txt", data)
    failed = api.wait_for_message(chat["id"], after=first, timeout=60, match=lambda m: "⚠️" in (m.text or ""))
    assert "send it again" in failed.text
    api.fault_next("download", "slow", 6.0)  # the resend downloads slowly; questions go on meanwhile
    again = api.send_document(chat, admin, "ashgrove.txt", data)
    asked = api.send_text(reader_chat, reader, "What did Warner say?")
    answer = api.wait_for_message(reader_chat["id"], after=asked, timeout=60)
    receipt = api.wait_for_message(chat["id"], after=again, timeout=90, match=lambda m: "Added" in (m.text or ""))
    assert "intelligence agencies" in answer.text and answer.sent_at < receipt.sent_at
    assert stored_titles(bot, story.title) == 1


def test_hostile_files_get_a_clear_reply_and_store_nothing(api: FakeBotApi, bot: BotProcess) -> None:
    from tests.test_hostile import NASTY

    admin, chat = private(api, ADMIN)
    before = stored_titles(bot, "%")
    for name in ["bomb.docx", "traversal.zip", "tiny-articles.jsonl", "nested.html", "encrypted.pdf"]:
        sent = api.send_document(chat, admin, name, NASTY[name][0]())
        reply = api.wait_for_message(chat["id"], after=sent, timeout=60, match=lambda m: "⚠️" in (m.text or ""))
        assert f"“{name}”" in reply.text, reply.text
    assert stored_titles(bot, "%") == before
