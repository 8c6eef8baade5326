"""Speakers: canonical names, matching and merging, pronouns, and the subjects of speech verbs in a parse."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

# Words that make a title, not a name ("U.S. Senator", "Secretary of State", "then-president"); lowercased,
# dots removed. A name keeps the words after the last of them.
TITLES = frozenset(
    """us uk eu un mr mrs ms miss mx dr prof professor sir dame lord lady president vice prime minister
    chancellor senator sen rep representative congressman congresswoman governor gov mayor secretary state
    general gen lt col colonel admiral adm sgt captain capt judge justice chief king queen prince princess
    pope rev reverend ambassador spokesman spokeswoman spokesperson leader chairman chairwoman director ceo
    former then late acting deputy assistant attorney commissioner premier speaker sheikh emir sultan first
    democrat democratic republican gop labour conservative minority majority whip elect foreign interior
    defence defense treasury trade homeland security envoy adviser advisor treasurer taoiseach pm mp mep
    nominee candidate sheriff superintendent inspector detective rival greens democrats republicans both
    fellow outgoing incoming embattled veteran ousted incumbent challenger""".split()
)
CONNECTORS = frozenset("of the for de da van von der den bin al la le".split())
SUFFIXES = frozenset("jr sr ii iii iv".split())
HONORIFICS = frozenset("mr mrs ms miss mx dr prof".split())
# A word like these makes a name an organisation, never a "he" or "she".
ORG_WORDS = frozenset(
    """house department ministry committee institute institution university company corp corporation inc ltd
    agency office council party bank group government administration kremlin pentagon commission court police
    army navy centre center fund foundation association union board network news times post service
    reuters""".split()
)
GENERIC_ORG_WORDS = ORG_WORDS - {"kremlin", "pentagon", "reuters", "times", "post", "news"}  # "the Department"
FEMALE = frozenset(
    """ms mrs miss madam dame lady queen princess congresswoman spokeswoman chairwoman heather hillary angela
    theresa nancy elizabeth mary sarah anne ann marine ursula kamala nikki christine jacinda susan karen linda
    maria anna laura julia kate catherine jane emily""".split()
)
MALE = frozenset(
    """mr sir lord king prince congressman spokesman chairman donald vladimir barack bill george mark rex
    derek thomas john james michael robert david joe emmanuel boris xi mike tom richard william peter paul
    sergei dmitry recep""".split()
)


def _bare(word: str) -> str:
    return word.strip(".,;:’'\"“”()").lower().replace(".", "")


def _is_title(word: str) -> bool:
    return any(part in TITLES for part in [_bare(word), *_bare(word).split("-")] if part)


def _clean(name: str) -> list[str]:
    """Words of a name without possessives, quote marks or a trailing ", description"."""
    name = re.sub(r"[’']s\b", "", name.split(",")[0])
    name = re.sub(r"\b(Mr|Mrs|Ms|Dr)\.(?=[A-Z])", r"\1. ", name)  # "Mr.Bush"
    return [w for w in (w.strip(',;:“”"()') for w in name.split()) if w]


def canonical_name(name: str) -> str:
    """The name without titles: "U.S. Senator Mark Warner" -> "Mark Warner"; "Sen. Warner" -> "Warner".

    >>> canonical_name("US Secretary of State Rex Tillerson"), canonical_name("then-president Barack Obama")
    ('Rex Tillerson', 'Barack Obama')
    """
    words = _clean(name)
    while len(words) > 1 and _bare(words[0]) in CONNECTORS:
        words = words[1:]
    if len(words) > 1 and _bare(words[-1]) in GENERIC_ORG_WORDS:  # "State Department": the words name it
        return " ".join(words)
    titled = [i + 1 for i, w in enumerate(words[:-1]) if _is_title(w) or _is_descriptor(w, words[i + 1])]
    cut = max(titled, default=0)
    return " ".join(words[cut:])


def _is_descriptor(word: str, following: str) -> bool:
    """A lowercase word before a capitalised one: "administration official Derek Chollet"."""
    return word[:1].islower() and following[:1].isupper() and _bare(word) not in CONNECTORS


def _parts(name: str) -> list[str]:
    words = [w for w in (_bare(w) for w in canonical_name(name).split()) if w]
    return words[:-1] if len(words) > 1 and words[-1] in SUFFIXES else words


def _compatible(x: list[str], y: list[str]) -> bool:
    if not x or not y or x[-1] != y[-1]:
        return False
    a, b = sorted((x[0], y[0]), key=len)
    return len(x) == 1 or len(y) == 1 or a == b or (len(a) == 1 and b.startswith(a))


def same_speaker(a: str, b: str) -> bool:
    """Could two names be one person? Surnames agree and first names (or initials) do not clash.

    >>> same_speaker("Mark Warner", "Sen. Warner"), same_speaker("Bill Clinton", "Hillary Clinton")
    (True, False)
    """
    return _compatible(_parts(a), _parts(b))


def speaker_matches(query: str, canonical: str) -> bool:
    """Does the X of "what did X say" name this speaker? Titles and case do not matter.

    >>> [speaker_matches(q, "Mark Warner") for q in ("Warner", "senator warner", "Mark Warner", "Jo Warner")]
    [True, True, True, False]
    """
    query = re.sub(r"[?!.]+$", "", query.strip())
    return bool(query) and same_speaker(query, canonical)


def merge_speakers(names: list[str]) -> dict[str, str]:
    """Each name -> the longest full name it can only mean; ambiguous surnames stay as they are.

    >>> merge_speakers(["Warner", "Mark Warner", "Clinton", "Bill Clinton", "Hillary Clinton"])["Warner"]
    'Mark Warner'
    >>> merge_speakers(["Clinton", "Bill Clinton", "Hillary Clinton"])["Clinton"]
    'Clinton'
    """
    parts = {name: _parts(name) for name in sorted(set(names))}
    by_surname: dict[str, list[str]] = {}
    for name, words in parts.items():
        by_surname.setdefault(words[-1] if words else "", []).append(name)
    merged: dict[str, str] = {}
    for name, words in parts.items():
        same = by_surname[words[-1] if words else ""]
        fuller = [o for o in same if len(parts[o]) >= len(words) and _compatible(words, parts[o])]
        longest = max(fuller, key=lambda o: (len(parts[o]), len(o), o), default=name)
        merged[name] = longest if all(_compatible(parts[longest], parts[o]) for o in fuller) else name
    return merged


def is_person_like(name: str) -> bool:
    """A name that could be a "he" or "she": no organisation word, not "the ..."."""
    words = _clean(name)
    return bool(words) and _bare(words[0]) != "the" and not any(_bare(w) in ORG_WORDS for w in words)


def pronoun_fits(pronoun: str, name: str) -> bool:
    """Gender agreement where a title or a common first name tells it; unknown names fit both."""
    words = {_bare(w) for w in _clean(name)}
    female, male = bool(words & FEMALE), bool(words & MALE)
    return (female or not male) if pronoun.lower() == "she" else (male or not female)


@dataclass(frozen=True)
class Mention:
    """A person named in the article: `salient` for a main-clause subject or a speaker."""

    name: str
    start: int
    sentence: int
    salient: bool = False


def resolve_pronoun(pronoun: str, mentions: list[Mention]) -> Mention | None:
    """The most recent fitting mention before a pronoun: nearest sentence first, its salient names first.

    >>> resolve_pronoun("she", [Mention("Heather Conley", 0, 0, True), Mention("Mr Smith", 40, 1, True)]).name
    'Heather Conley'
    """
    ranked = sorted(mentions, key=lambda m: (m.sentence, m.salient, m.start), reverse=True)
    return next((m for m in ranked if is_person_like(m.name) and pronoun_fits(pronoun, m.name)), None)


def title_of(name: str) -> str:
    """The words a canonical name drops: "US Secretary of State Rex Tillerson" -> "US Secretary of State"."""
    short = canonical_name(name)
    cut = name.rfind(short) if short else -1
    title = name[:cut].strip(" ,") if cut > 0 and not name.lower().startswith("the ") else ""
    return "" if title.lower().rstrip(".") in HONORIFICS else title


NAME_WORD = r"(?:[A-Z][\w’'.-]*|of|the|de|von|van|der|bin|al)"
# "Heather Conley, Europe expert": up to seven name words (not ending in "."), then an optional description.
BYLINE = re.compile(
    rf"(?P<name>[A-Z][\w’'.-]*(?:\s+{NAME_WORD}){{0,6}}(?<!\.))(?:,\s*(?P<desc>[^.!?\n“”]+))?"
)


def name_line(line: str) -> tuple[str, str] | None:
    """A pull quote's byline -> (name, description): "Heather Conley, Europe expert"."""
    match = BYLINE.fullmatch(line)
    if match is None or len(line.split()) > 12:
        return None
    return match.group("name"), (match.group("desc") or "").strip() or title_of(match.group("name"))


