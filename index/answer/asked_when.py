"""When a question asks about: its time words read into a window (index/text/when.py), a timeline question
read as a statement question ("How has Clinton's view on trade changed?" -> "What did Clinton say about
trade?"), and an event with no date ("after the House impeached Trump") dated by the library's articles.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from index.answer.route import route
from index.answer.timed import dated, day, within
from index.text.when import TimeWindow, read_time
from index.text.words import terms
from index.types import Passage

# "how has X's view on Y changed", "how did X's position on Y evolve": X's statements on Y over time
_VIEW = re.compile(
    r"^how\s+(?:has|have|did|does|do)\s+(?P<who>.+?)(?:['’]s?)?\s+(?:views?|positions?|stances?|line|tone|opinions?|"
    r"thinking|rhetoric|language|messages?|statements?|remarks?|comments?|words|outlook|attitudes?|approach|"
    r"assessments?|forecasts?|predictions?|warnings?|criticisms?|attacks?|support|opposition|reactions?|responses?)"
    r"(?:\s+(?:on|about|towards?|over|of)\s+(?P<topic>.+?))?\s+"
    r"(?:changed|change|evolved|evolve|shifted|shift|developed|develop)\b.*$",
    re.IGNORECASE,
)
# "how has X responded to Y": X's statements on Y
_RESPONDED = re.compile(r"^how\s+(?:has|have|did|does|do)\s+(?P<who>[^?,]+?)\s+(?:responded|reacted|respond|react|"
                        r"spoken|spoke|speak|talked|talk)\s+(?:to|about|on)\s+(?P<topic>[^?]+?)[\s?.!]*$",
                        re.IGNORECASE)
_NOUNS = (r"(?:statements?|quotes?|comments?|remarks?|words|views?|positions?|stances?|attacks?|criticisms?|"
          r"reactions?|responses?)")
# "X's comments on Y", "X's first quote", "the statement by X", "when was X quoted": X's statements (on Y)
_STATEMENTS_OF = re.compile(
    rf"^(?:what(?:['’]s| is| was| are| were)\s+)?(?:the\s+)?(?:(?P<who>[^?,]+?)['’]s?\s+{_NOUNS}|"
    rf"{_NOUNS}\s+(?:by|from|of)\s+(?P<who2>[^?,]+?))"
    r"(?:\s+(?:on|about|of|regarding|towards?)\s+(?P<topic>[^?]+?))?[\s?.!]*$|"
    r"^when\s+(?:was|were)\s+(?P<who3>[^?,]+?)\s+quoted\b", re.IGNORECASE)
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
    match = (_SAID.match(text) or _VIEW.match(text) or _RESPONDED.match(text) or _STATEMENTS_OF.match(text)
             or _OVER_TIME.match(text) or _NAME_ONLY.match(text))
    return _said_question(match)


def statements_question(rest: str) -> str | None:
    """A latest or earliest question about a person's statements, as a statement question: "john mccain's
    (latest) comments", "the (earliest) statement by Kevin Rudd", "When was Trump (first) quoted?". None when
    it is not one ("(the latest on) brexit" stays a question about the news).

    >>> statements_question("john mccain's comments"), statements_question("What's statement by Kevin Rudd?")
    ('What did john mccain say?', 'What did Kevin Rudd say?')
    >>> statements_question("When was Donald Trump quoted, and what did he say?"), statements_question("brexit")
    ('What did Donald Trump say?', None)
    """
    return _said_question(_STATEMENTS_OF.match(rest.strip()))


def _said_question(match: re.Match[str] | None) -> str | None:
    parts = {k: v for k, v in (match.groupdict() if match else {}).items() if v}
    who = (parts.get("who") or parts.get("who2") or parts.get("who3") or "").strip()
    if not who or len(who.split()) > 4:
        return None
    topic = (parts.get("topic") or "").strip(" ?.!")
    return f"What did {who} say" + (f" about {topic}?" if topic else "?")


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
    window = reading.window
    view = (view_question(reading.rest) if window.timeline
            else statements_question(reading.rest) if window.order and not dated(window) else None)
    return view or reading.rest, window


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
