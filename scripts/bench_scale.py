"""Scaling benchmarks: ask() latency at 1k/10k/100k chunks of real text, index-only search at 1M/5M
synthetic vectors (flat against HNSW, recall@10, resident memory), and start-up time of `python -m bot`.

    python scripts/bench_scale.py [--quick] [--chunks 1000 10000 100000] [--vectors 1000000] [--json out.json]

The 1k and 10k corpora are the xquad articles repeated with a different title per copy, encoded by the real
model through Library.rebuild. Encoding 100k chunks would take over half an hour on two cores, so the 100k
corpus reuses the 10k corpus's real vectors, each copy perturbed (cosine ~0.95 to its original), written
straight into the store in one bulk add (so the index kind is chosen as a rebuild would choose it).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

from bot.config import Settings
from index import vectors as vectors_module
from index.embed import vector_key
from index.ingest import make_article
from index.library import Library
from index.metrics import percentile
from index.types import Chunk, Document, Prepared
from index.vectors import VectorIndex

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "eval" / "xquad"


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


def repeated_corpus(corpus: list[dict], copies: int, path: Path) -> Path:
    """The corpus `copies` times, each copy with its own title and a closing line (so its own hash)."""
    with path.open("w", encoding="utf-8") as out:
        for c in range(copies):
            for a in corpus:
                title = a["title"] if c == 0 else f"{a['title']} (edition {c})"
                text = a["text"] if c == 0 else f"{a['text']}\n\nEdition {c}."
                out.write(json.dumps({"id": f"{a['id']}-{c}", "title": title, "text": text}) + "\n")
    return path


def perturbed_copies(library: Library, copies: int, seed: int = 0) -> list[Prepared]:
    """The library's articles `copies` times over, with their real vectors perturbed and re-normalised."""
    store, rng, items = library.store, np.random.default_rng(seed), []
    articles = store.db.execute("SELECT id, title, text, source FROM articles").fetchall()
    for c in range(copies):
        for a in articles:
            rows = store.db.execute(
                "SELECT c.start, c.end, c.text, v.vector FROM chunks c JOIN vectors v ON v.key = c.vector_key"
                " WHERE c.article_id = ? ORDER BY c.id", (a["id"],),
            ).fetchall()
            article = make_article(Document(a["title"], f"{a['text']}\n\nCopy {c}.", a["source"]))
            base = np.vstack([np.frombuffer(r["vector"], dtype=np.float32) for r in rows])
            noisy = base + rng.normal(scale=0.3 / math.sqrt(base.shape[1]), size=base.shape).astype(np.float32)
            noisy /= np.linalg.norm(noisy, axis=1, keepdims=True)
            chunks = [Chunk(article.id, r["start"], r["end"], r["text"]) for r in rows]
            keys = [vector_key("bench-copy", f"{article.id}:{i}") for i in range(len(rows))]
            quotes = [replace(q, article_id=article.id) for q in store.quotes("q.article_id = ?", (a["id"],))]
            items.append(Prepared(article, chunks, keys, noisy, quotes))
    return items


def dense_recall(library: Library, queries: np.ndarray, k: int = 10) -> float:
    """recall@k of the library's index against exact search over the same vectors."""
    index = library.store.vectors
    exact = VectorIndex(index.dimension, threshold=10**12)
    ids = index.ids()
    exact.add(ids, index.reconstruct(ids.tolist()))
    hits = [len(set(index.search(q[None], k)[1]) & set(exact.search(q[None], k)[1])) / k for q in queries]
    return float(np.mean(hits))


def startup_seconds(index_dir: Path) -> dict[str, float]:
    """Seconds from `python -m bot` (console mode) to its ready line, and its resident memory then."""
    env = {**os.environ, "NEWSDESK_INDEX_DIR": str(index_dir), "TELEGRAM_BOT_TOKEN": "", "HF_HUB_OFFLINE": "1"}
    started = time.perf_counter()
    bot = subprocess.Popen([sys.executable, "-m", "bot"], cwd=ROOT, env=env, stdin=subprocess.PIPE,
                           stdout=subprocess.PIPE, text=True)
    for line in bot.stdout:
        if line.startswith("Newsdesk console:"):
            break
    seconds, memory = time.perf_counter() - started, rss_mb(bot.pid)
    bot.communicate("", timeout=60)
    return {"startup_s": seconds, "startup_rss_mb": memory}


def ask_scaling(sizes: list[int], questions: list[str], library: Library, tmp: Path) -> list[dict]:
    """ask() latency (and dense recall@10 where the index is HNSW) at each corpus size."""
    corpus = [json.loads(line) for line in (SHARED / "articles.jsonl").read_text().splitlines() if line.strip()]
    rows, real = [], max([s for s in sizes if s <= 20_000], default=0)
    base_chunks = None
    for size in sorted(s for s in sizes if s <= 20_000):
        copies = max(1, math.ceil(size / (base_chunks or 646)))
        note(f"rebuild {copies} copies of xquad for {size} chunks")
        report = library.rebuild([repeated_corpus(corpus, copies, tmp / f"corpus-{size}.jsonl")])
        base_chunks = base_chunks or report.chunks / copies
        rows.append(measure(library, questions, size, "real vectors", report.seconds))
    for size in sorted(s for s in sizes if s > 20_000):
        if not real:
            raise SystemExit("a >20k size needs a real-vector size (e.g. 10000) to copy from")
        note(f"perturbed copies for {size} chunks")
        items = perturbed_copies(library, math.ceil(size / library.store.count("chunks")))
        fresh = Library.open(replace(library.config, index_dir=tmp / f"index-{size}"), embedder=library.embedder)
        started = time.perf_counter()
        fresh.store.add(items)
        seconds = time.perf_counter() - started
        del items
        rows.append(measure(fresh, questions, size, f"{real // 1000}k real vectors, perturbed copies", seconds))
        fresh.close()
        note("start-up")
        rows[-1].update(startup_seconds(tmp / f"index-{size}"))
    return rows


