"""What the sentence reader needs of every sentence, computed once when an article is added: its span, its
vector and its named entities (index.types.SentenceRow), so that answering runs no encoder or NER call per
sentence.

Sentences are split as the answer side splits them (index.text.sentences.sentence_spans); entities come from
spaCy's NER alone, run over each paragraph, with offsets into the article text.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from index.text.sentences import paragraph_spans, sentence_spans
from index.types import SentenceRow

Encode = Callable[[list[str]], np.ndarray]  # texts -> unit vectors, one row each


def spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of an article with some letter or digit in it.

    >>> spans("Mr. Warner spoke. He left.\\n\\n***\\n\\nThe end.")
    [(0, 17), (18, 26), (33, 41)]
    """
    return [(s, e) for s, e in sentence_spans(text) if any(c.isalnum() for c in text[s:e])]


def entity_spans(nlp, text: str) -> list[tuple[int, int, str]]:  # noqa: ANN001 (spacy.Language, lazily imported)
    """(start, end, label) of the named entities of an article, NER run paragraph by paragraph.

    `nlp` is a spaCy pipeline with an "ner" component (the others may be disabled).
    """
    paragraphs = paragraph_spans(text)
    found = []
    for (start, _), doc in zip(paragraphs, nlp.pipe(text[s:e] for s, e in paragraphs)):
        found += [(start + e.start_char, start + e.end_char, e.label_) for e in doc.ents]
    return found


def sentence_rows(article_id: str, text: str, vectors: np.ndarray,
                  entities: list[tuple[int, int, str]]) -> list[SentenceRow]:
    """One row per sentence of spans(text), in order, with its vector (vectors[i] for the i-th sentence) and
    the entities that lie inside it.

    >>> rows = sentence_rows("a", "Jo Kay won. It rained.", np.eye(2, dtype=np.float32), [(0, 6, "PERSON")])
    >>> [(r.start, r.end, r.entities) for r in rows]
    [(0, 11, ((0, 6, 'PERSON'),)), (12, 22, ())]
    """
    found = spans(text)
    if len(found) != len(vectors):
        raise ValueError(f"{len(found)} sentences but {len(vectors)} vectors")
    return [SentenceRow(article_id, s, e, np.asarray(v, np.float32),
                        tuple(x for x in entities if x[0] >= s and x[1] <= e))
            for (s, e), v in zip(found, vectors)]


def describe(article_id: str, text: str, encode: Encode, nlp) -> list[SentenceRow]:  # noqa: ANN001
    """The rows of one article, computed now: one encoder call for its sentences and one NER pass."""
    texts = [text[s:e] for s, e in spans(text)]
    vectors = encode(texts) if texts else np.zeros((0, 1), np.float32)
    return sentence_rows(article_id, text, vectors, entity_spans(nlp, text))
