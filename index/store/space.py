"""Disk space: how much a write needs, how much there is, and whether an error means the disk is full."""

from __future__ import annotations

import errno
import shutil
import sqlite3
from pathlib import Path

from index.errors import DiskFull
from index.store.layout import FAISS_NAME


def needed_bytes(text_bytes: int, vector_bytes: int, faiss_bytes: int) -> int:
    """An upper estimate of the free space a write of this much text and vectors needs.

    Text is stored as the article, as chunks (with overlap), in FTS5, and passes through the WAL; vectors go
    into SQLite, its WAL and FAISS; the FAISS file is rewritten whole beside the old one before the rename;
    a megabyte covers pages and the journal.

    >>> needed_bytes(10_000, 13 * 384 * 4, 2_000_000)
    3158480
    """
    return 5 * text_bytes + 3 * vector_bytes + faiss_bytes + 2**20


def ensure(folder: Path, text_bytes: int, vector_bytes: int, refuse: bool = False) -> None:
    """Refuse (DiskFull) a write the disk holding `folder` cannot hold, before it starts; `refuse`: always (a
    store opened read-only on a full disk)."""
    faiss_file = sum(p.stat().st_size for p in folder.glob(f"{FAISS_NAME}*") if p.is_file())
    free = free_bytes(folder)
    if refuse or free < needed_bytes(text_bytes, vector_bytes, faiss_file):
        raise DiskFull(free)


def free_bytes(folder: Path) -> int:
    """Free space on the disk that holds `folder`."""
    return shutil.disk_usage(folder).free


def is_disk_full(error: BaseException) -> bool:
    """SQLite's SQLITE_FULL, an OSError ENOSPC (or quota), or FAISS's RuntimeError wrapping one.

    >>> is_disk_full(OSError(errno.ENOSPC, "No space left on device"))
    True
    >>> is_disk_full(RuntimeError("Error in faiss::write_index ... (No space left on device)"))
    True
    >>> is_disk_full(ValueError("bad"))
    False
    """
    if isinstance(error, sqlite3.OperationalError):
        return getattr(error, "sqlite_errorcode", None) == sqlite3.SQLITE_FULL or "disk is full" in str(error)
    if isinstance(error, OSError):
        return error.errno in (errno.ENOSPC, errno.EDQUOT)
    return isinstance(error, RuntimeError) and "No space left on device" in str(error)
