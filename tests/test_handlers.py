"""Handlers in-process: the real Application and library, updates fed with process_update, replies going
to the local Bot API server. Fast checks of permissions, forged buttons, refusals and the rate limit."""

from __future__ import annotations

from pathlib import Path

import pytest
from telegram import Update
from telegram.ext import Application

from bot.access import Access, RateLimiter
from bot.desk import KEY, Desk
from tests.botapi import FakeBotApi
from tests.botapi.inprocess import application

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
ADMIN = 1
TOKEN = "654321:HANDLER-TEST"  # the api fixture (conftest) serves under it


@pytest.fixture(scope="module")
def library(module_library):
    return module_library


@pytest.fixture
async def app(api: FakeBotApi, library) -> Application:
    async with application(api, library, admins=frozenset({ADMIN})) as started:
        yield started


def desk(app: Application) -> Desk:
    return app.bot_data[KEY]


async def feed(app: Application, api: FakeBotApi) -> None:
    """Hand the newest pending update to the application and wait for its handlers."""
    with api.world.cond:
        raw = api.world.updates.pop()
    await app.process_update(Update.de_json(raw, app.bot))


def last(api: FakeBotApi, chat: dict) -> int:
    """The id of the bot's last message in a chat."""
    return api.bot_messages(chat["id"])[-1].message_id


async def say(app: Application, api: FakeBotApi, chat: dict, user: dict, text: str) -> list[str]:
    sent = api.send_text(chat, user, text)
    await feed(app, api)
    return [m.text for m in api.bot_messages(chat["id"], after=sent)]


async def test_forged_undo_by_a_non_admin_removes_nothing(app: Application, api: FakeBotApi, library) -> None:
    user = api.user(50, "Mallory")
    chat = api.private_chat(user)
    article = library.list()[0].id
    await say(app, api, chat, user, "/help")
    query = api.press(chat["id"], last(api, chat), f"undo:{article}", user, forge=True)
    await feed(app, api)
    assert "admins" in api.answer_of(query)["text"] and library.count() == 1


async def test_admin_undo_of_an_unknown_article(app: Application, api: FakeBotApi, library) -> None:
    admin = api.user(ADMIN, "Admin")
    chat = api.private_chat(admin)
    await say(app, api, chat, admin, "/help")
    query = api.press(chat["id"], last(api, chat), "undo:ffffffffffffffff", admin, forge=True)
    await feed(app, api)
    assert "no longer" in api.answer_of(query)["text"] and library.count() == 1


async def test_more_button_of_another_chat_is_refused(app: Application, api: FakeBotApi) -> None:
    alice, bob = api.user(51, "Alice"), api.user(52, "Bob")
    alice_chat, bob_chat = api.private_chat(alice), api.private_chat(bob)
    await say(app, api, alice_chat, alice, "What did Tillerson say about Putin?")
    token = desk(app).memory.recall(alice_chat["id"]).token
    await say(app, api, bob_chat, bob, "/help")
    query = api.press(bob_chat["id"], last(api, bob_chat), f"more:{token}", bob, forge=True)
    await feed(app, api)
    assert "expired" in api.answer_of(query)["text"]


async def test_uploads_off_without_admins_says_how_to_turn_them_on(app: Application, api: FakeBotApi) -> None:
    desk(app).access = Access(frozenset(), frozenset())
    user = api.user(53, "Uma")
    chat = api.private_chat(user)
    sent = api.send_document(chat, user, "a.txt", b"text")
    await feed(app, api)
    (reply,) = [m.text for m in api.bot_messages(chat["id"], after=sent)]
    assert "NEWSDESK_ADMINS=53" in reply
    assert "NEWSDESK_ADMINS=53" in (await say(app, api, chat, user, "https://example.com/story"))[0]


async def test_chats_not_allowed_are_refused_once(app: Application, api: FakeBotApi) -> None:
    desk(app).access = Access(frozenset({ADMIN}), frozenset({-5}))
    user = api.user(54, "Outsider")
    chat = api.private_chat(user)
    first = await say(app, api, chat, user, "What did Warner say?")
    assert len(first) == 1 and "NEWSDESK_ALLOWED_CHATS" in first[0]
    assert await say(app, api, chat, user, "What did Warner say?") == []  # no reply flood


async def test_rate_limit_answers_a_flood_politely(app: Application, api: FakeBotApi) -> None:
    desk(app).limiter = RateLimiter(2)
    user = api.user(55, "Flood")
    chat = api.private_chat(user)
    replies = [await say(app, api, chat, user, "What did Warner say?") for _ in range(5)]
    assert [len(r) for r in replies] == [1, 1, 1, 0, 0]
    assert "faster than I can read" in replies[2][0]


async def test_group_chatter_is_ignored(app: Application, api: FakeBotApi) -> None:
    user, group = api.user(56, "Gail"), api.group_chat(-77, "Chatter")
    assert await say(app, api, group, user, "What did Warner say?") == []
    assert await say(app, api, group, user, "What did Warner say? @someone_else") == []
    (reply,) = await say(app, api, group, user, "@newsdesk_test_bot What did Warner say?")
    assert "intelligence agencies" in reply


async def test_more_and_follow_ups_use_the_chat_memory(app: Application, api: FakeBotApi) -> None:
    user = api.user(57, "Mo")
    chat = api.private_chat(user)
    assert "Ask me a question first" in (await say(app, api, chat, user, "more"))[0]
    await say(app, api, chat, user, "What did Tillerson say about Putin?")
    assert "More for" in (await say(app, api, chat, user, "more"))[0]
    (follow,) = await say(app, api, chat, user, "and about Russia?")
    assert follow.startswith("↪ What did Tillerson say about Russia?")