def measure(library: Library, questions: list[str], size: int, vectors: str, build_s: float) -> dict:
    stats = library.stats()
    note(f"asking {len(questions)} questions over {stats.chunks} chunks ({stats.index_type})")
    row = {"target_chunks": size, "chunks": stats.chunks, "vectors": vectors, "index": stats.index_type,
           "build_s": build_s, **latencies_ms(library.ask, questions), "rss_mb": rss_mb()}
    if stats.index_type == "hnsw":
        queries = library.embedder.encode(questions[:200])
        row["recall_at_10"] = dense_recall(library, queries)
        approx = library.store.vectors  # the same library with an exact index, for comparison
        ids = approx.ids()
        library.store.vectors = VectorIndex(approx.dimension, threshold=10**12)
        library.store.vectors.add(ids, approx.reconstruct(ids.tolist()))
        row["flat_ask"] = latencies_ms(library.ask, questions)
        library.store.vectors = approx
    return row


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


def index_only(n: int, kind: str, queries: int = 200) -> dict:
    """Build a flat or HNSW VectorIndex over n synthetic vectors; search latency, recall@10, resident memory."""
    data = synthetic(n)
    rng = np.random.default_rng(1)
    q = data[rng.integers(0, n, queries)] + rng.normal(scale=0.1, size=(queries, data.shape[1])).astype(np.float32)
    q /= np.linalg.norm(q, axis=1, keepdims=True)
    exact = None
    if kind == "hnsw":  # the exact answers, in one batched (BLAS) search, before the index exists
        flat = VectorIndex(data.shape[1], threshold=10**12)
        flat.add(np.arange(n), data)
        exact = flat.index.search(q, 10)[1]
        del flat
    index = VectorIndex(data.shape[1], threshold=0 if kind == "hnsw" else 10**12)
    started = time.perf_counter()
    index.add(np.arange(n), data)
    build = time.perf_counter() - started
    del data
    sample = q[: 20 if kind == "flat" and n > 200_000 else queries]
    row = {"vectors": n, "index": index.kind, "build_s": build, "rss_mb": rss_mb(),
           **latencies_ms(lambda v: index.search(v[None], 10), sample)}
    if exact is not None:
        hits = [len(set(index.search(v[None], 10)[1]) & set(e)) / 10 for v, e in zip(q, exact)]
        row["recall_at_10"] = float(np.mean(hits))
    return row


def index_scaling(sizes: list[int]) -> list[dict]:
    """index_only() for each size and kind, each in its own process so resident memory is its own."""
    rows = []
    for n in sizes:
        for kind in ("flat", "hnsw"):
            note(f"index only: {n} vectors, {kind}")
            out = subprocess.run([sys.executable, __file__, "--index-only", str(n), kind], cwd=ROOT,
                                 capture_output=True, text=True, check=True)
            rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="1k chunks, 100k vectors, 100 questions: minutes")
    parser.add_argument("--chunks", type=int, nargs="*", default=[1000, 10_000, 100_000])
    parser.add_argument("--vectors", type=int, nargs="*", default=[1_000_000])
    parser.add_argument("--index-only", nargs=2, metavar=("N", "KIND"), help=argparse.SUPPRESS)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    if args.index_only:
        print(json.dumps(index_only(int(args.index_only[0]), args.index_only[1])))
        return 0
    result = run(args.chunks if not args.quick else [1000], args.vectors if not args.quick else [100_000],
                 500 if not args.quick else 100)
    print_tables(result)
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))
    return 0


def print_tables(result: dict) -> None:
    """Markdown tables of run()'s rows."""
    for name in ("ask", "index"):
        rows = [{k: v for k, v in row.items() if not isinstance(v, dict)} for row in result[name]]
        if not rows:
            continue
        keys = list(dict.fromkeys(k for row in rows for k in row))
        print(f"\n{name}\n| " + " | ".join(keys) + " |\n|" + " --- |" * len(keys))
        for row in rows:
            print("| " + " | ".join(f"{row.get(k, ''):.3f}" if isinstance(row.get(k), float) else str(row.get(k, ""))
                                    for k in keys) + " |")
        for row in result[name]:
            for key, value in row.items():
                if isinstance(value, dict):
                    print(f"{row.get('chunks', row.get('vectors'))} chunks, {key}: " + json.dumps(value))


def run(chunk_sizes: list[int], vector_sizes: list[int], n_questions: int) -> dict:
    questions = [json.loads(line)["question"] for line in (SHARED / "questions.dev.jsonl").read_text().splitlines()
                 if line.strip()][:n_questions]
    with tempfile.TemporaryDirectory() as tmp:
        library = Library.open(replace(Settings.from_env().library, index_dir=Path(tmp) / "index"))
        asks = ask_scaling(chunk_sizes, questions, library, Path(tmp))
        library.close()
    return {"ask": asks, "index": index_scaling(vector_sizes), "hnsw_threshold": vectors_module.HNSW_THRESHOLD}


if __name__ == "__main__":
    sys.exit(main())
