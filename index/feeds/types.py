"""What crosses the feeds' border: a feed as kept, one poll's outcome, a watch and a notice."""

from __future__ import annotations

import datetime
import json
from dataclasses import asdict, dataclass, field

from index.types import Receipt


@dataclass(frozen=True)
class Feed:
    """A feed as kept in the library's state (JSON under "feed:<url>")."""

    url: str
    added_at: float
    title: str = ""
    etag: str = ""  # validators of the last complete poll, sent back as If-None-Match / If-Modified-Since
    modified: str = ""
    last_poll: float = 0.0
    next_poll: float = 0.0  # when it is due again: the interval, or the backoff while it fails
    taken: int = 0  # articles it brought into the library
    last_error: str = ""
    error_at: float = 0.0
    failures: int = 0  # polls failed in a row (the streak); 0 when the last poll went well

    def to_json(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Feed:
        known = cls.__dataclass_fields__
        return cls(**{k: v for k, v in json.loads(text).items() if k in known})


@dataclass(frozen=True)
class FeedPoll:
    """One feed's poll: what it stored, and what went wrong."""

    url: str
    title: str
    taken: list[Receipt] = field(default_factory=list)  # new articles, stored
    duplicates: int = 0  # entries whose article the library held already (another feed, an upload)
    not_modified: bool = False  # the server answered 304
    pending: int = 0  # new entries left for the next poll (a failed page, or more than one poll takes)
    error: str = ""  # "" when every fetch went well
    report: str = ""  # set on the first failure of a streak: what to tell the admins, once
    failures: int = 0


def when(seconds: float) -> str:
    """A UTC time to the minute, or "never".

    >>> when(0), when(1531821600)
    ('never', '2018-07-17 10:00 UTC')
    """
    if not seconds:
        return "never"
    return datetime.datetime.fromtimestamp(seconds, datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
