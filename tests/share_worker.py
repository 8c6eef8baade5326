"""A second process on one library, for tests/test_sharing.py and tests/test_bot_sharing.py.

    python tests/share_worker.py        (the library from NEWSDESK_INDEX_DIR or NEWSDESK_STORE)

It loads the model once, then answers one line per command read on stdin:

    add N           -> "added N ID" | "duplicate N ID"    upload ferry article N through Library.add
    remove N        -> "removed N" | "absent N"           Library.remove of article N
    ask N           -> "found N" | "missing N (answered: ...)"   ask article N's question
    rounds N FIRST  -> for each of articles FIRST..FIRST+N-1: add it, ask it (it must be found), remove the
                       one before it, ask that (it must be missing); one line per step, then "done"
    quit

Any exception prints "error TYPE: MESSAGE" and ends the worker with exit code 1: a test fails with the reason.
`ShareWorker` runs it as a child process; `Ferry` is the article set both sides ask about.
"""

from __future__ import annotations

import os
import queue
import random
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Made-up harbour towns, spelt far apart: a question about a removed one must not be taken for a typo of another
PLACES = ("Arbroch Belvessa Corrindale Dravik Elmswater Fenholt Gaskerry Hollowmere Istrand Jorvale Kilbannon "
          "Lusk Marrowby Norquist Ottering Pellam Quarnby Rathgowan Sorrel Tuvik Ulverholm Vantry Wexcombe Yarden "
          "Zennor Abbotsgrave Brumley Cawdor Dunscar Eskvale Frome Glenhaven Hobbeck Inchmurrin Jessop Kittering "
          "Lowestry Mortlake Nethercott Orrin").split()
SPEAKERS = ("Ada Brennan", "Bruno Castell", "Cleo Dunmore", "Dev Ashworth", "Edda Fairley", "Farid Galen")
MONTHS = "March April May June July August September October".split()
DAYS = "Monday Tuesday Wednesday Thursday Friday".split()
DETAILS = [
    "Crossings will take {} minutes in calm weather.", "The boat was refitted over the winter for {} weeks.",
    "Islanders had relied on a small water taxi since the old vessel was withdrawn {} months ago.",
    "Shopkeepers expect {} more visitors a week in summer.", "Fuel prices rose by {} percent last year.",
    "The new timetable lists {} sailings a week.", "Children under {} travel free.",
    "A survey found that {} percent of residents wanted the service back.",
]


@dataclass(frozen=True)
class Ferry:
    """Article N: one harbour's ferry, its fare (what `question` asks) and a quote by its harbour master."""

    n: int

    @property
    def place(self) -> str:
        return PLACES[self.n]

    @property
    def fare(self) -> str:
        return f"{17 + 3 * self.n} dollars"

    @property
    def speaker(self) -> str:
        return f"{SPEAKERS[self.n % len(SPEAKERS)].split()[0]} {self.place}son"

    @property
    def question(self) -> str:
        return f"How much will the {self.place} ferry cost?"

    def text(self) -> str:
        """Worded differently for each N: near-identical articles would be taken for wire copies of each other."""
        rng = random.Random(self.n)
        month, day = rng.choice(MONTHS), rng.choice(DAYS)
        lead = rng.choice([
            f"The {self.place} ferry will carry passengers again from {month}, the harbour board said on {day}.",
            f"Passengers can board the {self.place} ferry again in {month}, after a decision taken on {day}.",
            f"On {day} the harbour board agreed that the {self.place} ferry returns to service in {month}.",
        ])
        details = " ".join(rng.sample(DETAILS, 3)).format(*rng.sample(range(12, 95), 3))
        return (f"{self.place} ferry to sail again\n\n{lead} A return ticket will cost {self.fare}.\n\n"
                f"\u201cIt is a good day for the island of {self.place},\u201d said harbour master {self.speaker}. "
                f"{details}\n")


def main() -> None:
    from bot.config import Settings
    from index.errors import ArticleNotFound, DuplicateArticle
    from index.library import Library

    library = Library.open(Settings.from_env().library)
    ids: dict[int, str] = {}

    def run(command: str, n: int) -> str:
        ferry = Ferry(n)
        if command == "add":
            try:
                ids[n] = library.add(ferry.text().encode(), f"ferry-{n}.txt")[0].article_id
            except DuplicateArticle as known:
                ids[n] = known.article_id
                return f"duplicate {n} {known.article_id}"
            return f"added {n} {ids[n]}"
        if command == "remove":
            try:
                library.remove(ids.get(n) or _id_of(library, ferry))
            except ArticleNotFound:
                return f"absent {n}"
            return f"removed {n}"
        answer = library.ask(ferry.question)
        if answer.found and ferry.fare in answer.text:
            return f"found {n}"
        return f"missing {n} (answered: {' '.join(answer.text.split())[:200]})"

    print("ready", flush=True)
    try:
        for line in sys.stdin:
            command, *args = line.split()
            if command == "quit":
                break
            if command != "rounds":
                print(run(command, int(args[0])), flush=True)
                continue
            count, first = map(int, args)
            for n in range(first, first + count):
                steps = ["add", "ask"] + (["remove", "ask"] if n > first else [])
                for step, article in zip(steps, [n, n, n - 1, n - 1]):
                    print(run(step, article), flush=True)
            print("done", flush=True)
    except Exception as error:  # noqa: BLE001 - reported to the test, which fails with it
        print(f"error {type(error).__name__}: {error}", flush=True)
        library.close()
        sys.exit(1)
    library.close()


def _id_of(library, ferry: Ferry) -> str:
    """An article another process added: found by its title."""
    return next((a.id for a in library.list() if a.title.startswith(ferry.place + " ")), "-")


class ShareWorker:
    """The worker as a child process; `call` sends one command and returns its reply line."""

    def __init__(self, env: dict[str, str]) -> None:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "NEWSDESK_"))} | {
            "HF_HUB_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false", "PYTHONPATH": str(ROOT)} | env
        self.proc = subprocess.Popen([sys.executable, str(Path(__file__))], cwd=ROOT, env=env, text=True,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.proc.stdout:
            self.lines.put(line.rstrip("\n"))
        self.lines.put("EOF")

    def next(self, timeout: float = 180) -> str:
        """The next reply line; logging lines on stderr are skipped."""
        while True:
            line = self.lines.get(timeout=timeout)
            assert line != "EOF" and not line.startswith("error"), line
            if line.split(" ", 1)[0] in {"ready", "added", "duplicate", "removed", "absent", "found", "missing",
                                         "done"}:
                return line

    def send(self, command: str) -> None:
        self.proc.stdin.write(command + "\n")
        self.proc.stdin.flush()

    def call(self, command: str) -> str:
        self.send(command)
        return self.next()

    def close(self) -> int:
        if self.proc.poll() is None:
            self.send("quit")
            self.proc.stdin.close()
            self.proc.wait(timeout=60)
        return self.proc.returncode

    def __enter__(self) -> ShareWorker:
        assert self.next() == "ready"
        return self

    def __exit__(self, *exc: object) -> None:
        if self.proc.poll() is None:
            self.close()


if __name__ == "__main__":
    main()
