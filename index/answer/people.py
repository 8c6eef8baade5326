"""One identity per person across the library, from the canonical names the articles' statements carry.

"Donald J. Trump", "Donald Trump" and (where he dominates the surname) a bare "Trump" are one person;
a typo one edit away ("Rence Priebus") joins the far more quoted spelling; a descriptor left in front of a
known name ("USA George W. Bush") goes. A bare surname means the person who dominates it, and says so.
"""

from __future__ import annotations

from dataclasses import dataclass

from index.text.names import _parts, middle_initial

# A bare surname means its most quoted holder when he has DOMINANCE times the next one's statements and
# MARGIN more: two statements against one is no evidence.
DOMINANCE, MARGIN = 2.0, 3


# Short forms of first names that newsrooms use for the same person ("Joe Biden" = "Joseph Biden").
NICKNAMES = {"joe": "joseph", "bill": "william", "will": "william", "bob": "robert", "rob": "robert",
             "mike": "michael", "jim": "james", "jimmy": "james", "tony": "anthony", "ted": "edward",
             "ed": "edward", "dick": "richard", "tom": "thomas", "dan": "daniel", "dave": "david",
             "steve": "stephen", "chris": "christopher", "nick": "nicholas", "ben": "benjamin",
             "al": "albert", "andy": "andrew", "liz": "elizabeth", "kate": "katherine", "alex": "alexander"}


@dataclass(frozen=True)
class Person:
    """A speaker across the library: `name` is the form most quoted; `variants` the stored canonical names."""

    name: str
    variants: tuple[str, ...]
    statements: int


@dataclass(frozen=True)
class Lookup:
    """Whom a name asked about means: `person` (None if nobody, or several and none dominates), and
    `others` who share the name (the ones to offer, "also quoted" or "which one?")."""

    person: Person | None
    others: tuple[Person, ...] = ()


def one_edit(a: str, b: str) -> bool:
    """Are two words (of four letters or more) one insertion, deletion or substitution apart?

    >>> one_edit("rence", "reince"), one_edit("bush", "rush"), one_edit("blair", "blair")
    (True, True, False)
    """
    if a == b or min(len(a), len(b)) < 4 or abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = next((k for k in range(len(a)) if a[k] != b[k]), len(a))
    return a[i + (len(a) == len(b)) :] == b[i + 1 :]


def same_person(x: list[str], y: list[str]) -> bool:
    """Full names that can be one person: same surname, first names equal (or an initial), middle names that
    do not clash ("George W. Bush" is not "George Herbert Walker Bush", who is "George H. W. Bush").

    >>> same_person(["george", "w", "bush"], ["george", "herbert", "walker", "bush"])
    False
    >>> same_person(["donald", "j", "trump"], ["donald", "trump"]), same_person(["joe", "biden"], ["joseph", "biden"])
    (True, True)
    >>> same_person(["j", "trump"], ["donald", "john", "trump"]), same_person(["j", "trump"], ["eric", "trump"])
    (True, False)
    """
    if len(x) < 2 or len(y) < 2 or x[-1] != y[-1]:
        return False
    if middle_initial(x, y):  # "J. Trump" is "Donald J. Trump"
        return True
    a, b = sorted((NICKNAMES.get(x[0], x[0]), NICKNAMES.get(y[0], y[0])), key=len)
    if not (a == b or (len(a) == 1 and b.startswith(a))):
        return False
    mx, my = _initials(x[1:-1]), _initials(y[1:-1])
    return not mx or not my or mx == my


def _initials(middle: list[str]) -> str:
    """ "Herbert Walker" -> "hw"; "H.W." (stored as "hw") -> "hw"."""
    return "".join(w if len(w) <= 2 else w[0] for w in middle)


def _typo_of(x: list[str], y: list[str]) -> bool:
    """Same number of words, all equal but one, which is one edit apart: "Rence Priebus" / "Reince Priebus"."""
    if len(x) != len(y) or len(x) < 2:
        return False
    differ = [(a, b) for a, b in zip(x, y, strict=True) if a != b]
    return len(differ) == 1 and one_edit(*differ[0])


def _strip_descriptor(name: str, known: dict[str, int]) -> str:
    """ "USA George W. Bush" -> "George W. Bush" when that full name is quoted in the library too; a first
    word quoted on its own ("Mexico said") goes from a longer name.

    >>> _strip_descriptor("Mexico Vicente Fox", {"Mexico Vicente Fox": 2, "Mexico": 1})
    'Vicente Fox'
    >>> _strip_descriptor("Donald J. Trump", {"J. Trump": 1})  # a first name before an initial stays
    'Donald J. Trump'
    """
    words = name.split()
    for cut in range(1, len(words) - 1):
        rest = " ".join(words[cut:])
        if rest in known and len(words[cut].rstrip(".")) > 1:
            return rest
    if len(words) >= 3 and words[0] in known and words[1][:1].isupper():  # "Mexico Vicente Fox": "Mexico said"
        return " ".join(words[1:])
    return name


