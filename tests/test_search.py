"""Lexical search in a large library leaves out the words most chunks hold (real SQLite FTS5, seed corpus)."""

from __future__ import annotations

import pytest

from index.answer import search
from index.library import Library


def test_common_words_are_left_out_only_when_the_library_is_large(seeded: Library, monkeypatch) -> None:
    store = seeded.store
    question = "What did Warner say about Trump and Putin?"
    words = search.content_words(question)
    frequency = {w: store.document_frequency(w) for w in words}
    assert frequency["warner"] < frequency["putin"] < frequency["trump"]  # chunks holding each (FTS5)
    everything = search.lexical(store, question, 30)  # the seed library is small: every word is searched

    monkeypatch.setattr(search, "LARGE", 1)  # as if the library were large, with "warner" its only rare word
    monkeypatch.setattr(search, "COMMON_SHARE", (frequency["warner"] + 0.5) / store.vectors.count)
    pruned = search.lexical(store, question, 30)
    holding_warner = {i for i, _ in store.lexical(["warner"], 1000)}
    assert pruned and {i for i, _ in pruned} <= holding_warner  # only the rare word was searched for
    assert len(everything) > len(pruned)


@pytest.mark.parametrize("chunks", [10, 19_999])
def test_a_small_library_searches_every_word(chunks: int) -> None:
    assert search.common_limit(chunks) is None


def test_the_store_reads_every_way_the_answer_code_asks(seeded: Library) -> None:
    """The read methods both stores answer (issue 12): words, prefixes, all words, quotes by filter."""
    store = seeded.store
    warner = [i for i, _ in store.lexical(["warner"], 50)]
    assert warner and set(warner) >= {i for i, _ in store.lexical(["warner", "putin"], 50, all_words=True)}
    assert {i for i, _ in store.lexical(["warn"], 50, prefix=True)} >= set(warner)  # "warn*" finds "Warner"
    quotes = store.quotes()
    article = quotes[0].article_id
    assert store.quotes(article_ids=(article,)) == [q for q in quotes if q.article_id == article]
    assert all(q.canonical == "Mark Warner" for q in store.quotes(canonicals=("Mark Warner",)))
    first = quotes[0]
    assert first in store.quotes(within=(article, first.start, first.start + 1))
    assert store.quote_counts()["Mark Warner"] == len(store.quotes(canonicals=("Mark Warner",)))
    assert store.top_speakers(1)[0][0] == min(store.quote_counts().items(), key=lambda kv: (-kv[1], kv[0]))[0]
    spans = store.chunk_spans([article])[article]
    assert [s for s, _, _ in spans] == sorted(s for s, _, _ in spans)
    assert store.lead_chunk_ids(article, 2) == [c for _, _, c in spans[:2]]
    assert store.dense(store.exact_vectors([spans[0][2]]), 1)[0][0] == spans[0][2]
    assert store.stem_frequencies(["warner", "univ"]) == {"warner": store.stem_frequency("warner"), "univ": 0}
