"""Evaluate retrieval and answers: passage recall@1/5/10 and MRR for dense, lexical and hybrid search, then
answer hit rate, words per answer, latency and the "not found" rate on out-of-scope questions, in one run.

    python scripts/eval.py --corpus ../shared/eval/xquad/articles.jsonl \\
                           --questions ../shared/eval/xquad/questions.dev.jsonl
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from bot.config import Settings
from index.library import Library
from index.metrics import first_hit, mrr, percentile, recall_at, words
from index.search import MODES

HERE = Path(__file__).resolve().parent


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def retrieval_rows(library: Library, questions: list[dict]) -> list[str]:
    rows = []
    for mode in MODES:
        ranks = [first_hit([p.text for p in library.search(q["question"], 10, mode)], q["answers"]) for q in questions]
        rows.append(f"| {mode} | {recall_at(ranks, 1):.3f} | {recall_at(ranks, 5):.3f} | {recall_at(ranks, 10):.3f}"
                    f" | {mrr(ranks):.3f} |")
    return rows


def answer_stats(library: Library, questions: list[dict], out_of_scope: list[dict]) -> dict[str, float]:
    hits, lengths, found, latencies, misses, peer_hits, peer_words = 0, [], 0, [], [], 0, 0
    for q in questions:
        started = time.perf_counter()
        answer = library.ask(q["question"])
        latencies.append((time.perf_counter() - started) * 1000)
        found += answer.found
        if answer.found:
            lengths.append(words(answer.text))
        top = library.search(q["question"], 1)  # the retrieval-only peer: reply with the top passage
        peer_hits += bool(top) and first_hit([top[0].text], q["answers"]) is not None
        peer_words += words(top[0].text) if top else 0
        hit = first_hit([answer.text], q["answers"]) is not None
        hits += hit
        if not hit:
            misses.append({"question": q["question"], "gold": q["answers"], "answer": answer.text})
    refused = sum(not library.ask(q["question"]).found for q in out_of_scope)
    return {
        "hit": hits / len(questions), "words": sum(lengths) / max(len(lengths), 1),
        "hit_answered": hits / max(found, 1),
        "peer_hit": peer_hits / len(questions),
        "peer_words": peer_words / len(questions), "answered": found / len(questions),
        "p50": percentile(latencies, 50), "p95": percentile(latencies, 95),
        "not_found": refused / len(out_of_scope) if out_of_scope else 0.0, "misses": misses,
    }


def main(argv: list[str] | None = None) -> int:
    settings = Settings.from_env()
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, required=True, help='JSONL of {"id","title","text"} articles')
    parser.add_argument("--questions", type=Path, required=True, help='JSONL of {"question","answers"}')
    parser.add_argument("--out-of-scope", type=Path, default=HERE / "out_of_scope.jsonl")
    parser.add_argument("--index", type=Path, help="keep the evaluation index here (default: a temporary folder)")
    parser.add_argument("--misses", type=Path, help="write the questions whose answer missed to this JSONL")
    args = parser.parse_args(argv)
    questions, out_of_scope = read_jsonl(args.questions), read_jsonl(args.out_of_scope)
    with tempfile.TemporaryDirectory() as tmp:
        config = replace(settings.library, index_dir=args.index or Path(tmp) / "index")
        library = Library.open(config)
        report = library.rebuild([args.corpus])
        print(f"corpus: {report.articles} articles, {report.chunks} chunks ({report.seconds:.1f} s); "
              f"{len(questions)} questions, {len(out_of_scope)} out-of-scope\n")
        print("| retrieval | recall@1 | recall@5 | recall@10 | MRR |\n| --- | --- | --- | --- | --- |")
        print("\n".join(retrieval_rows(library, questions)))
        s = answer_stats(library, questions, out_of_scope)
        library.close()
    print(f"\n| answers | hit rate | hit rate (answered) | words/answer | answered (in scope) "
          f"| not found (out of scope) | p50 ms | p95 ms |\n| --- | --- | --- | --- | --- | --- | --- | --- |\n"
          f"| final | {s['hit']:.3f} | {s['hit_answered']:.3f} | {s['words']:.1f} | {s['answered']:.3f} | "
          f"{s['not_found']:.3f} | {s['p50']:.1f} | {s['p95']:.1f} |\n"
          f"| top hybrid passage | {s['peer_hit']:.3f} | {s['peer_hit']:.3f} | {s['peer_words']:.1f} | 1.000 "
          "| 0.000 | | |")
    if args.misses:
        args.misses.write_text("".join(json.dumps(m, ensure_ascii=False) + "\n" for m in s["misses"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
