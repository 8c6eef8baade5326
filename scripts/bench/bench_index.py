"""Index-only benchmark: each index kind over synthetic vectors, one query at a time, with a sweep of its
search breadth (IVF's nprobe, HNSW's efSearch): build seconds, latency, recall@10 against exact search,
resident memory. Each size and kind runs in its own process (`--index-only N KIND`, JSON on stdout), so
the memory is its own. Driven by bench_scale.py (`--vectors`, `--kinds`).
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import faiss
import numpy as np

from index.metrics import percentile
from index.store.vectors import VectorIndex
from index.store.vectors_ann import HNSW_EF_SEARCH

ROOT = Path(__file__).resolve().parents[2]


def note(message: str) -> None:
    print(time.strftime("%H:%M:%S"), message, file=sys.stderr, flush=True)


def rss_mb(pid: int | str = "self") -> float:
    """Resident memory of a process in MB (Linux)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def latencies_ms(call, items: list) -> dict[str, float]:
    times = []
    for item in items:
        started = time.perf_counter()
        call(item)
        times.append((time.perf_counter() - started) * 1000)
    return {f"p{q}_ms": percentile(times, q) for q in (50, 95, 99)}


def synthetic(n: int, d: int = 384, rank: int = 48, seed: int = 0) -> np.ndarray:
    """Unit vectors with low intrinsic dimension (like sentence embeddings), made in slices to bound memory."""
    rng, out = np.random.default_rng(seed), np.empty((n, d), dtype=np.float32)
    basis = rng.normal(size=(rank, d)).astype(np.float32)
    for start in range(0, n, 100_000):
        m = min(100_000, n - start)
        part = rng.normal(size=(m, rank)).astype(np.float32) @ basis
        part += rng.normal(size=(m, d)).astype(np.float32)
        out[start : start + m] = part / np.linalg.norm(part, axis=1, keepdims=True)
    return out


def queries_near(data: np.ndarray, count: int, seed: int = 1) -> np.ndarray:
    """Unit queries: random data points plus noise (norm ~2, so the neighbours are not the point itself)."""
    rng = np.random.default_rng(seed)
    q = data[rng.integers(0, len(data), count)] + rng.normal(scale=0.1, size=(count, data.shape[1])).astype(np.float32)
    return q / np.linalg.norm(q, axis=1, keepdims=True)


def exact_top(data: np.ndarray, q: np.ndarray, k: int, batch: int = 200_000) -> tuple[np.ndarray, np.ndarray]:
    """Exact top-k (ids, scores) per query, best first, scanning data in batches to bound memory."""
    ids, scores = np.zeros((len(q), 0), dtype=np.int64), np.zeros((len(q), 0), dtype=np.float32)
    for start in range(0, len(data), batch):
        part = q @ data[start : start + batch].T
        top = np.argpartition(-part, min(k, part.shape[1] - 1), axis=1)[:, :k]
        ids = np.hstack([ids, top + start])
        scores = np.hstack([scores, np.take_along_axis(part, top, axis=1)])
        order = np.argsort(-scores, axis=1)[:, :k]
        ids, scores = np.take_along_axis(ids, order, axis=1), np.take_along_axis(scores, order, axis=1)
    return ids, scores


def recall_with_ties(found: list[np.ndarray], ids: np.ndarray, scores: np.ndarray, k: int = 10) -> float:
    """recall@k where any id scoring at least the k-th exact score (to 1e-6) counts, so ties are not misses.

    >>> recall_with_ties([np.array([1, 3])], np.array([[1, 2, 3]]), np.array([[0.9, 0.5, 0.5]]), k=2)
    1.0
    """
    hits = [len(set(f[:k].tolist()) & set(i[s >= s[k - 1] - 1e-6].tolist())) / k for f, i, s in zip(found, ids, scores)]
    return float(np.mean(hits))


# search breadths swept per kind: HNSW's efSearch, IVF's nprobe (ivf-pq: as shares of its lists)
SWEEP = {"flat": (None,), "hnsw": (64, 128, 256, 512), "ivf-sq8": (16, 32, 64, 128, 256, 512),
         "ivf-pq": (0.1, 0.2, 0.3, 0.4, 0.5)}


def breadths(index: VectorIndex) -> tuple[list, int | None]:
    """The breadths to sweep for this index, and its default (None for flat)."""
    if index.kind == "flat":
        return [None], None
    if index.kind == "hnsw":
        return sorted({*SWEEP["hnsw"], HNSW_EF_SEARCH}), HNSW_EF_SEARCH
    ivf = faiss.downcast_index(index.index)
    share = index.kind == "ivf-pq"
    values = {max(1, round(ivf.nlist * b)) if share else min(b, ivf.nlist) for b in SWEEP[index.kind]}
    return sorted(values | {ivf.nprobe}), ivf.nprobe


def index_only(n: int, kind: str, queries: int = 200) -> list[dict]:
    """Build a VectorIndex of this kind over n synthetic vectors; for each search breadth of SWEEP (IVF's
    nprobe, HNSW's efSearch; the default marked *): latency one query at a time, recall@10, resident memory."""
    data = synthetic(n)
    q = queries_near(data, queries)
    truth = exact_top(data, q, 20)  # 20 deep, so ties with the 10th are known
    index = VectorIndex(data.shape[1], threshold=10**12 if kind == "flat" else 0, ann=kind)
    started = time.perf_counter()
    index.add(np.arange(n), data)
    build = time.perf_counter() - started
    article = data[:13].copy()  # one upload's worth (an article is ~13 chunks), added and removed again
    del data
    base = {"vectors": n, "index": index.kind, "build_s": build, "rss_mb": rss_mb(), **add_remove_ms(index, article)}
    sample = q[: 20 if kind == "flat" and n > 200_000 else queries]
    rows, (sweep, default) = [], breadths(index)
    for breadth in sweep:
        index.breadth, found = breadth, []
        timing = latencies_ms(lambda v, out=found: out.append(index.search(v[None], 10)[1]), sample)
        label = "" if breadth is None else f"{breadth}{'*' if breadth == default else ''}"
        rows.append({**base, "breadth": label, **timing,
                     "recall_at_10": recall_with_ties(found, truth[0][: len(sample)], truth[1][: len(sample)])})
    return rows


def add_remove_ms(index: VectorIndex, article: np.ndarray) -> dict[str, float]:
    """Milliseconds to add one article's vectors under new ids, and to remove them again."""
    ids = np.arange(10**12, 10**12 + len(article))
    started = time.perf_counter()
    index.add(ids, article)
    added = time.perf_counter()
    removed = index.remove(ids)
    assert removed == len(ids), removed
    return {"add_article_ms": (added - started) * 1000, "remove_article_ms": (time.perf_counter() - added) * 1000}


def index_scaling(sizes: list[int], kinds: list[str]) -> list[dict]:
    """index_only() for each size and kind, each in its own process so resident memory is its own."""
    rows = []
    for n in sizes:
        for kind in kinds:
            note(f"index only: {n} vectors, {kind}")
            out = subprocess.run([sys.executable, __file__, str(n), kind], cwd=ROOT,
                                 capture_output=True, text=True, check=True)
            rows.extend(json.loads(out.stdout.strip().splitlines()[-1]))
            note(f"done: {rows[-1]}")
    return rows


def main(argv: list[str]) -> int:
    print(json.dumps(index_only(int(argv[0]), argv[1])))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
