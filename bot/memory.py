"""A short per-chat memory of the last answer, bounded in size (LRU) and age, for follow-ups and "more"."""

from __future__ import annotations

import secrets
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from index.types import Answer


@dataclass
class Turn:
    """The last answer in a chat and how far its "more" results have been shown."""

    answer: Answer
    token: str  # names this answer in callback data, so an old "More" button cannot page a newer answer
    at: float
    shown: int = 0  # how many of answer.more were sent


class ChatMemory:
    """Last answer per chat; the oldest chat is forgotten beyond `max_chats`, any after `max_age` s."""

    def __init__(self, max_chats: int = 1000, max_age: float = 1800.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.max_chats = max_chats
        self.max_age = max_age
        self._clock = clock
        self._turns: OrderedDict[int, Turn] = OrderedDict()

    def __len__(self) -> int:
        return len(self._turns)

    def remember(self, chat_id: int, answer: Answer) -> Turn:
        """Store `answer` as the chat's last one, with a fresh token."""
        turn = Turn(answer, secrets.token_hex(4), self._clock())
        self._turns[chat_id] = turn
        self._turns.move_to_end(chat_id)
        while len(self._turns) > self.max_chats:
            self._turns.popitem(last=False)
        return turn

    def recall(self, chat_id: int, token: str | None = None) -> Turn | None:
        """The chat's last turn if it is recent (and carries `token`, when given); else None."""
        turn = self._turns.get(chat_id)
        if turn is None:
            return None
        if self._clock() - turn.at > self.max_age:
            del self._turns[chat_id]
            return None
        if token is not None and turn.token != token:
            return None
        return turn

    def forget(self, chat_id: int) -> None:
        self._turns.pop(chat_id, None)
