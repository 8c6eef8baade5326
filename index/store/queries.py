"""The read side of the embedded store: every query the answer code and the library make, as methods.

Nothing outside the store writes SQL: the Milvus store (issue 12) answers the same methods, so the answer
code never knows which store it reads. A `Queries` reads through `self.db` (SQLite), `self.vectors` (FAISS)
and `self.lock`, which the Store gives it.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterable

import numpy as np

from index.store import sentences
from index.store.vectors import VectorIndex
from index.types import Passage, Quote, SentenceRow, day_of

BATCH = 500  # ids per "IN (...)": well under SQLite's limit on bound parameters


def fts_match(words: list[str], all_words: bool = False, prefix: bool = False) -> str:
    """Raw words -> an FTS5 query: each quoted (FTS5 stems it), joined by OR (AND with all_words).

    >>> fts_match(["warner", 'say"s']), fts_match(["vote", "bill"], all_words=True), fts_match(["sheep"], prefix=True)
    ('"warner" OR "say""s"', '"vote" AND "bill"', '"sheep" *')
    """
    quoted = ['"{}"{}'.format(w.replace('"', '""'), " *" if prefix else "") for w in words if w]
    return (" AND " if all_words else " OR ").join(quoted)


class Queries:
    """Reads over one generation's SQLite database and FAISS index."""

    db: sqlite3.Connection
    vectors: VectorIndex
    lock: threading.RLock

    # -- chunks ---------------------------------------------------------------------------------------
    @property
    def exact(self) -> bool:
        """Are dense() scores exact cosines (a flat index), not a quantised index's estimates?"""
        return self.vectors.exact

    @property
    def kind(self) -> str:
        return self.vectors.kind

    @property
    def chunk_count(self) -> int:
        """How many chunks the library holds (FAISS keeps the count: no query)."""
        return self.vectors.count

    def dense(self, query: np.ndarray, k: int) -> list[tuple[int, float]]:
        """Top-k chunk ids by cosine (query: shape (1, d), unit length)."""
        with self.lock:
            scores, ids = self.vectors.search(query, k)
        return [(int(i), float(s)) for i, s in zip(ids, scores)]

    def passages(self, scored: list[tuple[int, float]]) -> list[Passage]:
        """Chunk ids with scores -> Passages with article metadata, in the given order."""
        rows = {r["id"]: r for r in self._in(
            "SELECT c.id, c.article_id, c.start, c.end, c.text, a.title, a.url, a.date, a.added_at FROM chunks c"
            " JOIN articles a ON a.id = c.article_id WHERE c.id IN ({})", [i for i, _ in scored])}
        return [Passage(i, r["article_id"], r["title"], r["text"], float(s), r["start"], r["end"], r["url"], r["date"],
                        day_of(r["added_at"])) for i, s in scored if (r := rows.get(i)) is not None]

    def chunk_spans(self, article_ids: list[str]) -> dict[str, list[tuple[int, int, int]]]:
        """Each article's chunks as (start, end, chunk id), in article order."""
        spans: dict[str, list[tuple[int, int, int]]] = {}
        for r in self._in("SELECT id, article_id, start, end FROM chunks WHERE article_id IN ({})"
                          " ORDER BY article_id, start", list(dict.fromkeys(article_ids))):
            spans.setdefault(r["article_id"], []).append((r["start"], r["end"], r["id"]))
        return spans

    def lead_chunk_ids(self, article_id: str, n: int) -> list[int]:
        """An article's first n chunks."""
        with self.lock:
            rows = self.db.execute("SELECT id FROM chunks WHERE article_id = ? ORDER BY start LIMIT ?",
                                   (article_id, n)).fetchall()
        return [int(r[0]) for r in rows]

    def exact_vectors(self, ids: list[int]) -> np.ndarray:
        """The chunks' exact vectors, in order: from FAISS where it keeps them whole, else from SQLite. While
        FAISS is out of step with SQLite (another process wrote since this one caught up), SQLite has the
        chunks FAISS lacks, and a chunk no longer stored gets a zero row (cosine 0; passages() drops it)."""
        if self.vectors.exact or not ids:
            with self.lock:
                try:
                    return self.vectors.reconstruct(ids)
                except KeyError:
                    pass
        found = {r[0]: r[1] for r in self._in("SELECT c.id, v.vector FROM chunks c JOIN vectors v ON"
                                              " v.key = c.vector_key WHERE c.id IN ({})", ids)}
        gone = bytes(4 * self.vectors.dimension)
        return np.vstack([np.frombuffer(found.get(i, gone), dtype=np.float32) for i in ids])

    def cached_vectors(self, keys: list[str]) -> dict[str, np.ndarray]:
        """Stored vectors by key, for the keys that have one: chunks' (float32), then sentences' (float16)."""
        found = {r[0]: np.frombuffer(r[1], dtype=np.float32)
                 for r in self._in("SELECT key, vector FROM vectors WHERE key IN ({})", keys)}
        rest = {sentences.key_bytes(k): k for k in keys if k not in found}
        try:
            rows = self._in("SELECT key, vector FROM sentences WHERE key IN ({})", list(rest))
        except sqlite3.OperationalError as error:
            if not sentences.missing_table(error):
                raise
            rows = []
        return found | {rest[r[0]]: sentences.vector_of(r[1]) for r in rows}

    # -- sentences ------------------------------------------------------------------------------------
    def sentence_rows(self, article_ids: list[str]) -> dict[str, list[SentenceRow]]:
        """Each article's sentence rows, in article order, vectors as float32; an article stored before the
        library kept sentence rows has none (the reader computes them then)."""
        try:
            return sentences.rows_of(self._in(
                "SELECT article_id, start, end, vector, entities FROM sentences WHERE article_id IN ({})"
                " ORDER BY article_id, start", list(dict.fromkeys(article_ids))))
        except sqlite3.OperationalError as error:
            if not sentences.missing_table(error):
                raise
            return {}

    # -- words ----------------------------------------------------------------------------------------
    def lexical(self, words: list[str], k: int, all_words: bool = False,
                prefix: bool = False) -> list[tuple[int, float]]:
        """BM25 over chunk text and title (title weighted 0.5) for raw words (FTS5 stems them), any of them or
        all_words; prefix: the words as prefixes. Higher score is better."""
        match = fts_match(words, all_words, prefix)
        if not match:
            return []
        with self.lock:
            rows = self.db.execute(
                "SELECT rowid, -bm25(chunks_fts, 0.5, 1.0) AS s FROM chunks_fts WHERE chunks_fts MATCH ?"
                " ORDER BY bm25(chunks_fts, 0.5, 1.0) LIMIT ?", (match, k)).fetchall()
        return [(int(r[0]), float(r[1])) for r in rows]

    def document_frequency(self, word: str) -> int:
        """How many chunks contain a raw word (as FTS5 tokenises and stems it)."""
        match = 'body:"{}"'.format(word.replace('"', '""'))
        with self.lock:
            return self.db.execute("SELECT COUNT(*) FROM chunks_fts WHERE chunks_fts MATCH ?", (match,)).fetchone()[0]

    def stem_frequency(self, stem: str) -> int:
        """How many chunk texts hold an already stemmed word, read from FTS5's vocabulary (a MATCH would stem it
        again: "univers" -> "univ"); a MATCH where SQLite's Porter stems the word apart from PyStemmer's."""
        with self.lock:
            row = self._vocabulary("SELECT doc FROM temp.vocab WHERE term = ? AND col = 'body'", (stem,)).fetchone()
        return int(row[0]) if row else self.document_frequency(stem)

    def stem_frequencies(self, stems: list[str]) -> dict[str, int]:
        """stem_frequency of each word (one call for many: the Milvus store answers them in one query)."""
        return {s: self.stem_frequency(s) for s in stems}

    def spellings(self, prefix: str) -> list[str]:
        """The indexed (stemmed) words that start with `prefix`, to tell a typo from an unknown name."""
        with self.lock:
            return [r[0] for r in self._vocabulary("SELECT DISTINCT term FROM temp.vocab WHERE term >= ? AND "
                                                   "term < ? LIMIT 5000", (prefix, prefix + "\uffff"))]

    def _vocabulary(self, sql: str, params: tuple) -> sqlite3.Cursor:  # FTS5's own word list, per column
        self.db.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.vocab USING fts5vocab(main, chunks_fts, col)")
        return self.db.execute(sql, params)

    # -- articles and quotes --------------------------------------------------------------------------
    def article_texts(self, ids: list[str]) -> dict[str, str]:
        return {r[0]: r[1] for r in self._in("SELECT id, text FROM articles WHERE id IN ({})", list(set(ids)))}

    def article_sources(self, ids: list[str]) -> dict[str, tuple[str, str | None, str | None, str, str]]:
        """id -> (title, url, date, source, the day it was added) of each article found."""
        return {r[0]: (r[1], r[2], r[3], r[4], day_of(r[5])) for r in self._in(
            "SELECT id, title, url, date, source, added_at FROM articles WHERE id IN ({})", list(dict.fromkeys(ids)))}

    def added_times(self, content_hashes: list[str]) -> dict[str, float]:
        """content hash -> added_at of each article held."""
        return {r[0]: r[1] for r in self._in("SELECT content_hash, added_at FROM articles WHERE content_hash IN ({})",
                                             list(dict.fromkeys(content_hashes)))}

    def quotes(self, canonicals: Iterable[str] = (), article_ids: Iterable[str] = (),
               within: tuple[str, int, int] | None = None) -> list[Quote]:
        """Stored quotes, by article and position: of these speakers, in these articles, and/or overlapping
        (article id, start, end); every quote when no filter is given."""
        where, params = [], []
        for column, values in (("canonical", list(canonicals)), ("article_id", list(article_ids))):
            if values:
                where.append(f"q.{column} IN ({','.join('?' * len(values))})")
                params += values
        if within is not None:
            where.append("q.article_id = ? AND q.end > ? AND q.start < ?")
            params += list(within)
        sql = "SELECT * FROM quotes q " + (f"WHERE {' AND '.join(where)} " if where else "")
        with self.lock:
            rows = self.db.execute(sql + "ORDER BY q.article_id, q.start", params).fetchall()
        return [Quote(r["speaker"], r["canonical"], r["cue"], r["content"], r["kind"], r["start"], r["end"],
                      r["description"], r["article_id"]) for r in rows]

    def quote_counts(self) -> dict[str, int]:
        """Canonical speaker -> how many quotes the library holds of them."""
        with self.lock:
            return {r[0]: r[1] for r in self.db.execute("SELECT canonical, COUNT(*) FROM quotes GROUP BY canonical")}

    def top_speakers(self, n: int) -> list[tuple[str, int]]:
        """The n most quoted speakers, each with the length of their longest description."""
        with self.lock:
            rows = self.db.execute("SELECT canonical, MAX(LENGTH(description)) FROM quotes GROUP BY canonical"
                                   " ORDER BY COUNT(*) DESC, canonical LIMIT ?", (n,)).fetchall()
        return [(r[0], r[1] or 0) for r in rows]

    def _in(self, sql: str, values: list) -> list[sqlite3.Row]:
        """Rows of `sql` (one "IN ({})") over all values, BATCH at a time."""
        rows: list[sqlite3.Row] = []
        with self.lock:
            for start in range(0, len(values), BATCH):
                part = values[start : start + BATCH]
                rows += self.db.execute(sql.format(",".join("?" * len(part))), part).fetchall()
        return rows
