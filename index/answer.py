"""Pure answer composition: a routed question + passages/quotes -> Answer, or an honest "not found".

Every word of an answer comes from an article, apart from short connectives ("Mark Warner said:") and
the source line ("— Title").
"""

from __future__ import annotations

import re
from collections.abc import Callable

from index.facts import Reader, choose
from index.route import Route
from index.sentences import Sentence, score_sentences, terms
from index.types import Answer, Passage, Quote, Source

NOT_FOUND = "I could not find that in the articles."
SHOWN = 3  # statements in the first reply; the rest go behind "more"
_KIND_ORDER = {"direct": 0, "reported": 1, "pull": 2}


def sources_of(passages: list[Passage]) -> list[Source]:
    """Distinct articles in order of first appearance."""
    seen: dict[str, Source] = {}
    for p in passages:
        seen.setdefault(p.article_id, Source(p.article_id, p.title, p.url, p.date))
    return list(seen.values())


def not_found(question: str, passages: list[Passage], text: str = NOT_FOUND, route: Route | None = None) -> Answer:
    """The honest answer when the articles do not say, naming the closest articles there are.

    >>> not_found("Pizza?", [Passage(1, "a", "Bridge reopens", "...", 0.1, 0, 3)]).text
    'I could not find that in the articles. The closest I have: “Bridge reopens”.'
    """
    titles = [s.title for s in sources_of(passages)[:2]]
    if titles:
        text += " The closest I have: " + "; ".join(f"“{t}”" for t in titles) + "."
    speaker = route.speaker if route else None
    return Answer(question, text, False, passages=passages, kind="not_found", speaker=speaker or None)


def sentence_answer(
    question: str, passages: list[Passage], idf: Callable[[str], float], mention: str = "",
    reader: Reader | None = None,
) -> Answer:
    """The sentence that answers the question, or the best window of its passage when no sentence clearly
    wins (see facts.choose); with `mention`, only sentences that contain that word. `reader` brings the
    question's vector, the encoder and the entity tagger; without it sentences are chosen by their words.

    >>> p = Passage(1, "a", "Bridge", "It is old. It cost 40 million dollars.", 0.6, 0, 38)
    >>> sentence_answer("How much did it cost?", [p], lambda t: 1.0).text  # no clear winner: the window
    'It is old. It cost 40 million dollars.\\n— Bridge'
    """
    ranked = score_sentences(question, passages, idf)
    if mention:
        ranked = [s for s in ranked if re.search(rf"\b{re.escape(mention)}\b", s.text)]
    fact = choose(question, ranked, reader or Reader())
    if not fact.sentences:
        return not_found(question, passages)
    used = _passages_of(fact.sentences)
    more = [f"{p.text}\n— {p.title}" for p in passages if p.chunk_id not in {u.chunk_id for u in used}]
    return Answer(
        question, f"{' '.join(s.text for s in fact.sentences)}\n— {used[0].title}", True,
        passages=used + [p for p in passages if p not in used], sources=sources_of(used), kind="sentences",
        more=more[:5], span=fact.span or None,
    )


def quote_answer(question: str, route: Route, quotes: list[Quote], sources: dict[str, Source]) -> Answer:
    """A speaker's statements in the article's words, deduplicated, most relevant first, each with its article.

    >>> q = Quote("Warner", "Mark Warner", "said", "It would have had more force", "direct", 0, 28, "", "a1")
    >>> quote_answer("What did Warner say?", Route("quotes", "Warner"), [q], {"a1": Source("a1", "Putin")}).text
    'Mark Warner said:\\n• “It would have had more force”\\n— Putin'
    """
    statements = rank_quotes(dedupe_quotes(quotes), route.topic)
    if route.topic and not _mentions(statements[0], route.topic):
        text = f"I could not find anything {_name(quotes)} said about {route.topic} in the articles."
        return not_found(question, [], text, route)
    shown, rest = statements[:SHOWN], statements[SHOWN:]
    used = [sources[a] for a in dict.fromkeys(q.article_id for q in statements) if a in sources]
    return Answer(
        question, f"{_name(quotes)} said:\n" + _statements_text(shown, sources), True, quotes=shown,
        sources=used, kind="quotes", more=[_statements_text([q], sources) for q in rest],
        speaker=_name(quotes), topic=route.topic or None,
    )


