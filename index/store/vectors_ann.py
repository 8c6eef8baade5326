"""The approximate FAISS index kinds VectorIndex builds for large libraries: how to build, search and list them.

- "ivf-pq": IndexIVFPQFastScan (4-bit PQ, d/2 sub-quantizers: 96 bytes a 384-d vector, scanned with SIMD
  lookups several times faster than 8-bit codes) finds CANDIDATES candidates, re-ranked by an 8-bit
  copy of every vector (an IndexIDMap2 over IndexScalarQuantizer, the "refine" index, saved beside it).
  Both keep their ids and remove natively. Approximate scores, as for "ivf-sq8".
- "ivf-sq8": IndexIVFScalarQuantizer, 8 bits per dimension (384 bytes a vector instead of 1,536), with
  k-means coarse lists trained at build time on a sample of the vectors being added. Its ids live in
  the inverted lists (no IndexIDMap), and remove_ids deletes natively, so no tombstones. Its stored
  vectors and scores are approximate: exact cosines come from SQLite (Store.exact_vectors).
- "hnsw": IndexHNSWFlat (M=32) inside an IndexIDMap2. Built above the threshold by earlier versions; it
  still loads and works (tombstones for removals, in VectorIndex) until the next rebuild.
"""

from __future__ import annotations

import math

import faiss
import numpy as np

HNSW_M = 32
HNSW_EF_CONSTRUCTION = 64
HNSW_EF_SEARCH = 256  # recall@10 0.974 on 100k synthetic vectors (0.907 at 128), bench_scale.py
IVF_MIN_PER_LIST = 39  # FAISS's k-means wants 39+ training points per centroid
IVF_TRAIN_PER_LIST = 64  # training sample: 64 points a list (256k of 1M for ivf-sq8's 4000 lists)
IVF_NITER = 10
# ivf-sq8 (an option, not the default) at 1M, 4000 lists: recall@10 0.591 at nprobe 64 (0.9 ms), 0.851
# at 256 (4.0 ms), 0.930 at 512 (6.5 ms); built in 133 s. Hence nprobe = nlist / 8.
IVF_NPROBE_SHARE = 8
IVF_MIN_NPROBE = 32
# ivf-pq at 1M synthetic vectors (bench_index.py, 2 cores), recall@10 / p50 by share of lists visited and
# PQ size, 600 candidates: PQ192x4 0.904 / 2.5 ms at 15%, 0.956 / 3.4 ms at 25%, 0.978 / 4.4 ms at 40%;
# PQ96x4 plateaus at 0.91 (its top 600 miss true neighbours; 1,200+ candidates take FAISS's slower
# large-k path, ~8 ms, for 0.95).
# The share of lists 0.95 needs falls as n grows (100k: 40% of 316 lists gave 0.962, 30% 0.939), as
# nlist^0.7 fits: nprobe = 2.5 * nlist^0.7 (45% at 100k, 31% at 1M, 25% at 5M).
PQ_NPROBE_SCALE = 2.5
PQ_NPROBE_POWER = 0.7
CANDIDATES = 600
KINDS = ("flat", "hnsw", "ivf-sq8", "ivf-pq")


