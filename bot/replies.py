"""Helpers every handler shares: sending a rendered reply, "typing…", admission, reading a message."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

from telegram import Message, Update
from telegram.constants import ChatAction
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.callbacks import Callback, parse
from bot.desk import Desk
from bot.render import Reply
from bot.routing import Incoming

Context = ContextTypes.DEFAULT_TYPE


async def send(message: Message, reply: Reply) -> Message:
    """Send every part of a reply (quoting the question in groups); buttons go under the last part."""
    sent = message
    for n, part in enumerate(reply.parts):
        last = n == len(reply.parts) - 1
        sent = await message.reply_html(part, reply_markup=reply.buttons if last else None)
    return sent


@contextlib.asynccontextmanager
async def typing(message: Message) -> AsyncIterator[None]:
    """Show "typing…" until the block ends (Telegram clears it after 5 s, so repeat)."""
    async def keep() -> None:
        while True:
            with contextlib.suppress(TelegramError):
                await message.chat.send_action(ChatAction.TYPING)
            await asyncio.sleep(4.5)

    task = asyncio.create_task(keep())
    try:
        yield
    finally:
        task.cancel()


async def admitted(update: Update, desk: Desk) -> bool:
    """Allowed chat and within the rate limit; otherwise say so politely (once a minute at most)."""
    chat, user, message = update.effective_chat, update.effective_user, update.effective_message
    user_id = user.id if user else chat.id
    if not desk.access.may_ask(chat.id, user_id):
        if message and desk.refusals.check(user_id).allowed:
            await message.reply_html("Sorry, this bot is private. Its owner can allow this chat by adding "
                                     f"<code>{chat.id}</code> to NEWSDESK_ALLOWED_CHATS.")
        return False
    verdict = desk.limiter.check(user_id)
    if not verdict.allowed and verdict.notify and message:
        await message.reply_html(f"You are asking faster than I can read (up to {desk.limiter.per_minute} a "
                                 f"minute). Please try again in {verdict.retry_after:.0f} s.")
    return verdict.allowed


def incoming(update: Update, context: Context) -> Incoming:
    """What routing needs from a message: its text, chat type, mentions and whether it replies to us."""
    message = update.effective_message
    parsed = message.parse_entities(["mention"]) | message.parse_caption_entities(["mention"])
    by_id = any(e.type == "text_mention" and e.user and e.user.id == context.bot.id
                for e in (*message.entities, *message.caption_entities))
    parent = message.reply_to_message
    return Incoming(
        text=message.text or message.caption or "",
        private=message.chat.type == "private",
        mentions=tuple(parsed.values()),
        reply_to_bot=bool(parent and parent.from_user and parent.from_user.id == context.bot.id),
        mentions_bot_by_id=by_id,
    )


async def pressed(update: Update, desk: Desk) -> tuple[Callback, Message] | None:
    """A button press from a chat that may ask, with readable callback data; else refuse it and None.
    Callback data can be forged, so every button handler starts here."""
    query = update.callback_query
    callback = parse(query.data)
    message = query.message if isinstance(query.message, Message) else None
    if callback is None or message is None or not desk.access.may_ask(message.chat_id, query.from_user.id):
        await query.answer("This button is not valid any more.")
        return None
    return callback, message

