"""Speakers: pronouns, bylines and the subjects of speech verbs in a parse (name rules: index/text/names.py)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from index.text.names import CONNECTORS, HONORIFICS, _bare, _is_title, canonical_name, is_person_like, pronoun_fits

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token


@dataclass(frozen=True)
class Mention:
    """A person named in the article: `salient` for a main-clause subject or a speaker."""

    name: str
    start: int
    sentence: int
    salient: bool = False
    title: str = ""  # words before the name that the name dropped: "United States President" (Donald Trump)


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

# Speech and writing verbs in every tense ("says", "said", "saying", "has told"): a verb's forms, one line per
# verb family. Beliefs and intentions ("believes", "hopes", "plans") are not statements and stay out.
CUES = frozenset(
    """say says said saying tell tells told telling add adds added adding state states stated stating
    argue argues argued arguing warn warns warned warning explain explains explained explaining
    note notes noted noting ask asks asked insist insists insisted insisting write writes wrote written writing
    claim claims claimed claiming allege alleges alleged alleging declare declares declared declaring
    announce announces announced announcing acknowledge acknowledges acknowledged acknowledging
    admit admits admitted admitting concede concedes conceded conceding confirm confirms confirmed confirming
    deny denies denied denying suggest suggests suggested suggesting contend contends contended contending
    predict predicts predicted predicting reply replies replied replying respond responds responded responding
    tweet tweets tweeted tweeting post posts posted posting recall recalls recalled recalling
    observe observes observed observing remark remarks remarked remarking stress stresses stressed stressing
    emphasise emphasises emphasised emphasising emphasize emphasizes emphasized emphasizing
    complain complains complained complaining urge urges urged urging demand demands demanded demanding
    vow vows vowed vowing promise promises promised promising pledge pledges pledged pledging
    continue continues continued report reports reported reporting indicate indicates indicated indicating
    estimate estimates estimated estimating advise advises advised advising request requests requested
    requesting maintain maintains maintained maintaining conclude concludes concluded concluding
    reiterate reiterates reiterated reiterating reaffirm reaffirms reaffirmed reaffirming
    testify testifies testified testifying assert asserts asserted asserting charge charged comment comments commented
    commenting reveal reveals revealed revealing describe describes described describing
    according""".split()
)
# Cues whose object is the statement itself ("denied involvement"): the verb phrase is the content.
PREDICATE_CUES = frozenset("deny denies denied denying demanded urged vowed promised".split())
SPEAKER_PRONOUNS = frozenset({"he", "she"})
PUNCT_TAGS = frozenset({",", ":", "``", "''", "-LRB-", "-RRB-", "."})
MENTION_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "dative"})


# Verbs that label with the speaker's own words: "called it "a non-starter"", "accused Obama of "palling around
# ..."", "rejected the amnesty as "..."", "attacked the inquiry as "Witch Hunt garbage"", "characterized the call as
# "perfectly fine"". Only with a quotation in their object: "called for talks" is no statement.
LABEL_CUES = frozenset(
    """call calls called calling describe describes described describing accuse accuses accused accusing reject
    rejects rejected rejecting dismiss dismisses dismissed dismissing brand branded branding label labelled
    labeled dub dubbed hail hailed praise praised praising condemn condemned condemning criticise criticised
    criticize criticized criticizing slam slammed welcome welcomed welcoming attack attacks attacked attacking
    characterise characterised characterize characterizes characterized characterizing""".split()
)


def is_label_cue(token: Token) -> bool:
    """A labelling verb with a quotation after it in its own phrase ("called it "a non-starter"")."""
    if token.lower_ not in LABEL_CUES or not token.tag_.startswith("VB") or token.dep_ in ("amod", "acl", "relcl"):
        return False
    opener = next((t for t in token.subtree if t.text in ('"', "“") and t.i > token.i), None)
    if opener is None or opener.i + 1 >= len(token.doc):
        return False
    words = [t for t in token.doc[opener.i + 1 : opener.i + 8] if t.is_alpha]
    named = all(t.text[:1].isupper() for t in words[:3]) or opener.nbor(-1).lower_ == "the"
    return not named  # 'called the restrictions the "Volcker Rule"': a name, not the speaker's words


# A verb that speaks through its object: "issued a statement that ...", "expressed concern that ...", "made it
# clear that ...". The object's clause (or quotation, after a colon) is the statement.
# Documents that speak for whoever issued them ("the report says", "the company's website advises").
DOCUMENTS = frozenset("""report reports study survey statement release website site guidelines paper assessment
    advisory schedule filing ruling findings data figures poll polls analysis audit memo memorandum note letter
    bulletin communique""".split())
# What a document finds speaks for it, with a clause after: "the study found that ...", "the report shows that".
FINDINGS = frozenset("find finds found show shows showed".split())
ISSUING = frozenset("""issue issues issued issuing release releases released releasing make makes made making
    express expresses expressed expressing give gives gave giving put puts voice voices voiced voicing""".split())
UTTERANCES = frozenset("""statement statements announcement declaration warning communique communiqué release
    concern concerns hope hopes assurance assurances apology denial clarification speech address""".split())


def is_cue(token: Token) -> bool:
    """A speech verb ("said", "told", "adding"), the "according" of "according to", a verb speaking through its
    object ("issued a statement that") or a labelling verb with a quotation ("called it "a non-starter"")."""
    if token.lower_ == "according":
        return token.i + 1 < len(token.doc) and token.doc[token.i + 1].lower_ == "to"
    if not token.tag_.startswith("VB"):
        return False
    return (token.lower_ in CUES or is_label_cue(token) or (token.lower_ in ISSUING and _utters(token))
            or (token.lower_ in FINDINGS and any(c.dep_ == "nsubj" and c.lower_ in DOCUMENTS for c in token.children)
                and any(c.dep_ == "ccomp" for c in token.children)))


def _utters(verb: Token) -> bool:
    """ "issued a statement that", "expressed concern that", "made it clear that": an utterance object, then a
    clause or a colon."""
    obj = next((c for c in verb.children if c.dep_ == "dobj" or c.lower_ == "clear"), None)
    if obj is None:
        return False
    said = obj.lower_ in UTTERANCES or obj.lower_ == "clear"
    after = verb.doc[obj.i + 1 : min(obj.i + 3, verb.sent.end)]
    return said and any(t.lower_ in ("that", ":", "saying", "stating") for t in after)


def subject_of(cue: Token) -> tuple[Token | None, bool]:
    """The subject of a speech verb, and whether it is its own (False: a governing verb's, for "adding")."""
    if cue.lower_ == "according":
        return next((c for c in cue.doc[cue.i + 1].children if c.dep_ == "pobj"), None), True
    verb = cue
    if any(c.dep_ == "auxpass" for c in cue.children):
        # "was told by Minister Zinichev of "..."": the agent speaks; "He was reported to be stable": what is
        # reported is about him, not by him; "was asked by reporters": a question, no statement
        by = [g for c in cue.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
        return (by[0], True) if by and not cue.lower_.startswith("ask") else (None, False)
    for _ in range(5):
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        # "news broadcaster NRK later reported": two subjects; the name speaks
        # "a report by the group WWF says": the parse gives the verb both; the name speaks
        named = [c for c in subjects[1:] if c.tag_ in ("NNP", "NNPS")
                 and (c.i == subjects[0].i + 1 or subjects[0].tag_ in ("NN", "NNS"))]
        subject = named[0] if named else subjects[0] if subjects else None
        if subject is not None:
            return subject, verb is cue
        if verb.dep_ == "pcomp" and verb.head.dep_ == "prep":  # "responded ... by saying it would ..."
            verb = verb.head.head
            continue
        if verb.dep_ not in ("advcl", "conj", "xcomp") or verb.head is verb:
            break
        verb = verb.head
    return _inverted(cue), True


def _inverted(cue: Token) -> Token | None:
    """ '"...," said David Baker speaking for the prime minister': the parser hangs the name that follows the
    verb on a clause after it; the name right after "said" is still its subject."""
    if cue.i == cue.sent.start and cue.text[:1].isupper():
        return _leading(cue)
    after = cue.doc[cue.i + 1 : min(cue.i + 5, cue.sent.end)]
    if cue.i == 0 or cue.nbor(-1).text not in ('"', "”", "'", "’", ",") or not after or after[0].tag_ != "NNP":
        return None
    name = next((t for t in after if t.tag_ == "NNP" and (t.i + 1 >= len(t.doc) or t.nbor().tag_ != "NNP")), None)
    return name if name is not None and name.dep_ in ("nsubj", "nsubjpass") else None


def _leading(cue: Token) -> Token | None:
    """ 'Remarked biologist Tierra Curry, "This reprieve ..."': a sentence opening with the verb; the name that
    ends right before the comma and the quotation is its subject."""
    doc = cue.doc
    comma = next((t.i for t in doc[cue.i + 1 : min(cue.i + 12, cue.sent.end)] if t.text in (",", ":")), None)
    if comma is None or comma + 1 >= len(doc) or doc[comma + 1].text not in ('"', "“", "'", "‘"):
        return None
    name = doc[comma - 1]
    return name if name.tag_ in ("NNP", "NNPS") and name.i > cue.i else None


def is_name(token: Token, proper: set[str]) -> bool:
    """A proper noun, a capitalised word the tagger calls a proper noun elsewhere in the article, or an acronym
    the tagger took for a common noun ("UNICEF reported") that the entity tagger, where it ran, calls a name."""
    return token.tag_ in ("NNP", "NNPS") or (token.text[:1].isupper() and token.text in proper) or (
        is_acronym(token.text) and token.ent_type_ in ("", "ORG", "PERSON"))


def is_acronym(word: str) -> bool:
    """An organisation's short form: "UNICEF", "U.N.", "AT&T"; not "I", "A" or a header's '#1:"KLM'.

    >>> [is_acronym(w) for w in ("UNICEF", "U.N.", "AT&T", "I", "Unicef", "1990s", '#1:"KLM')]
    [True, True, True, False, False, False, False]
    """
    return re.fullmatch(r"[A-Z][A-Z&.]*[A-Z.]", word) is not None and sum(c.isupper() for c in word) >= 2


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
    """Runs of proper nouns ("US President Donald Trump"): the full names an article uses. After a title's "of"
    ("Chancellor of the Exchequer George Osborne", "Prime Minister of Finland Matti Vanhanen") the words that
    are the title's go (_title_words)."""
    runs, current = [], []
    for token in [*doc, None]:
        if token is not None and token.tag_ in ("NNP", "NNPS") and token.text[:1].isupper():
            current.append(token)
        elif current:
            runs.append(" ".join(t.text for t in current[_title_words(current):]))
            current = []
    return runs


def _title_words(run: list[Token]) -> int:
    """How many words of a run that follows a title's "of" are the title's: those before the person the tagger
    names at its end ("Prime Minister of the United Kingdom Tony Blair"), else the first of three when two
    words that could be a person's follow ("Commissioner of Police Andrew Scipione"); 0 for any other run.

    >>> from index.ingest.quotes import load_nlp
    >>> doc = load_nlp()("Chancellor of the Exchequer George Osborne spoke. The Bank of England said no.")
    >>> proper_runs(doc)
    ['Chancellor', 'George Osborne', 'Bank', 'England']
    """
    first = run[0]
    preceding = [t for t in first.doc[max(first.i - 3, 0) : first.i] if t.lower_ != "the"]
    if len(preceding) < 2 or preceding[-1].lower_ != "of" or not _is_title(preceding[-2].text) or len(run) < 3:
        return 0
    person = [i for i, t in enumerate(run) if t.ent_type_ == "PERSON"]
    if person and person[-1] == len(run) - 1 and person[0] > 0:  # not after a title or a particle ("Secretary
        word = _bare(run[person[0] - 1].text)  # of State Al Ater": the tagger's person is "Ater")
        return 0 if _is_title(word) or word in CONNECTORS else person[0]
    rest = " ".join(t.text for t in run[1:])
    return int(len(run) == 3 and not _is_title(first.text) and is_person_like(rest))
