"""FAISS behind a small interface: add, remove, search, reconstruct, save, load, count.

Ids are SQLite chunk rowids (IndexIDMap2 keeps the mapping), so removing an article removes exactly its
chunks' vectors without rebuilding. Vectors are normalised by the embedder, so the inner-product metric
is cosine similarity.

Two kinds, chosen when an index is built in one go (a rebuild, or a repair from SQLite):
- "flat": exact search; right for small libraries, where scanning every vector is fast enough.
- "hnsw": approximate (IndexHNSWFlat, M=32), from HNSW_THRESHOLD vectors up, where a scan gets slow.
  It keeps the full vectors, so reconstruct() still gives exact cosines. FAISS cannot delete from an
  HNSW graph, so removed ids become tombstones that the search skips (an IDSelector inside the graph
  walk, so k results still come back); the next rebuild drops them. Chunk ids come from an
  AUTOINCREMENT column and are never reused, so a tombstone never hides a newer chunk.
The kind is in the saved file (the FAISS index type), so a reload keeps it.
"""

from __future__ import annotations

from pathlib import Path

import faiss
import numpy as np

from index.atomic import atomic_write

# Measured with scripts/bench_scale.py on 2 cores (README, "Scaling"): below this a flat scan takes a few
# ms; above it the scan grows to tens of ms while HNSW stays near a millisecond.
HNSW_THRESHOLD = 20_000
HNSW_M = 32
HNSW_EF_CONSTRUCTION = 64
HNSW_EF_SEARCH = 256  # recall@10 0.974 on 100k synthetic vectors (0.907 at 128), bench_scale.py
REMOVED_SUFFIX = ".removed.npy"


def _hnsw(dimension: int) -> faiss.Index:
    graph = faiss.IndexHNSWFlat(dimension, HNSW_M, faiss.METRIC_INNER_PRODUCT)
    graph.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
    graph.hnsw.efSearch = HNSW_EF_SEARCH
    return graph


class VectorIndex:
    """An inner-product index keyed by chunk id: exact ("flat") or HNSW, with tombstones for removals."""

    def __init__(self, dimension: int, index: faiss.Index | None = None, removed: np.ndarray | None = None,
                 threshold: int | None = None) -> None:
        self.dimension = dimension
        self.index = index if index is not None else faiss.IndexIDMap2(faiss.IndexFlatIP(dimension))
        self.threshold = HNSW_THRESHOLD if threshold is None else threshold
        self.removed: set[int] = set() if removed is None else {int(i) for i in removed}

    @property
    def kind(self) -> str:
        inner = faiss.downcast_index(self.index.index)
        return "hnsw" if isinstance(inner, faiss.IndexHNSW) else "flat"

    def add(self, ids: np.ndarray, vectors: np.ndarray) -> None:
        """Add vectors under the given int64 ids; a bulk add into an empty index picks its kind."""
        if not len(ids):
            return
        if self.index.ntotal == 0 and len(ids) >= self.threshold and self.kind == "flat":
            self.index = faiss.IndexIDMap2(_hnsw(self.dimension))
        self.index.add_with_ids(np.ascontiguousarray(vectors, dtype=np.float32), np.asarray(ids, dtype=np.int64))

    def remove(self, ids: np.ndarray) -> int:
        """Remove vectors by id; returns how many were removed."""
        if not len(ids):
            return 0
        if self.kind == "flat":
            return int(self.index.remove_ids(np.asarray(ids, dtype=np.int64)))
        wanted = np.unique(np.asarray(ids, dtype=np.int64))
        gone = {int(i) for i in wanted[np.isin(wanted, self._all_ids())]} - self.removed
        self.removed |= gone
        return len(gone)

    def search(self, query: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Top-k (scores, ids) for one (1, d) query; missing slots are dropped."""
        if self.count == 0 or k <= 0:
            return np.zeros(0, dtype=np.float32), np.zeros(0, dtype=np.int64)
        query = np.ascontiguousarray(query, dtype=np.float32)
        if self.kind == "flat":
            scores, ids = self.index.search(query, min(k, self.count))
        else:
            params = faiss.SearchParametersHNSW(efSearch=max(HNSW_EF_SEARCH, k))
            if self.removed:
                params.sel = faiss.IDSelectorNot(faiss.IDSelectorBatch(np.fromiter(self.removed, dtype=np.int64)))
            scores, ids = self.index.search(query, min(k, self.count), params=params)
        keep = ids[0] >= 0
        return scores[0][keep], ids[0][keep]

    def reconstruct(self, ids: list[int]) -> np.ndarray:
        """The stored (exact) vectors of these ids, (len(ids), d)."""
        if not ids:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return np.vstack([self.index.reconstruct(int(i)) for i in ids])

    @property
    def count(self) -> int:
        return int(self.index.ntotal) - len(self.removed)

    def _all_ids(self) -> np.ndarray:
        return faiss.vector_to_array(self.index.id_map).astype(np.int64)

    def ids(self) -> np.ndarray:
        """All live ids (order unspecified)."""
        every = self._all_ids()
        if not self.removed:
            return every
        return every[~np.isin(every, np.fromiter(self.removed, dtype=np.int64))]

    def save(self, path: Path) -> None:
        """Write the index atomically, and its tombstones beside it (none for a flat index)."""
        if self.kind == "hnsw":
            removed = np.array(sorted(self.removed), dtype=np.int64)
            atomic_write(_removed_path(path), lambda tmp: _save_array(tmp, removed))
        atomic_write(path, lambda tmp: faiss.write_index(self.index, tmp))

    @classmethod
    def load(cls, path: Path, threshold: int | None = None) -> VectorIndex:
        """Read an index written by save()."""
        index = faiss.read_index(str(path))
        side = _removed_path(path)
        try:
            removed = np.load(side) if side.exists() else None
        except (OSError, ValueError) as error:  # the caller repairs an unreadable index from SQLite
            raise RuntimeError(f"cannot read {side}: {error}") from error
        return cls(index.d, index, removed, threshold)


def _save_array(path: str, array: np.ndarray) -> None:
    with open(path, "wb") as handle:
        np.save(handle, array)


def _removed_path(path: Path) -> Path:
    return path.with_name(path.name + REMOVED_SUFFIX)
