"""Where a speaker's name starts, told by spaCy's named entities: the person or organisation, not the phrase
around it ("Rival Hillary Clinton", "Cyclone Nargis Gordon Brown", "USA George W. Bush" -> the entity)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Span

from index.ingest.speakers import MENTION_DEPS, Mention, is_acronym, is_cue, is_name, name_start, subject_of
from index.text.names import (
    CONNECTORS,
    GENERIC_ORG_WORDS,
    HONORIFICS,
    _bare,
    _clean,
    _is_title,
    canonical_name,
    is_person_like,
)

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Token

# Entity kinds that can speak: people, organisations, countries and cities ("Russia said"), groups.
SPEAKER_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})
# Pronoun subjects that never name a speaker ("I said" in an interview, "we", "they", "it").
NOT_SPEAKERS = frozenset({"i", "we", "you", "they", "it", "me", "us", "them", "this", "that", "one"})


def entity_of(token: Token) -> Span | None:
    """The named entity holding a token, if the tagger's sentence has one."""
    return next((e for e in token.sent.ents if e.start <= token.i < e.end), None)


def _titles_only(words: list[str]) -> bool:
    """ "US Secretary of State" is all title; "Rival" or "Border Wall Contract" is not."""
    return all(_is_title(w) or _bare(w) in CONNECTORS for w in words)


def name_first(head: Token) -> Token | None:
    """The first word of the speaker's name with its titles, or None when `head` cannot speak.

    A title alone ("the President") names nobody. Words before the entity stay only when they are all titles
    ("US Secretary of State Rex Tillerson");
    anything else before it ("Rival Hillary Clinton") is a descriptor left by the text, and goes.
    An entity of another kind (a law, an event, a date) is no speaker.
    """
    if head.lower_ in NOT_SPEAKERS or (head.tag_ == "PRP" and head.lower_ not in ("he", "she")):
        return None
    first = name_start(head)
    if first.lower_ in ("a", "an"):  # "A Palestinian who crossed into Egypt": a description, nobody named
        return None
    own = [t for t in head.doc[first.i : head.i + 1] if t.lower_ not in CONNECTORS]
    before = head.nbor(-1) if head.i > 0 else None  # "Justin King", "Ms Bishop": a surname that is also a title
    surname = _is_title(head.text) and before is not None and before.tag_ == "NNP" and (
        not _is_title(before.text) or _bare(before.text) in HONORIFICS)
    entity = entity_of(head)
    body = is_acronym(head.text) and entity is not None and entity.label_ == "ORG"  # "the UN said": no title
    if (_is_title(head.text) and not surname and not body) or (len(own) == 1 and _bare(head.text) in GENERIC_ORG_WORDS):
        return None  # "the President said", "United Kingdom Chancellor", "the Department": nobody named
    if entity is None:
        return first
    if entity.label_ not in SPEAKER_LABELS:
        return None
    if entity.start <= first.i:
        return first
    prefix = [t.text for t in head.doc[first.i : entity.start]]
    return first if _titles_only(prefix) else head.doc[entity.start]


def _is_person(name: str, people: set[str]) -> bool:
    words = canonical_name(name).split()
    titled = len(_clean(name)) > len(words)
    return is_person_like(name) and bool(words) and (len(words) >= 2 or titled or words[-1].lower() in people)


def mentions_in(sent: Span, base: int, number: int, proper: set[str], people: set[str]) -> list[Mention]:
    """Named subjects or objects of a sentence; main-clause subjects and "according to X" salient."""
    found = []
    for token in sent:
        head = token.head
        according = token.dep_ == "pobj" and head.lower_ == "to" and head.head.lower_ == "according"
        role = token.head.dep_ if token.dep_ == "conj" else token.dep_
        if (according or role in MENTION_DEPS) and is_name(token, proper):
            first = name_first(token)
            if first is None and (named := appositive_name(token)) is not None:  # "A Palestinian ..., Essam
                token, first = named, name_first(named)  # Ibrahim Issa, spoke": he is the one named beside it
            if first is None:
                continue
            name = sent.doc.text[first.idx : token.idx + len(token)]
            salient = according or (token.dep_ == "nsubj" and token.head.dep_ == "ROOT")
            if _is_person(name, people):
                title = sent.doc[name_start(token).i : first.i].text
                found.append(Mention(name, base + first.idx, number, salient, title))
    return found


def tag_speaker_entities(nlp: Language, docs: list[Doc]) -> None:
    """Run the NER only over sentences whose speech verb has a name of several words as its subject.

    NER over every sentence would double the parse time; only those names need it ("Rival Hillary
    Clinton" vs "US Secretary of State Rex Tillerson"). The entities are written back into `docs`.
    """
    wanted = [s for doc in docs for s in doc.sents if any(_long_subject(t) for t in s)]
    if not wanted or "ner" not in nlp.pipe_names:
        return
    ner = nlp.get_pipe("ner")
    for sent, tagged in zip(wanted, ner.pipe(s.as_doc() for s in wanted), strict=True):
        doc = sent.doc
        spans = [Span(doc, sent.start + e.start, sent.start + e.end, e.label_) for e in tagged.ents]
        doc.set_ents(spans, default="unmodified")


