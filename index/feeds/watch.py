"""What a watch is and what it matches in one new article: a person (as the answers know them), a person on a
topic, or a phrase. Matching uses the answers' own machinery (index/answer/attribution.py): a watch on "Warner"
follows whoever "What did Warner say?" would answer for (Mark Warner where he dominates the surname, nobody
when no Warner does), and a topic relates to a statement as it does in "What did Warner say about Russia?"."""

from __future__ import annotations

import re
from dataclasses import dataclass

from index.answer.attribution import TOPIC_COSINE, Attribution
from index.errors import FeedError
from index.text.sentences import sentence_spans
from index.text.words import fold
from index.types import Quote

MAX_CHARS = 100
_QUOTES = "\"'“”‘’«»"


@dataclass(frozen=True)
class Watch:
    """One chat's watch, kept under "watch:<chat>:<token>"."""

    chat_id: int
    token: str  # 8 hex digits: the Stop button's argument
    person: str = ""  # as read when the watch was made ("Warner", "Mark Warner")
    topic: str = ""
    phrase: str = ""
    created: float = 0.0
    text: str = ""  # as typed: read again at each match, as the library comes to know more people

    @property
    def label(self) -> str:
        """How the watch is shown: Warner · Warner Russia · Mark Warner on Russia · “election interference”."""
        if self.phrase:
            return f"“{self.phrase}”"
        return self.text or (f"{self.person} on {self.topic}" if self.topic else self.person)


@dataclass(frozen=True)
class Match:
    """What a watch found in an article: statements (who said what), or the sentence holding a phrase."""

    speaker: str  # the library's name for the person; "" for a phrase found outside a statement
    words: list[str]  # the statements' words, or the sentence


def parse_watch(text: str, known: Attribution | None = None) -> tuple[str, str, str]:
    """(person, topic, phrase) from what follows /watch: a phrase in quotes; "NAME on TOPIC"; else the longest
    run of first words that names a person the library quotes, the rest the topic (the first word alone when
    the library quotes nobody by them yet).

    >>> parse_watch('"election interference"'), parse_watch("Warner Russia"), parse_watch("Mark Warner on Russia")
    (('', '', 'election interference'), ('Warner', 'Russia', ''), ('Mark Warner', 'Russia', ''))
    """
    text = " ".join(text.split())
    if not text or len(text) > MAX_CHARS:
        raise FeedError(f"Tell me whom or what to watch, in up to {MAX_CHARS} characters: /watch Warner, "
                        "/watch Warner Russia, /watch \"election interference\".")
    if text[0] in _QUOTES:
        phrase = text.strip(_QUOTES).strip()
        if not re.search(r"\w", phrase):
            raise FeedError("Put a phrase of words in the quotes: /watch \"election interference\".")
        return "", "", phrase
    name, on, topic = text.partition(" on ")
    if on:
        return name.strip(), topic.strip(), ""
    words = text.split()
    for cut in range(min(len(words), 4), 1, -1):
        if known is not None and known.find(" ".join(words[:cut])).person is not None:
            return " ".join(words[:cut]), " ".join(words[cut:]), ""
    return words[0], " ".join(words[1:]), ""


def matches(watch: Watch, quotes: list[Quote], text: str, known: Attribution,
            speakers: list[str] | None = None) -> Match | None:
    """What `watch` finds in one article (its statements, their speakers' library names, and its text), or None."""
    speakers = speakers if speakers is not None else [known.speaker_of(q) for q in quotes]
    if watch.phrase:
        return _phrase(watch.phrase, quotes, speakers, text)
    name, topic = (parse_watch(watch.text, known)[:2] if watch.text else (watch.person, watch.topic))
    person = known.find(name).person
    if person is None:
        return None
    said = [q for q, speaker in zip(quotes, speakers, strict=True) if speaker == person.name]
    if said and topic:
        scores = known.relevance(said, topic)
        said = [q for q, score in zip(said, scores, strict=True) if score >= TOPIC_COSINE]
    return Match(person.name, [q.content for q in said]) if said else None


def _phrase(phrase: str, quotes: list[Quote], speakers: list[str], text: str) -> Match | None:
    wanted = _plain(phrase)
    said = [(q, s) for q, s in zip(quotes, speakers, strict=True) if wanted in _plain(q.content)]
    if said:
        first = said[0][1]
        return Match(first, [q.content for q, s in said if s == first])
    for start, end in sentence_spans(text):
        if wanted in _plain(text[start:end]):
            return Match("", [text[start:end]])
    return None


def _plain(text: str) -> str:
    """Lower-case words with single spaces around them, accents folded: what phrases are compared as.

    >>> _plain("Election-Interference, again")
    ' election interference again '
    """
    return " " + " ".join(re.findall(r"\w+", fold(text).lower())) + " "
