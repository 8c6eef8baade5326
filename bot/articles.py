"""/articles (paged, with buttons), /remove and the receipt's Undo button.

Buttons re-check permissions: callback data comes from the client and can be forged.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import TYPE_CHECKING

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest

from bot import texts
from bot.callbacks import parse
from bot.desk import desk_of
from bot.render import esc
from bot.replies import Context, admitted, pressed, send
from bot.routing import command_argument
from index.errors import ArticleNotFound, NewsdeskError
from index.types import ArticleInfo

if TYPE_CHECKING:
    from index.library import Library


def _page(library: Library, offset: int) -> tuple[list[ArticleInfo], int]:
    return library.list(offset, texts.PAGE_SIZE), library.count()


async def on_articles(update: Update, context: Context) -> None:
    desk = desk_of(context)
    if not await admitted(update, desk):
        return
    rows, total = await asyncio.to_thread(_page, desk.lib, 0)
    is_admin = desk.access.is_admin(update.effective_user.id if update.effective_user else None)
    await send(update.effective_message, texts.articles_page(rows, 0, total, is_admin))


async def on_page(update: Update, context: Context) -> None:
    """‹ Newer / Older › under an /articles list."""
    query, desk = update.callback_query, desk_of(context)
    if (button := await pressed(update, desk)) is None:
        return
    callback, message = button
    offset = int(callback.arg)
    rows, total = await asyncio.to_thread(_page, desk.lib, offset)
    reply = texts.articles_page(rows, offset, total, desk.access.is_admin(query.from_user.id))
    await query.answer()
    with contextlib.suppress(BadRequest):  # the same page again: "message is not modified"
        await message.edit_text(reply.parts[0], reply_markup=reply.buttons)


async def on_remove(update: Update, context: Context) -> None:
    """/remove ID (admins)."""
    desk, message, user = desk_of(context), update.effective_message, update.effective_user
    if not desk.access.is_admin(user.id if user else None):
        note = texts.upload_note(desk.access.uploads_enabled, False, user.id if user else None)
        await message.reply_html(f"Only admins can remove articles. {note}")
        return
    article_id = command_argument(message.text or "")
    if not article_id:
        await message.reply_html("Usage: <code>/remove ID</code> — /articles shows the ids.")
        return
    try:
        async with desk.writer:
            info = await asyncio.to_thread(desk.lib.remove, article_id)
    except NewsdeskError as error:  # ArticleNotFound, DiskFull
        await message.reply_html(esc(str(error)))
        return
    await message.reply_html(f"🗑 Removed “{esc(info.title)}”.")


async def on_undo(update: Update, context: Context) -> None:
    """The receipt's Undo button: admins only, checked again here; removes the article it names."""
    query, desk = update.callback_query, desk_of(context)
    callback = parse(query.data)
    message = query.message if isinstance(query.message, Message) else None
    if callback is None or message is None:
        await query.answer("This button is not valid any more.")
        return
    if not desk.access.is_admin(query.from_user.id):
        await query.answer("Only the bot's admins can undo an upload.", show_alert=True)
        return
    try:
        async with desk.writer:
            info = await asyncio.to_thread(desk.lib.remove, callback.arg)
    except ArticleNotFound:
        await query.answer("That article is no longer in the library.")
        return
    except NewsdeskError as error:  # DiskFull
        await query.answer(str(error), show_alert=True)
        return
    await query.answer("Removed.")
    buttons = [row for row in (message.reply_markup.inline_keyboard if message.reply_markup else ())
               if all(button.callback_data != query.data for button in row)]
    with contextlib.suppress(BadRequest):
        await message.edit_text(f"{message.text_html}\n\n↩️ Removed “{esc(info.title)}”.",
                                reply_markup=InlineKeyboardMarkup(buttons) if buttons else None)
