"""Evaluate retrieval and answers: passage recall@1/5/10 and MRR for dense, lexical and hybrid search, then
answer hit rate, words per answer, latency and the "not found" rate on out-of-scope questions, in one run.

    python scripts/eval.py --corpus ../shared/eval/xquad/articles.jsonl \\
                           --questions ../shared/eval/xquad/questions.dev.jsonl

A question set whose rows carry a "qtype" (scripts/facts_questions.jsonl: who / when / where / how many /
how much / why / which, and "near_miss" / "out_of_scope" rows with no answers) is scored per kind, and its
unanswerable rows take the place of --out-of-scope:

    python scripts/eval.py --corpus /tmp/subset.jsonl --questions scripts/facts_questions.jsonl \\
                           --index /tmp/wt11-eval --reuse
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

from bot.config import Settings
from index.answer.search import MODES
from index.library import Library
from index.metrics import first_hit, mrr, percentile, recall_at, words

HERE = Path(__file__).resolve().parent
UNANSWERABLE = ("near_miss", "out_of_scope")


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def split_rows(rows: list[dict]) -> tuple[list[dict], list[dict]]:
    """(answerable rows, near-miss and out-of-scope rows) of a question set.

    >>> split_rows([{"answers": ["x"]}, {"answers": [], "qtype": "near_miss"}])
    ([{'answers': ['x']}], [{'answers': [], 'qtype': 'near_miss'}])
    """
    return ([r for r in rows if not unanswerable(r)], [r for r in rows if unanswerable(r)])


def unanswerable(row: dict) -> bool:
    """A near miss, an out-of-scope question, or one the article on its event does not answer (quiz "not_said").

    >>> unanswerable({"qtype": "who", "kind": "not_said"}), unanswerable({"qtype": "who"})
    (True, False)
    """
    return row.get("qtype") in UNANSWERABLE or row.get("kind") == "not_said"


def retrieval_rows(library: Library, questions: list[dict]) -> list[str]:
    rows = []
    for mode in MODES:
        ranks = [first_hit([p.text for p in library.search(q["question"], 10, mode)], q["answers"]) for q in questions]
        rows.append(f"| {mode} | {recall_at(ranks, 1):.3f} | {recall_at(ranks, 5):.3f} | {recall_at(ranks, 10):.3f}"
                    f" | {mrr(ranks):.3f} |")
    return rows


def answer_stats(library: Library, questions: list[dict], out_of_scope: list[dict]) -> dict:
    hits, lengths, found, latencies, misses, peer_hits, peer_words = 0, [], 0, [], [], 0, 0
    by_kind: dict[str, list[int]] = defaultdict(list)
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
        by_kind[q.get("qtype", "all")].append(hit)
        if not hit:
            misses.append({"question": q["question"], "gold": q["answers"], "answer": answer.text})
    refused: dict[str, list[int]] = defaultdict(list)
    for q in out_of_scope:
        started = time.perf_counter()
        answer = library.ask(q["question"])
        latencies.append((time.perf_counter() - started) * 1000)
        refused[q.get("qtype", "out_of_scope")].append(not answer.found)
        if answer.found:
            misses.append({"question": q["question"], "gold": [], "answer": answer.text})
    all_refused = [r for values in refused.values() for r in values]
    return {
        "hit": hits / len(questions), "words": sum(lengths) / max(len(lengths), 1),
        "hit_answered": hits / max(found, 1),
        "peer_hit": peer_hits / len(questions),
        "peer_words": peer_words / len(questions), "answered": found / len(questions),
        "p50": percentile(latencies, 50), "p95": percentile(latencies, 95),
        "not_found": sum(all_refused) / max(len(all_refused), 1), "misses": misses,
        "by_kind": by_kind, "refused": refused,
    }


def kind_table(s: dict) -> str:
    """Hit rate per question kind and "not found" per unanswerable kind."""
    lines = ["| kind | questions | hit rate / not found |", "| --- | --- | --- |"]
    lines += [f"| {k} | {len(v)} | {sum(v) / len(v):.3f} |" for k, v in sorted(s["by_kind"].items())]
    lines += [f"| {k} (not found) | {len(v)} | {sum(v) / len(v):.3f} |" for k, v in sorted(s["refused"].items())]
    return "\n".join(lines)


def open_library(config, corpus: Path, reuse: bool) -> Library:
    """The evaluation library, rebuilt from the corpus unless `reuse` and it already holds articles."""
    library = Library.open(config)
    if reuse and library.count():
        print(f"corpus: reusing {config.index_dir} ({library.count()} articles)")
        return library
    report = library.rebuild([corpus])
    print(f"corpus: {report.articles} articles, {report.chunks} chunks ({report.seconds:.1f} s, "
          f"{report.chunks_per_second:.0f} chunks/s) in {library.home.description}")
    return library


def main(argv: list[str] | None = None) -> int:
    settings = Settings.from_env()
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, required=True, help='JSONL of {"id","title","text"} articles')
    parser.add_argument("--questions", type=Path, required=True, help='JSONL of {"question","answers"[,"qtype"]}')
    parser.add_argument("--out-of-scope", type=Path, default=HERE / "out_of_scope.jsonl")
    parser.add_argument("--index", type=Path, help="keep the evaluation index here (default: a temporary folder)")
    parser.add_argument("--reuse", action="store_true", help="answer from --index as it is when it has articles")
    parser.add_argument("--misses", type=Path, help="write the questions whose answer missed to this JSONL")
    parser.add_argument("--store", default=settings.library.store,
                        help="milvus://host:port[/db]: evaluate on a Milvus store (default: NEWSDESK_STORE)")
    args = parser.parse_args(argv)
    questions, unanswerable = split_rows(read_jsonl(args.questions))
    out_of_scope = unanswerable or read_jsonl(args.out_of_scope)
    with tempfile.TemporaryDirectory() as tmp:
        config = replace(settings.library, index_dir=args.index or Path(tmp) / "index", store=args.store or "")
        library = open_library(config, args.corpus, args.reuse)
        print(f"{len(questions)} questions, {len(out_of_scope)} out-of-scope\n")
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
    if any(q.get("qtype") for q in questions):
        print("\n" + kind_table(s))
    if args.misses:
        args.misses.write_text("".join(json.dumps(m, ensure_ascii=False) + "\n" for m in s["misses"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
