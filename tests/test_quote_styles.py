"""Every quotation house style and article layout, each on a small article: who said what, exactly."""

from __future__ import annotations

import pytest

from index.ingest.marks import paragraphs, quotations
from index.ingest.quotes import extract_quotes, load_nlp
from index.library import Library
from index.types import Quote

from .quote_style_articles import ARTICLES, MULTI_FIRST, MULTI_LAST, NYT, TWEETS


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


def statements(quotes: list[Quote]) -> set[tuple[str, str, str]]:
    return {(q.canonical, q.kind, q.content) for q in quotes}


@pytest.mark.parametrize("name", sorted(ARTICLES))
def test_every_statement_and_nothing_else(nlp, name: str) -> None:
    text, expected, absent = ARTICLES[name]
    quotes = extract_quotes(text, nlp)
    for q in quotes:
        assert text[q.start : q.end] == q.content == q.content.strip() and q.cue, q
    assert statements(quotes) == set(expected)
    assert not [(q.content, w) for q in quotes for w in absent if w in q.content or w in q.speaker]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('Jane Smith told "Face the Nation" on Sunday that the deal was dead.',
         {("Jane Smith", "reported", "the deal was dead")}),
        ("Jane Smith told CNN's \"New Day\": \"We will win.\"", {("Jane Smith", "direct", "We will win.")}),
        ('"We will win," Jane Smith told "New Day."', {("Jane Smith", "direct", "We will win")}),
        ('On "Meet the Press," Jane Smith said the deal was dead.', {("Jane Smith", "reported", "the deal was dead")}),
        ("“Will you run?” a reporter asked Jane Smith. “No,” she said.", {("Jane Smith", "direct", "No")}),
        ("Jane Smith was asked whether she would run.", set()),
        ("Asked whether she would run, Jane Smith said she had not decided.",
         {("Jane Smith", "reported", "she had not decided")}),
        ("Jane Smith, whom aides call “the Closer,” toured the “so-called” border wall.", set()),
        ('Bush spoke. State legislatures "are being thwarted by judges," Bush said.',
         {("Bush", "direct", "are being thwarted by judges")}),
        ('Police ran a raid dubbed "Mountain Storm," spokesman Ivo Kotevski told reporters.', set()),
        ('Ann Lee spoke. "No," she said.\n\nJane Smith also spoke. “We lost," she said. “Badly.”',
         {("Ann Lee", "direct", "No"), ("Jane Smith", "direct", "We lost"), ("Jane Smith", "direct", "Badly.")}),
        ('Jane Smith said the plan was dead. "We will not vote for it."',
         {("Jane Smith", "reported", "the plan was dead"), ("Jane Smith", "direct", "We will not vote for it.")}),
    ],
)
def test_titles_nicknames_and_questions_are_nobodys_words(nlp, text: str, expected: set) -> None:
    assert statements(extract_quotes(text, nlp)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("WASHINGTON (AP) — The deal is dead, Jane Smith said.", {("Jane Smith", "reported", "The deal is dead")}),
        ("NEW DELHI: Jane Smith said the deal was dead.", {("Jane Smith", "reported", "the deal was dead")}),
        ("By JANE SMITH and JOHN DOE\n\nIt is over, Ann Lee said.", {("Ann Lee", "reported", "It is over")}),
        ("Update: the road is closed\n\nJane Smith said it was shut.", {("Jane Smith", "reported", "it was shut")}),
        ("Great call with Xi! pic.twitter.com/abc12 — Donald J. Trump (@realDonaldTrump) May 1, 2019",
         {("Donald J. Trump", "direct", "Great call with Xi!")}),
        ("Jo Roe Why did the strike start?\n\nIt started over pay.\n\nJo Roe Will it end soon?\n\nNot soon."
         "\n\nJo Roe Obama has said he will halve the budget. Do you agree?\n\nNo.",  # "Jo Roe" labels her turns
         {("Obama", "reported", "he will halve the budget")}),
    ],
)
def test_article_furniture(nlp, text: str, expected: set) -> None:
    assert statements(extract_quotes(text, nlp)) == expected


