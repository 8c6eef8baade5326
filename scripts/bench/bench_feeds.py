"""Soak: feeds and watches over a simulated day (issue 20).

    python scripts/bench/bench_feeds.py [--feeds 20] [--entries 2000] [--chats 100] [--watches-per-chat 5]
                                        [--steps 48] [--questions 200]

A local HTTP server serves --feeds RSS feeds; over --steps polls (a simulated day) their --entries entries
appear (each the full text, one in ten a teaser whose page is fetched, one in twenty re-published by a second
feed under another id). Two made-up people speak in each article, about one of 30 made-up places, one article in
five with a watched phrase. --chats chats hold --watches-per-chat watches each: three people, a person on a place,
a phrase. Each step polls every feed (Feeds.poll), checks the watches (Watches.check) and "sends" the notices
(Watches.delivered), while a thread asks questions. Prints: articles stored (against unique stories), notices
(against the pairs the generated articles call for), duplicates (must be 0), question p50/p95 during the run and
with no feed activity afterwards on the same library, and the process RSS at the start, middle and end.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from index.config import FeedsConfig, LibraryConfig  # noqa: E402
from index.feeds.feeds import Feeds  # noqa: E402
from index.feeds.state import SqliteState  # noqa: E402
from index.feeds.watches import Watches  # noqa: E402
from index.library import Library  # noqa: E402
from index.metrics import percentile  # noqa: E402

FIRST = ("Aldous Brigida Casimir Dagny Eamon Fenna Gideon Hesper Ilario Jorunn Kasimir Liesel Marek Nerys Osric "
         "Perpetua Quillan Rosalind Sigrun Tobiah Ulrike Valdis Wendeline Xanthe Yorick Zenobia Anselm Brisa "
         "Cormac Delphine").split()
LAST = ("Achterberg Brennan Castellane Dunmore Eskildsen Feldkirch Galloway Halvorsen Ingersoll Jaramillo Kowalczyk "
        "Lindqvist Marchetti Nakashima Oyelaran Pennington Quaglia Rasmussen Sandoval Thorvaldsen Underhill "
        "Vantongeren Whitlock Xiomara Yarborough Zellweger Abernathy Blackwood Carrington Delacroix").split()
PLACES = [f"{a}{b}" for a, b in zip("Brenn Salt Quill Ravens Tarn Ost Kelms Vellac Hollins Marrow Dun Ash Fern Glen "
                                    "Hart Ivy Kil Lang Mor Nor Pem Rook Stan Thorn Ul Wex Yar Zenn Ald Bex".split(),
                                    ["ick", "marsh", "on", "holm", "wick", "vald", "cote", "ourt", "by", "ford"] * 3)]
PHRASES = ["tidal barrier", "harbour levy", "ferry subsidy", "sea wall", "fishing quota"]


@dataclass(frozen=True)
class Story:
    n: int
    feed: int
    step: int
    speakers: tuple[str, str]
    place: str
    phrase: str
    teaser: bool

    def html(self) -> str:
        a, b = self.speakers
        extra = f" and the {self.phrase} must come first" if self.phrase else ""
        return (f"<p>The council of {self.place} met on evening {self.n} to decide the future of the old harbour "
                f"district after months of argument between residents, traders and the regional government.</p>"
                f"<p>“We will rebuild the {self.place} pier stone by stone{extra},” said {a}, who chairs the "
                f"committee.</p><p>“Nobody in {self.place} wants to wait another winter,” said {b}.</p>"
                f"<p>Residents will vote on plan number {self.n} in the spring; the regional government has promised "
                "to publish the full costs, the timetable and the names of the contractors before then, and the "
                "committee will hold public meetings in every ward of the town.</p>")

    @property
    def title(self) -> str:
        return f"{self.place} harbour plan {self.n}"


def stories(count: int, feeds: int, steps: int, rng: random.Random) -> list[Story]:
    people = [f"{f} {s}" for f, s in zip(FIRST, LAST)]
    return [Story(n, n % feeds, n * steps // count, tuple(rng.sample(people, 2)), rng.choice(PLACES),
                  rng.choice(PHRASES) if rng.random() < 0.2 else "", rng.random() < 0.1) for n in range(count)]


class Site:
    """RSS per feed: the entries published by the current step, newest 40, with ETags."""

    def __init__(self, items: list[Story], feeds: int) -> None:
        self.items, self.feeds, self.step = items, feeds, -1
        self.republished = {s.n: (s.feed + 1) % feeds for s in items if s.n % 20 == 7}

    def feed(self, number: int) -> tuple[bytes, str]:
        shown = [s for s in self.items if s.step <= self.step and (s.feed == number or
                                                                   self.republished.get(s.n) == number)][-40:]
        out = []
        for s in reversed(shown):
            body = "" if s.teaser else f"<content:encoded><![CDATA[{s.html()}]]></content:encoded>"
            guid = f"{s.n}" if s.feed == number else f"re-{s.n}"
            out.append(f"<item><title>{s.title}</title><link>{self.base}/p/{s.n}</link><guid>{guid}</guid>"
                       f"<description>Teaser.</description>{body}</item>")
        xml = ('<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
               f"<channel><title>Feed {number}</title>{''.join(out)}</channel></rss>")
        return xml.encode(), f'"{number}-{self.step}"'

    @staticmethod
    def page(story: Story) -> bytes:
        return (f"<html><head><title>{story.title}</title></head><body><article><h1>{story.title}</h1>"
                f"{story.html()}</article></body></html>").encode()

    def serve(self) -> ThreadingHTTPServer:
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                kind, _, number = self.path.strip("/").partition("/")
                if kind == "f":
                    body, tag = site.feed(int(number))
                    if self.headers.get("If-None-Match") == tag:
                        self.send_response(304)
                        self.end_headers()
                        return
                    self._send(body, "application/rss+xml", tag)
                else:
                    self._send(site.page(site.items[int(number)]), "text/html", "")

            def _send(self, body: bytes, content_type: str, tag: str) -> None:
                self.send_response(200)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                if tag:
                    self.send_header("ETag", tag)
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{server.server_address[1]}"
        threading.Thread(target=server.serve_forever, daemon=True).start()
        return server


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def watches_for(chats: int, per_chat: int, rng: random.Random) -> list[tuple[int, str]]:
    made = []
    for chat in range(1, chats + 1):
        surnames = rng.sample(LAST, per_chat)
        texts = [surnames[0], surnames[1], surnames[2], f"{surnames[3]} on {rng.choice(PLACES)}",
                 f'"{rng.choice(PHRASES)}"'][:per_chat]
        made += [(chat, t) for t in texts]
    return made


def expected(items: list[Story], watches: list[tuple[int, str]]) -> set[tuple[int, int, str]]:
    """(story, chat, watch) pairs for the person and phrase watches (a topic relates by meaning: counted apart)."""
    pairs = set()
    for s in items:
        names = {name.split()[-1] for name in s.speakers}
        for chat, text in watches:
            if (text.startswith('"') and text.strip('"') == s.phrase) or text in names:
                pairs.add((s.n, chat, text))
    return pairs


def upload(library: Library, site: Site, step: int) -> list:
    """The baseline's step: this step's stories added as pages, as an admin would upload them."""
    for story in (s for s in site.items if s.step == step):
        library.add(site.page(story), f"{story.n}.html", f"{site.base}/p/{story.n}")
    return []


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--feeds", type=int, default=20)
    parser.add_argument("--entries", type=int, default=2000)
    parser.add_argument("--chats", type=int, default=100)
    parser.add_argument("--watches-per-chat", type=int, default=5)
    parser.add_argument("--steps", type=int, default=48)
    parser.add_argument("--questions", type=int, default=200)
    parser.add_argument("--without-feeds", action="store_true",
                        help="the baseline: the same articles at the same steps by Library.add, no feeds, no watches")
    args = parser.parse_args(argv)
    rng = random.Random(20)
    items = stories(args.entries, args.feeds, args.steps, rng)
    site = Site(items, args.feeds)
    server = site.serve()
    folder = Path(tempfile.mkdtemp(prefix="bench-feeds-"))
    library = Library.open(replace(LibraryConfig(), index_dir=folder / "index"), seeds_dir=Path("seeds"))
    state = SqliteState(folder / "index" / "desk.sqlite")
    clock = [0.0]
    config = FeedsConfig(interval_s=86400 / args.steps, allow_private=True, max_feeds=args.feeds)
    feeds = Feeds(state, config, library.add, clock=lambda: clock[0])
    watches = Watches(state, library, config)
    watches.check()
    planned = watches_for(args.chats, args.watches_per_chat, rng)
    made = {}
    for chat, text in planned:
        made[watches.add(chat, text).token] = (chat, text)
    for number in range(args.feeds):
        feeds.add(f"{site.base}/f/{number}", check=False)
    questions = [f"What did {f} {s} say?" for f, s in zip(FIRST, LAST)]
    during, stop = [], threading.Event()

    def ask() -> None:
        while not stop.is_set() and len(during) < 100_000:
            started = time.perf_counter()
            library.ask(rng.choice(questions))
            during.append((time.perf_counter() - started) * 1000)
            time.sleep(0.2)

    asker = threading.Thread(target=ask, daemon=True)
    memory = [rss_mb()]
    sent: Counter = Counter()
    started = time.perf_counter()
    asker.start()
    poll_s, check_s = [], []
    for step in range(args.steps):
        site.step, clock[0] = step, step * config.interval_s
        t = time.perf_counter()
        results = feeds.poll(due_only=True) if not args.without_feeds else upload(library, site, step)
        poll_s.append(time.perf_counter() - t)
        t = time.perf_counter()
        for notice in watches.check() if not args.without_feeds else []:
            sent[(notice.article_id, notice.chat_id, notice.token)] += 1
            watches.delivered(notice)
        check_s.append(time.perf_counter() - t)
        memory.append(rss_mb())
        errors = [r.error for r in results if r.error]
        print(f"step {step + 1}/{args.steps}: {sum(len(r.taken) for r in results)} new, "
              f"{sum(r.duplicates for r in results)} held, {len(errors)} errors, poll {poll_s[-1]:.1f} s, "
              f"watches {check_s[-1]:.2f} s, RSS {memory[-1]:.0f} MB", flush=True)
    stop.set()
    asker.join()
    total = time.perf_counter() - started
    quiet = []
    for _ in range(min(args.questions, len(during) or args.questions)):
        t = time.perf_counter()
        library.ask(rng.choice(questions))
        quiet.append((time.perf_counter() - t) * 1000)
    title_of = {info.id: info.title for info in library.list()}
    by_title = {s.title: s.n for s in items}
    got = {(by_title.get(title_of.get(a, ""), -1), *made[token]) for a, _, token in sent}
    want = expected(items, planned)
    topic_tokens = {t for t, (_, text) in made.items() if " on " in text}
    print(f"\n{args.entries} entries in {args.feeds} feeds over {args.steps} polls, {total:.0f} s: "
          f"{library.count() - 1} articles stored ({len({s.title for s in items})} stories)")
    print(f"notices: {sum(sent.values())} sent, {sum(1 for c in sent.values() if c > 1)} (article, chat, watch) "
          f"sent twice; person and phrase watches: {len(got & want)} of {len(want)} expected pairs, "
          f"{len(got - want - {g for g in got if g[2].count(' on ')})} unexpected; "
          f"{sum(1 for k in sent if k[2] in topic_tokens)} from person-on-place watches")
    print(f"questions: during the feeds p50 {statistics.median(during):.0f} ms, p95 {percentile(during, 95):.0f} ms "
          f"({len(during)}); quiet afterwards p50 {statistics.median(quiet):.0f} ms, "
          f"p95 {percentile(quiet, 95):.0f} ms ({len(quiet)})")
    print(f"per step: poll p50 {statistics.median(poll_s):.1f} s, watches check p50 {statistics.median(check_s):.2f} "
          f"s, max {max(check_s):.2f} s; RSS {memory[0]:.0f} MB at start, {memory[len(memory) // 2]:.0f} MB mid, "
          f"{memory[-1]:.0f} MB at the end")
    server.shutdown()
    library.close()
    state.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
