"""The Milvus store against a real milvus-lite server: real articles through the real pipeline (parse, chunk,
spaCy quotes, the packaged model) where the test is about answers, random unit vectors where it is about
storage only."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from index.config import LibraryConfig
from index.errors import ArticleNotFound, IndexMismatch, RebuildInProgress, StoreUnavailable
from index.ingest.parse import parse_document
from index.ingest.pipeline import make_article, prepare
from index.store.milvus.home import MilvusHome
from index.store.milvus.store import MilvusStore
from index.types import Quote

from .conftest import SEED_ARTICLE
from .milvus_items import DIM, race, synthetic
from .milvus_server import MilvusServer

STORY = (
    "Harbour bridge reopens after repairs\n\n"
    "The Harbour Bridge reopened on Monday after six months of repairs costing 40 million dollars.\n\n"
    "“It is a great day for the city,” said Mayor Ana Lopez, who cut the ribbon at dawn.\n\n"
    "Traffic engineers expect queues to ease by the end of the week."
)
COUNCIL = (
    "Council votes to keep the night ferry\n\n"
    "The city council voted 7 to 2 on Tuesday to keep the night ferry running through the winter.\n\n"
    "“People rely on it to get to work,” councillor Maria Chen told reporters after the vote."
)
ODD_ID = 'enwikinews:Say_"hello"_it\'s_Zürich\\2020'
@pytest.fixture(scope="module")
def home(milvus: MilvusServer):
    h = MilvusHome(milvus.uri, model="all-MiniLM-L6-v2", dimension=DIM)
    yield h
    h.close()


@pytest.fixture
def store(home: MilvusHome, request: pytest.FixtureRequest):
    s = home.new_generation("t_" + request.node.name.split("[")[0].removeprefix("test_")[:40])
    yield s
    home.discard(s)


@pytest.fixture(scope="module")
def real(home: MilvusHome, embedder):
    """The seed article, STORY and COUNCIL through parse, chunk, spaCy quotes and the real model."""
    from index.ingest.quotes import extract_quotes, load_nlp

    nlp = load_nlp()
    docs = [d for data, name in [(SEED_ARTICLE.read_bytes(), SEED_ARTICLE.name), (STORY.encode(), "bridge.txt"),
                                 (COUNCIL.encode(), "council.txt")] for d in parse_document(data, name)]
    articles = [make_article(d, added_at=float(n)) for n, d in enumerate(docs)]
    batch = prepare(articles, embedder, LibraryConfig(), lambda keys: {}, lambda t, i: extract_quotes(t, nlp, i))
    s = home.new_generation("real")
    began = time.perf_counter()
    s.add(batch.items)
    s.add_seconds = time.perf_counter() - began
    yield s, batch.items, embedder
    home.discard(s)


def test_real_articles_answer_dense_and_lexical(real) -> None:
    store, items, embedder = real
    assert store.count("articles") == 3 and store.count("chunks") == sum(len(i.chunks) for i in items)
    assert store.count("quotes") == sum(len(i.quotes) for i in items) > 0
    query = embedder.encode(["How much did the bridge repairs cost?"])
    best, score = store.dense(query, 5)[0]
    [passage] = store.passages([(best, score)])
    assert "40 million" in passage.text and 0.3 < score <= 1.0
    assert passage.title == "Harbour bridge reopens after repairs"
    hits = store.lexical(["voted"], 5)  # stemmed on both sides: "voted" -> "vote" finds "vote" and "votes"
    texts = [p.text for p in store.passages(hits)]
    assert hits and all(s > 0 for _, s in hits) and [s for _, s in hits] == sorted((s for _, s in hits), reverse=True)
    assert any("voted" in t for t in texts) and any("the vote" in t for t in texts)
    print(f"\nadd of {store.count('chunks')} real chunks: {store.add_seconds:.2f} s")


def test_lexical_all_words_and_prefix(real) -> None:
    store, _, _ = real
    assert store.lexical(["ferry", "Putin"], 5)  # any word
    assert store.lexical(["ferry", "Putin"], 5, all_words=True) == []
    both = store.passages(store.lexical(["night", "ferry"], 5, all_words=True))
    assert both and all("night" in p.text.lower() and "ferry" in p.text.lower() for p in both)
    assert any("councillor" in p.text for p in store.passages(store.lexical(["councill"], 5, prefix=True)))
    exact = store.client.query(store.names["chunks"], filter="text_match(stems, 'the') and text_match(stems, 'citi')",
                               output_fields=["id"], limit=100)  # the server's own all-words filter, slow
    assert {i for i, _ in store.lexical(["The", "cities"], 100, all_words=True)} == {r["id"] for r in exact}
    assert len(store.lexical(["The", "cities"], 2, all_words=True)) == min(2, len(exact)) > 0
    assert store.lexical(["zzqx"], 5, prefix=True) == [] and store.lexical([], 5) == []


def test_word_counts_and_spellings(real) -> None:
    store, items, _ = real
    vote_chunks = sum(any(w.startswith("vot") for w in c.text.lower().split()) for i in items for c in i.chunks)
    assert store.stem_frequency("vote") == store.document_frequency("Voting") == vote_chunks > 0
    assert store.stem_frequency("nosuchword") == 0 == store.document_frequency("nosuchword")
    assert store.stem_frequencies(["vote", "nosuchword"]) == {"vote": vote_chunks, "nosuchword": 0}
    assert {"council", "councillor"} <= set(store.spellings("council"))
    assert all(s.startswith("fer") for s in store.spellings("fer")) and "ferri" in store.spellings("fer")


def test_exact_and_cached_vectors_keep_order(real) -> None:
    store, items, _ = real
    ids = [i for i, _ in store.dense(items[1].vectors[:1], 4)]
    vectors = store.exact_vectors(list(reversed(ids)))
    assert vectors.shape == (len(ids), DIM) and vectors.dtype == np.float32
    np.testing.assert_array_equal(store.exact_vectors([ids[0]])[0], vectors[-1])
    assert store.dense(items[1].vectors[:1], 1)[0][1] == pytest.approx(1.0, abs=1e-5)  # a self match
    cached = store.cached_vectors(items[1].keys + ["missing"])
    assert set(cached) == set(items[1].keys)
    np.testing.assert_array_equal(cached[items[1].keys[0]], items[1].vectors[0])
    assert store.exact_vectors([]).shape == (0, DIM)


def test_add_is_idempotent_by_content_hash(store: MilvusStore) -> None:
    items = [synthetic("One two three. Four five six.", added_at=1), synthetic("Seven eight nine.", added_at=2)]
    store.add(items)
    store.add(items + [replace(items[0], article=replace(items[0].article, id="another-id"))])  # same content
    assert store.count("articles") == 2 and store.count("chunks") == sum(len(i.chunks) for i in items)
    assert store.find_by_hash(items[1].article.content_hash).id == items[1].article.id
    assert store.find_by_hash("nope") is None and store.stem_frequency("seven") == 1


def test_a_failed_add_keeps_nothing(store: MilvusStore) -> None:
    kept = synthetic("The ferry sails at night.")
    store.add([kept])
    good, bad = synthetic("Harbour news, all of it fine."), synthetic("Too long a title.", title="x" * 5000)
    with pytest.raises(StoreUnavailable):  # the server refuses the second article's chunks
        store.add([good, bad])
    assert store.count("articles") == 1 and store.count("chunks") == len(kept.chunks)
    assert store.stem_frequency("harbour") == 0 and store.stem_frequency("ferri") == 1
    assert store.find_by_hash(good.article.content_hash) is None and store.check() == []


def test_two_writers_racing_store_one_copy(home: MilvusHome) -> None:
    items = [synthetic(f"Race article {n}. It has words.", added_at=n) for n in range(6)]
    writers = [home.new_generation("race") for _ in range(2)]  # two clients on one generation
    race(writers, [items, items])
    store = writers[0]
    assert store.count("articles") == 6 and store.count("chunks") == sum(len(i.chunks) for i in items)
    assert len({a.id for a in store.articles()}) == 6 and store.check() == []
    print(f"\nvocab after the race: 'race' in {store.stem_frequency('race')} chunks of 6")
    writers[1].close()
    home.discard(store)


def test_two_processes_racing_store_one_copy(home: MilvusHome, milvus: MilvusServer) -> None:
    texts = [f"Process race article {n}. It has words." for n in range(6)]
    code = f"from tests.milvus_items import add_texts; add_texts({milvus.uri!r}, 'procs', {texts!r})"
    root = Path(__file__).resolve().parent.parent
    writers = [subprocess.Popen([sys.executable, "-c", code], cwd=root, env=dict(os.environ, PYTHONPATH=str(root)))
               for _ in range(2)]
    assert [w.wait(120) for w in writers] == [0, 0]
    store = home.new_generation("procs")
    assert store.count("articles") == 6 and store.count("chunks") == 6 and store.check() == []
    home.discard(store)


def test_shard_writers_keep_exact_word_counts(home: MilvusHome) -> None:
    """Writers of different articles into one generation (shards) share words: no count is lost."""
    shards = [[synthetic(f"Shard {s} article {n} about the harbour.", added_at=n) for n in range(5)] for s in "ab"]
    writers = [home.new_generation("shards") for _ in shards]
    race(writers, shards)
    assert writers[1].stem_frequency("harbour") == 10 == writers[0].document_frequency("harbours")
    writers[0].remove_article(shards[1][0].article.id)  # counted by the other writer: still exact
    assert writers[1].stem_frequency("harbour") == 9 and writers[0].count("articles") == 9
    writers[1].close()
    home.discard(writers[0])


def test_remove_article_and_odd_ids(store: MilvusStore) -> None:
    long_text = ("A long article about harbours and ferries. " * 2000).strip()  # 86k chars: split in parts
    odd = synthetic(long_text, title="Zürich “quoted”", article_id=ODD_ID)
    other = synthetic("The ferry sails at night.", added_at=2)
    store.add([odd, other])
    assert store.article_text(ODD_ID) == long_text and store.article_texts([ODD_ID, "x"]) == {ODD_ID: long_text}
    assert store.article_sources([ODD_ID])[ODD_ID] == ("Zürich “quoted”", None, None, "test.txt", "1970-01-01")
    assert store.added_times([odd.article.content_hash, "unknown"]) == {odd.article.content_hash: 1.0}
    assert store.stem_frequency("ferri") == 1 + len(odd.chunks)
    info = store.remove_article(ODD_ID)
    assert info.id == ODD_ID and info.chunks == len(odd.chunks) and info.title == "Zürich “quoted”"
    assert store.count("articles") == 1 and store.count("chunks") == len(other.chunks)
    assert store.stem_frequency("ferri") == 1 and store.stem_frequency("harbour") == 0
    assert "harbour" not in store.spellings("harb") and store.chunk_spans([ODD_ID]) == {}
    with pytest.raises(ArticleNotFound):
        store.remove_article(ODD_ID)
    with pytest.raises(ArticleNotFound):
        store.article_text(ODD_ID)
    assert store.check() == [] and not store.never_held()


def test_articles_newest_first_with_offset_and_limit(store: MilvusStore) -> None:
    assert store.never_held() and store.articles() == []
    store.add([synthetic(f"Article number {n}.", title=f"t{n}", added_at=float(n)) for n in (3, 1, 5, 2, 4)])
    assert [a.title for a in store.articles()] == ["t5", "t4", "t3", "t2", "t1"]
    assert [a.title for a in store.articles(offset=1, limit=2)] == ["t4", "t3"]
    assert [a.title for a in store.articles(offset=4)] == ["t1"] and store.articles(offset=9) == []


def test_quotes_filters_counts_and_top_speakers(store: MilvusStore) -> None:
    def q(who: str, start: int, description: str = "") -> Quote:
        return Quote(who, who, "said", "words", "direct", start, start + 10, description)

    a = synthetic("First article text, long enough.", added_at=1,
                  quotes=[q("Ana Lopez", 30, "the mayor"), q("Ana Lopez", 0), q("Bo Li", 15, "a longer title")])
    b = synthetic("Second article text.", added_at=2, quotes=[q("Bo Li", 5, "x"), q('Cy "C" Ng', 0)])
    store.add([a, b])
    ids = sorted([a.article.id, b.article.id])
    everything = store.quotes()
    assert len(everything) == 5 and [(x.article_id, x.start) for x in everything] == sorted(
        (x.article_id, x.start) for x in everything)
    assert [x.start for x in store.quotes(canonicals=("Ana Lopez",))] == [0, 30]
    assert {x.canonical for x in store.quotes(article_ids=(b.article.id,))} == {"Bo Li", 'Cy "C" Ng'}
    assert [x.canonical for x in store.quotes(canonicals=("Bo Li",), article_ids=(a.article.id,))] == ["Bo Li"]
    assert [x.start for x in store.quotes(within=(a.article.id, 12, 31))] == [15, 30]  # end > 12, start < 31
    assert store.quote_counts() == {"Ana Lopez": 2, "Bo Li": 2, 'Cy "C" Ng': 1}
    assert store.top_speakers(2) == [("Ana Lopez", 9), ("Bo Li", 14)]
    assert sorted(store.chunk_spans(ids)) == ids


def test_chunk_spans_and_lead_chunks(store: MilvusStore) -> None:
    item = synthetic(" ".join(f"Sentence number {n} is here." for n in range(30)))
    store.add([item])
    spans = store.chunk_spans([item.article.id])[item.article.id]
    assert [(s, e) for s, e, _ in spans] == [(c.start, c.end) for c in item.chunks] and len(spans) > 3
    assert store.lead_chunk_ids(item.article.id, 2) == [i for _, _, i in spans[:2]]
    assert store.lead_chunk_ids("nope", 2) == []
    text = store.passages([(spans[1][2], 0.5), (123, 1.0)])
    assert [p.text for p in text] == [item.chunks[1].text] and text[0].score == 0.5


def test_generations_publish_discard_and_a_second_client(home: MilvusHome, milvus: MilvusServer) -> None:
    other = MilvusHome(milvus.uri, model="all-MiniLM-L6-v2", dimension=DIM)
    assert home.current() is None and home.stamp() == ""
    first = home.new_generation()
    first.add([synthetic("Generation one.")])
    home.publish(first)
    assert other.stamp() == home.stamp() == "newsdesk_g1_articles"
    assert other.current().count("articles") == 1
    second = home.new_generation()
    assert second.location.endswith("generation g2") and second.count("articles") == 0
    second.add([synthetic("Generation two."), synthetic("Two, again.")])
    home.publish(second)
    assert other.stamp() == "newsdesk_g2_articles" and other.current().count("articles") == 2  # at once
    assert not any(c.startswith("newsdesk_g1_") for c in home.client.list_collections())  # old one dropped
    third = home.new_generation()
    home.discard(third)
    assert not any(c.startswith("newsdesk_g3_") for c in home.client.list_collections())
    with pytest.raises(ValueError):
        home.discard(second)
    with pytest.raises(IndexMismatch):
        MilvusHome(milvus.uri, model="another-model", dimension=DIM).current()
    with home.rebuild_lock():
        with pytest.raises(RebuildInProgress):
            with other.rebuild_lock():
                pass
    with other.rebuild_lock():  # released: free again
        pass
    other.close()
