"""Pure rules for whom a statement's own words credit, so that "who said ...?" never names a speaker its own
shown text contradicts.

A stored statement can carry another person's attribution inside its words ("the polls were wrong, and Trump
campaign spokesman Jason Miller added, 'The Clinton camp ...'" stored under Donald Trump), or speak of its
speaker in the third person ("... all the things that the Republican Party has done", stored under the
Republican Party): in both the text shown says the words are not that speaker's. Only named credits count;
"he said" inside a statement may well be its speaker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from index.text.names import canonical_name, is_person_like, same_speaker
from index.types import Quote

_CUE = (r"(?:said|says|say|added|adds|told|tells|wrote|writes|argued|argues|explained|noted|stated|insisted|"
        r"warned|claimed|replied|responded|continued|tweeted|posted|announced|declared|commented|remarked|"
        r"recalled|acknowledged|admitted|conceded|cautioned|asked|asks|stressed|insists|suggested)")
_NAME = r"[A-Z][\w’'.-]*(?:\s+(?:(?:de|da|van|von|der|al|bin|la|le)\s+)?[A-Z][\w’'.-]*)*"
_AUX = r"(?:(?:had|has|have|would|also|then|later|once)\s+){0,2}"
_OPEN, _CLOSE = "[“\"‘']", "[”\"’']"
_CREDITS = [
    # Jason Miller added, 'The Clinton camp ...'   /   Miller said in a statement: "..."
    re.compile(rf"(?P<name>{_NAME}),?\s+{_AUX}{_CUE}(?:\s+[a-z]+){{0,4}}\s*[,:]\s*{_OPEN}"),
    # '...,' said Jason Miller   /   '...,' Miller said
    re.compile(rf"{_CLOSE},?\s+(?:{_CUE}\s+(?P<name>{_NAME})|(?P<name2>{_NAME})\s+{_CUE}\b)"),
    # What matters, Chollet said, are ...   /   ..., Miller said.
    re.compile(rf",\s+(?P<name>{_NAME})\s+{_AUX}{_CUE}\s*[,.;]"),
    re.compile(rf"\baccording to (?P<name>{_NAME})"),
    # the whole statement is someone else's: "Jason Miller had said the Clinton camp was scared"
    re.compile(rf"^(?:[A-Z][\w’'.-]*\s+(?:[a-z]+\s+){{0,3}})?(?P<name>{_NAME})\s+{_AUX}{_CUE}\b"),
]
_SUBJECT = re.compile(rf"(?P<name>{_NAME}),?\s+{_AUX}{_CUE}\b")  # "Rudd told parliament": anywhere in a sentence
_NOT_NAMES = frozenset("""he she they we i it you this that these those the a an his her their our my its there
    what when while but and or so if as then to officials people critics analysts experts""".split())


@dataclass(frozen=True)
class Credit:
    """A name the words give themselves to, and where that attribution stands in them."""

    name: str
    start: int
    end: int


def credits(words: str) -> list[Credit]:
    """The named people (or bodies) a statement's own words attribute words to, in order.

    >>> [c.name for c in credits("the polls were wrong, and Trump campaign spokesman Jason Miller added, "
    ...                          "'The Clinton camp is scared.'")]
    ['Jason Miller']
    >>> [c.name for c in credits("What matters, Chollet said, are the specifics")]
    ['Chollet']
    >>> [c.name for c in credits("Trump campaign spokesman Jason Miller had said the Clinton camp was scared")]
    ['Jason Miller']
    >>> credits("whatever Trump told Putin would have carried more weight"), credits("“Yes,” he said.")
    ([], [])
    >>> credits("To say I was disappointed is an understatement")  # a capital that starts no name
    []
    """
    found: dict[tuple[int, int], Credit] = {}
    for pattern in _CREDITS:
        for match in pattern.finditer(words):
            key = "name" if match.group("name") else "name2"
            name = canonical_name(match.group(key))
            if name and name.split()[0].lower() not in _NOT_NAMES:
                found.setdefault((match.start(key), match.end(key)), Credit(name, match.start(), match.end()))
    return sorted(found.values(), key=lambda c: c.start)


def speakers_in(sentence: str) -> list[str]:
    """The names a sentence credits with words, in order: its attributions (see credits) and any named subject
    of a speech verb. Names it only mentions are not among them.

    >>> speakers_in("The economic crisis is sweeping across the world, Rudd told parliament.")
    ['Rudd']
    >>> speakers_in("Obama met Rudd in Canberra."), speakers_in("Trump criticised Obama, Warner said.")
    ([], ['Warner'])
    """
    found = {c.start: c.name for c in credits(sentence)}
    for match in _SUBJECT.finditer(sentence):
        name = canonical_name(match.group("name"))
        if name and name.split()[0].lower() not in _NOT_NAMES:
            found.setdefault(match.start(), name)
    return list(dict.fromkeys(found[k] for k in sorted(found)))


def contradicts(words: str, speaker: str) -> bool:
    """Do the words, as shown, say they are not the speaker's? They credit someone else by name, or name the
    speaker in the third person outside the speaker's own "X said".

    >>> contradicts("the polls were wrong, and Jason Miller added, 'The Clinton camp is scared.'",
    ...             "Donald Trump")
    True
    >>> contradicts("Joe can remind them of all the things that the Republican Party has done", "Republican Party")
    True
    >>> contradicts("What matters, Chollet said, are the specifics", "Derek Chollet")
    False
    >>> contradicts("Obama didn't do anything to stop Russia", "Donald Trump")
    False
    """
    own = credits(words)
    if credited_other(words, speaker):
        return True
    rest = words
    for c in reversed(own):  # the speaker's own "Chollet said" is no third-person mention
        rest = rest[: c.start] + " " + rest[c.end :]
    return names_speaker(rest, speaker)


def credited_other(words: str, speaker: str) -> str:
    """The first name the words credit that cannot be the speaker's ("" if none).

    >>> credited_other("'We will win,' Jason Miller said.", "Donald Trump"), credited_other("Yes, Trump said.", "Trump")
    ('Jason Miller', '')
    """
    return next((c.name for c in credits(words) if not same_speaker(c.name, speaker)), "")


def names_speaker(words: str, speaker: str) -> bool:
    """Do the words name the speaker: a person by a name that can be theirs (not "Eric Trump" for Donald
    Trump), an organisation by its whole name?

    >>> names_speaker("the Trump administration has failed", "Donald Trump")
    True
    >>> names_speaker("my brother Eric Trump", "Donald Trump"), names_speaker("the House voted", "White House")
    (False, False)
    """
    if not is_person_like(speaker):
        return re.search(rf"\b{re.escape(speaker)}\b", words) is not None
    runs = re.findall(_NAME, words)
    return any(same_speaker(run, speaker) for run in runs if run.split()[0].lower() not in _NOT_NAMES)


# A statement scoring this (cosine to the phrase + half the share of the phrase's words it holds) is the one
# asked about, when no other person's statement comes within WHO_SAID_MARGIN of it; one scoring WHO_SAID_FLOOR
# is, when it leads every other person's by WHO_SAID_LEAD. Chosen on the dev half of
# scripts/who_said_questions.jsonl (scripts/eval_statements.py --split dev --who-said ...; the README has the
# table): paraphrases share few words with what was said, so a single bar either refused most of them (0.80)
# or named the wrong person among close rivals (0.65); the lead over the next person tells them apart.
WHO_SAID_SCORE = 0.8
WHO_SAID_MARGIN = 0.025
WHO_SAID_FLOOR = 0.65
WHO_SAID_LEAD = 0.25
WHO_SAID_SHARED = 0.6  # a sentence holding this share of the phrase's words may name whom it credits
CLOSEST = 0.35  # a statement scoring this much is shown as one of the closest when nobody is named
SHOWN_CLOSEST = 2


@dataclass(frozen=True)
class Candidate:
    """A statement a "who said" phrase may be: its speaker's library name, its score (cosine to the phrase
    plus half the share of the phrase's words it holds, or that share alone when no encoder ran) and the share."""

    quote: Quote
    speaker: str
    score: float
    shared: float


