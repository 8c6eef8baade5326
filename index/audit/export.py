"""The stable export of one stored statement (scripts/statements.py --json), and where its article came from.

Evaluation and users' own audits read this record, not the store's tables: its `kind` is one of direct,
reported and mixed whatever the extractor calls it, and text[start:end] == content in the stored article text.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from index.ingest.parse import parse_document
from index.ingest.pipeline import make_article
from index.types import Quote

# Marks that open a quotation inside reported speech ("She said the plan was “dead on arrival”"); ’ is left out:
# it is also the apostrophe of "Trump’s".
QUOTATION_MARKS = ('"', "“", "”", "„", "«", "»", "‘", "''")


@dataclass(frozen=True)
class Exported:
    """One statement as the export writes it: offsets into the article's stored text."""

    article_id: str
    speaker: str  # as written near the statement ("US Senator Mark Warner", "he")
    canonical: str  # whom it means ("Mark Warner")
    cue: str
    kind: str  # "direct", "reported" or "mixed"
    content: str
    start: int
    end: int

    @classmethod
    def of(cls, quote: Quote) -> Exported:
        return cls(quote.article_id, quote.speaker, quote.canonical, quote.cue, export_kind(quote.kind, quote.content),
                   quote.content, quote.start, quote.end)

    def record(self) -> dict:
        """The JSON object of one export line (keys in this order: the export's contract)."""
        return asdict(self)


def export_kind(kind: str, content: str) -> str:
    """The extractor's kind -> the export's: a pull quote is direct, reported words holding a quotation are mixed.

    >>> export_kind("pull", "We will win"), export_kind("reported", "the plan was “dead on arrival”")
    ('direct', 'mixed')
    >>> export_kind("reported", "the plan’s costs were too high"), export_kind("direct", "No.")
    ('reported', 'direct')
    """
    if kind == "pull":
        return "direct"
    if kind == "reported" and any(mark in content for mark in QUOTATION_MARKS):
        return "mixed"
    return kind


def style_of(text: str, start: int, kind: str) -> str:
    """How a stored statement's words are marked, from the characters just before them (the gold's `style`;
    "headline" is not told apart from reported speech here).

    >>> text = "''Yes,'' he said. “No,” she said. 'Maybe,' it said. She said no."
    >>> [style_of(text, i, k) for i, k in ((2, "direct"), (19, "direct"), (35, "direct"), (60, "reported"))]
    ['nyt', 'curly', 'single', 'none']
    """
    before = text[max(0, start - 2) : start]
    if kind == "reported" or not before:
        return "none"
    if before == "''":
        return "nyt"
    return {'"': "straight", "“": "curly", "‘": "single", "'": "single"}.get(before[-1], "none")


def library_ids(lines: dict[str, str]) -> dict[str, str]:
    """Corpus id -> the library's article id, for raw corpus JSONL lines by their "id": the id is a hash of the
    text, made by the same parse and hash as ingest, so it is the one the library stores."""
    return {source: make_article(parse_document(line.encode("utf-8"), "corpus.jsonl")[0], 0.0).id
            for source, line in lines.items()}
