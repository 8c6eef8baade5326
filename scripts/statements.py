"""Export the library's statements (who said what), one per line, for evaluation and your own audits.

    python scripts/statements.py --index DIR --json                 # every statement, one JSON object a line
    python scripts/statements.py --index DIR --article ID           # one article's, as a readable listing
    NEWSDESK_STORE=milvus://host:19530 python scripts/statements.py --json   # (or --store) the Milvus store

A JSON line: {"article_id", "speaker" (as written), "canonical" (whom it means), "cue", "kind" (direct,
reported or mixed: reported words that hold a quotation are mixed; a pull quote is direct), "content", "start",
"end"}, ordered by article and position. start/end are character offsets into the article text as stored,
which is the parsed document's text: for a JSONL line its "text" as given (normalised only where it has
carriage returns, trailing spaces or control characters), so text[start:end] == content.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from pathlib import Path

from bot.config import Settings
from index.audit.export import Exported
from index.errors import NewsdeskError
from index.library import Library


def listing(statements: list[Exported]) -> list[str]:
    """A readable listing: each article's id, then one line per statement."""
    lines, article = [], None
    for s in statements:
        if s.article_id != article:
            article = s.article_id
            lines += [""] * bool(lines) + [article]
        who = s.speaker if s.speaker == s.canonical else f"{s.speaker} ({s.canonical})"
        lines.append(f"  {s.start}-{s.end} {s.kind:<8} {who} {s.cue or '-'}: “{s.content}”")
    return lines


def main(argv: list[str] | None = None) -> int:
    settings = Settings.from_env()
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--index", type=Path, default=settings.library.index_dir, help="index folder")
    parser.add_argument("--store", default=settings.library.store,
                        help="milvus://host:port[/db] (default: NEWSDESK_STORE; unset: the embedded store)")
    parser.add_argument("--article", help="only this article's statements (its id, as /list shows it)")
    parser.add_argument("--json", action="store_true", help="one JSON object per statement")
    args = parser.parse_args(argv)
    try:
        config = replace(settings.library, index_dir=args.index, store=args.store or "")
        library = Library.open(config, existing=True)
        try:
            statements = [Exported.of(q) for q in library.statements(args.article)]
        finally:
            library.close()
    except (NewsdeskError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    if args.json:
        sys.stdout.writelines(json.dumps(s.record(), ensure_ascii=False) + "\n" for s in statements)
    else:
        print("\n".join(listing(statements)) if statements else "No statements stored.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
