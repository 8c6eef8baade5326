"""scripts/train_reader.py's training and held-out scoring, over questions made here whose answer sentence is
known: a real LightGBM ranker must learn to put it first, the "does not say" model must tell a question whose
answer was taken out, and every number reported comes from folds that never saw the question's article."""

from __future__ import annotations

import numpy as np
import pytest

from index.answer.features import FEATURES, Article, Candidate
from index.types import SentenceRow
from scripts import train_reader

OVERLAP = FEATURES.index("overlap")


def made_question(n: int, rng: np.random.Generator, not_said: bool = False) -> train_reader.Question:
    """Eight sentences of one article; the answer's sentence (not for `not_said`) has the largest overlap."""
    texts = [f"Filler sentence {i} of story {n}." for i in range(8)]
    gold = int(rng.integers(8))
    if not not_said:
        texts[gold] = f"The answer of story {n} is Zorbex."
    text = " ".join(texts)
    rows, at = [], 0
    for t in texts:
        rows.append(SentenceRow(f"a{n}", at, at + len(t), np.zeros(2, np.float32)))
        at += len(t) + 1
    article = Article(f"a{n}", f"Story {n}", text, rows, 0, 0.5)
    matrix = rng.random((8, len(FEATURES))).astype(np.float32) * 0.5
    labels = np.zeros(8, np.int32)
    if not not_said:
        matrix[gold, OVERLAP] = 1.0
        labels[gold] = 1
    candidates = [Candidate(article, i, t, "Zorbex" if i == gold and not not_said else "") for i, t in enumerate(texts)]
    return train_reader.Question("made", f"question {n}", [] if not_said else ["Zorbex"], f"made:a{n}", candidates,
                                 matrix, labels, need_fits=True, not_said=not_said)


@pytest.fixture(scope="module")
def questions() -> list[train_reader.Question]:
    rng = np.random.default_rng(7)
    return [made_question(n, rng) for n in range(60)] + [made_question(100 + n, rng, True) for n in range(10)]


def test_the_ranker_learns_the_answer_sentence_and_reports_held_out(questions, capsys) -> None:
    results, says = train_reader.cross_validate(questions)
    answerable = [r for r in results if not r["not_said"]]
    assert len(results) == 70 and np.mean([r["hit"] for r in answerable]) > 0.9
    assert all(r["words"] <= 45 for r in answerable)
    assert {label for _, label, _ in says} == {0, 1}  # as asked, and with the answer taken out
    assert [w for _, label, w in says if label == 0 and w > 1] == [train_reader.NOT_SAID_WEIGHT] * 10
    train_reader.report(results)
    train_reader.sweep(results)
    printed = capsys.readouterr().out
    assert "| made | 60 |" in printed and "| 0.25 |" in printed


def test_an_outcome_reads_the_window_the_reader_would_show(questions) -> None:
    q = questions[0]
    scores = q.matrix[:, OVERLAP].astype(np.float64)
    assert train_reader.outcome(q, scores)["hit"]
    assert not train_reader.outcome(q, -scores)["hit"] or len(q.candidates) <= 3  # the worst one first: missed


def test_a_not_said_question_gives_one_negative_row(questions) -> None:
    q = questions[-1]
    rows = train_reader.says_rows(q, np.arange(8, dtype=np.float64))
    assert [(label, weight) for _, label, weight in rows] == [(0, train_reader.NOT_SAID_WEIGHT)]
