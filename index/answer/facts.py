"""What a fact question asks for, and the words of a sentence that answer it.

The question's need (who / when / where / how many / how much / why / which) is read from its first words
(need_of); answer_span finds in a sentence the entity of a fitting kind that is not named in the question (the
one beside a word of the question first), which the reply sets in bold. The entities come from spaCy's NER,
stored per sentence at ingest (index/text/sentence_rows.py), and from patterns for numbers and dates
(quantities.py). The sentence itself is chosen by the learned reader (reader.py).
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache

from index.answer.quantities import NUMBER, counted, other_unit
from index.text.words import terms

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
    ("count", r"\bhow (?:many|old|long|far|often)\b|\bwhat (?:number|age)\b|\bwhat was the (?:vote|score)\b|"
              r"\bwhat (?:was|is) (?:the |his |her |their |its |[\w'’-]+ )*(?:winning|finishing|record) "
              r"(?:time|score)\b"),
    ("amount", r"\bhow (?:much|big|large)\b|\bwhat (?:share|percentage|proportion|amount|pay rise|price)\b"),
    ("when", r"^(?:when|since when)\b|\b(?:what|which|in what) (?:year|time|date|day|month)\b"),
    ("where", r"^where\b|\b(?:which|what|in which|in what) (?:city|country|town|state|province|port|village|"
              r"airport|district|neighbou?rhood|region|island|place)\b|\bwhere\b"),
    ("who", r"^(?:who|whom|whose)\b|\b(?:which|what) (?:senator|judge|person|minister|leader|official|man|"
            r"woman|commander|station|team|party)\b|\bwhat (?:was|is|were|are) the names? of (?:the|his|her|"
            r"their|its)\b"),
    ("which", r"^which\b|^what\s+(?!(?:did|does|do|is|was|were|are|has|have|had|will|would|can|could|should|"
              r"about|happened|else)\b)\w|\b(?:in|on|at|of|for|from|by) (?:which|what)\b"),
)
_FINDING = re.compile(r"\b(?:found|finds|show(?:s|ed|n)|reveal(?:s|ed)|conclude[sd]|discovered|suggest(?:s|ed)|"
                      r"indicate[sd]|saying)\b", re.I)  # "what did the study find": what it found, showed, said
_CAUSE = re.compile(r"\b(?:because|due to|after|caused by|following|as a result|explained by|driven by|thanks to|"
                    r"in protest|to treat|amid|blam\w*|"
                    r"failure|over (?:the|his|her|its|their|a|an)\b)", re.I)
_NAMED = {"who", "where", "which"}
_COUNTED = {"count", "amount"}
# "which party was ...": the words naming the kind of answer, which the answer itself may hold
_CATEGORY = re.compile(r"\b(?:which|what)\s+((?:(?!(?:is|was|were|are|did|does|do|has|have|had|will)\b)\w+\s?){1,3})")
_ABOARD = re.compile(r"\b(?:aboard|on board|onboard|carrying|passengers|occupants)\b", re.I)
_ABOARD_Q = re.compile(r"\bhow many (?:\w+ ){0,2}(?:were|was) (?:on|aboard|on board|in)\b", re.I)
_CAPTION = re.compile(r"^(?:Image|File|Photo|Picture|Pictured)\s*:|\|thumb\||\.(?:jpe?g|png|gif|svg)\b", re.I)


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
    >>> need_of("What was the name of the gunman who shot her?")  # mostly a person: the captain, her son
    'who'
    >>> need_of("What was Karsten Warholm's winning time in the final?")  # a result: a number with its unit
    'count'
    """
    q = question.lower().strip()
    return next((need for need, pattern in _NEEDS if re.search(pattern, q)), "")


def is_prose(text: str) -> bool:
    """A sentence that can answer: not itself a question, not a photo caption, not a short label line without a
    stop ("Heather Conley, Europe expert", under a pull quote).

    >>> is_prose("Image:Rockets.jpg|left|thumb|Rockets on rails."), is_prose("Why run?"), is_prose("He ran.")
    (False, False, True)
    >>> is_prose("Heather Conley, Europe expert"), is_prose("He ran and ran, and then he ran on past the gate")
    (False, True)
    """
    stripped = text.rstrip("\"'”’) ")
    label = len(stripped.split()) <= 8 and not stripped.endswith((".", "!", ":", ";"))
    return not stripped.endswith("?") and not _CAPTION.search(text) and not label


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
