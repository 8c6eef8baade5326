"""Callback data for inline buttons: "action:argument", parsed strictly because clients can forge it.

>>> encode("undo", "a1b2c3")
'undo:a1b2c3'
>>> parse("undo:a1b2c3")
Callback(action='undo', arg='a1b2c3')
>>> parse("undo:../../etc") is None, parse("rm:all") is None, parse(None) is None
(True, True, True)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# What each action's argument may look like; anything else is refused before any handler sees it.
_ARGS = {
    "more": re.compile(r"[0-9a-f]{8}"),  # a ChatMemory token
    "undo": re.compile(r"[A-Za-z0-9_-]{1,48}"),  # an article id
    "page": re.compile(r"[0-9]{1,6}"),  # an /articles offset
    "who": re.compile(r"[0-9a-f]{8}-[0-9]"),  # a ChatMemory token and an "also quoted" person's place
    "unwatch": re.compile(r"[0-9a-f]{8}"),  # a watch's token (index/feeds/watch.py)
}


@dataclass(frozen=True)
class Callback:
    """A parsed button press."""

    action: str
    arg: str


def encode(action: str, arg: str) -> str:
    """Callback data for a button; Telegram allows 1-64 bytes."""
    data = f"{action}:{arg}"
    if action not in _ARGS or not _ARGS[action].fullmatch(arg) or len(data.encode()) > 64:
        raise ValueError(f"cannot encode callback {data!r}")
    return data


def parse(data: str | None) -> Callback | None:
    """The callback a button carries, or None when the data is not one this bot made."""
    action, _, arg = (data or "").partition(":")
    pattern = _ARGS.get(action)
    if pattern is None or not pattern.fullmatch(arg):
        return None
    return Callback(action, arg)
