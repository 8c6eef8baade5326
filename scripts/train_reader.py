"""Train the sentence reader's ranker (index/answer/ranker.py) and report its held-out hit rate.

Every answerable question of the training sets is asked of its library up to the reader: the retrieved
passages pick the articles, and every sentence of them becomes a feature row (index/answer/features.py),
labelled 1 when it holds a gold answer and lies in the question's own article. The model is LightGBM's
LambdaRank over the sentences of each question. Numbers reported are held out only: 5-fold
cross-validation grouped by article (no article's questions are both trained and tested on). The model
written to index/answer/reader_model.txt is then trained on all of them.

    python scripts/train_reader.py \\
        --set xquad:../shared/eval/xquad/articles.jsonl:../shared/eval/xquad/questions.dev.jsonl:/tmp/r18/xquad \\
        --set facts:/tmp/facts_subset.jsonl:scripts/facts_questions.jsonl:/tmp/r18/facts

Each --set is NAME:CORPUS:QUESTIONS:INDEX; the index is built from the corpus when it is empty (see
scripts/eval.py, which builds the same folders). The news-quiz set (scripts/quiz_questions.jsonl) is held
out: never pass it here.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.config import Settings  # noqa: E402
from index.answer.absent import absence  # noqa: E402
from index.answer.features import (  # noqa: E402
    FEATURES,
    SAYS_FEATURES,
    Candidate,
    prose_only,
    says_row,
    split_preamble,
)
from index.answer.ranker import MODEL, SAYS, SAYS_MODEL  # noqa: E402
from index.answer.reader import WINDOW, window  # noqa: E402
from index.library import Library  # noqa: E402
from index.metrics import first_hit  # noqa: E402

# chosen by the cross-validation below on xquad dev + the news fact set (300 rounds and 600 read 0.829-0.839
# on xquad, 100 rounds 0.847: the sets are small, a smaller model carries better)
PARAMS = {"objective": "lambdarank", "learning_rate": 0.05, "num_leaves": 15, "min_data_in_leaf": 20,
          "feature_fraction": 0.9, "lambdarank_truncation_level": 10, "verbose": -1, "seed": 7,
          "deterministic": True, "num_threads": 2}
ROUNDS = 100
SAYS_PARAMS = {"objective": "binary", "learning_rate": 0.05, "num_leaves": 7, "verbose": -1, "seed": 7,
               "deterministic": True, "num_threads": 2}
SAYS_ROUNDS = 100
# a question written to ask what its article does not say counts this many times one that it answers
NOT_SAID_WEIGHT = 5.0
# and one made by taking the answer's sentences out counts this much: nothing. Made ones are unlike real ones
# (their other sentences often still fit); trained on them beside the 100 real typed ones, the model refused fewer
# real ones at the same share of answered questions (cross-validated: 0.32 against 0.41 at 0.955 answered).
# They are still scored, as a column of the report.
TAKEN_OUT_WEIGHT = 0.0


@dataclass
class Question:
    """One training question as the reader sees it."""

    set: str
    question: str
    answers: list[str]
    group: str  # the article it was written on (cross-validation keeps an article's questions together)
    candidates: list[Candidate]
    matrix: np.ndarray
    labels: np.ndarray
    need_fits: bool
    not_said: bool = False  # written to ask what the article on its event does not say
    text: str = ""  # the question proper (after any preamble)
    weights: dict[str, float] | None = None  # the library's idf of the question's words

    def idf(self, term: str) -> float:
        return (self.weights or {}).get(term, 0.0)


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def collect(name: str, corpus: Path, questions: Path, index: Path) -> list[Question]:
    """The feature rows of every answerable question of one set, over its library."""
    from index.answer.facts import need_of
    from index.answer.features import ask_of, featurize, fits
    from index.answer.hand import hand_scores
    from index.answer.qa import LEAD
    from index.answer.search import lead_passages, retrieve
    from index.text.words import terms

    titles = {a["id"]: a["title"] for a in read_jsonl(corpus)}
    config = replace(Settings.from_env().library, index_dir=index, store="")
    library = Library.open(config)
    if not library.count():
        library.rebuild([corpus])
    answerer = library._answerer()  # the library's own word statistics and reader, as ask() uses them (qa._read)
    found = []
    for row in read_jsonl(questions):
        not_said = row.get("kind") == "not_said"
        if not row.get("answers") and not not_said:
            continue
        asked = split_preamble(row["question"])
        query = library.embedder.encode_query(row["question"])
        passages = retrieve(answerer.store, query, row["question"], k=5, frequency=answerer.frequency)
        passages = answerer.same_event(row["question"], passages) or passages
        articles = answerer.reader.articles(passages)
        vector = library.embedder.encode_query(asked.text) if asked.preamble else query
        ask = library.embedder.encode([ask_of(asked.text, articles[0])])[0] if articles else None
        lead = lead_passages(answerer.store, query, passages[0].article_id, {p.chunk_id for p in passages}, LEAD)
        hand = hand_scores(asked.text, passages, answerer.idf, extra=lead)
        candidates, matrix = prose_only(*featurize(asked, vector[0], articles, answerer.idf, ask, hand))
        gold = titles.get(row.get("article_id"), "")
        labels = np.array([c.article.title == gold and first_hit([c.text], row["answers"]) is not None
                           for c in candidates], dtype=np.int32)
        found.append(Question(name, row["question"], row["answers"], f"{name}:{row.get('article_id')}",
                              candidates, matrix, labels, fits(need_of(asked.text)), not_said, asked.text,
                              {t: answerer.idf(t) for t in terms(asked.text)}))
    library.close()
    return found


def train(questions: list[Question], rounds: int = ROUNDS):  # noqa: ANN201 (lightgbm.Booster)
    """The sentence ranker over the questions whose articles hold an answer."""
    import lightgbm

    usable = [q for q in questions if q.labels.any() and len(q.labels) > 1]
    data = lightgbm.Dataset(np.vstack([q.matrix for q in usable]), np.concatenate([q.labels for q in usable]),
                            group=[len(q.labels) for q in usable], feature_name=list(FEATURES))
    return lightgbm.train(PARAMS, data, num_boost_round=rounds)


def says_rows(q: Question, scores: np.ndarray) -> list[tuple[np.ndarray, int, float]]:
    """The answerability rows of a typed question: as asked (1), and with its answer's sentences taken out (0)."""
    if not q.need_fits or not len(scores):
        return []
    order = np.argsort(-scores, kind="stable")

    def row(at: np.ndarray) -> np.ndarray:
        return says_row(q.matrix, scores, at, absence(q.text, q.candidates, at, q.idf))

    if q.not_said:
        return [(row(order), 0, NOT_SAID_WEIGHT)]
    held = np.array([i for i in order if not q.labels[i]])
    return [(row(order), 1, 1.0)] + ([(row(held), 0, TAKEN_OUT_WEIGHT)] if len(held) else [])


