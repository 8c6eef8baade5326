"""Feeds in the chat (admins): /feed add URL, /feed remove URL-or-number, /feed poll, /feeds; and the poll on a
schedule (JobQueue), whose failures are told to the admins once per streak.

A poll runs in a worker thread (asyncio.to_thread): fetching feeds and pages never holds anything up, and each
article it stores goes through the bot's one writer (Desk.writer), like an upload, so questions are answered
meanwhile and uploads take turns with it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import Application, ContextTypes

from bot import texts
from bot.desk import Desk, desk_of
from bot.render import esc
from bot.replies import Context
from bot.routing import command_argument
from index.errors import NewsdeskError
from index.feeds.feeds import Feeds
from index.feeds.state import State, open_state
from index.feeds.types import Feed, FeedPoll, when
from index.types import Receipt

log = logging.getLogger(__name__)
USAGE = ("Usage: <code>/feed add URL</code> · <code>/feed remove URL-or-number</code> · <code>/feed poll</code>; "
         "/feeds lists them.")


async def open_feeds(application: Application, desk: Desk) -> State:
    """post_init, after the library: the feeds beside it, NEWSDESK_FEEDS added, the poll scheduled; returns
    the state they are kept in (the watches share it)."""
    loop = asyncio.get_running_loop()

    def add(data: bytes, name: str, url: str | None, date: str | None = None) -> list[Receipt]:
        """Library.add behind the bot's writer lock, called from the poll's worker thread."""
        async def locked() -> list[Receipt]:
            async with desk.writer:
                return await asyncio.to_thread(desk.lib.add, data, name, url, date)
        return asyncio.run_coroutine_threadsafe(locked(), loop).result()

    state = await asyncio.to_thread(open_state, desk.settings.library)
    desk.feeds = Feeds(state, desk.settings.feeds, add)
    for problem in await asyncio.to_thread(desk.feeds.ensure, desk.settings.feed_urls):
        log.warning("NEWSDESK_FEEDS: %s", problem)
    tick = max(1.0, min(60.0, desk.settings.feeds.interval_s / 5))  # how often due feeds are looked for
    if application.job_queue is None:
        log.warning("Feeds are not polled: python-telegram-bot's job-queue extra (APScheduler) is missing.")
        return state
    application.job_queue.run_repeating(poll_job, interval=tick, first=1.0, name="feeds")
    return state


async def close_feeds(desk: Desk) -> None:
    if desk.feeds is not None:
        await asyncio.to_thread(desk.feeds.state.close)


async def poll_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    """The schedule: poll the feeds that are due, tell the admins of new failures."""
    desk = desk_of(context)
    if desk.feeds is None:
        return
    results = await asyncio.to_thread(desk.feeds.poll, True)
    await report(context, desk, results)


async def report(context: ContextTypes.DEFAULT_TYPE, desk: Desk, results: list[FeedPoll]) -> None:
    """Each failure streak's first failure, to every admin (in their private chat with the bot)."""
    for result in results:
        taken = len(result.taken)
        if taken:
            log.info("Feed %s: %d new article(s)", result.url, taken)
        if not result.report:
            continue
        text = (f"⚠️ Feed {esc(result.title or result.url)} failed: {esc(result.error)}\n"
                f"I will retry with backoff and tell you again only if it recovers and fails anew. /feeds")
        for admin in sorted(desk.access.admins):
            with contextlib.suppress(TelegramError):  # an admin who never opened a chat with the bot
                await context.bot.send_message(admin, text)


async def on_feed(update: Update, context: Context) -> None:
    """/feed add URL · /feed remove URL-or-number · /feed poll (admins)."""
    desk, message = desk_of(context), update.effective_message
    if not await _admin(update, desk) or desk.feeds is None:
        return
    verb, _, argument = command_argument(message.text or "").partition(" ")
    argument = argument.strip()
    try:
        if verb == "add" and argument:
            feed = await asyncio.to_thread(desk.feeds.add, argument)
            minutes = desk.settings.feeds.interval_s / 60
            await message.reply_html(f"📰 Added the feed {esc(feed.title or feed.url)}. I poll it every "
                                     f"{minutes:.0f} min; its new articles are added as they come.")
        elif verb == "remove" and argument:
            feed = await asyncio.to_thread(desk.feeds.remove, argument)
            await message.reply_html(f"🗑 Removed the feed {esc(feed.title or feed.url)}; its articles stay.")
        elif verb == "poll":
            results = await asyncio.to_thread(desk.feeds.poll)
            await message.reply_html(poll_text(results))
            await report(context, desk, results)
        else:
            await message.reply_html(USAGE)
    except NewsdeskError as error:  # FeedError, BlockedURL, FetchError: a sentence for the user
        await message.reply_html(f"⚠️ {esc(str(error))}")


async def on_feeds(update: Update, context: Context) -> None:
    """/feeds: every feed with its last poll, articles taken and last error (admins)."""
    desk, message = desk_of(context), update.effective_message
    if not await _admin(update, desk) or desk.feeds is None:
        return
    feeds = await asyncio.to_thread(desk.feeds.list)
    await message.reply_html(feeds_text(feeds, desk.settings.feeds.max_feeds))


def feeds_text(feeds: list[Feed], limit: int) -> str:
    if not feeds:
        return f"No feeds yet (up to {limit}). {USAGE}"
    lines = [f"<b>Feeds</b> ({len(feeds)} of {limit})"]
    for number, feed in enumerate(feeds, 1):
        status = f"❗ failing, {texts.plural(feed.failures, 'poll')} in a row" if feed.failures else "✅"
        line = (f"{number}. {esc(feed.title or feed.url)} {status}\n   {esc(feed.url)}\n   last poll "
                f"{when(feed.last_poll)}, {texts.plural(feed.taken, 'article')} taken")
        if feed.last_error:
            line += f"\n   last error {when(feed.error_at)}: {esc(feed.last_error[:300])}"
        lines.append(line)
    return "\n".join(lines) + "\n\n<code>/feed remove N</code> stops one; its articles stay."


def poll_text(results: list[FeedPoll]) -> str:
    if not results:
        return "No feeds to poll. " + USAGE
    lines = []
    for r in results:
        name = esc(r.title or r.url)
        got = "not modified" if r.not_modified else f"{texts.plural(len(r.taken), 'new article')}"
        extra = f", {r.duplicates} already held" if r.duplicates else ""
        extra += f", {r.pending} left for the next poll" if r.pending else ""
        lines.append(f"• {name}: {got}{extra}" + (f"\n  ⚠️ {esc(r.error[:300])}" if r.error else ""))
    return "\n".join(lines)


async def _admin(update: Update, desk: Desk) -> bool:
    user, message = update.effective_user, update.effective_message
    if desk.access.is_admin(user.id if user else None):
        return True
    note = texts.upload_note(desk.access.uploads_enabled, False, user.id if user else None)
    await message.reply_html(f"Only admins can manage feeds. {note}")
    return False
