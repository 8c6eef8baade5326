"""Pure evaluation metrics over ranked passage texts and answers."""

from __future__ import annotations

import statistics
from collections.abc import Sequence


def first_hit(texts: Sequence[str], golds: Sequence[str]) -> int | None:
    """1-based rank of the first text containing a gold answer string (case-insensitive), or None.

    >>> first_hit(["no", "Rollo led them"], ["rollo"])
    2
    """
    lowered = [g.lower() for g in golds]
    for rank, text in enumerate(texts, start=1):
        if any(g in text.lower() for g in lowered):
            return rank
    return None


def recall_at(ranks: Sequence[int | None], k: int) -> float:
    """Share of questions whose first hit is within the top k.

    >>> recall_at([1, 3, None, 2], 2)
    0.5
    """
    return sum(1 for r in ranks if r is not None and r <= k) / len(ranks) if ranks else 0.0


def mrr(ranks: Sequence[int | None]) -> float:
    """Mean reciprocal rank (a miss counts 0).

    >>> mrr([1, 2, None, 4])
    0.4375
    """
    return sum(1 / r for r in ranks if r) / len(ranks) if ranks else 0.0


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0-100) by linear interpolation.

    >>> percentile([1, 2, 3, 4], 50)
    2.5
    """
    if not values:
        return 0.0
    if len(values) == 1:
        return float(values[0])
    return statistics.quantiles(values, n=100, method="inclusive")[min(max(int(round(q)), 1), 99) - 1]


def words(text: str) -> int:
    """Word count.

    >>> words("Warner said: it is so.")
    5
    """
    return len(text.split())
