"""Measure who-said-what against the hand-annotated gold (issue 17; the format: docs/annotating-statements.md).

    python scripts/eval_statements.py --build --index /tmp/statements-eval     # builds the library once, scores
    python scripts/eval_statements.py --index /tmp/statements-eval --misses    # scores again, lists what failed
    python scripts/eval_statements.py --index /tmp/statements-eval --who-said scripts/who_said_questions.jsonl

--build makes a library of exactly the articles of --articles, read from --corpora at run time (never copied).
The stored statements are read as scripts/statements.py exports them (Library.statements, index/audit/export.py),
and the gold's offsets index the corpus JSONL "text", which must equal the stored text (checked per article).

Rules (index/audit/score.py): a gold statement is found when the stored statements over it cover >= 60% of its
content words or >= 50% of its characters, with the right speaker when those whose speaker is the same person or
organisation do; a stored statement is correct when >= 50% of its characters lie in gold content. Recall counts
statements whose speaker the article names; anonymous ones ("officials said", an empty gold canonical) are a row
of their own, right when the stored speaker names no person. --who-said asks each question through Library.ask:
right when the answer names the gold speaker (its speaker, or the first shown statement's) or refuses where
"speaker" is null; wrong when it names someone else; "unnamed" when it answers without naming anyone (passages),
which is not right and is left out of the wrong-when-answered rate (wrong / answers that name someone).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

from bot.config import Settings
from index.answer import credit
from index.audit.export import Exported, library_ids
from index.audit.score import Checked, Found, Gold, judge
from index.audit.tally import WhoSaid, tally, who_said_numbers
from index.errors import ArticleNotFound, NewsdeskError
from index.library import Library

HERE = Path(__file__).resolve().parent
CORPORA = HERE.parent.parent / "shared" / "corpora"
SPLITS = ("dev", "heldout", "all")
COLUMNS = ("gold", "recall", "recall_right", "stored", "precision", "precision_right")


class GoldError(ValueError):
    """The gold, the article list or the library do not fit together."""


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def read_gold(path: Path) -> list[Gold]:
    golds = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        try:
            golds += [Gold.of(json.loads(line))] if line.strip() else []
        except (KeyError, TypeError, ValueError) as error:
            raise GoldError(f"{path}:{number}: not a gold statement ({type(error).__name__}: {error})") from None
    return golds


def corpus_lines(corpora: Path, wanted: set[str]) -> dict[str, str]:
    """Article id -> its raw JSONL line, for the wanted ids, from every corpus under `corpora`."""
    found = {}
    for path in sorted(corpora.glob("*/articles.jsonl")):
        with path.open(encoding="utf-8") as lines:
            for line in lines:
                if (source := json.loads(line)["id"]) in wanted:
                    found[source] = line.rstrip("\n")
    if missing := wanted - set(found):
        raise GoldError(f"{len(missing)} listed articles are not in {corpora}: {sorted(missing)[:3]}")
    return found


def build(library: Library, lines: dict[str, str]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "statements-eval.jsonl"
        path.write_text("".join(line + "\n" for line in lines.values()), encoding="utf-8")
        report = library.rebuild([path], progress=True)
    print(f"built: {report.articles} articles, {report.chunks} chunks in {report.seconds:.0f} s", file=sys.stderr)


def stored_statements(library: Library, lines: dict[str, str]) -> tuple[dict[str, str], list[Exported]]:
    """The articles' texts and their stored statements (article ids: the corpus ids), after checking that the
    library holds each article with the very text the gold's offsets index."""
    ids, texts, problems = library_ids(lines), {}, []
    for source, line in lines.items():
        texts[source] = json.loads(line)["text"]
        try:
            if library.store.article_text(ids[source]) != texts[source]:
                problems.append(f"{source}: the stored text differs from the corpus text (normalised on ingest)")
        except ArticleNotFound:
            problems.append(f"{source} is not in the library: build it with --build")
    if problems:
        raise GoldError("\n".join(problems))
    corpus_id = {library_id: source for source, library_id in ids.items()}
    return texts, [replace(Exported.of(q), article_id=corpus_id[q.article_id]) for q in library.statements()
                   if q.article_id in corpus_id]


