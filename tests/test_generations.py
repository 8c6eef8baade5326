"""Processes sharing one index folder (issue 13): a rebuild in progress is never removed by a reader, a broken
generation is never published, readers move on to a rebuilt library by themselves, and two rebuilds never
both publish. Every process here is real: scripts/rebuild_index.py, scripts/ask.py and the bot.

A rebuild is held in the middle with SIGSTOP (the state of a long rebuild on a busy machine) so that the
readers start while it runs, deterministically, and let go again with SIGCONT.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest

from index.config import LibraryConfig
from index.errors import IndexMissing
from index.library import Library
from index.store import layout
from tests.botapi import FakeBotApi
from tests.botapi.process import BotProcess

from .conftest import ROOT, SEEDS
from .crash_worker import article_text
from .test_crash import check_library

pytestmark = pytest.mark.timeout(300)
TOKEN = "123456:TEST-TOKEN-generations"
MARKER = (
    "Quillmore ferry returns\n\nThe Quillmore ferry will sail again from Dunmarra harbour on 3 March, the port "
    "authority said. The crossing had been closed for nine months after a storm damaged the slipway."
)
MARKER_QUESTION = "When will the Quillmore ferry sail again?"


def corpus(path: Path, n: int, tag: str) -> Path:
    """A JSONL file of n distinct synthetic articles plus the marker article, as a rebuild's source."""
    rng = random.Random(tag)
    with path.open("w", encoding="utf-8") as out:
        for i in range(n):
            text = article_text(rng, f"{tag}{i}")
            out.write(json.dumps({"id": f"{tag}-{i}", "title": text.splitlines()[0][7:], "text": text}) + "\n")
        out.write(json.dumps({"id": "marker", "title": "Quillmore ferry returns", "text": MARKER}) + "\n")
    return path


def script_env(index_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "NEWSDESK_"))}
    return env | {"HF_HUB_OFFLINE": "1", "PYTHONPATH": str(ROOT), "NEWSDESK_INDEX_DIR": str(index_dir),
                  "NEWSDESK_SEEDS_DIR": str(SEEDS)}


def ask(env: dict[str, str], question: str) -> dict:
    result = subprocess.run([sys.executable, "scripts/ask.py", "--json", question], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def start_rebuild(env: dict[str, str], source: Path) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "scripts/rebuild_index.py", "--source", str(source)], cwd=ROOT,
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def pause_when_building(proc: subprocess.Popen[str], index_dir: Path, before: Path) -> Path:
    """Wait until the rebuild has its new generation and has begun filling it, then SIGSTOP it there."""
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline and proc.poll() is None:
        building = [p for p in index_dir.glob("gen-*") if p != before and (p / layout.DB_NAME).exists()]
        if building:
            time.sleep(0.5)  # into the parse / encode phase
            proc.send_signal(signal.SIGSTOP)
            return building[0]
        time.sleep(0.05)
    raise AssertionError(f"the rebuild made no generation: {proc.communicate()}")


def finish(proc: subprocess.Popen[str]) -> tuple[int, str, str]:
    proc.send_signal(signal.SIGCONT)
    out, err = proc.communicate(timeout=240)
    return proc.returncode, out, err


