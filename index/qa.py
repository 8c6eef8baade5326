"""Question answering over a store: route the question, fetch quotes or passages, compose the answer."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import replace
from functools import lru_cache

import numpy as np

from index.answer import (
    not_found,
    quote_answer,
    sentence_answer,
    which_one,
    who_is_answer,
    who_said_answer,
)
from index.event import YEAR, capitalised, fold, holds_keys, key_terms, lower_case_candidates
from index.facts import Reader, default_tagger
from index.route import Route, route
from index.search import STOPWORDS, fts_query, retrieve
from index.sentences import terms, vocabulary
from index.speakers import merge_speakers, speaker_matches
from index.store import Store
from index.types import Answer, Passage, Quote, Source


def speakers_named(quotes: list[Quote]) -> list[str]:
    """The distinct people among statements matched by one name: "Clinton" may be Bill or Hillary Clinton,
    while "Warner" and "Mark Warner" are one person.

    >>> q = lambda name: Quote(name, name, "said", "x", "direct", 0, 1)
    >>> speakers_named([q("Bill Clinton"), q("Hillary Clinton"), q("Clinton")])
    ['Bill Clinton', 'Hillary Clinton']
    >>> speakers_named([q("Mark Warner"), q("Warner")])
    ['Mark Warner']
    """
    merged = merge_speakers([q.canonical for q in quotes])
    full = sorted(set(merged.values()))
    return [name for name in full if not any(name != other and name in other for other in full)] \
        if len(full) > 1 else full


SPECIFIC = 0.05  # a name in at most this share of the passages pins a question to its event


class Answerer:
    """Answers questions from one store; see relevant() for the "not found" rule."""

    def __init__(self, store: Store, min_score: float, min_coverage: float,
                 encode: Callable[[list[str]], np.ndarray] | None = None) -> None:
        self.store = store
        self.encode = encode  # texts -> unit vectors: tells apart sentences that answer equally well by words
        self.min_score = min_score
        self.min_coverage = min_coverage
        self._chunks = max(store.count("chunks"), 1)
        self.idf = lru_cache(maxsize=20_000)(self._idf)
        # chunks holding a word: asked by the idf and by the search's common-word rule, counted once per word
        # until the next write (the library drops its Answerer after every write)
        self.frequency = lru_cache(maxsize=20_000)(store.document_frequency)
        self.article_terms = lru_cache(maxsize=2_000)(self._article_terms)

    def answer(self, question: str, query: np.ndarray) -> Answer:
        """Route and answer one question (its embedding is `query`)."""
        r = route(question)
        passages = retrieve(self.store, query, question, k=5, frequency=self.frequency)
        answer = self._from_quotes(question, r)
        if answer is not None:
            return replace(answer, passages=passages)
        on_event = self.same_event(question, passages)
        reader = Reader(default_tagger(), self._similarity(query))
        if not on_event or not self.relevant(question, on_event):
            answer = not_found(question, passages)
        elif r.kind in {"quotes", "who_is"}:  # never quoted or described: only sentences that name them
            answer = sentence_answer(question, on_event, self.idf, mention=r.speaker.split()[-1], reader=reader)
        else:
            return sentence_answer(question, on_event, self.idf, reader=reader)
        if not answer.found and r.kind == "quotes":
            return not_found(question, passages, f"I could not find anything {r.speaker} said in the articles.", r)
        return answer

    def same_event(self, question: str, passages: list[Passage]) -> list[Passage]:
        """The passages whose article holds the question's years and the specific names it gives: the others are
        about another event (a Puerto Rico earthquake for one in Chile in 2019). A name no article holds (a typo,
        "Sheeshanks") pins nothing, nor does a capitalised common word ("Member", in over 5% of the passages):
        requiring those too cost 2.2 points of xquad answers and caught no more near misses."""
        common = SPECIFIC * self._chunks
        keys = {k for k in key_terms(question) | self.lower_case_names(question)
                if YEAR.fullmatch(k) or 0 < self.frequency(k) <= common}
        return [p for p in passages if holds_keys(keys, self.article_terms(p.article_id))] if keys else passages

    def lower_case_names(self, question: str) -> set[str]:
        """Stems of the names in a question typed in lower case ("why did the texas supreme court ..."): its
        specific words that the passages holding them spell with a capital."""
        names = set()
        for word in lower_case_candidates(question):
            stems = terms(word)
            if stems and 0 < self.frequency(stems[0]) <= SPECIFIC * self._chunks:
                found = self.store.lexical(f'"{word}"', 5)
                if capitalised(word, [p.text for p in self.store.passages([(i, 0.0) for i, _ in found])]):
                    names.update(stems)
        return names

    def _from_quotes(self, question: str, r: Route) -> Answer | None:
        """Answers drawn from the who-said-what index, or None when it has none."""
        if r.kind in {"quotes", "who_is"}:
            quotes = self.quotes_by(r.speaker)  # one query serves the ambiguity check and the answer
            if len(people := speakers_named(quotes)) > 1:
                return which_one(question, r, people)
            if quotes and r.kind == "quotes":
                return quote_answer(question, r, quotes, self.sources(quotes))
            return who_is_answer(question, r, quotes, self.sources(quotes)) if quotes else None
        if r.kind == "who_said":
            quotes = self.quotes_matching(r.phrase)
            return who_said_answer(question, r, quotes, self.sources(quotes))
        return None

    def relevant(self, question: str, passages: list[Passage]) -> bool:
        """Do the passages answer the question? The best must be close in meaning (cosine) and one passage must
        hold a good share of the question's rare words: each alone lets too many off-topic questions through.
        """
        if not passages or passages[0].score < self.min_score:
            return False
        wanted = set(terms(question))
        mass = sum(self.idf(t) for t in wanted)
        if mass <= 0:
            return True
        best = max(sum(self.idf(t) for t in wanted & set(terms(p.text))) for p in passages)
        return best / mass >= self.min_coverage

    def quotes_by(self, speaker: str) -> list[Quote]:
        """Every stored statement whose speaker the question names."""
        surname = speaker.split()[-1] if speaker.split() else speaker
        candidates = self.store.quotes("q.canonical LIKE ?", (f"%{surname}%",))
        return [q for q in candidates if speaker_matches(speaker, q.canonical)]

    def quotes_matching(self, phrase: str) -> list[Quote]:
        """Statements that share the phrase's rarest words (found through the lexical index)."""
        words = [w for w in fts_query(phrase).split(" OR ") if w.strip('"') not in STOPWORDS]
        if not words:
            return []
        rare = sorted(words, key=lambda w: -self.idf(w.strip('"')))[:3]
        chunk_ids = [i for i, _ in self.store.lexical(" AND ".join(rare), 20)]
        articles = {p.article_id for p in self.store.passages([(i, 0.0) for i in chunk_ids])}
        marks = ",".join("?" * len(articles))
        return self.store.quotes(f"q.article_id IN ({marks})", tuple(articles)) if articles else []

    def sources(self, quotes: list[Quote]) -> dict[str, Source]:
        ids = list(dict.fromkeys(q.article_id for q in quotes))
        return {a.id: Source(a.id, a.title, a.url, a.date) for a in map(self.store.article_info, ids)}

    def _similarity(self, query: np.ndarray) -> Callable[[list[str]], list[float]] | None:
        """texts -> their cosines with the question, in one encoder call (vectors are unit length)."""
        encode = self.encode
        return (lambda texts: (encode(texts) @ query[0]).tolist()) if encode is not None else None

    def _article_terms(self, article_id: str) -> frozenset[str]:
        """The stemmed words of an article's title and text, and its date's year."""
        info = self.store.article_info(article_id)
        return vocabulary(fold(f"{info.title} {self.store.article_text(article_id)} {info.date or ''}"))

    def _idf(self, term: str) -> float:
        """log(N / df) of a word, with df counted by the FTS5 index (which stems it the same way)."""
        frequency = self.frequency(term)
        return math.log((self._chunks + 1) / (frequency + 0.5))


__all__ = ["Answerer", "Route"]
