"""The library's behaviour on both stores through one fixture: the embedded SQLite + FAISS store and a Milvus
Lite server started on a free port (issue 12). The same questions, the same answers."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest

from bot.console import Conversation, handle
from index.config import LibraryConfig
from index.errors import ArticleNotFound, DuplicateArticle, StoreUnavailable
from index.library import Library
from index.rebuild import parse_shard

from .conftest import ROOT, SEED_ARTICLE, SEEDS
from .milvus_server import MilvusServer

BRIDGE = ("Millbrook council backs new bridge\n\nThe council voted 7-2 on Tuesday to build a new bridge over the "
          "Mill river. \"We cannot wait another winter,\" said Mayor Ana Ortiz. The new bridge will cost 12 "
          "million dollars.\n")
FERRY = ("Ferry service resumes in Harwick\n\nThe Harwick ferry carried its first passengers in three years on "
         "Monday. \"It is a good day for the island,\" said harbour master Tom Reyes.\n")


def test_it_says_which_store_holds_the_library(lib: Library) -> None:
    stats = lib.stats()
    assert stats.articles == 1 and stats.chunks > 5 and stats.quotes > 0
    assert stats.store.startswith("Milvus at milvus://127.0.0.1:" if lib.config.store else "embedded (SQLite")


def test_add_ask_remove_and_duplicates(lib: Library) -> None:
    receipt = lib.add(BRIDGE.encode(), "bridge.txt")[0]
    answer = lib.ask("How much will the new bridge cost?")
    assert answer.found and "12 million dollars" in answer.text, answer.text
    assert "Ana Ortiz" in lib.ask("What did Ortiz say?").text
    with pytest.raises(DuplicateArticle):
        lib.add(BRIDGE.encode(), "again.txt")
    assert [a.title for a in lib.list()][0] == "Millbrook council backs new bridge"
    added = lib.list(0, 1)[0].added_at  # only what was added since (the watches' read of new articles)
    assert [a.title for a in lib.list(since=added)] == ["Millbrook council backs new bridge"]
    assert lib.list(since=added + 1) == [] and len(lib.list(since=0)) == len(lib.list())
    assert lib.remove(receipt.article_id).title == receipt.title
    assert not lib.ask("How much will the new bridge cost?").found
    with pytest.raises(ArticleNotFound):
        lib.remove(receipt.article_id)


def test_quotes_who_is_and_not_found(lib: Library) -> None:
    warner = lib.ask("What did Warner say?")
    assert warner.found and warner.speaker == "Mark Warner" and "force" in warner.text
    assert "Conley" in lib.ask("Who is Heather Conley?").text
    assert not lib.ask("What is the recipe for Neapolitan pizza dough?").found


def test_a_time_window_on_either_store(lib: Library) -> None:
    rows = [{"title": "Ortiz opens the bridge", "date": "2019-05-14",
             "text": "Mayor Ana Ortiz opened the Mill bridge. \"The river is ours again,\" Ortiz said."},
            {"title": "Ortiz plans a ferry", "date": "2020-02-03",
             "text": "Mayor Ana Ortiz announced a ferry. \"The island needs a boat,\" Ortiz said."}]
    lib.add("".join(json.dumps(r) + "\n" for r in rows).encode(), "ortiz.jsonl")
    may = lib.ask("What did Ortiz say in May 2019?")
    assert may.text.startswith("Ana Ortiz said, in May 2019:") and "river is ours" in may.text
    assert "needs a boat" not in may.text
    latest = lib.ask("what did ortiz say most recently")
    assert latest.statements[0].quote.content == "The island needs a boat"
    empty = lib.ask("What did Ortiz say in 2015?")
    assert empty.text.startswith("Ana Ortiz: nothing in 2015; the latest is from 2020-02-03:")


def test_a_rebuild_swaps_the_library_whole(lib: Library, tmp_path: Path) -> None:
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / "ferry.txt").write_text(FERRY)
    report = lib.rebuild([sources])
    assert report.articles == 1 and lib.count() == 1
    assert "Tom Reyes" in lib.ask("What did Reyes say?").text
    assert not lib.ask("What did Warner say?").found


def test_a_second_process_sees_an_upload_and_a_rebuild(milvus: MilvusServer, embedder, tmp_path: Path) -> None:
    """Two processes share one Milvus library: ask.py (another process) answers an upload made here at once,
    and this library answers from a rebuild made by the other process at its next question."""
    store = milvus.uri
    here = Library.open(replace(LibraryConfig(), store=store), seeds_dir=SEEDS, embedder=embedder)
    try:
        here.rebuild([SEEDS])
        here.add(BRIDGE.encode(), "bridge.txt")
        env = _clean_env() | {"NEWSDESK_STORE": store, "NEWSDESK_INDEX_DIR": str(tmp_path / "unused")}
        started = time.perf_counter()
        asked = subprocess.run([sys.executable, "scripts/ask.py", "--json", "How much will the new bridge cost?"],
                               cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
        assert asked.returncode == 0, asked.stderr
        assert "12 million dollars" in json.loads(asked.stdout.splitlines()[-1])["answer"], asked.stdout
        (tmp_path / "src").mkdir()
        (tmp_path / "src" / "ferry.txt").write_text(FERRY)
        rebuilt = subprocess.run([sys.executable, "scripts/rebuild_index.py", "--source", str(tmp_path / "src")],
                                 cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
        assert rebuilt.returncode == 0, rebuilt.stderr
        assert "Tom Reyes" in here.ask("What did Reyes say?").text and here.count() == 1
        assert time.perf_counter() - started < 300
    finally:
        here.close()


def test_milvus_down_says_unavailable_and_recovers(milvus: MilvusServer, embedder) -> None:
    """The server stops mid-run: questions and uploads get the "unavailable" message, nothing is half-stored,
    and the same library answers again once the server is back."""
    lib = Library.open(replace(LibraryConfig(), store=milvus.uri),
                       seeds_dir=SEEDS, embedder=embedder)
    try:
        lib.rebuild([SEEDS])
        milvus.stop()
        chat = Conversation()
        assert handle(lib, "What did Warner say?", chat) == StoreUnavailable().args[0]
        with pytest.raises(StoreUnavailable):
            lib.add(BRIDGE.encode(), "bridge.txt")
        milvus.start()
        assert _answered_within(lib, "What did Warner say?", seconds=20)  # the client reconnects by itself
        assert lib.count() == 1 and not lib.ask("How much will the new bridge cost?").found
    finally:
        lib.close()


def _answered_within(lib: Library, question: str, seconds: float) -> bool:
    """Ask again every half second, as a user would, until the store answers."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            return lib.ask(question).found
        except StoreUnavailable:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def test_shards_written_apart_publish_as_one_library(milvus: MilvusServer, embedder, tmp_path: Path) -> None:
    """Parallel bulk ingest: one shard written by scripts/rebuild_index.py (another process), the other here,
    then --publish swaps the generation in; until then the library in use is unchanged."""
    sources = tmp_path / "sources"
    sources.mkdir()
    for name, text in [("bridge.txt", BRIDGE), ("ferry.txt", FERRY), ("seed.txt", SEED_ARTICLE.read_text())]:
        (sources / name).write_text(text)
    config = replace(LibraryConfig(), store=milvus.uri)
    lib = Library.open(config, seeds_dir=SEEDS, embedder=embedder)
    try:
        lib.rebuild([SEEDS])
        env = _clean_env()
        script = [sys.executable, "scripts/rebuild_index.py", "--store", milvus.uri]
        first = subprocess.run([*script, "--source", str(sources), "--shard", "0/2", "--generation", "shardtest"],
                               cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
        assert first.returncode == 0 and "Wrote shard 0/2 of generation shardtest" in first.stdout, first.stderr
        lib.build_shard([sources], parse_shard("1/2", "shardtest"))
        assert lib.count() == 1  # nothing published yet
        published = subprocess.run([*script, "--publish", "shardtest"], cwd=ROOT, env=env, capture_output=True,
                                   text=True, timeout=300)
        assert published.returncode == 0 and "3 articles" in published.stdout, published.stderr
        assert lib.count() == 3 and "Tom Reyes" in lib.ask("What did Reyes say?").text
    finally:
        lib.close()


def test_the_embedded_store_imports_nothing_of_milvus() -> None:
    probe = "import sys, bot.app, bot.console, index.library; print('pymilvus' in sys.modules, 'grpc' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.stdout.split() == ["False", "False"], done.stderr


def test_a_rebuild_killed_midway_leaves_the_milvus_library_whole(milvus: MilvusServer, embedder, tmp_path: Path,
                                                                 caplog: pytest.LogCaptureFixture) -> None:
    """SIGKILL scripts/rebuild_index.py while it writes: the published library answers as before, and the
    next rebuild drops the collections the dead one left."""
    from index.store.milvus.home import MilvusHome, generation_of

    lib = Library.open(replace(LibraryConfig(), store=milvus.uri), seeds_dir=SEEDS, embedder=embedder)
    home = MilvusHome(milvus.uri)
    try:
        lib.rebuild([SEEDS])
        before = {generation_of(c, "newsdesk") for c in home.client.list_collections()} - {None}
        sources = tmp_path / "many"
        sources.mkdir()
        for n in range(60):
            (sources / f"{n}.txt").write_text(f"Report {n} from Harwick\\n\\n" + FERRY * 3 + f"Item {n}. " * 50)
        env = _clean_env()
        rebuild = subprocess.Popen([sys.executable, "scripts/rebuild_index.py", "--store", milvus.uri, "--source",
                                    str(sources)], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not (
                {generation_of(c, "newsdesk") for c in home.client.list_collections()} - {None} - before):
            time.sleep(0.2)  # until the rebuild has made its generation's collections
        rebuild.kill()
        rebuild.wait()
        left = {generation_of(c, "newsdesk") for c in home.client.list_collections()} - {None} - before
        assert left, "the rebuild was killed before it made its collections"
        assert lib.count() == 1 and lib.ask("What did Warner say?").found  # the library in use is whole
        with caplog.at_level(logging.WARNING, logger="index"):
            lib.rebuild([SEEDS])
        after = {generation_of(c, "newsdesk") for c in home.client.list_collections()} - {None}
        assert all(f"Dropping generation g{g}" in caplog.text for g in left)
        assert len(after) == 1 and lib.count() == 1  # one generation: the new one, none of the dead one's rows
    finally:
        home.close()
        lib.close()


def _clean_env() -> dict[str, str]:
    """This process's environment without NEWSDESK_ settings, for a script run as another process."""
    return {k: v for k, v in os.environ.items() if not k.startswith("NEWSDESK_")} | {"HF_HUB_OFFLINE": "1"}
