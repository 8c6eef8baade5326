"""Atomic file writes: write a temporary file beside the target, fsync, rename over it, fsync the folder."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path


def atomic_write(path: Path, write: Callable[[str], None]) -> None:
    """Call write(temporary_path), then move the result onto `path` in one rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    # The writer's pid in the name lets a later start tell a killed write's file from one in progress.
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        write(tmp)
        with open(tmp, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    fsync_dir(path.parent)


def writer_pid(temporary: Path) -> int | None:
    """The pid of the process that made an atomic write's temporary file, when its name says.

    >>> writer_pid(Path(".vectors.faiss.4242.k2j3h4.tmp"))
    4242
    >>> writer_pid(Path(".vectors.faiss.k2j3h4.tmp")) is None
    True
    """
    parts = temporary.name.split(".")
    return int(parts[-3]) if len(parts) >= 4 and parts[-3].isdigit() else None


def atomic_write_text(path: Path, text: str) -> None:
    """Replace a small text file atomically."""
    atomic_write(path, lambda tmp: Path(tmp).write_text(text, encoding="utf-8"))


def fsync_dir(folder: Path) -> None:
    """Make a rename inside `folder` durable."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
