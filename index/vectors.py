"""FAISS behind a small interface: add, remove, search, save, load, count.

Ids are SQLite chunk rowids (IndexIDMap2 keeps the mapping), so removing an article removes exactly its
chunks' vectors without rebuilding. Vectors are normalised by the embedder, so the inner-product metric
of IndexFlatIP is cosine similarity.
"""

from __future__ import annotations

from pathlib import Path

import faiss
import numpy as np

from index.atomic import atomic_write


class VectorIndex:
    """An exact inner-product index keyed by chunk id."""

    def __init__(self, dimension: int, index: faiss.Index | None = None) -> None:
        self.dimension = dimension
        self.index = index if index is not None else faiss.IndexIDMap2(faiss.IndexFlatIP(dimension))

    def add(self, ids: np.ndarray, vectors: np.ndarray) -> None:
        """Add vectors under the given int64 ids."""
        if len(ids):
            self.index.add_with_ids(np.ascontiguousarray(vectors, dtype=np.float32), ids.astype(np.int64))

    def remove(self, ids: np.ndarray) -> int:
        """Remove vectors by id; returns how many were removed."""
        if not len(ids):
            return 0
        return int(self.index.remove_ids(np.asarray(ids, dtype=np.int64)))

    def search(self, query: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Top-k (scores, ids) for one (1, d) query; missing slots are dropped."""
        if self.count == 0 or k <= 0:
            return np.zeros(0, dtype=np.float32), np.zeros(0, dtype=np.int64)
        scores, ids = self.index.search(np.ascontiguousarray(query, dtype=np.float32), min(k, self.count))
        keep = ids[0] >= 0
        return scores[0][keep], ids[0][keep]

    @property
    def count(self) -> int:
        return int(self.index.ntotal)

    def ids(self) -> np.ndarray:
        """All stored ids (order unspecified)."""
        return faiss.vector_to_array(self.index.id_map).astype(np.int64)

    def save(self, path: Path) -> None:
        """Write the index atomically."""
        atomic_write(path, lambda tmp: faiss.write_index(self.index, tmp))

    @classmethod
    def load(cls, path: Path) -> VectorIndex:
        """Read an index written by save()."""
        index = faiss.read_index(str(path))
        return cls(index.d, index)
