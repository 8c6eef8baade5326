"""The Milvus home as a Library sees it (index/store/home.py's Home): Opened stores, holds, stamps, description.

Imported only when NEWSDESK_STORE names a Milvus server, so the embedded store never imports pymilvus.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from index.store.home import Opened
from index.store.milvus.home import MilvusHome, parse_uri
from index.store.milvus.store import MilvusStore


class Closes:
    """The hold on a Milvus generation: nothing to unlock (collections are dropped only when another is
    published); letting go closes the store's client."""

    def __init__(self, store: MilvusStore) -> None:
        self.store = store

    def release(self) -> None:
        self.store.close()


class MilvusGenerations:
    """Generations as collections behind aliases on one Milvus database (see MilvusHome)."""

    def __init__(self, uri: str, token: str, model: str, dimension: int) -> None:
        self.home = MilvusHome(uri, token=token, model=model, dimension=dimension)
        self.description = f"Milvus at milvus://{parse_uri(uri)[2]}/{self.home.db_name or 'default'}"

    def current(self) -> Opened | None:
        store = self.home.current()
        return _opened(store) if store is not None else None

    def stamp(self) -> object:
        return self.home.stamp()

    def follow(self, store: MilvusStore) -> Opened | None:
        """The published generation when it is no longer `store`'s (a rebuild elsewhere swapped the aliases)."""
        if self.home.stamp() in ("", store.names["articles"]):
            return None
        current = self.home.current()
        return _opened(current) if current is not None else None

    def new_generation(self, name: str | None = None) -> Opened:
        """Fresh collections, or those of generation `name` as the shards left them."""
        return _opened(self.home.new_generation(name))

    def publish(self, opened: Opened) -> None:
        self.home.publish(opened.store)

    def discard(self, opened: Opened) -> None:
        self.home.discard(opened.store)

    @contextmanager
    def rebuild_lock(self) -> Iterator[None]:
        """One rebuild at a time; once it is ours, what rebuilds that died left behind is dropped."""
        with self.home.rebuild_lock():
            self.home.drop_abandoned()
            yield

    def remove_stale(self) -> None:
        """Nothing to do: publishing drops the previous generation's collections."""

    def close(self) -> None:
        self.home.close()


def _opened(store: MilvusStore) -> Opened:
    return Opened(store, Closes(store))
