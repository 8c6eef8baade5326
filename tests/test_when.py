"""Time in a question (index/text/when.py, index/text/dates.py): questions typed the way people type them, read
against a fixed today."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from index.text.dates import dated_phrases
from index.text.when import read_time
from index.text.words import terms

NOW = date(2026, 12, 7)
D = date

# question, the window's label (None: no window), start, end, order, the question without its time words
TABLE = [
    # the examples
    ("What did Rubio say in May 2016?", "May 2016", D(2016, 5, 1), D(2016, 5, 31), None, "What did Rubio say?"),
    ("what did sanders say most recently", "the latest", None, None, "latest", "what did sanders say"),
    ("What did Trump say after the election?", None, None, None, None, "What did Trump say after the election?"),
    ("latest on the email investigation", "the latest", None, None, "latest", "on the email investigation"),
    ("What did Obama say in November?", "November 2026", D(2026, 11, 1), D(2026, 11, 30), None, "What did Obama say?"),
    # absolute dates
    ("what happened in 2020", "2020", D(2020, 1, 1), D(2020, 12, 31), None, "what happened"),
    ("what did x say on 3 march", "3 March 2026", D(2026, 3, 3), D(2026, 3, 3), None, "what did x say"),
    ("what did obama say on may 3", "3 May 2026", D(2026, 5, 3), D(2026, 5, 3), None, "what did obama say"),
    ("what did she say in may of 2019", "May 2019", D(2019, 5, 1), D(2019, 5, 31), None, "what did she say"),
    ("what did she say on 2020-03-04", "4 March 2020", D(2020, 3, 4), D(2020, 3, 4), None, "what did she say"),
    ("what did rubio say may 2016", "May 2016", D(2016, 5, 1), D(2016, 5, 31), None, "what did rubio say"),
    ("what did he say in early 2020", "early 2020", D(2020, 1, 1), D(2020, 4, 30), None, "what did he say"),
    ("what did he say in late march 2021", "late March 2021", D(2021, 3, 21), D(2021, 3, 31), None, "what did he say"),
    ("what did he say in the 1990s", "the 1990s", D(1990, 1, 1), D(1999, 12, 31), None, "what did he say"),
    ("what did he say in the summer of 2016", "summer 2016", D(2016, 6, 1), D(2016, 8, 31), None, "what did he say"),
    ("what did greta thunberg say in the first half of 2019", "the first half of 2019", D(2019, 1, 1), D(2019, 6, 30),
     None, "what did greta thunberg say"),
    ("what happened in december", "December 2026", D(2026, 12, 1), NOW, None, "what happened"),
    ("what did he say at the end of 2008", "late 2008", D(2008, 9, 1), D(2008, 12, 31), None, "what did he say"),
    ("what did he say at the beginning of march 2021", "early March 2021", D(2021, 3, 1), D(2021, 3, 10), None,
     "what did he say"),
    ("what did he say in the middle of 2019", "mid 2019", D(2019, 5, 1), D(2019, 8, 31), None, "what did he say"),
    ("what did he say between march 2008 and the end of 2008", "March to late 2008", D(2008, 3, 1),
     D(2008, 12, 31), None, "what did he say"),
    ("what happened at christmas 2019", "25 December 2019", D(2019, 12, 25), D(2019, 12, 25), None, "what happened"),
    ("what was the price at 2016 levels", None, None, None, None, "what was the price at 2016 levels"),
    ("what did the end of 2008 report say", None, None, None, None, "what did the end of 2008 report say"),
    # ranges
    ("between june and august 2020 what did biden say about jobs", "June to August 2020", D(2020, 6, 1),
     D(2020, 8, 31), None, "what did biden say about jobs"),
    ("what did biden say between 2016 and 2018", "2016 to 2018", D(2016, 1, 1), D(2018, 12, 31), None,
     "what did biden say"),
    ("what did x say from may 2016 to june 2017", "May 2016 to June 2017", D(2016, 5, 1), D(2017, 6, 30), None,
     "what did x say"),
    ("what did he say between november and february 2021", "November 2020 to February 2021", D(2020, 11, 1),
     D(2021, 2, 28), None, "what did he say"),
    ("what did they say in 2016 and 2018", "2016 and 2018", D(2016, 1, 1), D(2018, 12, 31), None, "what did they say"),
    ("what did he say since 2016 and before 2020", "since 2016 and before 2020", D(2016, 1, 1), D(2019, 12, 31),
     None, "what did he say"),
    # before, after, since, until
    ("what did biden say before may 2016", "before May 2016", None, D(2016, 4, 30), None, "what did biden say"),
    ("what did biden say since march 2020", "since March 2020", D(2020, 3, 1), None, None, "what did biden say"),
    ("what did biden say after 2018", "after 2018", D(2019, 1, 1), None, None, "what did biden say"),
    ("what did biden say until 2018", "until 2018", None, D(2018, 12, 31), None, "what did biden say"),
    # holidays: the latest by now, or the year named; never a window without a preposition
    ("what did biden say after new year", "after 1 January 2026", D(2026, 1, 2), None, None, "what did biden say"),
    ("what did obama say before christmas 2015", "before 25 December 2015", None, D(2015, 12, 24), None,
     "what did obama say"),
    ("what has she said since last week", "since the week before 7 December 2026", D(2026, 11, 30), None, None,
     "what has she said"),
    # relative to now
    ("what happened last week", "the week before 7 December 2026", D(2026, 11, 30), D(2026, 12, 6), None,
     "what happened"),
    ("what did trump say yesterday", "6 December 2026", D(2026, 12, 6), D(2026, 12, 6), None, "what did trump say"),
    ("what did merkel say this year", "2026", D(2026, 1, 1), NOW, None, "what did merkel say"),
    ("what did the mayor say this month", "December 2026", D(2026, 12, 1), NOW, None, "what did the mayor say"),
    ("what did the fed say last year", "2025", D(2025, 1, 1), D(2025, 12, 31), None, "what did the fed say"),
    ("what did the fed say last month", "November 2026", D(2026, 11, 1), D(2026, 11, 30), None, "what did the fed say"),
    ("what did he say this week", "the 7 days to 7 December 2026", D(2026, 12, 1), NOW, None, "what did he say"),
    ("what did he say in the past 3 months", "since 7 September 2026", D(2026, 9, 7), NOW, None, "what did he say"),
    ("what did he say in the last year", "since 7 December 2025", D(2025, 12, 7), NOW, None, "what did he say"),
    ("what did he say two weeks ago", "the week from 23 November 2026", D(2026, 11, 23), D(2026, 11, 29), None,
     "what did he say"),
    ("what did he say on monday", "30 November 2026", D(2026, 11, 30), D(2026, 11, 30), None, "what did he say"),
    ("what did he say over the last 3 months", "since 7 September 2026", D(2026, 9, 7), NOW, None, "what did he say"),
    ("what did he say within the past week", "since 30 November 2026", D(2026, 11, 30), NOW, None,
     "what did he say"),
    ("what did he say last weekend", "the weekend of 5 December 2026", D(2026, 12, 5), D(2026, 12, 6), None,
     "what did he say"),
    ("what happened over the weekend", "the weekend of 5 December 2026", D(2026, 12, 5), D(2026, 12, 6), None,
     "what happened"),
    ("what did he say last summer", "summer 2025", D(2025, 6, 1), D(2025, 8, 31), None, "what did he say"),
    ("what did he say during the summer", "summer 2026", D(2026, 6, 1), D(2026, 8, 31), None, "what did he say"),
    ("what did pelosi say in q1 2020", "the first quarter of 2020", D(2020, 1, 1), D(2020, 3, 31), None,
     "what did pelosi say"),
    ("what did pelosi say in the third quarter", "the third quarter of 2026", D(2026, 7, 1), D(2026, 9, 30), None,
     "what did pelosi say"),
    # order
    ("what did johnson say recently", "the latest", None, None, "latest", "what did johnson say"),
    ("what did johnson say lately", "the latest", None, None, "latest", "what did johnson say"),
    ("newest on brexit", "the latest", None, None, "latest", "on brexit"),
    ("whats new on the strike", "the latest", None, None, "latest", "on the strike"),
    ("what is the latest news on gaza", "the latest", None, None, "latest", "what is news on gaza"),
    ("any news about the hurricane season?", "the latest", None, None, "latest", "the hurricane season?"),
    ("ontario election updates", "the latest", None, None, "latest", "ontario election"),
    ("earthquake news", "the latest", None, None, "latest", "earthquake"),
    ("who is the current prime minister of the uk", "the latest", None, None, "latest",
     "who is prime minister of the uk"),
    ("what is the current account deficit", None, None, None, None, "what is the current account deficit"),
    ("what did trump say about fake news", None, None, None, None, "what did trump say about fake news"),
    ("what was the earliest news on uber", "the earliest", None, None, "earliest", "what was news on uber"),
    ("what did the software update do", None, None, None, None, "what did the software update do"),
    ("what did warner first say about russia", "the earliest", None, None, "earliest",
     "what did warner say about russia"),
    ("x's earliest statement on trade", "the earliest", None, None, "earliest", "x's statement on trade"),
    ("when did merkel first meet putin", "the earliest", None, None, "earliest", "when did merkel meet putin"),
    ("what was his first speech about", "the earliest", None, None, "earliest", "what was his speech about"),
    ("when was he last elected", "the latest", None, None, "latest", "when was he elected"),
    ("what was said the last time they met", "the latest", None, None, "latest", "what was said they met"),
    ("the latest on trade in 2019", "2019, latest first", D(2019, 1, 1), D(2019, 12, 31), "latest", "on trade"),
    # no window: a verb, a noun phrase, an ordinal, an event, a date after now
    ("may i ask what warner said", None, None, None, None, "may i ask what warner said"),
    ("who won the march primary", None, None, None, None, "who won the march primary"),
    ("how many people died in the first wave", None, None, None, None, "how many people died in the first wave"),
    ("what did the 2019 report say", None, None, None, None, "what did the 2019 report say"),
    ("what did the 2020 olympics cost", None, None, None, None, "what did the 2020 olympics cost"),
    ("what did he say in the 2016 election", None, None, None, None, "what did he say in the 2016 election"),
    ("what did the may 2016 report say", None, None, None, None, "what did the may 2016 report say"),
    ("who was the first woman to lead the party", None, None, None, None, "who was the first woman to lead the party"),
    ("how did the first round go", None, None, None, None, "how did the first round go"),
    ("who won for the first time", None, None, None, None, "who won for the first time"),
    ("what did the first lady say", None, None, None, None, "what did the first lady say"),
    ("what did the first quarter report say", None, None, None, None, "what did the first quarter report say"),
    ("who won the summer olympics", None, None, None, None, "who won the summer olympics"),
    ("what was the weekend box office", None, None, None, None, "what was the weekend box office"),
    ("what did they say in 2030", None, None, None, None, "what did they say in 2030"),
    ("what happened on 9/11", None, None, None, None, "what happened on 9/11"),
    ("what did the sunday times say", None, None, None, None, "what did the sunday times say"),
    ("who was at the march on washington", None, None, None, None, "who was at the march on washington"),
    ("what did trump say on may's brexit deal", None, None, None, None, "what did trump say on may's brexit deal"),
    ("what did theresa may say in 2017", "2017", D(2017, 1, 1), D(2017, 12, 31), None, "what did theresa may say"),
    ("how did obama react to the change in policy", None, None, None, None,
     "how did obama react to the change in policy"),
]  # fmt: skip


@pytest.mark.parametrize("question, label, start, end, order, rest", TABLE)
def test_a_question_reads_its_window_and_loses_its_time_words(question, label, start, end, order, rest):
    reading = read_time(question, NOW)
    assert reading.rest == rest
    if label is None:
        assert reading.window is None
    else:
        window = reading.window
        assert (window.label, window.start, window.end, window.order) == (label, start, end, order)


@pytest.mark.parametrize(
    "question, timeline, label, rest",
    [
        ("How has Clinton's view on trade changed?", True, "over time", "How has Clinton's view on trade changed?"),
        ("how has his view changed over time", True, "over time", "how has his view changed"),
        ("how did his stance on abortion evolve over the years", True, "over time",
         "how did his stance on abortion evolve"),
        ("has romney changed his mind on taxes", True, "over time", "has romney changed his mind on taxes"),
        ("timeline of the greek debt crisis", True, "over time", "the greek debt crisis"),
        ("how has the climate changed since 1990", True, "since 1990, over time", "how has the climate changed"),
        ("from the earliest to the latest what did he say", True, "over time", "from to what did he say"),
        ("how has climate change affected farming", None, None, "how has climate change affected farming"),
        ("What did Pelosi say about impeachment, first and most recently?", True, "over time",
         "What did Pelosi say about impeachment?"),
        ("what did trump say on trade at first and now", True, "over time", "what did trump say on trade"),
        ("who came first and who came last", None, None, "who came first and who came last"),
        ("what has trump said about bolton, then and now", True, "over time", "what has trump said about bolton"),
        ("Track Warner's comments on Russia", True, "over time", "Warner's comments on Russia"),
        ("did he follow the rules", None, None, "did he follow the rules"),
        ("How did Mugabe's message change from the March 2008 election to the end of that year?", True,
         "March to late 2008, over time", "How did Mugabe's message change?"),
    ],
)  # fmt: skip
def test_how_a_view_changed_asks_for_a_timeline(question, timeline, label, rest):
    reading = read_time(question, NOW)
    assert reading.rest == rest
    assert (reading.window and reading.window.timeline, reading.window and reading.window.label) == (timeline, label)


@pytest.mark.parametrize(
    "question, start, end",
    [
        ("what did obama say in november", D(2025, 11, 1), D(2025, 11, 30)),  # November 2026 is still to come
        ("what did x say on 3 march", D(2025, 3, 3), D(2025, 3, 3)),
        ("what happened in march", D(2026, 3, 1), D(2026, 3, 1)),  # this March, up to today
        ("what did he say between june and august", D(2025, 6, 1), D(2025, 8, 31)),
        ("what happened this year", D(2026, 1, 1), D(2026, 3, 1)),
    ],
)
def test_a_date_without_a_year_is_the_latest_not_after_now(question, start, end):
    window = read_time(question, date(2026, 3, 1)).window
    assert (window.start, window.end) == (start, end)


def test_the_time_words_are_kept_as_typed_and_never_reach_the_topic():
    reading = read_time("What did Sanders say MOST RECENTLY about trade in May 2016?", NOW)
    assert reading.window.words == ("MOST RECENTLY", "in May 2016")
    assert reading.rest == "What did Sanders say about trade?"
    assert terms(reading.rest) == ["sander", "trade"]


def test_no_time_leaves_the_question_as_it_was():
    question = "  Who is  Warner? "
    assert read_time(question, NOW).window is None and read_time(question, NOW).rest == question


def test_the_docstring_examples():
    reading = read_time("What did Rubio say in May 2016?", D(2026, 12, 7))
    assert (reading.window.start, reading.window.end, reading.window.label, reading.rest) == (
        D(2016, 5, 1), D(2016, 5, 31), "May 2016", "What did Rubio say?"
    )  # fmt: skip
    reading = read_time("what did sanders say most recently", D(2026, 12, 7))
    assert (reading.window.start, reading.window.order, reading.window.label, reading.rest) == (
        None, "latest", "the latest", "what did sanders say"
    )  # fmt: skip
    assert read_time("what did the 2019 report say", D(2026, 12, 7)).window is None
    since, may = dated_phrases("what did he say since 2016 and in may", D(2026, 12, 7))
    assert (since.label, since.start, since.end) == ("since 2016", D(2016, 1, 1), None)
    assert (may.label, may.start, may.end) == ("May 2026", D(2026, 5, 1), D(2026, 5, 31))


_WORDS = (
    "in on since before after between and from to the may march 2016 2019 1990s 3 3rd of last this past week "
    "month year yesterday today ago two latest first earliest recently monday summer early late said what ? ,"
).split()


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), max_size=12), st.dates(date(1990, 1, 1), date(2030, 12, 31)))
def test_any_words_read_without_error_and_no_window_ends_after_now(words, now):
    reading = read_time(" ".join(words), now)
    window = reading.window
    if window is not None:
        assert window.end is None or window.end <= now
        assert window.start is None or window.end is None or window.start <= window.end
        assert all(word in " ".join(words) for word in window.words)
