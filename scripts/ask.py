"""Answer one question, or every line of a JSONL file of {"id","question"} with one JSON line each."""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import replace
from pathlib import Path

from bot.config import Settings
from index.errors import NewsdeskError
from index.library import Library
from index.types import Answer


def record(answer: Answer, question_id: str | None, ms: float) -> dict:
    """The stable JSON contract evaluation tools rely on."""
    return {
        "id": question_id,
        "question": answer.question,
        "answer": answer.text,
        "found": answer.found,
        "passages": [
            {"article_id": p.article_id, "title": p.title, "text": p.text, "score": round(p.score, 4)}
            for p in answer.passages
        ],
        "ms": round(ms, 2),
    }


def main(argv: list[str] | None = None) -> int:
    settings = Settings.from_env()
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("question", nargs="?", help="the question to answer")
    parser.add_argument("--index", type=Path, default=settings.library.index_dir, help="index folder")
    parser.add_argument("--json", action="store_true", help="print the JSON record instead of the answer")
    parser.add_argument("--questions", type=Path, help='JSONL file of {"id", "question"} lines')
    args = parser.parse_args(argv)
    if not args.question and not args.questions:
        parser.error("give a question or --questions FILE")
    try:
        library = Library.open(replace(settings.library, index_dir=args.index), seeds_dir=settings.seeds_dir)
        items = _questions(args.questions) if args.questions else [(None, args.question)]
        for question_id, question in items:
            started = time.perf_counter()
            answer = library.ask(question)
            ms = (time.perf_counter() - started) * 1000
            if args.json or args.questions:
                print(json.dumps(record(answer, question_id, ms), ensure_ascii=False), flush=True)
            else:
                print(answer.text)
    except (NewsdeskError, OSError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


def _questions(path: Path) -> list[tuple[str | None, str]]:
    items = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            try:
                row = json.loads(line)
                items.append((str(row["id"]), str(row["question"])))
            except (json.JSONDecodeError, KeyError, TypeError):
                raise ValueError(f"{path} line {number}: expected a JSON object with \"id\" and \"question\"") from None
    return items


if __name__ == "__main__":
    sys.exit(main())
