"""Adding articles: an admin sends a document or a link; one status message shows progress; a receipt
with an Undo button follows. Ingestion runs off the event loop, one upload at a time (Desk.writer), so
questions keep being answered meanwhile.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Iterator

from telegram import Message, Update
from telegram.error import BadRequest, NetworkError, TelegramError

from bot import texts
from bot.desk import Desk, desk_of
from bot.render import esc
from bot.replies import Context, admitted, incoming, send
from bot.routing import EXTENSIONS, addressed, readable_extension
from index.errors import NewsdeskError
from index.ingest.fetch import fetch_url

log = logging.getLogger(__name__)
BOT_API_DOWNLOAD_LIMIT = 20 * 1024 * 1024  # getFile refuses bigger files on api.telegram.org
PROGRESS_EVERY = 3.0  # seconds between status edits (edits are rate-limited by Telegram too)


async def may_upload(update: Update, desk: Desk) -> bool:
    """Admins only; with no admins configured, say how to turn uploads on."""
    user = update.effective_user
    message = update.effective_message
    if not desk.access.uploads_enabled or not desk.access.is_admin(user.id if user else None):
        if desk.refusals.check(user.id if user else 0).allowed or update.effective_chat.type == "private":
            note = texts.upload_note(desk.access.uploads_enabled, False, user.id if user else None)
            await message.reply_html(f"I can't add that. {note}")
        return False
    return await admitted(update, desk)


async def on_document(update: Update, context: Context) -> None:
    """A file: refuse early on size or type (before downloading), then download and ingest."""
    desk, message = desk_of(context), update.effective_message
    if addressed(incoming(update, context), context.bot.username) is None:
        return  # a file shared in a group, not sent to the bot
    if not await may_upload(update, desk):
        return
    document = message.document
    name = document.file_name or "document"
    size, limit = document.file_size or 0, min(BOT_API_DOWNLOAD_LIMIT, desk.settings.library.max_upload_bytes)
    if size > limit:
        await message.reply_html(too_big(size, limit))
        return
    if not readable_extension(name):
        await message.reply_html(f"I can't read “{esc(name)}”. Send {texts.FORMATS} "
                                 f"({' '.join(EXTENSIONS)}).")
        return
    with reading(desk, message.chat_id, name):
        status = await message.reply_html(f"📥 Downloading “{esc(name)}” ({texts.megabytes(size)})…")
        try:
            file = await document.get_file()
            data = bytes(await file.download_as_bytearray())
        except BadRequest as error:  # "file is too big" when the size was not known in advance
            await _edit(status, too_big(size, limit) if "too big" in str(error) else f"⚠️ {esc(str(error))}")
            return
        except NetworkError:
            await _edit(status, "⚠️ I could not download the file from Telegram. Please send it again.")
            return
        await ingest(message, desk, status, data, name)


@contextlib.contextmanager
def reading(desk: Desk, chat_id: int, name: str) -> Iterator[None]:
    """While an upload is downloaded and read, questions from its chat wait for it (see handlers.ask)."""
    entry = (name, asyncio.Event())
    desk.reading.setdefault(chat_id, []).append(entry)
    try:
        yield
    finally:
        entry[1].set()
        desk.reading[chat_id].remove(entry)
        if not desk.reading[chat_id]:
            del desk.reading[chat_id]


async def add_link(update: Update, context: Context, url: str) -> None:
    """A message that is just a URL: fetch it (timeouts, size cap, no private addresses) and ingest."""
    desk, message = desk_of(context), update.effective_message
    if not await may_upload(update, desk):
        return
    with reading(desk, message.chat_id, url):
        status = await message.reply_html(f"🌐 Fetching {esc(url)}…")
        limit = min(BOT_API_DOWNLOAD_LIMIT, desk.settings.library.max_upload_bytes)
        try:
            fetched = await asyncio.to_thread(fetch_url, url, limit, desk.settings.allow_private_urls)
        except NewsdeskError as error:
            await _edit(status, f"⚠️ {esc(str(error))}")
            return
        await ingest(message, desk, status, fetched.data, fetched.filename, fetched.url)


async def ingest(
    message: Message, desk: Desk, status: Message, data: bytes, filename: str, url: str | None = None
) -> None:
    """Library.add in a worker thread behind the single writer lock, editing `status` as it goes."""
    if desk.writer.locked():
        await _edit(status, f"⏳ “{esc(filename)}” is queued behind another upload…")
    async with desk.writer:
        started = time.monotonic()
        work = asyncio.ensure_future(asyncio.to_thread(desk.lib.add, data, filename, url))
        while not work.done():
            seconds = time.monotonic() - started
            await _edit(status, f"⚙️ Reading and indexing “{esc(filename)}”… {seconds:.0f} s")
            await asyncio.wait([work], timeout=PROGRESS_EVERY)
        try:
            receipts = work.result()
        except NewsdeskError as error:  # UnsupportedDocument, DuplicateArticle: say it in the status message
            await _edit(status, f"⚠️ {esc(str(error))}")
            return
    with contextlib.suppress(TelegramError):
        await status.delete()
    await send(message, texts.receipt(receipts, filename))


def too_big(size: int, limit: int) -> str:
    if limit >= BOT_API_DOWNLOAD_LIMIT:
        return (f"⚠️ This file is {texts.megabytes(size)}. Telegram lets bots download files of up to 20 MB "
                "only. Split it, zip it, or send a link to it instead.")
    return f"⚠️ This file is {texts.megabytes(size)}; this bot accepts files up to {texts.megabytes(limit)}."


async def _edit(status: Message, html: str) -> None:
    """Edit the status message; a failed edit (rate limit, "not modified") never stops an upload."""
    try:
        await status.edit_text(html)
    except TelegramError as error:
        log.debug("Status edit skipped: %s", error)
