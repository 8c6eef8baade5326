"""Fact answers: the sentence of the retrieved passages that holds what the question asks for.

The question's need (who / when / where / how many / how much / why / which) is read from its first words.
Sentences of the top passages are scored by the question words they share (see sentences.score_sentences,
where words that every sentence of the article repeats count little); the best few then gain when they hold
the kind of thing asked for (a number, a date, a cause). The best one is shown with its neighbours in its
passage, within `sentences.WINDOW` words and never across a pull quote, byline or caption, and spaCy's NER
finds the name or place in it that answers a who / where / which question, for the reply to set in bold.

For "who" a person gains the whole bonus and an organisation ORG_FIT of it; a name of the question is never
the answer ("who did Abhisit beat" is not answered "Abhisit"). Candidates within TIE of the best are told
apart by their cosine with the question (one encoder call).

Measured and left out (scripts/eval.py on the fact set and xquad): adding every candidate's cosine to its
score (5 to 40 times it) moved the fact set by at most one question and cost 40-50 ms a question on 2 busy
cores; a wider tie (1.0) gained xquad 4 questions and lost the fact set 5; counting the words of one name
once ("Linton Brooks" = "Brooks") gained one question and lost another.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache

from index.answer.quantities import NUMBER, counted, other_unit, patterned
from index.answer.sentences import Sentence, window
from index.text.words import stem, terms

TOP = 6  # candidate sentences re-scored by what they hold
TIE = 0.5  # candidates this close by words are told apart by their cosine with the question (one encoder call)
KIND = 10.0  # the bonus of a sentence holding the kind of thing asked for (tuned on scripts/facts_questions.jsonl)
ORG_FIT = 0.7  # the share of KIND an organisation gains for "who" (a person gains all of it)

# entity labels (spaCy, OntoNotes) that answer each need
LABELS = {
    "who": {"PERSON", "ORG"},  # not NORP: "the *Spanish* capital" names nobody
    "when": {"DATE", "TIME"},
    "where": {"GPE", "LOC", "FAC"},
    "count": {"CARDINAL", "QUANTITY", "MONEY", "PERCENT"},
    "amount": {"MONEY", "PERCENT", "QUANTITY", "CARDINAL"},
    "which": {"ORG", "PRODUCT", "WORK_OF_ART", "EVENT", "LAW", "FAC", "GPE", "PERSON", "NORP", "LOC"},
}
_NEEDS = (  # first match wins
    ("why", r"^(?:why|how come)\b|\b(?:what (?:\w+ )?(?:caused|made|led|drove|prompted|triggered|slowed|"
            r"delayed|hampered)|what was the reason|"
            r"for what reason)\b"),
    ("finding", r"^what (?:did|does|do|has|have) .{0,80}\b(?:find|show|reveal|conclude|discover|suggest)\b"),
    ("count", r"\bhow (?:many|old|long|far|often)\b|\bwhat (?:number|age)\b|\bwhat was the (?:vote|score)\b"),
    ("amount", r"\bhow (?:much|big|large)\b|\bwhat (?:share|percentage|proportion|amount|pay rise|price)\b"),
    ("when", r"^(?:when|since when)\b|\b(?:what|which|in what) (?:year|time|date|day|month)\b"),
    ("where", r"^where\b|\b(?:which|what|in which|in what) (?:city|country|town|state|province|port|village|"
              r"airport|district|neighbou?rhood|region|island|place)\b|\bwhere\b"),
    ("who", r"^(?:who|whom|whose)\b|\b(?:which|what) (?:senator|judge|person|minister|leader|official|man|"
            r"woman|commander|station|team|party)\b"),
    ("which", r"^which\b|^what\s+(?!(?:did|does|do|is|was|were|are|has|have|had|will|would|can|could|should|"
              r"about|happened|else)\b)\w|\b(?:in|on|at|of|for|from|by) (?:which|what)\b"),
)
_FINDING = re.compile(r"\b(?:found|finds|show(?:s|ed|n)|reveal(?:s|ed)|conclude[sd]|discovered|suggest(?:s|ed)|"
                      r"indicate[sd]|saying)\b", re.I)  # "what did the study find": what it found, showed, said
_CAUSE = re.compile(r"\b(?:because|due to|after|caused by|following|as a result|explained by|driven by|thanks to|"
                    r"in protest|to treat|amid|blam\w*|"
                    r"failure|over (?:the|his|her|its|their|a|an)\b)", re.I)
# Needs that take spaCy's NER. For "who" it tags the best NER_TOP candidates (fact set 0.770 -> 0.782, who
# 0.656 -> 0.719); for where / which that chose worse than words alone (where 0.739 -> 0.652), so it only tags
# the chosen sentence, for its span. Tagging all six candidates of every question took ~40 ms on 2 cores.
_NAMED = {"who", "where", "which"}
NER_TOP = 3
_COUNTED = {"count", "amount"}
# a number not beside the noun counted ("age 29" for "how many children") gains this share of KIND
ASIDE = 0.3
# "which party was ...": the words naming the kind of answer, which the answer itself may hold
_CATEGORY = re.compile(r"\b(?:which|what)\s+((?:(?!(?:is|was|were|are|did|does|do|has|have|had|will)\b)\w+\s?){1,3})")
_ABOARD = re.compile(r"\b(?:aboard|on board|onboard|carrying|passengers|occupants)\b", re.I)
_ABOARD_Q = re.compile(r"\bhow many (?:\w+ ){0,2}(?:were|was) (?:on|aboard|on board|in)\b", re.I)
_CAPTION = re.compile(r"^(?:Image|File|Photo|Picture|Pictured)\s*:|\|thumb\||\.(?:jpe?g|png|gif|svg)\b", re.I)


@dataclass(frozen=True)
class Fact:
    """The chosen sentences (in article order, one passage) and the span in them that answers, if found."""

    sentences: list[Sentence]
    span: str = ""


@dataclass(frozen=True)
class Reader:
    """What reading sentences takes beyond their words: the entity tagger (None: numbers and dates by pattern
    only) and `similarity`, texts -> their cosines with the question (None: ties stay in word order)."""

    tagger: EntityTagger | None = None
    similarity: Callable[[list[str]], list[float]] | None = None


@lru_cache(maxsize=1)
def default_tagger() -> EntityTagger:
    """spaCy's small English model with only its NER, loaded on first use and shared by every Answerer."""
    import spacy

    from index.ingest.quotes import MODEL

    return EntityTagger(spacy.load(MODEL, exclude=["tok2vec", "tagger", "parser", "attribute_ruler",
                                                   "lemmatizer", "senter"]))