def train_says(rows: list[tuple[np.ndarray, int, float]]):  # noqa: ANN201 (lightgbm.Booster)
    """The answerability model over says_rows (those of weight 0 left out)."""
    import lightgbm

    rows = [r for r in rows if r[2] > 0]
    data = lightgbm.Dataset(np.vstack([r for r, _, _ in rows]), np.array([y for _, y, _ in rows]),
                            weight=np.array([w for _, _, w in rows]), feature_name=list(SAYS_FEATURES))
    return lightgbm.train(SAYS_PARAMS, data, num_boost_round=SAYS_ROUNDS)


def outcome(q: Question, scores: np.ndarray) -> dict:
    """Did the shown window hold an answer, and how long was it?"""
    if not q.candidates:
        return {"hit": False, "words": 0}
    order = np.argsort(-scores, kind="stable")
    best = q.candidates[order[0]]
    by_place = {(c.article.article_id, c.index): s for c, s in zip(q.candidates, scores)}
    shown = " ".join(c.text for c in window(best, by_place, WINDOW - len(best.article.title.split()) - 1))
    return {"hit": first_hit([shown], q.answers) is not None, "words": len(f"{shown} — {best.article.title}".split())}


def cross_validate(questions: list[Question], folds: int = 5) -> tuple[list[dict], list]:
    """Each question scored by models trained on the folds without its article: the ranker first, then the
    answerability model on the rankers' held-out scores (stacked, on the same folds). Returns the outcomes and
    every question's answerability rows (for the final model)."""
    from sklearn.model_selection import GroupKFold

    splits = list(GroupKFold(folds).split(np.zeros(len(questions)), groups=[q.group for q in questions]))
    questions = list(questions)
    results: list[dict] = [{} for _ in questions]
    rows: list[list] = [[] for _ in questions]
    for train_at, test_at in splits:
        model = train([questions[i] for i in train_at])
        for i in test_at:
            q = questions[i]
            scores = model.predict(q.matrix, num_threads=1) if len(q.matrix) else np.zeros(0)
            results[i] = {"set": q.set, "typed": q.need_fits, "not_said": q.not_said, **outcome(q, scores)}
            rows[i] = says_rows(q, scores)
    for train_at, test_at in splits:
        says = train_says([r for i in train_at for r in rows[i]])
        for i in test_at:
            for row, label, _ in rows[i]:
                key = "refused" if questions[i].not_said else "says" if label else "says_without"
                results[i]["p_" + key] = float(says.predict(row[None, :])[0])
                results[i][key] = (results[i]["p_" + key] >= SAYS) != questions[i].not_said  # refused: under it
    return results, [r for found in rows for r in found]


