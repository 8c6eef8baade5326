"""Sentence rows (issue 18): each sentence's span, vector and entities, stored at ingest on both stores, so that
the sentence reader runs no encoder or NER call per sentence. The real model, spaCy, SQLite and Milvus Lite."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import numpy as np

from index.config import LibraryConfig
from index.ingest.pipeline import make_article, prepare
from index.library import Library
from index.store import consistency
from index.store.sqlite import Store
from index.text.sentence_rows import find_entities, spans
from index.types import Document

from .conftest import SEEDS

STORY = ("Harbour bridge reopens after repairs\n\n"
         "The Harbour Bridge reopened on Monday after six months of repairs costing 40 million dollars.\n\n"
         "“It is a great day for the city,” said Mayor Ana Lopez, who cut the ribbon at dawn.\n\n"
         "Traffic engineers expect queues to ease by the end of the week.\n")
PULL = "The ferry will run all winter.\n\nHarbour master Tom Reyes of Harwick\n\nTickets cost two dollars.\n"
FLOAT16 = 2e-3  # how far a float16-stored unit vector's components may be from the float32 ones


def added(lib: Library, text: str = STORY, name: str = "bridge.txt") -> tuple[str, str]:
    """Add one article; (its id, its stored text)."""
    article_id = lib.add(text.encode(), name)[0].article_id
    return article_id, lib.store.article_text(article_id)


def test_rows_are_written_with_the_article_and_removed_with_it(lib: Library) -> None:
    before = lib.store.count("sentences")
    assert before > 0  # the seed article's
    article_id, text = added(lib)
    rows = lib.store.sentence_rows([article_id, "no-such-article"])
    assert list(rows) == [article_id]
    got = rows[article_id]
    assert [(r.start, r.end) for r in got] == spans(text) and all(r.article_id == article_id for r in got)
    assert lib.store.count("sentences") == before + len(got)
    expected = lib.embedder.encode([text[s:e] for s, e in spans(text)])  # the sentence alone, no title
    for row, vector in zip(got, expected):
        assert row.vector.dtype == np.float32 and row.vector.shape == vector.shape
        assert np.allclose(row.vector, vector, atol=FLOAT16) and float(row.vector @ vector) > 0.9999
    said = next(r for r in got if "Lopez" in text[r.start : r.end])
    assert ("Ana Lopez", "PERSON") in [(text[s:e], label) for s, e, label in said.entities]
    assert all(r.start <= s < e <= r.end for r in got for s, e, _ in r.entities)
    lib.remove(article_id)
    assert lib.store.sentence_rows([article_id]) == {} and lib.store.count("sentences") == before


def test_a_rebuild_keeps_the_rows_and_encodes_no_sentence_again(lib: Library, tmp_path: Path) -> None:
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / "bridge.txt").write_text(STORY)
    lib.rebuild([SEEDS, sources])
    infos = lib.list()
    ids = [a.id for a in infos]
    first = lib.store.sentence_rows(ids)
    report = lib.rebuild([SEEDS, sources])
    again = lib.store.sentence_rows(ids)
    assert report.embedded == 0 and sorted(again) == sorted(first) == sorted(ids)
    for article_id in ids:
        assert [(r.start, r.end, r.entities) for r in again[article_id]] == \
            [(r.start, r.end, r.entities) for r in first[article_id]]
        assert np.allclose(np.vstack([r.vector for r in again[article_id]]),
                           np.vstack([r.vector for r in first[article_id]]), atol=FLOAT16)
    articles = [make_article(Document(a.title, lib.store.article_text(a.id), a.source)) for a in infos]
    batch = prepare(articles, lib.embedder, lib.config, lib.store.cached_vectors, lambda text, article_id: [])
    assert batch.encoded == 0 and batch.sentences_encoded == 0  # every sentence vector came from the store


def test_entities_cover_every_paragraph_not_only_the_body(embedder) -> None:
    """A pull quote's byline is no body paragraph (the quote extractor skips it); its entities are still found."""
    article = make_article(Document("Ferry", PULL, "ferry.txt"))
    [item] = prepare([article], embedder, LibraryConfig(), lambda keys: {}, lambda text, article_id: []).items
    byline = next(r for r in item.sentences if PULL[r.start : r.end].startswith("Harbour master"))
    assert ("Tom Reyes", "PERSON") in [(PULL[s:e], label) for s, e, label in byline.entities]
    assert [e for r in item.sentences for e in r.entities] == [
        e for e in find_entities(PULL) if any(r.start <= e[0] and e[1] <= r.end for r in item.sentences)]
    assert len(item.sentence_keys) == len(item.sentences) == len(spans(PULL))


def test_a_library_from_before_sentence_rows_opens_answers_and_stores_new_ones(lib: Library) -> None:
    """An old library has no sentences table (collection): it opens, answers, holds no rows for its articles,
    and stores rows for what is added from then on."""
    [seed] = [a.id for a in lib.list()]
    if lib.config.store:
        lib.store.client.drop_collection(lib.store.names["sentences"])
    else:
        lib.store.db.executescript("DROP TABLE sentences")
    old = Library.open(lib.config, embedder=lib.embedder)
    try:
        assert old.store.sentence_rows([seed]) == {}
        assert "Warner" in old.ask("What did Warner say?").text
        article_id, text = added(old)
        assert len(old.store.sentence_rows([seed, article_id])[article_id]) == len(spans(text))
    finally:
        old.close()


def test_an_old_library_opened_read_only_reads_no_rows(config: LibraryConfig, embedder, tmp_path: Path) -> None:
    """On a full disk an old library is opened immutable, where no table can be made: still no rows, no error."""
    lib = Library.open(config, seeds_dir=SEEDS, embedder=embedder)
    folder, [seed] = lib.store.folder, [a.id for a in lib.list()]
    lib.store.db.executescript("DROP TABLE sentences")
    lib.close()
    db = sqlite3.connect(f"{(folder / 'library.sqlite').as_uri()}?immutable=1", uri=True, isolation_level=None)
    db.row_factory = sqlite3.Row
    store = Store(folder, db, consistency.load_vectors(folder, embedder.dimension), read_only=True)
    try:
        assert store.sentence_rows([seed]) == {} and store.cached_vectors(["k"]) == {}
    finally:
        store.close()


def test_float16_rows_take_half_the_vector_bytes(config: LibraryConfig, embedder) -> None:
    lib = Library.open(config, seeds_dir=SEEDS, embedder=embedder)
    try:
        size = lib.store.db.execute("SELECT MIN(LENGTH(vector)), MAX(LENGTH(key)) FROM sentences").fetchone()
        assert tuple(size) == (2 * embedder.dimension, 20)
    finally:
        lib.close()
