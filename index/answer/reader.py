"""The sentence reader: every sentence of the best few articles, ranked by a model learned from questions.

The retrieved passages pick the articles (at most ARTICLES, best first); each article's sentences come with
the vector and entities stored at ingest (index/text/sentence_rows.py), so answering runs no encoder or
NER call per sentence (an article stored before sentences were kept is described once, on first use, and
kept in memory). features.featurize turns every sentence into a feature row, ranker.Ranker scores the rows,
and the best sentence is shown with its neighbours within WINDOW words.

"The article does not say": when the question asks for a kind of thing (a person, a place, a date, a number)
and the second model (ranker.py) gives its best sentences a probability under ranker.SAYS of saying it, the
answer names the articles on the event and says they do not say what was asked, instead of showing their lead.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from index.answer.absent import absence
from index.answer.facts import need_of
from index.answer.features import Article, Asked, Candidate, ask_of, featurize, fits, prose_only, says_row
from index.answer.ranker import SAYS, Ranker, default_ranker
from index.text.sentences import reads_on
from index.types import Passage, SentenceRow

ARTICLES = 3  # articles read whole, best first
WINDOW = 45  # words in an answer, its source line included, at most (one long sentence may pass it alone)
Describe = Callable[[str, str], list[SentenceRow]]  # (article_id, text) -> rows, computed now


@dataclass(frozen=True)
class Reading:
    """What the reader found: the shown sentences (one article, in order), the best one's span, its article,
    and `says`: False when the question asks for a kind of thing the best sentences do not hold."""

    sentences: list[Candidate]
    span: str
    article: Article | None
    says: bool = True


class SentenceReader:
    """Reads the candidate articles of one store. `describe` computes rows for articles stored without them."""

    def __init__(self, store, encode: Callable[[list[str]], np.ndarray] | None = None,  # noqa: ANN001
                 describe: Describe | None = None, ranker: Ranker | None = None) -> None:
        self.store = store
        self.encode = encode  # texts -> unit vectors: the question's ask (features.ask_of), one call a question
        self._ranker = ranker  # None: the versioned model, loaded at the first question
        self.describe = describe
        self._described: dict[str, list[SentenceRow]] = {}
        self._lock = threading.Lock()

    def articles(self, passages: list[Passage], limit: int = ARTICLES) -> list[Article]:
        """The distinct articles of the passages, best first, with their text and sentence rows."""
        order: dict[str, list[Passage]] = {}
        for p in passages:
            if p.article_id in order or len(order) < limit:
                order.setdefault(p.article_id, []).append(p)
        ids = list(order)
        texts = self.store.article_texts(ids)
        stored = self.store.sentence_rows(ids)
        articles = []
        for rank, article_id in enumerate(ids):
            if article_id not in texts:  # removed by another process meanwhile
                continue
            rows = stored.get(article_id) or self._rows(article_id, texts[article_id])
            found = order[article_id]
            articles.append(Article(article_id, found[0].title, texts[article_id], rows, rank,
                                    max(p.score for p in found), tuple((p.start, p.end) for p in found)))
        return articles

    def _rows(self, article_id: str, text: str) -> list[SentenceRow]:
        """Rows of an article stored without them, described once and kept (the oldest dropped past 2,000)."""
        if self.describe is None:
            return []
        with self._lock:
            if article_id not in self._described:
                if len(self._described) > 2_000:
                    self._described.pop(next(iter(self._described)))
                self._described[article_id] = self.describe(article_id, text)
            return self._described[article_id]

    def read(self, asked: Asked, query: np.ndarray, articles: list[Article], idf: Callable[[str], float],
             mention: str = "", hand: dict[tuple[str, int], float] | None = None) -> Reading:
        """The best sentence of the articles and its window; with `mention`, only sentences naming that word.
        `hand`: the hand-weighted scores of the retrieved passages' sentences (hand.py), one feature."""
        ask = self.encode([ask_of(asked.text, articles[0])])[0] if articles and self.encode else None
        candidates, matrix = featurize(asked, query, articles, idf, ask, hand)
        candidates, matrix = prose_only(candidates, matrix)
        if mention:
            keep = [i for i, c in enumerate(candidates) if re.search(rf"\b{re.escape(mention)}\b", c.text)]
            candidates, matrix = [candidates[i] for i in keep], matrix[keep]
        if not candidates:
            return Reading([], "", None)
        ranker = self._ranker or default_ranker()
        scores = ranker.score(matrix)
        order = np.argsort(-scores, kind="stable")
        best = candidates[order[0]]
        says = not fits(need_of(asked.text)) or ranker.says_it(
            says_row(matrix, scores, order, absence(asked.text, candidates, order, idf))) >= SAYS
        by_place = {(c.article.article_id, c.index): s for c, s in zip(candidates, scores)}
        limit = WINDOW - len(best.article.title.split()) - 1  # the answer names its article: "— Title"
        return Reading(window(best, by_place, limit), best.span, best.article, says)


def window(best: Candidate, scores: dict[tuple[str, int], float], limit: int = WINDOW) -> list[Candidate]:
    """The best sentence with its neighbours in its article, better-scored side first, within `limit` words and
    never across a paragraph that does not end as prose (see text.sentences.reads_on)."""
    article, text = best.article, best.article.text
    rows = article.rows
    lo = hi = best.index
    words = len(best.text.split())
    while True:
        sides = [i for i in (lo - 1, hi + 1) if 0 <= i < len(rows)]
        sides = [i for i in sides if words + len(text[rows[i].start : rows[i].end].split()) <= limit
                 and reads_on(text, rows[min(i, lo)].start, rows[max(i, hi)].end)]
        if not sides:
            break
        pick = max(sides, key=lambda i: scores.get((article.article_id, i), -1e9))
        words += len(text[rows[pick].start : rows[pick].end].split())
        lo, hi = min(lo, pick), max(hi, pick)
    return [Candidate(article, i, text[rows[i].start : rows[i].end], best.span if i == best.index else "")
            for i in range(lo, hi + 1)]
