"""Documents -> Prepared articles: content hash and id, chunks, quotes, vectors (re-using cached ones), and
each sentence's row for the sentence reader (its vector and named entities).

Encoding is the expensive step, so prepare() encodes all new chunk and sentence texts of a batch in one model
call and takes every vector it already has from the cache (keyed by model and embedded text).
"""

from __future__ import annotations

import hashlib
import os
import re
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np

from index.config import LibraryConfig
from index.embed.encoder import Embedder, vector_key
from index.ingest.chunk import chunk_text
from index.text.sentence_rows import EntityFinder, find_entities, sentence_rows, spans
from index.types import Article, Document, Prepared, Quote

QuoteExtractor = Callable[[str, str], list[Quote]]  # (text, article_id) -> quotes
VectorCache = Callable[[list[str]], dict[str, np.ndarray]]


@dataclass(frozen=True)
class Batch:
    """Prepared articles and how many chunk texts (and sentence texts) the model had to encode for them."""

    items: list[Prepared]
    encoded: int
    sentences_encoded: int = 0


def content_hash(text: str) -> str:
    """sha256 of the text with whitespace collapsed, so re-wrapped copies count as the same article.

    >>> content_hash("a  b\\n") == content_hash("a b")
    True
    """
    return hashlib.sha256(re.sub(r"\s+", " ", text).strip().encode("utf-8")).hexdigest()


def make_article(document: Document, added_at: float | None = None) -> Article:
    """A Document with its id (the first 16 hex digits of its content hash) and timestamps."""
    digest = content_hash(document.text)
    return Article(
        id=digest[:16],
        title=document.title,
        text=document.text,
        source=document.source,
        content_hash=digest,
        added_at=time.time() if added_at is None else added_at,
        url=document.url,
        date=document.date,
    )


def embedding_text(title: str, chunk: str) -> str:
    """What is embedded for a chunk: the article title gives every chunk its story's context.

    >>> embedding_text("Putin meeting", "Warner said no.")
    'Putin meeting\\nWarner said no.'
    """
    return f"{title}\n{chunk}"


def background(work: Callable[[], list]) -> list:
    """Run `work` on this (pool) thread at a low CPU priority (nice 10), where the OS lets a thread have its own.

    On 2 cores the encoder's threads and spaCy's fought over the cores, and the encoder's parallel loops
    waited for whichever of their threads was pushed off. At nice 10 spaCy mostly fills the encoder's idle
    moments (xquad rebuild, scripts/bench/bench.py: 55.7 chunks/s in one run at one priority, 55.6-62.0 in six at
    nice 10-19: a small gain within the noise), and questions asked during an upload keep the cores; nice 10
    rather than 19 still gives the quotes about a tenth of the CPU when questions keep both cores busy.
    """
    try:
        thread = threading.get_native_id()  # Linux: the priority of this thread only; never raised
        os.setpriority(os.PRIO_PROCESS, thread, max(10, os.getpriority(os.PRIO_PROCESS, thread)))
    except (AttributeError, OSError):  # no per-thread priorities here: run as before
        pass
    return work()


def prepare(
    articles: list[Article],
    embedder: Embedder,
    config: LibraryConfig,
    cache: VectorCache,
    extract_quotes: QuoteExtractor,
    progress: bool = False,
    find: EntityFinder = find_entities,
) -> Batch:
    """Chunk, extract quotes and entities, and embed a batch of articles' chunks and sentences; only texts
    missing from the cache are encoded. A sentence is embedded without its title: the reader compares it with
    the question alone."""
    chunked = [chunk_text(a.id, a.text, config.chunk_chars, config.chunk_overlap) for a in articles]
    texts = [[embedding_text(a.title, c.text) for c in chunks] for a, chunks in zip(articles, chunked)]
    said = [[a.text[s:e] for s, e in spans(a.text)] for a in articles]
    keys = [[vector_key(embedder.name, t) for t in group] for group in texts]
    sentence_keys = [[vector_key(embedder.name, t) for t in group] for group in said]
    pairs = [p for ks, ts in zip(keys + sentence_keys, texts + said) for p in zip(ks, ts)]
    known = cache(list(dict.fromkeys(k for k, _ in pairs)))
    missing = {k: t for k, t in pairs if k not in known}
    chunks_missing = len({k for group in keys for k in group if k in missing})
    # spaCy (quotes, then the NER) runs in a second thread while the model encodes: both release the GIL for
    # their heavy parts. It runs at a lower CPU priority, so it mostly takes the cores when the encoder leaves
    # them idle (see background()).
    with ThreadPoolExecutor(1, thread_name_prefix="quotes") as pool:
        tagged = pool.submit(background, lambda: [(extract_quotes(a.text, a.id), find(a.text)) for a in articles])
        encoded = embedder.encode(list(missing.values()), progress=progress)
        found = tagged.result()
    known.update(zip(missing.keys(), encoded))
    prepared = []
    for article, chunks, group, said_keys, (quotes, entities) in zip(articles, chunked, keys, sentence_keys, found):
        rows = sentence_rows(article.id, article.text, _stack(known, said_keys, embedder.dimension), entities)
        prepared.append(Prepared(article, chunks, group, _stack(known, group, embedder.dimension), quotes, rows,
                                 said_keys))
    return Batch(prepared, chunks_missing, len(missing) - chunks_missing)


def _stack(known: dict[str, np.ndarray], keys: list[str], dimension: int) -> np.ndarray:
    """The vectors of these keys, one row each."""
    return np.vstack([known[k] for k in keys]) if keys else np.zeros((0, dimension), np.float32)
