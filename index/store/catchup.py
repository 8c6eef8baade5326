"""Other processes' writes, taken into this process's FAISS index without reloading it.

Several processes may write one generation (the bot, the console's /add, scripts using the library API); each
keeps the FAISS index in memory, so each must take in the chunks the others added and removed. SQLite says what
changed since a point: chunk ids come from an AUTOINCREMENT column and only grow (writers take turns under
SQLite's write lock), so the chunks added since are those above the highest id allocated then; removed chunks
are logged in order by a trigger (schema.sql: removed_chunks). A `Mark` is such a point. Callers read within one
SQLite transaction, so the mark and the changes come from the same snapshot.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

import numpy as np

from index.store.vectors import VectorIndex


@dataclass(frozen=True)
class Mark:
    """How far a FAISS index follows SQLite: the highest chunk id allocated, the last removal logged."""

    chunk: int = 0
    removal: int = 0


@dataclass(frozen=True)
class Changes:
    """What other processes wrote since a mark: the chunks added (with their stored vectors), the ids removed."""

    added: np.ndarray  # chunk ids, int64
    vectors: np.ndarray  # (len(added), d) float32, unit length as stored
    removed: np.ndarray  # chunk ids, int64

    def __len__(self) -> int:
        return len(self.added) + len(self.removed)


def mark_of(db: sqlite3.Connection) -> Mark:
    """Where SQLite is now (two lookups of a table's last row)."""
    chunk = db.execute("SELECT seq FROM sqlite_sequence WHERE name = 'chunks'").fetchone()
    removal = db.execute("SELECT MAX(seq) FROM removed_chunks").fetchone()[0]
    return Mark(int(chunk[0]) if chunk else 0, int(removal or 0))


def changes_since(db: sqlite3.Connection, mark: Mark, dimension: int) -> Changes:
    """The chunks added since `mark` and still stored, and those removed since (some may be among neither
    side's: added and removed again, which removing from FAISS ignores)."""
    rows = db.execute("SELECT c.id, v.vector FROM chunks c JOIN vectors v ON v.key = c.vector_key WHERE c.id > ?"
                      " ORDER BY c.id", (mark.chunk,)).fetchall()
    removed = [r[0] for r in db.execute("SELECT chunk_id FROM removed_chunks WHERE seq > ?", (mark.removal,))]
    vectors = (np.vstack([np.frombuffer(r[1], dtype=np.float32) for r in rows]) if rows
               else np.zeros((0, dimension), dtype=np.float32))
    return Changes(np.array([r[0] for r in rows], dtype=np.int64), vectors, np.array(removed, dtype=np.int64))


def apply(vectors: VectorIndex, changes: Changes) -> None:
    """Take the changes into FAISS: the chunks added since are still stored, so none is among the removed."""
    vectors.remove(changes.removed)
    vectors.add(changes.added, changes.vectors)
