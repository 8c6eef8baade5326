"""Encoder and single-query measurements behind the defaults in index/embed/encoder.py, index/embed/onnx.py and
index/store/vectors.py, on the xquad chunk texts:

    python scripts/bench/bench_encoder.py [--repeats 2]

1. chunks/s by batch size, ONNX Runtime and torch (the default batch of 8 on CPUs);
2. the ONNX export traced with eager attention against SDPA (the default is eager);
3. one flat FAISS search of 20k vectors on the calling thread only against OpenMP's threads;
4. the tokens the model reads for the corpus (compare with the LangChain peer's, scripts/bench/bench.py).
Each timing is the best of --repeats runs.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

import faiss
import numpy as np
import onnxruntime

from index.config import LibraryConfig
from index.embed.encoder import Embedder
from index.embed.onnx import export
from index.ingest.chunk import chunk_text
from index.ingest.pipeline import embedding_text
from index.store.vectors import one_thread

SHARED = Path(__file__).resolve().parents[3] / "shared" / "eval" / "xquad"


def best(call, repeats: int) -> float:
    """The shortest of `repeats` timed calls, in seconds."""
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return min(times)


def in_batches(encode, texts: list[str], size: int) -> None:
    for start in range(0, len(texts), size):
        encode(texts[start : start + size])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=SHARED / "articles.jsonl")
    parser.add_argument("--repeats", type=int, default=2)
    args = parser.parse_args(argv)
    config = LibraryConfig()
    articles = [json.loads(line) for line in args.corpus.read_text().splitlines() if line.strip()]
    texts = sorted((embedding_text(a["title"], c.text) for a in articles
                    for c in chunk_text(a["id"], a["text"], config.chunk_chars, config.chunk_overlap)), key=len)
    embedder = Embedder(config.model, encoder="onnx")
    tokens = embedder.model.tokenizer(texts, truncation=True, max_length=256)["input_ids"]
    print(f"{len(texts)} chunks, {sum(map(len, tokens))} tokens")

    torch_encode = lambda part: embedder.model.encode(part, batch_size=len(part), normalize_embeddings=True)  # noqa: E731
    for size in (4, 8, 16, 32, 128):
        onnx = best(lambda s=size: in_batches(embedder.onnx.encode, texts, s), args.repeats)
        torch = best(lambda s=size: in_batches(torch_encode, texts, s), args.repeats)
        print(f"batch {size}: onnx {len(texts) / onnx:.1f} chunks/s, torch {len(texts) / torch:.1f} chunks/s")

    with tempfile.TemporaryDirectory() as tmp:
        default = embedder.onnx.session
        for attention in ("sdpa", "eager"):
            export(embedder.path, Path(tmp) / f"{attention}.onnx", attention)
            embedder.onnx.session = onnxruntime.InferenceSession(str(Path(tmp) / f"{attention}.onnx"),
                                                                 providers=["CPUExecutionProvider"])
            seconds = best(lambda: in_batches(embedder.onnx.encode, texts, 32), args.repeats)
            print(f"export with {attention} attention: {len(texts) / seconds:.1f} chunks/s (batch 32)")
        embedder.onnx.session = default

    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(20_000, embedder.dimension)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    index = faiss.IndexIDMap2(faiss.IndexFlatIP(embedder.dimension))
    index.add_with_ids(vectors, np.arange(len(vectors)))
    queries = vectors[:200]

    def search_all() -> None:
        for q in queries:
            index.search(q[None], 30)

    def search_one_thread() -> None:
        with one_thread():
            search_all()

    threads = best(search_all, args.repeats) / len(queries) * 1000
    single = best(search_one_thread, args.repeats) / len(queries) * 1000
    print(f"flat search of 20k vectors: {threads:.2f} ms on {faiss.omp_get_max_threads()} threads, "
          f"{single:.2f} ms on the calling thread")
    return 0


if __name__ == "__main__":
    sys.exit(main())
