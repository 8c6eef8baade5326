"""Quote questions over a store: whom a name means across the library, that person's statements with their
own sources and their relevance to a topic (by meaning and by words), and who said a phrase."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cached_property

import numpy as np

from index.answer.credit import WHO_SAID_SHARED, Candidate, speakers_in
from index.answer.people import Lookup, Person, build_people, lookup, same_person
from index.store.sqlite import Store
from index.text.names import CONNECTORS, SHORT_FORM, _is_title, _parts, abbreviates, is_person_like
from index.text.sentences import sentence_spans
from index.text.words import fold, terms
from index.types import Passage, Quote, Source, Statement

TOPIC_COSINE = 0.2  # a statement whose paragraph is this close to the topic relates to it, sharing no word
WHO_SAID_WORDS = 24  # words of each candidate statement that are encoded
WHO_SAID_WORDS_ENOUGH = 0.8  # a first-ranked statement holding this share of the phrase's words is the one
WHO_SAID_PASSAGES = 12  # paragraphs searched for the statement a "who said" phrase is
WHO_SAID_CANDIDATES = 8  # statements compared by meaning to a "who said" phrase, after the first ranking
Encode = Callable[[list[str]], np.ndarray]  # texts -> unit vectors, one row each (inner product = cosine)


class Attribution:
    """The who-said-what index of one store, read once per Answerer (it is dropped after every write)."""

    def __init__(self, store: Store, encode: Encode | None = None) -> None:
        self.store = store
        self.encode = encode

    @cached_property
    def people(self) -> list[Person]:
        return build_people({name: n for name, n in self.store.quote_counts().items() if name})

    @cached_property
    def _by_surname(self) -> dict[str, list[Person]]:
        """People by the last word of each of their names, most quoted first (a lookup reads one surname)."""
        index: dict[str, list[Person]] = {}
        for person in self.people:
            for surname in dict.fromkeys(_parts(v)[-1] for v in person.variants if _parts(v)):
                index.setdefault(surname, []).append(person)
        return index

    @cached_property
    def _by_first_name(self) -> dict[str, list[Person]]:
        """People of several names by their first one ("tedros" for Tedros Adhanom Ghebreyesus)."""
        index: dict[str, list[Person]] = {}
        for person in self.people:
            for first in dict.fromkeys(_parts(v)[0] for v in person.variants if len(_parts(v)) >= 2):
                index.setdefault(first, []).append(person)
        return index

    def find(self, name: str) -> Lookup:
        """Whom a name means (people.lookup): by surname, or a lone word no one has as a surname by first name."""
        parts = _parts(name)
        if not parts:
            return Lookup(None)
        holders = self._by_surname.get(parts[-1], [])
        if not holders and len(parts) == 1:
            holders = self._by_first_name.get(parts[0], [])
        short = name.split()[-1]
        if not holders and SHORT_FORM.fullmatch(short):  # "the WHO": World Health Organization
            spelled = [p for p in self.people if any(abbreviates(short, v) for v in p.variants)]
            return Lookup(spelled[0]) if len(spelled) == 1 else Lookup(None)
        found = lookup(holders, name)
        if found.person is None and not found.others and len(parts) >= 2 and parts[-1] in self._bare:
            # quoted only by the surname ("Vázquez said" after "Wanda Vázquez Garced"): whoever the articles
            # name so first is asked for (quotes_of keeps the quotes of the articles that name this person)
            words = [w.capitalize() if w.islower() else w for w in name.split()[:-1]]  # the surname as written
            asked = Person(" ".join([*words, self._bare[parts[-1]][0].split()[-1]]), (), 0)
            return Lookup(asked) if self.quotes_of(asked) else found
        return found

    def speaker_of(self, quote: Quote) -> str:
        """The library name of a statement's speaker; a bare surname's is whoever its article names first."""
        if len(_parts(quote.canonical)) >= 2:
            return self.name_of(quote.canonical)
        text = self.store.article_text(quote.article_id)
        surname = quote.canonical.split()[-1]
        for words in first_names(text, surname)[:1]:  # the person the library knows, else its nearest word
            known = (self.find(f"{w} {surname}").person for w in reversed(words))
            person = next((p for p in known if p is not None), None)
            return person.name if person is not None else f"{words[-1]} {surname}"
        return self.name_of(quote.canonical)

    def people_in(self, names: list[str]) -> list[str]:
        """Which of these names (from a question) are people the library quotes, by their library names."""
        found = [self.find(n).person for n in names]
        return list(dict.fromkeys(p.name for p in found if p is not None))

    @cached_property
    def _person_of(self) -> dict[str, str]:
        return {variant: p.name for p in self.people for variant in p.variants}

    def name_of(self, canonical: str) -> str:
        """The library-wide name of whoever a stored canonical name is ("Donald J. Trump" -> "Donald Trump")."""
        return self._person_of.get(canonical, canonical)

    @cached_property
    def _bare(self) -> dict[str, tuple[str, ...]]:
        """Stored names that are a bare surname ("Clinton", "Mr. Clinton"), by that surname."""
        found: dict[str, list[str]] = {}
        for variant in (v for p in self.people for v in p.variants if len(_parts(v)) == 1):
            found.setdefault(_parts(variant)[0], []).append(variant)
        return {k: tuple(v) for k, v in found.items()}

    def quotes_of(self, person: Person) -> list[Quote]:
        """The person's statements, and those under the bare surname where the article names this person first
        ("Clinton said" in an article about Bill Clinton is his, however dominant Hillary is); where it names
        nobody in full, the surname's dominant holder has them."""
        parts = _parts(person.name)
        bare = self._bare.get(parts[-1], ()) if len(parts) >= 2 else ()
        names = tuple(dict.fromkeys(person.variants + bare))
        quotes = self.store.quotes(canonicals=names)
        loose = {q.article_id for q in quotes if q.canonical in bare}
        if not loose:
            return quotes
        texts = self.store.article_texts(list(loose))
        owns = any(v in person.variants for v in bare)
        first = {a: named_first(text, person.name) for a, text in texts.items()}
        return [q for q in quotes if q.canonical not in bare or (owns if first[q.article_id] is None
                                                                  else first[q.article_id])]

    def sources(self, article_ids: list[str]) -> dict[str, Source]:
        """Each article's title, date (or the day it was added), link and publisher (the JSONL "source"; not a
        file name)."""
        rows = self.store.article_sources(article_ids)
        return {i: Source(i, title, url, date, _publisher(source), added)
                for i, (title, url, date, source, added) in rows.items()}

    def statements(self, quotes: list[Quote], topic: str) -> list[Statement]:
        """The quotes as statements with sources, wire copies merged, scored against the topic."""
        from index.answer.statements import merge_repeats

        merged = merge_repeats(quotes, self.sources([q.article_id for q in quotes]))
        if not topic:
            return merged
        scores = self.relevance([s.quote for s in merged], topic)
        return [Statement(s.quote, s.source, s.also_in, float(r)) for s, r in zip(merged, scores, strict=True)]

    def relevance(self, quotes: list[Quote], topic: str) -> np.ndarray:
        """Per quote: the cosine of its paragraph to the topic, plus the share of the topic's words it holds.
        A statement that relates scores above TOPIC_COSINE; one that does not, below it."""
        wanted = set(terms(topic))
        lexical = np.array([len(wanted & set(terms(q.content))) / max(len(wanted), 1) for q in quotes])
        if self.encode is None or not quotes:
            return lexical * (TOPIC_COSINE + 0.5)
        chunks = self._chunk_ids(quotes)
        vectors = self.store.exact_vectors(chunks)
        return vectors @ self.encode([topic])[0] + 0.5 * lexical

    def _chunk_ids(self, quotes: list[Quote]) -> list[int]:
        """The chunk holding each quote's first character."""
        spans = self.store.chunk_spans([q.article_id for q in quotes])
        found = []
        for q in quotes:  # none (-1: a zero vector) when another process removed the article since
            chunks = spans.get(q.article_id) or [(0, 0, -1)]
            found.append(next((c for lo, hi, c in chunks if lo <= q.start < hi), chunks[0][2]))
        return found

    def who_said(self, phrase: str, passages: list[Passage], lexical: list[Quote],
                 query: np.ndarray | None = None) -> list[Candidate]:
        """The statements closest to the phrase, best first, among those in the retrieved passages and those
        sharing its rarest words: first by the question's cosine to each one's paragraph (stored vectors) and
        shared words, then the best few by meaning (one batch encode of the phrase and their first words).
        credit.named() tells whether one of them may be answered with its speaker's name."""
        near = [q for p in passages for q in self.store.quotes(within=(p.article_id, p.start, p.end))]
        found = list({(q.article_id, q.start): q for q in near + lexical}.values())
        if re.search(r"\b(?:he|she|his|her|him)\b", phrase, re.I):  # "who said he was sorry": a person
            found = [q for q in found if is_person_like(q.canonical) and " " in q.canonical]
        if not found:
            return []
        wanted = set(terms(phrase))
        shared = np.array([len(wanted & set(terms(q.content))) / max(len(wanted), 1) for q in found])
        first = shared.copy()
        if query is not None:
            first += self.store.exact_vectors(self._chunk_ids(found)) @ query.reshape(-1)
        keep = np.argsort(-first, kind="stable")[:WHO_SAID_CANDIDATES]
        candidates, shared = [found[i] for i in keep], shared[keep]
        score = shared
        if self.encode is not None and not shared[0] >= WHO_SAID_WORDS_ENOUGH:  # the phrase's words: no encode
            vectors = self.encode([phrase] + [" ".join(q.content.split()[:WHO_SAID_WORDS]) for q in candidates])
            score = vectors[1:] @ vectors[0] + 0.5 * shared
        order = np.argsort(-score, kind="stable")
        return [Candidate(candidates[i], self.speaker_of(candidates[i]), float(score[i]), float(shared[i]))
                for i in order]

    def statement(self, quote: Quote, score: float = 0.0) -> Statement:
        """One quote as a statement with its own source."""
        return Statement(quote, self.sources([quote.article_id]).get(quote.article_id), 0, score)

    def closest(self, candidates: list[Candidate], floor: float, n: int) -> list[Statement]:
        """The `n` best candidates scoring `floor` or more, as statements: a pull quote and its body copy, or
        wire copies, shown once."""
        near = [c for c in candidates if c.score >= floor]
        score = {(c.quote.article_id, c.quote.start): c.score for c in near}
        merged = self.statements([c.quote for c in near], "")
        return sorted(merged, key=lambda s: -score[s.quote.article_id, s.quote.start])[:n]

    def named_in(self, phrase: str, passages: list[Passage]) -> Candidate | None:
        """When no stored statement is the phrase: the retrieved sentence holding most of its words (at least
        WHO_SAID_SHARED of them), and the quoted person that sentence credits by name ("..., Rudd told
        parliament"); never a name the sentence merely mentions."""
        wanted = set(terms(phrase))
        best: tuple[float, Passage, int, int] | None = None
        for passage in passages[:3]:
            for start, end in sentence_spans(passage.text):
                share = len(wanted & set(terms(passage.text[start:end]))) / max(len(wanted), 1)
                if share >= WHO_SAID_SHARED and (best is None or share > best[0]):
                    best = (share, passage, start, end)
        if best is None:
            return None
        share, passage, start, end = best
        words = passage.text[start:end]
        for name in speakers_in(words):
            person = self.find(name).person
            if person is not None:
                quote = Quote(name, person.name, "said", words, "reported", passage.start + start,
                              passage.start + end, "", passage.article_id)
                return Candidate(quote, person.name, share, share)
        return None