def need_of(question: str) -> str:
    """What kind of thing the question asks for: why, finding, count, amount, when, where, who, which or ""
    (other).

    >>> [need_of(q) for q in ["how many people were aboard", "When did the council vote?",
    ...     "Which city was bombed?", "who led the party", "Why did he resign?", "What post did he get?"]]
    ['count', 'when', 'where', 'who', 'why', 'which']
    >>> need_of("what did the study find"), need_of("what happened to the bridge"), need_of("what fault made it stop")
    ('finding', '', 'why')
    """
    q = question.lower().strip()
    return next((need for need, pattern in _NEEDS if re.search(pattern, q)), "")


def is_prose(text: str) -> bool:
    """A sentence that can answer: not itself a question, not a photo caption.

    >>> is_prose("Image:Rockets.jpg|left|thumb|Rockets on rails."), is_prose("Why run?"), is_prose("He ran.")
    (False, False, True)
    """
    stripped = text.rstrip("\"'”’) ")
    return not stripped.endswith("?") and not _CAPTION.search(text)


def answer_span(need: str, text: str, entities: tuple[tuple[str, str], ...], question: str) -> str:
    """The part of a sentence that answers the need: an entity of a fitting kind not named in the question (the
    one next to a word of the question, else the first), a cause for "why"; "" when the sentence holds none.

    >>> answer_span("count", "Aged two to nine, they had 13 children.", (("two", "Q"), ("13", "Q")),
    ...             "how many children did they have")
    '13'
    >>> answer_span("who", "Abe met Ozawa.", (("Abe", "PERSON"), ("Ozawa", "PERSON")), "who did Abe meet")
    'Ozawa'
    >>> answer_span("count", "Their home is 70 miles away.", (("70 miles", "Q"),), "how many children were there")
    ''
    >>> answer_span("who", "The Spanish police named ETA and Juan Lopez.", (("Spanish", "NORP"), ("ETA", "ORG"),
    ...             ("Juan Lopez", "PERSON")), "who did the police blame")  # a person first; NORP names nobody
    'Juan Lopez'
    >>> answer_span("who", "Abhisit beat Pracha.", (("Abhisit", "PERSON"), ("Pracha", "PERSON")),
    ...             "who did abhisit beat")
    'Pracha'
    """
    if need in {"why", "finding"}:
        match = (_CAUSE if need == "why" else _FINDING).search(text)
        return match.group() if match else ""
    lowered, wanted, noun = question.lower(), set(terms(question)), counted(question)
    named = wanted - set(terms(" ".join(_CATEGORY.findall(lowered))))  # "which *party*": the answer may say it
    fitting = [(v, label) for v, label in entities
               if (label in LABELS.get(need, ()) or need in _COUNTED and label == "Q") and v.lower() not in lowered
               and not (need in _NAMED and set(terms(v)) & named)  # "who did Abhisit beat": not Abhisit
               and (need not in _COUNTED or NUMBER.search(v) and not other_unit(v, noun))]
    if need == "who" and any(label == "PERSON" for _, label in fitting):  # a person over an organisation
        fitting = [(v, label) for v, label in fitting if label == "PERSON"]
    fitting = [v for v, _ in fitting]
    return next((v for v in fitting if _beside(text, v, wanted)), fitting[0] if fitting else "")


def _beside(text: str, value: str, wanted: set[str]) -> bool:
    """Is a word of the question right after (or before) the value in the text ("13 *children*")?"""
    at = text.find(value)
    near = terms(text[at + len(value) : at + len(value) + 25]) + terms(text[max(at - 25, 0) : at])[-2:]
    return bool(wanted & set(near[:2] + near[-2:]))


