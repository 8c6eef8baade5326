"""Chunking: offsets map back to the text, paragraphs are respected, long paragraphs overlap."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from index.ingest.chunk import chunk_text
from index.text.sentences import paragraph_spans, sentence_spans

from .conftest import SEED_ARTICLE


def test_docstring_examples() -> None:
    assert paragraph_spans("One.\n\nTwo.") == [(0, 4), (6, 10)]
    assert sentence_spans("Mr. Warner spoke. He left.") == [(0, 17), (18, 26)]
    assert [c.text for c in chunk_text("a", "One. Two.\n\nThree.", target=12)] == ["One. Two.", "Three."]


@pytest.mark.parametrize("target", [80, 200, 500, 1000])
def test_seed_offsets_map_back(target: int) -> None:
    text = SEED_ARTICLE.read_text(encoding="utf-8")
    chunks = chunk_text("seed", text, target=target)
    assert chunks
    for chunk in chunks:
        assert text[chunk.start : chunk.end] == chunk.text
        assert chunk.article_id == "seed"
    # every paragraph's words are in some chunk
    covered = " ".join(c.text for c in chunks)
    for start, end in paragraph_spans(text):
        assert text[start:end].split()[0] in covered


def test_short_paragraphs_are_packed_and_never_cut() -> None:
    text = "First para one.\n\nSecond para two.\n\nThird para three."
    chunks = chunk_text("a", text, target=40)
    assert [c.text for c in chunks] == ["First para one.\n\nSecond para two.", "Third para three."]


def test_long_paragraph_is_split_at_sentences_with_overlap() -> None:
    text = " ".join(f"Sentence number {i} is here." for i in range(10))
    chunks = chunk_text("a", text, target=60, overlap=1)
    assert len(chunks) > 2
    for before, after in zip(chunks, chunks[1:]):
        last_sentence = before.text.rsplit(". ", 1)[-1]
        assert after.text.startswith(last_sentence.rstrip("."))
        assert before.text.endswith(".")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("U.S. Senator Mark Warner spoke. He left.", 2),
        ("“Nobody really knows,” he said. Then he left.", 2),
        ("Dr. Smith arrived at 3 p.m. Then J. Doe came.", 2),
        ("Is it? Yes! It is.", 3),
    ],
)
def test_sentence_boundaries(text: str, expected: int) -> None:
    assert len(sentence_spans(text)) == expected


@given(st.text(alphabet=st.sampled_from("ab .!?\n“”"), max_size=300), st.integers(5, 200))
def test_offsets_always_exact(text: str, target: int) -> None:
    for chunk in chunk_text("x", text, target=target):
        assert text[chunk.start : chunk.end] == chunk.text
        assert chunk.text.strip()
