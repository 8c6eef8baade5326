"""Index folder layout: generations swapped in by one atomic rename of a pointer file.

    data/index/CURRENT         -> "gen-1732590000123456789"
    data/index/gen-.../        library.sqlite + vectors.faiss

A rebuild writes a new generation beside the current one and publishes it by replacing CURRENT; a crash
or Ctrl-C before that leaves the old generation in use and the new folder is removed on the next start.
"""

from __future__ import annotations

import logging
import shutil
import time
from pathlib import Path

from index.atomic import atomic_write_text

log = logging.getLogger(__name__)
POINTER = "CURRENT"
TEMP_AGE = 60.0  # seconds after which a temporary file is an interrupted write's, not one in progress


def current(index_dir: Path) -> Path | None:
    """The generation folder in use, or None for a new index."""
    pointer = index_dir / POINTER
    if not pointer.exists():
        return None
    folder = index_dir / pointer.read_text(encoding="utf-8").strip()
    return folder if folder.is_dir() else None


def new_generation(index_dir: Path) -> Path:
    """A fresh, empty generation folder (not yet in use)."""
    index_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    folder = index_dir / f"gen-{time.time_ns()}"
    folder.mkdir(mode=0o700)
    return folder


def publish(index_dir: Path, folder: Path) -> None:
    """Make `folder` the generation in use, atomically."""
    atomic_write_text(index_dir / POINTER, folder.name + "\n")


def remove_stale(index_dir: Path) -> list[str]:
    """Delete generations that are not in use (old ones, or half-built by an interrupted rebuild) and the
    temporary files of writes that were killed before their rename."""
    in_use = current(index_dir)
    removed = []
    for folder in sorted(index_dir.glob("gen-*")):
        if folder.is_dir() and folder != in_use:
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder.name)
    if removed:
        log.info("Removed stale index generations: %s", ", ".join(removed))
    leftovers = [index_dir] + ([in_use] if in_use else [])
    # A write killed before its rename (atomic.py) leaves its temporary file; the file it was replacing is
    # intact. A young one may belong to a write in progress in another process (a bot while scripts/ask.py
    # opens the index), so only files older than TEMP_AGE are removed: a restart within it leaves one behind
    # for the next start.
    cutoff = time.time() - TEMP_AGE
    temporary = [p for folder in leftovers for p in folder.glob(".*.tmp") if _older(p, cutoff)]
    for path in temporary:
        path.unlink(missing_ok=True)
    if temporary:
        log.warning("Removed %d unfinished temporary file(s) from an interrupted write", len(temporary))
    return removed


def _older(path: Path, cutoff: float) -> bool:
    try:
        return path.is_file() and path.stat().st_mtime < cutoff
    except FileNotFoundError:  # renamed into place meanwhile
        return False
