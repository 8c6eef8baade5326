"""Time in a question: the dates it asks about, latest or earliest first, or how a view changed over time.

index/text/dates.py finds the dated phrases (with dateparser); this module adds the order words, joins them into
one TimeWindow and cuts the time words out of the question, so that they are never taken as its topic ("what did
X say recently" is not about "recently"). Measured with timeit over tests/test_when.py's 68 questions on a busy
2-core machine (dateparser 1.5.0, three runs): 0.5-0.8 ms a question on average, 0.09 ms with no time in it,
0.9-1.5 ms with dated phrases (one dateparser call each), under 4 ms at worst (two phrases or a range). The first
dated phrase of a process pays ~0.17 s while dateparser loads its English data: a caller may warm it at start-up
with one read_time().

- "recently", "lately", "latest", "most recent", "newest", "what's new", "currently", "the current" (not
  "the current account"), "any news (on X)", "updates
  on X", "X updates", "X news" (a topic and "news", nothing else) ask for the latest first
  with no dates: the library may hold only articles years old, and a 30-day window would leave it nothing to say.
- "earliest", and "first"/"last" in their time sense: before a verb ("what did X first say", "when was X last
  elected") or a word for a statement ("X's first speech"), or "the first time"; "the first woman", "the first
  wave", "the first round" and "won for the first time" are ordinals and stay in the topic.
- "how has X's view changed", "over time", "timeline of", "then and now", a leading "track" ("Track X's comments on
  Y") ask for a timeline; "changed" stays in the question,
  since "change" may be its topic ("how has climate change ..."). Latest and earliest words together
  ("from the earliest to the latest") ask for a timeline too.
- "after the election" has no date, so no window: an event is not a date we can read, and it stays in the topic.
- Several dated phrases give the days all of them allow ("since 2016 and before 2020"), or, when no day is in
  all of them ("in 2016 and 2018"), the span from the first to the last.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from index.text.dates import DETERMINER, MONTH, DatedPhrase, dated_phrases


@dataclass(frozen=True)
class TimeWindow:
    """When a question asks about: inclusive dates (None: open), an order, and how an answer names it."""

    start: date | None = None
    end: date | None = None
    order: str | None = None  # "latest" or "earliest": which end of time to answer from
    timeline: bool = False  # how something changed: answer in date order, over the whole window
    label: str = ""  # "May 2016", "since March 2020", "the latest"
    words: tuple[str, ...] = ()  # the time words as typed, in order
    now: date | None = None  # when it was asked: nothing dated later is in any window (the library as of then)


@dataclass(frozen=True)
class TimeReading:
    """A question read for time: its window (None: no time in it) and the question without its time words."""

    window: TimeWindow | None
    rest: str


_LATEST = re.compile(
    r"\b(?:(?:the )?(?:very )?(?:latest|newest|most recent(?:ly)?)|recent(?:ly)?|lately|these days|nowadays|"
    r"currently|the current(?! account\b)|(?:what(?:['’]?s| is)|anything) new|new(?= on\b))\b".replace(" ", r"\s+"),
    re.IGNORECASE,
)
# "any news on X", "updates on X", "X updates": the latest, unless another order word says which end of time
_NEWS_ON = re.compile(r"\b(?:(?:any )?(?:news|updates?) (?:on|about|regarding|from)|any news|"
                      r"(?<=\w\s)updates?(?=[\s?.!]*$))\b".replace(" ", r"\s+"), re.IGNORECASE)
_TOPIC_NEWS = re.compile(r"(?:(?!\b(?:what|who|whom|how|when|where|why|which|did|does|do|say|said|says|fake)\b)"
                         r"[^?.!])+?\s(?P<news>news)[\s?.!]*", re.IGNORECASE)
_EARLIEST = re.compile(r"\b(?:the\s+)?(?:very\s+)?earliest\b", re.IGNORECASE)
_FIRST_LAST = re.compile(r"\b(?P<the>the\s+)?(?P<word>first|last)\s+(?P<next>\w+)", re.IGNORECASE)
# After "first"/"last", a verb gives the time sense ("what did X first say"); so does a word for a statement
# ("X's first speech"); any other word makes an ordinal ("the first wave"). Past participles end in -ed.
_VERBS = frozenset(
    """say says speak spoke spoken talk mention tweet comment announce warn propose call claim write wrote written
    use appear meet met visit raise address discuss react respond support oppose endorse criticise criticize
    admit deny suggest come came become became hear heard see saw seen learn learnt know knew known tell told
    publish go went take took taken make made run ran win won begin began begun""".split()
)
_STATEMENTS = frozenset(
    """statement statements comment comments remark remarks word words reaction response speech speeches
    interview tweet tweets post message quote mention appearance announcement""".split()
)
_TIMELINE = re.compile(
    r"\b(?:over (?:the )?(?:time|years|decades|months)|over the course of (?:time|the years)|"
    r"through(?:out)? the years|(?:(?:a|the) )?timeline(?: of)?|"
    r"(?:at )?first and (?:most recently|(?:the )?latest|(?:the )?last|lately|now)|then and now|"
    r"^(?:track|trace|follow)(?= \w))\b".replace(" ", r"\s+"),
    re.IGNORECASE,
)
# Asks for a timeline with no time words to cut: "changed" may be the topic's own word. The verb ends the question
# or comes before a time word, and is no noun: "how did X react to the change" asks no timeline.
_CHANGED = re.compile(
    r"\bhow\s+(?:has|have|had|did|does|do)\b.*?(?<!\bthe\s)(?<!\ba\s)\b(?:chang|evolv|shift|develop)\w*"
    r"(?=\s*(?:$|[?.!]|(?:over|since|after|before|from|in|during|through|between)\b))|"
    r"\b(?:chang|shift|evolv)\w*\s+(?:his|her|their|its)\s+(?:mind|views?|stance|position|tune)\b|\bflip[- ]?flop",
    re.IGNORECASE,
)


def _first_last(question: str) -> list[tuple[int, int, str]]:
    """Where "first" or "last" has its time sense, and which order it asks for."""
    found = []
    for m in _FIRST_LAST.finditer(question):
        nxt, order = m["next"].lower(), "earliest" if m["word"].lower() == "first" else "latest"
        before = question[: m.start()]
        if nxt == "time" and not re.search(r"\bfor\s+$", before, re.IGNORECASE):  # not "won for the first time"
            found.append((m.start(), m.end(), order))
        elif nxt in _STATEMENTS or (
            not m["the"] and not DETERMINER.search(before) and (nxt in _VERBS or nxt.endswith("ed"))
        ):
            found.append((m.start("word"), m.end("word"), order))
    return found


def _orders(question: str) -> list[tuple[int, int, str]]:
    """Each order word's span and the order it asks for ("latest", "earliest", "timeline"), in order."""
    found = [(m.start(), m.end(), "latest") for m in _LATEST.finditer(question)]
    found += [(m.start(), m.end(), "earliest") for m in _EARLIEST.finditer(question)]
    found += [(m.start(), m.end(), "timeline") for m in _TIMELINE.finditer(question)]
    found += _first_last(question)
    if not found:
        found = [(m.start(), m.end(), "latest") for m in _NEWS_ON.finditer(question)]
    if not found and (m := _TOPIC_NEWS.fullmatch(question)):  # "earthquake news": a topic and "news", nothing else
        found = [(m.start("news"), m.end("news"), "latest")]
    return sorted(found)


