"""The real bot process (`python -m bot` over the local Bot API server) answers about articles that other
processes add to and remove from its index folder (issue 22), from its next question and with no error: the
console's /add (`python -m bot` without a token) and the library API (tests/share_worker.py), then rounds of
add, ask and remove in that process while a user keeps asking the bot."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.botapi import FakeBotApi
from tests.botapi.process import BotProcess

from .conftest import ROOT
from .share_worker import Ferry, ShareWorker
from .test_generations import script_env

pytestmark = pytest.mark.timeout(600)
TOKEN = "123456:TEST-TOKEN-sharing"
NOT_FOUND = "I could not find that"


def test_the_bot_answers_what_other_processes_add_and_remove(api: FakeBotApi, tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    user = api.user(9201, "Reader")
    chat = api.private_chat(user)

    def ask(ferry: Ferry) -> str:
        sent = api.send_text(chat, user, ferry.question)
        return api.wait_for_message(chat["id"], after=sent, timeout=60).text

    with BotProcess(api, index_dir, tmp_path / "bot.log") as bot:
        first = Ferry(20)
        assert NOT_FOUND in ask(first)  # asked once before the article exists
        (tmp_path / "ferry.txt").write_text(first.text())
        console = subprocess.run([sys.executable, "-m", "bot"], input=f"/add {tmp_path / 'ferry.txt'}\n/quit\n",
                                 cwd=ROOT, env=script_env(index_dir), capture_output=True, text=True, timeout=300)
        assert f"Added '{first.place} ferry" in console.stdout, console.stdout + console.stderr
        assert first.fare in ask(first)  # the console's upload, from the bot's next question
        with ShareWorker({"NEWSDESK_INDEX_DIR": str(index_dir)}) as other:
            assert other.call("remove 20") == "removed 20"
            assert NOT_FOUND in ask(first)  # the removal, from the next question
            assert other.call("add 21").startswith("added 21 ")
            assert Ferry(21).fare in ask(Ferry(21))
            rounds, replies = 8, []
            other.send(f"rounds {rounds} 22")  # add n, ask n, remove n - 1, ask n - 1, in the other process
            while (line := other.next(timeout=300)) != "done":
                assert line.split()[0] in {"added", "found", "removed", "missing"}, line
                if line.startswith("added"):  # meanwhile a user asks the bot about the article just added
                    replies.append(ask(Ferry(int(line.split()[1]))))
        last = Ferry(21 + rounds)
        assert last.fare in ask(last) and all(NOT_FOUND in ask(Ferry(n)) for n in range(22, 21 + rounds))
        # each reply: the article's fare, or not found when the other process removed it before the bot asked
        asked = list(zip(map(Ferry, range(22, 22 + rounds)), replies))
        assert len(asked) == rounds and all(f.fare in r or NOT_FOUND in r for f, r in asked), asked
        print("answered from the article just added:", sum(f.fare in r for f, r in asked), "of", rounds)
        bot.stop()
    log = bot.log()
    assert " failed: " not in log and "Traceback" not in log, log[-3000:]
