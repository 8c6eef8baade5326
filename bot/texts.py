"""The bot's own messages in Telegram HTML: /start, /help, /stats, /articles pages and upload receipts."""

from __future__ import annotations

from telegram import BotCommand, InlineKeyboardButton, InlineKeyboardMarkup

from bot.callbacks import encode
from bot.render import Reply, esc, link
from index.types import ArticleInfo, Receipt, Stats

PAGE_SIZE = 8
FORMATS = ".txt, .md, .html, .pdf, .docx or a .zip of these"
COMMANDS = [
    BotCommand("start", "What I can do, with example questions"),
    BotCommand("ask", "Ask a question (in groups: /ask What did Warner say?)"),
    BotCommand("timeline", "A person's statements in date order (/timeline Warner Russia)"),
    BotCommand("articles", "The articles I have read"),
    BotCommand("watch", "Tell this chat when someone speaks: /watch Warner, /watch Warner Russia, /watch \"a phrase\""),
    BotCommand("watches", "This chat's watches, with a Stop button each"),
    BotCommand("unwatch", "Stop a watch: /unwatch N, /unwatch Warner, /unwatch all"),
    BotCommand("sources", "Sources of the last answer"),
    BotCommand("stats", "Library size and model"),
    BotCommand("remove", "Remove an article by id (admins)"),
    BotCommand("feeds", "Feeds that fill the library: last poll, articles taken, last error (admins)"),
    BotCommand("feed", "/feed add URL, /feed remove URL-or-number, /feed poll (admins)"),
    BotCommand("help", "How to ask, follow up and add articles"),
]


def start_text(examples: list[str], bot_username: str, upload_note: str) -> str:
    tries = "\n".join(f"• <code>{esc(q)}</code>" for q in examples) or "• <code>What did Warner say?</code>"
    return (
        "<b>Newsdesk</b> answers questions about the news articles it has read: who said what, in their "
        "own words, with the article it comes from.\n\n"
        f"<b>Try</b>\n{tries}\n\n"
        "Follow up naturally: <i>what else did he say?</i>, <i>who is she?</i>, <i>and about Putin?</i>, "
        "<i>more</i>.\n"
        f"In groups, mention me (@{esc(bot_username)}), reply to me, or use /ask.\n\n"
        f"{upload_note}\n\n/help lists every command."
    )


def help_text(bot_username: str, upload_note: str) -> str:
    commands = "\n".join(f"/{c.command} — {esc(c.description)}" for c in COMMANDS)
    return (
        "<b>Asking</b>\nIn a private chat every message is a question. In groups, mention "
        f"@{esc(bot_username)}, reply to one of my messages, or write <code>/ask your question</code>.\n"
        "I answer only from the articles I have; when something is not in them, I say so.\n\n"
        "<b>Time</b>\n<i>What did Warner say in May 2018?</i> · <i>what did he say most recently</i> · "
        "<i>latest on the election</i> · <i>How has Warner's view on Russia changed?</i>\n\n"
        "<b>Following up</b>\n<i>what else did he say?</i> · <i>who is she?</i> · <i>and about Putin?</i> · "
        "<i>more</i> — these refer to your previous question in this chat (for 30 minutes).\n\n"
        "<b>Watches</b>\n<code>/watch Warner</code> · <code>/watch Warner Russia</code> · "
        "<code>/watch \"election interference\"</code> — I message this chat when a new article quotes that "
        "person (on that topic) or has that phrase; /watches lists them, each with a Stop button.\n\n"
        f"<b>Commands</b>\n{commands}\n\n<b>Adding articles</b>\n{upload_note}"
    )


def upload_note(uploads_enabled: bool, is_admin: bool, user_id: int | None) -> str:
    """How (or whether) this user can add articles."""
    if not uploads_enabled:
        return ("Adding articles is off because no admins are configured. To turn it on, set "
                f"<code>NEWSDESK_ADMINS={user_id or 'your_user_id'}</code> (your Telegram user id) and "
                "restart the bot.")
    if is_admin:
        return (f"You are an admin: send me a file ({FORMATS}, up to 20 MB) or a link, and I will add it. "
                "Every receipt has an Undo button; /remove ID removes any article.")
    return "Only the bot's admins can add or remove articles."


