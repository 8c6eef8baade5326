"""Thin handlers for questions and read-only commands: unpack the Update, one library call, reply."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from telegram import Message, Update
from telegram.error import BadRequest, TelegramError

from bot import texts
from bot.desk import Desk, desk_of
from bot.render import PAGE, Reply, esc, render_answer, render_more, render_sources
from bot.replies import Context, admitted, incoming, pressed, send, typing
from bot.routing import addressed, command_argument, link_only, timeline_question
from bot.uploads import add_link
from index.answer.followup import resolve_followup
from index.errors import NewsdeskError

log = logging.getLogger(__name__)
UPLOAD_WAIT = 600.0  # seconds a question waits for its chat's upload at most

async def on_text(update: Update, context: Context) -> None:
    """A private message, or a group message that mentions or replies to the bot: a question or a link."""
    text = addressed(incoming(update, context), context.bot.username)
    if text is None:
        return  # group chatter
    if url := link_only(text):
        await add_link(update, context, url)
        return
    await ask(update, context, text)


async def on_ask(update: Update, context: Context) -> None:
    """/ask QUESTION (anywhere; in groups this is the explicit way to ask)."""
    await ask(update, context, command_argument(update.effective_message.text or ""))


async def on_timeline(update: Update, context: Context) -> None:
    """/timeline NAME [TOPIC] ("/timeline Warner Russia", "/timeline Mark Warner on Russia"): the statements in
    date order, the first and the latest shown."""
    words = command_argument(update.effective_message.text or "")
    if not words:
        await update.effective_message.reply_html("Whose statements? e.g. <code>/timeline Warner Russia</code>")
        return
    await ask(update, context, timeline_question(words))


async def ask(update: Update, context: Context, question: str) -> None:
    """Answer `question`, resolving follow-ups against this chat's last answer."""
    desk, message = desk_of(context), update.effective_message
    if not await admitted(update, desk):
        return
    if not question:
        await message.reply_html("Ask me something, e.g. <code>/ask What did Warner say?</code>")
        return
    turn = desk.memory.recall(message.chat_id)
    follow = resolve_followup(question, turn.answer if turn else None)
    if follow.more:
        await show_more(message, desk, turn.token if turn else None)
        return
    await wait_for_uploads(message, desk)
    await answer_in(message, desk, follow.question, follow.question if follow.rewritten else None)


async def wait_for_uploads(message: Message, desk: Desk) -> None:
    """A question from a chat whose upload is still being read is answered once the upload is in."""
    pending = list(desk.reading.get(message.chat_id, []))
    if not pending:
        return
    names = ", ".join(f"“{esc(name)}”" for name, _ in pending)
    await message.reply_html(f"⏳ Still reading {names}; I will answer when it is in.")
    await asyncio.wait([asyncio.ensure_future(done.wait()) for _, done in pending], timeout=UPLOAD_WAIT)


async def answer_in(message: Message, desk: Desk, question: str, shown: str | None = None) -> None:
    """Ask the library, remember the answer for follow-ups, reply (`shown`: the question as it was read)."""
    async with typing(message):
        answer = await asyncio.to_thread(desk.lib.ask, question)
    turn = desk.memory.remember(message.chat_id, answer)
    await send(message, render_answer(answer, turn.token, shown))


async def on_who(update: Update, context: Context) -> None:
    """An "also quoted" button: the same question about that person (the token must still name the answer)."""
    query, desk = update.callback_query, desk_of(context)
    if (button := await pressed(update, desk)) is None:
        return
    callback, message = button
    token, _, place = callback.arg.partition("-")
    turn = desk.memory.recall(message.chat_id, token)
    if turn is None or int(place) >= len(turn.answer.also_quoted):
        await query.answer("These results have expired; ask again.")
        return
    await query.answer()
    name, topic = turn.answer.also_quoted[int(place)], turn.answer.topic
    question = f"What did {name} say about {topic}?" if topic else f"What did {name} say?"
    await answer_in(message, desk, question, question)


async def show_more(message: Message, desk: Desk, token: str | None) -> None:
    """The next page of the chat's last answer, if `token` still names it."""
    turn = desk.memory.recall(message.chat_id, token) if token else None
    if turn is None:
        await message.reply_html("Ask me a question first; then “more” shows further results.")
        return
    reply = render_more(turn.answer, turn.shown, turn.token)
    turn.shown += len(turn.answer.more[turn.shown : turn.shown + PAGE])
    await send(message, reply)


async def on_more(update: Update, context: Context) -> None:
    """The "More results" button: checks the chat may ask and the token is the chat's current one."""
    query, desk = update.callback_query, desk_of(context)
    if (button := await pressed(update, desk)) is None:
        return
    callback, message = button
    if desk.memory.recall(message.chat_id, callback.arg) is None:
        await query.answer("These results have expired; ask again.")
        return
    await query.answer()
    with contextlib.suppress(BadRequest):  # the button goes; "message is not modified" is harmless
        await message.edit_reply_markup(None)
    await show_more(message, desk, callback.arg)


async def on_unknown_button(update: Update, context: Context) -> None:
    """Callback data no handler claimed (old, or forged): refuse without touching anything."""
    await update.callback_query.answer("This button is not valid any more.")


async def on_start(update: Update, context: Context) -> None:
    desk, message = desk_of(context), update.effective_message
    if not await admitted(update, desk):
        return
    examples = await asyncio.to_thread(desk.lib.example_questions, 3)
    await message.reply_html(texts.start_text(examples, context.bot.username, _upload_note(update, desk)))


async def on_help(update: Update, context: Context) -> None:
    desk = desk_of(context)
    if await admitted(update, desk):
        note = _upload_note(update, desk)
        await update.effective_message.reply_html(texts.help_text(context.bot.username, note))


async def on_stats(update: Update, context: Context) -> None:
    desk = desk_of(context)
    if await admitted(update, desk):
        stats = await asyncio.to_thread(desk.lib.stats)
        await update.effective_message.reply_html(texts.stats_text(stats))


async def on_sources(update: Update, context: Context) -> None:
    desk, message = desk_of(context), update.effective_message
    if not await admitted(update, desk):
        return
    turn = desk.memory.recall(message.chat_id)
    if turn is None:
        await message.reply_html("Ask me something first; /sources then lists the articles my answer used.")
        return
    await send(message, Reply([render_sources(turn.answer.sources)]))


def _upload_note(update: Update, desk: Desk) -> str:
    user_id = update.effective_user.id if update.effective_user else None
    return texts.upload_note(desk.access.uploads_enabled, desk.access.is_admin(user_id), user_id)


async def on_error(update: object, context: Context) -> None:
    """The one error handler: log the traceback, tell the user something went wrong."""
    error = context.error
    update_id = update.update_id if isinstance(update, Update) else None
    log.error("Update %s failed: %s", update_id, type(error).__name__, exc_info=error)
    if not isinstance(update, Update) or update.effective_message is None:
        return
    text = str(error) if isinstance(error, NewsdeskError) else "Sorry, something went wrong on my side. " \
        "Please try again in a moment."
    with contextlib.suppress(TelegramError):
        await update.effective_message.reply_text(text, parse_mode=None)
