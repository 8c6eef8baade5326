"""Speakers named by a role or an organisation word: "the President said", "the company claims", "the French
Civil Security service said", "according to the Iraqi military". A role is resolved to the nearest earlier
person the article gave that title; an organisation word to its own proper words, or to the nearest earlier
organisation of that kind; otherwise nobody (left unattributed rather than guessed)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from index.ingest.speakers import DOCUMENTS, Mention
from index.text.names import ORG_WORDS, SHORT_FORM, TITLES, _bare, abbreviates, is_person_like
from index.text.words import CALENDAR

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from spacy.tokens import Doc, Span, Token

# Nouns that name an organisation speaking as one ("the ministry said", "police said").
ORG_NOUNS = ORG_WORDS | frozenset(
    """military ministry embassy academy firm organisation organization police agency club team league panel
    authority website newspaper paper broadcaster station survey secretariat regulator tribunal parliament
    senate congress cabinet legislature presidency monarchy palace coalition alliance campaign federation
    consulate watchdog""".split()
)
# Roles that stand for a person named earlier ("the President", "the senator", "the spokeswoman").
ROLE_WORDS = TITLES - {"us", "uk", "eu", "un", "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "state", "first",
                       "former", "then", "late", "acting", "deputy", "assistant", "both", "fellow", "democrats",
                       "republicans", "greens", "democrat", "democratic", "republican", "foreign", "interior",
                       "trade", "homeland", "security", "minority", "majority", "elect", "incoming", "outgoing",
                       "embattled", "veteran", "ousted", "incumbent", "rival"}
PLACE_ACRONYMS = frozenset({"US", "USA", "UK", "UAE", "DC", "DRC", "PRC"})  # places, not organisations
REACH = 25  # sentences back that a role or "the company" may point


def is_person_run(run: str) -> bool:
    """A run of proper nouns that does not name an organisation (a person, a place, a title).

    >>> is_person_run("Department of Health"), is_person_run("Donald Trump"), is_person_run("NBA")
    (False, True, False)
    """
    words = run.split()
    acronym = len(words) == 1 and SHORT_FORM.fullmatch(run) and run not in PLACE_ACRONYMS  # "NBA"
    return not acronym and not any(_bare(w) in ORG_NOUNS for w in words)


def by_pronoun(orgs: list[tuple[int, str]], sentence: int, spoke: list[tuple[int, str]] = (),
               subjects: list[tuple[int, str]] = ()) -> str:
    """Whom "it" / "they" stands for as a speaker: an organisation named in this or the sentence before, if
    exactly one was; else the organisation that spoke last, within a few sentences (a quotation of several
    sentences between: 'The Department issued a statement: "..." They also said ...'), if none was named
    since; else nobody.

    >>> by_pronoun([(3, "World Health Organization")], 4), by_pronoun([(1, "WHO")], 4)
    ('World Health Organization', '')
    >>> by_pronoun([(1, "Department")], 5, [(1, "Department")])
    'Department'
    >>> by_pronoun([(3, "Royal Canadian Mounted Police"), (3, "RCMP")], 3)
    'Royal Canadian Mounted Police'
    >>> by_pronoun([(3, "NASA"), (3, "International Space Station")], 4, subjects=[(3, "NASA")])
    'NASA'
    """
    near = distinct([name for s, name in orgs if sentence - 1 <= s <= sentence])
    if len(near) > 1:  # "NASA interrupted its coverage of a Space Station spacewalk. It ...": the subject
        near = distinct([name for s, name in subjects if sentence - 1 <= s <= sentence and name in near]) or near
    if near:
        return near[0] if len(near) == 1 else ""
    last = max(spoke, default=None)
    later = [name for s, name in orgs if last is not None and s > last[0] and name != last[1]]
    return last[1] if last is not None and sentence - last[0] <= REACH // 4 and not later else ""


def author_of(sent: Span) -> str:
    """Who wrote or issued the document a sentence says was written ("The report ... was written by Professor
    John Gittus" -> "Professor John Gittus"), or ""."""
    for token in sent:
        if token.dep_ == "nsubjpass" and token.lower_ in DOCUMENTS:
            agents = [g for c in token.head.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
            if agents and agents[0].tag_ in ("NNP", "NNPS"):
                return _proper_phrase(agents[0])
    return ""


def _proper_phrase(name: Token) -> str:
    """A proper noun with the proper nouns before it in its phrase ("Professor John Gittus", "the group WWF": "WWF")."""
    first = min(t.i for t in name.subtree if t.tag_ in ("NNP", "NNPS"))
    return name.doc[first : name.i + 1].text


def document_before(subject: Token) -> bool:
    """Is a document named in the speaker's phrase, up to six words before it ("a report by the group WWF")?"""
    return any(t.lower_ in DOCUMENTS for t in subject.doc[max(subject.sent.start, subject.i - 6) : subject.i + 1])


def only_org(orgs: list[tuple[int, str]], sentence: int, spoke: list[tuple[int, str]] = (),
             subjects: list[tuple[int, str]] = ()) -> str:
    """The organisation "the group" stands for when the tagger's has no organisation word: the one "it" would
    be (by_pronoun), else the one organisation named within the last few sentences ("the group states" after
    "the environmental group WWF"), else "".

    >>> only_org([(0, "WWF"), (1, "WWF")], 5), only_org([(3, "WWF"), (4, "NASA")], 6), only_org([(0, "WWF")], 9)
    ('WWF', '', '')
    """
    if meant := by_pronoun(orgs, sentence, spoke, subjects):
        return meant
    near = distinct([name for s, name in orgs if sentence - REACH // 4 <= s <= sentence])
    return near[0] if len(near) == 1 else ""


def distinct(names: list[str]) -> list[str]:
    """Names in order, each once, an acronym beside its full name dropped.

    >>> distinct(["Royal Canadian Mounted Police", "RCMP", "NASA", "NASA"])
    ['Royal Canadian Mounted Police', 'NASA']
    """
    out: list[str] = []
    for name in dict.fromkeys(names):
        if not any(abbreviates(name, seen) or abbreviates(seen, name) for seen in out):
            out.append(name)
    return out


def issuer(head: Token, issuers: list[tuple[int, str]], sentence: int) -> str:
    """Who a document speaking stands for: "a report by the group WWF" -> "WWF", "PG&E's schedule" -> "PG&E",
    "A NAFTA report" -> "NAFTA"; "the report" -> the issuer of the last report named within a few sentences.
    "" when it is no document or its issuer is not named."""
    if _bare(head.text) not in DOCUMENTS:
        return ""
    by = [c for c in head.rights if c.dep_ == "prep" and c.lower_ in ("by", "from")]
    by += [a for v in head.rights if v.dep_ == "acl" for a in v.children if a.dep_ == "agent"]  # "released by"
    objects = [g for c in by for g in c.children
               if g.dep_ == "pobj"]  # "by WWF", or "by the environmental group WWF": the name beside the noun
    if modified := next((m for g in objects if (m := modified_org(g))), ""):
        return modified  # "a statement issued by the U.S. military" -> "U.S. military", not "U.S."
    by = [n for g in objects for n in (g, *g.children) if n.tag_ in ("NNP", "NNPS")][:1]
    own = [c for c in head.lefts if c.dep_ in ("poss", "compound") and c.tag_ in ("NNP", "NNPS")
           and c.lower_ not in CALENDAR]  # "The June jobs report": a month issues nothing
    if name := next(iter((*by, *own)), None):
        return _proper_phrase(name)
    if any(c.dep_ == "poss" and c.lower_ in ("its", "their") for c in head.lefts):  # "According to its press
        subject = next((c for c in head.sent.root.children if c.dep_ == "nsubj"), None)  # release, the NBA was"
        if subject is not None and subject.i > head.i and subject.tag_ in ("NNP", "NNPS"):
            return head.doc[name_start_of(subject) : subject.i + 1].text
    recent = [n for s, n in issuers if sentence - REACH <= s <= sentence]  # "The report says" paragraphs later
    return recent[-1] if recent and any(c.lower_ == "the" for c in head.lefts) else ""


COMPANY_WORDS = frozenset("""company firm group organisation organization carrier airline bank retailer party union
    association coalition""".split())


def wants_org(head: Token) -> bool:
    """ "The company confirmed": an organisation the article named before, whatever its name."""
    return _bare(head.text) in COMPANY_WORDS and any(c.lower_ == "the" for c in head.lefts)


def group_of(head: Token) -> str:
    """A named group as speaker: "Leading Democrats say" -> "Democrats", "Wantoch-Rekowski's supporters" ->
    "Wantoch-Rekowski's supporters", "members of Woodcraft Folk"; "" for a plural that names no one
    ("officials", "residents")."""
    if head.tag_ == "NNPS":
        return head.text
    if head.tag_ != "NNS":
        return ""
    proper = [c for c in head.lefts if c.dep_ in ("poss", "compound", "amod") and c.tag_ in ("NNP", "NNPS")]
    of = next((c for c in head.rights if c.dep_ == "prep" and c.lower_ == "of"), None)
    named = [g for g in of.children if g.dep_ == "pobj" and g.tag_ in ("NNP", "NNPS")] if of is not None else []
    if named:  # "Some members of Woodcraft Folk have charged": the members of a named group
        return head.doc[head.i : named[0].right_edge.i + 1].text
    if not proper:
        return ""
    return head.doc[min(t.left_edge.i for t in proper) : head.i + 1].text


def modified_org(head: Token) -> str:
    """An organisation word with proper or national modifiers, as its name: "The French Civil Security service"
    -> "French Civil Security service", "the Iraqi military" -> "Iraqi military", "police in Baytown" ->
    "Baytown police"; "" without them."""
    if _bare(head.text) not in ORG_NOUNS:
        return ""
    mods = [c for c in head.lefts if c.dep_ in ("amod", "compound", "nmod") and c.text[:1].isupper()]
    place = next((g for c in head.rights if c.dep_ == "prep" and c.lower_ == "in" for g in c.children
                  if g.dep_ == "pobj" and g.tag_ == "NNP"), None)
    if not mods and place is not None:  # "police in Baytown, Texas" -> "Baytown police"
        return f"{place.doc[name_start_of(place) : place.i + 1].text} {head.text}"
    if not mods:
        return ""
    first = min(t.left_edge.i for t in mods)
    end = head.i + 1
    after = [c for c in head.rights if c.dep_ == "prep" and c.lower_ in ("of", "for", "in")]
    if after and any(t.text[:1].isupper() for t in after[0].subtree):
        end = max(t.i for t in after[0].subtree if t.text not in ("(", ")", ",")) + 1
    return head.doc[first:end].text


def name_start_of(token: Token) -> int:
    """Where the proper-noun run that `token` ends starts ("New" of "New Orleans")."""
    start = token.i
    while start > 0 and token.doc[start - 1].tag_ in ("NNP", "NNPS") and token.doc[start - 1].dep_ == "compound":
        start -= 1
    return start


def org_of_name(head: Token) -> str:
    """A proper organisation name with its "of ..." tail: "Institute" in "the Philippine Institute of Volcanology
    and Seismology (Phivolcs)" -> "Philippine Institute of Volcanology and Seismology"; "" if no tail."""
    tail = [c for c in head.rights if c.dep_ == "prep" and c.lower_ in ("of", "for")]
    if _bare(head.text) not in ORG_NOUNS or not tail:
        return ""
    words = [t for t in tail[0].subtree]
    stop = next((t.i for t in words if t.text in ("(", ",", "—")), words[-1].i + 1)
    if not all(t.text[:1].isupper() or t.lower_ in ("of", "and", "for", "the", "&") for t in head.doc[head.i : stop]):
        return ""
    return head.doc[head.i : stop].text


def by_role(head: Token, people: list[Mention], orgs: list[tuple[int, str]], sentence: int) -> str:
    """Whom "the President" / "the department" stands for: the nearest earlier person with that title, or the
    nearest earlier organisation with that word in its name; "" when none is near.

    >>> by_role_word("president", [Mention("US President Donald Trump", 0, 3)], [], 5)
    'US President Donald Trump'
    >>> by_role_word("president", [Mention("Donald Trump", 0, 3, title="United States President")], [], 5)
    'Donald Trump'
    """
    if head.text[:1].isupper() and head.tag_ in ("NNP", "NNPS") and head.i > 0 and head.nbor(-1).lower_ != "the":
        return ""  # a name, not a role
    if any(c.dep_ in ("amod", "compound", "poss") for c in head.lefts):
        return ""  # "the former president", "his spokesman": not certain enough to name
    return by_role_word(_bare(head.text), people, orgs, sentence)


def by_role_word(word: str, people: list[Mention], orgs: list[tuple[int, str]], sentence: int) -> str:
    """The name an earlier sentence gave to this role word (see by_role)."""
    if word in ROLE_WORDS:
        near = [m for m in people if sentence - REACH <= m.sentence <= sentence and is_person_like(m.name)]
        titled = [m for m in near if word in {_bare(w) for w in f"{m.title} {m.name}".split()[:-1]}]
        best = max(titled, key=lambda m: (m.sentence, m.start), default=None)
        return best.name if best is not None else ""
    if word in ORG_NOUNS:
        near = [(s, name) for s, name in orgs if sentence - REACH <= s <= sentence]
        kind = [n for s, n in near if word in {_bare(w) for w in n.split()}]
        return kind[-1] if kind else ""  # "the company" with no company named as such: nobody, not a guess
    return ""


def last_org(sentences: list[Span], ner: Callable[[Iterable[Doc]], Iterable[Doc]]) -> str:
    """The organisation named last in these sentences, by the NER (run here only, on a "the company said"); the
    one that was a subject if any (the one the story is about)."""
    orgs = [e for doc in ner(s.as_doc() for s in sentences) for e in doc.ents if e.label_ == "ORG"
            and _the(e.text)[:1].isupper()]  # "iPhone" is a product the tagger calls ORG
    subjects = [e for e in orgs if e.root.dep_ in ("nsubj", "nsubjpass")]
    return _the((subjects or orgs)[-1].text) if orgs else ""


def _the(name: str) -> str:
    """ "the Coalition for Unity and Democracy" -> "Coalition for Unity and Democracy"."""
    return name[4:] if name.lower().startswith("the ") else name
