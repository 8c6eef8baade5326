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
    holding_warner = {i for i, _ in store.lexical('"warner"', 1000)}
    assert pruned and {i for i, _ in pruned} <= holding_warner  # only the rare word was searched for
    assert len(everything) > len(pruned)


@pytest.mark.parametrize("chunks", [10, 19_999])
def test_a_small_library_searches_every_word(chunks: int) -> None:
    assert search.common_limit(chunks) is None
