"""Feeds from the shell or cron: add, list, remove, poll (the bot polls on its own schedule as well).

    python scripts/feeds.py add https://example.com/rss
    python scripts/feeds.py list
    python scripts/feeds.py remove 2            # or the feed's URL
    python scripts/feeds.py poll [--due]        # every feed, or only those due (cron: every few minutes)

NEWSDESK_FEEDS (URLs) are added first when missing. Exit code 1 when a command fails, 2 when a poll had failures.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # this checkout's bot/ and index/, also from cron

from bot.config import Settings  # noqa: E402
from index.errors import NewsdeskError  # noqa: E402
from index.feeds.feeds import Feeds  # noqa: E402
from index.feeds.state import open_state  # noqa: E402
from index.feeds.types import Feed, when  # noqa: E402


def line(number: int, feed: Feed) -> str:
    status = f"failing ({feed.failures} in a row)" if feed.failures else "ok"
    error = f"; last error {when(feed.error_at)}: {feed.last_error}" if feed.last_error else ""
    return (f"{number}. {feed.url} {feed.title and f'({feed.title}) '}- {status}; last poll {when(feed.last_poll)}; "
            f"{feed.taken} articles taken; next poll {when(feed.next_poll)}{error}")


def main(argv: list[str] | None = None) -> int:
    settings = Settings.from_env()
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["add", "list", "remove", "poll"])
    parser.add_argument("feed", nargs="?", help="add: the feed's URL; remove: its URL or number in list")
    parser.add_argument("--index", type=Path, default=settings.library.index_dir, help="index folder")
    parser.add_argument("--due", action="store_true", help="poll: only the feeds that are due")
    args = parser.parse_args(argv)
    if args.command in {"add", "remove"} and not args.feed:
        parser.error(f"{args.command} needs a feed")
    config = replace(settings.library, index_dir=args.index)
    state = open_state(config)
    try:
        feeds = Feeds(state, settings.feeds)
        for problem in feeds.ensure(settings.feed_urls):
            print(f"warning: NEWSDESK_FEEDS {problem}", file=sys.stderr)
        if args.command == "add":
            feed = feeds.add(args.feed)
            print(f"Added {feed.url}{f' ({feed.title})' if feed.title else ''}.")
        elif args.command == "remove":
            print(f"Removed {feeds.remove(args.feed).url}; its articles stay in the library.")
        elif args.command == "list":
            for number, feed in enumerate(feeds.list(), 1):
                print(line(number, feed))
        else:
            return poll(config, settings, state, args.due)
    except (NewsdeskError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    finally:
        state.close()
    return 0


def poll(config, settings: Settings, state, due_only: bool) -> int:
    from index.library import Library  # the model loads only for a poll

    library = Library.open(config, seeds_dir=settings.seeds_dir)
    try:
        results = Feeds(state, settings.feeds, library.add).poll(due_only)
    finally:
        library.close()
    for result in results:
        state_word = "not modified" if result.not_modified else f"{len(result.taken)} new"
        print(f"{result.url}: {state_word}, {result.duplicates} already held, {result.pending} left"
              + (f"; error: {result.error}" if result.error else ""))
    return 2 if any(r.error for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
