"""FAISS against SQLite: loading the FAISS file, telling whether it holds exactly the stored chunks, and
rebuilding it from the vectors SQLite keeps (no model call). SQLite is the source of truth."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

import numpy as np

from index.errors import IndexCorrupt, IndexMismatch
from index.store.database import REBUILD_HINT
from index.store.layout import DB_NAME, FAISS_NAME
from index.store.vectors import VectorIndex

log = logging.getLogger(__name__)


def agrees(db: sqlite3.Connection, vectors: VectorIndex) -> tuple[bool, int]:
    """(whether FAISS holds exactly the stored chunks' ids, how many chunks SQLite holds)."""
    chunk_ids = np.array([r[0] for r in db.execute("SELECT id FROM chunks")], dtype=np.int64)
    return bool(np.array_equal(np.sort(chunk_ids), np.sort(vectors.ids()))), len(chunk_ids)


def problems(db: sqlite3.Connection, vectors: VectorIndex, folder: Path) -> list[str]:
    """What is wrong with a generation, for publishing: SQLite's integrity, and FAISS against SQLite."""
    found = [r[0] for r in db.execute("PRAGMA integrity_check") if r[0] != "ok"]
    same, chunks = agrees(db, vectors)
    if not (folder / DB_NAME).is_file():
        found.append(f"{DB_NAME} is missing from {folder}")
    if not same:
        found.append(f"FAISS holds {vectors.count} vectors for {chunks} chunks")
    return found


def from_sqlite(db: sqlite3.Connection, folder: Path, dimension: int) -> VectorIndex:
    """A FAISS index of every stored chunk's stored vector."""
    rows = db.execute(
        "SELECT c.id, v.vector FROM chunks c LEFT JOIN vectors v ON v.key = c.vector_key ORDER BY c.id"
    ).fetchall()
    if any(blob is None for _, blob in rows):
        raise IndexCorrupt(f"Some chunks in {folder} have no stored vector. {REBUILD_HINT}")
    fresh = VectorIndex(dimension)
    if rows:
        matrix = np.vstack([np.frombuffer(blob, dtype=np.float32) for _, blob in rows])
        fresh.add(np.array([i for i, _ in rows], dtype=np.int64), matrix)
    return fresh


def load_vectors(folder: Path, dimension: int) -> VectorIndex:
    """The saved FAISS index, or an empty one when it is missing or unreadable (it is then rebuilt)."""
    path = folder / FAISS_NAME
    if not path.exists():
        return VectorIndex(dimension)
    try:
        vectors = VectorIndex.load(path)
    except RuntimeError as error:
        log.warning("Cannot read %s (%s): it will be rebuilt from SQLite", path, error)
        return VectorIndex(dimension)
    if vectors.dimension != dimension:
        raise IndexMismatch(
            f"{path} holds {vectors.dimension}-d vectors, the model makes {dimension}-d. {REBUILD_HINT}"
        )
    return vectors
