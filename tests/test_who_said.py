"""Issue 17, the answer side: "who said" never names a speaker its own shown words contradict and names nobody
on a weak match; initials and middle names are one person; a pull quote, byline or caption never runs into
the next paragraph. Over a small library written in the test (tests/who_said_articles.py) and the seed."""

from __future__ import annotations

import numpy as np
import pytest

from index.answer.credit import Candidate, contradicts, credited_other, credits, named, names_speaker, speakers_in
from index.answer.features import Article
from index.answer.features import Candidate as Read
from index.answer.people import build_people, lookup, same_person
from index.answer.reader import window
from index.library import Library
from index.text.names import canonical_name, merge_speakers, middle_initial, same_speaker
from index.text.sentences import ends_prose, reads_on
from index.types import Quote, SentenceRow
from tests.test_people import said
from tests.who_said_articles import jsonl

from .conftest import uploaded_library


@pytest.fixture(scope="module")
def desk(embedder, tmp_path_factory: pytest.TempPathFactory):
    lib = uploaded_library(embedder, tmp_path_factory.mktemp("who"), jsonl(), "desk.jsonl")
    yield lib
    lib.close()


# -- "who said": never a contradicted name, never a weak match ------------------------------------------------
@pytest.mark.parametrize(("question", "not_named", "shown"), [
    ("Who said the Clinton camp is running scared of the voters?", "Donald Trump", "Jason Miller added"),
    ("Who said Joe can remind the workers what the Republican Party has done?", "Republican Party",
     "Joe can remind the workers"),
])
def test_who_said_never_names_a_speaker_the_shown_words_contradict(desk: Library, question: str,
                                                                  not_named: str, shown: str) -> None:
    answer = desk.ask(question)
    assert answer.speaker != not_named and f"{not_named} said it" not in answer.text
    if not answer.found:  # nobody named: the closest statements instead, with their sources
        assert answer.text.startswith("I could not find who said that in the articles.")
        assert shown in answer.text and "news.example.org" in answer.text


def test_a_weak_match_names_nobody_and_shows_the_closest(desk: Library) -> None:
    answer = desk.ask("Who said the fish limits are ruining the place?")
    assert not answer.found and answer.speaker is None
    assert answer.text.startswith("I could not find who said that in the articles. The closest statements")
    assert "The quotas are killing this town" in answer.text and "J. Smith" not in answer.text


def test_the_closest_statements_show_a_pull_quote_and_its_body_copy_once(seeded: Library) -> None:
    answer = seeded.ask("Who said the Kremlin keeps trying the same tricks in Europe?")
    assert not answer.found and "Heather Conley" not in answer.text
    assert answer.text.count("similar tactics in the French election") == 1


def test_nothing_close_gets_a_plain_refusal(desk: Library) -> None:
    answer = desk.ask("Who said the harbour tax should be doubled?")
    assert not answer.found and answer.text.startswith("I could not find who said that") and not answer.statements


@pytest.mark.parametrize(("question", "speaker"), [
    ("Who said the ferry must sail every day?", "Dagny Feldkirch"),
    ("who said the country will get good trade agreements", "Donald Trump"),
])
def test_a_strong_match_still_names_the_speaker(desk: Library, question: str, speaker: str) -> None:
    answer = desk.ask(question)
    assert answer.found and answer.speaker == speaker and answer.text.startswith(f"{speaker} said it:")


