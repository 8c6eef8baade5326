"""The feeds-and-watches table in Milvus: one collection, `{prefix}_desk`, beside the generations' aliases.

Milvus has no transactions and no ORDER BY; each put is one upsert (atomic per row) and a scan filters by
key prefix. Reads ask for Strong consistency so that another process's write is seen at once.
"""

from __future__ import annotations

from pymilvus import DataType, MilvusClient

from index.errors import StoreUnavailable
from index.store.milvus.home import parse_uri
from index.store.milvus.schema import DUMMY, Guarded, index_params, literal

MAX_ROWS = 16_384  # Milvus' query window: the most feeds, watches and seen entries a scan returns


class MilvusState:
    """A key-value collection on the library's Milvus server."""

    def __init__(self, uri: str, token: str = "", prefix: str = "newsdesk", timeout: float = 10.0) -> None:
        address, db_name, _ = parse_uri(uri)
        self.client = Guarded(address, token, db_name, timeout)
        self.name = f"{prefix}_desk"
        self._ready = False

    def _ensure(self) -> None:
        if self._ready:
            return
        if not self.client.has_collection(self.name):
            schema = MilvusClient.create_schema(auto_id=False, enable_dynamic_field=False)
            schema.add_field("key", DataType.VARCHAR, is_primary=True, max_length=2048)
            schema.add_field("value", DataType.VARCHAR, max_length=65_535)
            schema.add_field("dummy", DataType.FLOAT_VECTOR, dim=2)  # Milvus wants a vector in every collection
            try:
                self.client.create_collection(self.name, schema=schema, consistency_level="Strong",
                                              index_params=index_params(self.client.client(), "desk"))
            except StoreUnavailable:
                if not self.client.has_collection(self.name):  # made by another process meanwhile: fine
                    raise
        self.client.load_collection(self.name)
        self._ready = True

    def get(self, key: str) -> str | None:
        self._ensure()
        rows = self.client.query(self.name, filter=f"key == {literal(key)}", output_fields=["value"], limit=1)
        return rows[0]["value"] if rows else None

    def put(self, key: str, value: str) -> None:
        self._ensure()
        self.client.upsert(self.name, [{"key": key, "value": value, "dummy": DUMMY}])

    def put_many(self, items: dict[str, str]) -> None:
        """One upsert (Milvus writes a batch as one insert message; there is no multi-row transaction)."""
        if items:
            self._ensure()
            self.client.upsert(self.name, [{"key": k, "value": v, "dummy": DUMMY} for k, v in items.items()])

    def delete(self, key: str) -> None:
        self._ensure()
        self.client.delete(self.name, ids=[key])

    def scan(self, prefix: str) -> dict[str, str]:
        self._ensure()
        # a % or _ in the prefix matches more than itself in LIKE: the startswith below keeps only true hits
        rows = self.client.query(self.name, filter=f"key like {literal(prefix + '%')}",
                                 output_fields=["key", "value"], limit=MAX_ROWS)
        return {r["key"]: r["value"] for r in sorted(rows, key=lambda r: r["key"]) if r["key"].startswith(prefix)}

    def close(self) -> None:
        self.client.close()