def named_first(text: str, name: str) -> bool | None:
    """Is this the first person the article names in full by the surname? None when it names nobody so.
    A bare "Clinton said" means that one: news names its main subject in full first.

    >>> named_first("Former President Bill Clinton spoke. Hillary Clinton came. Clinton said it.",
    ...             "Hillary Clinton")
    False
    >>> named_first("Senator Hillary Clinton and Bill Clinton came.", "Hillary Clinton"), named_first("x", "A B")
    (True, None)
    >>> named_first("candidate Hillary Rodham Clinton came", "Hillary Clinton"), named_first(
    ...     "Today, Chief Executive of Hong Kong Carrie Lam spoke.", "Carrie Lam")
    (True, True)
    """
    words = name.split()
    named = first_names(text, words[-1])
    asked = [words[0].lower().strip("."), "x"]
    return any(same_person([w.lower(), "x"], asked) for w in named[0]) if named else None


def first_names(text: str, surname: str) -> list[list[str]]:
    """The capitalised words the text writes before each full mention of a surname, titles left out: among
    them its first name ("Hillary" of "Hillary Rodham Clinton", "Carrie" of "Chief Executive of Hong Kong
    Carrie Lam").

    >>> first_names("Former President Bill Clinton spoke. Hillary Rodham Clinton came. Clinton said.", "Clinton")
    [['Bill'], ['Hillary', 'Rodham']]
    >>> first_names("Secretary of Justice Wanda Vázquez Garced", "Vazquez")  # accents folded
    [['Wanda']]
    """
    found = []
    for run in re.findall(rf"\b((?:[A-Z][a-z]+\.? ){{1,4}}){re.escape(fold(surname))}\b", fold(text)):
        names = [w.rstrip(".") for w in run.split() if not _is_title(w.rstrip(".")) and w.lower() not in CONNECTORS]
        found += [names] if names else []
    return found


def _publisher(source: str) -> str:
    """The JSONL "source" ("Wikinews") names a publisher; a file name, URL or "file#id" does not.

    >>> _publisher("Wikinews"), _publisher("upload.txt"), _publisher("feed.jsonl#12")
    ('Wikinews', '', '')
    """
    return "" if not source or any(c in source for c in "./#\\:") else source
