"""Who-said-what scored against hand annotation (docs/annotating-statements.md): pure rules over one article.

A gold statement is *found* when the stored statements of its article cover >= 60% of its content words
(words that are not stop words; all its words when it has none) or >= 50% of its characters (whitespace
left out), several stored statements together if need be. It is found *with the right speaker* when the
stored statements whose speaker fits it cover that much on their own. A stored statement is *correct* when
>= 50% of its own characters lie inside gold content spans, and correct *with the right speaker* when they lie
inside spans of gold statements its speaker fits. A speaker fits a named gold speaker when the names can be one
person or organisation (same_name); it fits an anonymous one (empty canonical) when it names no person.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from index.answer.people import same_person
from index.audit.export import Exported, style_of
from index.text.names import _bare, _is_title, _parts, abbreviates, is_person_like
from index.text.words import STOPWORDS, fold

WORDS, CHARS = 0.6, 0.5  # a gold statement is found at this share of its content words, or of its characters
INSIDE = 0.5  # a stored statement is correct with this share of its characters inside gold content
_WORD = re.compile(r"\w+(?:['’]\w+)*")
# Words that name nobody: an anonymous source written with a capital ("Officials said") is still anonymous.
GENERIC = frozenset("""officials official sources source witnesses witness residents analysts experts critics
    observers authorities aides aide people someone he she they we i you it""".split())
CUES = {"say": "say", "says": "say", "said": "say", "saying": "say", "tell": "tell", "tells": "tell",
        "told": "tell", "telling": "tell", "add": "add", "adds": "add", "added": "add", "adding": "add"}
WRITES = re.compile(r"\b(writ\w*|wrote|post\w*|tweet\w*|blog\w*)\b")
FAMILIES = ("say", "tell", "add", "according to", "write/post/tweet", "statement/announce", "other verb", "no cue")


@dataclass(frozen=True)
class Gold:
    """One hand-annotated statement (a line of scripts/statements_gold.jsonl); content spans index the text."""

    article_id: str
    canonical: str  # "" for a source the article never names
    speaker_type: str
    kind: str
    style: str
    cue: str
    content: tuple[tuple[int, int], ...]
    split: str = ""

    @classmethod
    def of(cls, line: dict) -> Gold:
        spans = tuple((int(s), int(e)) for s, e in line["content"])
        return cls(line["article_id"], line["canonical"] or "", line["speaker_type"], line["kind"], line["style"],
                   line.get("cue") or "", spans, line.get("split", ""))


@dataclass(frozen=True)
class Found:
    """What became of one gold statement."""

    gold: Gold
    found: bool
    right: bool  # found by stored statements whose speaker fits


@dataclass(frozen=True)
class Checked:
    """What one stored statement is worth."""

    stored: Exported
    correct: bool
    right: bool
    style: str


def cue_family(cue: str) -> str:
    """The family a cue belongs to, for the per-cue rows.

    >>> [cue_family(c) for c in ("says", "told reporters", "added", "according to", "wrote on Twitter")]
    ['say', 'tell', 'add', 'according to', 'write/post/tweet']
    >>> [cue_family(c) for c in ("said in a statement", "announced", "warned", "")]
    ['statement/announce', 'statement/announce', 'other verb', 'no cue']
    """
    cue = " ".join(cue.lower().split())
    if not cue:
        return "no cue"
    if "according to" in cue:
        return "according to"
    if "statement" in cue or "announc" in cue:
        return "statement/announce"
    if WRITES.search(cue):
        return "write/post/tweet"
    return next((CUES[w] for w in cue.split() if w in CUES), "other verb")


def same_name(stored: str, gold: str) -> bool:
    """Can a stored speaker's canonical name be the gold one's person or organisation? Titles, case, accents,
    "the", initials, nicknames, a descriptor in front and a bare surname do not matter; an acronym is its name.

    >>> same_name("Warner", "Mark Warner"), same_name("Donald J. Trump", "Donald Trump"), same_name("D. Trump", "Trump")
    (True, True, True)
    >>> who = "World Health Organization"
    >>> same_name("the World Health Organization", who), same_name("WHO", who), same_name("Top Democrats", "Democrats")
    (True, True, True)
    >>> same_name("Eric Trump", "Donald Trump"), same_name("USA George W. Bush", "George W. Bush"), same_name("", "X")
    (False, True, False)
    """
    x, y = _parts(fold(stored)), _parts(fold(gold))
    if not x or not y:
        return False
    if x == y or same_person(x, y) or _acronym(stored, gold) or _acronym(gold, stored):
        return True
    if len(x) == 1 and len(y) > 1:  # a bare surname
        return x[0] == y[-1]
    shortest = 1 if len(y) == 1 else 2  # "USA George W. Bush" is George W. Bush; "Eric Trump" is not Trump
    return any(x[i:] == y or same_person(x[i:], y) for i in range(1, len(x) - shortest + 1))


def _acronym(short: str, name: str) -> bool:
    return short.isalpha() and abbreviates(short, name)


def names_a_person(canonical: str) -> bool:
    """Does a stored speaker name a person (not "officials", "he", "the company" or an organisation)?

    >>> [names_a_person(n) for n in ("Mark Warner", "Officials", "U.S. officials", "the company", "Police", "he")]
    [True, False, False, False, False, False]
    """
    proper = [w for w in canonical.split() if w[:1].isupper() and not _is_title(w) and _bare(w) not in GENERIC]
    return bool(proper) and is_person_like(canonical)


def fits(stored: Exported, gold: Gold) -> bool:
    """Is the stored statement's speaker the gold statement's (anonymous: someone not named)?"""
    return same_name(stored.canonical, gold.canonical) if gold.canonical else not names_a_person(stored.canonical)


def coverage(text: str, gold: Iterable[tuple[int, int]], stored: Iterable[tuple[int, int]]) -> tuple[float, float]:
    """(share of the gold content words, share of its characters) that the stored spans cover.

    >>> text = 'Ann Lee said "tax cuts for workers, extraordinarily unaffordable" on Monday.'
    >>> gold = [(14, 64)]
    >>> [round(x, 2) for x in coverage(text, gold, [(14, 34)])]  # 3 of 5 content words, 17 of 45 characters
    [0.6, 0.38]
    >>> [round(x, 2) for x in coverage(text, gold, [(14, 34), (36, 64)])]  # two stored statements together
    [1.0, 0.98]
    """
    gold = list(gold)
    covered, chars = _chars(text, stored), _chars(text, gold)
    words = _words(text, gold)
    word_share = sum(all(i in covered for i in w) for w in words) / len(words) if words else 0.0
    return word_share, len(chars & covered) / len(chars) if chars else 0.0


def is_found(text: str, gold: Gold, stored: Iterable[Exported]) -> bool:
    words, chars = coverage(text, gold.content, [(s.start, s.end) for s in stored])
    return words >= WORDS or chars >= CHARS


def inside(text: str, stored: Exported, golds: Iterable[Gold]) -> float:
    """The share of a stored statement's characters that lie inside the golds' content spans."""
    own = _chars(text, [(stored.start, stored.end)])
    return len(own & _chars(text, [span for g in golds for span in g.content])) / len(own) if own else 0.0


def judge(text: str, golds: list[Gold], stored: list[Exported]) -> tuple[list[Found], list[Checked]]:
    """One article's gold and stored statements, each judged against the other side."""
    found = []
    for g in golds:
        hit = is_found(text, g, stored)
        found.append(Found(g, hit, hit and is_found(text, g, [s for s in stored if fits(s, g)])))
    checked = [Checked(s, inside(text, s, golds) >= INSIDE, inside(text, s, [g for g in golds if fits(s, g)]) >= INSIDE,
                       style_of(text, s.start, s.kind)) for s in stored]
    return found, checked


def _chars(text: str, spans: Iterable[tuple[int, int]]) -> set[int]:
    return {i for start, end in spans for i in range(max(start, 0), min(end, len(text))) if not text[i].isspace()}


def _words(text: str, spans: list[tuple[int, int]]) -> list[range]:
    every = [range(start + m.start(), start + m.end()) for start, end in spans
             for m in _WORD.finditer(text[start:end])]
    content = [w for w in every if text[w.start : w.stop].lower() not in STOPWORDS]
    return content or every
