"""Who may do what: admins upload and remove, allowed chats ask, and a per-user rate limit."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from bot.config import Settings


@dataclass(frozen=True)
class Access:
    """Permission checks; callback buttons call these again, since callback data can be forged."""

    admins: frozenset[int]
    allowed_chats: frozenset[int]  # empty: every chat may ask

    @classmethod
    def from_settings(cls, settings: Settings) -> Access:
        return cls(settings.admins, settings.allowed_chats)

    @property
    def uploads_enabled(self) -> bool:
        return bool(self.admins)

    def is_admin(self, user_id: int | None) -> bool:
        return user_id is not None and user_id in self.admins

    def may_ask(self, chat_id: int, user_id: int | None) -> bool:
        """Anyone when no chats are listed; else listed chats, listed users' private chats and admins."""
        if not self.allowed_chats or self.is_admin(user_id):
            return True
        return chat_id in self.allowed_chats or (user_id is not None and user_id in self.allowed_chats)


@dataclass(frozen=True)
class Verdict:
    """A rate-limit decision: refused requests say so once per window (`notify`), then stay quiet."""

    allowed: bool
    notify: bool = False
    retry_after: float = 0.0


class RateLimiter:
    """At most `per_minute` requests per user in any 60 s; 0 turns the limit off."""

    WINDOW = 60.0

    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic, max_users: int = 10_000):
        self.per_minute = per_minute
        self._clock = clock
        self._max_users = max_users
        self._hits: dict[int, deque[float]] = {}
        self._warned: dict[int, float] = {}  # user -> when they were last told to slow down

    def check(self, user_id: int) -> Verdict:
        """Count one request by `user_id` and say whether it may go ahead."""
        if self.per_minute <= 0:
            return Verdict(True)
        now = self._clock()
        hits = self._hits.setdefault(user_id, deque())
        while hits and now - hits[0] >= self.WINDOW:
            hits.popleft()
        if len(hits) < self.per_minute:
            hits.append(now)
            self._prune(now)
            return Verdict(True)
        retry_after = self.WINDOW - (now - hits[0])
        warned = self._warned.get(user_id)
        notify = warned is None or now - warned >= self.WINDOW
        if notify:
            self._warned[user_id] = now
        return Verdict(False, notify, retry_after)

    def _prune(self, now: float) -> None:
        """Forget idle users once there are many, so memory stays bounded."""
        if len(self._hits) <= self._max_users:
            return
        for user_id in [u for u, h in self._hits.items() if not h or now - h[-1] >= self.WINDOW]:
            self._hits.pop(user_id, None)
            self._warned.pop(user_id, None)
