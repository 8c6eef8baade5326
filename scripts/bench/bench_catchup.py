"""How long a library takes to catch up with another process's writes to the same index folder (issue 22).

    python scripts/bench/bench_catchup.py [--corpus ../shared/corpora/wikinews-2019-2020/articles.jsonl]
                                          [--base 200] [--added 20]

Builds a library from the first --base articles of a JSONL corpus in a temporary folder and opens it three
times, as three processes would (each Library its own SQLite connection and FAISS index in memory): `writer` adds
the next --added articles one at a time, then removes them one at a time, then adds them in one upload. After
each write, `reader`'s Store.catch_up() is timed alone (what a question does first), and `asker` answers a
question (the catch-up, then the word counts and speaker names read afresh). Prints the check when nothing
changed (µs), and in ms the catch-up per article added and removed, a reload of the whole generation for
comparison (what catching up by reopening would cost), and ask() after another process's add against ask() when
nothing changed.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from bot.config import Settings
from index.library import Library
from index.metrics import percentile
from index.store.sqlite import Store

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpora" / "wikinews-2019-2020" / "articles.jsonl"


def timed_ms(call) -> float:
    started = time.perf_counter()
    call()
    return (time.perf_counter() - started) * 1000


def summary(values: list[float]) -> str:
    return f"p50 {percentile(values, 50):.2f}, p95 {percentile(values, 95):.2f}, mean {statistics.mean(values):.2f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="JSONL of {id, title, text} articles")
    parser.add_argument("--base", type=int, default=200, help="articles in the library to start with")
    parser.add_argument("--added", type=int, default=20, help="articles the other process adds and removes")
    args = parser.parse_args(argv)
    lines = args.corpus.read_text(encoding="utf-8").splitlines()[: args.base + args.added]
    if len(lines) < args.base + args.added:
        parser.error(f"{args.corpus} holds {len(lines)} articles, fewer than --base + --added")
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder) / "base.jsonl"
        base.write_text("\n".join(lines[: args.base]) + "\n", encoding="utf-8")
        config = replace(Settings.from_env().library, index_dir=Path(folder) / "index")
        writer = Library.open(config, missing_ok=True)
        writer.rebuild([base])
        reader, asker = (Library.open(config, embedder=writer.embedder) for _ in range(2))
        try:
            report(reader, asker, writer, [json.loads(line) for line in lines[args.base :]])
        finally:
            for library in (reader, asker, writer):
                library.close()
    return 0


def report(reader: Library, asker: Library, writer: Library, extra: list[dict]) -> None:
    store = reader.store
    question = f"What happened in {extra[0]['title']}?"
    print(f"library: {reader.count()} articles, {store.count('chunks')} chunks, {store.kind} index; "
          f"the other process adds and removes {len(extra)} articles")
    asker.ask(question)
    idle = [1000 * timed_ms(store.catch_up) for _ in range(1000)]
    print(f"check, nothing changed (1000 times): {summary(idle)} µs")
    added, removed, asked, ids = [], [], [], []
    for article in extra:
        receipt = writer.add(json.dumps(article).encode(), "one.jsonl")[0]
        ids.append(receipt.article_id)
        added.append(timed_ms(store.catch_up))
        asked.append(timed_ms(lambda: asker.ask(question)))
    chunks = sum(a.chunks for a in reader.list(limit=len(extra)))
    print(f"catch-up after one added article ({chunks / len(extra):.1f} chunks on average): {summary(added)} ms")
    for article_id in ids:
        writer.remove(article_id)
        removed.append(timed_ms(store.catch_up))
    print(f"catch-up after one removed article: {summary(removed)} ms")
    upload = "\n".join(json.dumps(a) for a in extra).encode()
    writer.add(upload, "batch.jsonl")
    batch = timed_ms(store.catch_up)
    print(f"catch-up after one upload of {len(extra)} articles: {batch:.2f} ms, "
          f"{batch / len(extra):.2f} ms per article")
    reload = [timed_ms(lambda: Store.open(store.folder, reader.embedder.name, reader.embedder.dimension).close())
              for _ in range(5)]
    print(f"for comparison, reopening the generation (a full reload): {summary(reload)} ms")
    asker.ask(question)
    steady = [timed_ms(lambda: asker.ask(question)) for _ in range(len(extra))]
    print(f"ask() after another process's add: {summary(asked)} ms; nothing changed: {summary(steady)} ms")


if __name__ == "__main__":
    sys.exit(main())