def _bounds(pieces: list[DatedPhrase]) -> tuple[date | None, date | None]:
    """The days every phrase allows ("since 2016 ... before 2020"); with none, the span of them all."""
    starts, ends = [p.start for p in pieces if p.start is not None], [p.end for p in pieces if p.end is not None]
    start, end = max(starts, default=None), min(ends, default=None)
    if start and end and start > end:  # "in 2016 and 2018": no day in both
        start = None if len(starts) < len(pieces) else min(starts)
        end = None if len(ends) < len(pieces) else max(ends)
    return start, end


def _without(question: str, spans: list[tuple[int, int]]) -> str:
    """The question with the spans cut out and the spaces they leave closed up."""
    kept, at = [], 0
    for start, end in sorted(spans):
        kept.append(question[at : max(at, start)])
        at = max(at, end)
    rest = " ".join("".join(kept + [question[at:]]).split())
    rest = re.sub(r"\s+(?=[?.,!;:])", "", rest)
    return re.sub(r",+(?=[?.!])", "", rest).strip(" ,;:")


# "from the March 2008 election to ...": an event that names its date starts a range at that date
_ANCHOR = re.compile(rf"\bfrom\s+the\s+({MONTH}\s+)?((?:19|20)\d\d)\s+\w+(?:\s+\w+)?\s+(to|until|till|through)\b",
                     re.IGNORECASE)
