"""Prepared articles -> Milvus rows, and the vocabulary counts of chunk texts: pure functions."""

from __future__ import annotations

from collections import Counter

import numpy as np

from index.store.milvus.schema import DUMMY, row_id, stems, text_parts
from index.store.sentences import entities_text
from index.types import Prepared


def chunk_rows(item: Prepared) -> list[dict]:
    """A chunk's row: its id is its article's id and its number, its lexical text the stemmed title and text
    (FTS5 indexed both), its vector the prepared one."""
    article = item.article
    return [
        {"id": row_id(article.id, n), "article_id": article.id, "title": article.title, "text": chunk.text,
         "start": chunk.start, "end": chunk.end, "vector_key": key,
         "stems": " ".join(stems(article.title + "\n" + chunk.text)),
         "dense": np.asarray(vector, dtype=np.float32).tolist()}
        for n, (chunk, key, vector) in enumerate(zip(item.chunks, item.keys, item.vectors))
    ]


def quote_rows(item: Prepared) -> list[dict]:
    article_id = item.article.id
    return [
        {"id": row_id(article_id, "quote", n), "article_id": article_id, "speaker": q.speaker,
         "canonical": q.canonical, "cue": q.cue, "content": q.content, "kind": q.kind, "start": q.start,
         "end": q.end, "description": q.description, "dummy": DUMMY}
        for n, q in enumerate(item.quotes)
    ]


def sentence_rows_of(item: Prepared) -> list[dict]:
    """An article's sentence rows, ids from its id and the sentence's number (as chunks' are)."""
    return [
        {"id": row_id(row.article_id, "sentence", n), "article_id": row.article_id, "start": row.start,
         "end": row.end, "vector_key": key, "entities": entities_text(row),
         "vector": np.asarray(row.vector, dtype=np.float32).tolist()}
        for n, (row, key) in enumerate(zip(item.sentences, item.sentence_keys, strict=True))
    ]


def article_row(item: Prepared) -> dict:
    a = item.article
    return {"id": a.id, "content_hash": a.content_hash, "title": a.title, "source": a.source, "url": a.url,
            "date": a.date, "added_at": float(a.added_at), "chunks": len(item.chunks), "text": text_parts(a.text),
            "dummy": DUMMY}


def vocabulary_of(texts: list[str]) -> Counter[str]:
    """stem -> how many of the texts hold it (chunk texts only, as FTS5's body column counted them).

    >>> sorted(vocabulary_of(["Votes, voted!", "a vote"]).items())
    [('a', 1), ('vote', 2)]
    """
    return Counter(s for text in texts for s in set(stems(text)))


def problems_of(articles: dict[str, int], chunk_articles: list[str], quote_articles: list[str]) -> list[str]:
    """What forbids publishing a generation: chunks or quotes of articles with no row, or an article listing
    another number of chunks than it holds (a failed or half-undone add).

    >>> problems_of({"a": 2}, ["a", "a", "b"], ["c"])
    ['1 articles have chunks but no article row (a failed add?)', '1 articles have quotes but no article row']
    """
    held = Counter(chunk_articles)
    problems = []
    if orphans := set(held) - set(articles):
        problems.append(f"{len(orphans)} articles have chunks but no article row (a failed add?)")
    if wrong := [a for a, n in articles.items() if held.get(a, 0) != n]:
        problems.append(f"{len(wrong)} articles hold another number of chunks than they list")
    if unowned := set(quote_articles) - set(articles):
        problems.append(f"{len(unowned)} articles have quotes but no article row")
    return problems
