"""Pure sentence scoring: every sentence of the retrieved passages, scored by how well its words answer.

A sentence scores by the rarity-weighted question words it shares (the Porter stemmer on both sides, as in
the FTS5 index), shared word pairs, whether it holds the kind of thing asked for (a year for "when", a
number for "how many", a name for "who"), and the rank and cosine of its passage. index/answer/facts.py then
reads the best ones by meaning and named entities.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from index.text.sentences import reads_on, sentence_spans
from index.text.words import stem, terms
from index.types import Passage

WINDOW = 45  # words in an answer at most (one long sentence may pass it alone)
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


@dataclass(frozen=True)
class Sentence:
    """A scored sentence of a passage; passage.text[start:end] == text."""

    passage: Passage
    start: int
    end: int
    text: str
    score: float


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
    question: str, passages: list[Passage], idf: Callable[[str], float], weights: Weights = Weights(),
    extra: Sequence[Passage] = (),
) -> list[Sentence]:
    """Every sentence of the passages with its score, best first. `extra` passages (the top article's other
    chunks) are ranked after the retrieved ones: the search did not pick them."""
    q_terms = terms(question)
    q_set, q_pairs = set(q_terms), set(zip(q_terms, q_terms[1:]))
    ranked = list(enumerate(passages)) + [(len(passages), p) for p in extra]
    rows = [(rank, passage, start, end, terms(passage.text[start:end]))
            for rank, passage in ranked for start, end in sentence_spans(passage.text)]
    spread = _spread(q_set, [(p.article_id, set(t)) for _, p, _, _, t in rows])
    scored = []
    for rank, passage, start, end, s_terms in rows:
        text, s_set, title = passage.text[start:end], set(s_terms), set(terms(passage.title))
        score = sum(idf(t) * (weights.title if t in title else 1.0) * (1 - weights.spread * spread[passage.article_id,
                    t]) for t in q_set & s_set)
        score += weights.pair * len(q_pairs & set(zip(s_terms, s_terms[1:])))
        score += weights.kind * wanted_kind(question, text, q_set)
        score -= weights.echo * (not (s_set - q_set)) + weights.rank * rank
        score += weights.cosine * passage.score
        scored.append(Sentence(passage, start, end, text, score))
    return sorted(scored, key=lambda s: -s.score)


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


def window(best: Sentence, ranked: list[Sentence], limit: int = WINDOW) -> list[Sentence]:
    """The best sentence with its neighbours in the same passage, better-scored side first, within `limit` words,
    never across a paragraph that ends without final punctuation (see text.sentences.reads_on): a pull quote
    and its byline are not run into the paragraph after them.

    >>> from index.types import Passage
    >>> p = Passage(1, "a", "T", "A b. C d e. F g.", 1.0, 0, 16)
    >>> s = [Sentence(p, 5, 11, "C d e.", 3.0), Sentence(p, 12, 16, "F g.", 2.0), Sentence(p, 0, 4, "A b.", 1.0)]
    >>> [x.text for x in window(s[0], s, limit=5)]
    ['C d e.', 'F g.']
    >>> q = Passage(2, "a", "T", "More force\\n\\nSenator Jo Kay\\n\\nHe left.", 1.0, 0, 36)
    >>> s = [Sentence(q, 0, 10, "More force", 3.0), Sentence(q, 12, 26, "Senator Jo Kay", 2.0),
    ...      Sentence(q, 28, 36, "He left.", 1.0)]
    >>> [x.text for x in window(s[0], s)], [x.text for x in window(s[2], s)]
    (['More force'], ['He left.'])
    """
    same = sorted((s for s in ranked if s.passage.chunk_id == best.passage.chunk_id), key=lambda s: s.start)
    text = best.passage.text
    at = next(i for i, s in enumerate(same) if s.start == best.start)
    lo, hi, words = at, at, len(best.text.split())
    while True:
        sides = [i for i in (lo - 1, hi + 1) if 0 <= i < len(same)]
        sides = [i for i in sides if words + len(same[i].text.split()) <= limit
                 and reads_on(text, same[min(i, lo)].start, same[max(i, hi)].end)]
        if not sides:
            return same[lo : hi + 1]
        pick = max(sides, key=lambda i: same[i].score)
        words += len(same[pick].text.split())
        lo, hi = min(lo, pick), max(hi, pick)
