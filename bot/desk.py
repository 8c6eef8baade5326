"""The bot's shared state, kept in `application.bot_data`: settings, permissions, memory, the library."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from bot.access import Access, RateLimiter
from bot.config import Settings
from bot.memory import ChatMemory

if TYPE_CHECKING:
    from index.feeds.feeds import Feeds
    from index.feeds.watches import Watches
    from index.library import Library

KEY = "newsdesk"


@dataclass
class Desk:
    """Everything a handler needs besides the Update."""

    settings: Settings
    access: Access
    memory: ChatMemory = field(default_factory=ChatMemory)
    limiter: RateLimiter = field(default_factory=lambda: RateLimiter(20))
    refusals: RateLimiter = field(default_factory=lambda: RateLimiter(1))  # "you may not" once a minute
    writer: asyncio.Lock = field(default_factory=asyncio.Lock)  # one upload or removal at a time
    # per chat, the uploads still being read (name, done): a question from that chat waits for them
    reading: dict[int, list[tuple[str, asyncio.Event]]] = field(default_factory=dict)
    library: Library | None = None  # opened in post_init
    feeds: Feeds | None = None  # opened in post_init, beside the library (bot/feeds.py)
    watches: Watches | None = None  # the same (bot/watches.py)

    @classmethod
    def from_settings(cls, settings: Settings) -> Desk:
        limiter = RateLimiter(settings.rate_limit_per_minute)
        return cls(settings, Access.from_settings(settings), limiter=limiter)

    @property
    def lib(self) -> Library:
        if self.library is None:
            raise RuntimeError("the library is not open yet")
        return self.library


def desk_of(context: Any) -> Desk:
    """The Desk of a handler's CallbackContext."""
    return context.bot_data[KEY]
