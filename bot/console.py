"""The same conversation in a terminal, for use without a Telegram token."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from bot.config import Settings
from bot.render import when_of
from bot.routing import timeline_question
from bot.texts import library_line
from index.answer.followup import resolve_followup
from index.errors import NewsdeskError
from index.library import Library
from index.types import Answer

HELP = """Ask a question in plain words, e.g. "What did Warner say?" or "Who is Heather Conley?";
follow up with "what else did he say?", "who is he?", "and about Putin?" or "more".
Commands: /timeline NAME [TOPIC]  /articles  /stats  /add PATH  /remove ID  /help  /quit"""

CONNECT = (
    "To chat on Telegram instead: create a bot with @BotFather, then run\n"
    "  TELEGRAM_BOT_TOKEN=<token> NEWSDESK_ADMINS=<your user id> python -m bot"
)


@dataclass
class Conversation:
    """The previous answer, so follow-ups ("what else did he say?", "more") work as in Telegram."""

    previous: Answer | None = None
    shown: int = 0  # how many of previous.more have been shown


def handle(library: Library, line: str, chat: Conversation | None = None) -> str:
    """One console line -> the reply text (questions and commands); core errors become messages."""
    chat = chat if chat is not None else Conversation()
    command, _, rest = line.strip().partition(" ")
    try:
        if command in {"/help", "/start"}:
            return HELP
        if command == "/articles":
            rows = library.list(limit=50)
            return "\n".join(f"{a.id}  {a.title}  ({a.when}, {a.chunks} passages)" for a in rows) or "No articles yet."
        if command == "/stats":
            s = library.stats()
            return f"{s.articles} articles, {s.chunks} passages, {s.quotes} quotes; model {s.model} ({s.dimension}-d)"
        if command == "/add":
            path = Path(rest.strip()).expanduser()
            receipts = library.add(path.read_bytes(), path.name)
            return "\n".join(f"Added {r.title!r} ({r.when}, {r.chunks} passages, {r.quotes} quotes) as {r.article_id}"
                             if not r.duplicate_of else f"Already stored: {r.title!r} ({r.duplicate_of})"
                             for r in receipts)
        if command == "/remove":
            return f"Removed {library.remove(rest.strip()).title!r}."
        if command == "/timeline":  # as in Telegram: "/timeline Warner Russia", "/timeline Mark Warner on Russia"
            return _ask(library, timeline_question(rest.strip()), chat) if rest.strip() else \
                "Whose statements? e.g. /timeline Warner Russia"
        if command.startswith("/") and len(command) > 1:
            return f"Unknown command {command}. {HELP.splitlines()[-1]}"
        return _ask(library, line, chat)
    except NewsdeskError as error:
        return str(error)
    except OSError as error:
        return f"Cannot read that file: {error.strerror or error}"


def _ask(library: Library, line: str, chat: Conversation) -> str:
    follow = resolve_followup(line, chat.previous)
    if follow.more:
        if chat.previous is None or chat.shown >= len(chat.previous.more):
            return "That's everything I found."
        page = chat.previous.more[chat.shown : chat.shown + 3]
        chat.shown += len(page)
        return "\n\n".join(_dated(item, chat.previous) for item in page)
    answer = library.ask(follow.question)
    chat.previous, chat.shown = answer, 0
    shown = f"(↪ {follow.question})\n" if follow.rewritten else ""
    more = f"\n\n({len(answer.more)} more: type “more”)" if answer.more else ""
    return shown + _dated(answer.text, answer) + more


def _dated(text: str, answer: Answer) -> str:
    """A result text with its "— Title" line dated, as the Telegram reply dates it (quote answers' source lines
    carry their dates already)."""
    body, mark, title = text.rpartition("\n— ")
    when = when_of(title, answer.sources, answer.passages) if mark else ""
    return f"{body}{mark}{title} ({when})" if when else text


def run_console(settings: Settings, stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout) -> int:
    """Open the library (building it from seeds/ the first time) and chat until EOF or /quit."""
    print("Loading the library…", file=stdout, flush=True)
    try:
        library = Library.open(settings.library, seeds_dir=settings.seeds_dir,
                               notice=lambda line: print(line, file=stdout, flush=True))
    except NewsdeskError as error:
        print(f"Cannot open the library: {error}", file=stdout)
        return 1
    stats = library.stats()
    print(f"Newsdesk console. {library_line(stats)}\n{HELP}\n\n{CONNECT}\n", file=stdout, flush=True)
    chat = Conversation()
    try:
        for line in _lines(stdin, stdout):
            if line.strip() in {"/quit", "/exit"}:
                break
            if line.strip():
                print(handle(library, line, chat), "\n", file=stdout, flush=True)
    except KeyboardInterrupt:
        pass
    finally:
        library.close()
    return 0


def _lines(stdin: TextIO, stdout: TextIO):
    while True:
        if stdin.isatty():
            print("? ", end="", file=stdout, flush=True)
        line = stdin.readline()
        if not line:
            return
        yield line
