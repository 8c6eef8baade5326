"""Pure routing decisions: is a message addressed to the bot, what is the question, is it a link?"""

from __future__ import annotations

import re
from dataclasses import dataclass

_URL = re.compile(r"https?://[^\s<>\"]+", re.I)
# The formats index/ingest/parse.py reads; anything else is refused before it is downloaded.
EXTENSIONS = (".txt", ".md", ".markdown", ".html", ".htm", ".pdf", ".docx", ".zip", ".jsonl")


@dataclass(frozen=True)
class Incoming:
    """The parts of a message routing looks at."""

    text: str
    private: bool
    mentions: tuple[str, ...] = ()  # the mention strings in the message ("@newsdesk_bot"), as written
    reply_to_bot: bool = False
    mentions_bot_by_id: bool = False  # a text_mention entity for the bot's user id


def addressed(message: Incoming, bot_username: str) -> str | None:
    """The text meant for the bot, with its @mention removed; None when group chatter is not for us.

    >>> addressed(Incoming("@Newsdesk_Bot who is Conley?", False, ("@Newsdesk_Bot",)), "newsdesk_bot")
    'who is Conley?'
    >>> addressed(Incoming("lunch at noon?", False), "newsdesk_bot") is None
    True
    """
    text = message.text.strip()
    if message.private:
        return text
    ours = [m for m in message.mentions if m.lower() == f"@{bot_username.lower()}"]
    if not (ours or message.reply_to_bot or message.mentions_bot_by_id):
        return None
    for mention in ours:
        text = text.replace(mention, " ")
    return re.sub(r"\s+", " ", text).strip(" ,:")


def link_only(text: str) -> str | None:
    """The URL when a message is just a link (an upload), else None.

    >>> link_only(" https://example.com/a?b=1 "), link_only("see https://example.com")
    ('https://example.com/a?b=1', None)
    """
    text = text.strip()
    return text if _URL.fullmatch(text) else None


def readable_extension(filename: str) -> bool:
    return filename.lower().endswith(EXTENSIONS)


def command_argument(text: str) -> str:
    """What follows "/ask" or "/ask@bot" in a message.

    >>> command_argument("/ask@newsdesk_bot  What did Warner say?")
    'What did Warner say?'
    """
    return text.strip().partition(" ")[2].strip() if text.strip().startswith("/") else text.strip()


def timeline_question(argument: str) -> str:
    """The question a /timeline argument asks: "NAME on TOPIC", or one word of name and the rest its topic.

    >>> timeline_question("Warner Russia"), timeline_question("Mark Warner on Russia"), timeline_question("Warner")
    ('Warner on Russia over time', 'Mark Warner on Russia over time', 'What did Warner say over time?')
    """
    name, on, topic = argument.partition(" on ")
    if not on:
        name, _, topic = argument.partition(" ")
    return f"{name} on {topic} over time" if topic else f"What did {name} say over time?"
