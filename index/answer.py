"""Pure answer composition: question + retrieved passages -> Answer (or an honest "not found")."""

from __future__ import annotations

from index.types import Answer, Passage, Source

NOT_FOUND = "I could not find that in the articles."


def sources_of(passages: list[Passage]) -> list[Source]:
    """Distinct articles in order of first appearance."""
    seen: dict[str, Source] = {}
    for p in passages:
        seen.setdefault(p.article_id, Source(p.article_id, p.title, p.url, p.date))
    return list(seen.values())


def passage_answer(question: str, passages: list[Passage], threshold: float, shown: int = 3) -> Answer:
    """The best passages as the answer, or "not found" when the best cosine is below `threshold`.

    >>> p = Passage(1, "a1", "Title", "Warner said no.", 0.6, 0, 15)
    >>> passage_answer("What did Warner say?", [p], 0.3).text
    'Warner said no.\\n— Title'
    >>> passage_answer("Weather?", [p], 0.9).found
    False
    """
    relevant = [p for p in passages if p.score >= threshold]
    if not relevant:
        return Answer(question, NOT_FOUND, False, passages=passages, kind="not_found")
    best = relevant[0]
    return Answer(
        question,
        f"{best.text}\n— {best.title}",
        True,
        passages=relevant,
        sources=sources_of(relevant[:1]),
        kind="passages",
        more=[f"{p.text}\n— {p.title}" for p in relevant[1:shown]],
    )
