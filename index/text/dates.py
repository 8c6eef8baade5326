"""Dated phrases in a question ("in May 2016", "last week", "between June and August 2020") and the inclusive
dates each names, read against `now`.

Our own small patterns find the phrases; dateparser (scrapinghub's, well kept) turns each into a date and a
period (day, week, month, year), the latest not after `now`. dateparser's own search_dates is not used: it reads
"may" the verb ("may i ask"), "the march" of "the march primary" and "the 2019" of "the 2019 report" as dates,
and takes 2-6 ms a question against ~0.7 ms for one phrase here. Seasons and decades it cannot read: the rules
below name their months.

- A bare month, year or weekday is a date only after a preposition ("in", "on", "during", "since", "before",
  "after", "until", "from", ...) or joined to one that is ("in 2016 and 2018"). A fuller date ("may 3",
  "may 2016") needs none, but after "the", "a" or a possessive it is part of a noun phrase: "the 2016
  election", "the 2020 olympics", "the may 2016 report" name events, which articles before and after discuss,
  so they stay in the topic.
- A month or day without a year is the latest one not after `now`; "between june and august 2020" reads the
  later date first and the earlier one as the latest before it. A date after `now` is no date.
- "last week" is the 7 days before `now` (not a calendar week: where one starts is the reader's custom), "this
  week" the 7 days to `now`; "last month"/"last year" the calendar month/year; "the past 3 months" runs from the
  same day 3 months back to `now`; "early/mid/late" take a third of a month or year, as do "the
  beginning/middle/end of" ("at the end of 2008": September to December; "at" only before such a phrase or a
  holiday, so "at 2016 prices" is no date).
- "before/after/since/until <date>" open one side; no phrase ends after `now`.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from dateparser.date import DateDataParser


@dataclass(frozen=True)
class DatedPhrase:
    """A time phrase: its character span in the question, the inclusive dates it names (None: open), its label."""

    at: int
    to: int
    start: date | None
    end: date | None
    label: str


MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|"
    r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?\b"
_YEAR = r"(?:19|20)\d\d"
_NUMBER = r"(?:\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
_UNIT = r"(?:day|week|month|year)s?"
_WEEKDAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
# "early 2020", "mid-May", "the end of 2008", "the beginning of March": a third of the month or year
_PART = r"(?:early|mid|late)[-\s]?|the (?:end|start|beginning|middle) of "
_PARTS = {"early": "early", "mid": "mid", "late": "late", "end": "late", "start": "early", "beginning": "early",
          "middle": "mid"}
_SEASONS = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}  # northern: the month each starts
_FORMS = {  # the longest first: the regex takes the first alternative that fits
    "rolling": rf"(?:(?:the|this) (?:past|last)|past) (?:{_NUMBER} )?{_UNIT}|last {_NUMBER} {_UNIT}",
    "ago": rf"{_NUMBER} {_UNIT} ago",
    "relative": rf"yesterday|today|tonight|last night|(?:last|this) (?:week|month|year)|last {_WEEKDAY}",
    "iso": rf"{_YEAR}-[01]\d-[0-3]\d",
    "decade": r"(?:the )?(?:19|20)\d0s|the \d0s",
    "season": rf"(?:the )?(?:{'|'.join(_SEASONS)}) (?:of )?{_YEAR}",
    "half": rf"(?:the )?(?:first|second) half (?:of )?{_YEAR}",
    "quarter": rf"(?:q[1-4]|(?:the )?(?:first|second|third|fourth) quarter)(?: (?:of )?{_YEAR})?",
    "weekend": r"(?:last|this|the) weekend",
    "yearless": rf"(?:last|this|the) (?:{'|'.join(_SEASONS)})",
    "holiday": rf"(?:(?:the|last|this) )?(?:new year(?:['’]s)?(?: day| eve)?|christmas(?: day| eve)?)(?:,? {_YEAR})?",
    "day": rf"(?:the )?{_DAY} (?:of )?{MONTH}(?:,? {_YEAR})?|{MONTH} {_DAY}(?:,? {_YEAR})?",
    "month": rf"(?:{_PART})?{MONTH},? (?:of )?{_YEAR}",
    "bare": rf"(?:{_PART})?(?:{MONTH}|{_YEAR})|{_WEEKDAY}",
}
_OPS = r"between|from|before|prior to|after|since|until|till|through|up to|in|on|at|during|over|within"
_TIME = re.compile(
    (rf"\b(?:(?P<op>{_OPS}) )?(?:" + "|".join(f"(?P<{k}>{v})" for k, v in _FORMS.items()) + r")\b").replace(
        " ", r"\s+"
    ),
    re.IGNORECASE,
)
_TO = re.compile(r"\s+(?:and|to|until|till|through)\s+", re.IGNORECASE)  # "between X and Y", "from X to Y"
_AND = re.compile(r",?\s+(?:and|or)\s+", re.IGNORECASE)  # "in 2016 and 2018"
DETERMINER = re.compile(r"(?:\b(?:the|a|an|this|that|these|those|his|her|its|their|our|my|your)|['’]s)\s+$", re.I)


def _day(d: date) -> str:
    return f"{d.day} {d:%B %Y}"


def _month_end(d: date) -> date:
    return d.replace(day=calendar.monthrange(d.year, d.month)[1])


def _parse(phrase: str, base: date) -> tuple[date, str] | None:
    """dateparser's date and period ("day", "week", "month", "year") for a phrase, the latest not after base."""
    settings = {"RELATIVE_BASE": datetime(base.year, base.month, base.day), "PREFER_DATES_FROM": "past"}
    data = DateDataParser(languages=["en"], settings=settings).get_date_data(phrase)
    return (data.date_obj.date(), data.period) if data.date_obj else None


