"""Name rules: the words that make a title or an organisation, canonical names, and whether two names
can be one person."""

from __future__ import annotations

import re

from index.text.words import fold

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
    fellow outgoing incoming embattled veteran ousted incumbent challenger hon constable bishop archbishop
    cardinal rabbi imam ayatollah grand mullah cleric pastor father patriarch officer sergeant corporal private
    marshal monday tuesday wednesday thursday friday saturday sunday january february march april july
    september october november december""".split()
)
CONNECTORS = frozenset("of the for de da van von der den bin al la le".split())
SUFFIXES = frozenset("jr sr ii iii iv".split())
HONORIFICS = frozenset("mr mrs ms miss mx dr prof".split())
# A word like these makes a name an organisation, never a "he" or "she".
ORG_WORDS = frozenset(
    """house department ministry committee institute institution university company corp corporation inc ltd
    agency office council party bank group government administration kremlin pentagon commission court police
    army navy centre center fund foundation association union board network news times post service
    conference academy organisation organization federation society reuters coalition alliance movement
    league""".split()
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


SHORT_FORM = re.compile(r"[A-Z][A-Z&]{1,5}")  # "NBA", "WHO": an organisation by its capitals


def initials(name: str) -> str:
    """The capitals a name's words start with, small connectors left out: "World Health Organization" -> "WHO".

    >>> initials("World Health Organization"), initials("Pacific Gas and Electric Company")
    ('WHO', 'PGEC')
    """
    return "".join(w[0] for w in name.split() if w[:1].isupper() and _bare(w) not in CONNECTORS)


def abbreviates(short: str, name: str) -> bool:
    """Is `short` the name's initials ("RCMP", "F.B.I." for "Federal Bureau of Investigation")?

    >>> abbreviates("RCMP", "Royal Canadian Mounted Police"), abbreviates("Ann", "Ann Lee")
    (True, False)
    """
    letters = initials(name)
    return short.isupper() and len(letters) > 1 and short.replace(".", "") == letters


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
    >>> canonical_name("Chancellor of the Exchequer Alistair Darling"), canonical_name("Duke of Edinburgh")
    ('Alistair Darling', 'Duke of Edinburgh')
    """
    words = _clean(name)
    while len(words) > 1 and _bare(words[0]) in CONNECTORS:
        words = words[1:]
    if len(words) > 1 and _bare(words[-1]) in GENERIC_ORG_WORDS:  # "State Department": the words name it
        return " ".join(words)
    if len(words) > 1 and any(w[:1].isupper() and _bare(w) in GENERIC_ORG_WORDS for w in words):  # "Institute of X"
        return " ".join(words)
    titled = [i + 1 for i, w in enumerate(words[:-1]) if _is_title(w) or _is_descriptor(w, words[i + 1])]
    cut = max(titled, default=0)
    rest = words[cut:]
    inner = [w for w in rest[1:] if _bare(w) != "the"]  # "Chancellor of the Exchequer Alistair Darling": the first
    if cut and _bare(rest[0]) == "of" and len(inner) == 3 and is_person_like(" ".join(inner[1:])):  # word after
        rest = inner[1:]  # the title's "of" is the title's too, when two words that could be a person's follow it
    return " ".join(rest)


def _is_descriptor(word: str, following: str) -> bool:
    """A lowercase word before a capitalised one: "administration official Derek Chollet"."""
    return word[:1].islower() and following[:1].isupper() and _bare(word) not in CONNECTORS


def _parts(name: str) -> list[str]:
    """A name's lower-case words without titles, accents or a suffix, as names are compared.

    >>> _parts("President Hugo Chávez Jr."), _parts("Chavez")
    (['hugo', 'chavez'], ['chavez'])
    """
    words = [w for w in (fold(_bare(w)) for w in canonical_name(name).split()) if w]
    return words[:-1] if len(words) > 1 and words[-1] in SUFFIXES else words


def _compatible(x: list[str], y: list[str]) -> bool:
    if not x or not y or x[-1] != y[-1]:
        return False
    if any(w in ORG_WORDS for w in (*x, *y)):  # "National Basketball Association" is no "National ... Association"
        return x == y
    a, b = sorted((x[0], y[0]), key=len)
    return len(x) == 1 or len(y) == 1 or a == b or (len(a) == 1 and b.startswith(a)) or middle_initial(x, y)


def middle_initial(x: list[str], y: list[str]) -> bool:
    """Is one name an initial and a surname ("J. Trump") whose initial is the other's middle name or initial
    ("Donald J. Trump", "Donald John Trump")? Name parts as _parts gives them.

    >>> middle_initial(["j", "trump"], ["donald", "john", "trump"]), middle_initial(["j", "trump"], ["donald", "trump"])
    (True, False)
    """
    short, full = sorted((x, y), key=len)
    return (len(short) == 2 and len(short[0]) == 1 and len(full) >= 3 and short[-1] == full[-1]
            and full[1][:1] == short[0])


def same_speaker(a: str, b: str) -> bool:
    """Could two names be one person? Surnames agree and first names (or initials) do not clash.

    >>> same_speaker("Mark Warner", "Sen. Warner"), same_speaker("Bill Clinton", "Hillary Clinton")
    (True, False)
    >>> same_speaker("J. Trump", "Donald J. Trump"), same_speaker("J. Trump", "Eric Trump")
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
    >>> merge_speakers(["J. Trump", "Donald J. Trump", "Eric Trump"])["J. Trump"]
    'Donald J. Trump'
    >>> merge_speakers(["J. Smith", "John Smith", "Jane Smith"])["J. Smith"]  # either of them: neither
    'J. Smith'
    >>> merge_speakers(["National Basketball Association", "National Collegiate Athletic Association"])[
    ...     "National Basketball Association"]
    'National Basketball Association'
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
