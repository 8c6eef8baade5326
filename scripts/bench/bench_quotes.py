"""Time who-said-what extraction alone, the ingest stage that runs beside encoding: articles and chunks per second.

    python scripts/bench/bench_quotes.py [--corpus ../shared/corpora/wikinews-2019-2020/articles.jsonl] [--runs 2]

Run it in two checkouts on the same machine, one after the other, to compare extractors; the pipeline runs this
stage in a second thread while the model encodes (index/ingest/pipeline.py), so it slows ingest only where it
takes longer than encoding the same articles (scripts/bench/bench.py measures that whole).
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from index.config import LibraryConfig
from index.ingest.chunk import chunk_text
from index.ingest.quotes import extract_quotes, load_nlp

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpora" / "wikinews-2019-2020" / "articles.jsonl"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--limit", type=int, default=0, help="first N articles only")
    args = parser.parse_args()
    texts = [json.loads(line)["text"] for line in args.corpus.read_text(encoding="utf-8").splitlines() if line]
    texts = texts[: args.limit] if args.limit else texts
    config = LibraryConfig()
    chunks = sum(len(chunk_text("a", t, config.chunk_chars, config.chunk_overlap)) for t in texts)
    nlp = load_nlp()
    extract_quotes(texts[0], nlp)  # warm up
    for run in range(args.runs):
        start = time.perf_counter()
        found = sum(len(extract_quotes(t, nlp)) for t in texts)
        seconds = time.perf_counter() - start
        print(f"run {run + 1}: {len(texts)} articles, {chunks} chunks, {found} statements in {seconds:.1f} s: "
              f"{len(texts) / seconds:.1f} articles/s, {chunks / seconds:.1f} chunks/s")


if __name__ == "__main__":
    main()
