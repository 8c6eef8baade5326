"""The statements export (Library.statements, scripts/statements.py) on both stores, over articles written here:
each statement's offsets index the article text exactly as the JSONL line gave it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from index.audit.export import Exported, library_ids
from index.config import LibraryConfig
from index.errors import ArticleNotFound
from index.library import Library
from scripts.statements import listing

from .conftest import ROOT

ARTICLES = [
    {"id": "bridge", "title": "Millbrook council backs new bridge", "text":
        "The council voted 7-2 on Tuesday to build a new bridge over the Mill river.\n\n"
        "\"We cannot wait another winter,\" said Mayor Ana Ortiz. The bridge will cost 12 million dollars.\n\n"
        "Councillor Ben Hale said the plan was “a gamble with public money” and that he would vote against it "
        "again."},
    {"id": "ferry", "title": "Ferry service resumes in Harwick", "text":
        "The Harwick ferry carried its first passengers in three years on Monday.\n\n"
        "“It is a good day for the island,” said harbour master Tom Reyes. He added that two more boats would "
        "join the service in May."},
]


def lines() -> dict[str, str]:
    return {a["id"]: json.dumps(a, ensure_ascii=False) for a in ARTICLES}


@pytest.fixture(params=["embedded", "milvus"])
def lib(request: pytest.FixtureRequest, embedder, tmp_path: Path):
    """A library of ARTICLES, added as one JSONL file, on each store (a rebuild: the Milvus server outlives a
    test, and a rebuild replaces what an earlier test left)."""
    config = replace(LibraryConfig(), index_dir=tmp_path / "index")
    if request.param == "milvus":
        config = replace(config, store=request.getfixturevalue("milvus").uri)
    source = tmp_path / "news.jsonl"
    source.write_text("".join(line + "\n" for line in lines().values()), encoding="utf-8")
    library = Library.open(config, embedder=embedder)
    library.rebuild([source])
    yield library
    library.close()


def test_every_statement_indexes_the_jsonl_text(lib: Library) -> None:
    ids = library_ids(lines())
    texts = {ids[a["id"]]: a["text"] for a in ARTICLES}
    for article_id, text in texts.items():
        assert lib.store.article_text(article_id) == text  # stored exactly as the JSONL "text" gave it
    exported = [Exported.of(q) for q in lib.statements()]
    assert len(exported) >= 4
    for s in exported:
        assert texts[s.article_id][s.start : s.end] == s.content, s
        assert s.kind in {"direct", "reported", "mixed"}
    assert [(s.article_id, s.start) for s in exported] == sorted((s.article_id, s.start) for s in exported)
    ortiz = [s for s in exported if s.content == "We cannot wait another winter"]
    assert [(s.canonical, s.cue, s.kind) for s in ortiz] == [("Ana Ortiz", "said", "direct")]
    assert list(ortiz[0].record()) == ["article_id", "speaker", "canonical", "cue", "kind", "content", "start", "end"]


def test_one_article_and_an_unknown_one(lib: Library) -> None:
    ferry = library_ids(lines())["ferry"]
    assert {q.article_id for q in lib.statements(ferry)} == {ferry}
    assert any("Tom Reyes" == q.canonical for q in lib.statements(ferry))
    with pytest.raises(ArticleNotFound):
        lib.statements("0000000000000000")


def run(args: list[str], tmp_path: Path) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("NEWSDESK_", "TELEGRAM_"))}
    env = {**clean, "NEWSDESK_INDEX_DIR": str(tmp_path / "unused"), "HF_HUB_OFFLINE": "1"}
    return subprocess.run([sys.executable, "scripts/statements.py", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=300)


def test_the_script_exports_what_the_library_holds(lib: Library, tmp_path: Path) -> None:
    where = ["--store", lib.config.store] if lib.config.store else ["--index", str(lib.config.index_dir)]
    done = run([*where, "--json"], tmp_path)
    assert done.returncode == 0, done.stderr
    assert [json.loads(line) for line in done.stdout.splitlines()] == [Exported.of(q).record()
                                                                       for q in lib.statements()]


def test_the_script_says_what_is_missing(library: Library, tmp_path: Path) -> None:
    unknown = run(["--index", str(library.config.index_dir), "--article", "nope"], tmp_path)
    assert unknown.returncode == 1 and "No article with id 'nope'" in unknown.stderr
    missing = run(["--index", str(tmp_path / "never-built")], tmp_path)
    assert missing.returncode == 1 and "No library has been built" in missing.stderr, missing.stderr
    assert not (tmp_path / "never-built").exists()  # an audit makes no library


def test_the_listing_reads_by_article() -> None:
    statements = [Exported("a1", "Mayor Ana Ortiz", "Ana Ortiz", "said", "direct", "We will", 5, 12),
                  Exported("a2", "he", "Tom Reyes", "", "reported", "boats come", 40, 50)]
    assert listing(statements) == ["a1", "  5-12 direct   Mayor Ana Ortiz (Ana Ortiz) said: “We will”", "",
                                   "a2", "  40-50 reported he (Tom Reyes) -: “boats come”"]