def ivf_lists(n: int) -> int:
    """Coarse lists for n vectors: 4 * sqrt(n), but few enough that k-means has 39 points a list.

    >>> ivf_lists(1_000_000), ivf_lists(5_000_000), ivf_lists(400), ivf_lists(10)
    (4000, 8944, 10, 1)
    """
    return max(1, min(int(4 * math.sqrt(n)), n // IVF_MIN_PER_LIST))


def ivf_nprobe(nlist: int) -> int:
    """Lists visited per query: a fixed share of the lists, with a floor (all of them for tiny indexes).

    >>> ivf_nprobe(4000), ivf_nprobe(8944), ivf_nprobe(10)
    (500, 1118, 10)
    """
    return min(nlist, max(IVF_MIN_NPROBE, nlist // IVF_NPROBE_SHARE))


def pq_lists(n: int) -> int:
    """ivf-pq's coarse lists: sqrt(n) (big lists suit the fast scan), with 39 training points a list.

    >>> pq_lists(1_000_000), pq_lists(5_000_000), pq_lists(400)
    (1000, 2236, 10)
    """
    return max(1, min(int(math.sqrt(n)), n // IVF_MIN_PER_LIST))


def pq_nprobe(nlist: int) -> int:
    """ivf-pq's lists visited per query: a share of the lists that falls as they grow.

    >>> pq_nprobe(316), pq_nprobe(1000), pq_nprobe(2236), pq_nprobe(10)
    (141, 315, 553, 10)
    """
    return min(nlist, max(1, round(PQ_NPROBE_SCALE * nlist**PQ_NPROBE_POWER)))


def kind_of(index: faiss.Index) -> str:
    """The kind name of a FAISS index VectorIndex made (or loaded)."""
    index = faiss.downcast_index(index)
    if isinstance(index, faiss.IndexIVFPQFastScan):
        return "ivf-pq"
    if isinstance(index, faiss.IndexIVFScalarQuantizer):
        return "ivf-sq8"
    if isinstance(index, faiss.IndexIDMap) and isinstance(faiss.downcast_index(index.index), faiss.IndexHNSW):
        return "hnsw"
    return "flat"


def build(kind: str, vectors: np.ndarray, seed: int = 0) -> faiss.Index:
    """An empty index of this kind for these vectors (IVF trained on a sample of them); add them after."""
    d = vectors.shape[1]
    if kind == "flat":
        return faiss.IndexIDMap2(faiss.IndexFlatIP(d))
    if kind == "hnsw":
        graph = faiss.IndexHNSWFlat(d, HNSW_M, faiss.METRIC_INNER_PRODUCT)
        graph.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
        graph.hnsw.efSearch = HNSW_EF_SEARCH
        return faiss.IndexIDMap2(graph)
    if kind == "ivf-sq8":
        nlist = ivf_lists(len(vectors))
        index = faiss.IndexIVFScalarQuantizer(faiss.IndexFlatIP(d), d, nlist, faiss.ScalarQuantizer.QT_8bit,
                                              faiss.METRIC_INNER_PRODUCT)
        index.cp.niter = IVF_NITER
        index.cp.max_points_per_centroid = IVF_TRAIN_PER_LIST
        index.train(training_sample(vectors, nlist * IVF_TRAIN_PER_LIST, seed))
        index.nprobe = ivf_nprobe(nlist)
        return index
    if kind == "ivf-pq":
        nlist = pq_lists(len(vectors))
        sample = training_sample(vectors, nlist * IVF_TRAIN_PER_LIST, seed)
        index = faiss.index_factory(d, f"IVF{nlist},PQ{d // 2}x4fs", faiss.METRIC_INNER_PRODUCT)
        index.cp.niter = IVF_NITER
        # a tiny set (a lowered threshold) repeats its rows: each 4-bit sub-quantizer needs 16+ points
        index.train(np.resize(sample, (max(len(sample), 16 * IVF_MIN_PER_LIST), d)))
        index.nprobe = pq_nprobe(nlist)
        return index
    raise ValueError(f"unknown index kind {kind!r}; use one of {', '.join(KINDS)}")


def training_sample(vectors: np.ndarray, size: int, seed: int = 0) -> np.ndarray:
    """At most `size` rows of vectors, drawn without replacement (all of them if there are fewer).

    >>> training_sample(np.eye(3, dtype=np.float32), 2).shape
    (2, 3)
    """
    if len(vectors) <= size:
        return np.ascontiguousarray(vectors, dtype=np.float32)
    rows = np.sort(np.random.default_rng(seed).choice(len(vectors), size, replace=False))
    return np.ascontiguousarray(vectors[rows], dtype=np.float32)


def search_params(index: faiss.Index, k: int, removed: set[int], breadth: int | None) -> faiss.SearchParameters | None:
    """Per-query parameters: IVF's nprobe or HNSW's efSearch (breadth overrides), HNSW's tombstone filter."""
    kind = kind_of(index)
    if kind in ("ivf-sq8", "ivf-pq"):
        return faiss.SearchParametersIVF(nprobe=breadth or faiss.downcast_index(index).nprobe)
    if kind == "hnsw":
        params = faiss.SearchParametersHNSW(efSearch=max(breadth or HNSW_EF_SEARCH, k))
        if removed:
            params.sel = faiss.IDSelectorNot(faiss.IDSelectorBatch(np.fromiter(removed, dtype=np.int64)))
        return params
    return None


def all_ids(index: faiss.Index) -> np.ndarray:
    """Every id stored in the index (tombstoned ones included), order unspecified."""
    index = faiss.downcast_index(index)
    if not isinstance(index, faiss.IndexIVF):
        return faiss.vector_to_array(index.id_map).astype(np.int64)
    lists = index.invlists
    parts = [faiss.rev_swig_ptr(lists.get_ids(i), lists.list_size(i)).copy()
             for i in range(index.nlist) if lists.list_size(i)]
    return np.concatenate(parts).astype(np.int64) if parts else np.zeros(0, dtype=np.int64)


def refine_for(vectors: np.ndarray, seed: int = 0) -> faiss.Index:
    """ivf-pq's re-ranking copy: 8-bit vectors by id, trained on a sample of these vectors; empty."""
    codes = faiss.IndexScalarQuantizer(vectors.shape[1], faiss.ScalarQuantizer.QT_8bit, faiss.METRIC_INNER_PRODUCT)
    codes.train(training_sample(vectors, 65_536, seed))
    return faiss.IndexIDMap2(codes)


def refined_search(base: faiss.Index, refine: faiss.Index, query: np.ndarray, k: int,
                   params: faiss.SearchParameters | None) -> tuple[np.ndarray, np.ndarray]:
    """Top-k of CANDIDATES (or k) candidates from base, re-scored with refine's 8-bit vectors: (1, k) arrays."""
    _, ids = base.search(query, min(max(k, CANDIDATES), base.ntotal), params=params)
    ids = ids[0][ids[0] >= 0]
    scores = refine.reconstruct_batch(ids) @ query[0] if len(ids) else np.zeros(0, dtype=np.float32)
    order = np.argsort(-scores, kind="stable")[:k]
    return scores[order][None], ids[order][None]
