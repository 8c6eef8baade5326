"""A question's time window applied to answers: statements and passages inside it first, the latest or the
earliest first, a timeline in date order, and an honest "nothing from <window>" when it holds nothing.

The window ranks rather than cuts (a hard date filter alone loses answers whose article is dated a day after the
event): what lies inside comes first, and only when nothing does is the answer the plain "nothing from May
2016; the latest is from 2018-07-17", with the latest there is. An article without a date lies in no window.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta

from index.answer.route import route
from index.text.when import TimeWindow, read_time
from index.text.words import terms
from index.types import Answer, Passage, Statement

# "how has X's view on Y changed", "how did X's position on Y evolve": X's statements on Y over time
_VIEW = re.compile(
    r"^how\s+(?:has|have|did|does|do)\s+(?P<who>.+?)(?:['’]s?)?\s+(?:views?|positions?|stances?|line|tone|opinions?|"
    r"thinking|rhetoric|language|messages?|statements?|remarks?|comments?|words|outlook|attitudes?|approach|"
    r"assessments?|forecasts?|predictions?|warnings?)"
    r"(?:\s+(?:on|about|towards?|over)\s+(?P<topic>.+?))?\s+"
    r"(?:changed|change|evolved|evolve|shifted|shift|developed|develop)\b.*$",
    re.IGNORECASE,
)
_OVER_TIME = re.compile(r"^(?:timeline\s+(?:of|for)\s+)?(?P<who>[^?,]+?)\s+(?:on|about)\s+(?P<topic>[^?]+?)[\s?.!]*$",
                        re.IGNORECASE)
_SAID = re.compile(r"^what\s+(?:did|has|have)\s+(?P<who>[^?,]+?)\s+(?:say|said)"
                   r"(?:\s+(?:about|on)\s+(?P<topic>[^?,]+))?", re.IGNORECASE)
_NAME_ONLY = re.compile(r"^(?:timeline\s+(?:of|for)\s+)?(?P<who>[A-Za-z][\w.'’-]*(?:\s+[A-Za-z][\w.'’-]*){0,2})"
                        r"[\s?.!]*$")


# "after the House impeached Trump", "since the bill was withdrawn", "before the election": an event, not a date
_EVENT = re.compile(r"^(?P<rest>.+?),?\s+(?P<op>after|since|following|before|prior to|ahead of|in the run-up to)\s+"
                    r"(?P<event>(?:the|a|an|his|her|their|its|he|she|they)\s+[^?,]+?|[^?,]+?\s+(?:was|were|had)\s+[^?,]+?"
                    r"|(?-i:[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)*\s+(?:[a-z]+ed|won|lost|quit|left|took|beat|became|met|fell|ran))"
                    r"\b[^?,]*?)"  # "Obama renominated him", "Trump won the election"
                    r"[\s?.!]*$", re.IGNORECASE)
_PRONOUN = re.compile(r"\b(?:he|she|they|him|them|his|her|their)\b", re.IGNORECASE)


@dataclass(frozen=True)
class EventTime:
    """A question relative to an event the library can date: the question without it, the event's words, and
    whether the window lies after it."""

    rest: str
    event: str
    after: bool


def event_time(question: str) -> EventTime | None:
    """ "What did Pelosi say after the House impeached Trump?" -> its event, for the library to date.

    >>> event_time("What did Pelosi say after the House impeached Trump?")
    EventTime(rest='What did Pelosi say?', event='the House impeached Trump', after=True)
    >>> event_time("What did Warner say about Putin?") is None
    True
    >>> event_time("what did trump say prior to the election").after, event_time("what did X say after he quit")
    (False, EventTime(rest='what did X say', event='he quit', after=True))
    >>> event_time("What did Bernanke say after Obama renominated him?").event, event_time("what did X say after May")
    ('Obama renominated him', None)
    """
    match = _EVENT.match(question.strip())
    if match is None:
        return None
    rest = match.group("rest").rstrip(" ,") + ("?" if question.rstrip().endswith("?") else "")
    return EventTime(rest, match.group("event"), match.group("op").lower() not in ("before", "prior to", "ahead of",
                                                                                   "in the run-up to"))


def event_window(event: EventTime, when: date, now: date | None) -> TimeWindow:
    """The window after (from the day it was reported) or before an event the library dates `when`, nearest
    the event first: what was said after it earliest first (the reaction), before it latest first (the run-up).

    >>> w = event_window(EventTime("q", "the vote", True), date(2019, 12, 18), None)
    >>> w.label, w.order
    ('since the vote (2019-12-18)', 'earliest')
    """
    if event.after:
        return TimeWindow(when, None, "earliest", label=f"since {event.event} ({when})", now=now)
    return TimeWindow(None, when - timedelta(days=1), "latest", label=f"before {event.event} ({when})", now=now)


@dataclass(frozen=True)
class Timed:
    """Statements put in time: those to show first, the rest (for "more"), and how the answer's first line
    names the window ("in May 2016", "latest first"); `empty` when the window held none of them."""

    first: list[Statement]
    rest: list[Statement]
    head: str
    empty: bool = False


def day(value: str | None) -> date | None:
    """An ISO date string -> date; None for none or a malformed one.

    >>> day("2016-05-03"), day("2016"), day(None)
    (datetime.date(2016, 5, 3), None, None)
    """
    try:
        return date.fromisoformat(value[:10]) if value and len(value) >= 10 else None
    except ValueError:
        return None


def within(value: str | None, window: TimeWindow) -> bool:
    """Is an article dated `value` inside the window's dates? (Open ends are open; no date is in no window.)

    >>> w = TimeWindow(date(2016, 5, 1), date(2016, 5, 31), label="May 2016")
    >>> within("2016-05-03", w), within("2016-06-01", w), within(None, w), within(None, TimeWindow(order="latest"))
    (True, False, False, True)
    """
    when = day(value)
    if window.now is not None and when is not None and when > window.now:
        return False  # asked as of `now`: a later article is not yet written
    if window.start is None and window.end is None:
        return True
    if when is None:
        return False
    return (window.start is None or when >= window.start) and (window.end is None or when <= window.end)


def dated(window: TimeWindow) -> bool:
    """Does the window have dates (not only an order)?"""
    return window.start is not None or window.end is not None


def _date_of(statement: Statement) -> str:
    return (statement.source.date or "") if statement.source else ""


def in_time(statements: list[Statement], window: TimeWindow, shown: int) -> Timed:
    """Order a person's statements (already ranked by relevance) by the window.

    >>> from index.types import Quote, Source
    >>> def s(d): return Statement(Quote("W", "W", "said", d, "direct", 0, 1, "", d), Source(d, "T", None, d))
    >>> may = TimeWindow(date(2016, 5, 1), date(2016, 5, 31), label="May 2016")
    >>> t = in_time([s("2016-03-01"), s("2016-05-02"), s("2018-01-01")], may, 3)
    >>> [x.quote.content for x in t.first], t.head
    (['2016-05-02'], 'in May 2016')
    >>> t = in_time([s("2016-03-01"), s("2018-01-01")], may, 3)
    >>> [x.quote.content for x in t.first], t.head, t.empty
    (['2018-01-01'], 'nothing in May 2016; the latest is from 2018-01-01', True)
    >>> t = in_time([s("2016-03-01"), s("2018-01-01")], replace(may, now=date(2017, 1, 1)), 3)
    >>> [x.quote.content for x in t.first], t.head  # asked as of 2017: the 2018 statement is not yet said
    (['2016-03-01'], 'nothing in May 2016; the latest is from 2016-03-01')
    >>> in_time([s("2018-01-01")], TimeWindow(timeline=True, now=date(2017, 1, 1)), 3).head  # not "nothing over time"
    'nothing said by 2017-01-01'
    >>> t = in_time([s("2016-03-01"), s("2018-01-01"), s("2017-01-01")], TimeWindow(timeline=True), 2)
    >>> [x.quote.content for x in t.first], [x.quote.content for x in t.rest]
    (['2016-03-01', '2018-01-01'], ['2017-01-01'])
    """
    inside = [s for s in statements if within(_date_of(s), window)]
    if not inside:  # the latest written by `now`: a later one was not yet said
        latest = sorted((s for s in statements if within(_date_of(s), TimeWindow(now=window.now))), key=_date_of,
                        reverse=True)
        when = _date_of(latest[0]) if latest else ""
        asked = phrase(window) if dated(window) or window.now is None else f"said by {window.now.isoformat()}"
        head = f"nothing {asked}" + (f"; the latest is from {when}" if when else "")
        return Timed(latest[:1], latest[1:], head, empty=True)
    if window.timeline:
        order = sorted(inside, key=_date_of)
        ends = [order[0], order[-1]] if len(order) > 1 else order  # the first and the latest always shown
        middle = [s for s in order if s not in ends]
        first = [ends[0], *middle[: max(shown - 2, 0)], *ends[1:]]
        return Timed(first, [s for s in order if s not in first], phrase(window) or "over time")
    if window.order:
        order = sorted(inside, key=_date_of, reverse=window.order == "latest")
        return Timed(order[:shown], order[shown:], phrase(window))
    return Timed(inside[:shown], inside[shown:], phrase(window))


ORDERED_SHARE = 0.35  # a timeline or a "latest" keeps statements this close to the topic, as a share of the best


def on_topic(statements: list[Statement], floor: float, window: TimeWindow, topic: str) -> list[Statement]:
    """The statements on the topic. In a timeline or a latest/earliest list, where date and not closeness orders
    them, one far from the topic would lead or close the list ("We stand ready" on Amazon fires in Johnson's
    Brexit timeline): there a statement must also come within ORDERED_SHARE of the closest one.

    >>> from index.types import Quote, Source
    >>> def s(r): return Statement(Quote("W", "W", "said", str(r), "direct", 0, 1), Source("a", "T"), relevance=r)
    >>> [x.relevance for x in on_topic([s(0.95), s(0.48), s(0.23)], 0.2, TimeWindow(timeline=True), "brexit")]
    [0.95, 0.48]
    >>> [x.relevance for x in on_topic([s(0.95), s(0.48), s(0.23)], 0.2, TimeWindow(), "brexit")]
    [0.95, 0.48, 0.23]
    """
    if not topic or not statements:
        return statements
    ordered = window.timeline or (window.order and not dated(window))
    best = max(s.relevance for s in statements)
    floor = max(floor, ORDERED_SHARE * best) if ordered else floor
    return [s for s in statements if s.relevance >= floor]


def phrase(window: TimeWindow) -> str:
    """How a head names the window: "in May 2016", "latest first", "over time", "since March 2020".

    >>> phrase(TimeWindow(date(2009, 1, 1), date(2009, 12, 31), timeline=True, label="2009, over time"))
    'over time (2009)'
    """
    if window.timeline:
        label = window.label.removesuffix(", over time")  # "2009, over time": the window's own words
        return "over time" + (f" ({label})" if dated(window) and label else "")
    if not dated(window):
        return "latest first" if window.order == "latest" else "earliest first"
    label = window.label
    return label if re.match(r"(?:since|before|after|until|between|from|in|on|during)\b", label) else f"in {label}"


def first_in_window(passages: list[Passage], window: TimeWindow) -> list[Passage]:
    """Passages inside the window first, each side in its own (relevance) order: a rank, not a cut. An order
    without dates ("latest") ranks nothing here: its answers are put in date order once they are chosen.

    >>> p = [Passage(i, str(i), "t", "x", 0.5, 0, 1, date=d) for i, d in enumerate(["2019-01-02", "2016-05-09"])]
    >>> [x.date for x in first_in_window(p, TimeWindow(date(2016, 5, 1), date(2016, 5, 31)))]
    ['2016-05-09', '2019-01-02']
    """
    return sorted(passages, key=lambda p: not within(p.date, window))


def view_question(rest: str) -> str | None:
    """A timeline question as a statement question: "How has Clinton's view on trade changed?" -> "What did
    Clinton say about trade?"; "clinton on trade", "bernie sanders", "What did Rouhani say, and how did his
    statements change?" (with "over time" cut) likewise. None when it is not one.

    >>> view_question("How has Clinton's view on trade changed?"), view_question("warner on russia")
    ('What did Clinton say about trade?', 'What did warner say about russia?')
    >>> view_question("bernie sanders"), view_question("What did Rouhani say, and how did his statements change?")
    ('What did bernie sanders say?', 'What did Rouhani say?')
    >>> view_question("How did Bernanke's outlook on the recession change?")
    'What did Bernanke say about the recession?'
    """
    text = rest.strip()
    match = _SAID.match(text) or _VIEW.match(text) or _OVER_TIME.match(text) or _NAME_ONLY.match(text)
    if match is None or len(match.group("who").split()) > 4:
        return None
    topic = (match.groupdict().get("topic") or "").strip(" ?.!")
    return f"What did {match.group('who').strip()} say" + (f" about {topic}?" if topic else "?")


def timed_question(question: str, now: date | None = None) -> tuple[str, TimeWindow | None]:
    """The question to answer (its time words cut; a timeline as a statement question) and its window, read
    against `now` (default: today).

    >>> timed_question("How has Clinton's view on trade changed?", date(2026, 12, 7))[0]
    'What did Clinton say about trade?'
    >>> timed_question("What did Warner say?", date(2026, 12, 7))
    ('What did Warner say?', None)
    """
    reading = read_time(question, now or date.today())
    if reading.window is None:
        return question, None
    view = view_question(reading.rest) if reading.window.timeline else None
    return view or reading.rest, reading.window


def read_when(question: str, now: date | None, find: Callable[[str], list[Passage]] | None,
              min_score: float) -> tuple[str, TimeWindow | None]:
    """timed_question(), and a window after or before an event the question names with no date ("after the
    House impeached Trump"): it starts (ends) on the date of an article `find` gives for the event's words,
    once one of them scores `min_score`: the earliest of those whose title holds all its words (the event's own
    report comes before the reactions to it), else of those scoring `min_score` whose text does, else the
    best; nothing written after `now`. An event that names its own dates ("the March 2008 election") is dated
    by the articles inside them, else the window takes all of them in. Otherwise the question stays as asked.
    Only for statement questions: in a fact question the event is the topic ("how many died after the bus
    crashed")."""
    asked, window = timed_question(question, now)
    event = event_time(question) if window is None and find is not None else None
    if event is None or find is None or route(event.rest).kind != "quotes":
        return asked, window
    who = route(event.rest).speaker  # "after he dropped out": the speaker dropped out
    words = _PRONOUN.sub(who, event.event, count=1) if who else event.event
    found = [p for p in find(words) if day(p.date) and (not now or day(p.date) <= now)]
    named = _named_dates(event.event, now or date.today())  # "the March 2008 election": its own dates
    if named is not None and named.start and named.end:  # the event's report in them, else all of them
        found = [p for p in found if within(p.date, named)]
        if not found:
            return event.rest, event_window(event, named.start if event.after else named.end + timedelta(1), now)
    if not found or max(p.score for p in found) < min_score:
        return question, None
    wanted = set(terms(words))
    close = ([p for p in found if wanted <= set(terms(p.title))]  # an article about it
             or [p for p in found if p.score >= min_score and wanted <= set(terms(p.text))] or found[:1])
    return event.rest, event_window(event, min(day(p.date) for p in close), now)


_MONTH_YEAR = re.compile(r"\b(?:(?:January|February|March|April|May|June|July|August|September|October|November|"
                         r"December)\s+)?(?:19|20)\d\d\b", re.IGNORECASE)


def _named_dates(event: str, now: date) -> TimeWindow | None:
    """The month or year an event's words name ("the March 2008 election"), read as "in March 2008".

    >>> _named_dates("the March 2008 election", date(2010, 1, 1)).label, _named_dates("the vote", date(2010, 1, 1))
    ('March 2008', None)
    """
    match = _MONTH_YEAR.search(event)
    return read_time(f"in {match.group()}", now).window if match else None


def in_window(answer: Answer, passages: list[Passage], window: TimeWindow) -> Answer:
    """A passage answer says which window it read: "In May 2016: ...", or that the window held nothing on it
    and how recent the articles it read are."""
    if not answer.found:
        return answer
    if not dated(window) or any(within(p.date, window) for p in passages):
        said = phrase(window)
        return replace(answer, text=f"{said[:1].upper()}{said[1:]}: {answer.text}")
    latest = max((p.date for p in passages if p.date and within(p.date, TimeWindow(now=window.now))), default="")
    note = f"Nothing {phrase(window)}" + (f"; the latest I have is from {latest}" if latest else "")
    return replace(answer, text=f"{note}: {answer.text}")
