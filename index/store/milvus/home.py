"""MilvusHome: the library's generations on a Milvus server, as index/layout.py keeps them in folders.

A generation is five collections, `{prefix}_g{name}_{articles|chunks|quotes|vocab|sentences}` (a generation
published before sentence rows existed lacks the sentences collection: it is made, empty, when opened). Five
aliases, `{prefix}_{articles|...}`, name the published one; the articles alias is repointed last and is what readers
follow, so a reader never opens a half-published generation. A small `{prefix}_meta` collection holds the model
the published generation was built with and the rebuild lock's claims.

Milvus has no compare-and-set, so the lock is "write a claim, then look": a process writes its claim row, then
reads all live claims, and backs off (deleting its own) if it sees any other. Two processes that claim at once
both back off; one that sees none holds the lock, since any later claimant will see its claim.
"""

from __future__ import annotations

import logging
import os
import re
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlsplit

from pymilvus import DataType, MilvusClient

from index.errors import IndexMismatch, IndexMissing, RebuildInProgress, StoreUnavailable
from index.store.milvus.schema import DUMMY, KINDS, LATER, Guarded, collection_names, index_params, literal
from index.store.milvus.store import MilvusStore

log = logging.getLogger(__name__)

LOCK_SECONDS = 120.0  # a claim's life; the holder renews it every third of that while it rebuilds, so a
# rebuild that died blocks the next one for two minutes at most (at once on its own machine: see _alive)


def parse_uri(uri: str) -> tuple[str, str, str]:
    """`milvus://host:port[/db]` -> (pymilvus uri, database, host:port).

    >>> parse_uri("milvus://127.0.0.1:19530/news")
    ('http://127.0.0.1:19530', 'news', '127.0.0.1:19530')
    >>> parse_uri("milvus://db.local:19530")
    ('http://db.local:19530', '', 'db.local:19530')
    """
    parts = urlsplit(uri)
    if parts.scheme != "milvus" or not parts.hostname or parts.port is None:
        raise ValueError(f"Expected milvus://host:port[/database], got {uri!r}")
    return f"http://{parts.hostname}:{parts.port}", parts.path.strip("/"), f"{parts.hostname}:{parts.port}"


def generation_of(collection: str, prefix: str) -> str | None:
    """The generation a collection belongs to.

    >>> generation_of("newsdesk_g12_articles", "newsdesk"), generation_of("other_g1_articles", "newsdesk")
    ('12', None)
    """
    found = re.fullmatch(rf"{re.escape(prefix)}_g([A-Za-z0-9_]+)_(?:{'|'.join(KINDS)})", collection)
    return found.group(1) if found else None


