"""Speakers named by a role or an organisation word: "the President said", "the company claims", "the French
Civil Security service said", "according to the Iraqi military". A role is resolved to the nearest earlier
person the article gave that title; an organisation word to its own proper words, or to the nearest earlier
organisation of that kind; otherwise nobody (left unattributed rather than guessed)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from index.ingest.speakers import Mention
from index.text.names import ORG_WORDS, TITLES, _bare, canonical_name, is_person_like

if TYPE_CHECKING:
    from spacy.tokens import Token

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
REACH = 25  # sentences back that a role or "the company" may point


def is_person_run(run: str) -> bool:
    """A run of proper nouns that does not name an organisation (a person, a place, a title).

    >>> is_person_run("Department of Health"), is_person_run("Donald Trump")
    (False, True)
    """
    return not any(_bare(w) in ORG_NOUNS for w in run.split())


def by_pronoun(orgs: list[tuple[int, str]], sentence: int, spoke: list[tuple[int, str]] = ()) -> str:
    """Whom "it" / "they" stands for as a speaker: an organisation named in this or the sentence before, if
    exactly one was; else the organisation that spoke last, within a few sentences (a quotation of several
    sentences between: 'The Department issued a statement: "..." They also said ...'), if none was named
    since; else nobody.

    >>> by_pronoun([(3, "World Health Organization")], 4), by_pronoun([(1, "WHO")], 4)
    ('World Health Organization', '')
    >>> by_pronoun([(1, "Department")], 5, [(1, "Department")])
    'Department'
    """
    near = {name for s, name in orgs if sentence - 1 <= s <= sentence}
    if near:
        return near.pop() if len(near) == 1 else ""
    last = max(spoke, default=None)
    later = [name for s, name in orgs if last is not None and s > last[0] and name != last[1]]
    return last[1] if last is not None and sentence - last[0] <= REACH // 4 and not later else ""


# Documents that speak for whoever issued them ("the report says", "the company's website advises").
DOCUMENTS = frozenset("""report reports study survey statement release website site guidelines paper assessment
    advisory schedule filing ruling findings data figures""".split())


def issuer(head: Token, issuers: list[tuple[int, str]], sentence: int) -> str:
    """Who a document speaking stands for: "a report by the group WWF" -> "WWF", "PG&E's schedule" -> "PG&E",
    "A NAFTA report" -> "NAFTA"; "the report" -> the issuer of the last report named within a few sentences.
    "" when it is no document or its issuer is not named."""
    if _bare(head.text) not in DOCUMENTS:
        return ""
    objects = [g for c in head.rights if c.dep_ == "prep" and c.lower_ in ("by", "from") for g in c.children
               if g.dep_ == "pobj"]  # "by WWF", or "by the environmental group WWF": the name beside the noun
    by = [n for g in objects for n in (g, *g.children) if n.tag_ in ("NNP", "NNPS")][:1]
    own = [c for c in head.lefts if c.dep_ in ("poss", "compound") and c.tag_ in ("NNP", "NNPS")]
    if name := next(iter((*by, *own)), None):
        first = min(t.i for t in name.subtree if t.tag_ in ("NNP", "NNPS"))
        return head.doc[first : name.i + 1].text
    recent = [n for s, n in issuers if sentence - REACH // 5 <= s <= sentence]
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
        titled = [m for m in near if word in {_bare(w) for w in m.name.split()[:-1]}]
        best = max(titled, key=lambda m: (m.sentence, m.start), default=None)
        return best.name if best is not None else ""
    if word in ORG_NOUNS:
        near = [(s, name) for s, name in orgs if sentence - REACH <= s <= sentence]
        kind = [n for s, n in near if word in {_bare(w) for w in n.split()}]
        return kind[-1] if kind else ""  # "the company" with no company named as such: nobody, not a guess
    return ""


_ACRONYM = re.compile(
    r"(?P<full>[A-Z][\w’'.&-]*(?:\s+(?:of|and|for|the|on|de|&|[A-Z][\w’'.&-]*))*)\s+\((?P<short>[A-Z][\w&.-]{1,11})\)"
)


def acronyms(text: str) -> dict[str, str]:
    """Short forms an article defines in brackets -> the full name.

    >>> acronyms("the Federal Security Service (FSB) said; the Royal Canadian Mounted Police (RCMP)")
    {'FSB': 'Federal Security Service', 'RCMP': 'Royal Canadian Mounted Police'}
    >>> acronyms("the Philippine Institute of Volcanology and Seismology (Phivolcs); Jane Doe (Reuters)")
    {'Phivolcs': 'Philippine Institute of Volcanology and Seismology'}
    """
    found = {}
    for match in _ACRONYM.finditer(text):
        short, words = match.group("short"), match.group("full").split()
        while words and words[0].lower() in ("the", "of", "and", "for", "on", "de", "&"):
            words = words[1:]
        # "FSB"; or "Phivolcs" for "Philippine Institute of Volcanology and Seismology": one capital will do for
        # an organisation's name that starts with it
        named = sum(c.isupper() for c in short) >= 2 or (
            short[0] == words[0][:1] and any(_bare(w) in ORG_NOUNS for w in words) if words else False)
        if len(words) >= 2 and named and short not in found:
            found[short] = " ".join(words)
    return found


_CONNECTOR = r"(?:of|the|for|de|du|la|le|bin|bint|ibn|al|von|van|der|den|del|da|dos)"
_CAPITAL = r"[A-Z][\w’'.&-]*"
_WRITTEN = re.compile(rf"{_CAPITAL}(?:(?:\s+{_CONNECTOR})*\s+{_CAPITAL})+")
_LEADING = frozenset("the a an when after before in on at as but and if while since by for of with".split())


def written_names(text: str) -> list[str]:
    """Names of several capitalised words as the article writes them, small connectors included (the parse
    breaks "Haitham bin Tariq Al Said" at "bin"); a capitalised sentence opener is not part of a name.

    >>> written_names("When Haitham bin Tariq Al Said spoke, the Royal Swedish Academy of Sciences listened.")
    ['Haitham bin Tariq Al Said', 'Royal Swedish Academy of Sciences']
    """
    found = []
    for match in _WRITTEN.finditer(re.sub(r"(\w\w)\.(\s)", r"\1;\2", text)):  # "New York. Eric": two names
        words = match.group().split()
        while words and (words[0].lower() in _LEADING or re.fullmatch(_CONNECTOR, words[0])):
            words = words[1:]
        while words and re.fullmatch(_CONNECTOR, words[-1]):
            words = words[:-1]
        found += [" ".join(words)] if len(words) >= 2 else []
    return found


def fuller_names(text: str, canonicals: list[str], names: list[str]) -> dict[str, str]:
    """Speaker names an article writes in full elsewhere: an acronym it defines ("FSB" -> "Federal Security
    Service"), a lone first name that begins exactly one full name and ends none ("Haitham" -> "Haitham bin
    Tariq Al Said"), an organisation cut before its "of" ("Royal Swedish Academy" -> "Royal Swedish Academy of
    Sciences"), a name cut at a hyphen ("Ma Ying" -> "Ma Ying-jeou") or without its middle names ("Kareem Amer"
    -> "Abdul Kareem Suleiman Amer"), each only where exactly one name fits. Names not listed stay as they are.

    >>> fuller_names("", ["Haitham"], ["Haitham bin Tariq Al Said", "Qaboos"])
    {'Haitham': 'Haitham bin Tariq Al Said'}
    >>> academy = ["Royal Swedish Academy of Sciences"]
    >>> sorted(fuller_names("Ma Ying-jeou won.", ["Ma Ying", "Royal Swedish Academy"], academy).items())
    [('Ma Ying', 'Ma Ying-jeou'), ('Royal Swedish Academy', 'Royal Swedish Academy of Sciences')]
    >>> fuller_names("the Department of Corrections and Rehabilitation said", ["Department of Corrections"], [])
    {'Department of Corrections': 'Department of Corrections and Rehabilitation'}
    """
    short = acronyms(text)
    full = {n for n in [*names, *written_names(text)] if len(n.split()) >= 2}
    lasts = {n.split()[-1] for n in full}
    out = {}
    for name in set(canonicals):
        bare = name[4:] if name.startswith("the ") else name
        if bare in short:
            out[name] = short[bare]
        elif len(name.split()) == 1 and name not in lasts and not name.isupper():  # "WWF" is no first name
            starting = [n for n in full if n.split()[0] == name and is_person_run(n) and is_person_like(n)]
            starting = [n for n in starting if not any(o != n and o.startswith(n) for o in starting)]  # "Ma Ying"
            if len(starting) == 1:
                out[name] = starting[0]
        elif len(name.split()) >= 2 and (longer := _longer(text, bare, full)):
            out[name] = longer
        for _ in range(2):  # "California Department" -> "... of Corrections" -> "... and Rehabilitation"
            if name in out and len(out[name].split()) >= 2 and (longer := _longer(text, out[name], full)):
                out[name] = longer
    return out


def _longer(text: str, name: str, full: set[str]) -> str:
    """The one longer way the article writes this name (see fuller_names), or ""."""
    hyphen = re.search(rf"\b{re.escape(name)}(-[a-z]+)\b", text)
    if hyphen:
        return name + hyphen.group(1)
    joined = re.search(rf"\b{re.escape(name)} and ([A-Z][a-z]+)\b(?! of)", text)  # "of Corrections and Rehabilitation"
    if joined and " of " in name and _bare(joined.group(1)) not in ORG_NOUNS:
        return f"{name} and {joined.group(1)}"
    words, person = name.split(), is_person_like(name) and is_person_run(name)
    fits = {n for n in full if len(n.split()) > len(words)
            and (_within(words, canonical_name(n).split()) if person else _extends(words, n.split()))}
    return fits.pop() if len(fits) == 1 else ""


def _extends(words: list[str], longer: list[str]) -> bool:
    """ "Royal Swedish Academy" + "of Sciences": the same words, then a connector."""
    return longer[: len(words)] == words and re.fullmatch(_CONNECTOR, longer[len(words)]) is not None


def _within(words: list[str], longer: list[str]) -> bool:
    """ "Kareem Amer" in "Abdul Kareem Suleiman Amer": the same last word, every word in order, more words."""
    if len(longer) <= len(words) or words[-1] != longer[-1]:
        return False
    rest = iter(longer)
    plain = all(re.fullmatch(r"[A-Z][a-z’'-]+\.?|" + _CONNECTOR, w) for w in longer if w not in words)
    return plain and longer.index(words[0]) <= 1 and all(w in rest for w in words) if words[0] in longer else False
