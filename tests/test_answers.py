"""Answers over the seed article: each speaker's own words and nobody else's, who said what, who is who,
short extractive answers with sources, and an honest "not found"."""

from __future__ import annotations

import pytest

from index.answer.compose import NOT_FOUND
from index.answer.route import Route, route
from index.answer.statements import merge_repeats
from index.library import Library
from index.types import Quote

# Words only this speaker said in the seed (a fragment of each statement we expect back).
SPEAKERS = {
    "Conley": ["we are not adequately protecting our country"],
    "Tillerson": ["Trump pressed Putin on the matter more than once", "agreed to work together"],
    "Chollet": ["should not be a surprise", "would have been a shock"],
    "Warner": ["criticised the integrity of our intelligence agencies", "would have carried more weight"],
    "Wright": ["checking the box", "sincere about wanting to prevent future attacks"],
    "Obama": ["told the Russian to knock it off"],
    "Trump": ["Nobody really knows"],
    "Putin": ["denied involvement and asked for proof"],
}


def statements_of(answer) -> str:
    return " ".join([q.content for q in answer.quotes] + answer.more)


@pytest.mark.parametrize("speaker", sorted(SPEAKERS))
def test_what_did_x_say_returns_their_words_only(seeded: Library, speaker: str) -> None:
    answer = seeded.ask(f"What did {speaker} say?")
    assert answer.found and answer.kind == "quotes"
    assert speaker in answer.speaker
    said = statements_of(answer)
    for fragment in SPEAKERS[speaker]:
        assert fragment in said
    for other, fragments in SPEAKERS.items():
        if other != speaker:
            assert not any(f in said for f in fragments), f"{other}'s words in {speaker}'s answer"
    assert {q.canonical for q in answer.quotes} == {answer.speaker}
    assert answer.sources[0].title == "Trump confronts Putin on election meddling"


def test_pull_quote_and_body_copy_are_one_statement(seeded: Library) -> None:
    answer = seeded.ask("What did Warner say?")
    texts = [q.content for q in answer.quotes] + answer.more
    assert sum("It would also have had more force" in t for t in texts) == 1


@pytest.mark.parametrize(
    ("question", "speaker"),
    [
        ("Who said 'Nobody really knows'?", "Donald Trump"),
        ("Who said “they’re basically checking the box”?", "Thomas Wright"),
        ("Who said the fact that the issue came up should not be a surprise?", "Derek Chollet"),
        ("who said we are not adequately protecting our country", "Heather Conley"),
    ],
)
def test_who_said_names_the_speaker(seeded: Library, question: str, speaker: str) -> None:
    answer = seeded.ask(question)
    assert answer.found and answer.kind == "who_said"
    assert answer.text.startswith(speaker)


@pytest.mark.parametrize(
    ("name", "description"),
    [
        ("Heather Conley", "Europe expert at the Centre for Strategic and International Studies"),
        ("Mark Warner", "vice-chairman of the Senate intelligence committee"),
        ("Chollet", "German Marshall Fund"),
    ],
)
def test_who_is_describes_from_the_article(seeded: Library, name: str, description: str) -> None:
    answer = seeded.ask(f"Who is {name}?")
    assert answer.found and description in answer.text
    added = seeded.list()[0].when  # the seed gives no date: its source line shows the day it was added, marked
    assert answer.text.endswith(f"— Trump confronts Putin on election meddling ({added})") and "added" in added


@pytest.mark.parametrize(
    "question",
    [
        "What is the recipe for Neapolitan pizza dough?",
        "How many moons does Jupiter have?",
        "Who won the 2022 FIFA World Cup final?",
    ],
)
def test_out_of_scope_is_not_found(seeded: Library, question: str) -> None:
    answer = seeded.ask(question)
    assert not answer.found and answer.text.startswith(NOT_FOUND)
    assert "The closest I have: “Trump confronts Putin on election meddling”." in answer.text


def test_unknown_speaker_and_topic_are_not_found(seeded: Library) -> None:
    assert not seeded.ask("What did Merkel say?").found
    answer = seeded.ask("What did Warner say about the weather?")
    assert not answer.found and "weather" in answer.text


