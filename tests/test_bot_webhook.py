"""Webhook mode end to end: with TELEGRAM_WEBHOOK_URL set, the bot serves a webhook, registers it with
its secret token, and answers updates the (fake) Bot API POSTs to it."""

from __future__ import annotations

import socket
import urllib.error
import urllib.request

import pytest

from tests.botapi import FakeBotApi
from tests.botapi.process import BotProcess

pytestmark = pytest.mark.timeout(120)
SECRET = "webhook-secret-42"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_webhook_mode_answers_questions_and_checks_the_secret(tmp_path) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}/newsdesk-hook"
    with FakeBotApi("123456:WEBHOOK-TOKEN") as api, BotProcess(
        api, tmp_path / "index", tmp_path / "bot.log", TELEGRAM_WEBHOOK_URL=url,
        TELEGRAM_WEBHOOK_PORT=str(port), TELEGRAM_WEBHOOK_SECRET=SECRET,
    ):
        (registered,) = api.calls("setWebhook")
        assert registered.params["url"] == url and registered.params["secret_token"] == SECRET
        user = api.user(3001, "Hook")
        chat = api.private_chat(user)
        sent = api.send_text(chat, user, "What did Warner say?")
        assert "intelligence agencies" in api.wait_for_message(chat["id"], after=sent).text
        assert not api.calls("getUpdates")
        forged = urllib.request.Request(url, data=b"{}", headers={"Content-Type": "application/json",
                                        "X-Telegram-Bot-Api-Secret-Token": "wrong"})
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(forged, timeout=10)
        assert refused.value.code == 403