def named(candidates: list[Candidate]) -> Candidate | None:
    """The statement whose speaker a "who said" answer names, or None when the match is weak or contested.
    The best scores WHO_SAID_SCORE and every statement within WHO_SAID_MARGIN of it is that one person's, or it
    scores WHO_SAID_FLOOR and leads every other person's by WHO_SAID_LEAD. One whose own words contradict its
    speaker (see contradicts) is never named, and counts for the name its words credit, if any.

    >>> q = lambda words: Quote("x", "x", "said", words, "direct", 0, len(words))
    >>> trump = Candidate(q("We will win"), "Donald Trump", 0.81, 0.5)
    >>> named([trump, Candidate(q("We will win big"), "Donald Trump", 0.79, 0.5)]).speaker
    'Donald Trump'
    >>> named([trump, Candidate(q("We can win"), "Hillary Clinton", 0.79, 0.5)]) is None  # two people: rivals
    True
    >>> named([Candidate(q("We will win"), "Donald Trump", 0.70, 0.6),
    ...        Candidate(q("Rain"), "Hillary Clinton", 0.40, 0.1)]).speaker  # weaker, but far ahead
    'Donald Trump'
    >>> named([Candidate(q("We will win"), "Donald Trump", 0.70, 0.6),
    ...        Candidate(q("We may win"), "Hillary Clinton", 0.55, 0.1)]) is None  # weaker and contested
    True
    >>> named([Candidate(q("'We will win,' Jason Miller said."), "Donald Trump", 0.9, 0.8)]) is None
    True
    >>> named([Candidate(q("'We will win,' Jason Miller said."), "Donald Trump", 0.9, 0.8),
    ...        Candidate(q("We will win"), "Jason Miller", 0.88, 0.8)]).speaker  # the words' own credit agrees
    'Jason Miller'
    """
    if not candidates:
        return None
    top = max(c.score for c in candidates)
    if top < WHO_SAID_FLOOR:
        return None
    margin = WHO_SAID_MARGIN if top >= WHO_SAID_SCORE else WHO_SAID_LEAD
    rivals = sorted((c for c in candidates if c.score > top - margin), key=lambda c: -c.score)
    honest = [c for c in rivals if not contradicts(c.quote.content, c.speaker)]
    if not honest:
        return None
    best = honest[0]
    credited = [credited_other(c.quote.content, c.speaker) for c in rivals if c not in honest]
    if any(not same_speaker(c.speaker, best.speaker) for c in honest) or any(
            n and not same_speaker(n, best.speaker) for n in credited):
        return None
    return best


def strong(candidate: Candidate) -> bool:
    """Close enough to the phrase, by meaning and words, to be the statement asked about."""
    return candidate.score >= WHO_SAID_SCORE
