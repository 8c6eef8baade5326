"""Time in questions over a small dated library written for the tests (issue 19): a month, a year, "most
recently", "after", the latest on a topic, a timeline, and an empty window answered honestly."""

from __future__ import annotations

from datetime import date

import pytest

from index.answer.asked_when import timed_question
from tests.test_facts import library_of

NOW = date(2016, 12, 31)

ARTICLES = [
    ("rubio-mar", "2016-03-02", "Rubio campaigns in Florida",
     "Senator Marco Rubio campaigned in Miami on Tuesday. \"Florida will decide this race,\" Rubio said. "
     "He told supporters that the primary would be close."),
    ("rubio-may", "2016-05-10", "Rubio returns to the Senate",
     "Marco Rubio returned to the Senate in May. Rubio said he would not run for governor of Florida. "
     "\"I am going back to my work in the Senate,\" Rubio said."),
    ("sanders-jan", "2016-01-20", "Sanders opens New Hampshire office",
     "Bernie Sanders opened a campaign office in Concord. \"Wall Street must pay its fair share,\" Sanders said."),
    ("sanders-apr", "2016-04-18", "Sanders rallies in Brooklyn",
     "Bernie Sanders held a rally in Brooklyn before the New York primary. A poll showed him eight points "
     "behind. \"We are going to win New York,\" Sanders said."),
    ("email-jul", "2016-07-05", "FBI ends email investigation",
     "The FBI closed its investigation into the private email server. Director James Comey said no charges "
     "would be brought over the email server."),
    ("email-oct", "2016-10-28", "FBI reopens email investigation",
     "The FBI reopened the email investigation after new messages were found on a laptop. The email inquiry "
     "was reopened eleven days before the election."),
    ("trade-2015", "2015-06-11", "Clinton backs Pacific trade pact",
     "Hillary Clinton spoke about trade in Iowa. Clinton said the Pacific trade deal could be the gold standard "
     "for trade agreements."),
    ("trade-2016a", "2016-02-08", "Clinton questions trade deal",
     "Hillary Clinton spoke about trade in Ohio. Clinton said she had doubts about the Pacific trade deal."),
    ("trade-2016b", "2016-08-11", "Clinton opposes trade deal",
     "Hillary Clinton spoke about trade in Michigan. Clinton said she opposed the Pacific trade deal now, "
     "after the election, and as president."),
    ("obama-nov", "2016-11-14", "Obama holds final news conference",
     "President Barack Obama held a news conference at the White House. Obama said the transition to the next "
     "administration would be peaceful."),
    ("trump-jun", "2016-06-10", "Trump rallies in Richmond",
     "Donald Trump held a rally in Richmond. \"We are going to build the wall,\" Trump said."),
    ("election", "2016-11-09", "Trump wins the presidential election",
     "Donald Trump won the presidential election on Tuesday night. \"I will be president for all Americans,\" "
     "Trump said in New York."),
    ("hollande", "2016-11-10", "Europe reacts to the US election",
     "French President Francois Hollande said the election result opens a period of uncertainty."),
    ("obama-jun", "2016-06-02", "Obama speaks at Air Force Academy",
     "Barack Obama spoke to graduates in Colorado. Obama said the United States must lead with patience."),
]


@pytest.fixture(scope="module")
def dated(embedder, tmp_path_factory: pytest.TempPathFactory):
    lib = library_of(tmp_path_factory.mktemp("time"), embedder, ARTICLES)
    yield lib
    lib.close()


def test_a_month_picks_that_months_statements(dated) -> None:
    answer = dated.ask("What did Rubio say in May 2016?", now=NOW)
    assert answer.text.startswith("Marco Rubio said, in May 2016:")
    assert "going back to my work in the Senate" in answer.text and "Florida will decide" not in answer.text
    assert answer.question == "What did Rubio say in May 2016?"


def test_most_recently_is_the_newest_statement_not_the_word(dated) -> None:
    answer = dated.ask("what did sanders say most recently", now=NOW)
    assert answer.kind == "quotes" and "latest first" in answer.text
    assert answer.statements[0].quote.content == "We are going to win New York"


def test_a_month_without_a_year_is_the_last_such_month(dated) -> None:
    answer = dated.ask("What did Obama say in November?", now=NOW)
    assert "transition to the next administration would be peaceful" in answer.text
    assert "lead with patience" not in answer.text.split("\n", 2)[1]


def test_latest_on_a_topic_is_the_newest_article(dated) -> None:
    answer = dated.ask("latest on the email investigation", now=NOW)
    assert answer.kind == "latest" and answer.text.startswith("The latest first:")
    assert answer.sources[0].article_id and answer.sources[0].date == "2016-10-28"
    assert "reopened" in answer.text.split("\n")[1]


def test_a_timeline_in_date_order_with_the_first_and_latest(dated) -> None:
    answer = dated.ask("How has Clinton's view on trade changed?", now=NOW)
    assert answer.kind == "quotes" and "over time" in answer.text.split("\n")[0]
    dates = [s.source.date for s in answer.statements]
    assert dates == sorted(dates) and dates[0] == "2015-06-11" and dates[-1] == "2016-08-11"


