"""Pure answer composition: a routed question + passages/quotes -> Answer, or an honest "not found".

Every word of an answer comes from an article, apart from short connectives ("Mark Warner said:") and
the source line ("— Title").
"""

from __future__ import annotations

import re
from collections.abc import Callable

from index.answer.facts import Reader, choose
from index.answer.route import Route
from index.answer.sentences import Sentence, score_sentences
from index.types import Answer, Passage, Source

NOT_FOUND = "I could not find that in the articles."


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
    reader: Reader | None = None, extra: list[Passage] | None = None,
) -> Answer:
    """The sentence that answers the question, or the best window of its passage when no sentence clearly
    wins (see facts.choose); with `mention`, only sentences that contain that word. `reader` brings the
    question's vector, the encoder and the entity tagger; without it sentences are chosen by their words.
    `extra`: more passages to read sentences from (the best article's lead), not listed unless one answers.

    >>> p = Passage(1, "a", "Bridge", "It is old. It cost 40 million dollars.", 0.6, 0, 38)
    >>> sentence_answer("How much did it cost?", [p], lambda t: 1.0).text  # no clear winner: the window
    'It is old. It cost 40 million dollars.\\n— Bridge'
    """
    ranked = score_sentences(question, passages, idf, extra=extra or ())
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


def _passages_of(sentences: list[Sentence]) -> list[Passage]:
    return list({s.passage.chunk_id: s.passage for s in sentences}.values())