class EntityTagger:
    """spaCy's NER alone (no parser), loaded once; the entities of each sentence text are kept, so a passage
    asked about again costs nothing."""

    def __init__(self, nlp, size: int = 50_000) -> None:  # noqa: ANN001 (spacy.Language, imported lazily)
        self.nlp = nlp
        self.size = size
        self._known: dict[str, tuple[tuple[str, str], ...]] = {}
        self._lock = threading.Lock()  # one spaCy call at a time

    def many(self, texts: list[str]) -> list[tuple[tuple[str, str], ...]]:
        """(text, label) entities of each text; the unknown ones tagged in one spaCy pipe."""
        with self._lock:
            missing = [t for t in dict.fromkeys(texts) if t not in self._known]
            if len(self._known) + len(missing) > self.size:
                self._known.clear()
            for text, doc in zip(missing, self.nlp.pipe(missing)):
                self._known[text] = tuple((e.text, e.label_) for e in doc.ents)
            return [self._known[t] for t in texts]


def choose(question: str, ranked: list[Sentence], reader: Reader, kind: float = KIND) -> Fact:
    """The best sentence, by its words and whether it holds the kind of thing asked for, in its best window.
    Candidates are taken after the bonus for a number or date found by pattern, so "their thirteen children"
    in a lower-ranked passage competes; names (spaCy) are looked for in the best few only."""
    need, noun, weak = need_of(question), counted(question), set()
    spans = {_at(s): answer_span(need, s.text, patterned(s.text), question) for s in ranked}
    scored = _rescored(ranked, spans, kind, noun, question=question)
    candidates = _distinct([s for s in scored if is_prose(s.text)])[:TOP]
    if not candidates:
        return Fact([])
    if need == "who" and reader.tagger is not None:  # people and organisations: spaCy, on the best few
        top = candidates[:NER_TOP]
        for c, entities in zip(top, reader.tagger.many([c.text for c in top])):
            spans[_at(c)] = answer_span(need, c.text, entities, question)
            if dict(entities).get(spans[_at(c)]) == "ORG":
                weak.add(_at(c))
        scored = _rescored(ranked, spans, kind, noun, weak, question)
        by_place = {_at(s): s for s in scored}
        candidates = [by_place[_at(c)] for c in candidates]
    best = max(candidates, key=lambda s: s.score)
    tied = [c for c in candidates if c.score >= best.score - TIE][:3]
    if len(tied) > 1 and reader.similarity is not None:  # "45 were aboard" or "seven died": read the meaning
        cosines = reader.similarity([c.text for c in tied])
        best = tied[max(range(len(tied)), key=lambda i: (cosines[i], -i))]
    span = spans[_at(best)]
    if not span and reader.tagger is not None and need in _NAMED:  # a name or place: spaCy, on this one only
        span = answer_span(need, best.text, reader.tagger.many([best.text])[0], question)
    same = [s for s in scored if s.passage is best.passage and is_prose(s.text)]
    return Fact(window(best, same), span)


def _at(s: Sentence) -> tuple[int, int]:
    """Where a sentence is: its chunk and offset (one sentence may be in two overlapping chunks)."""
    return s.passage.chunk_id, s.start


def _rescored(ranked: list[Sentence], spans: dict[tuple[int, int], str], kind: float, noun: str,
              weak: set[tuple[int, int]] = frozenset(), question: str = "") -> list[Sentence]:
    """The sentences with the bonus for holding what is asked (see _fit), best first; a `weak` one (an
    organisation for "who") gains ORG_FIT of it."""
    aboard = bool(_ABOARD_Q.search(question))
    scored = [replace(s, score=s.score + kind * _fit(s.text, spans[_at(s)], noun, aboard) *
                      (ORG_FIT if _at(s) in weak else 1)) for s in ranked]
    return sorted(scored, key=lambda s: -s.score)


def _fit(text: str, span: str, noun: str, aboard: bool = False) -> float:
    """How well a sentence's span answers: 1, or ASIDE for a number not beside the noun counted, 0 for none.
    `aboard`: the question asks how many were on a bus or plane, said "45 were aboard" as often as "45 people":
    a number in a sentence saying aboard / on board / carrying / passengers counts fully.

    >>> _fit("They had thirteen children.", "thirteen", "children"), _fit("Aged 29.", "29", "children")
    (1.0, 0.3)
    >>> _fit("At least 45 were aboard.", "45", "peopl", aboard=True), _fit("45 were aboard.", "45", "peopl")
    (1.0, 0.3)
    """
    if not span:
        return 0.0
    unit = span.split()[-1].lower()
    on_board = aboard and _ABOARD.search(text)
    return 1.0 if not noun or stem(unit) == noun or _beside(text, span, {noun}) or on_board else ASIDE


def _distinct(sentences: list[Sentence]) -> list[Sentence]:
    """Drop repeated sentences (overlapping windows and wire copies repeat them); best first stays first."""
    seen: set[str] = set()
    kept = []
    for s in sentences:
        key = " ".join(re.findall(r"\w+", s.text.lower()))
        if key not in seen:
            seen.add(key)
            kept.append(s)
    return kept
