"""The library facade on real components: add, remove, duplicates, persistence, rebuild, model mismatch."""

from __future__ import annotations

import copy
import sqlite3

import numpy as np
import pytest

from index.errors import ArticleNotFound, DuplicateArticle, IndexMismatch, UnsupportedDocument
from index.library import Library
from index.store import layout
from index.store.sqlite import FAISS_NAME

from .conftest import SEED_ARTICLE

STORY = (
    "Harbour bridge reopens after repairs\n\n"
    "The Harbour Bridge reopened on Monday after six months of repairs costing 40 million dollars.\n\n"
    "“It is a great day for the city,” said Mayor Ana Lopez, who cut the ribbon at dawn.\n\n"
    "Traffic engineers expect queues to ease by the end of the week."
)


def faiss_ids(lib: Library) -> list[int]:
    return sorted(lib.store.vectors.ids().tolist())


def chunk_ids(lib: Library) -> list[int]:
    return sorted(r[0] for r in lib.store.db.execute("SELECT id FROM chunks"))


def test_seed_question_ranks_warner_first(seeded: Library) -> None:
    answer = seeded.ask("What did Warner say?")
    assert answer.found
    assert "Warner" in answer.passages[0].text
    assert "integrity of our intelligence agencies" in answer.text or "equivocated" in answer.text


def test_add_answer_remove(library: Library) -> None:
    [receipt] = library.add(STORY.encode(), "bridge.txt")
    assert receipt.title == "Harbour bridge reopens after repairs"
    assert receipt.chunks >= 1 and receipt.seconds > 0 and receipt.duplicate_of is None
    assert library.count() == 1 and faiss_ids(library) == chunk_ids(library)
    answer = library.ask("How much did the bridge repairs cost?")
    assert answer.found and "40 million" in answer.text
    assert answer.sources[0].article_id == receipt.article_id
    info = library.remove(receipt.article_id)
    assert info.title == receipt.title
    assert library.count() == 0 and faiss_ids(library) == [] == chunk_ids(library)
    assert library.store.count("quotes") == 0
    assert library.store.lexical(["bridge"], 5) == []
    with pytest.raises(ArticleNotFound):
        library.remove(receipt.article_id)


def test_duplicate_is_refused_with_the_stored_id(library: Library) -> None:
    [first] = library.add(STORY.encode(), "bridge.txt")
    with pytest.raises(DuplicateArticle) as caught:
        library.add(STORY.replace("\n\n", "\n\n\n").encode(), "copy-of-bridge.md")
    assert caught.value.article_id == first.article_id
    assert first.article_id in str(caught.value)
    assert library.count() == 1


@pytest.mark.parametrize(
    ("data", "name", "reason"),
    [
        (b"", "empty.txt", "no text"),
        (b"   \n\n  ", "blank.txt", "no text"),
        (b"\x00\x01\x02\xff" * 50, "binary.txt", "not readable text"),
        (b"hello", "notes.exe", ".exe"),
    ],
)
def test_bad_input_stores_nothing(library: Library, data: bytes, name: str, reason: str) -> None:
    with pytest.raises(UnsupportedDocument, match=reason):
        library.add(data, name)
    assert library.count() == 0 and chunk_ids(library) == []


def test_persistence_round_trip(config, embedder) -> None:
    lib = Library.open(config, embedder=embedder)
    [receipt] = lib.add(STORY.encode(), "bridge.txt")
    before = lib.ask("Who cut the ribbon?")
    lib.close()
    again = Library.open(config, embedder=embedder)
    assert [a.id for a in again.list()] == [receipt.article_id]
    after = again.ask("Who cut the ribbon?")
    assert after.text == before.text
    assert [p.chunk_id for p in after.passages] == [p.chunk_id for p in before.passages]
    again.close()


def test_faiss_out_of_step_is_repaired_from_sqlite(config, embedder) -> None:
    lib = Library.open(config, embedder=embedder)
    lib.add(STORY.encode(), "bridge.txt")
    folder = lib.store.folder
    expected = chunk_ids(lib)
    lib.close()
    (folder / FAISS_NAME).write_bytes(b"torn write")  # as if the process died while saving FAISS
    again = Library.open(config, embedder=embedder)
    assert faiss_ids(again) == expected
    assert again.ask("How much did the Harbour Bridge repairs cost?").found
    again.close()


def test_model_mismatch_is_refused(config, embedder) -> None:
    Library.open(config, embedder=embedder).close()
    other = copy.copy(embedder)
    other.spec = "some-other-model"
    with pytest.raises(IndexMismatch, match="rebuild_index"):
        Library.open(config, embedder=other)


def test_rebuild_reuses_cached_vectors(seeded: Library, tmp_path) -> None:
    folder = tmp_path / "more"
    folder.mkdir()
    (folder / SEED_ARTICLE.name).write_bytes(SEED_ARTICLE.read_bytes())  # same title: same embedded text
    (folder / "bridge.txt").write_text(STORY, encoding="utf-8")
    (folder / "broken.pdf").write_bytes(b"not a pdf")
    report = seeded.rebuild([folder])
    assert report.articles == 2
    assert report.reused >= 1 and report.embedded >= 1 and report.reused + report.embedded == report.chunks
    assert any("broken.pdf" in line for line in report.skipped)
    assert faiss_ids(seeded) == chunk_ids(seeded)
    assert len(list(seeded.config.index_dir.glob("gen-*"))) == 1


def test_interrupted_rebuild_leaves_the_old_index(seeded: Library, tmp_path, monkeypatch) -> None:
    old_folder = layout.current(seeded.config.index_dir)
    before = seeded.ask("What did Warner say?").text

    def explode(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr("index.store.sqlite.Store.add", explode)
    (tmp_path / "new").mkdir()
    (tmp_path / "new" / "bridge.txt").write_text(STORY, encoding="utf-8")
    with pytest.raises(KeyboardInterrupt):
        seeded.rebuild([tmp_path / "new"])
    assert layout.current(seeded.config.index_dir) == old_folder
    assert [p.name for p in seeded.config.index_dir.glob("gen-*")] == [old_folder.name]
    assert seeded.ask("What did Warner say?").text == before


def test_store_rows_agree(seeded: Library) -> None:
    db: sqlite3.Connection = seeded.store.db
    fts = sorted(r[0] for r in db.execute("SELECT rowid FROM chunks_fts"))
    assert fts == chunk_ids(seeded) == faiss_ids(seeded)
    text = seeded.store.article_text(seeded.list()[0].id)
    for start, end, chunk in db.execute("SELECT start, end, text FROM chunks"):
        assert text[start:end] == chunk
    vectors = seeded.store.cached_vectors([r[0] for r in db.execute("SELECT vector_key FROM chunks")])
    assert all(abs(np.linalg.norm(v) - 1) < 1e-4 for v in vectors.values())


def test_a_fetched_article_keeps_its_url(library: Library) -> None:
    [receipt] = library.add(STORY.encode(), "bridge.txt", url="https://example.org/bridge")
    assert receipt.url == "https://example.org/bridge"
    answer = library.ask("How much did the Harbour Bridge repairs cost?")
    assert answer.sources[0].url == "https://example.org/bridge"
