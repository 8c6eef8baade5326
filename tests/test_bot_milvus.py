"""The real bot process on a Milvus store (issue 12), against the local Bot API server and a Milvus Lite
server: it says which store it uses, keeps no library on its own disk, answers "unavailable" while Milvus is
down (questions and uploads, nothing half-stored) and answers again by itself once Milvus is back."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from index.errors import StoreUnavailable
from tests.botapi import FakeBotApi
from tests.botapi.documents import Story, as_txt
from tests.botapi.process import BotProcess

from .milvus_server import MilvusServer

pytestmark = pytest.mark.timeout(300)

TOKEN = "123456:TEST-TOKEN-milvus"
ADMIN = 7401
UNAVAILABLE = StoreUnavailable().args[0]


def test_the_bot_on_milvus_says_unavailable_while_it_is_down_and_recovers(
    api: FakeBotApi, milvus: MilvusServer, tmp_path: Path
) -> None:
    index_dir = tmp_path / "index"
    with BotProcess(api, index_dir, tmp_path / "bot.log", NEWSDESK_STORE=milvus.uri,
                    NEWSDESK_ADMINS=str(ADMIN)) as bot:
        admin = api.user(ADMIN, "Admin")
        chat = api.private_chat(admin)
        sent = api.send_text(chat, admin, "What did Warner say?")
        assert "intelligence agencies" in api.wait_for_message(chat["id"], after=sent, timeout=120).text
        assert f"Milvus at {milvus.uri}/default" in bot.log()
        assert not index_dir.exists() or not any(index_dir.iterdir())  # no library state on the bot's disk

        milvus.stop()
        sent = api.send_text(chat, admin, "What did Warner say?")
        assert api.wait_for_message(chat["id"], after=sent, timeout=60).text == UNAVAILABLE
        story = Story("Harwick ferry returns", "Tom Reyes", "Harwick", "The Harwick ferry sails again")
        sent = api.send_document(chat, admin, "ferry.txt", as_txt(story))
        refused = api.wait_for_message(chat["id"], after=sent, timeout=60,
                                       match=lambda m: UNAVAILABLE in (m.text or ""))
        assert "Added" not in refused.text

        milvus.start()
        deadline = time.monotonic() + 60
        while True:  # the bot reconnects by itself; a reader asks again
            sent = api.send_text(chat, admin, "What did Warner say?")
            reply = api.wait_for_message(chat["id"], after=sent, timeout=60).text
            if "intelligence agencies" in reply or time.monotonic() > deadline:
                break
            time.sleep(1)
        assert "intelligence agencies" in reply
        sent = api.send_text(chat, admin, "What did Reyes say?")  # the refused upload left nothing behind
        assert "Harwick ferry" not in api.wait_for_message(chat["id"], after=sent, timeout=60).text
        assert bot.proc is not None and bot.proc.poll() is None  # it kept running throughout
