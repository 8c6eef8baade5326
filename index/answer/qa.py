"""Question answering over a store: route the question, fetch quotes or passages, compose the answer."""

from __future__ import annotations

import difflib
import math
import re
from dataclasses import replace
from datetime import date
from functools import lru_cache
from string import capwords

import numpy as np

from index.answer.asked_when import read_when
from index.answer.attribution import TOPIC_COSINE, WHO_SAID_PASSAGES, Attribution, Encode
from index.answer.compose import latest_answer, not_found, reading_answer
from index.answer.credit import CLOSEST, SHOWN_CLOSEST, named, strong
from index.answer.event import YEAR, capitalised, holds_keys, key_terms, lower_case_candidates, name_runs
from index.answer.facts import default_tagger
from index.answer.features import split_preamble
from index.answer.followup import question_names
from index.answer.hand import hand_scores
from index.answer.people import Lookup, Person
from index.answer.reader import SentenceReader
from index.answer.route import Route, route
from index.answer.search import content_words, lead_passages, retrieve
from index.answer.statements import (
    SHOWN,
    nothing_on,
    quote_answer,
    ranked,
    which_one,
    who_is_answer,
    who_said_answer,
)
from index.answer.timed import dated, first_in_window, in_time, in_window, near_the_best, on_topic, within
from index.errors import ArticleNotFound
from index.store.sqlite import Store
from index.text.sentence_rows import describe
from index.text.when import TimeWindow
from index.text.words import fold, terms, vocabulary
from index.types import Answer, Passage, Quote, SentenceRow, Statement

LATEST_SLACK = 0.15  # "latest on Y" lists passages scoring within this of the best one (timed.near_the_best)
_NEWS_WORDS = re.compile(r"\b(?:news|updates?|stor(?:y|ies)|articles?|happen(?:ed|ing)?|going on)\b", re.I)
_GROUP = re.compile(r"(?:the|a|an)\s", re.I)  # "the Quorvian delegation": a group, not a person's name


LEAD = 2  # the best article's first chunks, scored by hand.py too (~1,000 characters)
SPECIFIC = 0.05  # a name in at most this share of the passages pins a question to its event
_MODIFIER = re.compile(r"^[^A-Z]*?\bthe ([a-z][a-z-]{3,}) (?=[a-z])")  # lower case: "the beirut explosion"
WIDE = 30  # passages retrieved for a question with a time window, those inside it ranked first


