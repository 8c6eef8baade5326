"""Watches in the chat (anyone allowed to ask): /watch Warner · /watch Warner Russia · /watch "a phrase",
/watches (a Stop button each), /unwatch N|name|all; and the notices, sent from the outbox on a schedule.

A notice leaves the outbox only once Telegram took it (or refused it for good: the chat blocked the bot), so a
network fault or a restart delays it and never loses it. Telegram's rate limits are kept by the application's
rate limiter (AIORateLimiter), however many chats one article concerns.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest, Forbidden, TelegramError
from telegram.ext import Application, ContextTypes

from bot.callbacks import encode
from bot.desk import Desk, desk_of
from bot.render import esc, link
from bot.replies import Context, admitted, pressed
from bot.routing import command_argument
from index.errors import NewsdeskError
from index.feeds.state import State
from index.feeds.watch import Watch
from index.feeds.watches import Notice, Watches

log = logging.getLogger(__name__)
CHECK_EVERY = 3.0  # seconds between looks for new articles (a page of the article list: a few ms)
USAGE = ("Usage: <code>/watch Warner</code> (a person) · <code>/watch Warner Russia</code> (a person on a topic) · "
         "<code>/watch \"election interference\"</code> (a phrase). I message this chat when a new article has it.")


async def open_watches(application: Application, desk: Desk, state: State) -> None:
    """post_init: the watches beside the feeds, and the schedule that sends their notices. The first check runs
    here, before any update: on a library never watched it sets the watermark, so an upload at once is news."""
    desk.watches = Watches(state, desk.lib, desk.settings.feeds)
    await asyncio.to_thread(desk.watches.check)
    if application.job_queue is not None:
        application.job_queue.run_repeating(notify_job, interval=CHECK_EVERY, first=0.5, name="watches")


async def notify_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    """New articles matched against every watch; each notice owed sent, then struck from the outbox."""
    desk = desk_of(context)
    if desk.watches is None:
        return
    for notice in await asyncio.to_thread(desk.watches.check):
        try:
            await context.bot.send_message(notice.chat_id, notice_text(notice), reply_markup=stop_button(notice))
        except (Forbidden, BadRequest) as error:  # blocked, chat gone: never deliverable
            log.warning("Dropping a watch notice for chat %s: %s", notice.chat_id, error)
        except TelegramError as error:  # network, timeouts: the next look sends it
            log.warning("Watch notice for chat %s not sent yet: %s", notice.chat_id, error)
            continue
        await asyncio.to_thread(desk.watches.delivered, notice)


def notice_text(notice: Notice) -> str:
    """🔔 who said what (or the sentence with the phrase), then the source with its date and link."""
    words = "".join(f"<blockquote>{esc(w)}</blockquote>" for w in notice.words)
    meta = ", ".join(esc(x) for x in (notice.publisher, notice.when) if x)
    source = "\n— " + link(notice.title, notice.url) + (f" ({meta})" if meta else "")
    who = f"<b>{esc(notice.speaker)}</b> said" if notice.speaker else "A new article says"
    return f"🔔 {who} (your watch: {esc(notice.label)}):\n{words}{source}"


def stop_button(notice: Notice) -> InlineKeyboardMarkup:
    label = f"🔕 Stop watching {notice.label}"[:60]
    return InlineKeyboardMarkup([[InlineKeyboardButton(label, callback_data=encode("unwatch", notice.token))]])


async def on_watch(update: Update, context: Context) -> None:
    """/watch WHAT."""
    desk, message = desk_of(context), update.effective_message
    if not await admitted(update, desk) or desk.watches is None:
        return
    text = command_argument(message.text or "")
    if not text:
        await message.reply_html(USAGE)
        return
    try:
        watch = await asyncio.to_thread(desk.watches.add, message.chat_id, text)
    except NewsdeskError as error:  # FeedError: unreadable, a duplicate, the limit
        await message.reply_html(f"⚠️ {esc(str(error))}")
        return
    await message.reply_html(f"🔔 Watching {esc(watch.label)}: I will tell this chat when a new article "
                             f"{'has it' if watch.phrase else 'quotes them'}. /watches lists this chat's watches.")


async def on_watches(update: Update, context: Context) -> None:
    """/watches, and /unwatch with no argument: this chat's watches with a Stop button each."""
    desk, message = desk_of(context), update.effective_message
    if not await admitted(update, desk) or desk.watches is None:
        return
    watches = await asyncio.to_thread(desk.watches.list, message.chat_id)
    await message.reply_html(watches_text(watches, desk.settings.feeds.max_watches),
                             reply_markup=watch_buttons(watches))


def watches_text(watches: list[Watch], limit: int) -> str:
    if not watches:
        return f"This chat watches nothing yet (up to {limit}). {USAGE}"
    lines = [f"{n}. {esc(w.label)}" for n, w in enumerate(watches, 1)]
    return f"<b>Watches</b> ({len(watches)} of {limit})\n" + "\n".join(lines)


def watch_buttons(watches: list[Watch]) -> InlineKeyboardMarkup | None:
    rows = [[InlineKeyboardButton(f"🔕 Stop {n}. {w.label}"[:60], callback_data=encode("unwatch", w.token))]
            for n, w in enumerate(watches, 1)]
    return InlineKeyboardMarkup(rows) if rows else None


async def on_unwatch(update: Update, context: Context) -> None:
    """/unwatch N · /unwatch Warner · /unwatch all."""
    desk, message = desk_of(context), update.effective_message
    which = command_argument(message.text or "")
    if not which:
        await on_watches(update, context)
        return
    if not await admitted(update, desk) or desk.watches is None:
        return
    try:
        gone = await asyncio.to_thread(desk.watches.remove, message.chat_id, which)
    except NewsdeskError as error:
        await message.reply_html(f"⚠️ {esc(str(error))}")
        return
    await message.reply_html("🔕 Stopped watching " + ", ".join(esc(w.label) for w in gone) + ".")


async def on_stop(update: Update, context: Context) -> None:
    """A Stop button (under a notice or the /watches list): stops that watch in the chat it was pressed in."""
    desk, query = desk_of(context), update.callback_query
    if desk.watches is None or (button := await pressed(update, desk)) is None:
        return
    callback, message = button
    try:
        gone = await asyncio.to_thread(desk.watches.remove, message.chat_id, callback.arg)
    except NewsdeskError:
        await query.answer("That watch is stopped already.")
        return
    await query.answer(f"Stopped watching {gone[0].label}.")
    await _drop_button(message, query.data, f"🔕 Stopped watching {esc(gone[0].label)}.")


async def _drop_button(message: Message, data: str | None, note: str) -> None:
    rows = [row for row in (message.reply_markup.inline_keyboard if message.reply_markup else ())
            if all(button.callback_data != data for button in row)]
    with contextlib.suppress(BadRequest):
        await message.edit_text(f"{message.text_html}\n\n{note}",
                                reply_markup=InlineKeyboardMarkup(rows) if rows else None)