_THAT_YEAR = re.compile(r"\b(?:that|the same) year\b", re.IGNORECASE)


def _anchored(question: str) -> str:
    """A range from an event that names its date, and "that year" as the year named before it.

    >>> _anchored("How did Mugabe's message change from the March 2008 election to the end of that year?")
    "How did Mugabe's message change from March 2008 to the end of 2008?"
    >>> _anchored("what did he say that year")
    'what did he say that year'
    """
    question = _ANCHOR.sub(lambda m: f"from {m.group(1) or ''}{m.group(2)} {m.group(3)}", question)

    def year(m: re.Match[str]) -> str:
        named = re.findall(r"\b(?:19|20)\d\d\b", question[: m.start()])
        return named[-1] if named else m.group()
    return _THAT_YEAR.sub(year, question)


def read_time(question: str, now: date) -> TimeReading:
    """The time a question asks about, read against `now` (today, or the library's newest date).

    >>> r = read_time("What did Rubio say in May 2016?", date(2026, 12, 7))
    >>> r.window.start, r.window.end, r.window.label, r.rest
    (datetime.date(2016, 5, 1), datetime.date(2016, 5, 31), 'May 2016', 'What did Rubio say?')
    >>> r = read_time("what did sanders say most recently", date(2026, 12, 7))
    >>> r.window.start, r.window.order, r.window.label, r.rest
    (None, 'latest', 'the latest', 'what did sanders say')
    >>> read_time("what did the 2019 report say", date(2026, 12, 7)).window is None
    True
    """
    question = _anchored(question)
    pieces, orders = dated_phrases(question, now), _orders(question)
    timeline = any(o == "timeline" for *_, o in orders) or bool(_CHANGED.search(question))
    if not pieces and not orders and not timeline:
        return TimeReading(None, question)
    kinds = {o for *_, o in orders} - {"timeline"}
    order = kinds.pop() if len(kinds) == 1 else None
    timeline = timeline or len(kinds) > 1  # "from the earliest to the latest"
    start, end = _bounds(pieces)
    spans = sorted([(p.at, p.to) for p in pieces] + [(a, b) for a, b, _ in orders])
    window = TimeWindow(
        start, end, order, timeline, _label(pieces, order, timeline), tuple(question[a:b].strip() for a, b in spans),
        now,
    )
    return TimeReading(window, _without(question, spans))


def _label(pieces: list[DatedPhrase], order: str | None, timeline: bool) -> str:
    """How an answer names the window: "May 2016", "since March 2020, latest first", "the latest", "over time"."""
    dates = " and ".join(p.label for p in pieces)
    how = "over time" if timeline else f"{order} first" if order else ""
    if not dates:
        return "over time" if timeline else f"the {order}"
    return f"{dates}, {how}" if how else dates