def _narrow(start: date, end: date, mod: str) -> tuple[date, date]:
    """The early, mid or late third of a month or a year: "early 2020" is January to April."""
    if start.month != end.month:  # a year: four months each
        first = {"early": 1, "mid": 5, "late": 9}[mod]
        return date(start.year, first, 1), _month_end(date(start.year, first + 3, 1))
    first = {"early": 1, "mid": 11, "late": 21}[mod]
    return start.replace(day=first), (end if mod == "late" else start.replace(day=first + 9))


def _unparsed(kind: str, phrase: str, now: date) -> tuple[date, date, str]:
    """A decade, a season or a half year, which dateparser does not read: "the 90s", "summer 2016", "the first
    half of 2019"."""
    n = int(re.search(r"\d+", phrase).group())
    if kind == "decade":
        first = n if n >= 100 else (2000 + n if 2000 + n <= now.year else 1900 + n)  # "the 20s": the latest
        return date(first, 1, 1), date(first + 9, 12, 31), f"the {first}s"
    if kind == "half":  # "the first half of 2019": January to June
        second = "second" in phrase
        return date(n, 7 if second else 1, 1), date(n, 12 if second else 6, 31 if second else 30), (
            f"the {'second' if second else 'first'} half of {n}")
    season = next(s for s in _SEASONS if s in phrase)
    start = date(n, _SEASONS[season], 1)
    end = _month_end(date(n + start.month // 12, start.month % 12 + 2, 1))  # winter runs into the next year
    return start, end, f"{season} {n}"


def _calendar(kind: str, phrase: str, now: date) -> tuple[date, date, str]:
    """A quarter, a weekend, a season or a holiday without its year, the latest begun by now ("last": the one before

    >>> _calendar("quarter", "q1 2020", date(2026, 12, 7))[2]
    'the first quarter of 2020'
    >>> _calendar("quarter", "the third quarter", date(2026, 5, 1))
    (datetime.date(2025, 7, 1), datetime.date(2025, 9, 30), 'the third quarter of 2025')
    >>> _calendar("weekend", "last weekend", date(2026, 12, 7))[:2]  # a Monday: the Saturday and Sunday before
    (datetime.date(2026, 12, 5), datetime.date(2026, 12, 6))
    >>> _calendar("yearless", "last summer", date(2026, 12, 7))[2], _calendar("yearless", "winter", date(2026, 2, 1))[2]
    ('summer 2025', 'winter 2025')
    >>> _calendar("holiday", "new year", date(2020, 12, 31))[0], _calendar("holiday", "christmas", date(2026, 12, 7))[0]
    (datetime.date(2020, 1, 1), datetime.date(2025, 12, 25))
    """
    if kind == "weekend":
        saturday = now - timedelta(days=(now.weekday() - 5) % 7)  # the latest Saturday, today if one
        if phrase.startswith("last") and saturday >= now - timedelta(days=1):  # on the weekend: the one before
            saturday -= timedelta(days=7)
        return saturday, saturday + timedelta(days=1), f"the weekend of {_day(saturday)}"
    if kind == "quarter":
        n = next(i + 1 for i, w in enumerate(("first|q1", "second|q2", "third|q3", "fourth|q4"))
                 if re.search(rf"\b(?:{w})\b", phrase))
        year = re.search(_YEAR, phrase)
        first = 3 * n - 2
        y = int(year.group()) if year else now.year - (date(now.year, first, 1) > now)
        ordinal = ("first", "second", "third", "fourth")[n - 1]
        return date(y, first, 1), _month_end(date(y, first + 2, 1)), f"the {ordinal} quarter of {y}"
    if kind == "holiday":  # New Year's Day, its eve, Christmas: the one in the year named, else the latest
        month, day_of = (12, 31) if "eve" in phrase and "new" in phrase else (12, 25) if "christmas" in phrase \
            else (1, 1)
        year = re.search(_YEAR, phrase)
        y = int(year.group()) if year else now.year - (date(now.year, month, day_of) > now) - phrase.startswith("last")
        return date(y, month, day_of), date(y, month, day_of), _day(date(y, month, day_of))
    season = next(s for s in _SEASONS if s in phrase)
    y = now.year - (date(now.year, _SEASONS[season], 1) > now) - phrase.startswith("last")
    return _unparsed("season", f"{season} {y}", now)


def _period(day: date, period: str, now: date) -> tuple[date, date, str]:
    """The dates of the day, week, month or year dateparser found, and how an answer names them."""
    if period == "year":
        return date(day.year, 1, 1), date(day.year, 12, 31), str(day.year)
    if period == "month":
        return day.replace(day=1), _month_end(day), f"{day:%B %Y}"
    if period == "week" and day >= now:  # "this week"
        return now - timedelta(days=6), now, f"the 7 days to {_day(now)}"
    if period == "week":
        end = day + timedelta(days=6)
        return (
            day,
            end,
            f"the week before {_day(now)}" if end == now - timedelta(days=1) else f"the week from {_day(day)}",
        )
    return day, day, _day(day)


def _dates(kind: str, phrase: str, base: date, now: date) -> tuple[date, date, str] | None:
    """The inclusive dates a phrase of one form names, the latest not after base, and its label."""
    phrase = " ".join(phrase.lower().split())
    if kind in ("decade", "season", "half"):
        return _unparsed(kind, phrase, now)
    if kind in ("quarter", "weekend", "yearless", "holiday"):
        return _calendar(kind, phrase, now)
    mod = re.match(r"the (end|start|beginning|middle) of |(early|mid|late)[-\s]?", phrase)
    if kind == "rolling":  # "the past 3 months": from 3 months back to now
        count = re.search(rf"{_NUMBER} ", phrase)
        phrase = f"{count.group() if count else '1 '}{re.search(_UNIT, phrase).group()} ago"
    parsed = _parse(phrase[mod.end() :] if mod else phrase, base)
    if parsed is None:
        return None
    if kind == "rolling":
        return parsed[0], now, f"since {_day(parsed[0])}"
    start, end, label = _period(*parsed, now)
    if mod:
        part = _PARTS[mod.group(1) or mod.group(2)]
        start, end = _narrow(start, end, part)
        label = f"{part} {label}"
    return start, end, label


def _single(m: re.Match[str], joined: bool, question: str, now: date) -> DatedPhrase | None:
    """One phrase's dates, opened on one side by "before", "after", "since" or "until"."""
    kind, op = m.lastgroup or "", (m["op"] or "").lower()
    if op == "at" and kind != "holiday" and not m[kind].lower().startswith("the "):
        op = ""  # "at the end of 2008", "at christmas"; not "at 2016 prices"
    bare = kind == "bare" or (kind in ("quarter", "yearless", "weekend") and m[kind].lower().startswith(("the", "q")))
    if not op and not joined and (bare or kind == "holiday" or DETERMINER.search(question, 0, m.start())):
        return None  # "may i ask", "the 2019 report": a verb, or part of a noun phrase
    if kind == "bare" and question[m.end() : m.end() + 2] in ("'s", "’s"):
        return None  # "on may's brexit deal": Theresa May; "in 2016's election": an event
    dates = _dates(kind, m[kind], now, now)
    if dates is None or dates[0] > now:
        return None
    start, end, label = dates
    if op in ("before", "prior to"):
        return DatedPhrase(m.start(), m.end(), None, start - timedelta(days=1), f"before {label}")
    if op == "after":
        return DatedPhrase(m.start(), m.end(), end + timedelta(days=1), None, f"after {label}")
    if op == "since":
        return DatedPhrase(m.start(), m.end(), start, None, label if label.startswith("since") else f"since {label}")
    if op in ("until", "till", "through", "up to"):
        return DatedPhrase(m.start(), m.end(), None, min(end, now), f"until {label}")
    return DatedPhrase(m.start(), m.end(), start, min(end, now), label)


def _range(a: re.Match[str], b: re.Match[str], now: date) -> DatedPhrase | None:
    """ "between june and august 2020": the later date first, then the earlier one as the latest before it."""
    later = _dates(b.lastgroup or "", b[b.lastgroup or 0], now, now)
    if later is None or later[0] > now:
        return None
    earlier = _dates(a.lastgroup or "", a[a.lastgroup or 0], later[1], now)
    if earlier is None or earlier[0] > later[1]:
        return None
    first, last = earlier[2], later[2]
    year = last.rsplit(" ", 1)[-1]
    if first.endswith(f" {year}") and year.isdigit():
        first = first[: -len(year) - 1]  # "June to August 2020"
    return DatedPhrase(a.start(), b.end(), earlier[0], min(later[1], now), f"{first} to {last}")


def dated_phrases(question: str, now: date) -> list[DatedPhrase]:
    """The dated phrases of a question, in order; "between X and Y" is one, and "and" joins "in 2016 and 2018".

    >>> since, may = dated_phrases("what did he say since 2016 and in may", date(2026, 12, 7))
    >>> since.label, since.start, since.end
    ('since 2016', datetime.date(2016, 1, 1), None)
    >>> may.label, may.start, may.end
    ('May 2026', datetime.date(2026, 5, 1), datetime.date(2026, 5, 31))
    """
    matches, phrases, i = list(_TIME.finditer(question)), [], 0
    while i < len(matches):
        m, following = matches[i], matches[i + 1] if i + 1 < len(matches) else None
        opens = (m["op"] or "").lower() in ("between", "from")
        if opens and following and not following["op"] and _TO.fullmatch(question, m.end(), following.start()):
            phrase, i = _range(m, following, now), i + 2
        else:
            joined = bool(phrases) and bool(_AND.fullmatch(question, phrases[-1].to, m.start()))
            phrase, i = _single(m, joined, question, now), i + 1
            if phrase and joined:  # the "and" goes with the time words
                phrase = replace(phrase, at=phrases[-1].to)
        if phrase:
            phrases.append(phrase)
    return phrases