def test_empty_question_is_answered_politely(seeded: Library) -> None:
    answer = seeded.ask("   ")
    assert not answer.found and "Ask me a question" in answer.text


def test_names_and_exact_terms_are_found_lexically(seeded: Library) -> None:
    passages = seeded.search("Warner", 3, mode="lexical")
    assert passages and all("Warner" in p.text for p in passages)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("What did Warner say about Putin?", Route("quotes", "Warner", "Putin")),
        ("what else did Sen. Warner say", Route("quotes", "Sen. Warner")),
        ("Quotes from Heather Conley", Route("quotes", "Heather Conley")),
        ("Who said 'Nobody really knows'?", Route("who_said", phrase="Nobody really knows")),
        ("Who is Heather Conley?", Route("who_is", "Heather Conley")),
        ("What did the Normans conquer?", Route("general")),
        ("Who is the president?", Route("general")),
    ],
)
def test_routes(question: str, expected: Route) -> None:
    assert route(question) == expected


def test_dedupe_keeps_the_longer_statement() -> None:
    body = Quote("W", "W", "said", "It would also have had more force, he said", "direct", 0, 40)
    pull = Quote("W", "W", "said", "It would also have had more force", "pull", 50, 83)
    other = Quote("W", "W", "said", "Something else entirely", "direct", 90, 113)
    assert [s.quote for s in merge_repeats([pull, other, body], {})] == [body, other]


def test_example_questions_are_answerable(seeded: Library) -> None:
    examples = seeded.example_questions(3)
    assert len(examples) == 3 and examples[0].startswith("What did ")
    assert all(seeded.ask(q).found for q in examples)


CLINTONS = (
    "Clintons campaign in Ohio\n\n"
    "“We will rebuild the factories of this state,” said Hillary Clinton, the Democratic candidate, at a rally "
    "in Columbus on Monday.\n\n"
    "Former President Bill Clinton told a separate crowd in Dayton that the economy needed patience.\n\n"
    "“Trade has to work for the workers,” Bill Clinton said."
)
WIRE = (
    "Port strike ends after talks\n\n"
    "Dock workers in Rotterdam ended a nine-day strike on Friday after unions and port operators agreed a "
    "four percent pay rise and new rules on night shifts, a union spokesman said.\n\n"
    "Shipping lines expect the backlog of containers to clear within two weeks."
)


def test_two_clintons_are_not_mixed(library: Library) -> None:
    library.add(CLINTONS.encode(), "clintons.txt")
    ambiguous = library.ask("What did Clinton say?")
    assert not ambiguous.found and ambiguous.kind == "ambiguous"
    assert "Bill Clinton" in ambiguous.text and "Hillary Clinton" in ambiguous.text
    hillary = library.ask("What did Hillary Clinton say?")
    assert hillary.found and "rebuild the factories" in hillary.text and "Trade" not in hillary.text
    bill = library.ask("What did Bill Clinton say?")
    assert "Trade has to work" in bill.text and "factories" not in bill.text


def test_wire_copies_are_one_result(library: Library) -> None:
    library.add(WIRE.encode(), "reuters.txt")
    library.add(WIRE.replace("Friday", "Friday evening").replace("Port strike", "Rotterdam strike").encode(),
                "ap.txt")
    assert library.count() == 2
    passages = library.search("When did the Rotterdam dock strike end?", 5)
    texts = [p.text for p in passages]
    assert sum("nine-day strike" in t for t in texts) == 1


@pytest.mark.parametrize(("question", "speaker", "fragment"), [
    ("what did tillerson say about the talks?", "Rex Tillerson", "Trump pressed Putin"),
    ("Who said Russia keeps meddling in elections?", "Heather Conley", "Russia continue to pursue"),
    ("what did warner say about the intelligence agencies", "Mark Warner", "intelligence agencies"),
    ("According to Chollet, was the issue a surprise?", "Derek Chollet", "should not be a surprise"),
])
def test_the_issues_seed_examples(seeded: Library, question: str, speaker: str, fragment: str) -> None:
    answer = seeded.ask(question)
    assert answer.found and answer.speaker == speaker, answer.text
    assert fragment in " ".join(s.quote.content for s in answer.statements) + " ".join(answer.more)