def test_the_console_has_timeline_as_telegram_does(dated) -> None:
    from bot.console import Conversation, handle
    reply = handle(dated, "/timeline Clinton trade", Conversation())
    assert "over time" in reply.split("\n")[0] and reply.index("2015-06-11") < reply.index("2016-08-11")
    assert handle(dated, "/timeline").startswith("Whose statements?")
    assert handle(dated, "/timelines Clinton").startswith("Unknown command /timelines.")


def test_an_empty_window_says_so_and_gives_the_latest(dated) -> None:
    answer = dated.ask("What did Rubio say in 2014?", now=NOW)
    head = answer.text.split("\n")[0]
    assert head == "Marco Rubio: nothing in 2014; the latest is from 2016-05-10:"
    assert "going back to my work" in answer.text


def test_a_fact_question_in_a_window_says_which(dated) -> None:
    answer = dated.ask("what did the fbi do about the email investigation in july 2016", now=NOW)
    assert answer.found and answer.text.startswith("In July 2016:") and "closed its investigation" in answer.text


def test_time_words_are_never_the_topic() -> None:
    assert timed_question("what did sanders say most recently", NOW)[0] == "what did sanders say"
    assert timed_question("What did Warner say?", NOW) == ("What did Warner say?", None)


@pytest.mark.parametrize(
    ("question", "asked"),
    [
        ("How did Bernanke's outlook on the recession change during 2009?",
         "What did Bernanke say about the recession?"),
        ("what did trump say on trade at first and now", "What did trump say about trade?"),
        ("What did Pelosi say about impeachment, first and most recently?",
         "What did Pelosi say about impeachment?"),
        ("What has Trump said about John Bolton, then and now?", "What did Trump say about John Bolton?"),
        ("Track Mitch McConnell's comments on the Senate impeachment trial.",
         "What did Mitch McConnell say about the Senate impeachment trial?"),
        ("how has trump responded to the impeachment inquiry over time",
         "What did trump say about the impeachment inquiry?"),
        ("How did Jeremy Corbyn's criticism of Boris Johnson's Brexit plans develop?",
         "What did Jeremy Corbyn say about Boris Johnson's Brexit plans?"),
        ("peter costello's attacks on labor's tax plans, then and now",
         "What did peter costello say about labor's tax plans?"),
        # the latest or earliest of a person's statements, asked without "say"
        ("john mccain's latest comments", "What did john mccain say?"),
        ("What's the earliest statement by Kevin Rudd?", "What did Kevin Rudd say?"),
        ("musharraf's first quote", "What did musharraf say?"),
        ("When was Donald Trump first quoted, and what did he say?", "What did Donald Trump say?"),
    ],
)
def test_a_timeline_asked_in_other_words_is_the_speakers_statements_on_the_topic(question: str, asked: str) -> None:
    assert timed_question(question, NOW)[0] == asked


def test_the_library_as_of_now_has_nothing_written_later(dated) -> None:
    answer = dated.ask("latest on the email investigation", now=date(2016, 8, 1))
    assert [s.date for s in answer.sources] == ["2016-07-05"]


def test_an_empty_window_as_of_now_gives_the_latest_said_by_then(dated) -> None:
    """Asked as of February 2016, Sanders' April statement is not yet said: the latest is January's."""
    answer = dated.ask("What did Sanders say in 2015?", now=date(2016, 2, 1))
    assert answer.text.split("\n")[0] == "Bernie Sanders: nothing in 2015; the latest is from 2016-01-20:"
    assert "fair share" in answer.text and "win New York" not in answer.text
    nothing = dated.ask("What did Sanders say in 2014?", now=date(2015, 1, 1))  # nothing said by then at all
    assert not nothing.found and nothing.text.startswith("Bernie Sanders: nothing in 2014"), nothing.text


def test_earliest_first_on_a_topic(dated) -> None:
    answer = dated.ask("what was the earliest news on the email investigation", now=NOW)
    assert answer.text.startswith("The earliest first:") and answer.sources[0].date == "2016-07-05"


def test_after_an_event_the_library_dates(dated) -> None:
    answer = dated.ask("What did Obama say after the FBI reopened the email investigation?", now=NOW)
    assert answer.text.startswith("Barack Obama said, since the FBI reopened the email investigation (2016-10-28):")
    assert "transition to the next administration" in answer.text and "patience" not in answer.text


def test_after_an_event_a_named_person_did(dated) -> None:
    """ "after Trump won the election": a name and a verb make an event too, dated by its article."""
    answer = dated.ask("What did Obama say after Trump won the election?", now=NOW)
    assert answer.text.startswith("Barack Obama said, since Trump won the election (2016-11-09):"), answer.text
    assert "transition to the next administration" in answer.text and "patience" not in answer.text


def test_after_the_election_is_after_the_election_article(dated) -> None:
    answer = dated.ask("What did Trump say after the election?", now=NOW)
    assert answer.speaker == "Donald Trump" and "since the election (2016-11-09)" in answer.text.split("\n")[0]
    assert "president for all Americans" in answer.text and "build the wall" not in answer.text
    assert "Hollande" not in answer.text


