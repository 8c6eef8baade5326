"""Word rules: stop words, the Porter stem, accent folding, and the stemmed content words of a text."""

from __future__ import annotations

import re
import threading
import unicodedata

import Stemmer

_WORD = re.compile(r"\w+")
_PREFIXED = re.compile(r"\b(co|ex|vice)-(?=\w)")  # a co-author is not the author asked for: one word
_LOCAL = threading.local()  # a PyStemmer Stemmer is not thread-safe: one per thread
# Month and weekday names: a date, never a name or an event's own word ("the June jobs report")
CALENDAR = frozenset("""january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday""".split())
STOPWORDS = frozenset(
    "a an and are as at be but by can could did do does for from had has have he her his how i in is it its "
    "me of on or she so than that the their them they this to was we were what when where which who whom "
    "whose why will with would you about after before said say says tell told more else also any some".split()
)


def stem(word: str) -> str:
    """The Porter stem of a lower-case word: the stemmer SQLite FTS5's "porter" tokenizer applies to the lexical
    index, so the word statistics (idf) read from it and the sentence scores here stem alike.

    >>> [stem(w) for w in ["elections", "voted", "vote", "running", "gas"]]
    ['elect', 'vote', 'vote', 'run', 'ga']
    """
    porter = getattr(_LOCAL, "porter", None)
    if porter is None:
        porter = _LOCAL.porter = Stemmer.Stemmer("porter")  # Snowball's C build of the original Porter
    return porter.stemWord(word)


def fold(text: str) -> str:
    """Text without accents, so "Constanta" matches "Constanţa" (as FTS5's unicode61 tokenizer folds them).

    >>> fold("Constanţa café")
    'Constanta cafe'
    """
    if text.isascii():  # most text: skip the per-character pass
        return text
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def terms(text: str) -> list[str]:
    """Stemmed content words, in order, without accents: a reader types "kilauea" for "Kīlauea".

    >>> terms("What did the Normans conquer in 1066?"), terms("Kīlauea"), terms("a co-author")
    (['norman', 'conquer', '1066'], ['kilauea'], ['coauthor'])
    >>> terms("What's Britain's plan?")  # the "s" of "'s" stems to nothing: no word, not the rarest one
    ['britain', 'plan']
    """
    words = _WORD.findall(_PREFIXED.sub(r"\1", fold(text).lower()))
    return [s for s in (stem(w) for w in words if w not in STOPWORDS) if s]


def vocabulary(text: str) -> frozenset[str]:
    """The distinct stemmed content words of a text (each distinct word stemmed once: an article is long).

    >>> sorted(vocabulary("Votes were cast; the council voted."))
    ['cast', 'council', 'vote']
    """
    return frozenset(s for s in (stem(w) for w in set(_WORD.findall(text.lower())) if w not in STOPWORDS) if s)
