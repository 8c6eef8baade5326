"""Full names as the article writes them: short forms defined in brackets ("RCMP"), and the longest written
form of a speaker's name ("Haitham" -> "Haitham bin Tariq Al Said"), read from the text, not the parse."""

from __future__ import annotations

import re

from index.ingest.roles import ORG_NOUNS, is_person_run
from index.text.names import _bare, canonical_name, initials, is_person_like

_ACRONYM = re.compile(
    r"(?P<full>[A-Z][\w’'.&-]*(?:\s+(?:of|and|for|the|on|de|&|[A-Z][\w’'.&-]*))*)\s+\((?P<short>[A-Z][\w&.-]{1,11})\)"
)


def acronyms(text: str) -> dict[str, str]:
    """Short forms an article defines in brackets -> the full name.

    >>> acronyms("the Federal Security Service (FSB) said; the Royal Canadian Mounted Police (RCMP)")
    {'FSB': 'Federal Security Service', 'RCMP': 'Royal Canadian Mounted Police'}
    >>> acronyms("the Philippine Institute of Volcanology and Seismology (Phivolcs); Jane Doe (Reuters)")
    {'Phivolcs': 'Philippine Institute of Volcanology and Seismology'}
    >>> acronyms("the United States' National Basketball Association (NBA)")
    {'NBA': 'National Basketball Association'}
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
            found[short] = " ".join(_spelled(words, short))
    return found


def _spelled(words: list[str], short: str) -> list[str]:
    """The last words whose capitals spell the short form, where the words before them are something else:
    "United States' National Basketball Association" (NBA) -> "National Basketball Association"."""
    for start in range(1, len(words) - 1):
        if initials(" ".join(words[start:])) == short and words[start][:1].isupper():
            return words[start:]
    return words


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
