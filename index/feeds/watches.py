"""Watches: a chat's standing questions ("tell me when Warner says something"), kept in the library's state,
and the notices they give as articles arrive by any path (a feed, an upload, a rebuild, another process).

Articles are read newest first from the library down to a watermark (the newest added_at checked, less GRACE_S
for writers whose clocks or long ingests lag); each one not checked before is matched against every watch, and
its notices and its "checked" mark are written in one transaction into an outbox. The bot sends the outbox and
deletes each notice once Telegram took it. So a restart misses nothing and repeats nothing: an article is either
checked with its notices waiting, or not checked at all.
"""

from __future__ import annotations

import json
import logging
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

from index.answer.attribution import Attribution
from index.config import FeedsConfig
from index.errors import ArticleNotFound, FeedError
from index.feeds.state import State
from index.feeds.watch import Watch, matches, parse_watch
from index.types import ArticleInfo

if TYPE_CHECKING:
    from index.library import Library

log = logging.getLogger(__name__)
GRACE_S = 6 * 3600.0  # how far below the watermark articles are still looked for (an ingest that took long)
WORDS_SHOWN, CHARS_SHOWN = 2, 500  # statements per notice, characters per statement


@dataclass(frozen=True)
class Notice:
    """One message owed to one chat: who said what, where; `key` is its place in the outbox."""

    key: str
    chat_id: int
    token: str
    label: str
    speaker: str
    words: list[str]
    article_id: str
    title: str
    url: str | None
    when: str
    publisher: str = ""


class Watches:
    """Every chat's watches on one library, and the outbox of their notices."""

    def __init__(self, state: State, library: Library, config: FeedsConfig,
                 clock: Callable[[], float] = time.time) -> None:
        self.state, self.library, self.config, self.clock = state, library, config, clock
        self._checked: dict[str, float] | None = None  # article id -> added_at, within GRACE_S of the watermark
        self._checking = threading.Lock()  # one check at a time (the schedule, a handler)

    # -- a chat's watches -----------------------------------------------------------------------------
    def list(self, chat_id: int) -> list[Watch]:
        rows = [Watch(**json.loads(v)) for v in self.state.scan(f"watch:{chat_id}:").values()]
        return sorted(rows, key=lambda w: (w.created, w.token))

    def all(self) -> list[Watch]:
        return sorted((Watch(**json.loads(v)) for v in self.state.scan("watch:").values()),
                      key=lambda w: (w.chat_id, w.created, w.token))

    def add(self, chat_id: int, text: str) -> Watch:
        """A new watch from what follows /watch (FeedError: unreadable, a duplicate, the chat's limit)."""
        person, topic, phrase = parse_watch(text, Attribution(self.library.store))
        watch = Watch(chat_id, secrets.token_hex(4), person, topic, phrase, self.clock(), " ".join(text.split()))
        mine = self.list(chat_id)
        if any(w.label.lower() == watch.label.lower() for w in mine):
            raise FeedError(f"This chat watches {watch.label} already.")
        if len(mine) >= self.config.max_watches:
            raise FeedError(f"This chat has {len(mine)} watches, the most it may have; /unwatch one first.")
        self.state.put(f"watch:{chat_id}:{watch.token}", json.dumps(asdict(watch)))
        return watch

    def remove(self, chat_id: int, which: str) -> list[Watch]:
        """Stop watches by button token, number in list(), label, or "all"; FeedError when none fits."""
        mine, which = self.list(chat_id), which.strip().strip("\"“”").strip()
        if which.lower() == "all":
            gone = mine
        elif which.isdigit() and 1 <= int(which) <= len(mine):
            gone = [mine[int(which) - 1]]
        else:
            gone = [w for w in mine if which in (w.token,) or w.label.strip("“”").lower() == which.lower()]
        if not gone:
            raise FeedError(f"This chat has no watch {which}; /watches lists them.")
        for watch in gone:
            self.state.delete(f"watch:{chat_id}:{watch.token}")
        return gone

    # -- notices --------------------------------------------------------------------------------------
    def check(self) -> list[Notice]:
        """Match the articles added since the watermark against every watch; the notices now owed."""
        with self._checking:
            fresh = self._fresh()
            if fresh:
                watches = self.all()
                known = Attribution(self.library.store, self.library.embedder.encode) if watches else None
                for article in sorted(fresh, key=lambda a: (a.added_at, a.id)):
                    self._check(article, watches, known)
        return self.pending()

    def pending(self) -> list[Notice]:
        return [Notice(**json.loads(v)) for v in self.state.scan("outbox:").values()]

    def delivered(self, notice: Notice) -> None:
        """Telegram took it (or will never take it: the chat blocked the bot)."""
        self.state.delete(notice.key)

    def _check(self, article: ArticleInfo, watches: list[Watch], known: Attribution | None) -> None:
        owed = {}
        for notice in self._notices(article, watches, known) if known is not None else []:
            owed[notice.key] = json.dumps(asdict(notice))
        mark = max(article.added_at, self._watermark())
        self.state.put_many(owed | {f"checked:{article.id}": repr(article.added_at), "watermark": repr(mark)})
        self._checked[article.id] = article.added_at

    def _notices(self, article: ArticleInfo, watches: list[Watch], known: Attribution) -> list[Notice]:
        try:
            quotes = self.library.statements(article.id)
            text = self.library.store.article_text(article.id)
        except ArticleNotFound:  # removed since it was listed
            return []
        source = known.sources([article.id]).get(article.id)
        speakers = [known.speaker_of(q) for q in quotes]  # once an article, not once a watch
        found = []
        for watch in watches:
            match = matches(watch, quotes, text, known, speakers)
            if match is None:
                continue
            words = [w if len(w) <= CHARS_SHOWN else w[: CHARS_SHOWN - 1] + "…" for w in match.words[:WORDS_SHOWN]]
            key = f"outbox:{article.added_at:017.6f}:{article.id}:{watch.chat_id}:{watch.token}"
            found.append(Notice(key, watch.chat_id, watch.token, watch.label, match.speaker, words, article.id,
                                article.title, article.url, source.when if source else article.when,
                                source.publisher if source else ""))
        return found

    def _watermark(self) -> float:
        return float(self.state.get("watermark") or 0.0)

    def _fresh(self) -> list[ArticleInfo]:
        """Articles above the watermark less GRACE_S that were never checked. The first call sets the watermark
        at the newest article and marks those near it checked: what the library holds already is not news."""
        if self._checked is None:
            self._checked = {k.removeprefix("checked:"): float(v) for k, v in self.state.scan("checked:").items()}
        first = self.state.get("watermark") is None
        if first:
            newest = self.library.list(0, 1)
            self.state.put("watermark", repr(newest[0].added_at if newest else self.clock()))
        floor = self._watermark() - GRACE_S
        fresh = [a for a in self.library.list(since=floor) if a.id not in self._checked]  # one filtered read
        if first:
            self.state.put_many({f"checked:{a.id}": repr(a.added_at) for a in fresh})
            self._checked |= {a.id: a.added_at for a in fresh}
            return []
        self._prune(floor)
        return fresh

    def _prune(self, floor: float) -> None:
        for article_id in [a for a, at in self._checked.items() if at < floor]:
            self.state.delete(f"checked:{article_id}")
            del self._checked[article_id]