def score(texts: dict[str, str], golds: list[Gold], stored: list[Exported]) -> tuple[list[Found], list[Checked]]:
    by_article: dict[str, tuple[list[Gold], list[Exported]]] = {a: ([], []) for a in texts}
    for g in golds:
        if g.article_id not in by_article:
            raise GoldError(f"gold statement of {g.article_id}, which --articles does not list")
        if any(not 0 <= s < e <= len(texts[g.article_id]) for s, e in g.content):
            raise GoldError(f"gold statement of {g.article_id} at {g.content}: outside the article text")
        by_article[g.article_id][0].append(g)
    for s in stored:
        by_article[s.article_id][1].append(s)
    found, checked = [], []
    for article, (article_golds, article_stored) in by_article.items():
        f, c = judge(texts[article], article_golds, article_stored)
        found += f
        checked += c
    return found, checked


def table(found: list[Found], checked: list[Checked]) -> tuple[list[str], dict]:
    rows = {name: row.numbers() for name, row in tally(found, checked).items()}
    lines = ["| rows | gold | recall | recall, right speaker | stored | precision | precision, right speaker |",
             "|---|---|---|---|---|---|---|"]
    for name, n in rows.items():
        cells = ["-" if n[c] is None or (c in ("gold", "stored") and not n[c]) else
                 f"{n[c]:.3f}" if isinstance(n[c], float) else str(n[c]) for c in COLUMNS]
        lines.append(f"| {name} | {' | '.join(cells)} |")
    return lines, rows


def misses(texts: dict[str, str], found: list[Found], checked: list[Checked], stored: list[Exported]) -> list[str]:
    """Gold statements missed or given to another speaker, and stored statements that are not statements."""
    def snippet(article: str, start: int, end: int) -> str:
        words = texts[article][start:end]
        return repr(words if len(words) <= 90 else words[:60] + " ... " + words[-25:])

    lines = []
    for f in found:
        if not f.right:
            g, (start, end) = f.gold, (f.gold.content[0][0], f.gold.content[-1][1])
            over = {s.canonical for s in stored if s.article_id == g.article_id and s.start < end and s.end > start}
            what = f"miss [{g.kind}/{g.style}/{g.cue or 'no cue'}]" if not f.found else f"speaker {sorted(over)}"
            lines.append(f"{what} {g.article_id} {start}-{end} {g.canonical or 'anonymous'}: "
                         f"{snippet(g.article_id, start, end)}")
    for c in checked:
        if not c.correct:
            s = c.stored
            lines.append(f"false {s.article_id} {s.start}-{s.end} {s.canonical}: "
                         f"{snippet(s.article_id, s.start, s.end)}")
    return lines


def who_said(library: Library, questions: list[dict], split_of: dict[str, str]) -> list[WhoSaid]:
    """Ask each question; the name an answer gives is its speaker, or the first shown statement's."""
    results = []
    for q in questions:
        answer = library.ask(q["question"])
        named = answer.speaker or (answer.statements[0].quote.canonical if answer.statements else None)
        split = q.get("split") or split_of.get(q.get("article_id") or "", "")
        results.append(WhoSaid(q["question"], q.get("speaker"), named if answer.found else None, answer.found, split))
    return results


