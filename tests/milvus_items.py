"""Prepared articles for the Milvus storage tests: the real chunker with random unit vectors, and writers
racing each other."""

from __future__ import annotations

import threading
from dataclasses import replace
from typing import TYPE_CHECKING

import numpy as np

from index.ingest.chunk import chunk_text
from index.ingest.pipeline import content_hash
from index.types import Article, Prepared, Quote

if TYPE_CHECKING:  # the helpers import no Milvus: the suite collects them without the [milvus] extra
    from index.store.milvus.store import MilvusStore

DIM = 384
rng = np.random.default_rng(12)


def unit(n: int) -> np.ndarray:
    v = rng.standard_normal((n, DIM)).astype(np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def synthetic(text: str, title: str = "T", added_at: float = 1.0, article_id: str | None = None,
              quotes: list[Quote] | None = None) -> Prepared:
    """An article for storage tests: the real chunker, random unit vectors."""
    digest = content_hash(text)
    a = Article(article_id or digest[:16], title, text, "test.txt", digest, added_at)
    chunks = chunk_text(a.id, text, 120)
    return Prepared(a, chunks, [f"k:{digest[:8]}:{i}" for i in range(len(chunks))], unit(len(chunks)),
                    [replace(q, article_id=a.id) for q in quotes or []])


def race(writers: list[MilvusStore], batches: list[list[Prepared]]) -> None:
    """Each writer adds its batch in its own thread, all at once."""
    errors: list[BaseException] = []

    def write(s: MilvusStore, batch: list[Prepared]) -> None:
        try:
            s.add(batch)
        except BaseException as error:  # noqa: BLE001 (asserted below)
            errors.append(error)

    threads = [threading.Thread(target=write, args=pair) for pair in zip(writers, batches)]
    [t.start() for t in threads]
    [t.join() for t in threads]
    assert not errors


def add_texts(uri: str, generation: str, texts: list[str]) -> None:
    """What a writer process does in the race tests: open the generation, add these articles."""
    from index.store.milvus.home import MilvusHome

    home = MilvusHome(uri, model="m", dimension=DIM)
    store = home.new_generation(generation)
    store.add([synthetic(text, added_at=float(n)) for n, text in enumerate(texts)])
    store.close()
    home.close()
