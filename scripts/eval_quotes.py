"""Evaluate who-said-what over a built library: per kind of question, how often it answers, names the right
person, shows only that person's statements, on the topic, in how many words and how fast.

    python scripts/eval_quotes.py --build --index /tmp/quotes-eval   # builds the library once, then asks
    python scripts/eval_quotes.py --index /tmp/quotes-eval             # asks again (the library is kept)

--build makes the library the questions were written over: the 1,022 wikinews-tosca articles that name
one of NAMES, and all 293 of wikinews-2019-2020, read from ../shared/corpora (never copied here).

Each question line: {"question", "kind", "speaker" (the person meant; null when the library has nobody to
answer for), optional "topic" (words one of which the statement or its paragraph must hold)}.

A shown statement is a wrong-speaker statement when its speaker is a full name that is not the gold person,
or a bare surname in an article that names someone else with that surname and not the gold person.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path

from bot.config import Settings
from index.answer.people import same_person
from index.library import Library
from index.metrics import percentile, words
from index.text.names import CONNECTORS, _is_title, _parts
from index.types import Answer, Quote

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # scripts.eval, also when run as `python scripts/eval_quotes.py`
CORPORA = HERE.parent.parent / "shared" / "corpora"
NAMES = re.compile(r"\b(Bush|Blair|Brown|Clinton|Obama|Putin|Cameron|Rudd|McCain)\b")
KINDS = ["bare", "shared", "topic", "lower", "according", "who_said", "org", "out_of_scope"]


@dataclass
class Tally:
    """What one kind of question scored."""

    asked: int = 0
    answered: int = 0
    right: int = 0
    shown: int = 0
    wrong: int = 0
    on_topic: int = 0
    topical: int = 0
    words: list[int] = field(default_factory=list)
    ms: list[float] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)


def is_person(name: str | None, gold: str) -> bool:
    """The answer's speaker is the gold person (full names compared part by part; case does not matter)."""
    if not name:
        return False
    x, y = _parts(name), _parts(gold)
    return x == y or same_person(x, y)


def _plain(name: str) -> list[str]:
    """A name's parts without accents ("Chávez" = "Chavez")."""
    return _parts(unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode())


def wrong_speaker(quote: Quote, gold: str, article: str) -> bool:
    """The statement belongs to somebody else, judged from its speaker's name and the article's names: a full
    name that is not the gold person's (a descriptor before it aside), or a bare surname in an article that
    names someone else with that surname and never the gold person."""
    parts, want = _plain(quote.canonical), _plain(gold)
    if len(parts) >= 2:
        return not any(parts[i:] == want or same_person(parts[i:], want) for i in range(len(parts) - 1))
    if not parts or parts[-1] != want[-1]:
        return True
    if len(want) < 2:
        return False
    surname = re.escape(quote.canonical.split()[-1])
    named = {m.lower() for m in re.findall(rf"\b([A-Z][a-z]+) {surname}\b", article)}
    others = {w for w in named if not _is_title(w) and w not in CONNECTORS}
    return bool(others) and want[0] not in others
def on_topic(answer: Answer, topic: list[str], library: Library) -> bool:
    """The first statement, or the paragraph around it, holds one of the topic's words."""
    if not answer.statements:
        return False
    quote = answer.statements[0].quote
    text = library.store.article_text(quote.article_id)
    window = text[max(0, quote.start - 300) : quote.end + 300].lower()
    return any(re.search(rf"\b{re.escape(t.lower())}", window) for t in topic)


def score(library: Library, q: dict, tally: Tally) -> None:
    started = time.perf_counter()
    answer = library.ask(q["question"])
    tally.ms.append((time.perf_counter() - started) * 1000)
    tally.asked += 1
    tally.answered += answer.found
    gold = q.get("speaker")
    if gold is None:
        tally.right += not answer.found
        if answer.found:
            tally.misses.append(f"{q['question']} -> {answer.text[:100]!r}")
        return
    if answer.found:
        tally.words.append(words(answer.text))
    right = answer.found and is_person(answer.speaker, gold)
    tally.right += right
    if not right:
        tally.misses.append(f"{q['question']} -> {answer.text[:120]!r}")
    for s in answer.statements if answer.found else []:  # the closest ones shown when nobody is named say nothing
        tally.shown += 1
        if wrong_speaker(s.quote, gold, library.store.article_text(s.quote.article_id)):
            tally.wrong += 1
            tally.misses.append(f"{q['question']} -> wrong speaker {s.quote.speaker!r}: {s.quote.content[:80]!r}")
    if q.get("topic"):
        tally.topical += 1
        tally.on_topic += on_topic(answer, q["topic"], library)


def table(tallies: dict[str, Tally]) -> list[str]:
    rows = ["| kind | questions | answered | right person | attribution precision | wrong-speaker statements "
            "| topic relevance | words/answer | p50 ms |", "|---|---|---|---|---|---|---|---|---|"]
    for kind, t in tallies.items():
        precision = f"{1 - t.wrong / t.shown:.3f}" if t.shown else "-"
        topical = f"{t.on_topic / t.topical:.3f}" if t.topical else "-"
        mean = f"{sum(t.words) / len(t.words):.0f}" if t.words else "-"
        rows.append(f"| {kind} | {t.asked} | {t.answered / t.asked:.3f} | {t.right / t.asked:.3f} | {precision} "
                    f"| {t.wrong} | {topical} | {mean} | {percentile(t.ms, 50):.0f} |")
    return rows


def build(library: Library) -> None:
    """The evaluation library: tosca articles naming the most-quoted people, plus all of 2019-2020."""
    from scripts.eval import read_jsonl

    tosca = read_jsonl(CORPORA / "wikinews-tosca-2004-2018" / "articles.jsonl")
    recent = read_jsonl(CORPORA / "wikinews-2019-2020" / "articles.jsonl")
    chosen = [a for a in tosca if NAMES.search(a["text"])] + recent
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "quotes-eval.jsonl"
        path.write_text("".join(json.dumps(a) + "\n" for a in chosen), encoding="utf-8")
        report = library.rebuild([path], progress=True)
    print(f"built: {report.articles} articles, {report.chunks} chunks in {report.seconds:.0f} s")


def main(argv: list[str] | None = None) -> int:
    settings = Settings.from_env()
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--index", type=Path, required=True, help="a built index folder (rebuild_index.py)")
    parser.add_argument("--questions", type=Path, default=HERE / "quotes_questions.jsonl")
    parser.add_argument("--misses", action="store_true", help="print each question that went wrong")
    parser.add_argument("--build", action="store_true", help="(re)build the library at --index first")
    args = parser.parse_args(argv)
    from scripts.eval import read_jsonl

    library = Library.open(replace(settings.library, index_dir=args.index))
    if args.build:
        build(library)
    questions = read_jsonl(args.questions)
    library.ask("warm up")
    tallies: dict[str, Tally] = defaultdict(Tally)
    for kind in KINDS:
        for q in (q for q in questions if q["kind"] == kind):
            score(library, q, tallies[kind])
    print(f"{library.count()} articles, {len(questions)} questions\n")
    print("\n".join(table(tallies)))
    if args.misses:
        for kind, t in tallies.items():
            print("\n".join(f"[{kind}] {m}" for m in t.misses))
    library.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