class MilvusHome:
    """The generations of one library (one prefix) on one Milvus database."""

    def __init__(self, uri: str, token: str = "", db_name: str = "", prefix: str = "newsdesk", model: str = "",
                 dimension: int = 384, timeout: float = 10.0) -> None:
        self.address, db, self.host = parse_uri(uri)
        self.db_name = db or db_name
        self.token, self.prefix, self.model, self.dimension, self.timeout = token, prefix, model, dimension, timeout
        self.client = Guarded(self.address, token, self.db_name, timeout)
        self.aliases = {kind: f"{prefix}_{kind}" for kind in KINDS}
        self.meta = f"{prefix}_meta"
        self._meta_ready = False

    def close(self) -> None:
        self.client.close()

    # -- generations ----------------------------------------------------------------------------------
    def stamp(self) -> str:
        """What is published now (the articles alias' collection; "" for nothing): one cheap call."""
        return self._target(self.aliases["articles"]) or ""

    def current(self) -> MilvusStore | None:
        """The published generation, or None when nothing was published yet."""
        target = self._target(self.aliases["articles"])
        if target is None:
            return None
        built = self._meta_value("model")
        if built and built != self._model_key():
            raise IndexMismatch(f"The library in Milvus was built with {built}, not {self._model_key()}: "
                                "it must be rebuilt.")
        return self._open(generation_of(target, self.prefix) or "", create=False)

    def new_generation(self, name: str | None = None) -> MilvusStore:
        """Fresh, empty collections (opened as they are when `name` exists already: shard writers share one)."""
        if name is None:
            taken = [generation_of(c, self.prefix) for c in self.client.list_collections()]
            name = str(max([int(g) for g in taken if g and g.isdigit()], default=0) + 1)
        return self._open(name, create=True)

    def publish(self, store: MilvusStore) -> None:
        """Point the aliases at the store's generation (articles last), then drop the previous generation."""
        previous = self._target(self.aliases["articles"])
        self._ensure_meta()
        self._set_meta("model", self._model_key())
        existing = set(self._aliased())
        for kind in ("chunks", "quotes", "vocab", "sentences", "articles"):
            if self.aliases[kind] in existing:
                self.client.alter_alias(store.names[kind], self.aliases[kind])
            else:
                self.client.create_alias(store.names[kind], self.aliases[kind])
        old = generation_of(previous, self.prefix) if previous else None
        if old is not None and previous != store.names["articles"]:
            self._drop(collection_names(self.prefix, old).values())

    def discard(self, store: MilvusStore) -> None:
        """Drop a generation that was not published (a failed or abandoned rebuild)."""
        if self._target(self.aliases["articles"]) == store.names["articles"]:
            raise ValueError(f"{store.location} is the published generation: it cannot be discarded")
        store.close()
        self._drop(store.names.values())

    def _open(self, name: str, create: bool) -> MilvusStore:
        names = collection_names(self.prefix, name)
        client = Guarded(self.address, self.token, self.db_name, self.timeout)
        needed = {name for kind, name in names.items() if kind not in LATER}
        if not create and not needed <= set(client.list_collections()):
            client.close()
            raise IndexMissing(f"The published generation g{name} is missing collections in Milvus.")
        location = f"milvus://{self.host}/{self.db_name or 'default'}, generation g{name}"
        return MilvusStore.open(client, names, self.dimension, location)

    def _drop(self, names) -> None:
        existing = set(self.client.list_collections())
        for name in names:
            if name in existing:
                self.client.drop_collection(name)

    def drop_abandoned(self) -> list[str]:
        """Drop the numbered generations a rebuild died in (only a rebuild holding the lock makes one, so with
        the lock held every numbered generation but the published one is abandoned). Named ones, which shard
        writers may still be filling, are left alone. Returns the generations dropped."""
        current = generation_of(self._target(self.aliases["articles"]) or "", self.prefix)
        found = {generation_of(c, self.prefix) for c in self.client.list_collections()}
        stale = sorted(g for g in found if g and g.isdigit() and g != current)
        for name in stale:
            log.warning("Dropping generation g%s, left by a rebuild that did not finish", name)
            self._drop(collection_names(self.prefix, name).values())
        return stale

    def _target(self, alias: str) -> str | None:
        """The collection an alias names; listed first, as describing a missing alias logs an ERROR."""
        if alias not in self.client.list_aliases()["aliases"]:
            return None
        return self.client.describe_alias(alias)["collection_name"] or None

    def _aliased(self) -> list[str]:
        return [a for a in self.aliases.values() if self._target(a) is not None]

    def _model_key(self) -> str:
        return f"{self.model} ({self.dimension} dimensions)"

    # -- meta: the published model, the rebuild lock --------------------------------------------------
    def _ensure_meta(self) -> None:
        if self._meta_ready:
            return
        if not self.client.has_collection(self.meta):
            schema = MilvusClient.create_schema(auto_id=False, enable_dynamic_field=False)
            schema.add_field("key", DataType.VARCHAR, is_primary=True, max_length=1024)
            schema.add_field("value", DataType.VARCHAR, max_length=4096)
            schema.add_field("expires", DataType.DOUBLE)
            schema.add_field("dummy", DataType.FLOAT_VECTOR, dim=2)
            try:
                self.client.create_collection(self.meta, schema=schema, consistency_level="Strong",
                                              index_params=index_params(self.client.client(), "meta"))
            except StoreUnavailable:
                if not self.client.has_collection(self.meta):  # made by another process meanwhile: fine
                    raise
        self.client.load_collection(self.meta)
        self._meta_ready = True

    def _set_meta(self, key: str, value: str, expires: float = 0.0) -> None:
        self.client.upsert(self.meta, [{"key": key, "value": value, "expires": expires, "dummy": DUMMY}])

    def _meta_value(self, key: str) -> str | None:
        if not self._meta_ready and not self.client.has_collection(self.meta):
            return None
        self._ensure_meta()
        rows = self.client.query(self.meta, filter=f"key == {literal(key)}", output_fields=["value"], limit=1)
        return rows[0]["value"] if rows else None

    @contextmanager
    def rebuild_lock(self, seconds: float = LOCK_SECONDS) -> Iterator[None]:
        """One rebuild at a time across processes and machines; RebuildInProgress when another holds it."""
        self._ensure_meta()
        owner = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        key = "lock:" + owner
        self._set_meta(key, owner, time.time() + seconds)
        claims = self.client.query(self.meta, filter='key like "lock:%"', output_fields=["key", "value", "expires"],
                                   limit=1000)
        others = [c for c in claims if c["key"] != key and c["expires"] > time.time() and _alive(c["value"])]
        if others:
            self.client.delete(self.meta, ids=[key])
            raise RebuildInProgress(f"Another rebuild of the library is running ({others[0]['value']}); "
                                    "try again when it has finished.")
        stop = threading.Event()

        def renew() -> None:
            while not stop.wait(seconds / 3):
                try:
                    self._set_meta(key, owner, time.time() + seconds)
                except StoreUnavailable as error:
                    log.warning("Could not renew the rebuild lock %s: %s", owner, error)

        keeper = threading.Thread(target=renew, name="rebuild-lock", daemon=True)
        keeper.start()
        try:
            yield
        finally:
            stop.set()
            keeper.join()
            expired = [c["key"] for c in claims if c["expires"] <= time.time()]
            self.client.delete(self.meta, ids=[key, *expired])


def _alive(owner: str) -> bool:
    """Is the process that wrote a lock claim ("host:pid:nonce") alive? Known only on its own host.

    >>> _alive(f"{socket.gethostname()}:{os.getpid()}:x"), _alive(f"{socket.gethostname()}:999999999:x")
    (True, False)
    """
    host, _, rest = owner.partition(":")
    pid = rest.partition(":")[0]
    if host != socket.gethostname() or not pid.isdigit():
        return True  # another machine's: its claim expires by itself
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