def stats_text(stats: Stats) -> str:
    return (
        "<b>Library</b>\n"
        f"📰 Articles: {stats.articles}\n"
        f"🧩 Passages: {stats.chunks}\n"
        f"💬 Quotes: {stats.quotes}\n"
        f"🧠 Model: {esc(stats.model)} ({stats.dimension}-d)\n"
        f"💾 Index: {megabytes(stats.index_bytes)} ({esc(stats.index_type)})\n"
        f"🗄 Store: {esc(stats.store)}"
    )


def library_line(stats: Stats) -> str:
    """What a start prints about the library: which store, where, how big.

    >>> library_line(Stats(2, 13, 4, "m", 384, 400_000, "flat", "embedded (SQLite + FAISS) in data/index"))
    'Library: 2 articles, 13 passages, 391 KB; embedded (SQLite + FAISS) in data/index.'
    """
    articles = f"{stats.articles} article{'' if stats.articles == 1 else 's'}"
    return f"Library: {articles}, {stats.chunks} passages, {megabytes(stats.index_bytes)}; {stats.store}."


def articles_page(rows: list[ArticleInfo], offset: int, total: int, is_admin: bool) -> Reply:
    """One page of /articles, newest first, with ‹ Newer / Older › buttons."""
    if not rows:
        return Reply(["The library is empty." if total == 0 else "No more articles."])
    lines = [f"<b>Articles</b> {offset + 1}–{offset + len(rows)} of {total}, newest first"]
    for n, info in enumerate(rows, offset + 1):
        lines.append(f"{n}. {link(info.title, info.url)} · {esc(info.when)} · {plural(info.chunks, 'passage')}\n"
                     f"    <code>{esc(info.id)}</code>")
    if is_admin:
        lines.append("<i>Remove one with /remove ID.</i>")
    buttons = []
    if offset > 0:
        newer = encode("page", str(max(0, offset - PAGE_SIZE)))
        buttons.append(InlineKeyboardButton("‹ Newer", callback_data=newer))
    if offset + len(rows) < total:
        buttons.append(InlineKeyboardButton("Older ›", callback_data=encode("page", str(offset + PAGE_SIZE))))
    return Reply(["\n".join(lines)], InlineKeyboardMarkup([buttons]) if buttons else None)


def receipt(receipts: list[Receipt], filename: str) -> Reply:
    """What an upload added, with an Undo button per new article."""
    added = [r for r in receipts if not r.duplicate_of]
    lines = []
    for r in receipts:
        if r.duplicate_of:
            lines.append(f"⚠️ Already in the library: “{esc(r.title)}” (<code>{esc(r.duplicate_of)}</code>)")
            continue
        date = f"📅 {esc(r.when)} · " if r.when else ""
        counts = f"🧩 {plural(r.chunks, 'passage')} · 💬 {plural(r.quotes, 'quote')} · ⏱ {r.seconds:.1f} s"
        ident = f"🆔 <code>{esc(r.article_id)}</code>"
        lines.append(f"✅ <b>Added</b> “{link(r.title, r.url)}”\n{date}{counts}\n{ident}")
    if not receipts:
        lines.append(f"⚠️ I found no article in {esc(filename)}.")
    elif added:
        lines.append("You can ask about it right away." if len(added) == 1 else
                     f"{len(added)} articles added; you can ask about them right away.")
    return Reply(["\n\n".join(lines)], undo_buttons(added))


def undo_buttons(added: list[Receipt]) -> InlineKeyboardMarkup | None:
    if not added:
        return None
    if len(added) == 1:
        label = lambda r: "↩️ Undo"  # noqa: E731
    else:
        label = lambda r: f"↩️ Undo “{r.title[:24]}”"  # noqa: E731
    rows = [[InlineKeyboardButton(label(r), callback_data=encode("undo", r.article_id))] for r in added[:10]]
    return InlineKeyboardMarkup(rows)


def plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def megabytes(n: int) -> str:
    if n < 1024 * 1024:
        return f"{n / 1024:.0f} KB"
    return f"{n / 1024 / 1024:.1f} MB"
