"""Milvus collections of one library generation: their schemas, row ids, the stemmed lexical text, filter
literals, and a client whose every call has a deadline and fails as StoreUnavailable.

Milvus Lite 3.x (the server the tests run) differs from Milvus in ways this file works around: it has no
English stemmer (so the text is stemmed here, with the same Porter stemmer as the SQLite store), no filter
templates (so string literals are escaped here), and a collection needs a vector field (so the collections
with none get a 2-dim dummy).
"""

from __future__ import annotations

import hashlib
import logging
import re
import time

import grpc
from pymilvus import DataType, Function, FunctionType, MilvusClient, MilvusException

from index.errors import StoreUnavailable
from index.text.words import fold, stem

log = logging.getLogger(__name__)

KINDS = ("articles", "chunks", "quotes", "vocab", "sentences")
LATER = frozenset({"sentences"})  # kinds added since the first generations: an older one is opened without them
DUMMY = [0.0, 0.0]  # the vector of rows in collections that have no real one
TEXT_PART = 16_000  # chars per article text part: 4 bytes a char at most stays under VARCHAR's 65,535 bytes
TEXT_PARTS = 256  # so an article holds up to 4.1M characters
_WORD = re.compile(r"\w+")  # the words Milvus' "standard" tokenizer splits the stems field into
_NAME = re.compile(r"^[A-Za-z0-9_]+$")


def row_id(*parts: object) -> int:
    """A stable non-negative int64 primary key for a row, from what identifies it: rewriting the same
    article gives the same ids, so an upsert replaces instead of doubling (two writers racing included).

    >>> row_id("enwikinews:Vote", 0) == row_id("enwikinews:Vote", 0), row_id("a", 1) == row_id("a", 2)
    (True, False)
    >>> 0 <= row_id("a", 1) < 2**63
    True
    """
    key = "\x1f".join(str(p) for p in parts).encode()
    return int.from_bytes(hashlib.blake2b(key, digest_size=8).digest(), "big") >> 1


def stems(text: str) -> list[str]:
    """Every word of a text, lower-cased, accents folded and Porter-stemmed, stop words kept (FTS5 keeps
    them too): what the lexical field holds and what a query is turned into.

    >>> stems("The council Voted on Constanţa's votes")
    ['the', 'council', 'vote', 'on', 'constanta', 's', 'vote']
    """
    return [stem(w) or w for w in _WORD.findall(fold(text).lower())]  # Porter stems "s" to ""


def literal(value: str) -> str:
    """A Milvus filter string literal: Lite has no filter templates, and article ids hold quotes.

    >>> print(literal('enwikinews:Say_"hello"_it\\'s'))
    "enwikinews:Say_\\"hello\\"_it's"
    """
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def one_of(field: str, values: list[str] | tuple[str, ...]) -> str:
    """A filter `field in [...]` over string values.

    >>> one_of("article_id", ["a", 'b"'])
    'article_id in ["a", "b\\\\""]'
    """
    return f"{field} in [{', '.join(literal(v) for v in values)}]"


def text_parts(text: str) -> list[str]:
    """An article text cut into VARCHAR-sized parts (joined back with "".join).

    >>> [len(p) for p in text_parts("x" * 40_000)], text_parts("")
    ([16000, 16000, 8000], [''])
    """
    return [text[i : i + TEXT_PART] for i in range(0, len(text), TEXT_PART)] or [""]


def collection_names(prefix: str, generation: str) -> dict[str, str]:
    """The five collections of a generation.

    >>> collection_names("newsdesk", "3")["chunks"]
    'newsdesk_g3_chunks'
    """
    if not _NAME.match(prefix) or not _NAME.match(generation):
        raise ValueError(f"Milvus names take letters, digits and _ only: {prefix!r}, {generation!r}")
    return {kind: f"{prefix}_g{generation}_{kind}" for kind in KINDS}


def _dummy(schema) -> None:
    schema.add_field("dummy", DataType.FLOAT_VECTOR, dim=2)


def _schema():
    return MilvusClient.create_schema(auto_id=False, enable_dynamic_field=False)


def articles_schema():
    s = _schema()
    s.add_field("id", DataType.VARCHAR, is_primary=True, max_length=1024)
    s.add_field("content_hash", DataType.VARCHAR, max_length=128)
    s.add_field("title", DataType.VARCHAR, max_length=4096)
    s.add_field("source", DataType.VARCHAR, max_length=4096)
    s.add_field("url", DataType.VARCHAR, max_length=4096, nullable=True)
    s.add_field("date", DataType.VARCHAR, max_length=64, nullable=True)
    s.add_field("added_at", DataType.DOUBLE)
    s.add_field("chunks", DataType.INT64)  # kept here: Milvus has no COUNT ... GROUP BY for the article list
    s.add_field("text", DataType.ARRAY, element_type=DataType.VARCHAR, max_capacity=TEXT_PARTS, max_length=65535)
    _dummy(s)
    return s


def chunks_schema(dimension: int):
    s = _schema()
    s.add_field("id", DataType.INT64, is_primary=True)
    s.add_field("article_id", DataType.VARCHAR, max_length=1024)
    s.add_field("title", DataType.VARCHAR, max_length=4096)
    s.add_field("text", DataType.VARCHAR, max_length=65535)
    s.add_field("start", DataType.INT64)
    s.add_field("end", DataType.INT64)
    s.add_field("vector_key", DataType.VARCHAR, max_length=256)
    # title + text, stemmed here; "standard" splits it on \w+ like stems() does, enable_match for text_match
    s.add_field("stems", DataType.VARCHAR, max_length=65535, enable_analyzer=True, enable_match=True,
                analyzer_params={"tokenizer": "standard"})
    s.add_field("sparse", DataType.SPARSE_FLOAT_VECTOR)
    s.add_field("dense", DataType.FLOAT_VECTOR, dim=dimension)
    s.add_function(Function(name="stems_bm25", function_type=FunctionType.BM25,
                            input_field_names=["stems"], output_field_names=["sparse"]))
    return s


