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
from index.rebuild import parse_shard


def main(argv: list[str] | None = None) -> int:
    settings = Settings.from_env()
    parser = argparse.ArgumentParser(description=__doc__, epilog=SHARDS, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--source", action="append", type=Path, help="folder or JSONL file (repeatable)")
    parser.add_argument("--index", type=Path, default=settings.library.index_dir, help="index folder")
    parser.add_argument("--store", default=settings.library.store,
                        help="milvus://host:port[/db] (default: NEWSDESK_STORE; unset: the embedded store)")
    parser.add_argument("--shard", help="I/N: write this machine's share of the sources into --generation")
    parser.add_argument("--generation", help="the generation the shards write (a name all machines share)")
    parser.add_argument("--publish", metavar="GENERATION", help="check that generation and swap it in")
    args = parser.parse_args(argv)
    sources = args.source or [settings.seeds_dir]
    try:
        shard = parse_shard(args.shard, args.generation or "") if args.shard else None
        if shard and not args.generation:
            parser.error("--shard needs --generation NAME, the same on every machine")
        # missing_ok: a rebuild is how a library whose generation went missing is brought back
        config = replace(settings.library, index_dir=args.index, store=args.store or "")
        library = Library.open(config, missing_ok=True)
        if args.publish:
            report = library.publish_generation(args.publish)
        elif shard:
            report = library.build_shard(sources, shard, progress=True)
        else:
            report = library.rebuild(sources, progress=True)
    except (NewsdeskError, OSError, sqlite3.Error, ValueError) as error:
        print(f"Rebuild failed, the previous index is unchanged: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Interrupted: the previous index is unchanged.", file=sys.stderr)
        return 130
    for line in report.skipped:
        print(f"skipped {line}", file=sys.stderr)
    where = library.home.description
    done = f"Published generation {args.publish}" if args.publish else \
        f"Wrote shard {args.shard} of generation {args.generation}" if shard else "Rebuilt"
    print(f"{done} ({where}): {report.articles} articles, {report.chunks} chunks in {report.seconds:.1f} s "
          f"({report.chunks_per_second:.1f} chunks/s; {report.embedded} encoded, {report.reused} reused)")
    library.close()
    return 0


SHARDS = """parallel bulk ingest into a Milvus store, N machines:
  on machine I of N:  rebuild_index.py --store milvus://host:19530 --source DIR --shard I/N --generation nightly
  then, once:         rebuild_index.py --store milvus://host:19530 --publish nightly
"""


if __name__ == "__main__":
    sys.exit(main())
