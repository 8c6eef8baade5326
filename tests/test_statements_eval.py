"""Scoring statements against hand annotation (index/audit): the rules on small hand-made gold and stored pairs,
the docstrings' worked examples, and scripts/eval_statements.py end to end over a tiny gold file written here."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from index.audit.export import Exported, export_kind, style_of
from index.audit.score import Gold, coverage, cue_family, judge, names_a_person, same_name
from index.audit.tally import WhoSaid, tally, who_said_numbers

from .conftest import ROOT
from .test_statements_export import ARTICLES

TEXT = ('Ann Lee said "tax cuts for workers, extraordinarily unaffordable" on Monday. '
        'Officials said the bridge would close. "It is over," Bo Li said.')


def span(words: str, text: str = TEXT) -> tuple[int, int]:
    start = text.index(words)
    return start, start + len(words)


def gold(words: str, canonical: str = "Ann Lee", kind: str = "direct", *more: str) -> Gold:
    return Gold("a", canonical, "person" if canonical else "anonymous", kind, "straight", "said",
                (span(words), *(span(m) for m in more)))


def stored(words: str, canonical: str = "Ann Lee", kind: str = "direct") -> Exported:
    return Exported("a", canonical, canonical, "said", kind, words, *span(words))


def test_the_worked_examples() -> None:
    assert [round(x, 2) for x in coverage(TEXT, [span("tax cuts for workers, extraordinarily unaffordable")],
                                          [span("tax cuts for workers")])] == [0.6, 0.38]
    assert [cue_family(c) for c in ("says", "told reporters", "according to", "said in a statement", "")] == [
        "say", "tell", "according to", "statement/announce", "no cue"]
    assert same_name("Warner", "Mark Warner") and same_name("WHO", "World Health Organization")
    assert not same_name("Eric Trump", "Donald Trump")
    assert (export_kind("pull", "x"), export_kind("reported", "it was “dead”")) == ("direct", "mixed")
    assert style_of("''Yes,'' he said.", 2, "direct") == "nyt"
    assert [names_a_person(n) for n in ("Mark Warner", "Officials", "the company")] == [True, False, False]


def test_several_stored_statements_find_one_gold_statement_together() -> None:
    g = gold("tax cuts for workers, extraordinarily unaffordable")
    halves = [stored("tax cuts for"), stored("workers, extraordinarily unaffordable")]
    assert judge(TEXT, [g], halves[1:])[0][0].found  # 3 of 5 content words, 35 of 45 characters
    assert judge(TEXT, [g], halves)[0][0].right
    assert not judge(TEXT, [g], halves[:1])[0][0].found  # 2 of 5 content words, 10 of 45 characters


def test_sixty_percent_of_the_content_words_is_enough() -> None:
    g = gold("tax cuts for workers, extraordinarily unaffordable")
    found, _ = judge(TEXT, [g], [stored("tax cuts for workers")])  # 60% of the words, 38% of the characters
    assert found[0].found and found[0].right


def test_a_statement_given_to_another_speaker_is_found_but_not_right() -> None:
    found, checked = judge(TEXT, [gold("It is over", "Bo Li")], [stored("It is over", "Ann Lee")])
    assert found[0].found and not found[0].right
    assert checked[0].correct and not checked[0].right


def test_a_false_statement_lowers_precision_only() -> None:
    g = gold("It is over", "Bo Li")
    found, checked = judge(TEXT, [g], [stored("It is over", "Bo Li"), stored("on Monday", "Ann Lee")])
    assert [c.correct for c in checked] == [True, False]
    rows = tally(found, checked)
    assert rows["all"].numbers()["recall_right"] == 1.0 and rows["all"].numbers()["precision"] == 0.5


def test_anonymous_statements_are_right_with_no_named_person_and_counted_apart() -> None:
    g = gold("the bridge would close", "", "reported")
    for speaker, right in (("Officials", True), ("the council", True), ("Ann Lee", False)):
        found, _ = judge(TEXT, [g], [stored("the bridge would close", speaker, "reported")])
        assert found[0].found and found[0].right == right, speaker
    rows = tally(found, [])
    assert "all" not in rows and rows["anonymous"].gold == 1 and rows["speaker: anonymous"].gold == 1


def test_who_said_outcomes() -> None:
    results = [WhoSaid("q1", "Ana Ortiz", "Ortiz", True), WhoSaid("q2", "Ana Ortiz", "Tom Reyes", True),
               WhoSaid("q3", None, None, False), WhoSaid("q4", "Tom Reyes", None, True)]
    numbers = who_said_numbers(results)
    assert (numbers["right"], numbers["wrong"], numbers["unnamed"], numbers["answered"]) == (2, 1, 1, 2)
    assert (numbers["right_rate"], numbers["wrong_when_answered"]) == (0.5, 0.5)


def test_the_eval_script_end_to_end(tmp_path: Path) -> None:
    corpus = tmp_path / "corpora" / "tiny"
    corpus.mkdir(parents=True)
    (corpus / "articles.jsonl").write_text("".join(json.dumps(a) + "\n" for a in ARTICLES), encoding="utf-8")
    (tmp_path / "articles.jsonl").write_text(json.dumps({"article_id": "bridge", "corpus": "tiny", "split": "dev"})
                                             + "\n" + json.dumps({"article_id": "ferry", "corpus": "tiny",
                                                                  "split": "heldout"}) + "\n")
    text = {a["id"]: a["text"] for a in ARTICLES}
    lines = [("bridge", "Ana Ortiz", "direct", "straight", "said", "We cannot wait another winter"),
             ("bridge", "Ben Hale", "mixed", "curly", "said", "the plan was “a gamble with public money” and "
              "that he would vote against it again"),
             ("ferry", "Tom Reyes", "direct", "curly", "said", "It is a good day for the island"),
             ("ferry", "Tom Reyes", "reported", "none", "added", "two more boats would join the service in May")]
    (tmp_path / "gold.jsonl").write_text("".join(json.dumps({
        "article_id": a, "canonical": who, "speaker_type": "person", "kind": kind, "style": style, "cue": cue,
        "content": [list(span(words, text[a]))]}) + "\n" for a, who, kind, style, cue, words in lines))
    (tmp_path / "who.jsonl").write_text(json.dumps({"question": "Who said the town cannot wait for one more winter?",
                                                    "speaker": "Ana Ortiz", "article_id": "bridge"}) + "\n"
                                        + json.dumps({"question": "Who said the ferry should be painted red?",
                                                      "speaker": None, "article_id": "ferry"}) + "\n")
    paths = ["--corpora", str(tmp_path / "corpora"), "--articles", str(tmp_path / "articles.jsonl"), "--gold",
             str(tmp_path / "gold.jsonl"), "--index", str(tmp_path / "index")]
    done = run([*paths, "--build", "--who-said", str(tmp_path / "who.jsonl"), "--misses", "--json",
                str(tmp_path / "numbers.json")])
    assert done.returncode == 0, done.stderr
    assert "\ndev: 1 articles, 2 gold statements (2 named, 0 anonymous)" in done.stdout
    assert "| who said | asked |" in done.stdout
    numbers = json.loads((tmp_path / "numbers.json").read_text())
    assert numbers["statements"]["all"]["all"]["gold"] == 4 and numbers["who_said"]["all"]["asked"] == 2
    assert numbers["statements"]["dev"]["style: straight"]["recall_right"] == 1.0  # "...," said Mayor Ana Ortiz.
    again = run([*paths, "--split", "heldout"])  # the library built above, reused
    assert again.returncode == 0 and "heldout: 1 articles" in again.stdout and "dev:" not in again.stdout
    missing = run([*paths[:-1], str(tmp_path / "never-built")])
    assert missing.returncode == 1 and "No library has been built" in missing.stderr


def run(args: list[str]) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("NEWSDESK_", "TELEGRAM_"))}
    return subprocess.run([sys.executable, "scripts/eval_statements.py", *args], cwd=ROOT, capture_output=True,
                          env={**clean, "HF_HUB_OFFLINE": "1"}, text=True, timeout=300)
