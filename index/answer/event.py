"""The right event: what pins a question to one event (its years and names) and whether an article holds it.

A question about "the earthquake that hit Chile in 2019" must not be answered from an article about Puerto
Rico's: an article that lacks a year or a specific name of the question is a near miss (see
qa.Answerer.same_event, which also decides which names count).
"""

from __future__ import annotations

import re

from index.text.words import CALENDAR, STOPWORDS, fold, terms

YEAR = re.compile(r"(?:19|20)\d\d")


def key_terms(question: str) -> set[str]:
    """What pins a question to one event: its years and the names it spells with a capital (after the first
    word), stemmed. An article that lacks one of them is about another event (a near miss).

    >>> sorted(key_terms("What was the magnitude of the earthquake that hit Chile in 2019?"))
    ['2019', 'chile']
    >>> sorted(key_terms("how many people were aboard the bus"))
    []
    """
    words = re.findall(r"[\w'’-]+", fold(question))
    keys = {w for w in words if YEAR.fullmatch(w)}
    keys |= {w.lower() for w in words[1:] if w[0].isupper() and w.lower() not in STOPWORDS | CALENDAR}
    return {t for k in keys for t in terms(k) if len(t) > 1}


def name_runs(question: str) -> list[list[str]]:
    """The stems of each run of capitalised words after the first word: one name each ("Graham Twigg").

    >>> name_runs("What does Graham Twigg propose about Alcatel-Lucent in 2019?")
    [['graham', 'twigg'], ['alcatel', 'lucent']]
    >>> name_runs("What is the capital of Mongolia's Gobi-Altai province?")
    [['mongolia'], ['gobi', 'altai']]
    """
    runs: list[list[str]] = [[]]
    for word in re.findall(r"[\w'’-]+", fold(question))[1:]:
        if word[0].isupper() and word.lower() not in STOPWORDS | CALENDAR:
            runs[-1] += [t for t in terms(word) if len(t) > 1]
            if word.endswith(("'s", "’s")):  # "Mongolia's Gobi-Altai": two names
                runs.append([])
        elif runs[-1]:
            runs.append([])
    return [r for r in runs if r]


def lower_case_candidates(question: str) -> list[str]:
    """The words of a question typed all in lower case that may be names spelt without their capital (a question
    that starts with a capital is taken to spell its names with one too).

    >>> lower_case_candidates("why did the texas court ban it in june"), lower_case_candidates("Why did Texas?")
    (['texas', 'court'], [])
    """
    if question != question.lower():
        return []
    words = re.findall(r"[a-z][a-z-]{3,}", fold(question))
    return [w for w in words if w not in STOPWORDS | CALENDAR]


def capitalised(word: str, texts: list[str], share: float = 0.8) -> bool:
    """Do the texts spell the word with a capital (nearly) every time? Then it is a name ("Texas").

    >>> capitalised("texas", ["In Texas, the court", "Texas voted"]), capitalised("court", ["In Texas, the court"])
    (True, False)
    """
    found = [m.group() for t in texts for m in re.finditer(rf"\b{re.escape(word)}\w*", t, re.I)]
    return bool(found) and sum(f[0].isupper() for f in found) >= share * len(found)


def holds_keys(keys: set[str], article_terms: frozenset[str]) -> bool:
    """Does an article hold every key term? A key may be a longer form of the article's word ("Lankan" for
    "Lanka", "Chilean" for "Chile").

    >>> holds_keys({"lankan", "2005"}, frozenset({"lanka", "2005", "minist"})), holds_keys({"chile"}, frozenset())
    (True, False)
    """
    return all(k in article_terms or any(len(t) >= 4 and k.startswith(t) for t in article_terms) for k in keys)
