"""Dataclasses that cross module boundaries: documents, articles, chunks, passages, quotes, answers."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Document:
    """One parsed document, before it is stored: what parse.py hands to the library."""

    title: str
    text: str
    source: str  # the file name (or URL) it came from
    url: str | None = None
    date: str | None = None  # ISO 8601 date (YYYY-MM-DD) where known


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
