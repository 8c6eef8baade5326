"""ask() latency with the sentence reader (issue 18) on a library that is already built, either store.

    python scripts/bench/bench_reader.py --index /tmp/quiz-index [--questions scripts/quiz_questions.jsonl]
    NEWSDESK_STORE=milvus://127.0.0.1:19611 python scripts/bench/bench_reader.py --index /tmp/unused

Asks every question once after WARM untimed ones (the models load, SQLite's pages come into memory), then
prints p50 / p95 / p99 of ask() in ms, and the same for the reader alone (featurize + the two models, timed
inside one question by reading again the articles it read). Build the library first, e.g. with
`scripts/facts_subset.py --questions scripts/quiz_questions.jsonl --out /tmp/quiz.jsonl` and
`scripts/rebuild_index.py --source /tmp/quiz.jsonl --index /tmp/quiz-index` (1,000 articles).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import replace
from pathlib import Path

from bot.config import Settings
from index.answer.features import split_preamble
from index.answer.search import retrieve
from index.library import Library
from index.metrics import percentile

HERE = Path(__file__).resolve().parent
WARM = 5


def main(argv: list[str] | None = None) -> int:
    settings = Settings.from_env()
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--questions", type=Path, default=HERE.parent / "quiz_questions.jsonl")
    parser.add_argument("--store", default=settings.library.store, help="milvus://host:port: a Milvus store")
    args = parser.parse_args(argv)
    rows = [json.loads(line) for line in args.questions.read_text(encoding="utf-8").splitlines() if line.strip()]
    library = Library.open(replace(settings.library, index_dir=args.index, store=args.store or ""))
    print(f"{library.count()} articles in {library.home.description}; {len(rows)} questions")
    for row in rows[:WARM]:
        library.ask(row["question"])
    asks, reads = [], []
    answerer = library._answerer()  # the reader alone: the articles the question's passages pick, read again
    for row in rows:
        started = time.perf_counter()
        library.ask(row["question"])
        asks.append((time.perf_counter() - started) * 1000)
        query = library.embedder.encode_query(row["question"])
        passages = retrieve(library.store, query, row["question"], k=5, frequency=answerer.frequency)
        started = time.perf_counter()
        articles = answerer.reader.articles(passages)
        answerer.reader.read(split_preamble(row["question"]), query[0], articles, answerer.idf)
        reads.append((time.perf_counter() - started) * 1000)
    library.close()
    print("| measure | p50 ms | p95 ms | p99 ms |\n| --- | --- | --- | --- |")
    for name, values in (("ask()", asks), ("reader: rows, features, models", reads)):
        p50, p95, p99 = (percentile(values, q) for q in (50, 95, 99))
        print(f"| {name} | {p50:.1f} | {p95:.1f} | {p99:.1f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
