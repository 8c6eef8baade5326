"""The SQLite connection of one generation: WAL, the schema, and the model it was built with.

On a full disk SQLite cannot create the WAL's side files that opening needs; the library is then opened
read-only (immutable) so that it still answers, and writes are refused with DiskFull until it is reopened
with space free.
"""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

from index.errors import DiskFull, IndexMismatch
from index.store import space
from index.store.layout import DB_NAME

log = logging.getLogger(__name__)
SCHEMA_VERSION = "1"
REBUILD_HINT = "Rebuild it with: python scripts/rebuild_index.py"
_SCHEMA = (Path(__file__).with_name("schema.sql")).read_text(encoding="utf-8")
_FULL = 2**20  # under this much free space an I/O error on open is a full disk's
WRITE_WAIT = 60.0  # seconds


def connect(folder: Path, model: str, dimension: int) -> tuple[sqlite3.Connection, bool]:
    """Open (or create) the generation's database, refusing one built with another model; (db, read_only)."""
    path = folder / DB_NAME
    existed = path.is_file() and path.stat().st_size > 0
    try:
        db = _writable(path)
    except sqlite3.OperationalError as error:
        free = space.free_bytes(folder)
        if free >= _FULL and not space.is_disk_full(error):
            raise
        if not existed:  # a new generation on a full disk: nothing to read either
            raise DiskFull(free) from error
        log.warning("The disk holding %s is full (%s): opened read-only; uploads are refused until the "
                    "library is reopened with space free", folder, error)
        db = sqlite3.connect(f"{path.as_uri()}?immutable=1", uri=True, check_same_thread=False, isolation_level=None)
        db.row_factory = sqlite3.Row
        _check_meta(db, folder, model, dimension)
        return db, True
    _check_meta(db, folder, model, dimension)
    return db, False


def _writable(path: Path) -> sqlite3.Connection:
    # writers in several processes take turns for SQLite's write lock: wait for it as long as a big upload's write
    db = sqlite3.connect(path, timeout=WRITE_WAIT, check_same_thread=False, isolation_level=None)
    try:
        db.row_factory = sqlite3.Row
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=FULL")
        db.execute("PRAGMA foreign_keys=ON")
        db.executescript(_SCHEMA)
    except BaseException:
        db.close()
        raise
    return db


def _check_meta(db: sqlite3.Connection, folder: Path, model: str, dimension: int) -> None:
    """Record model and dimension in a new index; refuse an index built with different ones."""
    meta = dict(db.execute("SELECT key, value FROM meta").fetchall())
    wanted = {"schema": SCHEMA_VERSION, "model": model, "dimension": str(dimension)}
    if not meta:
        db.executemany("INSERT INTO meta (key, value) VALUES (?, ?)", list(wanted.items()))
        return
    for key, value in wanted.items():
        if meta.get(key) != value:
            raise IndexMismatch(
                f"The index in {folder} was built with {key} {meta.get(key)!r}, but this run uses {value!r}. "
                + REBUILD_HINT
            )
