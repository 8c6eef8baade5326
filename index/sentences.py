"""Pure sentence selection: the one to three sentences of the retrieved passages that answer a question.

A sentence scores by the rarity-weighted question words it shares (a light stemmer on both sides), shared
word pairs, whether it holds the kind of thing asked for (a year for "when", a number for "how many", a
name for "who"), and the rank and cosine of its passage. Sentences are then taken best first while the
answer stays within a word budget.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from index.chunk import sentence_spans
from index.search import STOPWORDS
from index.types import Passage

_WORD = re.compile(r"\w+")
_TIME = re.compile(r"\b(?:1\d{3}|20\d{2})s?\b|\b(?:January|February|March|April|May|June|July|August|September|"
                   r"October|November|December|century|centuries|decade|BC|AD)\b")
_NUMBER = re.compile(r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|hundred|"
                     r"thousand|million|billion|dozen|half|third|quarter)\b", re.I)
_NAME = re.compile(r"(?<!^)(?<![.!?] )\b[A-Z][a-z]+")
_TIME_Q = re.compile(r"^(?:when|what (?:year|century|decade|date|month|day)|in what year|which year)\b", re.I)
_NUMBER_Q = re.compile(r"\bhow (?:many|much|long|old|far|large|big|tall|high|often)\b|\bwhat (?:percentage|"
                       r"proportion|number|amount)\b", re.I)
_WHO_Q = re.compile(r"^(?:who|whom|whose)\b", re.I)


@dataclass(frozen=True)
class Weights:
    """How much each signal counts (tuned on the xquad dev questions with scripts/eval.py)."""

    pair: float = 1.0  # per shared adjacent word pair
    rank: float = 1.0  # penalty per passage rank
    kind: float = 2.0  # the sentence holds the kind of thing asked for
    echo: float = 3.0  # penalty: the sentence has no word the question lacks
    cosine: float = 20.0  # times the passage's cosine with the question


@dataclass(frozen=True)
class Sentence:
    """A scored sentence of a passage; passage.text[start:end] == text."""

    passage: Passage
    start: int
    end: int
    text: str
    score: float


def stem(word: str) -> str:
    """A light suffix stripper, applied to question and sentence alike.

    >>> [stem(w) for w in ["elections", "ennobled", "running", "quickly", "gas"]]
    ['election', 'ennobl', 'runn', 'quick', 'gas']
    """
    for suffix in ("ing", "ed", "es", "s", "ly"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def terms(text: str) -> list[str]:
    """Stemmed content words, in order.

    >>> terms("What did the Normans conquer in 1066?")
    ['norman', 'conquer', '1066']
    """
    return [stem(w) for w in _WORD.findall(text.lower()) if w not in STOPWORDS]


def wanted_kind(question: str, sentence: str, question_terms: set[str]) -> bool:
    """Does the sentence hold what the question asks for (a time, a number, a name not in the question)?

    >>> wanted_kind("When did it open?", "It opened in 1999.", {"open"})
    True
    >>> wanted_kind("Who built it?", "It was built long ago.", {"built"})
    False
    """
    if _TIME_Q.search(question):
        return bool(_TIME.search(sentence))
    if _NUMBER_Q.search(question):
        return bool(_NUMBER.search(sentence))
    if _WHO_Q.search(question):
        return any(stem(n.lower()) not in question_terms for n in _NAME.findall(sentence))
    return False


def score_sentences(
    question: str, passages: list[Passage], idf: Callable[[str], float], weights: Weights = Weights()
) -> list[Sentence]:
    """Every sentence of the passages with its score, best first."""
    q_terms = terms(question)
    q_set, q_pairs = set(q_terms), set(zip(q_terms, q_terms[1:]))
    scored = []
    for rank, passage in enumerate(passages):
        for start, end in sentence_spans(passage.text):
            text = passage.text[start:end]
            s_terms = terms(text)
            s_set = set(s_terms)
            score = sum(idf(t) for t in q_set & s_set)
            score += weights.pair * len(q_pairs & set(zip(s_terms, s_terms[1:])))
            score += weights.kind * wanted_kind(question, text, q_set)
            score -= weights.echo * (not (s_set - q_set)) + weights.rank * rank
            score += weights.cosine * passage.score
            scored.append(Sentence(passage, start, end, text, score))
    return sorted(scored, key=lambda s: -s.score)


def pick_adaptive(sentences: list[Sentence], sure: int = 25, unsure: int = 60, margin: float = 1.5) -> list[Sentence]:
    """Few words when the best sentence clearly wins, more when the runner-up is close (tuned on xquad dev:
    answers then average under 40 words with a higher hit rate than any fixed budget).

    >>> p = Passage(1, "a", "T", "A b c. D e.", 1.0, 0, 11)
    >>> two = [Sentence(p, 7, 11, "D e.", 2.0), Sentence(p, 0, 6, "A b c.", 1.5)]
    >>> len(pick_adaptive(two, sure=2, unsure=5)), len(pick_adaptive(two, sure=2, unsure=5, margin=0.1))
    (2, 1)
    """
    close = len(sentences) > 1 and sentences[0].score - sentences[1].score <= margin
    return pick(sentences, unsure if close else sure)


def pick(sentences: list[Sentence], budget: int = 40, most: int = 3) -> list[Sentence]:
    """The best sentence first, then the next best ones while the words stay within `budget`.

    >>> p = Passage(1, "a", "T", "A b c. D e.", 1.0, 0, 11)
    >>> [s.text for s in pick([Sentence(p, 7, 11, "D e.", 2.0), Sentence(p, 0, 6, "A b c.", 1.0)], budget=5)]
    ['D e.', 'A b c.']
    >>> [s.text for s in pick([Sentence(p, 7, 11, "D e.", 2.0), Sentence(p, 0, 6, "A b c.", 1.0)], budget=4)]
    ['D e.']
    """
    chosen: list[Sentence] = []
    words = 0
    for sentence in sentences:
        length = len(sentence.text.split())
        if chosen and (words + length > budget or len(chosen) >= most):
            continue
        chosen.append(sentence)
        words += length
    return chosen
