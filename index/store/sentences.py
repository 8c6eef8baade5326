"""The sentence rows of the SQLite store (schema.sql: sentences): one row per sentence of an article, written
with its chunks, removed with it (ON DELETE CASCADE), read by the sentence reader a few articles at a time.

A row holds the span, the vector as float16 (half the disk of float32; cosines move by about 1e-3), the
sentence's cache key as its 20 bytes (so a rebuild finds the vector by key, as it finds a chunk's) and the
entities as compact JSON with offsets from the sentence's start. Libraries built before these rows existed get
the empty table on open and simply hold no rows; opened read-only (a full disk) they may lack the table, which
reads as no rows too.
"""

from __future__ import annotations

import json
import re
import sqlite3

import numpy as np

from index.types import Prepared, SentenceRow

_HEX_KEY = re.compile(r"[0-9a-f]{40}")  # vector_key: a sha1 hex digest


def key_bytes(key: str) -> bytes:
    """A cache key as stored: a sha1 hex key as its 20 bytes, any other as its UTF-8.

    >>> len(key_bytes("20830a92c6ed" + "0" * 28)), key_bytes("k:1")
    (20, b'k:1')
    """
    return bytes.fromhex(key) if _HEX_KEY.fullmatch(key) else key.encode()


def entities_text(row: SentenceRow) -> str:
    """A row's entities as stored: JSON [start, end, label] lists, offsets from the sentence's start.

    >>> entities_text(SentenceRow("a", 10, 30, None, ((10, 16, "PERSON"), (20, 29, "GPE")))), entities_text(
    ...     SentenceRow("a", 0, 5, None))
    ('[[0,6,"PERSON"],[10,19,"GPE"]]', '')
    """
    if not row.entities:
        return ""
    return json.dumps([[s - row.start, e - row.start, label] for s, e, label in row.entities], separators=(",", ":"))


def entities_of(text: str, start: int) -> tuple[tuple[int, int, str], ...]:
    """Stored entities back, with offsets into the article text (entities_text's inverse).

    >>> entities_of('[[0,6,"PERSON"],[10,19,"GPE"]]', 10), entities_of("", 0)
    (((10, 16, 'PERSON'), (20, 29, 'GPE')), ())
    """
    return tuple((start + s, start + e, label) for s, e, label in json.loads(text)) if text else ()


def vector_of(blob: bytes) -> np.ndarray:
    """A stored float16 vector as float32, made unit length again (float16 leaves it off by up to ~1e-3).

    >>> v = vector_of(np.array([0.6, 0.8], np.float16).tobytes()); v.dtype, round(float(np.linalg.norm(v)), 6)
    (dtype('float32'), 1.0)
    """
    vector = np.frombuffer(blob, dtype=np.float16).astype(np.float32)
    norm = float(np.linalg.norm(vector))
    return vector / norm if norm > 0 else vector


def insert(db: sqlite3.Connection, item: Prepared) -> None:
    """Write an article's sentence rows (within the caller's transaction)."""
    db.executemany(
        "INSERT INTO sentences (article_id, start, end, key, vector, entities) VALUES (?, ?, ?, ?, ?, ?)",
        [(row.article_id, row.start, row.end, key_bytes(key), np.asarray(row.vector, np.float16).tobytes(),
          entities_text(row)) for row, key in zip(item.sentences, item.sentence_keys, strict=True)],
    )


def rows_of(found: list[sqlite3.Row]) -> dict[str, list[SentenceRow]]:
    """(article_id, start, end, vector, entities) rows, ordered by article and start -> rows by article."""
    rows: dict[str, list[SentenceRow]] = {}
    for r in found:
        rows.setdefault(r[0], []).append(SentenceRow(r[0], r[1], r[2], vector_of(r[3]), entities_of(r[4], r[1])))
    return rows


def missing_table(error: sqlite3.OperationalError) -> bool:
    """Is this the error of a library from before sentence rows, opened read-only (no table to read)?"""
    return "no such table: sentences" in str(error)
