"""MilvusStore: one library generation in five Milvus collections (articles, chunks, quotes, vocab, sentences), with the
methods of the store interface (/tmp/s15/store-spec.md) that the SQLite + FAISS Store also has.

Row ids are hashes of what a row is (article id + chunk or quote number), and an article's row is written last:
writing an article again, or two processes writing it at once, replaces rows instead of adding copies, and
an article is listed only once all of it is stored. Milvus has no transactions, so a failed add deletes what it
wrote. Every read and write is Strong and every write is flushed: Lite searches unflushed rows 20-70x slower.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections import Counter

import numpy as np

from index.errors import ArticleNotFound, StoreUnavailable
from index.store.milvus.collections import BATCH
from index.store.milvus.rows import article_row, chunk_rows, problems_of, quote_rows, sentence_rows_of, vocabulary_of
from index.store.milvus.schema import DUMMY, FAILURES, KINDS, Guarded, create_once, literal, one_of
from index.store.milvus.sentences import Sentences
from index.store.milvus.words import Words
from index.types import ArticleInfo, Passage, Prepared, day_of

log = logging.getLogger(__name__)

COUNT_SECONDS = 30.0
HELD = "#held"  # a vocab row no stem can be ("#" is no \w): the generation was written to once
INFO = ["id", "title", "chunks", "added_at", "url", "date", "source"]
BYTES_PER_ROW = {"articles": 6000, "quotes": 600, "vocab": 60}  # size_bytes' estimates; chunks, sentences: see there


class MilvusStore(Words, Sentences):
    """One generation of the library in Milvus; thread-safe through one lock, like the SQLite Store."""

    kind = "milvus-hnsw"
    exact = True  # COSINE search returns exact cosines of the hits; exact_vectors gives the stored floats
    read_only = False

    def __init__(self, client: Guarded, names: dict[str, str], dimension: int, location: str) -> None:
        self.client, self.names, self.dimension, self.location = client, names, dimension, location
        self.lock = threading.RLock()
        self.writer = uuid.uuid4().hex[:12]  # whose vocabulary rows this object writes
        self._counted: tuple[float, int] | None = None  # (when, chunks), for chunk_count

    @classmethod
    def open(cls, client: Guarded, names: dict[str, str], dimension: int, location: str) -> MilvusStore:
        """Open a generation's collections, creating the missing ones (a second writer of a new generation
        finds them made), and load them: after a server restart they come back released."""
        existing = set(client.list_collections())
        for kind, name in names.items():
            if name not in existing:
                create_once(client, name, kind, dimension)
            client.load_collection(name)
        return cls(client, names, dimension, location)

    def close(self) -> None:
        self.client.close()

    # -- writes ---------------------------------------------------------------------------------------
    def add(self, items: list[Prepared]) -> list[Prepared]:
        """Store prepared articles, all or none; an article whose content is stored already is skipped.
        Returns the items stored."""
        with self.lock:
            hashes = [i.article.content_hash for i in items]
            known = {r["content_hash"] for r in self._rows_in("articles", "content_hash", hashes, ["content_hash"])}
            fresh = []
            for item in items:
                if item.article.content_hash not in known:
                    known.add(item.article.content_hash)
                    fresh.append(item)
            if not fresh:
                return []
            written: dict[str, list] = {kind: [] for kind in KINDS}
            before: dict[str, int] = {}
            try:
                self._write("chunks", [row for item in fresh for row in chunk_rows(item)], written)
                self._write("quotes", [row for item in fresh for row in quote_rows(item)], written)
                self._write("sentences", [row for item in fresh for row in sentence_rows_of(item)], written)
                change = vocabulary_of([c.text for item in fresh for c in item.chunks])
                before = self._mine(list(change) + [HELD])
                written["vocab"] = [*change, HELD]  # from here on the undo puts this writer's counts back
                self._set_mine({s: before.get(s, 0) + n for s, n in change.items()} | {HELD: 1})
                self._write("articles", [article_row(item) for item in fresh], written)
                self._mark_written()
                self._flush()
            except BaseException:
                self._undo(written, before)
                raise
            return fresh

    def _write(self, kind: str, rows: list[dict], written: dict[str, list]) -> None:
        for start in range(0, len(rows), BATCH):
            part = rows[start : start + BATCH]
            written[kind].extend(r["id"] for r in part)  # before the call: a timed-out upsert may have landed
            self.client.upsert(self.names[kind], part)

    def _undo(self, written: dict[str, list], before: dict[str, int]) -> None:
        """Remove what a failed add wrote (the vocab back to its counts); the server may be gone too."""
        try:
            for kind in ("articles", "chunks", "quotes", "sentences"):
                for start in range(0, len(written[kind]), BATCH):
                    part = written[kind][start : start + BATCH]
                    if kind == "articles":  # string ids: pymilvus' own filter for ids=[...] breaks on "\\"
                        self.client.delete(self.names[kind], filter=one_of("id", part))
                    else:
                        self.client.delete(self.names[kind], ids=part)
            self._set_mine({s: before.get(s, 0) for s in written["vocab"]})
            self._flush()
        except FAILURES + (StoreUnavailable,) as error:
            log.error("Could not undo a failed add in %s (%s): check() will report what is left", self.location,
                      error)

    def remove_article(self, article_id: str) -> ArticleInfo:
        """Delete an article, its chunks, quotes and sentence rows, and its words from the vocabulary."""
        with self.lock:
            info = self.article_info(article_id)
            rows = self._rows("chunks", f"article_id == {literal(article_id)}", ["id", "text"])
            # unlisted first, then its parts; by filter: pymilvus' ids=[...] filter breaks on a "\\" in the id
            self.client.delete(self.names["articles"], filter=f"id == {literal(article_id)}")
            change = vocabulary_of([r["text"] for r in rows])
            before = self._mine(list(change))  # may go below 0: another writer's rows counted these chunks
            self._set_mine({s: before.get(s, 0) - n for s, n in change.items()})
            for start in range(0, len(rows), BATCH):
                self.client.delete(self.names["chunks"], ids=[r["id"] for r in rows[start : start + BATCH]])
            self.client.delete(self.names["quotes"], filter=f"article_id == {literal(article_id)}")
            self.client.delete(self.names["sentences"], filter=f"article_id == {literal(article_id)}")
            self._mark_written()
            self._flush()
            return info

    # The vocabulary: stem -> chunks holding it, as one row per (stem, writer). Each store object counts only
    # into its own rows (under its lock), so shard processes writing one generation lose no updates to each
    # other's read-modify-write; a count is the sum of a stem's rows.
    def _key(self, stem: str) -> str:
        return f"{stem} {self.writer}"  # stems are \w+: the space cannot be part of one

    def _mine(self, words: list[str]) -> dict[str, int]:
        rows = self._get("vocab", [self._key(w) for w in words], ["stem", "chunks"])
        return {r["stem"]: r["chunks"] for r in rows}

    def _set_mine(self, counts: dict[str, int]) -> None:
        alive = [{"key": self._key(s), "stem": s, "writer": self.writer, "chunks": n, "dummy": DUMMY}
                 for s, n in counts.items() if n != 0]
        gone = [self._key(s) for s, n in counts.items() if n == 0]
        for start in range(0, max(len(alive), len(gone)), BATCH):
            if alive[start : start + BATCH]:
                self.client.upsert(self.names["vocab"], alive[start : start + BATCH])
            if gone[start : start + BATCH]:
                self.client.delete(self.names["vocab"], ids=gone[start : start + BATCH])

    def _vocab(self, words: list[str]) -> dict[str, int]:
        """Each stem's count over every writer's rows."""
        totals: Counter[str] = Counter()
        for r in self._rows_in("vocab", "stem", words, ["stem", "chunks"]):
            totals[r["stem"]] += r["chunks"]
        return dict(totals)

    def _flush(self) -> None:
        for name in self.names.values():
            self.client.flush(name)

    # -- articles -------------------------------------------------------------------------------------
    def find_by_hash(self, content_hash: str) -> ArticleInfo | None:
        found = self._infos_by("content_hash", [content_hash])
        return found[0] if found else None

    def article_info(self, article_id: str) -> ArticleInfo:
        found = self.memo("info", [article_id], lambda ids: {i.id: i for i in self._infos_by("id", ids)})
        if not found:
            raise ArticleNotFound(article_id)
        return found[article_id]

    def articles(self, offset: int = 0, limit: int | None = None, since: float | None = None) -> list[ArticleInfo]:
        """Articles (added at `since` or later), newest first: sorted here, as Milvus has no ORDER BY."""
        where = "" if since is None else f"added_at >= {float(since)!r}"
        rows = sorted(self._rows("articles", where, INFO + ["content_hash"]), key=lambda r: (-r["added_at"], r["id"]))
        return [_info(r) for r in rows[offset : None if limit is None else offset + limit]]

    def _infos_by(self, field: str, values: list[str]) -> list[ArticleInfo]:
        rows = self._rows_in("articles", field, values, INFO + ["content_hash"])
        return [_info(r) for r in rows]

    def article_text(self, article_id: str) -> str:
        texts = self.article_texts([article_id])
        if article_id not in texts:
            raise ArticleNotFound(article_id)
        return texts[article_id]

    def article_texts(self, ids: list[str]) -> dict[str, str]:
        return self.memo("text", ids, lambda missing: {
            r["id"]: "".join(r["text"]) for r in self._rows_in("articles", "id", missing, ["id", "text"])})

    def article_sources(self, ids: list[str]) -> dict[str, tuple[str, str | None, str | None, str, str]]:
        def read(missing: list[str]) -> dict[str, tuple[str, str | None, str | None, str, str]]:
            rows = self._rows_in("articles", "id", missing, ["id", "title", "url", "date", "source", "added_at"])
            return {r["id"]: (r["title"], r.get("url"), r.get("date"), r["source"], day_of(r["added_at"]))
                    for r in rows}

        return self.memo("source", ids, read)

    def added_times(self, content_hashes: list[str]) -> dict[str, float]:
        """content hash -> added_at of each article held."""
        rows = self._rows_in("articles", "content_hash", content_hashes, ["content_hash", "added_at"])
        return {r["content_hash"]: r["added_at"] for r in rows}

    # -- chunks ---------------------------------------------------------------------------------------
    def passages(self, scored: list[tuple[int, float]]) -> list[Passage]:
        """Chunk ids with scores -> Passages with their article's url and date, in the given order."""
        ids = [i for i, _ in scored]
        chunks = self.memo("chunk", ids, lambda missing: {
            r["id"]: r for r in self._get("chunks", missing, ["id", "article_id", "title", "text", "start", "end"])})
        sources = self.article_sources(sorted({r["article_id"] for r in chunks.values()}))
        out = []
        for i, score in scored:
            if (r := chunks.get(i)) is not None and (a := sources.get(r["article_id"])) is not None:
                out.append(Passage(i, r["article_id"], r["title"], r["text"], float(score), r["start"], r["end"],
                                   a[1], a[2], a[4]))
        return out

    def dense(self, query: np.ndarray, k: int) -> list[tuple[int, float]]:
        """The k chunks nearest the unit query vector, best first, with their cosines."""
        if k <= 0:
            return []
        hits = self.client.search(self.names["chunks"], data=[np.asarray(query[0], np.float32).tolist()],
                                  anns_field="dense", limit=k, output_fields=["start"],
                                  search_params={"metric_type": "COSINE", "params": {"ef": max(64, k)}})
        return [(int(h["id"]), float(h["distance"])) for h in hits[0]]

    def exact_vectors(self, ids: list[int]) -> np.ndarray:
        """The chunks' stored vectors, in order; a zero row for one removed meanwhile (passages() drops it)."""
        found = self.memo("vector", ids, lambda missing: {
            r["id"]: r["dense"] for r in self._get("chunks", missing, ["id", "dense"])})
        gone = [0.0] * self.dimension
        return np.array([found.get(i, gone) for i in ids], dtype=np.float32).reshape(len(ids), self.dimension)

    def cached_vectors(self, keys: list[str]) -> dict[str, np.ndarray]:
        """Stored vectors by cache key: chunks', then sentences' (Sentences)."""
        rows = self._rows_in("chunks", "vector_key", keys, ["vector_key", "dense"])
        found = {r["vector_key"]: np.array(r["dense"], dtype=np.float32) for r in rows}
        return found | self._sentence_vectors([k for k in keys if k not in found])

    def chunk_spans(self, article_ids: list[str]) -> dict[str, list[tuple[int, int, int]]]:
        def read(missing: list[str]) -> dict[str, list[tuple[int, int, int]]]:
            spans: dict[str, list[tuple[int, int, int]]] = {}
            for r in self._rows_in("chunks", "article_id", missing, ["id", "article_id", "start", "end"]):
                spans.setdefault(r["article_id"], []).append((r["start"], r["end"], r["id"]))
            return {a: sorted(s) for a, s in spans.items()}

        return self.memo("spans", article_ids, read)

    def lead_chunk_ids(self, article_id: str, n: int) -> list[int]:
        return [i for _, _, i in self.chunk_spans([article_id]).get(article_id, [])[:n]]

    @property
    def chunk_count(self) -> int:
        """The chunk count search asks before each lexical search (it only decides which common words to
        skip): one count(*) call at most every COUNT_SECONDS, not one per question."""
        if self._counted is None or time.monotonic() - self._counted[0] > COUNT_SECONDS:
            self._counted = (time.monotonic(), self.count("chunks"))
        return self._counted[1]

    def count(self, table: str) -> int:
        assert table in {"articles", "chunks", "quotes", "sentences"}
        return int(self.client.query(self.names[table], filter="", output_fields=["count(*)"])[0]["count(*)"])

    def never_held(self) -> bool:
        """True for a generation no article was ever written to."""
        return not self._vocab([HELD]).get(HELD) and self.count("articles") == 0

    def size_bytes(self) -> int:
        """An estimate from row counts: Milvus reports no sizes (Lite measured 3,641 B per 384-d chunk)."""
        per_row = dict(BYTES_PER_ROW, chunks=2 * 4 * self.dimension + 600,  # the vector twice (HNSW) + text
                       sentences=4 * self.dimension + 150)
        return sum(int(self.client.get_collection_stats(name)["row_count"]) * per_row[kind]
                   for kind, name in self.names.items())

    def check(self) -> list[str]:
        """What forbids publishing: parts of articles that are not stored, or counts that disagree."""
        return problems_of({r["id"]: r["chunks"] for r in self._rows("articles", "", ["id", "chunks"])},
                           [r["article_id"] for r in self._rows("chunks", "", ["article_id"])],
                           [r["article_id"] for r in self._rows("quotes", "", ["article_id"])])

    def __repr__(self) -> str:
        return f"MilvusStore({self.location})"


def _info(r: dict) -> ArticleInfo:
    return ArticleInfo(r["id"], r["title"], r["chunks"], r["added_at"], r.get("url"), r.get("date"), r["source"])

