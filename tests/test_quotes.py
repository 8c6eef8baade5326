"""Who said what: the seed article's speakers, each pattern on a small example, and the name functions."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from index.ingest.quotes import extract_quotes, load_nlp
from index.text.names import canonical_name, merge_speakers, same_speaker, speaker_matches
from index.types import Quote

SEED = Path(__file__).resolve().parent.parent / "seeds" / "trump-confronts-putin-on-election-meddling.txt"
SPEAKERS = {"Heather Conley", "Rex Tillerson", "Derek Chollet", "Mark Warner", "Thomas Wright",
            "Donald Trump", "Barack Obama", "Vladimir Putin"}


@pytest.fixture(scope="session")
def nlp():
    return load_nlp()


@pytest.fixture(scope="session")
def text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed(nlp, text: str) -> list[Quote]:
    return extract_quotes(text, nlp, article_id="seed")


def said_by(quotes: list[Quote], who: str) -> list[Quote]:
    return [q for q in quotes if speaker_matches(who, q.canonical)]


def check_spans(text: str, quotes: list[Quote]) -> None:
    for q in quotes:
        assert text[q.start : q.end] == q.content and q.content == q.content.strip() and q.content
        assert q.kind in ("direct", "reported", "pull") and q.canonical and q.cue


def test_seed_spans_are_exact_and_in_order(seed: list[Quote], text: str) -> None:
    check_spans(text, seed)
    assert [q.start for q in seed] == sorted(q.start for q in seed)
    assert {q.article_id for q in seed} == {"seed"}


def test_seed_speakers_are_the_eight_people(seed: list[Quote]) -> None:
    assert {q.canonical for q in seed} == SPEAKERS


@pytest.mark.parametrize(
    ("who", "kind", "fragment"),
    [
        ("Warner", "direct", "It would also have had more force if he had not again criticised"),
        ("Warner", "reported", "whatever Trump told Putin would have carried more weight"),
        ("Warner", "pull", "It would also have had more force"),
        ("Conley", "direct", "If anything, we’ve seen Russia continue to pursue similar tactics"),
        ("Conley", "pull", "If anything, it feels to be intensifying"),
        ("Tillerson", "reported", "Trump pressed Putin on the matter more than once"),
        ("Tillerson", "reported", "“rightly”"),
        ("Tillerson", "reported", "the leaders agreed to work together"),
        ("Tillerson", "reported", "Trump opened the session by “raising the concerns"),
        ("Chollet", "direct", "The fact that the issue came up should not be a surprise"),
        ("Chollet", "reported", "What matters, Chollet said, are the specifics"),
        ("Chollet", "reported", "would have been a shock had the issue not come up"),
        ("Wright", "direct", "They’re basically checking the box"),
        ("Wright", "reported", "the Trump administration hasn’t shown itself to be sincere"),
        ("Trump", "direct", "Nobody really knows"),
        ("Obama", "reported", "he confronted Putin about the issue"),
        ("Putin", "reported", "denied involvement and asked for proof"),
    ],
)
def test_seed_quote_is_theirs_and_nobody_elses(seed: list[Quote], who: str, kind: str, fragment: str) -> None:
    holders = [q for q in seed if fragment in q.content]
    assert any(q.kind == kind for q in said_by(holders, who)), holders
    assert all(speaker_matches(who, q.canonical) for q in holders), holders


def test_warner_is_one_person_under_three_spellings(seed: list[Quote]) -> None:
    warner = said_by(seed, "Warner")
    assert {q.canonical for q in warner} == {"Mark Warner"}
    assert {q.speaker for q in warner} == {"U.S. Senator Mark Warner", "US Senator Mark Warner", "Warner"}
    assert {q.kind for q in warner} == {"direct", "reported", "pull"}


@pytest.mark.parametrize(
    ("who", "description"),
    [
        ("Conley", "a Europe expert at the Centre for Strategic and International Studies, a Washington "
         "think tank"),
        ("Warner", "a Virginia Democrat and vice-chairman of the Senate intelligence committee"),
        ("Tillerson", "US Secretary of State"),
        ("Wright", "a senior fellow and director of the US-Europe centre at the Brookings Institution"),
    ],
)
def test_seed_descriptions_are_the_longest_seen(seed: list[Quote], who: str, description: str) -> None:
    assert {q.description for q in said_by(seed, who)} == {description}


def test_what_putin_said_is_only_his_denial(seed: list[Quote]) -> None:
    putin = [(q.cue, q.content) for q in said_by(seed, "Putin")]
    assert putin == [("denied", "denied involvement and asked for proof")]
    pressed = [q for q in seed if "pressed Putin" in q.content]
    assert [q.canonical for q in pressed] == ["Rex Tillerson"]


def test_he_said_after_a_paragraph_about_trump_is_trump(seed: list[Quote]) -> None:
    nobody = next(q for q in seed if q.content == "Nobody really knows")
    assert (nobody.speaker, nobody.canonical, nobody.kind) == ("Trump", "Donald Trump", "direct")


# text -> (canonical, kind, cue, content) among its quotes
PATTERNS = [
    ("“We will win,” said Senator Jane Doe.", ("Jane Doe", "direct", "said", "We will win")),
    ("“We will win,” Doe said.", ("Doe", "direct", "said", "We will win")),
    ("Jane Doe said: “We will win.”", ("Jane Doe", "direct", "said", "We will win.")),
    ("Jane Doe said that “we will win.”", ("Jane Doe", "direct", "said", "we will win.")),
    ('"We will win," said Jane Doe, a senator.', ("Jane Doe", "direct", "said", "We will win")),
    ("Jane Doe ran. “We came. We saw,” she said.", ("Jane Doe", "direct", "said", "We came. We saw")),
    ("Mark Smith spoke. “Part one,” he added, “part two.”", ("Mark Smith", "direct", "added", "part two.")),
    ("“Part one,” Smith said. “Part two.”", ("Smith", "direct", "said", "Part two.")),
    ("“One,” Smith said. “Two.\n\n“Three.”", ("Smith", "direct", "said", "Three.")),
    ("Smith said the deal was dead.", ("Smith", "reported", "said", "the deal was dead")),
    ("Smith told reporters on Monday that it was dead.", ("Smith", "reported", "told", "it was dead")),
    ("According to Smith, the deal is dead.", ("Smith", "reported", "according to", "the deal is dead")),
    ("The deal is dead, according to Smith.", ("Smith", "reported", "according to", "The deal is dead")),
    ("What matters, Ann said, is this.", ("Ann", "reported", "said", "What matters, Ann said, is this")),
    ("The deal is dead, Smith said on Monday.", ("Smith", "reported", "said", "The deal is dead")),
    ("Smith said it was over, adding that “none care”.", ("Smith", "reported", "said", "it was over")),
    ("Smith said it was over, adding that “none care”.", ("Smith", "direct", "adding", "none care")),
    ("Smith said he won by “raising the concerns” of voters.",
     ("Smith", "reported", "said", "he won by “raising the concerns” of voters")),
    ("Russian President Vladimir Putin denied any involvement.",
     ("Vladimir Putin", "reported", "denied", "denied any involvement")),
    ("The White House said in a statement that talks were useful.",
     ("White House", "reported", "said", "talks were useful")),
    ("Mark Smith met Jane Doe in Rome.\n\n“Fine,” she said.", ("Jane Doe", "direct", "said", "Fine")),
    # a labelling verb with the speaker's own words in its phrase
    ("Donald Trump spoke.\n\nTrump attacked the impeachment inquiry as \"Witch Hunt garbage.\"",
     ("Donald Trump", "direct", "attacked", "Witch Hunt garbage.")),
    ("Donald Trump spoke.\n\nTrump characterized the call with Zelensky as \"perfectly fine and routine.\"",
     ("Donald Trump", "direct", "characterized", "perfectly fine and routine.")),
    ("Mark Smith came. He said it was dead, while Jo said it was not.",
     ("Jo", "reported", "said", "it was not")),
    ("Mark Smith came. He said it was dead, while Jo said it was not.",
     ("Mark Smith", "reported", "said", "it was dead")),
    ("The talks collapsed.\n\nNobody will miss the old deal at all.\n\nJohn Smith, trade expert\n\n"
     "Nobody will miss the old deal at all, Smith said.",
     ("John Smith", "pull", "said", "Nobody will miss the old deal at all.")),
]


@pytest.mark.parametrize(("text", "expected"), PATTERNS)
def test_pattern(nlp, text: str, expected: tuple[str, str, str, str]) -> None:
    quotes = extract_quotes(text, nlp)
    check_spans(text, quotes)
    assert expected in [(q.canonical, q.kind, q.cue, q.content) for q in quotes], quotes


@pytest.mark.parametrize(
    "text",
    [
        "Officials said the talks failed.",
        "Without knowing what Trump said to Putin, it is hard to judge.",
        "Trump and Putin met. Trump told Putin that Americans were angry, the official said.",
        "He called it an “intractable disagreement” and left.",
    ],
)
def test_no_named_speaker_no_quote(nlp, text: str) -> None:
    assert extract_quotes(text, nlp) == []


def test_pull_quote_name_line_gives_speaker_and_description(nlp) -> None:
    text = "Over.\n\n“A quote that runs on,” said Ann Lee.\n\n“A quote that runs on”\n\nAnn Lee, analyst"
    pull = [q for q in extract_quotes(text, nlp) if q.kind == "pull"]
    assert [(q.canonical, q.content, q.description) for q in pull] == [
        ("Ann Lee", "A quote that runs on", "analyst")]


def test_extract_quotes_docstring_example() -> None:
    quotes = extract_quotes("“We will win,” said Senator Jane Doe.")
    assert [(q.canonical, q.kind, q.content) for q in quotes] == [("Jane Doe", "direct", "We will win")]


@pytest.mark.parametrize(
    ("name", "canonical"),
    [
        ("U.S. Senator Mark Warner", "Mark Warner"),
        ("US Senator Mark Warner", "Mark Warner"),
        ("Sen. Warner", "Warner"),
        ("US Secretary of State Rex Tillerson", "Rex Tillerson"),
        ("then-president Barack Obama", "Barack Obama"),
        ("Russian President Vladimir Putin", "Vladimir Putin"),
        ("Mr. Smith", "Smith"),
        ("former Obama administration official Derek Chollet", "Derek Chollet"),
        ("Heather Conley, Europe expert", "Heather Conley"),
        ("the White House", "White House"),
        ("Bank of America", "Bank of America"),
        ("Warner", "Warner"),
    ],
)
def test_canonical_name(name: str, canonical: str) -> None:
    assert canonical_name(name) == canonical


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Mark Warner", "Warner", True),
        ("Mark Warner", "Sen. Warner", True),
        ("U.S. Senator Mark Warner", "US Senator Mark Warner", True),
        ("M. Warner", "Mark Warner", True),
        ("Bill Clinton", "Hillary Clinton", False),
        ("Mark Warner", "Mark Wright", False),
    ],
)
def test_same_speaker(a: str, b: str, same: bool) -> None:
    assert same_speaker(a, b) is same and same_speaker(b, a) is same


@pytest.mark.parametrize(
    ("query", "matches"),
    [("Warner", True), ("Mark Warner", True), ("Senator Warner", True), ("senator warner?", True),
     ("Jo Warner", False), ("Wright", False), ("", False)],
)
def test_speaker_matches(query: str, matches: bool) -> None:
    assert speaker_matches(query, "Mark Warner") is matches


def test_merge_speakers_takes_the_one_full_name_and_leaves_ambiguous_surnames() -> None:
    merged = merge_speakers(["Warner", "Mark Warner", "Clinton", "Bill Clinton", "Hillary Clinton", "Trump"])
    assert merged["Warner"] == merged["Mark Warner"] == "Mark Warner"
    assert (merged["Clinton"], merged["Bill Clinton"], merged["Hillary Clinton"]) == (
        "Clinton", "Bill Clinton", "Hillary Clinton")
    assert merged["Trump"] == "Trump"


SENTENCES = [
    "“{q},” said {n}.", "“{q},” {n} said.", "{n} said: “{q}.”", "{n} said that {q}.", "{q}, {n} said.",
    "According to {n}, {q}.", "“{q},” she said.", "“{q},” he added, “and more.”", "{n}, a fellow, said {q}.",
    "{q}.", "“{q}", "He said “{q}” twice.",
]
NAMES = ["Jane Doe", "Sen. Mark Warner", "Smith", "the White House", "US Secretary of State Rex Tillerson"]
CLAUSES = ["the deal was dead", "nobody really knows", "we are ready, and we will win", "prices rose by 3%"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(SENTENCES), st.sampled_from(NAMES), st.sampled_from(CLAUSES),
                          st.sampled_from([" ", "\n\n"])), min_size=1, max_size=8))
def test_spans_are_exact_on_generated_articles(nlp, parts) -> None:
    text = "".join(s.format(n=n, q=q) + sep for s, n, q, sep in parts)
    check_spans(text, extract_quotes(text, nlp))