def _long_subject(token: Token) -> bool:
    """A speech verb whose subject is a proper noun with a word before it, or a common noun with a proper noun in
    apposition ("The news site, Znak.com, said": an organisation, or a report's title?), or an acronym, which the
    tagger often takes for a common noun or a title ("UNICEF reported", "the UN said")."""
    if not is_cue(token):
        return False
    subject, _ = subject_of(token)
    if subject is None:
        return False
    if is_acronym(subject.text):
        return True
    if subject.tag_ not in ("NNP", "NNPS"):
        return any(c.dep_ == "appos" and c.tag_ in ("NNP", "NNPS") for c in subject.children)
    return name_start(subject) is not subject or (_is_title(subject.text) and any(  # "President of Venezuela
        c.dep_ == "prep" and c.lower_ == "of" for c in subject.rights))  # Hugo Chávez said"


def appositive_name(subject: Token) -> Token | None:
    """The name a common-noun subject is given in apposition: "The vice president of the United States, Joe
    Biden, said" -> Biden; also through a leftover word before it ("Iran The vice president ..., Joe Biden").

    >>> from index.ingest.quotes import extract_quotes
    >>> [q.canonical for q in extract_quotes("The National Institute of Allergy and Infectious Disease's director, "
    ...                                      "Dr. Anthony Fauci, said of the outbreak, \\"it's going to get worse.\\"")]
    ['Anthony Fauci']
    """
    proper = ("NNP", "NNPS")
    described = name_start(subject).lower_ in ("a", "an")  # "A Palestinian who ..., Essam Ibrahim Issa, spoke"
    titled = subject.tag_ not in proper or _is_title(subject.text) or described  # "Trade Minister, Jim Peterson"
    # "The mayor of New Orleans, LaToya Cantrell, advised": the parser hangs the name on the prepositional object
    held = [g for c in subject.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
    # "The National Institute of Allergy and Infectious Disease's director, Dr. Anthony Fauci, said": the parser
    # makes the role a second subject beside the organisation; the role's name speaks
    role = [c for c in subject.children if c.dep_ == "conj" and c.tag_ in ("NN", "NNS")
            and any(g.dep_ == "poss" for g in c.children)]
    titled = titled or bool(role)
    for child in (c for h in (subject, *held, *role) for c in h.children if c.dep_ == "appos"):
        if child.tag_ in proper and titled and _is_person(child.doc[name_start(child).i : child.i + 1].text, set()):
            return child
        inner = next((c for c in child.children if c.dep_ == "appos" and c.tag_ in proper), None)
        if inner is not None and child.tag_ not in proper and not _is_title(inner.text):  # not "Robert Gates, the
            return inner  # new candidate US Secretary of Defense": a title is no name
    return None


def appositive_org(subject: Token) -> Token | None:
    """The organisation a common-noun subject names in apposition: "The news site, Znak.com, said" -> Znak.com
    (the tagger must call it an organisation, a nationality or a place: a report's title in apposition is none)."""
    if subject.tag_ in ("NNP", "NNPS") or _is_title(subject.text):
        return None
    for child in (c for c in subject.children if c.dep_ == "appos" and c.tag_ in ("NNP", "NNPS")):
        entity = entity_of(child)
        if entity is not None and entity.label_ in ("ORG", "NORP", "GPE"):
            return child
    return None


def subject_name(subject: Token) -> Token | None:
    """The name a subject that is no name is given beside it (in apposition, after its title), if any."""
    return appositive_name(subject) or appositive_org(subject) or trailing_name(subject) or name_after_of(subject)


def name_after_of(subject: Token) -> Token | None:
    """The person a title "of" a place or body is followed by: "President of Venezuela Hugo Chávez said" ->
    Chávez (the parser makes the whole run the object of "of"); the tagger must call the name a person."""
    if not _is_title(subject.text):
        return None
    of = next((c for c in subject.rights if c.dep_ == "prep" and c.lower_ == "of"), None)
    named = next((g for g in of.children if g.dep_ == "pobj" and g.tag_ == "NNP"), None) if of is not None else None
    entity = entity_of(named) if named is not None else None
    if entity is None or entity.label_ != "PERSON" or entity.start <= name_start(named).i:
        return None
    return named


def trailing_name(subject: Token) -> Token | None:
    """The name closing the sentence after a title subject: '"...," said the Homeland Security Adviser for the
    White House, Frances Townsend.' -> Townsend (the parser makes the name the root)."""
    doc, end = subject.doc, subject.sent.end
    k = subject.right_edge.i + 1
    if not _is_title(subject.text) or k >= end or doc[k].text != ",":
        return None
    rest = [t for t in doc[k + 1 : end] if not (t.is_punct and t.i == end - 1)]
    if not 1 < len(rest) <= 4 or any(t.tag_ not in ("NNP", "NNPS") for t in rest):
        return None
    return rest[-1]


def role_of(subject: Token, named: Token) -> str:
    """The words before the appositive name, as its description: "The vice president of the United States"."""
    doc = subject.doc
    end = name_start(named).i
    start = next((c.left_edge.i for c in subject.children if c.dep_ == "appos" and c.i < end), subject.left_edge.i)
    if subject.tag_ not in ("NNP", "NNPS"):
        start = subject.left_edge.i
    return doc[start:end].text.strip(" ,;:—–-")
