"""Benchmark ingest and questions, in one run on one machine; prints a table and writes JSON.

    python scripts/bench/bench.py [--corpus ../shared/eval/xquad/articles.jsonl] [--json bench.json]

1. Rebuild chunks/s of the whole pipeline (parse, chunk, quotes, encode, store) from an empty cache,
   against raw SentenceTransformer.encode of exactly the same texts (the issue's measure), and against the bare
   ONNX session the pipeline encodes with (its own overhead).
2. Seconds from upload to answerable for one 1,000-word article.
3. ask() latency p50/p95 over the corpus's questions.
With --scale (or --quick), also scripts/bench/bench_scale.py: ask() at 1k/10k/100k chunks, index-only search at
1M vectors (flat against ivf-pq, recall@10, resident memory) and `python -m bot` start-up.
4. Ours vs the LangChain peer (scripts/bench/bench_peer.py in .bench-venv, `make bench-peer-venv`), when that venv
   exists or with --peer: build and query-latency ratios, answer quality scored with the same metrics.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from dataclasses import asdict, replace
from pathlib import Path

from bot.config import Settings
from index.ingest.pipeline import embedding_text
from index.library import Library
from index.metrics import percentile

SHARED = Path(__file__).resolve().parents[3] / "shared" / "eval" / "xquad"


def embedded_texts(library: Library) -> list[str]:
    """The texts the library embedded for its chunks (title + chunk)."""
    rows = library.store.db.execute("SELECT a.title, c.text FROM chunks c JOIN articles a ON a.id = c.article_id")
    return [embedding_text(title, text) for title, text in rows]


def encoded_tokens(library: Library, texts: list[str]) -> int:
    """How many tokens the model reads for these texts (truncated as sentence-transformers truncates)."""
    tokenizer = library.embedder.model.tokenizer
    return sum(len(ids) for ids in tokenizer(texts, truncation=True, max_length=256)["input_ids"])


def raw_encode_seconds(library: Library, texts: list[str]) -> dict[str, float]:
    """Encode the texts bare, as a user of the library would: with SentenceTransformer.encode (torch), and
    with the ONNX session the pipeline itself uses (when it does), so the pipeline's overhead over its own
    encoder shows apart from the encoder's speed."""
    step, seconds = library.embedder.batch_size, {}
    started = time.perf_counter()
    library.embedder.model.encode(texts, batch_size=step, normalize_embeddings=True)
    seconds["torch"] = time.perf_counter() - started
    if library.embedder.onnx is not None:
        ordered = sorted(texts, key=len)  # as sentence-transformers does, so padding is the same
        started = time.perf_counter()
        for start in range(0, len(ordered), step):
            library.embedder.onnx.encode(ordered[start : start + step])
        seconds["onnx"] = time.perf_counter() - started
    return seconds


def upload_seconds(library: Library, corpus: list[dict]) -> float:
    """Seconds from add() of a ~1,000-word article to its answer."""
    words = " ".join(a["text"] for a in corpus).split()[:1000]
    paragraphs = [" ".join(words[i : i + 80]) + "." for i in range(0, len(words), 80)]
    started = time.perf_counter()
    library.add(("Benchmark upload\n\n" + "\n\n".join(paragraphs)).encode(), "bench-upload.txt")
    library.ask(" ".join(words[200:210]))
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=SHARED / "articles.jsonl")
    parser.add_argument("--questions", type=Path, default=SHARED / "questions.dev.jsonl")
    parser.add_argument("--json", type=Path, help="also write the numbers here")
    parser.add_argument("--scale", action="store_true", help="also the scaling runs (about an hour on 2 cores)")
    parser.add_argument("--quick", action="store_true", help="also the scaling runs at small sizes (minutes)")
    parser.add_argument("--peer", action=argparse.BooleanOptionalAction, default=None,
                        help="compare with the LangChain peer in .bench-venv (default: when it exists)")
    parser.add_argument("--out-of-scope", type=Path, default=Path(__file__).resolve().parents[1] / "out_of_scope.jsonl")
    args = parser.parse_args(argv)
    import peer  # beside this script
    from eval import read_jsonl

    with_peer = peer.wanted(args.peer)
    corpus, gold = read_jsonl(args.corpus), read_jsonl(args.questions)
    questions = [q["question"] for q in gold]
    with tempfile.TemporaryDirectory() as tmp:
        library = Library.open(replace(Settings.from_env().library, index_dir=Path(tmp) / "index"))
        report = library.rebuild([args.corpus])
        texts = embedded_texts(library)
        raw, chunks, tokens = raw_encode_seconds(library, texts), len(texts), encoded_tokens(library, texts)
        latencies, answers = [], []
        for question in questions:
            started = time.perf_counter()
            answers.append(library.ask(question))
            latencies.append((time.perf_counter() - started) * 1000)
        if with_peer:  # scored like the peer's passages, before the upload below changes the library
            quality = peer.our_quality(library, answers, gold, read_jsonl(args.out_of_scope))
        upload = upload_seconds(library, corpus)
        library.close()
    result = {
        "chunks": chunks, "tokens": tokens, "encoder": library.embedder.encoder,
        "pipeline_chunks_per_s": chunks / report.seconds,
        "raw_encode_chunks_per_s": chunks / raw["torch"], "overhead": report.seconds / raw["torch"] - 1,
        **({"raw_onnx_chunks_per_s": chunks / raw["onnx"], "overhead_over_onnx": report.seconds / raw["onnx"] - 1}
           if "onnx" in raw else {}),
        "upload_to_answer_s": upload,
        "ask_p50_ms": percentile(latencies, 50), "ask_p95_ms": percentile(latencies, 95), "questions": len(latencies),
    }
    print("| measure | value |\n| --- | --- |")
    for key, value in result.items():
        print(f"| {key} | {value:.3f} |" if isinstance(value, float) else f"| {key} | {value} |")
    if args.scale or args.quick:
        import bench_scale  # beside this script

        sizes = ([1000], [100_000], 100) if args.quick else ([1000, 10_000, 100_000], [1_000_000], 500)
        result["scale"] = bench_scale.run(*sizes)
        bench_scale.print_tables(result["scale"])
    if with_peer:
        ours = {**result, "build_s": report.seconds, "quality": asdict(quality)}
        result["peer"] = peer.compare(args.corpus, args.questions, args.out_of_scope, ours)
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