# The spaCy-facing half: speech verbs and their subjects, as written in the parsed sentence.

CUES = frozenset(
    """say says said saying tell tells told telling add adds added adding state states stated argue argues
    argued arguing warn warns warned warning explain explains explained explaining note notes noted noting
    ask asks asked insist insists insisted insisting write writes wrote claim claims claimed claiming allege
    alleges alleged declared announced acknowledged admitted conceded confirmed deny denies denied denying
    suggested contended predicted replied responded tweeted recalled observed remarked stressed emphasised
    emphasized complained urged demanded vowed promised continued according""".split()
)
# Cues whose object is the statement itself ("denied involvement"): the verb phrase is the content.
PREDICATE_CUES = frozenset("deny denies denied denying demanded urged vowed promised".split())
SPEAKER_PRONOUNS = frozenset({"he", "she"})
PUNCT_TAGS = frozenset({",", ":", "``", "''", "-LRB-", "-RRB-", "."})
MENTION_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "dative"})


def is_cue(token: Token) -> bool:
    """A speech verb ("said", "told", "adding") or the "according" of "according to"."""
    if token.lower_ == "according":
        return token.i + 1 < len(token.doc) and token.doc[token.i + 1].lower_ == "to"
    return token.lower_ in CUES and token.tag_.startswith("VB")