def quoted(text: str) -> list[str]:
    """What each quotation of the text's paragraphs holds, marks left out; an unclosed one ends with '…'."""
    return [text[m.inner : m.close] + ("" if m.closed else "…") for b in paragraphs(text) for m in quotations(text, b)]


@pytest.mark.parametrize(
    ("text", "inside"),
    [
        ("“We will win,” he said.", ["We will win,"]),
        ('"We will win," he said.', ["We will win,"]),
        ("''We will win,'' Mr. Burman said.", ["We will win,"]),
        ("‘We will win,’ she said.", ["We will win,"]),
        ("‘We have a “plan”,’ she said.", ["We have a “plan”,"]),
        ("“We said ‘no’ twice,” he said.", ["We said ‘no’ twice,"]),
        ("‘The students’ union will decide,’ she said.", ["The students’ union will decide,"]),
        ("‘It isn’t over,’ she said.", ["It isn’t over,"]),
        ("Trump says he 'can' and 'may' fire him", ["can", "may"]),
        ("'I don't know,' Trump's aide said.", ["I don't know,"]),
        ("It's the students' union, not the '90s, and rock 'n' roll.", []),
        ("In the ‘90s, we didn’t.", []),
        ("In a ‘four point guideline' set out, Hu said.", ["four point guideline"]),
        ("Adams said, 'We want to do business.\"", ["We want to do business."]),
        ("On the 'Meet the Press ' show. \"The bottom line.\"", ["The bottom line."]),
        ("A belief 'if you lose, I win.'\" On Iraq he spoke. \"But no,\" he said.", ["if you lose, I win.", "But no,"]),
        ("“One.\n\n“Two.”", ["One.…", "Two."]),
        ('“We will win," he said. “Soon.”', ["We will win,", "Soon."]),  # pasted: a straight mark closes a curly one
        ('“We will win,” he said of "New Day" and it.', ["We will win,", "New Day"]),
        ('“Say "no" to alert("x") today,” she said.', ['Say "no" to alert("x") today,']),
        ("''One.\n\n''Two.''", ["One.…", "Two."]),
    ],
)
def test_quotation_marks_of_every_style(text: str, inside: list[str]) -> None:
    assert quoted(text) == inside


def test_nyt_quotes_keep_no_stray_apostrophes(nlp) -> None:
    quotes = extract_quotes(NYT, nlp)
    assert [q.content for q in quotes if q.content.startswith("It has")] == [
        "It has the virtue of being fiscally responsible"]
    assert not [q for q in quotes if "''" in q.content]


@pytest.mark.parametrize(("text", "speaker"), [(MULTI_FIRST, "Margaret Okafor"), (MULTI_LAST, "Luis Ortega")])
def test_a_quotation_over_several_paragraphs_is_one_speakers_one_span_each(nlp, text: str, speaker: str) -> None:
    blocks = paragraphs(text)
    direct = [q for q in extract_quotes(text, nlp) if q.kind == "direct"]
    assert {(q.canonical, q.cue) for q in direct} == {(speaker, "said")}
    assert len({next(i for i, b in enumerate(blocks) if b.start <= q.start < b.end) for q in direct}) == 3


@pytest.mark.parametrize(
    ("article", "question", "speaker", "words"),
    [
        (NYT, "What did Burman say?", "Leonard Burman", "It has the virtue of being fiscally responsible"),
        (TWEETS, "What did Pelosi say?", "Nancy Pelosi", "We will not fund an immoral, ineffective wall."),
        (MULTI_LAST, "What did Ortega say?", "Luis Ortega", "We have asked the company for a full accounting"),
    ],
)
def test_library_answers_what_the_speaker_said(library: Library, article: str, question: str, speaker: str,
                                                words: str) -> None:
    library.add(("A story in its house style\n\n" + article).encode(), "story.txt")
    answer = library.ask(question)
    assert answer.found and answer.speaker == speaker
    assert words in answer.text
    assert not [w for w in ("''", "pic.twitter", "@", "t.co") if w in answer.text]
    assert {q.canonical for q in answer.quotes} == {speaker}
