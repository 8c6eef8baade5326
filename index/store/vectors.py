"""FAISS behind a small interface: add, remove, search, reconstruct, save, load, count.

Ids are SQLite chunk rowids, so removing an article removes exactly its chunks' vectors without
rebuilding. Vectors are normalised by the embedder, so the inner-product metric is cosine similarity.

The kind is chosen when an index is built in one go (a rebuild, or a repair from SQLite: a bulk add
into an empty index); single uploads and removals then go into whichever kind is in use:
- "flat" (IndexIDMap2 over IndexFlatIP): exact; below ANN_THRESHOLD vectors, where a scan is fast.
- "ivf-pq" (ANN_KIND; index/store/vectors_ann.py): approximate, 4-bit PQ fast scan re-ranked by 8-bit copies;
  from ANN_THRESHOLD up. Removes natively. Its stored vectors are quantised, so `exact` is False and
  exact cosines come from SQLite (Store.exact_vectors). "ivf-sq8" (8-bit IVF) is the same without the
  PQ stage: buildable with ann="ivf-sq8", slower to scan.
- "hnsw": built by earlier versions; loads and keeps working. FAISS cannot delete from an HNSW graph,
  so removed ids become tombstones that the search skips (an IDSelector inside the graph walk, so k
  results still come back), saved beside the index; the next rebuild drops them. Chunk ids come from
  an AUTOINCREMENT column and are never reused, so a tombstone never hides a newer chunk.
The kind is in the saved file (the FAISS index type), so a reload keeps it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import faiss
import numpy as np

from index.store import vectors_ann
from index.store.atomic import atomic_write

# Measured with scripts/bench/bench_scale.py / bench_index.py on 2 cores (synthetic 384-d vectors, intrinsic
# dimension 48, one query at a time, recall@10 against exact): below 20k a flat scan takes a few ms.
# At 1M: ivf-pq (PQ192x4 fast scan + 8-bit re-rank, 25-40% of 1000 lists) recall 0.956-0.978 at p50
# 3.4-4.4 ms, built in 14-19 s; ivf-sq8 (4000 lists) 0.930 at 512 lists, p50 6.5 ms, built in 133 s;
# flat p50 180 ms. hnsw (ef 96) was 0.757, and keeps 1.5 KB a vector (1.9 GB alone at 1M), built at
# 1-3k vectors/s (18 min). At 100k hnsw-sq8 reached 0.973 (1.3 ms) but built in 58 s. Only IVF-PQ's fast
# scan is cheap enough to scan the share of 5M vectors that 0.95 needs within 20 ms.
ANN_THRESHOLD = 20_000
ANN_KIND = "ivf-pq"
REMOVED_SUFFIX = ".removed.npy"
REFINE_SUFFIX = ".refine"


class VectorIndex:
    """An inner-product index keyed by chunk id: exact ("flat") or approximate ("ivf-pq", "ivf-sq8", "hnsw")."""

    def __init__(self, dimension: int, index: faiss.Index | None = None, removed: np.ndarray | None = None,
                 threshold: int | None = None, ann: str | None = None, refine: faiss.Index | None = None) -> None:
        self.dimension = dimension
        self.index = index if index is not None else faiss.IndexIDMap2(faiss.IndexFlatIP(dimension))
        self.threshold = ANN_THRESHOLD if threshold is None else threshold
        self.ann = ANN_KIND if ann is None else ann
        self.removed: set[int] = set() if removed is None else {int(i) for i in removed}
        self.breadth: int | None = None  # nprobe / efSearch override, for benchmark sweeps
        self.refine = refine  # ivf-pq's 8-bit copies for re-ranking (None for the other kinds)

    @property
    def kind(self) -> str:
        return vectors_ann.kind_of(self.index)

    @property
    def exact(self) -> bool:
        """Whether the index keeps full vectors (so its scores and reconstruct() are exact cosines)."""
        return self.kind in ("flat", "hnsw")

    def add(self, ids: np.ndarray, vectors: np.ndarray) -> None:
        """Add vectors under the given int64 ids; a bulk add into an empty index picks its kind."""
        if not len(ids):
            return
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        if self.index.ntotal == 0 and len(ids) >= self.threshold and self.kind == "flat":
            self.index = vectors_ann.build(self.ann, vectors)
            self.refine = vectors_ann.refine_for(vectors) if self.kind == "ivf-pq" else None
        ids = np.asarray(ids, dtype=np.int64)
        self.index.add_with_ids(vectors, ids)
        if self.refine is not None:
            self.refine.add_with_ids(vectors, ids)

    def remove(self, ids: np.ndarray) -> int:
        """Remove vectors by id; returns how many were removed."""
        if not len(ids):
            return 0
        if self.kind != "hnsw":
            if self.refine is not None:
                self.refine.remove_ids(np.asarray(ids, dtype=np.int64))
            return int(self.index.remove_ids(np.asarray(ids, dtype=np.int64)))
        wanted = np.unique(np.asarray(ids, dtype=np.int64))
        gone = {int(i) for i in wanted[np.isin(wanted, self._all_ids())]} - self.removed
        self.removed |= gone
        return len(gone)

    def search(self, query: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Top-k (scores, ids) for one (1, d) query; missing slots are dropped. Scores are approximate
        cosines when `exact` is False."""
        if self.count == 0 or k <= 0:
            return np.zeros(0, dtype=np.float32), np.zeros(0, dtype=np.int64)
        query = np.ascontiguousarray(query, dtype=np.float32)
        params = vectors_ann.search_params(self.index, k, self.removed, self.breadth)
        with one_thread():
            if self.refine is not None:
                scores, ids = vectors_ann.refined_search(self.index, self.refine, query, min(k, self.count), params)
            else:
                scores, ids = self.index.search(query, min(k, self.count), params=params)
        keep = ids[0] >= 0
        return scores[0][keep], ids[0][keep]

    def reconstruct(self, ids: list[int]) -> np.ndarray:
        """The stored (exact) vectors of these ids, (len(ids), d); KeyError when one is missing. Only where
        `exact`: else see Store.exact_vectors, which reads them from SQLite."""
        if not self.exact:
            raise ValueError(f"a {self.kind} index keeps quantised vectors; read exact ones from the store")
        if not ids:
            return np.zeros((0, self.dimension), dtype=np.float32)
        try:
            return np.vstack([self.index.reconstruct(int(i)) for i in ids])
        except RuntimeError as error:  # FAISS' "key N not found"
            raise KeyError(f"a chunk of {ids} is not in the index") from error

    @property
    def count(self) -> int:
        return int(self.index.ntotal) - len(self.removed)

    def _all_ids(self) -> np.ndarray:
        return vectors_ann.all_ids(self.index)

    def ids(self) -> np.ndarray:
        """All live ids (order unspecified)."""
        every = self._all_ids()
        if not self.removed:
            return every
        return every[~np.isin(every, np.fromiter(self.removed, dtype=np.int64))]

    def save(self, path: Path) -> None:
        """Write the index atomically, and beside it HNSW's tombstones or ivf-pq's refine index (stale ones go)."""
        if self.refine is not None:
            atomic_write(_refine_path(path), lambda tmp: faiss.write_index(self.refine, tmp))
        if self.kind == "hnsw":
            removed = np.array(sorted(self.removed), dtype=np.int64)
            atomic_write(_removed_path(path), lambda tmp: _save_array(tmp, removed))
        atomic_write(path, lambda tmp: faiss.write_index(self.index, tmp))
        if self.kind != "hnsw":
            _removed_path(path).unlink(missing_ok=True)
        if self.refine is None:
            _refine_path(path).unlink(missing_ok=True)

    @classmethod
    def load(cls, path: Path, threshold: int | None = None) -> VectorIndex:
        """Read an index written by save()."""
        index = faiss.read_index(str(path))
        side = _removed_path(path)
        try:
            removed = np.load(side) if side.exists() and vectors_ann.kind_of(index) == "hnsw" else None
        except (OSError, ValueError) as error:  # the caller repairs an unreadable index from SQLite
            raise RuntimeError(f"cannot read {side}: {error}") from error
        refine = None
        if vectors_ann.kind_of(index) == "ivf-pq":  # RuntimeError when missing: repaired from SQLite too
            refine = faiss.read_index(str(_refine_path(path)))
            if refine.ntotal != index.ntotal:
                raise RuntimeError(f"{_refine_path(path)} holds {refine.ntotal} vectors, {path} {index.ntotal}")
        return cls(index.d, index, removed, threshold, refine=refine)


@contextmanager
def one_thread() -> Iterator[None]:
    """Run FAISS calls in this block on this thread alone. One query is too little work to share: OpenMP's
    hand-offs cost more than the scan, and far more when the cores are busy (measured with the encoder's or
    another process's threads running: a flat search of 646 vectors took 8 ms on 2 threads, 0.05 ms on 1;
    20k vectors 7.6 ms against 1.2 ms). The setting is per calling thread, so bulk builds elsewhere keep
    every core."""
    before = faiss.omp_get_max_threads()
    faiss.omp_set_num_threads(1)
    try:
        yield
    finally:
        faiss.omp_set_num_threads(before)


def _save_array(path: str, array: np.ndarray) -> None:
    with open(path, "wb") as handle:
        np.save(handle, array)


def _removed_path(path: Path) -> Path:
    return path.with_name(path.name + REMOVED_SUFFIX)


def _refine_path(path: Path) -> Path:
    return path.with_name(path.name + REFINE_SUFFIX)
