"""Rebuild the whole index from folders of article files and/or JSONL files, then swap it in atomically."""

from __future__ import annotations

import argparse
import sqlite3
import sys
from dataclasses import replace
from pathlib import Path

from bot.config import Settings
from index.errors import NewsdeskError
from index.library import Library


def main(argv: list[str] | None = None) -> int:
    settings = Settings.from_env()
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--source", action="append", type=Path, help="folder or JSONL file (repeatable)")
    parser.add_argument("--index", type=Path, default=settings.library.index_dir, help="index folder")
    args = parser.parse_args(argv)
    sources = args.source or [settings.seeds_dir]
    try:
        # missing_ok: a rebuild is how a library whose generation went missing is brought back
        library = Library.open(replace(settings.library, index_dir=args.index), missing_ok=True)
        report = library.rebuild(sources, progress=True)
    except (NewsdeskError, OSError, sqlite3.Error) as error:
        print(f"Rebuild failed, the previous index is unchanged: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Interrupted: the previous index is unchanged.", file=sys.stderr)
        return 130
    for line in report.skipped:
        print(f"skipped {line}", file=sys.stderr)
    print(
        f"Rebuilt {args.index}: {report.articles} articles, {report.chunks} chunks in {report.seconds:.1f} s "
        f"({report.chunks_per_second:.1f} chunks/s; {report.embedded} encoded, {report.reused} reused)"
    )
    library.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
