"""Turn a hand-written statement draft (exact strings) into gold lines with character offsets.

    python scripts/anchor_gold.py DRAFT.jsonl [DRAFT.jsonl ...] --articles scripts/statements_articles.jsonl \
        --out scripts/statements_gold.jsonl

A draft line: {"article_id", "source" (as written, "" if none), "canonical", "speaker_type", "cue" ("" if
none), "kind", "style", "content": ["exact words", ...], "anchor": optional exact words around content[0]}.
Each string must occur in the article text exactly; content[0] must be unique there unless an anchor (itself
unique) says which occurrence is meant. The cue is the whole-word occurrence outside the content nearest its
edges, the source the one nearest the cue. Any string
that cannot be placed is reported with its line number and nothing is written (docs/annotating-statements.md).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

CORPORA = Path(__file__).resolve().parent.parent.parent / "shared" / "corpora"
KINDS = {"direct", "reported", "mixed"}
STYLES = {"straight", "curly", "single", "nyt", "headline", "none"}
TYPES = {"person", "organisation", "group", "anonymous"}


class Unplaced(ValueError):
    """A draft string that is not in the article text, or not where the draft says."""


def article_texts(corpora: Path, wanted: set[str]) -> dict[str, str]:
    """Article id -> text, for the wanted ids, read from every corpus JSONL under `corpora`."""
    texts = {}
    for path in sorted(corpora.glob("*/articles.jsonl")):
        with path.open(encoding="utf-8") as lines:
            for line in lines:
                record = json.loads(line)
                if record["id"] in wanted:
                    texts[record["id"]] = record["text"]
    return texts


def occurrences(text: str, words: str) -> list[int]:
    """Every start of `words` in `text` (overlapping ones too).

    >>> occurrences("a said b said", "said")
    [2, 9]
    """
    return [m.start() for m in re.finditer(f"(?={re.escape(words)})", text)]


def whole_words(text: str, words: str) -> list[int]:
    """Starts of `words` standing as whole words ("he" is not inside "their").

    >>> whole_words("their he", "he")
    [6]
    """
    return [m.start() for m in re.finditer(rf"(?<!\w){re.escape(words)}(?!\w)", text)]


def nearest(text: str, words: str, near: list[list[int]], spans: list[list[int]], reach: int) -> list[int] | None:
    """[start, end] of the whole-word occurrence of `words` outside the content `spans` nearest an edge of `near`
    (within `reach`); None for empty words. A "said" inside the quotation is never its cue."""
    if not words:
        return None
    edges = [edge for span in near for edge in span]
    outside = [s for s in whole_words(text, words) if not any(a <= s < b for a, b in spans)]
    distance = {s: min(min(abs(s - e), abs(s + len(words) - e)) for e in edges) for s in outside}
    starts = [s for s, d in distance.items() if d <= reach]
    if not starts:
        raise Unplaced(f"{words!r} not within {reach} characters of the content")
    start = min(starts, key=distance.__getitem__)
    return [start, start + len(words)]


def place(text: str, draft: dict) -> dict:
    """One draft statement -> its gold line with offsets (raises Unplaced)."""
    contents = draft["content"]
    if not contents or not all(contents):
        raise Unplaced("no content")
    first = occurrences(text, contents[0])
    if draft.get("anchor"):
        anchors = occurrences(text, draft["anchor"])
        if len(anchors) != 1:
            raise Unplaced(f"anchor {draft['anchor'][:40]!r} occurs {len(anchors)} times")
        first = [s for s in first if anchors[0] <= s <= anchors[0] + len(draft["anchor"]) - len(contents[0])]
    if len(first) != 1:
        raise Unplaced(f"content {contents[0][:40]!r} occurs {len(first)} times: give an anchor")
    spans, at = [], first[0]
    for words in contents:
        start = text.find(words, at)
        if start < 0:
            raise Unplaced(f"content {words[:40]!r} not found after the previous span")
        spans.append([start, start + len(words)])
        at = start + len(words)
    cue = nearest(text, draft["cue"], spans, spans, 400)
    source = nearest(text, draft["source"], [cue] if cue else spans, spans, 300)
    return {
        "article_id": draft["article_id"],
        "canonical": draft["canonical"],
        "speaker_type": draft["speaker_type"],
        "kind": draft["kind"],
        "style": draft["style"],
        "cue": draft["cue"].lower(),
        "cue_span": cue,
        "source_span": source,
        "content": spans,
    }


def check(draft: dict) -> None:
    """The closed vocabularies of docs/annotating-statements.md."""
    for field, allowed in (("kind", KINDS), ("style", STYLES), ("speaker_type", TYPES)):
        if draft.get(field) not in allowed:
            raise Unplaced(f"{field} {draft.get(field)!r} is not one of {sorted(allowed)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("drafts", nargs="+", type=Path)
    parser.add_argument("--articles", type=Path, required=True, help="statements_articles.jsonl (id, corpus, split)")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--corpora", type=Path, default=CORPORA)
    args = parser.parse_args(argv)
    articles = {a["article_id"]: a for a in map(json.loads, args.articles.read_text().splitlines())}
    texts = article_texts(args.corpora, set(articles))
    gold, errors = [], []
    for path in args.drafts:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            draft = json.loads(line)
            try:
                if draft["article_id"] not in articles:
                    raise Unplaced(f"article {draft['article_id']} is not in {args.articles}")
                check(draft)
                info = articles[draft["article_id"]]
                line_out = place(texts[draft["article_id"]], draft)
                gold.append({**line_out, "corpus": info["corpus"], "split": info["split"]})
            except (Unplaced, KeyError) as error:
                errors.append(f"{path}:{number}: {error}")
    if errors:
        print("\n".join(errors), file=sys.stderr)
        print(f"{len(errors)} lines could not be placed; nothing written", file=sys.stderr)
        return 1
    gold.sort(key=lambda g: (g["article_id"], g["content"][0][0]))
    args.out.write_text("".join(json.dumps(g, ensure_ascii=False) + "\n" for g in gold), encoding="utf-8")
    print(f"{len(gold)} statements in {len({g['article_id'] for g in gold})} articles -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
