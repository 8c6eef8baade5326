"""Score time questions (scripts/time_questions.jsonl, issue 19) over a library built from ../shared/corpora.

    python scripts/eval_time.py --build --index /tmp/t19    # builds the library once (~15 min), then scores
    python scripts/eval_time.py --index /tmp/t19 [--questions scripts/time_questions.jsonl] [--misses]

The library: the 593 articles time_library_ids.txt lists, read from ../shared/corpora: every wikinews-2019-2020
article, the tosca articles the first set names, and 250 more tosca articles that name one of its tosca speakers
(a seeded draw, random.Random(7)). The list is kept, not drawn again, because the second, blind set
(time_questions2.jsonl, 80 questions) was written against exactly these articles and a correction to the first
set's gold must not change them. Score either set with --questions on a library built once:

    python scripts/eval_time.py --index /tmp/t19 --questions scripts/time_questions2.jsonl

On a Milvus store (a `milvus-lite server` on 127.0.0.1), --store names it; --index is then its local home:

    python scripts/eval_time.py --build --index /tmp/t19m --store milvus://127.0.0.1:19611

Each question carries its own "now". Right: the first source the answer shows is one of the expected articles
(a timeline: its first and last shown statements are the first and last expected); an empty window: the answer
says "nothing" for it. Articles are matched by title (the library's own ids are hashes of the text).
"""

from __future__ import annotations

import argparse
import json
import tempfile
from collections import defaultdict
from dataclasses import replace
from datetime import date
from pathlib import Path

from index.config import LibraryConfig
from index.library import Library
from index.types import Answer

CORPORA = Path(__file__).resolve().parents[1].parent / "shared" / "corpora"


LIBRARY = Path(__file__).with_name("time_library_ids.txt")


def library_lines(corpora: Path, ids_file: Path = LIBRARY) -> list[str]:
    """The JSONL lines of the library the sets are scored on, in the order of `ids_file` (see the docstring)."""
    ids = [x for x in ids_file.read_text(encoding="utf-8").split() if x]
    wanted = set(ids)
    rows = {}
    for path in sorted(corpora.glob("*/articles.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if (key := json.loads(line)["id"]) in wanted:
                rows[key] = line
    missing = [x for x in ids if x not in rows]
    if missing:
        raise SystemExit(f"{len(missing)} articles of {ids_file.name} are not in {corpora}: {missing[:3]}")
    return [rows[x] for x in ids]


def build(config: LibraryConfig) -> None:
    """Rebuild the library `config` names from the sets' articles."""
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "time-set.jsonl"
        source.write_text("".join(line + "\n" for line in library_lines(CORPORA)), encoding="utf-8")
        library = Library.open(config)
        try:
            print(library.rebuild([source], progress=True))
        finally:
            library.close()


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
    parser.add_argument("--build", action="store_true", help="rebuild the library at --index first")
    parser.add_argument("--store", default="", help="milvus://host:port: the library in a Milvus store")
    args = parser.parse_args(argv)
    questions = [json.loads(x) for x in args.questions.read_text(encoding="utf-8").splitlines() if x.strip()]
    config = replace(LibraryConfig(), index_dir=args.index, store=args.store)
    if args.build:
        build(config)
    titles = titles_by_id(CORPORA)
    library = Library.open(config, existing=True)
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
