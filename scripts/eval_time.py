"""Score time questions (scripts/time_questions.jsonl, issue 19) over a library built from ../shared/corpora.

    python scripts/eval_time.py --index DIR [--questions scripts/time_questions.jsonl] [--misses]

Each question carries its own "now". Right: the first source the answer shows is one of the expected articles
(a timeline: its first and last shown statements are the first and last expected); an empty window: the answer
says "nothing" for it. Articles are matched by title (the library's own ids are hashes of the text).
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from dataclasses import replace
from datetime import date
from pathlib import Path

from index.config import LibraryConfig
from index.library import Library
from index.types import Answer

CORPORA = Path(__file__).resolve().parents[1].parent / "shared" / "corpora"


def titles_by_id(corpora: Path) -> dict[str, str]:
    """JSONL id -> title, over every corpus."""
    found = {}
    for path in sorted(corpora.glob("*/articles.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            found[row["id"]] = row["title"]
    return found


def shown_titles(answer: Answer) -> list[str]:
    """The titles of the sources the answer shows, in the order shown."""
    if answer.statements:
        return [s.source.title for s in answer.statements if s.source]
    return [s.title for s in answer.sources] or [p.title for p in answer.passages]


def judge(q: dict, answer: Answer, titles: dict[str, str]) -> bool:
    """Is the answer right for the question (see the module docstring)?"""
    if q["empty"]:  # honest: says the window holds nothing, or finds nothing at all
        return not answer.found or "nothing" in answer.text.split("\n", 1)[0].lower()
    shown = shown_titles(answer) if answer.found else []
    expected = [titles.get(a, a) for a in q["expect_articles"]]
    if not shown:
        return False
    if q["kind"] == "timeline" and len(expected) > 1:
        return shown[0] == expected[0] and shown[-1] == expected[-1]
    return shown[0] in expected


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--questions", type=Path, default=Path(__file__).with_name("time_questions.jsonl"))
    parser.add_argument("--misses", action="store_true")
    args = parser.parse_args(argv)
    questions = [json.loads(x) for x in args.questions.read_text(encoding="utf-8").splitlines() if x.strip()]
    titles = titles_by_id(CORPORA)
    library = Library.open(replace(LibraryConfig(), index_dir=args.index), existing=True)
    tally: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    try:
        for q in questions:
            answer = library.ask(q["question"], now=date.fromisoformat(q["now"]))
            right = judge(q, answer, titles)
            for key in ((q["split"], "all"), (q["split"], q["kind"])):
                tally[key][0] += right
                tally[key][1] += 1
            if args.misses and not right:
                print(f"miss {q['id']} [{q['split']}/{q['kind']}] {q['question']!r} (now {q['now']})\n"
                      f"   want {q['expect_articles'][:2]}\n   got  {answer.text[:240]!r}")
    finally:
        library.close()
    print("| split | kind | questions | right |\n|---|---|---|---|")
    for (split, kind), (right, n) in sorted(tally.items(), key=lambda x: (x[0][0], x[0][1] != "all", x[0][1])):
        print(f"| {split} | {kind} | {n} | {right / n:.3f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
