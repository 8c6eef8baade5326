"""Dataclasses that cross module boundaries: documents, articles, chunks, passages, quotes, answers.

Dates: `date` is only ever the date an article gives itself (index/ingest/dates.py), None when it gives none;
`added` is the day (UTC) it was added to the library. A source line shows `when`: the one, else the other marked
"added" (`dated`), so a reader never takes an upload's day for a publication date.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any


def day_of(timestamp: float) -> str:
    """The day (UTC) of a Unix time, as "YYYY-MM-DD": the day an article was added.

    >>> day_of(0.0), day_of(1_500_000_000.0)
    ('1970-01-01', '2017-07-14')
    """
    return datetime.fromtimestamp(timestamp, UTC).date().isoformat()


def dated(date: str | None, added: str | None) -> str:
    """What a source line shows as an article's date: the date it gives itself, else the day it was added, marked
    as such; "" when neither is known.

    >>> dated("2017-07-08", "2026-12-07"), dated(None, "2026-12-07"), dated(None, None)
    ('2017-07-08', 'added 2026-12-07', '')
    """
    return date or (f"added {added}" if added else "")


@dataclass(frozen=True)
class Document:
    """One parsed document, before it is stored: what parse.py hands to the library."""

    title: str
    text: str
    source: str  # the file name (or URL) it came from
    url: str | None = None
    date: str | None = None  # YYYY-MM-DD the document gives itself (JSONL, "Date:" line, markup, metadata)


@dataclass(frozen=True)
class Article:
    """A stored article; `id` is derived from the content hash of its text."""

    id: str
    title: str
    text: str
    source: str
    content_hash: str
    added_at: float
    url: str | None = None
    date: str | None = None


@dataclass(frozen=True)
class Chunk:
    """A span of an article: article_text[start:end] == text."""

    article_id: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Prepared:
    """An article ready to store: chunked, its quotes extracted, one vector (and cache key) per chunk, and what
    the sentence reader needs of each sentence."""

    article: Article
    chunks: list[Chunk]
    keys: list[str]
    vectors: Any  # numpy float32 array, shape (len(chunks), dimension)
    quotes: list[Quote]
    sentences: list[SentenceRow] = field(default_factory=list)
    sentence_keys: list[str] = field(default_factory=list)  # each sentence vector's cache key (vector_key)


@dataclass(frozen=True)
class SentenceRow:
    """What the sentence reader needs of one sentence, computed at ingest: article_text[start:end] is the
    sentence, `vector` its unit embedding (float32, the library's model), `entities` the (start, end, label)
    spaCy entities inside it, with offsets into the article text."""

    article_id: str
    start: int
    end: int
    vector: Any  # numpy float32 array, shape (dimension,)
    entities: tuple[tuple[int, int, str], ...] = ()


@dataclass(frozen=True)
class Passage:
    """A retrieved chunk with its article's metadata and a relevance score."""

    chunk_id: int
    article_id: str
    title: str
    text: str
    score: float
    start: int
    end: int
    url: str | None = None
    date: str | None = None
    added: str | None = None  # the day its article was added (day_of)

    @property
    def when(self) -> str:
        return dated(self.date, self.added)


@dataclass(frozen=True)
class Quote:
    """One attribution: who said what, where in the article (spans index the article text)."""

    speaker: str  # the name as written near the quote ("US Senator Mark Warner", or "he" resolved)
    canonical: str  # the canonical speaker name ("Mark Warner")
    cue: str  # the cue verb ("said", "told", "according to")
    content: str  # the quoted or reported words, as in the article
    kind: str  # "direct", "reported" or "pull"
    start: int  # span of `content` in the article text
    end: int
    description: str = ""  # "a Europe expert at the Centre for Strategic and International Studies"
    article_id: str = ""


@dataclass(frozen=True)
class Source:
    """An article an answer draws on."""

    article_id: str
    title: str
    url: str | None = None
    date: str | None = None
    publisher: str = ""  # "Wikinews", "Reuters": the JSONL "source" field; empty for an uploaded file
    added: str | None = None  # the day the article was added (day_of)

    @property
    def when(self) -> str:
        """ "2017-07-08", or "added 2026-12-07" for an article that gives no date."""
        return dated(self.date, self.added)


@dataclass(frozen=True)
class Statement:
    """One statement as an answer shows it: the quote, its own article, and how many other articles carry the
    same words (wire copies)."""

    quote: Quote
    source: Source | None
    also_in: int = 0
    relevance: float = 0.0  # how well it matches the question's topic (cosine, plus shared words)


@dataclass(frozen=True)
class Answer:
    """What the library says to a question: the text a user reads, and where it came from."""

    question: str
    text: str
    found: bool
    passages: list[Passage] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    kind: str = "passages"  # "passages", "quotes", "who", "not_found", ...
    more: list[str] = field(default_factory=list)  # further result texts for a "more" button
    speaker: str | None = None  # the canonical speaker a quote question was about
    topic: str | None = None  # what the question was about, minus the speaker ("Putin", "elections")
    statements: list[Statement] = field(default_factory=list)  # quote answers: each with its own source
    also_quoted: list[str] = field(default_factory=list)  # others who share the name asked about
    people: list[str] = field(default_factory=list)  # quoted people the question names (for "what did he say?")
    span: str | None = None  # the words of a sentence answer that answer it (a number, a name, a date)


@dataclass(frozen=True)
class Receipt:
    """What adding one article did."""

    article_id: str
    title: str
    chunks: int
    seconds: float
    quotes: int = 0
    date: str | None = None
    url: str | None = None
    duplicate_of: str | None = None  # set when the content was already stored (nothing added)
    added: str | None = None  # the day it was added (day_of)

    @property
    def when(self) -> str:
        return dated(self.date, self.added)


@dataclass(frozen=True)
class ArticleInfo:
    """A row of the article list."""

    id: str
    title: str
    chunks: int
    added_at: float
    url: str | None = None
    date: str | None = None
    source: str = ""

    @property
    def when(self) -> str:
        return dated(self.date, day_of(self.added_at))


@dataclass(frozen=True)
class RebuildReport:
    """What a full rebuild did."""

    articles: int
    chunks: int
    seconds: float
    embedded: int  # chunks that were encoded by the model
    reused: int  # chunks whose vectors came from the cache
    skipped: list[str] = field(default_factory=list)  # "file: reason" for inputs that were refused

    @property
    def chunks_per_second(self) -> float:
        return self.chunks / self.seconds if self.seconds > 0 else 0.0


@dataclass(frozen=True)
class Stats:
    """Library size, for /stats."""

    articles: int
    chunks: int
    quotes: int
    model: str
    dimension: int
    index_bytes: int
    index_type: str = "flat"
    store: str = ""  # which store holds the library, and where