def report(results: list[dict]) -> None:
    print("| set | questions | hit (held out) | words | typed questions | typed: answered "
          "| typed, answer taken out: 'does not say' | not said (typed): 'does not say' |\n"
          "| --- | --- | --- | --- | --- | --- | --- | --- |")
    for name in sorted({r["set"] for r in results}):
        unsaid = [r["refused"] for r in results if r["set"] == name and "refused" in r]
        rows = [r for r in results if r["set"] == name and not r["not_said"]]
        typed = [r for r in rows if r["typed"] and "says" in r]
        taken = [r for r in typed if "says_without" in r]
        print(f"| {name} | {len(rows)} | {np.mean([r['hit'] for r in rows]):.3f} | "
              f"{np.mean([r['words'] for r in rows]):.1f} | {len(typed)} | {np.mean([r['says'] for r in typed]):.3f} | "
              f"{np.mean([not r['says_without'] for r in taken]):.3f} | "
              f"{f'{np.mean(unsaid):.3f} ({len(unsaid)})' if unsaid else '-'} |")


def sweep(results: list[dict]) -> None:
    """Typed questions answered and not-said ones refused at other thresholds than ranker.SAYS."""
    def share(key: str, refuse: bool, at: float) -> float:
        found = [r["p_" + key] < at if refuse else r["p_" + key] >= at for r in results if "p_" + key in r]
        return float(np.mean(found)) if found else float("nan")

    print("\n| threshold | typed: answered | answer taken out: refused | not said: refused |")
    print("| --- | --- | --- | --- |")
    for at in (0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5):
        print(f"| {at} | {share('says', False, at):.3f} | {share('says_without', True, at):.3f} | "
              f"{share('refused', True, at):.3f} |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--set", action="append", required=True, help="NAME:CORPUS:QUESTIONS:INDEX")
    parser.add_argument("--out", type=Path, default=MODEL, help="where the model trained on all sets goes")
    parser.add_argument("--no-write", action="store_true", help="report the cross-validation only")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    questions: list[Question] = []
    for spec in args.set:
        name, corpus, qs, index = spec.split(":")
        questions += collect(name, Path(corpus), Path(qs), Path(index))
        print(f"{name}: {sum(q.set == name for q in questions)} questions read ({time.perf_counter() - started:.0f} s)")
    results, says = cross_validate(questions)
    report(results)
    sweep(results)
    if not args.no_write:
        model = train(questions)
        model.save_model(str(args.out))
        train_says(says).save_model(str(args.out.with_name(SAYS_MODEL.name)))
        gain = dict(zip(FEATURES, model.feature_importance("gain")))
        print("\nfeature gain: " + ", ".join(f"{k} {v:.0f}" for k, v in sorted(gain.items(), key=lambda x: -x[1])))
        print(f"models -> {args.out}, {args.out.with_name(SAYS_MODEL.name)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
