"""Numbers and dates in sentences, found by pattern, and what a "how many" question counts.

Patterns rather than spaCy for these: they are cheap enough to run on every candidate sentence, so a number
in a lower-ranked passage ("their thirteen children") competes (see facts.choose).
"""

from __future__ import annotations

import re

from index.text.words import stem

_VERB = r"(?:were|was|did|do|does|are|is|have|has|had|will|would|can|could)\b"
_HOW_MANY = re.compile(rf"\bhow many ((?:(?!{_VERB})\w+ ?){{1,3}})")  # "how many electoral votes was": votes
_SCALE = {"million", "billion", "bn", "m", "thousand", "hundred", "percent", "cent"}
_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|" \
         r"Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?"
_DATE = re.compile(
    rf"\b(?:{_MONTH} \d{{1,2}}(?:st|nd|rd|th)?(?:, (?:19|20)\d\d)?|\d{{1,2}} {_MONTH}(?: (?:19|20)\d\d)?|"
    rf"{_MONTH} (?:19|20)\d\d|(?:19|20)\d\d|\d{{1,2}}:\d\d(?: ?[ap]\.?m\.?)?|\d{{1,2}} ?[ap]\.?m\.?|"
    rf"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)|last (?:week|month|year)|yesterday|{_MONTH})\b")
_QUANTITY = re.compile(
    r"(?:[$£€¥]\s?|\bUS\$|\b)(?:\d[\d,.]*\d|\d)(?:[-–]\d[\d,.]*)?(?:\s?(?:%|(?:percent|per cent|million|billion|bn|"
    r"m|thousand|hundred|kilometers|kilometres|km|miles|years|pounds|seconds|tonnes|seats|people|candidates)\b))?|"
    r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|twenty|thirty|"
    r"forty|fifty|hundred|thousand|dozen)s?\b", re.I)
NUMBER = re.compile(r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\w+teen|twenty|thirty|"
                    r"forty|fifty|hundred|thousand|million|billion|dozen)", re.I)


def patterned(text: str) -> tuple[tuple[str, str], ...]:
    """Dates and quantities found by pattern, labelled as spaCy would label them.

    >>> patterned("It rose 8.5% on June 3, 2009.")
    (('June 3, 2009', 'DATE'), ('8.5%', 'QUANTITY'))
    """
    dates = [(m.group(), "DATE", m.start()) for m in _DATE.finditer(text)]
    taken = [range(m.start(), m.end()) for m in _DATE.finditer(text)]
    numbers = [(m.group().strip(), "QUANTITY", m.start()) for m in _QUANTITY.finditer(text)
               if not any(m.start() in r for r in taken)]
    return tuple((v, label) for v, label, _ in dates + numbers)


def counted(question: str) -> str:
    """The stem of what a "how many" question counts, or "".

    >>> counted("how many children did the Turpins have"), counted("how many electoral votes was he to win")
    ('children', 'vote')
    >>> counted("how long did it last")
    ''
    """
    match = _HOW_MANY.search(question.lower())
    words = re.findall(r"\w+", match.group(1)) if match else []
    return stem(words[-1]) if words else ""


def other_unit(value: str, noun: str) -> bool:
    """Does the value measure something other than the counted noun ("70 miles" for "how many children")?"""
    unit = value.split()[-1].lower() if " " in value else ""
    return bool(noun and unit.isalpha() and unit not in _SCALE and stem(unit) != noun)
