"""Rebuilding a library: which home holds its generations, which articles go in, which shard is whose, and
the checks a generation passes before it is published (used by index/library.py)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from index.config import LibraryConfig
from index.embed.encoder import Embedder
from index.errors import RebuildFailed
from index.ingest.pipeline import Batch
from index.store.home import FolderHome, Home
from index.types import Article, RebuildReport


@dataclass(frozen=True)
class Shard:
    """Machine `index` of `count` writing into generation `generation` (scripts/rebuild_index.py --shard I/N)."""

    index: int
    count: int
    generation: str

    def holds(self, content_hash: str) -> bool:
        """Is this article this shard's? By its content hash, so every machine splits the sources alike.

        >>> [Shard(i, 3, "g").holds("0000000a") for i in range(3)]
        [False, True, False]
        """
        return int(content_hash[:8], 16) % self.count == self.index


def parse_shard(text: str, generation: str) -> Shard:
    """ "I/N" -> Shard(I, N, generation); ValueError with what is wrong.

    >>> parse_shard("0/4", "nightly")
    Shard(index=0, count=4, generation='nightly')
    >>> parse_shard("4/4", "nightly")
    Traceback (most recent call last):
    ValueError: --shard '4/4': I must be 0 to N-1
    """
    try:
        index, count = (int(part) for part in text.split("/"))
    except ValueError:
        raise ValueError(f"--shard {text!r}: give I/N, e.g. 0/4 for the first of four machines") from None
    if not 0 <= index < count:
        raise ValueError(f"--shard {text!r}: I must be 0 to N-1")
    if generation.isdigit():  # numbered generations are whole rebuilds', dropped when one dies
        raise ValueError(f"--generation {generation!r}: give it a name with a letter, e.g. nightly")
    return Shard(index, count, generation)


def home_of(config: LibraryConfig, embedder: Embedder) -> Home:
    """Where the library's generations live: a folder (the embedded store), or a Milvus server."""
    if not config.store:
        return FolderHome(config.index_dir, embedder.name, embedder.dimension)
    from index.store.milvus.library import MilvusGenerations  # pymilvus only when a Milvus store is asked for

    return MilvusGenerations(config.store, config.milvus_token, embedder.name, embedder.dimension)


def unique(articles: Iterable[Article], skipped: list[str]) -> list[Article]:
    """Articles with distinct content; later copies are noted in `skipped`."""
    kept, seen = [], set()
    for article in articles:
        if article.content_hash in seen:
            skipped.append(f"{article.source}: duplicate of an article read earlier")
            continue
        seen.add(article.content_hash)
        kept.append(article)
    return kept


def keep_added(articles: list[Article], store: Any) -> list[Article]:  # Store or MilvusStore
    """The articles, those `store` holds already keeping the time they were first added: a rebuild reads the
    sources again but makes no article new, so one that gives no date still shows the day it first came, and
    the article list keeps its order."""
    known = store.added_times([a.content_hash for a in articles])
    return [replace(a, added_at=known[a.content_hash]) if a.content_hash in known else a for a in articles]


def verify(store: Any, batch: Batch) -> None:  # Store or MilvusStore
    """Refuse to publish a generation that is not whole: integrity, counts, FAISS against SQLite."""
    problems = store.check()
    built = (len(batch.items), sum(len(p.chunks) for p in batch.items), sum(len(p.sentences) for p in batch.items))
    stored = (store.count("articles"), store.count("chunks"), store.count("sentences"))
    if stored != built:
        problems.append("it holds {} articles, {} chunks and {} sentence rows; {}, {} and {} were built".format(
            *stored, *built))
    if problems:
        raise RebuildFailed(f"The rebuilt index in {store.location} failed its checks ({'; '.join(problems)}); "
                            "it was not published and the previous one stays in use.")


def report_of(batch: Batch, seconds: float, skipped: list[str]) -> RebuildReport:
    chunks = sum(len(p.chunks) for p in batch.items)
    return RebuildReport(len(batch.items), chunks, seconds, batch.encoded, chunks - batch.encoded, skipped)