def test_credit_rules_units() -> None:
    assert [c.name for c in credits("the polls were wrong, and Trump campaign spokesman Jason Miller added, "
                                    "'The Clinton camp is scared.'")] == ["Jason Miller"]
    assert [c.name for c in credits("What matters, Chollet said, are the specifics")] == ["Chollet"]
    assert [c.name for c in credits("Trump campaign spokesman Jason Miller had said the Clinton camp was scared")
            ] == ["Jason Miller"]
    assert credits("whatever Trump told Putin would have carried more weight") == credits("“Yes,” he said.") == []
    assert credits("To say I was disappointed is an understatement") == []
    assert contradicts("the polls were wrong, and Jason Miller added, 'The Clinton camp is scared.'", "Donald Trump")
    assert contradicts("Joe can remind them of all the things that the Republican Party has done", "Republican Party")
    assert not contradicts("What matters, Chollet said, are the specifics", "Derek Chollet")
    assert not contradicts("Obama didn't do anything to stop Russia", "Donald Trump")
    assert credited_other("'We will win,' Jason Miller said.", "Donald Trump") == "Jason Miller"
    assert names_speaker("the Trump administration has failed", "Donald Trump")
    assert not names_speaker("my brother Eric Trump", "Donald Trump") and not names_speaker("the House voted",
                                                                                           "White House")
    assert speakers_in("The crisis is sweeping across the world, Rudd told parliament.") == ["Rudd"]
    assert speakers_in("Obama met Rudd in Canberra.") == []


def test_named_needs_one_uncontradicted_person_well_ahead_of_the_rivals() -> None:
    def q(words: str) -> Quote:
        return Quote("x", "x", "said", words, "direct", 0, len(words))

    trump = Candidate(q("We will win"), "Donald Trump", 0.81, 0.5)
    assert named([trump, Candidate(q("We will win big"), "Donald Trump", 0.79, 0.5)]).speaker == "Donald Trump"
    assert named([trump, Candidate(q("We can win"), "Hillary Clinton", 0.79, 0.5)]) is None
    assert named([Candidate(q("We will win"), "Donald Trump", 0.60, 0.6)]) is None  # weak
    weaker = Candidate(q("We will win"), "Donald Trump", 0.70, 0.6)  # named only far ahead of anyone else
    assert named([weaker, Candidate(q("Rain at noon"), "Hillary Clinton", 0.40, 0.0)]).speaker == "Donald Trump"
    assert named([weaker, Candidate(q("We may win"), "Hillary Clinton", 0.55, 0.3)]) is None
    miller = Candidate(q("'We will win,' Jason Miller said."), "Donald Trump", 0.9, 0.8)
    assert named([miller]) is None
    assert named([miller, Candidate(q("We will win"), "Jason Miller", 0.88, 0.8)]).speaker == "Jason Miller"
    assert named([]) is None


# -- identities: initials and middle names ----------------------------------------------------------------------
def test_initials_and_middle_names_join_their_person_and_eric_stays(desk: Library) -> None:
    answer = desk.ask("What did Trump say?")
    assert answer.speaker == "Donald Trump" and answer.also_quoted == ["Eric Trump"]
    assert answer.text.startswith("Donald Trump said (also quoted: Eric Trump):")
    everything = said(answer)
    for words in ("Texas will be with us", "This moment is your moment", "best trade deals"):
        assert words in everything
    assert "vines" not in everything and "every bottle" not in everything
    assert "Texas will be with us" in said(desk.ask("What did Donald John Trump say?"))


@pytest.mark.parametrize(("question", "theirs", "not_theirs"), [
    ("What did John Smith say?", "Bread is cheaper", "quotas"),
    ("What did Jane Smith say?", "river was kind", "quotas"),
    ("What did J. Smith say?", "quotas", "Bread"),
])
def test_an_initial_never_joins_two_people(desk: Library, question: str, theirs: str, not_theirs: str) -> None:
    answer = desk.ask(question)
    assert answer.found and theirs in said(answer) and not_theirs not in said(answer)