def test_an_event_that_names_its_month_is_dated_inside_it(dated) -> None:
    """"the November 2016 election" is dated by the article in November 2016 about it; before it, latest first."""
    answer = dated.ask("What did Trump say before the November 2016 election?", now=NOW)
    assert answer.text.split("\n")[0] == "Donald Trump said, before the November 2016 election (2016-11-09):"
    assert "build the wall" in answer.text and "all Americans" not in answer.text


def test_a_fact_question_reads_the_windows_articles_first(embedder, tmp_path) -> None:
    flu = [("flu-mar", "2016-03-10", "Flu season peaks",
            "Flu cases rose across the country. As of Thursday, health officials reported 12,000 flu cases "
            "nationwide, the highest count of the season."),
           ("flu-apr", "2016-04-05", "Flu season eases",
            "The flu season eased in April. Hospitals saw fewer admissions as the count of flu cases nationwide "
            "fell to 3,000.")]
    lib = library_of(tmp_path, embedder, ARTICLES + flu)
    try:
        assert "12,000" in lib.ask("How many flu cases were there nationwide?", now=date(2016, 4, 9)).text
        answer = lib.ask("How many flu cases were there nationwide last week?", now=date(2016, 4, 9))
        assert "3,000" in answer.text and "12,000" not in answer.text
        assert answer.text.startswith("In the week before 9 April 2016:")
    finally:
        lib.close()


def test_an_event_told_with_a_pronoun_is_the_speakers_own(dated) -> None:
    answer = dated.ask("what did sanders say before he held a rally in brooklyn", now=NOW)
    assert answer.kind == "quotes" and "before he held a rally in brooklyn (2016-04-18)" in answer.text
    assert answer.statements[0].quote.content == "Wall Street must pay its fair share"


def test_latest_comments_asked_without_say_are_the_newest_statement(dated) -> None:
    answer = dated.ask("sanders' latest comments", now=NOW)
    assert answer.kind == "quotes" and "latest first" in answer.text.split("\n")[0]
    assert answer.statements[0].quote.content == "We are going to win New York"
    first = dated.ask("What's the earliest statement by Bernie Sanders?", now=NOW)
    assert first.statements[0].quote.content == "Wall Street must pay its fair share"


def test_news_and_updates_on_a_topic_are_the_latest(dated) -> None:
    for question in ("any news about the email investigation?", "email investigation updates"):
        answer = dated.ask(question, now=NOW)
        assert answer.kind == "latest" and answer.sources[0].date == "2016-10-28", question
    assert dated.ask("what was the earliest news on the email investigation", now=NOW).sources[0].date == "2016-07-05"


def test_a_bare_surname_is_the_person_named_in_full_with_a_middle_name(embedder, tmp_path) -> None:
    articles = [
        ("hrc-old", "2008-03-01", "Clinton campaigns in Ohio",
         "Hillary Clinton spoke in Ohio. \"We will win this state,\" Hillary Clinton said."),
        ("hrc-new", "2008-07-03", "Clinton opens canal harbor",
         "Senator Hillary Rodham Clinton opened the harbor in Buffalo. \"This is a great day for Buffalo,\" "
         "Clinton said."),
        ("bill", "2008-05-01", "Bill Clinton speaks in Iowa",
         "Former President Bill Clinton spoke in Iowa. \"Vote early,\" Clinton said."),
    ]
    lib = library_of(tmp_path, embedder, articles)
    try:
        answer = lib.ask("What did Hillary Clinton say most recently?", now=date(2008, 12, 31))
        assert answer.statements[0].quote.content == "This is a great day for Buffalo"
        assert all("Vote early" not in s.quote.content for s in answer.statements)
    finally:
        lib.close()


def test_a_person_quoted_only_by_surname_is_found_by_the_full_name(embedder, tmp_path) -> None:
    articles = [
        ("pr-1", "2019-07-28", "Puerto Rico governor resigns",
         "Rosselló is set to be replaced by Wanda Vázquez Garced, the Secretary of Justice.\n\n"
         "In a statement, Vázquez said, \"I understand he made the right decision.\""),
        ("pr-2", "2019-08-08", "Vázquez becomes governor",
         "Secretary of Justice Wanda Vázquez Garced was sworn in as governor.\n\n"
         "Vázquez said she would fill the position as needed."),
        ("other", "2019-05-01", "Mayor opens a school",
         "Mayor Pedro Vázquez opened a school. \"Education comes first,\" Vázquez said."),
    ]
    lib = library_of(tmp_path, embedder, articles)
    try:
        answer = lib.ask("what did wanda vazquez say, over time", now=date(2019, 12, 31))
        assert answer.text.startswith("Wanda Vázquez said")  # the name as the articles spell it
        said = [s.quote.content for s in answer.statements]
        assert answer.kind == "quotes" and said[0].startswith("I understand he made the right decision")
        assert "Education comes first" not in said
        assert not lib.ask("what did john vázquez say", now=date(2019, 12, 31)).statements
    finally:
        lib.close()
