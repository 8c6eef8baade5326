"""Where feeds and watches are kept: beside the library's generations, never inside one, so a rebuild (which
makes a new generation) keeps them. One small interface, a key-value table, with two backends:

- the embedded store: `desk.sqlite` in the index folder (WAL, one table `desk(key, value)`);
- the Milvus store: one collection `{prefix}_desk` (key, JSON value, and the 2-dim dummy vector every
  Milvus collection needs).

Values are JSON strings. Each put is one atomic write (a SQLite transaction, a Milvus upsert), and callers
order their writes so that a crash between two leaves nothing half-done (see feeds.py).
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path
from typing import Protocol

from index.config import LibraryConfig

FILENAME = "desk.sqlite"


class State(Protocol):
    """A durable string-to-string table shared by every process on one library."""

    def get(self, key: str) -> str | None: ...
    def put(self, key: str, value: str) -> None: ...
    def put_many(self, items: dict[str, str]) -> None: ...  # all or none
    def delete(self, key: str) -> None: ...
    def scan(self, prefix: str) -> dict[str, str]: ...
    def close(self) -> None: ...


class SqliteState:
    """desk.sqlite in the index folder; safe for several processes (WAL, 60 s busy timeout) and threads."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._lock = threading.Lock()
        self._db = sqlite3.connect(path, timeout=60.0, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")  # a feed's "seen" row must survive a power cut
        self._db.execute("CREATE TABLE IF NOT EXISTS desk (key TEXT PRIMARY KEY, value TEXT NOT NULL)")

    def get(self, key: str) -> str | None:
        with self._lock:
            row = self._db.execute("SELECT value FROM desk WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def put(self, key: str, value: str) -> None:
        with self._lock:
            self._db.execute("INSERT INTO desk (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET "
                             "value = excluded.value", (key, value))

    def put_many(self, items: dict[str, str]) -> None:
        """Several keys in one transaction: a crash keeps all of them or none."""
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                self._db.executemany("INSERT INTO desk (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET "
                                     "value = excluded.value", list(items.items()))
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def delete(self, key: str) -> None:
        with self._lock:
            self._db.execute("DELETE FROM desk WHERE key = ?", (key,))

    def scan(self, prefix: str) -> dict[str, str]:
        """Every key starting with `prefix` (a range scan on the primary key, not LIKE: keys hold % and _)."""
        with self._lock:
            rows = self._db.execute("SELECT key, value FROM desk WHERE key >= ? AND key < ? ORDER BY key",
                                    (prefix, prefix + "\U0010ffff")).fetchall()
        return dict(rows)

    def close(self) -> None:
        with self._lock:
            self._db.close()


def open_state(config: LibraryConfig) -> State:
    """The state of the library `config` names: Milvus when NEWSDESK_STORE is set, else desk.sqlite."""
    if config.store:
        from index.feeds.milvus_state import MilvusState  # pymilvus only when the Milvus store is used

        return MilvusState(config.store, config.milvus_token)
    return SqliteState(config.index_dir / FILENAME)