def report(args: argparse.Namespace, articles: dict[str, str], texts: dict[str, str],
           judged: tuple[list[Found], list[Checked], list[Exported]], asked: list[WhoSaid]) -> dict:
    """Print each split's rows (and misses), then the who-said rows; the numbers, for --json."""
    found, checked, stored = judged
    numbers: dict = {"statements": {}, "who_said": {}}
    for split in [args.split] if args.split else SPLITS:
        def keep(article: str, split: str = split) -> bool:
            return split == "all" or articles[article] == split

        f = [x for x in found if keep(x.gold.article_id)]
        c = [x for x in checked if keep(x.stored.article_id)]
        rows, numbers["statements"][split] = table(f, c)
        named = sum(bool(x.gold.canonical) for x in f)
        print(f"\n{split}: {sum(map(keep, articles))} articles, {len(f)} gold statements ({named} named, "
              f"{len(f) - named} anonymous), {len(c)} stored\n" + "\n".join(rows))
        if args.misses:
            print("\n".join(misses(texts, f, c, stored)))
        if asked:
            numbers["who_said"][split] = who_said_numbers([q for q in asked if split == "all" or q.split == split])
    if asked:
        print("\n".join(who_said_table(numbers["who_said"])))
        if args.misses:
            print("\n".join(f"[{q.outcome}] {q.question} -> {q.named} (gold {q.gold})" for q in asked
                            if q.outcome != "right"))
    return numbers


def who_said_table(numbers: dict[str, dict]) -> list[str]:
    lines = ["", "| who said | asked | right | wrong | unnamed | refused | right rate | wrong when answered |",
             "|---|---|---|---|---|---|---|---|"]
    for split, n in numbers.items():
        rates = [f"{n[k]:.3f}" if n[k] is not None else "-" for k in ("right_rate", "wrong_when_answered")]
        lines.append(f"| {split} | {n['asked']} | {n['right']} | {n['wrong']} | {n['unnamed']} | {n['refused']} | "
                     f"{' | '.join(rates)} |")
    return lines


def main(argv: list[str] | None = None) -> int:
    settings = Settings.from_env()
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--index", type=Path, required=True, help="the evaluation library's folder")
    parser.add_argument("--store", default=settings.library.store, help="milvus://host:port[/db] (NEWSDESK_STORE)")
    parser.add_argument("--build", action="store_true", help="(re)build the library at --index first")
    parser.add_argument("--articles", type=Path, default=HERE / "statements_articles.jsonl")
    parser.add_argument("--gold", type=Path, default=HERE / "statements_gold.jsonl")
    parser.add_argument("--corpora", type=Path, default=CORPORA, help="folders of articles.jsonl")
    parser.add_argument("--split", choices=SPLITS, help="only this split (default: dev, heldout and all)")
    parser.add_argument("--who-said", type=Path, help='"who said ...?" questions to ask ({"question", "speaker"})')
    parser.add_argument("--who-said-score", type=float, help="name a speaker from this score (a sweep; default "
                        "index/answer/credit.py WHO_SAID_SCORE)")
    parser.add_argument("--misses", action="store_true", help="list misses, wrong speakers and false statements")
    parser.add_argument("--json", type=Path, help="write the numbers to this file too")
    args = parser.parse_args(argv)
    if args.who_said_score is not None:
        credit.WHO_SAID_SCORE = args.who_said_score  # read at each answer: the one threshold a sweep moves
    try:
        articles = {a["article_id"]: a["split"] for a in read_jsonl(args.articles)}
        golds = read_gold(args.gold)
        questions = read_jsonl(args.who_said) if args.who_said else []
        lines = corpus_lines(args.corpora, set(articles))
        config = replace(settings.library, index_dir=args.index, store=args.store or "")
        library = Library.open(config, missing_ok=args.build, existing=not args.build)
    except (NewsdeskError, GoldError, OSError, KeyError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    try:
        if args.build:
            build(library, lines)
        texts, stored = stored_statements(library, lines)
        found, checked = score(texts, golds, stored)
        asked = who_said(library, questions, articles)
    except (NewsdeskError, GoldError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    finally:
        library.close()
    numbers = report(args, articles, texts, (found, checked, stored), asked)
    if args.json:
        args.json.write_text(json.dumps(numbers, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
