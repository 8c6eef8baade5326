"""The hand-weighted sentence score the reader had before it learned one (issues 11 and 15), kept as one feature
of the learned ranker: over the retrieved passages and the best article's lead, a sentence scores by the
rarity-weighted question words it shares (a word of the title, or one most of the article's sentences repeat,
counting less), shared word pairs, holding the kind of thing asked for, and its passage's rank and cosine;
then a sentence holding a number or date that answers (by pattern) gains KIND. Its weights were tuned by hand
on xquad dev and the news fact set; the ranker decides how far to trust it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from index.answer.facts import _ABOARD_Q, answer_span, need_of
from index.answer.features import counted_fit
from index.answer.quantities import counted, patterned
from index.text.sentences import sentence_spans
from index.text.words import stem, terms
from index.types import Passage

KIND = 10.0  # the bonus of a sentence holding the kind of thing asked for
_TIME = re.compile(r"\b(?:1\d{3}|20\d{2})s?\b|\b(?:January|February|March|April|May|June|July|August|September|"
                   r"October|November|December|century|centuries|decade|BC|AD)\b")
_NUMBER = re.compile(r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
                     r"(?:thir|four|fif|six|seven|eigh|nine)teen|(?:twen|thir|for|fif|six|seven|eigh|nine)ty|"
                     r"hundred|thousand|million|billion|dozen|half|third|quarter)\b", re.I)  # "their thirteen children"
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
    title: float = 0.5  # a shared word that is also in the article's title counts this much: it tells which
    # article, not which of its sentences ("the bus that overturned in Babyninsky": the sentence says "45")
    spread: float = 1.0  # a shared word counts less by the share of its article's sentences that hold it


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


def hand_scores(question: str, passages: list[Passage], idf: Callable[[str], float], weights: Weights = Weights(),
                extra: Sequence[Passage] = ()) -> dict[tuple[str, int], float]:
    """The hand-weighted score of every sentence of the passages, by (article id, start in the article text);
    `extra` passages (the best article's lead) rank after the retrieved ones. A sentence in two overlapping
    chunks keeps its better score.

    >>> p = Passage(1, "a", "Bridge", "It is old. It cost 40 million dollars.", 0.6, 100, 138)
    >>> scores = hand_scores("How much did it cost?", [p], lambda t: 1.0)
    >>> sorted(scores) == [("a", 100), ("a", 111)] and scores["a", 111] > scores["a", 100]
    True
    """
    q_terms = terms(question)
    q_set, q_pairs = set(q_terms), set(zip(q_terms, q_terms[1:]))
    need, noun, aboard = need_of(question), counted(question), bool(_ABOARD_Q.search(question))
    ranked = list(enumerate(passages)) + [(len(passages), p) for p in extra]
    rows = [(rank, passage, start, end, terms(passage.text[start:end]))
            for rank, passage, in ranked for start, end in sentence_spans(passage.text)]
    spread = _spread(q_set, [(p.article_id, set(t)) for _, p, _, _, t in rows])
    scores: dict[tuple[str, int], float] = {}
    for rank, passage, start, end, s_terms in rows:
        text, s_set, title = passage.text[start:end], set(s_terms), set(terms(passage.title))
        score = sum(idf(t) * (weights.title if t in title else 1.0) * (1 - weights.spread * spread[passage.article_id,
                    t]) for t in q_set & s_set)
        score += weights.pair * len(q_pairs & set(zip(s_terms, s_terms[1:])))
        score += weights.kind * wanted_kind(question, text, q_set)
        score -= weights.echo * (not (s_set - q_set)) + weights.rank * rank
        score += weights.cosine * passage.score
        span = answer_span(need, text, patterned(text), question) if need else ""
        score += KIND * counted_fit(text, span, noun, aboard)
        at = (passage.article_id, passage.start + start)
        scores[at] = max(score, scores.get(at, score))
    return scores


def _spread(wanted: set[str], sentences: list[tuple[str, set[str]]]) -> dict[tuple[str, str], float]:
    """For each article and question word, the share of the article's retrieved sentences holding the word.

    >>> _spread({"sark"}, [("a", {"sark", "vote"}), ("a", {"seat"})])[("a", "sark")]
    0.5
    """
    totals: dict[str, int] = {}
    counts: dict[tuple[str, str], int] = {}
    for article, words in sentences:
        totals[article] = totals.get(article, 0) + 1
        for word in wanted & words:
            counts[article, word] = counts.get((article, word), 0) + 1
    return {(a, w): counts.get((a, w), 0) / totals[a] for a in totals for w in wanted}


