"""Retrieval: dense (FAISS) and lexical (SQLite FTS5 BM25) candidates, fused by reciprocal rank.

Every fused candidate is then scored by its exact cosine with the question, which gives one scale for
the "not found" threshold whichever retriever found it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from index.store import Store
from index.types import Passage

_WORD = re.compile(r"[\w’'-]+", re.UNICODE)
STOPWORDS = frozenset(
    "a an and are as at be but by can could did do does for from had has have he her his how i in is it its "
    "me of on or she so than that the their them they this to was we were what when where which who whom "
    "whose why will with would you about after before said say says tell told more else also any some".split()
)


def fts_query(question: str) -> str:
    """A question -> an FTS5 OR-query of its content words, each quoted.

    >>> fts_query("What did Warner say about the S.1234 bill?")
    '"warner" OR "s" OR "1234" OR "bill"'
    """
    words = []
    for raw in _WORD.findall(question.lower()):
        for word in re.split(r"[’'-]", raw):
            if word and word not in STOPWORDS and word not in words:
                words.append(word)
    return " OR ".join(f'"{w}"' for w in words)


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
    with store.lock:
        scores, ids = store.vectors.search(query, k)
    return [(int(i), float(s)) for i, s in zip(ids, scores)]


def lexical(store: Store, question: str, k: int) -> list[tuple[int, float]]:
    """Top-k chunk ids by BM25."""
    return store.lexical(fts_query(question), k)


def cosines(store: Store, query: np.ndarray, ids: list[int]) -> dict[int, float]:
    """Exact cosine between the question and each chunk (vectors are unit length)."""
    if not ids:
        return {}
    with store.lock:
        matrix = np.vstack([store.vectors.index.reconstruct(int(i)) for i in ids])
    return dict(zip(ids, (matrix @ query[0]).tolist()))


MODES = ("hybrid", "dense", "lexical")


def retrieve(store: Store, query: np.ndarray, question: str, k: int = 10, mode: str = "hybrid") -> list[Passage]:
    """Top-k passages by one retriever or their fusion; each passage's score is its cosine with the question."""
    depth = max(k, 30)
    rankings = []
    if mode in {"hybrid", "dense"}:
        rankings.append([i for i, _ in dense(store, query, depth)])
    if mode in {"hybrid", "lexical"}:
        rankings.append([i for i, _ in lexical(store, question, depth)])
    if not rankings:
        raise ValueError(f"unknown search mode {mode!r}; use one of {', '.join(MODES)}")
    fused = [i for i, _ in reciprocal_rank_fusion(rankings)][:k]
    scores = cosines(store, query, fused)
    return store.passages([(i, scores[i]) for i in fused])
