"""Index folder layout: generations swapped in by one atomic rename of a pointer file, owned through OS locks.

    data/index/CURRENT         -> "gen-1732590000123456789"
    data/index/gen-.../        library.sqlite + vectors.faiss + LOCK
    data/index/LAYOUT.lock     held for a moment while a generation is created, published, opened or removed
    data/index/REBUILD.lock    held by the one rebuild that may run at a time

Ownership, not age, decides what may be removed. A process building a generation holds an exclusive flock on
its LOCK file until it publishes it; a process reading a generation (a bot, scripts/ask.py, the rebuilder after
publishing) holds a shared one. remove_stale() deletes only generations whose LOCK it can take exclusively,
that is those whose builder died and that nobody reads, and never the one CURRENT names. The OS drops a dead
process's locks, so a crash or SIGKILL leaves nothing that blocks the next start.
"""

from __future__ import annotations

import errno
import fcntl
import logging
import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from index.errors import IndexMissing, RebuildInProgress
from index.store.atomic import atomic_write_text, writer_pid

log = logging.getLogger(__name__)
POINTER = "CURRENT"
LOCK = "LOCK"
DB_NAME = "library.sqlite"
FAISS_NAME = "vectors.faiss"
TEMP_AGE = 60.0  # seconds after which a temporary file is an interrupted write's, not one in progress


class GenerationLock:
    """An flock on one generation's LOCK file: exclusive while it is built, shared while it is read."""

    def __init__(self, folder: Path, exclusive: bool) -> None:
        self.folder = folder
        self.fd: int | None = os.open(folder / LOCK, os.O_RDWR | os.O_CREAT, 0o600)
        fcntl.flock(self.fd, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)

    def share(self) -> None:
        """Exclusive -> shared. Not atomic in flock(2), so callers hold the layout lock around it."""
        assert self.fd is not None
        fcntl.flock(self.fd, fcntl.LOCK_SH)

    def release(self) -> None:
        if self.fd is not None:
            os.close(self.fd)  # closing the only descriptor drops the lock
            self.fd = None


@contextmanager
def _layout_lock(index_dir: Path) -> Iterator[None]:
    """Serialise creating, publishing, opening and removing generations across processes (held briefly)."""
    fd = os.open(index_dir / "LAYOUT.lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def current(index_dir: Path) -> Path | None:
    """The generation folder CURRENT names (it may be missing), or None for an index that never had one."""
    pointer = index_dir / POINTER
    try:
        name = pointer.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    return index_dir / name


def stamp(index_dir: Path) -> tuple[int, int] | None:
    """A cheap fingerprint of CURRENT (one stat): it changes whenever a generation is published."""
    try:
        st = os.stat(index_dir / POINTER)
    except FileNotFoundError:
        return None
    return st.st_ino, st.st_mtime_ns


def open_current(index_dir: Path) -> tuple[Path, GenerationLock] | None:
    """The generation in use, share-locked so that nobody removes it while it is read; None for a new index.
    Raises IndexMissing when CURRENT names a generation that is gone or has no database."""
    index_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    with _layout_lock(index_dir):
        folder = current(index_dir)
        if folder is None:
            return None
        if not (folder / DB_NAME).is_file():
            what = "is missing" if not folder.is_dir() else f"has no {DB_NAME}"
            raise IndexMissing(
                f"The index in {index_dir} names generation {folder.name}, which {what}. Nothing was changed or "
                f"rebuilt. Rebuild it from your articles with: python scripts/rebuild_index.py --source FOLDER "
                f"--index {index_dir} (or restore {index_dir} from a backup)."
            )
        return folder, GenerationLock(folder, exclusive=False)


def new_generation(index_dir: Path) -> tuple[Path, GenerationLock]:
    """A fresh, empty generation folder (not yet in use), exclusively locked by the caller."""
    index_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    with _layout_lock(index_dir):
        folder = index_dir / f"gen-{time.time_ns()}"
        folder.mkdir(mode=0o700)
        return folder, GenerationLock(folder, exclusive=True)


def publish(index_dir: Path, folder: Path, lock: GenerationLock) -> None:
    """Make `folder` the generation in use, atomically; its builder keeps reading it under a shared lock."""
    with _layout_lock(index_dir):
        lock.share()
        atomic_write_text(index_dir / POINTER, folder.name + "\n")


def discard(folder: Path, lock: GenerationLock) -> None:
    """Remove a generation this process built but will not publish."""
    shutil.rmtree(folder, ignore_errors=True)
    lock.release()


@contextmanager
def rebuild_lock(index_dir: Path) -> Iterator[None]:
    """Let one rebuild of `index_dir` run at a time; a second one fails at once with RebuildInProgress."""
    index_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(index_dir / "REBUILD.lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode(errors="replace").strip() or "another process"
            raise RebuildInProgress(
                f"Another rebuild of {index_dir} is running (process {holder}); this one did not start. "
                "Wait for it to finish, then run it again if you still need to."
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        yield
    finally:
        os.close(fd)


def remove_stale(index_dir: Path) -> list[str]:
    """Delete generations nobody owns (an old one whose readers moved on, or one half-built by a rebuild that
    died) and the temporary files of writes that were killed before their rename."""
    removed = []
    with _layout_lock(index_dir):
        in_use = current(index_dir)
        for folder in sorted(index_dir.glob("gen-*")):
            if folder.is_dir() and folder != in_use and _remove_if_unowned(folder):
                removed.append(folder.name)
    if removed:
        log.info("Removed stale index generations: %s", ", ".join(removed))
    leftovers = [index_dir] + ([in_use] if in_use and in_use.is_dir() else [])
    # A write killed before its rename (atomic.py) leaves its temporary file; the file it was replacing is
    # intact. One whose writer is still alive may be a write in progress in another process (a bot while
    # scripts/ask.py opens the index), so it stays unless it is older than TEMP_AGE.
    cutoff = time.time() - TEMP_AGE
    temporary = [p for folder in leftovers for p in folder.glob(".*.tmp") if _abandoned(p, cutoff)]
    for path in temporary:
        path.unlink(missing_ok=True)
    if temporary:
        log.warning("Removed %d unfinished temporary file(s) from an interrupted write", len(temporary))
    return removed


def _remove_if_unowned(folder: Path) -> bool:
    try:
        fd = os.open(folder / LOCK, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as error:  # vanished meanwhile, or a read-only disk: leave it
        log.debug("Cannot lock %s: %s", folder, error)
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as error:
        if error.errno not in (errno.EWOULDBLOCK, errno.EAGAIN):
            raise
        os.close(fd)
        log.debug("Keeping %s: a process still builds or reads it", folder.name)
        return False
    try:
        shutil.rmtree(folder, ignore_errors=True)
    finally:
        os.close(fd)
    return True


def _abandoned(path: Path, cutoff: float) -> bool:
    """A temporary file whose writer is dead, or that is older than `cutoff` (the writer is not known)."""
    pid = writer_pid(path)
    if pid is not None and pid != os.getpid() and not _alive(pid):
        return True
    try:
        return path.is_file() and path.stat().st_mtime < cutoff
    except FileNotFoundError:  # renamed into place meanwhile
        return False


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True