def quotes_schema():
    s = _schema()
    s.add_field("id", DataType.INT64, is_primary=True)
    s.add_field("article_id", DataType.VARCHAR, max_length=1024)
    for name in ("speaker", "canonical", "cue", "kind"):
        s.add_field(name, DataType.VARCHAR, max_length=4096)
    s.add_field("content", DataType.VARCHAR, max_length=65535)
    s.add_field("description", DataType.VARCHAR, max_length=65535)
    s.add_field("start", DataType.INT64)
    s.add_field("end", DataType.INT64)
    _dummy(s)
    return s


def sentences_schema(dimension: int):
    """What the sentence reader needs of each sentence: span, vector, entities (JSON [start, end, label] lists,
    offsets from the sentence's start), and the vector's cache key, so that a rebuild re-uses it."""
    s = _schema()
    s.add_field("id", DataType.INT64, is_primary=True)
    s.add_field("article_id", DataType.VARCHAR, max_length=1024)
    s.add_field("start", DataType.INT64)
    s.add_field("end", DataType.INT64)
    s.add_field("vector_key", DataType.VARCHAR, max_length=256)
    s.add_field("entities", DataType.VARCHAR, max_length=65535)
    s.add_field("vector", DataType.FLOAT_VECTOR, dim=dimension)
    return s


def vocab_schema():
    """stem -> chunks whose text holds it, one row per writer (summed when read): Milvus lists no indexed
    terms, so spellings() and stem_frequency() read this."""
    s = _schema()
    s.add_field("key", DataType.VARCHAR, is_primary=True, max_length=1100)  # "stem writer"
    s.add_field("stem", DataType.VARCHAR, max_length=1024)
    s.add_field("writer", DataType.VARCHAR, max_length=64)
    s.add_field("chunks", DataType.INT64)
    _dummy(s)
    return s


def index_params(client: MilvusClient, kind: str):
    """HNSW for the dense vectors: exact cosines for the hits it returns, millisecond searches at a million
    chunks, where FLAT reads every vector (Lite builds it with faiss in the background after a flush)."""
    params = client.prepare_index_params()
    if kind == "chunks":
        params.add_index(field_name="dense", index_type="HNSW", metric_type="COSINE",
                         params={"M": 16, "efConstruction": 200})
        params.add_index(field_name="sparse", index_type="SPARSE_INVERTED_INDEX", metric_type="BM25",
                         params={"bm25_k1": 1.2, "bm25_b": 0.75})
    elif kind == "sentences":  # read by article, never searched (yet): FLAT builds nothing
        params.add_index(field_name="vector", index_type="FLAT", metric_type="COSINE")
    else:
        params.add_index(field_name="dummy", index_type="FLAT", metric_type="L2")
    return params


def schema_of(kind: str, dimension: int):
    return {"articles": articles_schema, "quotes": quotes_schema, "vocab": vocab_schema,
            "sentences": lambda: sentences_schema(dimension)}.get(kind, lambda: chunks_schema(dimension))()


FAILURES = (MilvusException, grpc.RpcError, OSError)


class Guarded:
    """A MilvusClient whose calls all carry a deadline (pymilvus' own retries can hang a minute on a stopped
    server) and raise StoreUnavailable instead of MilvusException / grpc.RpcError. A collection found
    released (after a server restart) is loaded and the call tried once more."""

    def __init__(self, uri: str, token: str = "", db_name: str = "", timeout: float = 10.0) -> None:
        self.uri, self.token, self.db_name, self.timeout = uri, token, db_name, timeout
        self._client: MilvusClient | None = None

    def client(self) -> MilvusClient:
        if self._client is None:  # a client made against a stopped server fails: make it again later
            extra = {"db_name": self.db_name} if self.db_name and self.db_name != "default" else {}
            try:
                self._client = MilvusClient(uri=self.uri, token=self.token, timeout=self.timeout, dedicated=True,
                                            **extra)
            except FAILURES as error:
                raise StoreUnavailable(str(error)) from error
        return self._client

    def __getattr__(self, name: str):
        def call(*args, **kwargs):
            kwargs.setdefault("timeout", self.timeout)
            method = getattr(self.client(), name)
            try:
                try:
                    return method(*args, **kwargs)
                except MilvusException as error:
                    collection = args[0] if args else kwargs.get("collection_name")
                    if not collection or not ("released" in str(error) or "not loaded" in str(error)):
                        raise
                    self._client.load_collection(collection, timeout=self.timeout)
                    return method(*args, **kwargs)
            except FAILURES as error:
                log.warning("Milvus %s failed: %s", name, error)
                raise StoreUnavailable(str(error)) from error

        return call

    def close(self) -> None:
        if self._client is not None:
            try:
                self._client.close()
            except FAILURES:  # closing a client of a stopped server: nothing to keep
                pass
            self._client = None


def create_once(client: Guarded, name: str, kind: str, dimension: int, wait: float = 5.0) -> None:
    """Create a generation's collection; a second writer racing to make the same one finds it made. milvus-lite
    answers the loser with "File exists" while the winner is still writing, so look again for a few seconds."""
    try:
        client.create_collection(name, schema=schema_of(kind, dimension),
                                 index_params=index_params(client.client(), kind), consistency_level="Strong")
        return
    except StoreUnavailable:
        deadline = time.monotonic() + wait
        while not client.has_collection(name):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
