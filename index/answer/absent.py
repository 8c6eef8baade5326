"""Does the article on the event hold what the question asks for at all? Article-level features for the
"does not say" model (ranker.py), beside the best sentences' own (features.says_row).

A question about the right event that asks what its article leaves out ("Who was the pilot of the helicopter
that crashed with Kobe Bryant on board?") shares the event's words with the article, and the article holds
other people, numbers and dates; what it lacks is the thing asked about: the *pilot*. So these features look
at the words the question asks with beyond its event (those outside the best article's title and lead) and at
the noun it asks about ("the *pilot*", "how many *senators*", "which *prison*"): are they anywhere in the
article, and does a sentence near the top hold a fitting answer beside that noun?
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

import numpy as np

from index.answer.features import ABSENT_FEATURES, Candidate, _beside_question, asked_terms
from index.text.words import terms

# "who was the *pilot* of", "what was the name of the *gunman* who", "what is the *turnout*"
_ROLE = re.compile(r"\b(?:who|what)\s+(?:was|is|were|are|will be|had been)\s+(?:the\s+|a\s+|an\s+)?"
                   r"(?:names?\s+of\s+(?:the\s+)?)?((?:[\w'’-]+\s+){0,3}?[\w'’-]+?)"
                   r"(?=\s+(?:of|who|whom|that|which|in|at|on|for|to|from|by|with|behind|after|before)\b|\s*\?|\s*$)",
                   re.I)
# "how many *senators* voted", "how many suspected *insurgents*"
_COUNT = re.compile(r"\bhow\s+(?:many|much)\s+(?:(?:suspected|more|other|different|new|total|registered|local|"
                    r"foreign|of\s+the|of)\s+)*([\w'’-]+)", re.I)
# "which *prison*", "what *sentence* did", "in which *hospital*"
_KIND = re.compile(r"\b(?:which|what)\s+((?:(?!(?:is|was|were|are|did|does|do|has|have|had|will|would|can|could)\b)"
                   r"[\w'’-]+\s?){1,3})", re.I)
# heads that say only the kind of answer, which the entity features already read
_GENERIC = set(terms("name names person people man woman one number amount total figure percentage percent "
                     "money price cost sum year date day month time place city country town location company "
                     "group organisation organization team party thing"))


def head_of(question: str) -> set[str]:
    """The stems of the noun a question asks about, or an empty set when it names only a kind of answer.

    >>> sorted(head_of("Who was the pilot of the helicopter that crashed?"))
    ['pilot']
    >>> sorted(head_of("What was the name of the gunman who shot PC Beshenivsky?"))
    ['gunman']
    >>> sorted(head_of("how many senators voted for the bill")), sorted(head_of("In which prison is he held?"))
    (['senat'], ['prison'])
    >>> sorted(head_of("How many people died?")), sorted(head_of("Which country won?"))
    ([], [])
    """
    found = set(terms(match.group(1))) if (match := _COUNT.search(question)) else set()
    for pattern in (_ROLE, _KIND):
        match = pattern.search(question)
        phrase = re.split(r"\s(?:in|of|on|at|for|to|from|by|with)\s", f" {match.group(1)} ")[0] if match else ""
        words = terms(phrase)
        if words and not set(words) & _GENERIC:  # "which country won": the kind of answer, no noun
            found.add(words[-1])
    return found - _GENERIC


def absence(question: str, candidates: Sequence[Candidate], order: Sequence[int],
            idf: Callable[[str], float]) -> np.ndarray:
    """ABSENT_FEATURES of a question over the candidates in `order` (best first; a training row may leave the
    answer's sentences out of it): what it asks beyond the best article's title and lead, how much of that and
    of the whole question the article never says, and whether its head noun is there, near the top, beside a
    fitting answer.

    >>> from index.answer.features import Article
    >>> from index.types import SentenceRow
    >>> text = "A helicopter crashed with Kobe Bryant on board. Nine people died. The pilot was Ara Zobayan."
    >>> rows = [SentenceRow("a", 0, 47, None), SentenceRow("a", 48, 65, None), SentenceRow("a", 66, 92, None)]
    >>> art = Article("a", "Kobe Bryant dies in helicopter crash", text, rows, 0, 1.0)
    >>> cands = [Candidate(art, i, text[r.start:r.end], "Ara Zobayan" if i == 2 else "") for i, r in enumerate(rows)]
    >>> q = "Who was the pilot of the helicopter that crashed with Kobe Bryant?"
    >>> said = absence(q, cands, [2, 0, 1], lambda t: 1.0)
    >>> [float(said[ABSENT_FEATURES.index(k)]) for k in ("ask_missing", "head_absent", "head_beside")]
    [0.0, 0.0, 1.0]
    >>> unsaid = absence(q, cands, [0, 1], lambda t: 1.0)  # the pilot's sentence taken out
    >>> [float(unsaid[ABSENT_FEATURES.index(k)]) for k in ("ask_missing", "head_absent", "head_beside")]
    [1.0, 1.0, 0.0]
    """
    if not len(order):
        return np.zeros(len(ABSENT_FEATURES), np.float32)
    best = candidates[order[0]].article
    kept = [candidates[i] for i in order]
    said = set(terms(best.title)).union(*(terms(c.text) for c in kept if c.article is best))
    said_any = said.union(*(terms(f"{c.article.title} {c.text}") for c in kept))
    loose = {w[:5] for w in said if len(w) >= 5}
    first = best.text[best.rows[0].start : best.rows[0].end] if best.rows else ""
    lead = set(terms(f"{best.title} {first}"))
    asked = set(asked_terms(question))
    ask = asked - lead

    def there(word: str, words: set[str], prefixes: set[str]) -> bool:
        return word in words or len(word) >= 5 and word[:5] in prefixes

    mass = sum(idf(t) for t in asked) or 1.0
    ask_mass = sum(idf(t) for t in ask)
    gone = [t for t in ask if not there(t, said, loose)]
    top_idf = max((idf(t) for t in asked), default=0.0) or 1.0
    head = head_of(question)
    top = kept[:3]
    top_words = set().union(*(terms(c.text) for c in top))
    return np.array([
        ask_mass / mass,
        sum(idf(t) for t in gone) / ask_mass if ask_mass else 0.0,
        max((idf(t) for t in gone), default=0.0) / top_idf,
        sum(idf(t) for t in asked if t not in said_any) / mass,
        bool(head),
        bool(head) and not any(there(t, said, loose) for t in head),
        bool(head & top_words),
        any(c.span and _beside_question(c.text, c.span, head) for c in top) if head else False,
        _beside_mass(kept[0], ask, idf) / ask_mass if ask_mass else 0.0,
        max((_beside_mass(c, ask, idf) for c in top), default=0.0) / ask_mass if ask_mass else 0.0,
        max((_beside_mass(c, ask, idf) for c in kept if c.article is best), default=0.0) / ask_mass
        if ask_mass else 0.0,
    ], dtype=np.float32)


def _beside_mass(candidate: Candidate, wanted: set[str], idf: Callable[[str], float], reach: int = 40) -> float:
    """The idf of the `wanted` words within `reach` characters of the sentence's answer span (0: no span).

    >>> from index.answer.features import Article
    >>> c = Candidate(Article("a", "", "", [], 0, 1.0), 0, "Nine people were wounded in the blast.", "Nine")
    >>> _beside_mass(c, {"wound", "blast", "polic"}, lambda t: 1.0)
    2.0
    """
    at = candidate.text.find(candidate.span) if candidate.span else -1
    if at < 0:
        return 0.0
    near = candidate.text[max(at - reach, 0) : at] + " " + candidate.text[at + len(candidate.span) : at + len(
        candidate.span) + reach]
    return sum(idf(t) for t in wanted & set(terms(near)))
