"""Issue 17, the answer side: "who said" never names a speaker its own shown words contradict and names nobody
on a weak match; initials and middle names are one person; a pull quote, byline or caption never runs into
the next paragraph. Over a small library written in the test (tests/who_said_articles.py) and the seed."""

from __future__ import annotations

import pytest

from index.answer.sentences import Sentence, window
from index.library import Library
from index.text.sentences import ends_prose, reads_on
from index.types import Passage
from tests.who_said_articles import jsonl

from .conftest import uploaded_library


@pytest.fixture(scope="module")
def desk(embedder, tmp_path_factory: pytest.TempPathFactory):
    lib = uploaded_library(embedder, tmp_path_factory.mktemp("who"), jsonl(), "desk.jsonl")
    yield lib
    lib.close()


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
    text = "It had more force\n\nU.S. Senator Mark Warner\n\nTillerson said so.\n\nHe left."
    assert (reads_on(text, 0, 43), reads_on(text, 45, 73)) == (False, True)
    assert reads_on("The council voted\nto close it.", 0, 30)  # a hard-wrapped paragraph reads on
    p = Passage(1, "a", "T", "A b. C d e. F g.", 1.0, 0, 16)
    s = [Sentence(p, 5, 11, "C d e.", 3.0), Sentence(p, 12, 16, "F g.", 2.0), Sentence(p, 0, 4, "A b.", 1.0)]
    assert [x.text for x in window(s[0], s, limit=5)] == ["C d e.", "F g."]
    q = Passage(2, "a", "T", "More force\n\nSenator Jo Kay\n\nHe left.", 1.0, 0, 36)
    s = [Sentence(q, 0, 10, "More force", 3.0), Sentence(q, 12, 26, "Senator Jo Kay", 2.0),
         Sentence(q, 28, 36, "He left.", 1.0)]
    assert [x.text for x in window(s[0], s)] == ["More force"] and [x.text for x in window(s[2], s)] == ["He left."]