def test_name_units() -> None:
    assert middle_initial(["j", "trump"], ["donald", "john", "trump"])
    assert not middle_initial(["j", "trump"], ["donald", "trump"])
    assert same_speaker("J. Trump", "Donald J. Trump") and not same_speaker("J. Trump", "Eric Trump")
    assert merge_speakers(["J. Trump", "Donald J. Trump", "Eric Trump"])["J. Trump"] == "Donald J. Trump"
    assert merge_speakers(["J. Smith", "John Smith", "Jane Smith"])["J. Smith"] == "J. Smith"
    assert canonical_name("Ayatollah Ali Khamenei") == "Ali Khamenei"  # a cleric's title is no first name
    assert merge_speakers(["National Basketball Association", "National Collegiate Athletic Association"])[
        "National Basketball Association"] == "National Basketball Association"  # organisations: whole names only
    assert same_person(["j", "trump"], ["donald", "john", "trump"]) and not same_person(["j", "trump"],
                                                                                         ["eric", "trump"])
    people = build_people({"Donald Trump": 9, "Donald J. Trump": 2, "Trump": 5, "Ivanka Trump": 2,
                           "Reince Priebus": 6, "Rence Priebus": 1, "Rival Ivanka Trump": 1, "J. Trump": 1})
    assert [(p.name, p.statements) for p in people] == [("Donald Trump", 17), ("Reince Priebus", 7),
                                                        ("Ivanka Trump", 3)]
    smiths = build_people({"J. Smith": 5, "John Smith": 2, "Jane Smith": 2})
    assert [p.name for p in smiths] == ["J. Smith", "Jane Smith", "John Smith"]
    assert lookup(smiths, "J. Smith").person.name == "J. Smith" and lookup(smiths, "John Smith").person.name == (
        "John Smith")


# -- sentences: a line without final punctuation stands alone --------------------------------------------------
def test_a_pull_quote_byline_and_caption_never_run_into_the_answer(desk: Library) -> None:
    answer = desk.ask("When will work on the harbour wall start?")
    body = answer.text.split("\n— ")[0]
    assert "start in April" in body
    for fragment in ("Mayor Ann Lopez", "take the town", "A crane lifts"):
        assert fragment not in body


def test_the_seed_pull_quote_is_not_glued_to_its_byline_and_the_next_paragraph(seeded: Library) -> None:
    answer = seeded.ask("Where was Trump when he criticised the intelligence agencies?")
    body = answer.text.split("\n— ")[0]
    assert "agencies U.S. Senator" not in body and "Mark Warner Tillerson" not in body
    assert not ("intelligence agencies" in body and "Tillerson said Trump and Putin" in body)


def test_sentence_units() -> None:
    assert (ends_prose("“We will win,” he said."), ends_prose("U.S. Senator Mark Warner"), ends_prose("He said:")
            ) == (True, False, True)
    assert ends_prose("It rose.[citation needed]") and ends_prose("Sales fell. (The Nikkei)")
    text = "It had more force\n\nU.S. Senator Mark Warner\n\nTillerson said so.\n\nHe left."
    assert (reads_on(text, 0, 43), reads_on(text, 45, 73)) == (False, True)
    assert reads_on("The council voted\nto close it.", 0, 30)  # a hard-wrapped paragraph reads on
    a = _article("A b. C d e. F g.", [(0, 4), (5, 11), (12, 16)])
    scores = {("a", 0): 1.0, ("a", 1): 3.0, ("a", 2): 2.0}
    assert [x.text for x in window(Read(a, 1, "C d e.", ""), scores, limit=5)] == ["C d e.", "F g."]
    b = _article("More force\n\nSenator Jo Kay\n\nHe left.", [(0, 10), (12, 26), (28, 36)])
    scores = {("a", 0): 3.0, ("a", 1): 2.0, ("a", 2): 1.0}
    assert [x.text for x in window(Read(b, 0, "More force", ""), scores)] == ["More force"]
    assert [x.text for x in window(Read(b, 2, "He left.", ""), scores)] == ["He left."]


def _article(text: str, spans: list[tuple[int, int]]) -> Article:
    rows = [SentenceRow("a", s, e, np.zeros(2, np.float32)) for s, e in spans]
    return Article("a", "T", text, rows, 0, 1.0)
