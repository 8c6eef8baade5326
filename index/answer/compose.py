"""Pure answer composition: a routed question + passages/quotes -> Answer, or an honest "not found".

Every word of an answer comes from an article, apart from short connectives ("Mark Warner said:") and
the source line ("— Title").
"""

from __future__ import annotations

import re
from collections.abc import Callable

from index.answer.facts import is_prose
from index.answer.features import Article, Asked
from index.answer.reader import Reading
from index.answer.route import Route
from index.text.sentences import sentence_spans
from index.text.words import terms
from index.types import Answer, Passage, Source

NOT_FOUND = "I could not find that in the articles."


def sources_of(passages: list[Passage]) -> list[Source]:
    """Distinct articles in order of first appearance."""
    seen: dict[str, Source] = {}
    for p in passages:
        seen.setdefault(p.article_id, Source(p.article_id, p.title, p.url, p.date, added=p.added))
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


def reading_answer(question: str, asked: Asked, reading: Reading, articles: list[Article],
                   passages: list[Passage]) -> Answer:
    """The sentence reader's answer: its sentences and their article, "the articles do not say" when the best
    sentences hold nothing of the kind asked for, or "not found" when it read nothing."""
    if not reading.sentences or reading.article is None:
        return not_found(question, passages)
    article = reading.article
    if not reading.says:
        on = [a for a in articles if a.rank == 0 or a.score >= articles[0].score - 0.05]
        named = [p for p in passages if p.article_id in {a.article_id for a in on}]
        return Answer(question, does_not_say(asked.text, [a.title for a in on]), False, passages=named,
                      sources=sources_of(named), kind="not_said")
    used = [p for p in passages if p.article_id == article.article_id]
    others = [p for p in passages if p.article_id != article.article_id]
    return Answer(
        question, f"{' '.join(s.text for s in reading.sentences)}\n— {article.title}", True,
        passages=used + others, sources=sources_of(used), kind="sentences",
        more=[f"{p.text}\n— {p.title}" for p in passages][:5], span=reading.span or None,
    )


_WH = re.compile(r"^(who|whom|whose|what|when|where|which|why|how)\b", re.I)
_DO = re.compile(r"^(?:\w+\s){1,3}?(?:did|does|do)\s", re.I)


def does_not_say(question: str, titles: list[str]) -> str:
    """What to answer when the articles on the event do not hold what was asked, naming them.

    >>> does_not_say("Who was the pilot of the helicopter?", ["Kobe Bryant dies"])
    'The article on this event (“Kobe Bryant dies”) does not say who was the pilot of the helicopter.'
    >>> does_not_say("What sentence did Stefan W. receive?", ["A", "B"])
    'The articles on this event (“A”; “B”) do not say that: “What sentence did Stefan W. receive?”'
    """
    q = question.strip()
    on = "; ".join(f"“{t}”" for t in titles)
    head = f"The article on this event ({on}) does not say" if len(titles) == 1 else \
        f"The articles on this event ({on}) do not say"
    if _WH.match(q) and not _DO.match(q):
        return f"{head} {q[0].lower()}{q[1:].rstrip('?. ')}."
    return f"{head} that: “{q.rstrip()}{'' if q.endswith('?') else '?'}”"


def latest_answer(question: str, passages: list[Passage], wanted: list[str], idf: Callable[[str], float],
                  n: int = 3, newest: bool = True) -> Answer:
    """ "What's new on Y?": the newest (or the oldest) articles among the passages, each with its sentence
    holding most of the question's rare words, and its date.

    >>> p = [Passage(1, "a", "Old news", "Talks began. The ferry strike ended.", 0.6, 0, 9, date="2019-01-02"),
    ...      Passage(2, "b", "New news", "The ferry strike resumed today.", 0.5, 0, 9, date="2020-03-04")]
    >>> print(latest_answer("latest on the ferry strike", p, ["ferri", "strike"], lambda t: 1.0).text)
    The latest first:
    • The ferry strike resumed today.
    — New news (2020-03-04)
    • The ferry strike ended.
    — Old news (2019-01-02)
    >>> q = [Passage(1, "a", "Talk", "When did you hear of the strike? The strike ended.", 0.6, 0, 9, date="2020-01")]
    >>> print(latest_answer("latest on the strike", q, ["strike"], lambda t: 1.0).text)  # not the question
    The latest first:
    • The strike ended.
    — Talk (2020-01)
    """
    best: dict[str, tuple[tuple[bool, float], str, Passage]] = {}
    for p in passages:
        for start, end in sentence_spans(p.text):
            sentence = p.text[start:end].strip()  # prose first: an interviewer's question or a caption never leads
            weight = (is_prose(sentence), sum(idf(t) for t in set(wanted) & set(terms(sentence))))
            if p.article_id not in best or weight > best[p.article_id][0]:
                best[p.article_id] = (weight, sentence, p)
    dated = sorted(best.values(), key=lambda b: b[2].date or ("" if newest else "9"), reverse=newest)[:n]
    lines = [f"• {sentence}\n— {p.title}" + (f" ({p.date})" if p.date else "") for _, sentence, p in dated]
    head = "The latest first:\n" if newest else "The earliest first:\n"
    return Answer(question, head + "\n".join(lines), True, passages=[b[2] for b in dated],
                  sources=sources_of([b[2] for b in dated]), kind="latest")
