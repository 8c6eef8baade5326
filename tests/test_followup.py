"""Follow-up resolution against the previous answer (pure): the docstring's worked examples and more."""

from __future__ import annotations

import pytest

from index.answer.followup import FollowUp, question_names, resolve_followup
from index.types import Answer, Quote

WARNER_ON_AGENCIES = Answer("What did Warner say about the intelligence agencies?", "...", True,
                            speaker="Mark Warner", topic="the intelligence agencies", more=["..."])
WARNER = Answer("What did Warner say?", "...", True, speaker="Mark Warner")
CONLEY_QUOTED = Answer("What did the Europe expert say?", "...", True, kind="quotes", quotes=[
    Quote("Heather Conley", "Heather Conley", "said", "If anything...", "direct", 0, 10)])
NO_SPEAKER = Answer("When did Trump meet Putin?", "...", True, people=["Donald Trump", "Vladimir Putin"])
IN_IRAQ = Answer("What happened in Iraq?", "...", True)  # a place, never a "he"
PLAIN = Answer("What happened at the summit?", "...", True)


@pytest.mark.parametrize("question, previous, expected", [
    # the docstring's worked examples
    ("what else did he say?", WARNER_ON_AGENCIES, "What did Mark Warner say?"),
    ("Who is he?", WARNER_ON_AGENCIES, "Who is Mark Warner?"),
    ("and about Putin?", WARNER_ON_AGENCIES, "What did Warner say about Putin?"),
    # a speaker without a topic
    ("and Putin?", WARNER, "What did Putin say?"),
    ("what about Rex Tillerson?", WARNER, "What did Rex Tillerson say?"),
    ("and about Russia?", WARNER, "What did Warner say about Russia?"),
    ("what else did he say about Russia?", WARNER, "What did Mark Warner say about Russia?"),
    # the speaker comes from the first quote, or from the question's name
    ("who is she?", CONLEY_QUOTED, "Who is Heather Conley?"),
    ("what did she say about France?", CONLEY_QUOTED, "What did Heather Conley say about France?"),
    ("what did he say?", NO_SPEAKER, "What did Donald Trump say?"),
    ("why did he do it?", WARNER, "Why did Mark Warner do it?"),
    ("what is his job?", WARNER, "What is Mark Warner's job?"),
    # a topic without a speaker
    ("and about Putin?", PLAIN, "What about Putin?"),
])
def test_follow_ups_are_rewritten(question: str, previous: Answer, expected: str) -> None:
    resolved = resolve_followup(question, previous)
    assert resolved == FollowUp(expected, more=False, rewritten=True)


@pytest.mark.parametrize("question", [
    "What did Tillerson say?",  # names its own subject
    "What did Trump say he would do?",  # "he" follows a name: it is Trump
    "and what did Putin say about it?",  # a whole question after "and"
    "Who is Heather Conley?",
    "Tell me about the summit",
])
def test_self_contained_questions_are_unchanged(question: str) -> None:
    assert resolve_followup(question, WARNER) == FollowUp(question)


@pytest.mark.parametrize("question", ["more", "More please", "show more", "next", "go on", "more results!"])
def test_more_asks_for_the_previous_answers_further_results(question: str) -> None:
    assert resolve_followup(question, WARNER).more
    assert resolve_followup(question, None).more  # the bot then says to ask something first


def test_what_else_after_the_same_question_is_more() -> None:
    previous = Answer("What did Mark Warner say?", "...", True, speaker="Mark Warner", more=["x"])
    assert resolve_followup("what else did he say?", previous).more


@pytest.mark.parametrize("question", ["and what else did he say?", "what else did he say", "So what else did he say?"])
def test_what_else_after_all_he_said_is_more_not_the_same_answer_again(question: str) -> None:
    assert resolve_followup(question, WARNER).more  # WARNER shows all he said: the reply is "that's everything"


def test_what_else_after_who_she_is_asks_what_she_said() -> None:
    """ "Who is Heather Conley?" showed her description, not her words: "and what else did she say?" asks them."""
    previous = Answer("Who is Heather Conley?", "...", True, speaker="Heather Conley", kind="who_is")
    resolved = resolve_followup("and what else did she say?", previous)
    assert resolved == FollowUp("What did Heather Conley say?", more=False, rewritten=True)


def test_without_a_previous_answer_nothing_is_rewritten() -> None:
    assert resolve_followup("who is she?", None) == FollowUp("who is she?")


def test_question_names() -> None:
    names = question_names("What did Tillerson say about Vladimir Putin's meeting?")
    assert names == ["Tillerson", "Vladimir Putin"]
    assert question_names("What did the US say?") == []


@pytest.mark.parametrize("question", ["what did he say?", "who is she?", "what else did he say?"])
def test_a_pronoun_never_resolves_to_a_place(question: str) -> None:
    assert resolve_followup(question, IN_IRAQ) == FollowUp(question)


def test_a_general_answer_remembers_the_quoted_people_its_question_named() -> None:
    answer = Answer("When did Ivanka Trump visit Ohio?", "...", True, people=["Ivanka Trump"])
    assert resolve_followup("what did she say?", answer).question == "What did Ivanka Trump say?"
