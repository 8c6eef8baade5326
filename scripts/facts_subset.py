"""Write the 1,000-article library the news fact set is asked over: the articles its questions come from, the
6 articles most like each (by title and lead words, so near misses are real), and random others up to 1,000.
The corpus stays in ../shared; the subset goes wherever --out says (not into the repository).

    python scripts/facts_subset.py --out /tmp/subset.jsonl
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parent.parent / "shared" / "corpora" / "wikinews-tosca-2004-2018" / "articles.jsonl"
_STOP = set("a an the of in on to for and at by with after from is as us new over".split())


def words(text: str) -> set[str]:
    """Lower-case words of three letters or more, without a few very common ones.

    >>> sorted(words("Bomb blasts rock courts in India"))
    ['blasts', 'bomb', 'courts', 'india', 'rock']
    """
    return {w for w in re.findall(r"[a-z]+", text.lower()) if w not in _STOP and len(w) > 2}


def subset(articles: list[dict], wanted: set[str], size: int = 1000, neighbours: int = 6, seed: int = 5) -> list[dict]:
    """The wanted articles, each one's closest neighbours by shared words, then random others; corpus order."""
    lead = {a["id"]: words(a["title"]) | words(a["text"][:300]) for a in articles}
    chosen = {a["id"] for a in articles if a["id"] in wanted}
    for article_id in [a["id"] for a in articles if a["id"] in wanted]:
        ranked = sorted((len(lead[article_id] & lead[b["id"]]), b["id"]) for b in articles if b["id"] not in chosen)
        chosen.update(i for _, i in ranked[-neighbours:])
    rest = [a["id"] for a in articles if a["id"] not in chosen]
    random.Random(seed).shuffle(rest)
    chosen.update(rest[: max(size - len(chosen), 0)])
    return [a for a in articles if a["id"] in chosen]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--questions", type=Path, default=HERE / "facts_questions.jsonl")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    articles = [json.loads(line) for line in args.corpus.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows = [json.loads(line) for line in args.questions.read_text(encoding="utf-8").splitlines() if line.strip()]
    chosen = subset(articles, {r["article_id"] for r in rows if r.get("article_id")})
    args.out.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in chosen), encoding="utf-8")
    print(f"{len(chosen)} articles -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
