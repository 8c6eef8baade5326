"""Pure pieces of the bot's edge: permissions, rate limit, per-chat memory, callback data, routing, retries,
and the log filter that keeps the token out of logs."""

from __future__ import annotations

import logging

import pytest
from telegram.error import BadRequest, NetworkError, TimedOut

from bot.access import Access, RateLimiter
from bot.app import RedactToken, RetryingLimiter
from bot.callbacks import encode, parse
from bot.memory import ChatMemory
from bot.routing import Incoming, addressed, command_argument, link_only, readable_extension
from bot.texts import upload_note
from index.types import Answer


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_admins_and_allowed_chats() -> None:
    access = Access(admins=frozenset({1}), allowed_chats=frozenset({-100, 7}))
    assert access.is_admin(1) and not access.is_admin(2) and not access.is_admin(None)
    assert access.may_ask(-100, 2)  # an allowed group
    assert access.may_ask(7, 7)  # an allowed user's private chat
    assert access.may_ask(555, 1)  # admins anywhere
    assert not access.may_ask(555, 2)
    assert Access(frozenset(), frozenset()).may_ask(555, 2)  # no list: everyone


def test_no_admins_means_uploads_off_and_says_how_to_turn_them_on() -> None:
    note = upload_note(uploads_enabled=False, is_admin=False, user_id=4242)
    assert "NEWSDESK_ADMINS=4242" in note and "restart" in note
    assert "Only the bot's admins" in upload_note(True, False, 5)


def test_rate_limit_allows_n_per_minute_then_warns_once() -> None:
    clock = Clock()
    limiter = RateLimiter(3, clock=clock)
    assert [limiter.check(1).allowed for _ in range(3)] == [True, True, True]
    refused = limiter.check(1)
    assert not refused.allowed and refused.notify and 0 < refused.retry_after <= 60
    assert not limiter.check(1).notify  # quiet after the first notice
    assert limiter.check(2).allowed  # per user
    clock.now += 60.1
    assert limiter.check(1).allowed


def test_rate_limit_zero_is_off_and_memory_of_users_is_bounded() -> None:
    assert all(RateLimiter(0).check(1).allowed for _ in range(100))
    clock = Clock()
    limiter = RateLimiter(1, clock=clock, max_users=10)
    for user in range(50):
        limiter.check(user)
        clock.now += 61
    assert len(limiter._hits) <= 11


def test_memory_is_bounded_in_size_and_age() -> None:
    clock = Clock()
    memory = ChatMemory(max_chats=2, max_age=60, clock=clock)
    answer = Answer("q", "a", True)
    first = memory.remember(1, answer)
    memory.remember(2, answer)
    memory.remember(3, answer)
    assert memory.recall(1) is None and len(memory) == 2  # the least recently used chat went
    assert memory.recall(3).token != first.token
    clock.now += 61
    assert memory.recall(3) is None


def test_memory_token_must_match() -> None:
    memory = ChatMemory()
    turn = memory.remember(1, Answer("q", "a", True))
    assert memory.recall(1, turn.token) is turn
    assert memory.recall(1, "deadbeef") is None  # an old or forged "More" button
    assert memory.recall(2, turn.token) is None  # another chat's token


@pytest.mark.parametrize("data", [
    None, "", "undo", "undo:", "undo:a b", "undo:../../x", "undo:" + "a" * 49, "more:XYZ", "more:0a1b2c3",
    "page:-1", "page:1e3", "rm:all", "more:0a1b2c3d:extra", "UNDO:abc",
])
def test_forged_callback_data_is_refused(data: str | None) -> None:
    assert parse(data) is None


def test_callback_data_round_trips_and_fits_64_bytes() -> None:
    for action, arg in [("undo", "9d69e5aee01147e9"), ("more", "0a1b2c3d"), ("page", "16")]:
        data = encode(action, arg)
        assert len(data.encode()) <= 64 and parse(data) == (parse(data).__class__(action, arg))
    with pytest.raises(ValueError):
        encode("undo", "x" * 100)


def test_group_messages_need_a_mention_a_reply_or_a_command() -> None:
    bot = "newsdesk_bot"
    assert addressed(Incoming("what did Warner say?", True), bot) == "what did Warner say?"
    assert addressed(Incoming("lunch?", False), bot) is None
    assert addressed(Incoming("@other_bot hi", False, ("@other_bot",)), bot) is None
    mention = Incoming("@NewsDesk_Bot, who is Conley?", False, ("@NewsDesk_Bot",))
    assert addressed(mention, bot) == "who is Conley?"
    assert addressed(Incoming("who is she?", False, reply_to_bot=True), bot) == "who is she?"
    assert addressed(Incoming("Newsdesk who?", False, mentions_bot_by_id=True), bot) == "Newsdesk who?"
    assert command_argument("/ask") == "" and command_argument("/ask@bot  hi there ") == "hi there"


def test_links_and_file_types() -> None:
    assert link_only("https://example.com/story") == "https://example.com/story"
    assert link_only("read https://example.com/story") is None and link_only("ftp://x") is None
    assert readable_extension("Report.PDF") and readable_extension("a.zip")
    assert not readable_extension("movie.mp4") and not readable_extension("noext")


async def test_network_errors_are_retried_with_backoff_but_bad_requests_are_not() -> None:
    limiter = RetryingLimiter(network_retries=3, first_delay=0.01)
    calls = []

    async def flaky(*args: object) -> bool:
        calls.append(1)
        if len(calls) < 3:
            raise TimedOut() if len(calls) == 1 else NetworkError("connection reset")
        return True

    assert await limiter.process_request(flaky, (), {}, "sendMessage", {"chat_id": 1}, None) is True
    assert len(calls) == 3

    async def bad(*args: object) -> bool:
        calls.append(1)
        raise BadRequest("Can't parse entities")

    calls.clear()
    with pytest.raises(BadRequest):
        await limiter.process_request(bad, (), {}, "sendMessage", {"chat_id": 1}, None)
    assert len(calls) == 1


def test_the_token_is_redacted_from_messages_and_tracebacks() -> None:
    token = "123456:SECRET-abc"
    url = f"/bot{token}/x"
    record = logging.LogRecord("telegram", logging.ERROR, __file__, 1, "POST %s failed", (url,), None)
    try:
        raise RuntimeError(f"https://api.telegram.org/bot{token}/getMe")
    except RuntimeError as error:
        record.exc_info = (type(error), error, error.__traceback__)
    RedactToken(token).filter(record)
    formatted = logging.Formatter().format(record)
    assert token not in formatted and "[redacted]" in formatted