def which_one(question: str, route: Route, people: list[str]) -> Answer:
    """Several people go by the name asked about: ask which one rather than mix their words.

    >>> which_one("What did Clinton say?", Route("quotes", "Clinton"), ["Bill Clinton", "Hillary Clinton"]).text
    'Several people called Clinton are quoted: Bill Clinton, Hillary Clinton. Which one do you mean?'
    """
    text = f"Several people called {route.speaker} are quoted: {', '.join(people)}. Which one do you mean?"
    return Answer(question, text, False, kind="ambiguous")


def who_said_answer(question: str, route: Route, quotes: list[Quote], sources: dict[str, Source]) -> Answer:
    """Name who said a phrase, with the statement it comes from."""
    wanted = set(terms(route.phrase))
    best = max(quotes, key=lambda q: len(wanted & set(terms(q.content))), default=None)
    if best is None or len(wanted & set(terms(best.content))) < max(1, 0.6 * len(wanted)):
        return not_found(question, [], "I could not find who said that in the articles.", route)
    source = sources.get(best.article_id)
    text = f"{best.canonical} said it:\n" + _statements_text([best], sources)
    return Answer(question, text, True, quotes=[best], sources=[source] if source else [], kind="who_said",
                  speaker=best.canonical)


def who_is_answer(question: str, route: Route, quotes: list[Quote], sources: dict[str, Source]) -> Answer | None:
    """Describe a speaker from the articles ("a Europe expert at ..."), or None when no article does."""
    described = sorted((q for q in quotes if q.description), key=lambda q: -len(q.description))
    if not described:
        return None
    best = described[0]
    source = sources.get(best.article_id)
    cite = f"\n— {source.title}" if source else ""
    text = f"{best.canonical}: {best.description}{cite}"
    return Answer(question, text, True, quotes=[], sources=[source] if source else [], kind="who_is",
                  speaker=best.canonical)


def dedupe_quotes(quotes: list[Quote]) -> list[Quote]:
    """Drop statements repeated inside longer ones (a pull quote and its body copy are one statement).

    >>> a = Quote("W", "W", "said", "It would also have had more force, he said", "direct", 0, 40)
    >>> b = Quote("W", "W", "said", "It would also have had more force", "pull", 50, 83)
    >>> [q.kind for q in dedupe_quotes([b, a])]
    ['direct']
    """
    kept: list[Quote] = []
    for quote in sorted(quotes, key=lambda q: (-len(q.content), _KIND_ORDER.get(q.kind, 3))):
        words = _normal(quote.content)
        if not any(words in _normal(k.content) for k in kept):
            kept.append(quote)
    return sorted(kept, key=lambda q: (q.article_id, q.start))


def rank_quotes(quotes: list[Quote], topic: str) -> list[Quote]:
    """Statements about the topic first; then direct before reported before pull quotes, in article order."""
    topic_terms = set(terms(topic))

    def key(quote: Quote) -> tuple:
        overlap = len(topic_terms & set(terms(quote.content)))
        return (-overlap, _KIND_ORDER.get(quote.kind, 3), quote.article_id, quote.start)

    return sorted(quotes, key=key)


def _statements_text(quotes: list[Quote], sources: dict[str, Source]) -> str:
    lines = [f"• {_statement(q)}" for q in quotes]
    titles = [sources[a].title for a in dict.fromkeys(q.article_id for q in quotes) if a in sources]
    return "\n".join(lines) + (f"\n— {'; '.join(titles)}" if titles else "")


def _statement(quote: Quote) -> str:
    """Direct words in quote marks; reported speech as written, with its verb when that is not "said".

    >>> _statement(Quote("P", "P", "denied", "denied involvement", "reported", 0, 18))
    'denied involvement'
    >>> _statement(Quote("C", "C", "adding", "it was a shock", "reported", 0, 14))
    'adding it was a shock'
    """
    if quote.kind != "reported":
        return f"“{quote.content}”"
    if quote.cue.lower() in {"said", "says", "say", "told", "tells"} or quote.content.startswith(quote.cue):
        return quote.content
    return f"{quote.cue} {quote.content}"


def _mentions(quote: Quote, topic: str) -> bool:
    return bool(set(terms(topic)) & set(terms(quote.content)))


def _name(quotes: list[Quote]) -> str:
    """The fullest form of the speaker's name among the statements."""
    return max((q.canonical for q in quotes), key=len)


def _normal(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def _passages_of(sentences: list[Sentence]) -> list[Passage]:
    return list({s.passage.chunk_id: s.passage for s in sentences}.values())
