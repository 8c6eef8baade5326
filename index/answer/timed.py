"""A question's time window applied to answers: statements and passages inside it first, the latest or the
earliest first, a timeline in date order, and an honest "nothing from <window>" when it holds nothing.

The window ranks rather than cuts (a hard date filter alone loses answers whose article is dated a day after the
event): what lies inside comes first, and only when nothing does is the answer the plain "nothing from May
2016; the latest is from 2018-07-17", with the latest there is. An article without a date lies in no window.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

from index.text.when import TimeWindow
from index.text.words import terms
from index.types import Answer, Passage, Statement


@dataclass(frozen=True)
class Timed:
    """Statements put in time: those to show first, the rest (for "more"), and how the answer's first line
    names the window ("in May 2016", "latest first"); `empty` when the window held none of them."""

    first: list[Statement]
    rest: list[Statement]
    head: str
    empty: bool = False


def _source_of(statement: Statement) -> str:
    return statement.source.article_id if statement.source else ""


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
    >>> two = [s("2016-03-01"), s("2016-03-01"), s("2017-01-01"), s("2018-01-01")]  # two lines of one article
    >>> [x.quote.content for x in in_time(two, TimeWindow(timeline=True), 3).first]
    ['2016-03-01', '2017-01-01', '2018-01-01']
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
        seen, spread = {_source_of(s) for s in ends}, []  # one line an article while another article waits:
        for s in middle:  # a timeline's lines are dates; the rest stay behind "More"
            if _source_of(s) not in seen:
                spread.append(s)
                seen.add(_source_of(s))
        middle = sorted((spread + [s for s in middle if s not in spread])[: max(shown - 2, 0)], key=_date_of)
        first = [ends[0], *middle, *ends[1:]]
        return Timed(first, [s for s in order if s not in first], phrase(window) or "over time")
    if window.order:
        order = sorted(inside, key=_date_of, reverse=window.order == "latest")
        return Timed(order[:shown], order[shown:], phrase(window))
    return Timed(inside[:shown], inside[shown:], phrase(window))


ORDERED_SHARE = 0.35  # a timeline or a "latest" keeps statements this close to the topic, as a share of the best
NAMING = 3  # ... and only those naming the topic's words, when at least this many do


def on_topic(statements: list[Statement], floor: float, window: TimeWindow, topic: str) -> list[Statement]:
    """The statements on the topic. In a timeline or a latest/earliest list, where date and not closeness orders
    them, one far from the topic would lead or close the list ("We stand ready" on Amazon fires in Johnson's
    Brexit timeline): there a statement must also come within ORDERED_SHARE of the closest one. A prolific
    speaker has many statements that close to any topic ("Bolton broke the law" in Trump's timeline on the
    impeachment inquiry): where NAMING or more of them name the topic's words, the list is those; with fewer,
    the words are too rare to tell (Johnson names "Brexit" in two of five statements on it) and closeness decides.

    >>> from index.types import Quote, Source
    >>> def s(r, c="x"): return Statement(Quote("W", "W", "said", c, "direct", 0, 1), Source("a", "T"), relevance=r)
    >>> [x.relevance for x in on_topic([s(0.95), s(0.48), s(0.23)], 0.2, TimeWindow(timeline=True), "brexit")]
    [0.95, 0.48]
    >>> [x.relevance for x in on_topic([s(0.95), s(0.48), s(0.23)], 0.2, TimeWindow(), "brexit")]
    [0.95, 0.48, 0.23]
    >>> said = [s(0.9, "the impeachment hoax"), s(0.6, "impeachment"), s(0.5, "no pressure"), s(0.5, "impeach")]
    >>> [x.quote.content for x in on_topic(said, 0.2, TimeWindow(timeline=True), "the impeachment inquiry")]
    ['the impeachment hoax', 'impeachment', 'impeach']
    """
    if not topic or not statements:
        return statements
    ordered = window.timeline or (window.order and not dated(window))
    best = max(s.relevance for s in statements)
    floor = max(floor, ORDERED_SHARE * best) if ordered else floor
    kept = [s for s in statements if s.relevance >= floor]
    if ordered:  # a speaker who names the topic often: the list is those statements (see the docstring)
        wanted = set(terms(topic))
        naming = [s for s in kept if wanted & set(terms(s.quote.content))]
        kept = naming if len(naming) >= NAMING else kept
    return kept


def near_the_best(held: list[tuple[Passage, bool]], slack: float, single: bool) -> list[Passage]:
    """The passages a "latest on Y" orders by date, from (passage, holds all of Y's words): those scoring within
    `slack` of the best or holding all its words; of a topic of one word (`single`: "the latest earthquake
    news"), only those holding it when some do: a campaign round-up scores near the best through "latest news".

    >>> def p(score): return Passage(0, "a", "T", "", score, 0, 1)
    >>> [x.score for x in near_the_best([(p(0.47), True), (p(0.36), False), (p(0.2), False)], 0.15, False)]
    [0.47, 0.36]
    >>> [x.score for x in near_the_best([(p(0.47), True), (p(0.36), False), (p(0.2), False)], 0.15, True)]
    [0.47]
    """
    best = max((p.score for p, _ in held), default=0.0)
    near = [(p, whole) for p, whole in held if whole or p.score >= best - slack]
    return [p for p, whole in near if whole or not single] or [p for p, _ in near]


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
