"""Scaling benchmarks: ask() latency at 1k/10k/100k chunks of real text, index-only search at 1M/5M
synthetic vectors (scripts/bench/bench_index.py: each kind's breadth sweep, recall@10, resident memory), and the
start-up time and memory of `python -m bot` on the largest library.

    python scripts/bench/bench_scale.py [--quick] [--chunks 1000 10000 100000] [--vectors 1000000] [--json out.json]

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
import threading
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
from bench_index import SWEEP, index_scaling, latencies_ms, note, rss_mb  # beside this script

from bot.config import Settings
from index.embed.encoder import vector_key
from index.ingest.pipeline import make_article
from index.library import Library
from index.store import vectors as vectors_module
from index.store.vectors import VectorIndex
from index.text.sentence_rows import sentence_rows
from index.types import Article, Chunk, Document, Prepared, SentenceRow

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared" / "eval" / "xquad"


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
    """The library's articles `copies` times over (their dates kept), with their real vectors perturbed and
    re-normalised."""
    store, rng, items = library.store, np.random.default_rng(seed), []
    articles = store.db.execute("SELECT id, title, text, source, date FROM articles").fetchall()
    for c in range(copies):
        for a in articles:
            rows = store.db.execute(
                "SELECT c.start, c.end, c.text, v.vector FROM chunks c JOIN vectors v ON v.key = c.vector_key"
                " WHERE c.article_id = ? ORDER BY c.id", (a["id"],),
            ).fetchall()
            article = make_article(Document(a["title"], f"{a['text']}\n\nCopy {c}.", a["source"], date=a["date"]))
            base = np.vstack([np.frombuffer(r["vector"], dtype=np.float32) for r in rows])
            noisy = base + rng.normal(scale=0.3 / math.sqrt(base.shape[1]), size=base.shape).astype(np.float32)
            noisy /= np.linalg.norm(noisy, axis=1, keepdims=True)
            chunks = [Chunk(article.id, r["start"], r["end"], r["text"]) for r in rows]
            keys = [vector_key("bench-copy", f"{article.id}:{i}") for i in range(len(rows))]
            quotes = [replace(q, article_id=article.id) for q in store.quotes(article_ids=(a["id"],))]
            said, said_keys = copied_sentences(store, a["id"], article, rng)
            items.append(Prepared(article, chunks, keys, noisy, quotes, said, said_keys))
    return items


def copied_sentences(store, original: str, article: Article, rng) -> tuple[list[SentenceRow], list[str]]:  # noqa: ANN001
    """The original's sentence rows for a copy (its text plus a closing line, whose row repeats the last vector),
    the vectors perturbed like the chunks', so that the store holds as many rows as a real library would."""
    rows = store.sentence_rows([original]).get(original, [])
    if not rows:  # an article stored before sentence rows: its copies have none either
        return [], []
    base = np.vstack([r.vector for r in rows] + [rows[-1].vector])
    noisy = base + rng.normal(scale=0.3 / math.sqrt(base.shape[1]), size=base.shape).astype(np.float32)
    noisy /= np.linalg.norm(noisy, axis=1, keepdims=True)
    said = sentence_rows(article.id, article.text, noisy, [e for r in rows for e in r.entities])
    return said, [vector_key("bench-copy", f"{article.id}:s{i}") for i in range(len(said))]


def dense_recall(library: Library, queries: np.ndarray, k: int = 10) -> float:
    """recall@k of the library's index against exact search over the same vectors."""
    index = library.store.vectors
    exact = VectorIndex(index.dimension, threshold=10**12)
    ids = index.ids()
    exact.add(ids, library.store.exact_vectors(ids.tolist()))
    hits = [len(set(index.search(q[None], k)[1]) & set(exact.search(q[None], k)[1])) / k for q in queries]
    return float(np.mean(hits))


