"""Retrieval: dense (FAISS) and lexical (SQLite FTS5 BM25) candidates, fused by score (or by rank).

Every candidate gets its exact cosine with the question, which gives one scale for the fusion and for the
"not found" threshold, whichever retriever found it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

import numpy as np

from index.store.sqlite import Store
from index.text.words import STOPWORDS
from index.types import Passage

_WORD = re.compile(r"[\w’'-]+", re.UNICODE)


def content_words(question: str) -> list[str]:
    """A question's words that are worth searching for, in order, once each.

    >>> content_words("What did Warner say about the S.1234 bill?")
    ['warner', 's', '1234', 'bill']
    """
    words = []
    for raw in _WORD.findall(question.lower()):
        for word in re.split(r"[’'-]", raw):
            if word and word not in STOPWORDS and word not in words:
                words.append(word)
    return words


# BM25 over an OR-query scores every chunk holding any of the words, so in a large library one common word
# ("city", "year") makes the search read a large share of it. From LARGE chunks up, words in more than
# COMMON_SHARE of the chunks are left out when the question has rarer ones: their BM25 weight is small
# anyway. Measured with xquad copies (scripts/bench/bench_scale.py): ask() p50/p95 at 100k chunks 23.7/48.3 ->
# 18.8/29.5 ms, at 1M 149/374 -> 102/191 ms; hit rate at 100k 0.740 -> 0.737 (300 questions, a one-off
# check). Below LARGE the counts would cost more than they save, and every word is searched as before.
LARGE = 20_000
COMMON_SHARE = 0.05


def common_limit(chunks: int) -> int | None:
    """How many chunks a word may be in and still be searched for; None: no limit (a small library).

    >>> common_limit(646), common_limit(100_000), common_limit(1_000_000)
    (None, 5000, 50000)
    """
    return int(COMMON_SHARE * chunks) if chunks >= LARGE else None


def searched_words(words: list[str], frequency: dict[str, int], limit: int) -> list[str]:
    """The words to search for: those in at most `limit` chunks, else the two rarest.

    >>> searched_words(["city", "warner", "year"], {"city": 9000, "warner": 12, "year": 8000}, 5000)
    ['warner']
    >>> searched_words(["city", "year", "new"], {"city": 9000, "year": 8000, "new": 9500}, 5000)
    ['year', 'city']
    """
    rare = [w for w in words if frequency[w] <= limit]
    return rare or sorted(words, key=lambda w: frequency[w])[:2]


def reciprocal_rank_fusion(rankings: Sequence[Sequence[int]], k: int = 60) -> list[tuple[int, float]]:
    """Fuse ranked id lists: score(id) = sum over lists of 1 / (k + rank), best first.

    >>> reciprocal_rank_fusion([[1, 2], [2, 3]], k=1)
    [(2, 0.8333333333333333), (1, 0.5), (3, 0.3333333333333333)]
    """
    scores: dict[int, float] = {}
    for ranking in rankings:
        for rank, item in enumerate(ranking, start=1):
            scores[item] = scores.get(item, 0.0) + 1.0 / (k + rank)
    return sorted(scores.items(), key=lambda pair: (-pair[1], pair[0]))


def dense(store: Store, query: np.ndarray, k: int) -> list[tuple[int, float]]:
    """Top-k chunk ids by cosine."""
    return store.dense(query, k)


def lexical(store: Store, question: str, k: int,
            frequency: Callable[[str], int] | None = None) -> list[tuple[int, float]]:
    """Top-k chunk ids by BM25 (without the library's commonest words when it is large). `frequency` counts
    the chunks holding a word (default: the store's count; the Answerer passes its cached one)."""
    words, limit = content_words(question), common_limit(store.chunk_count)
    if limit is not None and words:
        count = frequency or store.document_frequency
        words = searched_words(words, {w: count(w) for w in words}, limit)
    return store.lexical(words, k)


def cosines(store: Store, query: np.ndarray, ids: list[int]) -> dict[int, float]:
    """Exact cosine between the question and each chunk (vectors are unit length)."""
    if not ids:
        return {}
    matrix = store.exact_vectors(ids)  # from SQLite when the index keeps only quantised vectors
    return dict(zip(ids, (matrix @ query[0]).tolist()))


def lead_passages(store: Store, query: np.ndarray, article_id: str, skip: set[int], n: int) -> list[Passage]:
    """The first `n` chunks of an article (news states its basic facts at the top: "Started in 2004, CentOS
    ..."), less those in `skip`, each scored by its cosine with the question."""
    ids = [i for i in store.lead_chunk_ids(article_id, n) if i not in skip]
    scores = cosines(store, query, ids)
    return store.passages([(i, scores[i]) for i in ids])


# hybrid: score fusion (the default: measured best on xquad); rrf: reciprocal-rank fusion of the same candidates
MODES = ("hybrid", "rrf", "dense", "lexical")


def score_fusion(cosine: dict[int, float], bm25: dict[int, float], weight: float = 0.3) -> list[tuple[int, float]]:
    """Fuse by value: cosine + weight * BM25 / (best BM25 of this question), best first.

    >>> score_fusion({1: 0.5, 2: 0.4}, {2: 10.0, 3: 5.0}, weight=0.5)
    [(2, 0.9), (1, 0.5), (3, 0.25)]
    """
    top = max(bm25.values(), default=0.0) or 1.0
    ids = cosine.keys() | bm25.keys()
    fused = {i: cosine.get(i, 0.0) + weight * bm25.get(i, 0.0) / top for i in ids}
    return sorted(fused.items(), key=lambda pair: (-pair[1], pair[0]))


def shingles(text: str, size: int = 3) -> set[tuple[str, ...]]:
    """Word n-grams of a text, for near-duplicate detection.

    >>> sorted(shingles("a b c d"))
    [('a', 'b', 'c'), ('b', 'c', 'd')]
    """
    words = _WORD.findall(text.lower())
    return {tuple(words[i : i + size]) for i in range(max(len(words) - size + 1, 1))}


def drop_near_duplicates(passages: list[Passage], threshold: float = 0.6) -> list[Passage]:
    """Keep the first of passages that mostly repeat each other (wire copies, pull quotes repeating the body):
    a passage goes when most of its (or the kept one's) word triples are in the other.

    >>> p = lambda i, t: Passage(i, str(i), "T", t, 0.5, 0, len(t))
    >>> [x.chunk_id for x in drop_near_duplicates([p(1, "the bridge opened on monday"),
    ...     p(2, "The bridge opened on Monday, officials said"), p(3, "traffic is heavy today")])]
    [1, 3]
    """
    kept: list[tuple[Passage, set]] = []
    for passage in passages:
        grams = shingles(passage.text)
        if all(len(grams & other) < threshold * min(len(grams), len(other)) for _, other in kept):
            kept.append((passage, grams))
    return [p for p, _ in kept]


def retrieve(store: Store, query: np.ndarray, question: str, k: int = 10, mode: str = "hybrid",
             frequency: Callable[[str], int] | None = None) -> list[Passage]:
    """Top-k passages by one retriever or a fusion of both; each passage's score is its cosine with the question.
    `frequency`: a (cached) count of the chunks holding a word, for lexical()."""
    if mode not in MODES:
        raise ValueError(f"unknown search mode {mode!r}; use one of {', '.join(MODES)}")
    depth = max(k, 30)
    found_dense = dense(store, query, depth) if mode != "lexical" else []
    found_lexical = lexical(store, question, depth, frequency) if mode != "dense" else []
    scores = dict(found_dense)  # exact cosines: flat and HNSW scores are the cosines themselves
    if found_dense and not store.exact:  # a quantised index's scores are not: re-score exactly
        scores = cosines(store, query, [i for i, _ in found_dense])
        found_dense = sorted(scores.items(), key=lambda pair: (-pair[1], pair[0]))
    scores.update(cosines(store, query, [i for i, _ in found_lexical if i not in scores]))
    if mode == "hybrid":
        ranked = [i for i, _ in score_fusion(scores, dict(found_lexical))]
    else:
        rankings = [[i for i, _ in found] for found in (found_dense, found_lexical) if found]
        ranked = [i for i, _ in reciprocal_rank_fusion(rankings)]
    passages = store.passages([(i, scores[i]) for i in ranked[: 2 * k]])
    return drop_near_duplicates(passages)[:k]
