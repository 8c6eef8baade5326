"""The fake Bot API's state: chats, messages, files, pending updates and a log of every call.

Both sides touch it: the aiohttp handlers (the bot's requests) and the test thread (the users), so
every access holds `World.cond`; waiting tests sleep on that condition.
"""

from __future__ import annotations

import itertools
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

_COMMAND = re.compile(r"^/[A-Za-z0-9_]+(?:@[A-Za-z0-9_]+)?")
_MENTION = re.compile(r"(?<![\w@])@[A-Za-z][A-Za-z0-9_]{3,31}")
_URL = re.compile(r"https?://\S+")


@dataclass
class Call:
    """One request the bot made."""

    method: str
    params: dict[str, Any]
    at: float
    status: int = 200
    description: str = ""


@dataclass
class Message:
    """A message in a chat, sent by a user or by the bot."""

    chat_id: int
    message_id: int
    sender: dict
    date: int
    text: str | None = None
    entities: list[dict] = field(default_factory=list)
    source: str | None = None  # what the bot sent before entity parsing
    reply_markup: dict | None = None
    reply_to: int | None = None
    document: dict | None = None
    edits: int = 0
    deleted: bool = False
    sent_at: float = field(default_factory=time.monotonic)

    @property
    def buttons(self) -> list[dict]:
        rows = (self.reply_markup or {}).get("inline_keyboard", [])
        return [button for row in rows for button in row]


@dataclass
class StoredFile:
    file_id: str
    unique_id: str
    path: str
    size: int
    data: bytes | None  # None: only the size is claimed (oversize tests)


class World:
    """Everything the fake server knows."""

    def __init__(self, bot_id: int, bot_username: str) -> None:
        self.cond = threading.Condition(threading.RLock())
        self.bot = {"id": bot_id, "is_bot": True, "first_name": "Newsdesk", "username": bot_username}
        self.chats: dict[int, dict] = {}
        self.messages: dict[int, list[Message]] = {}
        self.updates: list[dict] = []
        self.files: dict[str, StoredFile] = {}
        self.calls: list[Call] = []
        self.failures: dict[str, list[tuple[int, str, dict]]] = {}
        self.queries: dict[str, dict] = {}  # callback query id -> query, answered or not
        self.commands: list[dict] = []
        self._ids = itertools.count(1)
        self.wake: Callable[[], None] = lambda: None  # set by the server: wakes long polls

    def changed(self) -> None:
        """Wake waiting tests and long polls."""
        self.cond.notify_all()
        self.wake()

    def add_chat(self, chat: dict) -> None:
        with self.cond:
            self.chats.setdefault(chat["id"], chat)
            self.messages.setdefault(chat["id"], [])

    def new_message(self, chat_id: int, sender: dict, **fields: Any) -> Message:
        """Append a message to a chat with the next id (caller holds the lock)."""
        chat = self.messages[chat_id]
        message_id = (chat[-1].message_id if chat else 0) + 1
        message = Message(chat_id, message_id, sender, int(time.time()), **fields)
        chat.append(message)
        return message

    def find(self, chat_id: int, message_id: int) -> Message | None:
        for message in self.messages.get(chat_id, []):
            if message.message_id == message_id and not message.deleted:
                return message
        return None

    def push_update(self, kind: str, payload: dict) -> int:
        update_id = next(self._ids)
        self.updates.append({"update_id": update_id, kind: payload})
        self.changed()
        return update_id

    def message_json(self, message: Message, nested: bool = True) -> dict:
        """The Message object as the Bot API serialises it."""
        data: dict[str, Any] = {
            "message_id": message.message_id,
            "from": message.sender,
            "chat": self.chats[message.chat_id],
            "date": message.date,
        }
        if message.text is not None:
            key = "caption" if message.document else "text"
            data[key] = message.text
            if message.entities:
                data["caption_entities" if message.document else "entities"] = message.entities
        if message.document:
            data["document"] = message.document
        if message.edits:
            data["edit_date"] = message.date
        if message.reply_markup:
            data["reply_markup"] = message.reply_markup
        if nested and message.reply_to and (parent := self.find(message.chat_id, message.reply_to)):
            data["reply_to_message"] = self.message_json(parent, nested=False)
        return data


def user_entities(text: str) -> list[dict]:
    """Entities a Telegram client would attach to a typed text: a leading command, mentions, URLs."""
    entities = []
    if match := _COMMAND.match(text):
        entities.append({"type": "bot_command", "offset": 0, "length": len(match.group())})
    for kind, pattern in (("mention", _MENTION), ("url", _URL)):
        for match in pattern.finditer(text):
            prefix = len(text[: match.start()].encode("utf-16-le")) // 2
            length = len(match.group().encode("utf-16-le")) // 2
            entities.append({"type": kind, "offset": prefix, "length": length})
    return sorted(entities, key=lambda e: e["offset"])
