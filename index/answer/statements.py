"""Pure composition of quote answers: a person's statements, each with its own source and date, wire copies
shown once, the most relevant first; "which one?", "who said ...?" and "who is ...?".

Every word of an answer comes from an article, apart from short connectives ("Mark Warner said:") and
the source lines ("— Title (Publisher, date)").
"""

from __future__ import annotations

import re

from index.answer.compose import not_found
from index.answer.route import Route
from index.answer.timed import Timed
from index.types import Answer, Quote, Source, Statement

SHOWN = 3  # statements in the first reply; the rest go behind "more"
LONGEST = 45  # words of one statement shown; a longer one stops at a sentence end (or "…") within them
PEOPLE = 5  # people named in a "which one?"
_KIND_ORDER = {"direct": 0, "reported": 1, "pull": 2}


def cite(source: Source | None, also_in: int = 0) -> str:
    """The source line of one statement: title, publisher and date where known (else the day it was added,
    marked), link, wire copies.

    >>> cite(Source("a", "Talks end", "https://x.org/1", "2008-03-01", "Wikinews"), also_in=2)
    '— Talks end (Wikinews, 2008-03-01) https://x.org/1; also in 2 other articles'
    >>> cite(Source("a", "Talks end", added="2026-12-07"))
    '— Talks end (added 2026-12-07)'
    """
    if source is None:
        return ""
    meta = ", ".join(x for x in (source.publisher, source.when) if x)
    line = f"— {source.title}" + (f" ({meta})" if meta else "") + (f" {source.url}" if source.url else "")
    if also_in:
        line += f"; also in {also_in} other article{'s' if also_in > 1 else ''}"
    return line


def brief(words: str, limit: int = LONGEST) -> str:
    """At most `limit` words: up to the last sentence end within them, else cut with "…".

    >>> brief("One two. Three four five six.", 4), brief("One two three four five six.", 4)
    ('One two.', 'One two three four…')
    """
    split = words.split()
    if len(split) <= limit:
        return words
    head = " ".join(split[:limit])
    end = max(head.rfind(". "), head.rfind("? "), head.rfind("! "))
    return head[: end + 1] if end > len(head) // 3 else head.rstrip(",;:") + "…"


def statement_text(quote: Quote) -> str:
    """Direct words in quote marks; reported speech as written, with its verb when that is not "said".

    >>> statement_text(Quote("P", "P", "denied", "denied involvement", "reported", 0, 18))
    'denied involvement'
    >>> statement_text(Quote("C", "C", "adding", "it was a shock", "reported", 0, 14))
    'adding it was a shock'
    >>> statement_text(Quote("E", "E", "according to", "the aim is security", "reported", 0, 19))
    'the aim is security'
    """
    words = brief(quote.content)
    if quote.kind != "reported":
        return f"“{words}”"
    if quote.cue.lower() in {"said", "says", "say", "told", "tells", "according to"} or words.startswith(quote.cue):
        return words  # "according to" the speaker: the words are theirs, with no verb to show
    return f"{quote.cue} {words}"


def shown(statement: Statement) -> str:
    """One statement as the console and the "more" pages show it."""
    line = cite(statement.source, statement.also_in)
    return f"• {statement_text(statement.quote)}" + (f"\n{line}" if line else "")


