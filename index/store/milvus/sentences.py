"""The sentence reads of MilvusStore: each article's sentence rows for the sentence reader, and sentence vectors
by cache key for a rebuild (the same rows the SQLite store keeps, index/store/sentences.py; here the vector is
float32, as Milvus keeps the chunks')."""

from __future__ import annotations

import numpy as np

from index.store.milvus.collections import Collections
from index.store.sentences import entities_of
from index.types import SentenceRow

FIELDS = ["article_id", "start", "end", "vector", "entities"]


class Sentences(Collections):
    """Reads over the sentences collection."""

    def sentence_rows(self, article_ids: list[str]) -> dict[str, list[SentenceRow]]:
        """Each article's sentence rows, in article order; none for an article stored before there were any.
        Kept until the next write (Collections.memo)."""
        return self.memo("sentences", article_ids, self._read_rows)

    def _read_rows(self, article_ids: list[str]) -> dict[str, list[SentenceRow]]:
        found = self._rows_in("sentences", "article_id", article_ids, FIELDS)
        rows: dict[str, list[SentenceRow]] = {}
        for r in sorted(found, key=lambda r: (r["article_id"], r["start"])):
            rows.setdefault(r["article_id"], []).append(SentenceRow(
                r["article_id"], r["start"], r["end"], np.array(r["vector"], dtype=np.float32),
                entities_of(r["entities"], r["start"])))
        return rows

    def _sentence_vectors(self, keys: list[str]) -> dict[str, np.ndarray]:
        """Stored sentence vectors by cache key, for the keys that have one."""
        rows = self._rows_in("sentences", "vector_key", keys, ["vector_key", "vector"])
        return {r["vector_key"]: np.array(r["vector"], dtype=np.float32) for r in rows}