@pytest.fixture
def seeded_dir(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """An index folder built from seeds/ by a first `ask.py`, as a new user's first run does."""
    index_dir = tmp_path / "index"
    env = script_env(index_dir)
    assert ask(env, "What did Warner say?")["found"]
    return index_dir, env


def test_readers_started_during_a_rebuild_keep_it_and_then_follow_it(
    seeded_dir, tmp_path: Path, embedder, api: FakeBotApi
) -> None:
    index_dir, env = seeded_dir
    before = layout.current(index_dir)
    rebuild = start_rebuild(env, corpus(tmp_path / "articles.jsonl", 200, "bulk"))
    building = pause_when_building(rebuild, index_dir, before)
    reader = Library.open(replace(LibraryConfig(), index_dir=index_dir), embedder=embedder)
    user = api.user(9101, "Reader")
    chat = api.private_chat(user)
    with BotProcess(api, index_dir, tmp_path / "bot.log") as bot:
        try:
            assert ask(env, "What did Warner say?")["found"]  # the old library still answers meanwhile
            assert reader.ask("What did Warner say?").found
            sent = api.send_text(chat, user, "What did Warner say?")
            api.wait_until(lambda: api.bot_messages(chat["id"], after=sent), 60, "the bot's answer")
            assert building.is_dir() and (building / layout.DB_NAME).is_file()  # nobody removed it
            code, out, err = finish(rebuild)
            assert code == 0, err
            assert "201 articles" in out
            assert layout.current(index_dir) == building
            assert before.is_dir()  # the bot and `reader` still read it: it stays until they move on
            assert reader.ask(MARKER_QUESTION).found  # the next question is answered from the rebuilt library
            sent = api.send_text(chat, user, MARKER_QUESTION)
            api.wait_until(lambda: api.bot_messages(chat["id"], after=sent), 60, "the bot's answer")
            assert "3 March" in api.bot_messages(chat["id"], after=sent)[-1].text
        finally:
            bot.stop()
        assert reader.count() == 201 and check_library(reader) and not before.exists()  # the last reader left
    reader.close()
    assert ask(env, MARKER_QUESTION)["found"]


def test_two_rebuilds_at_once_publish_one(seeded_dir, tmp_path: Path) -> None:
    index_dir, env = seeded_dir
    before = layout.current(index_dir)
    first = start_rebuild(env, corpus(tmp_path / "first.jsonl", 40, "first"))
    building = pause_when_building(first, index_dir, before)
    second = subprocess.run([sys.executable, "scripts/rebuild_index.py", "--source", str(SEEDS)], cwd=ROOT,
                            env=env, capture_output=True, text=True, timeout=180)
    assert second.returncode == 1 and "Another rebuild" in second.stderr and "is running" in second.stderr
    assert layout.current(index_dir) == before
    code, out, err = finish(first)
    assert code == 0, err
    assert layout.current(index_dir) == building and "41 articles" in out
    assert [p.name for p in index_dir.glob("gen-*")] == [building.name]


def test_a_generation_broken_while_built_is_never_published(seeded_dir, tmp_path: Path) -> None:
    """What used to happen: another process deleted the rebuild's folder; the rebuild published it anyway."""
    index_dir, env = seeded_dir
    before = layout.current(index_dir)
    rebuild = start_rebuild(env, corpus(tmp_path / "articles.jsonl", 40, "broken"))
    building = pause_when_building(rebuild, index_dir, before)
    shutil.rmtree(building)
    code, _, err = finish(rebuild)
    assert code == 1 and "Rebuild failed, the previous index is unchanged" in err
    assert layout.current(index_dir) == before
    assert ask(env, "What did Warner say?")["found"]
    assert [p.name for p in index_dir.glob("gen-*")] == [before.name]


def test_a_library_that_held_articles_is_never_rebuilt_from_seeds(seeded_dir, tmp_path: Path, embedder) -> None:
    index_dir, env = seeded_dir
    config = replace(LibraryConfig(), index_dir=index_dir)
    shutil.rmtree(layout.current(index_dir))
    with pytest.raises(IndexMissing, match="rebuild_index.py --source FOLDER"):
        Library.open(config, seeds_dir=SEEDS, embedder=embedder)
    failed = subprocess.run([sys.executable, "scripts/ask.py", "What did Warner say?"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=180)
    assert failed.returncode == 1 and "which is missing" in failed.stderr
    assert not list(index_dir.glob("gen-*"))  # nothing was built behind the user's back
    rebuilt = subprocess.run([sys.executable, "scripts/rebuild_index.py", "--source", str(SEEDS)], cwd=ROOT,
                             env=env, capture_output=True, text=True, timeout=180)
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert ask(env, "What did Warner say?")["found"]


def test_emptied_library_stays_empty(config, embedder) -> None:
    """A library whose articles were all removed is a library, not a first run: seeds do not come back."""
    library = Library.open(config, seeds_dir=SEEDS, embedder=embedder)
    for info in library.list():
        library.remove(info.id)
    library.close()
    again = Library.open(config, seeds_dir=SEEDS, embedder=embedder)
    try:
        assert again.count() == 0
    finally:
        again.close()


def test_a_killed_first_seeding_seeds_again(config, embedder, monkeypatch) -> None:
    """The first run publishes an empty generation and then seeds it; if it dies in between, the next start
    seeds (that library never held an article)."""
    monkeypatch.setattr(Library, "rebuild", lambda *a, **k: (_ for _ in ()).throw(KeyboardInterrupt))
    with pytest.raises(KeyboardInterrupt):
        Library.open(config, seeds_dir=SEEDS, embedder=embedder)
    monkeypatch.undo()
    library = Library.open(config, seeds_dir=SEEDS, embedder=embedder)
    try:
        assert library.count() == 1
    finally:
        library.close()