def subject_of(cue: Token) -> tuple[Token | None, bool]:
    """The subject of a speech verb, and whether it is its own (False: a governing verb's, for "adding")."""
    if cue.lower_ == "according":
        return next((c for c in cue.doc[cue.i + 1].children if c.dep_ == "pobj"), None), True
    verb = cue
    for _ in range(5):
        subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is not None:
            return subject, verb is cue
        if verb.dep_ not in ("advcl", "conj", "xcomp") or verb.head is verb:
            break
        verb = verb.head
    return None, False


def is_name(token: Token, proper: set[str]) -> bool:
    """A proper noun, or a capitalised word the tagger calls a proper noun elsewhere in the article."""
    return token.tag_ in ("NNP", "NNPS") or (token.text[:1].isupper() and token.text in proper)


def name_start(head: Token) -> Token:
    """The first word of the name (with its titles) that `head` ends: "US Senator Mark Warner"."""
    first = head
    while first.i > head.left_edge.i and first.nbor(-1).tag_ not in PUNCT_TAGS:
        first = first.nbor(-1)
    return first


def appositive(head: Token) -> Span | None:
    """The appositive after a name: "Heather Conley, a Europe expert at ..., a Washington think tank"."""
    appos = [c for c in head.rights if c.dep_ == "appos"]
    if not appos:
        return None
    return head.doc[min(c.left_edge.i for c in appos) : max(c.right_edge.i for c in appos) + 1]


def relative_clause(subject: Token) -> str:
    """ "Jane Doe, who chairs the panel, said" -> "who chairs the panel"."""
    clause = next((c for c in subject.rights if c.dep_ == "relcl" and c.left_edge.lower_ == "who"), None)
    return "" if clause is None else subject.doc[clause.left_edge.i : clause.right_edge.i + 1].text


def person_evidence(names: list[str], speakers: list[str]) -> set[str]:
    """Lowercased surnames that are people here: those of full names ("Donald Trump") and of speakers."""
    full = [canonical_name(n).split() for n in names if is_person_like(n)]
    return {words[-1].lower() for words in full if len(words) >= 2} | {s.lower() for s in speakers}


def proper_runs(doc: Doc) -> list[str]:
    """Runs of proper nouns ("US President Donald Trump"): the full names an article uses."""
    runs, current = [], []
    for token in [*doc, None]:
        if token is not None and token.tag_ in ("NNP", "NNPS") and token.text[:1].isupper():
            current.append(token.text)
        elif current:
            runs.append(" ".join(current))
            current = []
    return runs
