"""Where a library's generations live, behind one interface: a folder (index/store/layout.py: CURRENT, gen-*/,
flocks) for the embedded store; Milvus collections behind aliases for the Milvus store (issue 12).

A Library asks its home for the generation in use, for a new one to rebuild into, to publish or discard it,
and (one stat or call before each question) whether another process published a newer one. An `Opened` pairs
a store with the hold that keeps its generation from being removed while it is read.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from index.errors import RebuildFailed
from index.store import layout
from index.store.sqlite import Store


class Hold(Protocol):
    def release(self) -> None: ...


@dataclass
class Opened:
    """A store and the hold on its generation (released when the library moves on)."""

    store: Any  # Store, or the Milvus store: the same methods (index/store/queries.py)
    hold: Hold


class Home(Protocol):
    description: str  # which store, where: for the start-up line and /stats
    def current(self) -> Opened | None: ...
    def stamp(self) -> object: ...
    def follow(self, store: Any) -> Opened | None: ...
    def new_generation(self, name: str | None = None) -> Opened: ...
    def publish(self, opened: Opened) -> None: ...
    def discard(self, opened: Opened) -> None: ...
    def rebuild_lock(self) -> AbstractContextManager[None]: ...
    def remove_stale(self) -> None: ...
    def close(self) -> None: ...


class FolderHome:
    """The embedded store's generations: one folder each under `index_dir`, CURRENT naming the one in use."""

    def __init__(self, index_dir: Path, model: str, dimension: int) -> None:
        self.index_dir, self.model, self.dimension = index_dir, model, dimension
        self.description = f"embedded (SQLite + FAISS) in {index_dir}"

    def current(self) -> Opened | None:
        """The published generation (None: a new index folder); IndexMissing when CURRENT names none."""
        if self.index_dir.exists():
            layout.remove_stale(self.index_dir)
        opened = layout.open_current(self.index_dir)
        return self._open(*opened) if opened is not None else None

    def stamp(self) -> object:
        return layout.stamp(self.index_dir)

    def follow(self, store: Store) -> Opened | None:
        """The generation CURRENT names now, when it is not `store`'s (another process rebuilt)."""
        opened = layout.open_current(self.index_dir)
        if opened is None:
            return None
        folder, lock = opened
        if folder.resolve() == store.folder.resolve():
            lock.release()  # the same generation: its reader holds a lock on it already
            return None
        return self._open(folder, lock)

    def new_generation(self, name: str | None = None) -> Opened:
        """A new, empty generation folder; `name` (shards writing one generation) is for Milvus only."""
        if name is not None:
            raise RebuildFailed("Sharded rebuilds (--shard, --publish) write into a Milvus store: set "
                                "NEWSDESK_STORE=milvus://host:port or pass --store.")
        folder, lock = layout.new_generation(self.index_dir)
        try:
            return Opened(Store.open(folder, self.model, self.dimension), lock)
        except BaseException:
            layout.discard(folder, lock)  # a full disk: nothing of it stays
            raise

    def publish(self, opened: Opened) -> None:
        layout.publish(self.index_dir, opened.store.folder, opened.hold)

    def discard(self, opened: Opened) -> None:
        opened.store.close()
        layout.discard(opened.store.folder, opened.hold)

    def rebuild_lock(self) -> AbstractContextManager[None]:
        return layout.rebuild_lock(self.index_dir)

    def remove_stale(self) -> None:
        layout.remove_stale(self.index_dir)

    def close(self) -> None:
        """Nothing held beyond the generation's own lock."""

    def _open(self, folder: Path, lock: layout.GenerationLock) -> Opened:
        try:
            return Opened(Store.open(folder, self.model, self.dimension), lock)
        except BaseException:
            lock.release()
            raise
