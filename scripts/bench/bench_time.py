"""ask() latency with a time window against the same question without one (issue 19), either store.

    python scripts/bench/bench_time.py --index /tmp/t19 [--questions scripts/time_questions.jsonl] [--rounds 3]
    NEWSDESK_STORE=milvus://127.0.0.1:19611 python scripts/bench/bench_time.py --index /tmp/unused
    python scripts/bench/bench_time.py --index /tmp/t19 --copies 16    # ~100,000 chunks (the library 16 times)

--copies N times a library of the --index library's articles N times over, dates kept, written straight into a
temporary SQLite store with their real vectors perturbed (scripts/bench/bench_scale.py's perturbed copies:
encoding 100,000 chunks would take most of an hour on two cores). Every copy lies in the same windows as its
original, so a window holds N times the statements and passages it does in the library itself.

For every question of the time set that carries a window, the question as asked (with its own "now") and the
same question with its time words cut (asked_when.timed_question's rest, asked with no window) are timed in turn,
`--rounds` times, after WARM untimed questions; prints p50 / p95 of each and the ratio of the p50s.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from dataclasses import replace
from datetime import date
from pathlib import Path

from bot.config import Settings
from index.answer.asked_when import timed_question
from index.library import Library
from index.metrics import percentile

HERE = Path(__file__).resolve().parent
WARM = 5


def main(argv: list[str] | None = None) -> int:
    settings = Settings.from_env()
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--questions", type=Path, default=HERE.parent / "time_questions.jsonl")
    parser.add_argument("--store", default=settings.library.store, help="milvus://host:port: a Milvus store")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--copies", type=int, default=0, help="time a library of N perturbed copies instead")
    args = parser.parse_args(argv)
    rows = [json.loads(line) for line in args.questions.read_text(encoding="utf-8").splitlines() if line.strip()]
    pairs = []
    for row in rows:
        now = date.fromisoformat(row["now"])
        rest, window = timed_question(row["question"], now)
        if window is not None:
            pairs.append((row["question"], rest, now))
    library = Library.open(replace(settings.library, index_dir=args.index, store=args.store or ""))
    folder = Path(tempfile.mkdtemp(prefix="bench-time-"))
    if args.copies:
        library = copied(library, args.copies, folder)
    print(f"{library.count()} articles, {library.stats().chunks} chunks in {library.home.description}; "
          f"{len(pairs)} questions with a window, {args.rounds} rounds")
    for question, rest, now in pairs[:WARM]:
        library.ask(question, now=now)
        library.ask(rest, now=now)
    timed: dict[str, list[float]] = {"with its window": [], "without (time words cut)": []}
    for _ in range(args.rounds):
        for question, rest, now in pairs:
            for name, asked in zip(timed, (question, rest), strict=True):
                started = time.perf_counter()
                library.ask(asked, now=now)
                timed[name].append((time.perf_counter() - started) * 1000)
    library.close()
    shutil.rmtree(folder, ignore_errors=True)
    print("| question | p50 ms | p95 ms |\n| --- | --- | --- |")
    for name, values in timed.items():
        print(f"| {name} | {percentile(values, 50):.1f} | {percentile(values, 95):.1f} |")
    with_window, without = (percentile(v, 50) for v in timed.values())
    print(f"p50 ratio with/without: {with_window / without:.2f}")
    return 0


def copied(library: Library, copies: int, folder: Path) -> Library:
    """A new library in `folder` holding `library`'s articles `copies` times (see the module docstring)."""
    from bench_scale import perturbed_copies  # beside this script

    items = perturbed_copies(library, copies)
    fresh = Library.open(replace(library.config, index_dir=folder), embedder=library.embedder)
    fresh.store.add(items)
    library.close()
    return fresh


if __name__ == "__main__":
    sys.exit(main())