def startup_seconds(index_dir: Path, questions: list[str] = ()) -> dict[str, float]:
    """Seconds from `python -m bot` (console mode) to its ready line and its resident memory then; then the
    peak resident memory (VmHWM) of the same process while it answers `questions`: the whole process's
    memory at this library size."""
    env = {**os.environ, "NEWSDESK_INDEX_DIR": str(index_dir), "TELEGRAM_BOT_TOKEN": "", "HF_HUB_OFFLINE": "1"}
    started = time.perf_counter()
    bot = subprocess.Popen([sys.executable, "-m", "bot"], cwd=ROOT, env=env, stdin=subprocess.PIPE,
                           stdout=subprocess.PIPE, text=True)
    for line in bot.stdout:
        if line.startswith("Newsdesk console:"):
            break
    seconds, memory = time.perf_counter() - started, rss_mb(bot.pid)
    peak = {}
    watcher = threading.Thread(target=lambda: peak.update(mb=_watch_peak(bot)), daemon=True)
    watcher.start()
    bot.communicate("\n".join(questions) + "\n", timeout=600)
    watcher.join()
    return {"startup_s": seconds, "startup_rss_mb": memory, "answering_peak_rss_mb": peak.get("mb", memory)}


def _watch_peak(process: subprocess.Popen) -> float:
    """The last VmHWM (peak resident MB) read from /proc before the process exits."""
    last = 0.0
    while process.poll() is None:
        try:
            text = Path(f"/proc/{process.pid}/status").read_text()
        except OSError:
            break
        last = next((int(x.split()[1]) / 1024 for x in text.splitlines() if x.startswith("VmHWM:")), last)
        time.sleep(0.05)
    return last


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
        rows[-1].update(startup_seconds(tmp / f"index-{size}", questions[:100]))
    return rows


def measure(library: Library, questions: list[str], size: int, vectors: str, build_s: float) -> dict:
    stats = library.stats()
    note(f"asking {len(questions)} questions over {stats.chunks} chunks ({stats.index_type})")
    row = {"target_chunks": size, "chunks": stats.chunks, "vectors": vectors, "index": stats.index_type,
           "build_s": build_s, **latencies_ms(library.ask, questions), "rss_mb": rss_mb()}
    if stats.index_type != "flat":
        queries = library.embedder.encode(questions[:200])
        row["recall_at_10"] = dense_recall(library, queries)
        approx = library.store.vectors  # the same library with an exact index, for comparison
        ids = approx.ids()
        exact = library.store.exact_vectors(ids.tolist())  # read while the approximate index is in place
        library.store.vectors = VectorIndex(approx.dimension, threshold=10**12)
        library.store.vectors.add(ids, exact)
        row["flat_ask"] = latencies_ms(library.ask, questions)
        library.store.vectors = approx
    return row


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="1k chunks, 100k vectors, 100 questions: minutes")
    parser.add_argument("--chunks", type=int, nargs="*", default=[1000, 10_000, 100_000])
    parser.add_argument("--vectors", type=int, nargs="*", default=[1_000_000])
    parser.add_argument("--kinds", nargs="*", default=["flat", "ivf-pq"], choices=SWEEP,
                        help="index kinds for the index-only runs (hnsw takes ~20 min per million vectors)")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    result = run(args.chunks if not args.quick else [1000], args.vectors if not args.quick else [100_000],
                 500 if not args.quick else 100, args.kinds)
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


def run(chunk_sizes: list[int], vector_sizes: list[int], n_questions: int,
        kinds: tuple[str, ...] = ("flat", "ivf-pq")) -> dict:
    questions = [json.loads(line)["question"] for line in (SHARED / "questions.dev.jsonl").read_text().splitlines()
                 if line.strip()][:n_questions]
    asks = []
    with tempfile.TemporaryDirectory() as tmp:
        if not chunk_sizes:  # index-only: no model, no library
            return {"ask": asks, "index": index_scaling(vector_sizes, kinds), **_policy()}
        library = Library.open(replace(Settings.from_env().library, index_dir=Path(tmp) / "index"))
        asks = ask_scaling(chunk_sizes, questions, library, Path(tmp))
        library.close()
    return {"ask": asks, "index": index_scaling(vector_sizes, kinds), **_policy()}


def _policy() -> dict:
    return {"ann_threshold": vectors_module.ANN_THRESHOLD, "ann_kind": vectors_module.ANN_KIND}


if __name__ == "__main__":
    sys.exit(main())