class Answerer:
    """Answers questions from one store; see relevant() for the "not found" rule."""

    def __init__(self, store: Store, min_score: float, min_coverage: float, encode: Encode | None = None) -> None:
        self.store = store
        self.attribution = Attribution(store, encode)
        self.encode = encode  # texts -> unit vectors: tells apart sentences that answer equally well by words
        self.min_score = min_score
        self.min_coverage = min_coverage
        self._chunks = max(store.count("chunks"), 1)
        self.idf = lru_cache(maxsize=20_000)(self._idf)
        # chunks holding a word: asked by the idf and by the search's common-word rule, counted once per word
        # until the next write (the library drops its Answerer after every write)
        self.frequency = lru_cache(maxsize=20_000)(store.document_frequency)
        self._counted: dict[str, int] = {}  # stemmed word -> chunks holding it, read in batches (see _count)
        self.article_terms = lru_cache(maxsize=2_000)(self._article_terms)
        self.reader = SentenceReader(store, encode, self._describe)

    def answer(self, question: str, query: np.ndarray, window: TimeWindow | None = None) -> Answer:
        """Route and answer one question (its embedding is `query`; `window`: the time it asks about, with its
        time words already cut out of `question`)."""
        self._count(terms(question) + [t for w in lower_case_candidates(question) for t in terms(w)])
        r = route(question)
        if r.loose and self.attribution.find(r.speaker) == Lookup(None):
            r = Route("general")  # "x on y", or a lower-case name nobody in the library has
        wide = retrieve(self.store, query, question, k=5 if window is None else WIDE, frequency=self.frequency)
        passages = wide if window is None else first_in_window(wide, window)[:5]
        if window is not None and r.kind == "general" and window.order and not dated(window):
            return self._latest(question, wide, window)
        answer = self._from_quotes(question, r, passages, query, window)
        if answer is not None:
            return replace(answer, passages=passages)
        people = self.attribution.people_in(question_names(question))
        if r.kind == "quotes" and not _GROUP.match(r.speaker) and not r.reaction:  # a person quoted on nothing:
            # sentences about them would not be their words; a group ("the delegation") still gets the sentences
            # naming it, and "how did X react" what the articles say X did
            about = f" about {r.topic}" if r.topic else ""
            text = f"I could not find anything {r.speaker} said{about} in the articles."
            return not_found(question, passages, text, r)
        on_event = self.same_event(question, passages)
        if window is not None and dated(window):  # the window's articles are read when it holds some on the event
            on_event = [p for p in on_event if within(p.date, window)] or on_event
        if not on_event or not self.relevant(question, on_event):
            answer = not_found(question, passages)
        else:  # who_is / quotes with nobody quoted: never described, only sentences that name them
            last = r.speaker.split()[-1] if r.kind in {"who_is", "quotes"} else ""
            answer = self._read(question, on_event, query, capwords(last) if r.loose else last)
        return replace(in_window(answer, on_event, window) if window else answer, people=people)

    def _read(self, question: str, passages: list[Passage], query: np.ndarray, mention: str) -> Answer:
        """The sentence reader's answer from the passages' best articles (see reader.py): a question after a
        preamble of context is embedded alone for the sentences' cosines (one more encoder call)."""
        asked = split_preamble(question)
        vector = self.encode([asked.text]) if asked.preamble and self.encode is not None else query
        articles = self.reader.articles(passages)
        lead = lead_passages(self.store, query, passages[0].article_id, {p.chunk_id for p in passages}, LEAD)
        hand = hand_scores(asked.text, passages, self.idf, extra=lead)
        return reading_answer(question, asked, self.reader.read(asked, vector[0], articles, self.idf, mention, hand),
                              articles, passages)

    def _describe(self, article_id: str, text: str) -> list[SentenceRow]:
        """Sentence rows of an article stored before they were kept: one encoder call and one NER pass."""
        if self.encode is None:
            return []
        return describe(article_id, text, self.encode, default_tagger().nlp)
    def same_event(self, question: str, passages: list[Passage]) -> list[Passage]:
        """The passages whose article holds the question's years and the specific names it gives: the others are
        about another event (a Puerto Rico earthquake for one in Chile in 2019). None when a name of the question
        is unknown to the library (see unknown(): "Alcatel-Lucent"); a typo of a known name ("Sheeshanks") and a
        capitalised common word ("Member", in over 5% of the passages) pin nothing."""
        common = SPECIFIC * self._chunks
        if any(all(self.unknown(k) for k in run) for run in name_runs(question)):  # "Graham Twigg": Twigg will do
            return []
        if any(self.unheard(w) for w in _MODIFIER.findall(question)):  # "the beirut explosion", typed lower case
            return []
        keys = {k for k in key_terms(question) | self.lower_case_names(question)
                if YEAR.fullmatch(k) or 0 < self.stem_frequency(k) <= common}
        return [p for p in passages if holds_keys(keys, self.article_terms(p.article_id))] if keys else passages

    def unknown(self, name: str) -> bool:
        """A name of the question that no article holds, nor any word spelt nearly like it: the library does not
        cover what it names ("Alcatel-Lucent"). A near spelling is taken for a typo ("Sheeshanks")."""
        if YEAR.fullmatch(name) or len(name) < 4 or self.stem_frequency(name) > 0:
            return False
        near = [t for t in self.store.spellings(name[:2]) if abs(len(t) - len(name)) <= 2]
        if any(t.startswith(name) or name.startswith(t) for t in near if abs(len(t) - len(name)) <= 1):
            return False  # PyStemmer's Porter and SQLite's stem a few words apart ("celsiu", "celsius")
        cutoff = 0.75 if len(name) >= 7 else 0.85  # one letter in a short name is another name ("Gobi", "Gori")
        return not any(self.is_name(t) for t in difflib.get_close_matches(name, near, n=3, cutoff=cutoff))

    def unheard(self, word: str) -> bool:
        """A word no article holds, nor any word spelt nearly like it (so no typo either): in "the beirut
        explosion" typed in lower case, a name the library does not cover."""
        if "-" in word:  # "romanian-owned": the index holds its parts
            return all(self.unheard(part) for part in word.split("-") if len(part) >= 4)
        if self.stem_frequency(word) > 0:
            return False
        near = [t for t in self.store.spellings(word[:2]) if abs(len(t) - len(word)) <= 2]
        return not difflib.get_close_matches(word, near, n=1, cutoff=0.75 if len(word) >= 7 else 0.85)

    def is_name(self, stem: str) -> bool:
        """Do the chunks that hold a stemmed word spell it with a capital (nearly) every time ("Sheepshanks")?"""
        found = self.store.lexical([stem], 5, prefix=True) or self.store.lexical([stem], 5)
        return capitalised(stem, [p.text for p in self.store.passages([(i, 0.0) for i, _ in found])])

    def lower_case_names(self, question: str) -> set[str]:
        """Stems of the names in a question typed in lower case ("why did the texas supreme court ..."): its
        specific words that the passages holding them spell with a capital."""
        names = set()
        for word in lower_case_candidates(question):
            stems = terms(word)
            if stems and 0 < self.stem_frequency(stems[0]) <= SPECIFIC * self._chunks:
                found = self.store.lexical([word], 5)
                if capitalised(stems[0], [p.text for p in self.store.passages([(i, 0.0) for i, _ in found])]):
                    names.update(stems)
        return names

    def read_when(self, question: str, now: date | None = None) -> tuple[str, TimeWindow | None]:
        """The question to answer and its time window (asked_when.read_when: an event is dated by these passages)."""
        def find(text: str) -> list[Passage]:
            return retrieve(self.store, self.encode([text]), text, k=5, frequency=self.frequency)
        return read_when(question, now, find if self.encode is not None else None, self.min_score)

    def _latest(self, question: str, passages: list[Passage], window: TimeWindow) -> Answer:
        """ "latest on Y" / "when did X first ...": the newest (oldest) articles on the topic: on its event,
        close in meaning or holding all its words ("latest on uber"), and not written after the question."""
        question = _NEWS_WORDS.sub(" ", question)  # "the earliest news on X": X is the topic, not "news"
        wanted = set(terms(question))
        held = [(p, wanted <= set(terms(p.text))) for p in self.same_event(question, passages)
                if within(p.date, window)]
        held = [(p, whole) for p, whole in held if p.score >= self.min_score or whole]
        on_event = near_the_best(held, LATEST_SLACK, single=len(wanted) == 1)
        if not on_event or not self.relevant(question, on_event):
            return not_found(question, passages)
        return latest_answer(question, on_event, list(wanted), self.idf, newest=window.order == "latest")

    def _from_quotes(self, question: str, r: Route, passages: list[Passage], query: np.ndarray,
                     window: TimeWindow | None = None) -> Answer | None:
        """Answers drawn from the who-said-what index, or None when it has none."""
        if r.kind == "who_said":
            # the phrase alone, not "who said", finds the paragraphs that hold it: by meaning and by words
            vector = self.attribution.encode([r.phrase]) if self.attribution.encode else query
            wide = retrieve(self.store, vector, r.phrase, k=WHO_SAID_PASSAGES, frequency=self.frequency)
            candidates = self.attribution.who_said(r.phrase, wide, self.quotes_matching(r.phrase), vector)
            best = named(candidates)
            if best is None and not any(strong(c) for c in candidates):  # no statement is it: a sentence may be
                best = self.attribution.named_in(r.phrase, passages)
            if best is not None:
                return who_said_answer(question, r, self.attribution.statement(best.quote, best.score), best.speaker)
            closest = self.attribution.closest(candidates, CLOSEST, SHOWN_CLOSEST)
            return who_said_answer(question, r, None, closest=closest)
        if r.kind not in {"quotes", "who_is"}:
            return None
        found = self.attribution.find(r.speaker)
        picked = self._by_topic(found.others, r.topic) if found.person is None and r.kind == "quotes" else None
        if found.person is None and picked is None:
            return which_one(question, r, [p.name for p in found.others]) if found.others else None
        person, statements = picked or (found.person, [])
        # others sharing the name, quoted more than once (a single statement is often a misread name)
        also = [p.name for p in (found.person, *found.others) if p is not None and p != person and p.statements > 1]
        quotes = self.attribution.quotes_of(person)
        if r.kind == "who_is":
            sources = self.attribution.sources([q.article_id for q in quotes])
            return who_is_answer(question, person.name, quotes, sources)
        statements = statements or self.attribution.statements(quotes, r.topic)
        if r.topic and max(s.relevance for s in statements) < TOPIC_COSINE:
            return nothing_on(question, r, person.name)
        if window is None:
            return quote_answer(question, r, person.name, statements, also)
        near = on_topic(ranked(statements), TOPIC_COSINE, window, r.topic)
        return quote_answer(question, r, person.name, statements, also, in_time(near, window, SHOWN))

    def _by_topic(self, people: tuple[Person, ...], topic: str) -> tuple[Person, list[Statement]] | None:
        """Of several people sharing a surname, the one whose statements clearly relate to the topic (by 0.1 of
        cosine more than the next one's), when only one does: "What did Brown say about the economy?"."""
        if not topic or not people:
            return None
        scored = []
        for person in people[:5]:
            statements = self.attribution.statements(self.attribution.quotes_of(person), topic)
            scored.append((max(s.relevance for s in statements), person, statements))
        scored.sort(key=lambda x: -x[0])
        best, second = scored[0][0], scored[1][0] if len(scored) > 1 else 0.0
        return (scored[0][1], scored[0][2]) if best >= TOPIC_COSINE and best >= second + 0.1 else None

    def relevant(self, question: str, passages: list[Passage]) -> bool:
        """Do the passages answer the question? The best must be close in meaning (cosine) and the passages of one
        article must hold a good share of the question's rare words: each alone lets too many off-topic
        questions through.
        """
        if not passages or passages[0].score < self.min_score:
            return False
        wanted = set(terms(question))
        mass = sum(self.idf(t) for t in wanted)
        if mass <= 0:
            return True
        held: dict[str, set[str]] = {}  # the reader reads whole articles: the words of each one's passages
        for p in passages:
            held.setdefault(p.article_id, set()).update(terms(p.text))
        best = max(sum(self.idf(t) for t in wanted & words) for words in held.values())
        return best / mass >= self.min_coverage

    def quotes_matching(self, phrase: str) -> list[Quote]:
        """Statements that share the phrase's rarest words (found through the lexical index)."""
        words = content_words(phrase)
        if not words:
            return []
        rare = sorted(words, key=lambda w: -self.idf(w))[:3]
        chunk_ids = [i for i, _ in self.store.lexical(rare, 20, all_words=True)]
        articles = {p.article_id for p in self.store.passages([(i, 0.0) for i in chunk_ids])}
        return self.store.quotes(article_ids=articles) if articles else []

    def _article_terms(self, article_id: str) -> frozenset[str]:
        """The stemmed words of an article's title and text, and its date's year (none for an article another
        process removed during the question)."""
        try:
            info = self.store.article_info(article_id)
            return vocabulary(fold(f"{info.title} {self.store.article_text(article_id)} {info.date or ''}"))
        except ArticleNotFound:
            return frozenset()

    def stem_frequency(self, stem: str) -> int:
        """How many chunks hold a stemmed word (see _count)."""
        return self._count([stem])[stem]

    def _count(self, stems: list[str]) -> dict[str, int]:
        """Chunk counts of stemmed words, the unknown ones asked of the store in one call (a question's words
        at once: one round trip to a Milvus server, not one per word); kept until the next write."""
        if missing := [s for s in dict.fromkeys(stems) if s not in self._counted]:
            if len(self._counted) > 20_000:
                self._counted.clear()
            self._counted.update(self.store.stem_frequencies(missing))
        return {s: self._counted[s] for s in stems}

    def _idf(self, term: str) -> float:
        """log(N / df) of a word, with df counted by the FTS5 index (which stems it the same way)."""
        frequency = self.stem_frequency(term)
        return math.log((self._chunks + 1) / (frequency + 0.5))


__all__ = ["Answerer", "Route"]

