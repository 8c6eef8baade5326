"""What the sentence reader needs of every sentence, computed once when an article is added: its span, its
vector and its named entities (index.types.SentenceRow), so that answering runs no encoder or NER call per
sentence.

Sentences are split as the answer side splits them (index.text.sentences.sentence_spans); entities come from
spaCy's NER alone, run over each paragraph (headlines and pull quotes included), with offsets into the article
text. The NER runs in a pass of its own over the quote extractor's model rather than inside the extractor's
parse: the extractor parses body paragraphs only, with the NER off (index/ingest/entities.py runs it on the few
sentences that need it), and the model's NER has its own token vectors, so running it inside that parse would
save only the tokenizer (0.65 s of 31 s of NER over the 293 wikinews-2019-2020 articles) and would change what
the extractor reads.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable

import numpy as np

from index.text.sentences import paragraph_spans, sentence_spans
from index.types import SentenceRow

Encode = Callable[[list[str]], np.ndarray]  # texts -> unit vectors, one row each
Entity = tuple[int, int, str]  # (start, end, label), offsets into the article text
EntityFinder = Callable[[str], list[Entity]]  # article text -> its entities, in order


def spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of an article with some letter or digit in it.

    >>> spans("Mr. Warner spoke. He left.\\n\\n***\\n\\nThe end.")
    [(0, 17), (18, 26), (33, 41)]
    """
    return [(s, e) for s, e in sentence_spans(text) if any(c.isalnum() for c in text[s:e])]


def find_entities(text: str) -> list[Entity]:
    """The named entities of an article text, by the quote extractor's spaCy model (loaded when a library
    opens), its NER alone."""
    from index.ingest.quotes import load_nlp

    return entity_spans(load_nlp(), text)


def entity_spans(nlp, text: str) -> list[Entity]:  # noqa: ANN001 (spacy.Language, lazily imported)
    """(start, end, label) of the named entities of an article, NER run paragraph by paragraph.

    `nlp` is a spaCy pipeline with an "ner" component; only that component runs (the small English model's
    NER has its own token vectors: it needs neither the tagger nor the parser).
    """
    paragraphs = paragraph_spans(text)
    others = [name for name in nlp.pipe_names if name != "ner"]
    found = []
    for (start, _), doc in zip(paragraphs, nlp.pipe((text[s:e] for s, e in paragraphs), disable=others)):
        found += [(start + e.start_char, start + e.end_char, e.label_) for e in doc.ents]
    return found


def sentence_rows(article_id: str, text: str, vectors: np.ndarray,
                  entities: list[Entity]) -> list[SentenceRow]:
    """One row per sentence of spans(text), in order, with its vector (vectors[i] for the i-th sentence) and
    the entities that lie inside it (`entities` in text order; one across a sentence break belongs to neither).

    >>> rows = sentence_rows("a", "Jo Kay won. It rained.", np.eye(2, dtype=np.float32), [(0, 6, "PERSON")])
    >>> [(r.start, r.end, r.entities) for r in rows]
    [(0, 11, ((0, 6, 'PERSON'),)), (12, 22, ())]
    """
    found = spans(text)
    if len(found) != len(vectors):
        raise ValueError(f"{len(found)} sentences but {len(vectors)} vectors")
    entities = sorted(entities)
    starts = [x[0] for x in entities]
    rows = []
    for (s, e), v in zip(found, vectors):  # a sentence's entities: the run of those starting inside it
        inside = entities[bisect.bisect_left(starts, s) : bisect.bisect_left(starts, e)]
        rows.append(SentenceRow(article_id, s, e, np.asarray(v, np.float32), tuple(x for x in inside if x[1] <= e)))
    return rows


def describe(article_id: str, text: str, encode: Encode, nlp) -> list[SentenceRow]:  # noqa: ANN001
    """The rows of one article, computed now: one encoder call for its sentences and one NER pass."""
    texts = [text[s:e] for s, e in spans(text)]
    vectors = encode(texts) if texts else np.zeros((0, 1), np.float32)
    return sentence_rows(article_id, text, vectors, entity_spans(nlp, text))