def _normal(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def merge_repeats(quotes: list[Quote], sources: dict[str, Source]) -> list[Statement]:
    """One statement per set of words: a pull quote inside its body copy, or the same words in several
    articles (wire copies), are one; the longest wording stays, credited to the newest article. Across
    articles the words must be the same; inside one article, shorter words held in longer ones join them.

    >>> a = Quote("W", "W", "said", "It would also have had more force, he said", "direct", 0, 40, "", "a1")
    >>> b = Quote("W", "W", "said", "It would also have had more force", "pull", 50, 83, "", "a1")
    >>> c = Quote("W", "W", "said", "It would also have had more force, he said", "direct", 9, 49, "", "a2")
    >>> [(s.quote.kind, s.also_in) for s in merge_repeats([b, c, a], {})]
    [('direct', 1)]
    """
    groups: dict[str, list[Quote]] = {}  # the longest wording's words -> the quotes that say them
    in_article: dict[str, list[str]] = {}  # article -> its groups' keys, for a pull quote inside its body copy
    for quote in sorted(quotes, key=lambda q: (-len(q.content), _KIND_ORDER.get(q.kind, 3))):
        words = _normal(quote.content)
        home = words if words in groups else next((k for k in in_article.get(quote.article_id, []) if words in k),
                                                  None)
        if home is None:
            groups[words] = []
            home = words
        groups[home].append(quote)
        in_article.setdefault(quote.article_id, []).append(home)
    merged = []
    for same in groups.values():
        best = max((q for q in same if len(q.content) == len(same[0].content)), key=lambda q: _date(q, sources))
        articles = {q.article_id for q in same} - {best.article_id}
        merged.append(Statement(best, sources.get(best.article_id), len(articles)))
    return merged


def _date(quote: Quote, sources: dict[str, Source]) -> str:
    source = sources.get(quote.article_id)
    return (source.date or "") if source else ""


def ranked(statements: list[Statement]) -> list[Statement]:
    """Most relevant first (relevance in steps of 0.05, so near-ties fall to the date), then newest, direct
    words before reported ones, then in article order."""
    def key(s: Statement) -> tuple:
        date = s.source.date if s.source and s.source.date else ""
        return (-round(s.relevance * 20), _negate(date), _KIND_ORDER.get(s.quote.kind, 3), s.quote.start)

    return sorted(statements, key=key)


def _negate(date: str) -> tuple[int, ...]:
    return tuple(-ord(c) for c in date)


def quote_answer(question: str, route: Route, name: str, statements: list[Statement],
                 also: list[str] = (), timed: Timed | None = None) -> Answer:  # type: ignore[assignment]
    """A person's statements, ranked, each with its source; `also`: others sharing the surname asked about.

    >>> q = Quote("Warner", "Mark Warner", "said", "It would have had more force", "direct", 0, 28, "", "a1")
    >>> s = Statement(q, Source("a1", "Putin", None, "2018-07-17"))
    >>> print(quote_answer("What did Warner say?", Route("quotes", "Warner"), "Mark Warner", [s]).text)
    Mark Warner said:
    • “It would have had more force”
    — Putin (2018-07-17)
    """
    order = ranked(statements)
    first, rest = order[:SHOWN], order[SHOWN:]
    head = f"{name} said" + (f" (also quoted: {', '.join(also[:3])})" if also else "") + ":"
    if timed is not None:  # a time window: its order, and the head says which window ("in May 2016")
        first, rest, order = timed.first, timed.rest, timed.first + timed.rest
        head = f"{name} said, {timed.head}:" if not timed.empty else f"{name}: {timed.head}" + (":" if first else ".")
    sources = list({s.source.article_id: s.source for s in order if s.source}.values())
    return Answer(
        question, "\n".join([head, *(shown(s) for s in first)]), bool(first), quotes=[s.quote for s in first],
        sources=sources, kind="quotes", more=[shown(s) for s in rest], speaker=name,
        topic=route.topic or None, statements=first, also_quoted=list(also),
    )


def nothing_on(question: str, route: Route, name: str) -> Answer:
    """The person is quoted, but on nothing that relates to the topic asked about."""
    text = f"I could not find anything {name} said about {route.topic} in the articles."
    return not_found(question, [], text, Route(route.kind, name, route.topic))


def which_one(question: str, route: Route, people: list[str]) -> Answer:
    """Several people go by the name asked about and none dominates: ask which one rather than mix their words.

    >>> which_one("What did Clinton say?", Route("quotes", "Clinton"), ["Bill Clinton", "Hillary Clinton"]).text
    'Several people called Clinton are quoted: Bill Clinton, Hillary Clinton. Which one do you mean?'
    """
    text = f"Several people called {route.speaker} are quoted: {', '.join(people[:PEOPLE])}. Which one do you mean?"
    return Answer(question, text, False, kind="ambiguous", also_quoted=people[:PEOPLE], topic=route.topic or None)


def who_said_answer(question: str, route: Route, best: Statement | None, name: str = "",
                    closest: list[Statement] = ()) -> Answer:  # type: ignore[assignment]
    """Name who said a phrase (`name`: the person's name across the library), with the statement; without a
    `best` (no statement matches well enough, or its own words credit someone else) say so and show the
    `closest` statements, naming nobody.

    >>> q = Quote("Miller", "Jason Miller", "said", "We are ahead", "direct", 0, 12, "", "a1")
    >>> print(who_said_answer("Who said we lead?", Route("who_said", phrase="we lead"), None,
    ...                       closest=[Statement(q, Source("a1", "Polls", None, "2016-10-01"))]).text)
    I could not find who said that in the articles. The closest statements I have:
    • “We are ahead”
    — Polls (2016-10-01)
    """
    if best is None:
        text = "I could not find who said that in the articles."
        if not closest:
            return not_found(question, [], text, route)
        text += " The closest statements I have:\n" + "\n".join(shown(s) for s in closest)
        return Answer(question, text, False, quotes=[s.quote for s in closest],
                      sources=[s.source for s in closest if s.source], kind="not_found", statements=list(closest))
    name = name or best.quote.canonical
    text = f"{name} said it:\n" + shown(best)
    return Answer(question, text, True, quotes=[best.quote], sources=[best.source] if best.source else [],
                  kind="who_said", speaker=name, statements=[best])


def who_is_answer(question: str, name: str, quotes: list[Quote], sources: dict[str, Source]) -> Answer | None:
    """Describe a speaker from the articles ("a Europe expert at ..."), or None when no article does."""
    described = sorted((q for q in quotes if q.description), key=lambda q: -len(q.description))
    if not described:
        return None
    best = described[0]
    source = sources.get(best.article_id)
    line = cite(source)
    text = f"{name}: {best.description}" + (f"\n{line}" if line else "")
    return Answer(question, text, True, quotes=[], sources=[source] if source else [], kind="who_is",
                  speaker=name)
