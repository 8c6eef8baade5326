"""MilvusStore's base: its generation's collections, read a batch or a page at a time, and the mark each write
leaves so that other processes notice it.

Milvus answers every read from the server, so a process sharing the library sees another's writes at once;
what it keeps between writes is word statistics (index/answer/qa.py's Answerer) and, per article, what a question
reads of it (its text, sentence rows, source line, chunk spans, and its chunks' rows and vectors by id: `memo`),
each a round trip of ~3 ms to the server otherwise. Each write sets a row of the vocab collection (WRITTEN, no
stem can be it: "#" is no \\w) to a fresh token; catch_up() reads that one row by its key before each question,
and a changed token tells the library to count words afresh and drops what is kept of articles.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from index.store.milvus.schema import DUMMY, Guarded, one_of

BATCH = 500  # rows per write and ids per "in [...]" filter
LIMIT = 16_384  # Milvus' cap on one query's offset + limit
WRITTEN = "#written"
KEPT = 20_000  # article reads kept between writes, at most (then all are dropped and read again)


class Collections:
    """Paged reads over the collections in `names`, and the write mark."""

    client: Guarded
    names: dict[str, str]
    _token: str | None = None  # the write mark as last read or written here

    _kept: dict[tuple[str, str], Any] | None = None  # (read, article id) -> what it gave; None: not kept

    def catch_up(self) -> bool:
        """Did another process write since the last call (or this store's last write)? One get by key."""
        rows = self.client.get(self.names["vocab"], ids=[WRITTEN], output_fields=["writer"])
        token = rows[0]["writer"] if rows else ""
        changed, self._token = token != self._token, token
        if changed:
            self._kept = {}
        return changed

    def memo(self, read: str, ids: list, fetch: Callable[[list], dict[Any, Any]]) -> dict[Any, Any]:
        """fetch(ids) for the article (or chunk) ids this store has not read since the last write (here or, as catch_up
        saw, anywhere), the rest from what it kept; an id fetch gave nothing for stays absent.

        >>> c, asked = Collections(), []
        >>> read = lambda ids: asked.append(ids) or {i: i.upper() for i in ids if i != "gone"}
        >>> c.memo("text", ["a", "gone"], read), c.memo("text", ["a", "b"], read), asked
        ({'a': 'A'}, {'a': 'A', 'b': 'B'}, [['a', 'gone'], ['b']])
        """
        kept = self._kept if self._kept is not None and len(self._kept) < KEPT else {}
        self._kept = kept
        missing = [i for i in dict.fromkeys(ids) if (read, i) not in kept]
        if missing:
            found = fetch(missing)
            kept.update({(read, i): found.get(i) for i in missing})
        return {i: v for i in ids if (v := kept[(read, i)]) is not None}

    def _mark_written(self) -> None:
        self._kept = {}
        self._token = uuid.uuid4().hex
        self.client.upsert(self.names["vocab"], [{"key": WRITTEN, "stem": WRITTEN, "writer": self._token,
                                                  "chunks": 0, "dummy": DUMMY}])

    def _get(self, kind: str, ids: list, fields: list[str]) -> list[dict]:
        out: list[dict] = []
        for start in range(0, len(ids), BATCH):
            out.extend(self.client.get(self.names[kind], ids=ids[start : start + BATCH], output_fields=fields))
        return out

    def _rows_in(self, kind: str, field: str, values: list[str], fields: list[str]) -> list[dict]:
        out: list[dict] = []
        for start in range(0, len(values), BATCH):
            out.extend(self._rows(kind, one_of(field, values[start : start + BATCH]), fields))
        return out

    def _rows(self, kind: str, where: str, fields: list[str]) -> list[dict]:
        """Every row matching a filter, a page at a time (one query returns at most LIMIT)."""
        out: list[dict] = []
        while True:
            page = self.client.query(self.names[kind], filter=where, output_fields=fields, limit=LIMIT,
                                     offset=len(out))
            out.extend(page)
            if len(page) < LIMIT:
                return out
