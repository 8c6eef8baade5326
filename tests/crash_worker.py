"""Crash-test worker for tests/test_crash.py: a writer that the test kills with SIGKILL, again and again.

    python tests/crash_worker.py INDEX_DIR SOURCES_DIR

Loading the model and spaCy takes seconds, so the worker loads them once and then, for every "round SEED"
line on stdin, forks a child that opens the library from disk (exactly as a restarted bot does) and adds,
removes and rebuilds articles until it is killed. The child prints one line per acknowledged write, after
the library call returned (which is when the bot sends its receipt):

    ready                   the library opened (recovery done)
    added ID                an article upload was acknowledged
    removing ID             a removal started (the article may be gone from here on)
    removed ID              a removal was acknowledged
    rebuilding              a rebuild from SOURCES_DIR started
    rebuilt ID ID ...       the rebuild was published; the library holds exactly these articles

The parent prints "child PID" when a child starts and "dead PID" once it has been reaped, so every line a
child wrote comes before its "dead" line. "quit" ends the worker.
"""

from __future__ import annotations

import io
import os
import random
import sys
import zipfile
from dataclasses import replace
from pathlib import Path

WORDS = (
    "council bridge harbour budget vote river station mayor tariff senate drought vaccine court rail port"
    " election minister market storm contract union festival museum clinic housing ferry airport"
).split()
NAMES = ["Ann Lee", "Omar Haddad", "Rita Gomez", "Tom Becker", "Yuki Sato", "Lars Nilsson"]


def article_text(rng: random.Random, tag: str) -> str:
    """A short news-like article with a title line, a few paragraphs and a quote; unique through `tag`."""
    topic = " ".join(rng.sample(WORDS, 3))
    paragraphs = []
    for p in range(rng.randint(1, 6)):
        sentences = [
            f"The {' '.join(rng.sample(WORDS, 2))} plan {tag}-{p}-{s} was discussed on {rng.choice(WORDS)} day."
            for s in range(rng.randint(2, 6))
        ]
        name = rng.choice(NAMES)
        sentences.append(f'"We will finish the {rng.choice(WORDS)} work by May," said {name}.')
        paragraphs.append(" ".join(sentences))
    return f"Title: {topic.title()} {tag}\n\n" + "\n\n".join(paragraphs) + "\n"


def zip_of(rng: random.Random, tag: str, n: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for i in range(n):
            archive.writestr(f"{tag}-{i}.txt", article_text(rng, f"{tag}z{i}"))
    return buffer.getvalue()


def say(line: str) -> None:
    os.write(1, (line + "\n").encode())  # unbuffered: a line written is in the pipe before a kill


def child(library_open, sources: Path, seed: int) -> None:
    """Open the library and write to it until killed (or 200 operations, then exit)."""
    from index.errors import ArticleNotFound, DuplicateArticle

    rng = random.Random(seed)
    library = library_open()
    say("ready")
    for step in range(200):
        roll = rng.random()
        tag = f"r{seed}s{step}"
        if roll < 0.55:
            try:
                receipts = library.add(article_text(rng, tag).encode(), f"{tag}.txt")
            except DuplicateArticle:
                continue
            say("added " + " ".join(r.article_id for r in receipts if not r.duplicate_of))
        elif roll < 0.70:
            receipts = library.add(zip_of(rng, tag, rng.randint(2, 4)), f"{tag}.zip")
            say("added " + " ".join(r.article_id for r in receipts if not r.duplicate_of))
        elif roll < 0.90:
            articles = library.list()
            if articles:
                victim = rng.choice(articles).id
                say(f"removing {victim}")  # from now on it may be gone, acknowledged or not
                try:
                    library.remove(victim)
                except ArticleNotFound:
                    continue
                say(f"removed {victim}")
        else:
            say("rebuilding")
            library.rebuild([sources])
            say("rebuilt " + " ".join(sorted(a.id for a in library.list())))
    library.close()


def main(index_dir: Path, sources: Path) -> None:
    import torch

    from index.config import LibraryConfig
    from index.embed.encoder import Embedder
    from index.ingest.quotes import load_nlp
    from index.library import Library

    torch.set_num_threads(1)
    config = replace(LibraryConfig(), index_dir=index_dir)
    embedder = Embedder(config.model, "cpu", config.batch_size, config.encoder, config.model_cache)
    load_nlp()
    say("loaded")
    for line in sys.stdin:
        command = line.split()
        if command[:1] == ["quit"]:
            return
        seed = int(command[1])
        pid = os.fork()
        if pid == 0:
            code = 0
            try:
                child(lambda: Library.open(config, embedder=embedder), sources, seed)
            except BaseException as error:  # report, so the test fails with the reason rather than hangs
                say(f"error {type(error).__name__}: {error}")
                code = 1
            os._exit(code)
        say(f"child {pid}")
        os.waitpid(pid, 0)
        say(f"dead {pid}")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
