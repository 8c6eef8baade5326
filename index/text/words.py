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


# Irregular verb forms, read as their plain form before stemming: "who won" asks about an article that "wins",
# "when did he die" about one where he "dies" (Porter stems "die" to "die" but "dies"/"died" to "di"). Forms
# that are also common nouns or names ("left", "saw", "rose", "wound", "found", "felt") are left as they are.
_IRREGULAR = {form: base for base, forms in (
    ("win", "won"), ("lose", "lost"), ("lead", "led"), ("hold", "held"), ("meet", "met"),
    ("take", "took taken"), ("give", "gave given"), ("make", "made"), ("buy", "bought"), ("sell", "sold"),
    ("pay", "paid"), ("fight", "fought"), ("bring", "brought"), ("build", "built"), ("catch", "caught"),
    ("choose", "chose chosen"), ("come", "came"), ("go", "went gone"), ("grow", "grew grown"),
    ("keep", "kept"), ("know", "knew known"), ("begin", "began begun"), ("break", "broke broken"),
    ("drive", "drove driven"), ("fall", "fell fallen"), ("fly", "flew flown"), ("rise", "risen"),
    ("run", "ran"), ("send", "sent"), ("shoot", "shot"), ("sink", "sank sunk"), ("speak", "spoke spoken"),
    ("spend", "spent"), ("stand", "stood"), ("steal", "stole stolen"), ("strike", "struck"),
    ("swear", "swore sworn"), ("teach", "taught"), ("think", "thought"), ("throw", "threw thrown"),
    ("write", "wrote written"), ("flee", "fled"), ("freeze", "froze frozen"), ("hide", "hid hidden"),
    ("seek", "sought"), ("shake", "shook shaken"), ("sit", "sat"), ("hear", "heard"),
    ("become", "became"), ("draw", "drew drawn"), ("eat", "ate eaten"), ("forget", "forgot forgotten"),
    ("get", "got gotten"), ("mean", "meant"), ("ride", "rode ridden"), ("sing", "sang sung"),
    ("understand", "understood"), ("withdraw", "withdrew withdrawn"), ("uphold", "upheld"),
    ("overthrow", "overthrew overthrown"), ("blow", "blew blown"), ("drink", "drank drunk"),
) for form in forms.split()}
_IRREGULAR |= {"die": "dies", "dying": "dies"}  # one stem with "dies" and "died": "di"
_CONCEPT = {"death": "di", "dead": "di", "kill": "di", "fatal": "di"}


def _plain(word: str) -> str:
    """A word's stem with irregular forms read as their plain form.

    >>> [_plain(w) for w in ["won", "wins", "die", "died", "dies", "led", "left"]]
    ['win', 'win', 'di', 'di', 'di', 'lead', 'left']
    """
    found = stem(_IRREGULAR.get(word, word))
    return _CONCEPT.get(found, found)


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
    >>> terms("Who won? He died.")  # irregular forms as their plain word's stem ("win", as in "wins")
    ['win', 'di']
    >>> terms("What's Britain's plan?")  # the "s" of "'s" stems to nothing: no word, not the rarest one
    ['britain', 'plan']
    """
    words = _WORD.findall(_PREFIXED.sub(r"\1", fold(text).lower()))
    return [s for s in (_plain(w) for w in words if w not in STOPWORDS) if s]


def vocabulary(text: str) -> frozenset[str]:
    """The distinct stemmed content words of a text (each distinct word stemmed once: an article is long).

    >>> sorted(vocabulary("Votes were cast; the council voted."))
    ['cast', 'council', 'vote']
    """
    return frozenset(s for s in (_plain(w) for w in set(_WORD.findall(text.lower())) if w not in STOPWORDS) if s)