def build_people(counts: dict[str, int]) -> list[Person]:
    """Statements per stored canonical name -> people, most quoted first. A name that is only an initial and a
    surname ("J. Trump") joins the one person it can be (by first or middle initial), else stands alone: it
    never joins two people ("J. Smith" for John and Jane Smith).

    >>> people = build_people({"Donald Trump": 9, "Donald J. Trump": 2, "Trump": 5, "Ivanka Trump": 2,
    ...                        "Reince Priebus": 6, "Rence Priebus": 1, "Rival Ivanka Trump": 1, "J. Trump": 1})
    >>> [(p.name, p.statements) for p in people]
    [('Donald Trump', 17), ('Reince Priebus', 7), ('Ivanka Trump', 3)]
    >>> [p.name for p in build_people({"J. Smith": 5, "John Smith": 2, "Jane Smith": 2})]
    ['J. Smith', 'Jane Smith', 'John Smith']
    """
    clusters: list[tuple[list[str], list[str], int, str]] = []  # (main name's parts, variants, statements, name)
    bare: dict[str, list[str]] = {}
    initialled: list[tuple[str, list[str], str]] = []
    for name in sorted(counts, key=lambda n: (-counts[n], -len(n), n)):
        plain = _strip_descriptor(name, counts)
        parts = _parts(plain)
        if len(parts) < 2:
            bare.setdefault(parts[-1] if parts else "", []).append(name)
            continue
        if len(parts[0]) == 1:  # "J. Trump": only once every full name has its person
            initialled.append((name, parts, plain))
            continue
        home = next((c for c in clusters if same_person(c[0], parts) or _typo_of(c[0], parts)), None)
        _join(clusters, home, name, parts, plain, counts[name])
    for name, parts, plain in initialled:
        fits = [c for c in clusters if any(same_person(parts, _parts(v)) for v in c[1])]
        _join(clusters, fits[0] if len(fits) == 1 else None, name, parts, plain, counts[name])
    people = [Person(shown, tuple(v), n) for _, v, n, shown in clusters]
    for surname, names in bare.items():
        holders = sorted((p for p in people if _parts(p.name)[-1] == surname), key=lambda p: -p.statements)
        extra = sum(counts[n] for n in names)
        if holders and _dominates(holders):
            people[people.index(holders[0])] = Person(
                holders[0].name, holders[0].variants + tuple(names), holders[0].statements + extra)
        else:
            people.append(Person(max(names, key=lambda n: counts[n]), tuple(names), extra))
    return sorted(people, key=lambda p: (-p.statements, p.name))


def _join(clusters: list[tuple[list[str], list[str], int, str]], home: tuple | None, name: str,
          parts: list[str], plain: str, count: int) -> None:
    """Add a name to the person (cluster) it is, or as a new person when `home` is None."""
    if home is None:
        clusters.append((parts, [name], count, plain))
    else:
        clusters[clusters.index(home)] = (home[0], [*home[1], name], home[2] + count, home[3])


def _dominates(holders: list[Person]) -> bool:
    """The most quoted holder of a surname is quoted DOMINANCE times as often as the next one, and MARGIN more."""
    if len(holders) == 1:
        return True
    top, second = holders[0].statements, holders[1].statements
    return top >= DOMINANCE * second and top >= second + MARGIN


def lookup(people: list[Person], query: str) -> Lookup:
    """Whom "What did <query> say?" means. A full name: that person only. A bare surname: its dominant holder,
    with the others sharing it; nobody (but the others) when no one dominates.

    >>> people = build_people({"Donald Trump": 9, "Ivanka Trump": 2, "Bill Clinton": 3, "Hillary Clinton": 4})
    >>> found = lookup(people, "trump")
    >>> found.person.name, [p.name for p in found.others]
    ('Donald Trump', ['Ivanka Trump'])
    >>> lookup(people, "Clinton").person is None, lookup(people, "Ivanka Trump").person.name
    (True, 'Ivanka Trump')
    >>> smiths = build_people({"J. Smith": 1, "John Smith": 1, "Jane Smith": 1})
    >>> lookup(smiths, "J. Smith").person.name, lookup(smiths, "John Smith").person.name
    ('J. Smith', 'John Smith')
    >>> lookup(build_people({"Tedros Adhanom Ghebreyesus": 3}), "tedros").person.name
    'Tedros Adhanom Ghebreyesus'
    >>> lookup(smiths, "jane").person.name  # a first name, where no one has it as a surname and one as a first
    'Jane Smith'
    """
    wanted = _parts(query)
    if not wanted:
        return Lookup(None)
    if len(wanted) >= 2:
        exact = [p for p in people if any(same_person(wanted, _parts(v)) for v in p.variants)]
        if len(wanted) > 2:  # a middle name or initial asked for: those who have it, before those without one
            middle = _initials(wanted[1:-1])
            exact = [p for p in exact if any(_initials(_parts(v)[1:-1]) == middle for v in p.variants)] or exact
        if len(wanted[0]) == 1:  # "J. Smith": the one quoted as that, before John and Jane Smith
            exact = [p for p in exact if any(_parts(v) == wanted for v in p.variants)] or exact
        else:  # "John Smith": John Smith, before a "J. Smith" who may be Jane
            exact = [p for p in exact if any(len(_parts(v)[0]) > 1 and same_person(wanted, _parts(v))
                                             for v in p.variants)] or exact
        if not exact:
            return Lookup(None)
        return Lookup(exact[0], tuple(exact[1:])) if _dominates(exact) else Lookup(None, tuple(exact))
    holders = [p for p in people if _parts(p.name)[-1:] == wanted]
    full = [p for p in holders if len(_parts(p.name)) >= 2] or holders
    if not full:  # no one's surname: the one person with it as a first name ("Tedros" Adhanom Ghebreyesus)
        first = [p for p in people if len(_parts(p.name)) >= 2 and _parts(p.name)[:1] == wanted]
        return Lookup(first[0]) if len(first) == 1 else Lookup(None)
    return Lookup(full[0], tuple(full[1:])) if _dominates(full) else Lookup(None, tuple(full))
