"""Pure question routing: quote questions, "who said ...", "who is ...", and everything else."""

from __future__ import annotations

import re
from dataclasses import dataclass

from index.text.names import _is_title

_SPEECH = r"(?:(?:tell|told)(?: (?!about\b|on\b|regarding\b)\S+){0,2}|say anything|said anything|" \
          r"say|said|think|thinks|claim|claimed|argue|argued|mention|mentioned|add|added|comment|" \
          r"commented|state|stated|warn|warned|deny|denied|admit|admitted|have to say|has to say|had to say)"
_QUOTE = re.compile(
    rf"^(?:and |so |but )?(?:(?:what|which things?) (?:else )?)?(?:did|does|do|has|have|had|was|is|were) "
    rf"(?P<who>.+?) (?:just |really |actually |ever |previously |also )?{_SPEECH}"
    r"(?: (?:about|on|regarding|concerning|of|to|at|in|during|after|before|over) (?P<topic>.+?))?"
    r"\s*[?.!]*$",  # "what did macron say at the g7": the occasion is the topic
    re.I,
)
_QUOTE_ALT = re.compile(
    r"^(?:quotes?|statements?|comments?|remarks?) (?:from|by|of) (?P<who>.+?)"
    r"(?: (?:about|on|regarding) (?P<topic>.+?))?\s*[?.!]*$|"
    r"^what (?:was|is|were) (?:said|stated) by (?P<who2>.+?)\s*[?.!]*$",
    re.I,
)
# "who said ...", "which party said ...", "which Obama adviser warned ...", "according to whom did ...": the
# speaker asked for by a statement's words; the verbs are those of a statement (say, tell, report, tweet, call ...).
_WHO_SAID = re.compile(
    r"^(?:who|which(?: [\w.&'’-]+){1,3}) (?:has |had |have )?"
    r"(?:said|says|stated|claimed|told(?: \w+)?|wrote|warned|argued|called(?: for)?|urged|apologi[sz]ed|promised|"
    r"predicted|denied|admitted|insisted|described|critici[sz]ed|accused|demanded|vowed|suggested|tweeted|posted|"
    r"complained|announced|declared|reported|disclosed|revealed|dismissed|rejected|blamed|credited|confirmed|"
    r"estimated|advised|asked|explained|noted|added|pledged|found|concluded|indicated|stressed|remarked|"
    r"acknowledged|testified|alleged|estimated|put)[:,]?\s+(?P<phrase>.+?)\s*[?]*$|"
    r"^according to whom(?: (?:did|do|does|is|was|were|are|has|have|had))?\s+(?P<phrase2>.+?)\s*[?]*$", re.I)
_VIEW = re.compile(
    r"^(?:what is |what are |what was |what were )?(?P<who>.+?)['’]s? (?:views?|opinions?|positions?|stance|take|"
    r"thoughts?|comments?|remarks?|words?|statements?) (?:on|about|of|regarding) (?P<topic>.+?)\s*[?.!]*$|"
    r"^according to (?P<who2>[^,]+?), (?P<topic2>.+?)\s*[?.!]*$",
    re.I,
)
# "How did Putin respond when Trump raised it?": what he said, if he is quoted on it (Route.reaction)
_REACTION = re.compile(r"^(?:and |so |but )?how (?:did|does|do|has|have|had) (?P<who>.+?) "
                       r"(?:respond|responded|react|reacted|reply|replied)"
                       r"(?: (?:to|when|after|over|on|about) (?P<topic>.+?))?\s*[?.!]*$", re.I)
_ON = re.compile(r"^(?P<who>\S+(?: \S+){0,2}) on (?P<topic>.+?)\s*[?.!]*$", re.I)  # "sanders on wall street"
_WHO_IS = re.compile(r"^(?:who|what) (?:is|was|'s|’s) (?P<who>.+?)\s*[?.!]*$", re.I)
_ARTICLE = re.compile(r"^(?:the|a|an) ", re.I)


@dataclass(frozen=True)
class Route:
    """What kind of question this is, and its parts."""

    kind: str  # "quotes", "who_said", "who_is" or "general"
    speaker: str = ""
    topic: str = ""
    phrase: str = ""
    loose: bool = False  # a quote question only if the library knows the speaker ("x on y", lower case)
    reaction: bool = False  # "how did X respond/react": what X said, else what the articles say X did


def route(question: str) -> Route:
    """Classify a question.

    >>> route("What did Warner say about Putin?")
    Route(kind='quotes', speaker='Warner', topic='Putin', phrase='', loose=False, reaction=False)
    >>> route("Who said 'Nobody really knows'?").phrase
    'Nobody really knows'
    >>> route("Who is Heather Conley?")
    Route(kind='who_is', speaker='Heather Conley', topic='', phrase='', loose=False, reaction=False)
    >>> route("what did sanders say about wall street").loose
    True
    >>> route("What did Livingstone's last campaign poster say?").loose  # a thing of his: only if quoted
    True
    >>> route("What is the capital of France?").kind
    'general'
    >>> route("How did Putin respond when Trump raised the interference?")  # a reaction: what he said, if any
    Route(kind='quotes', speaker='Putin', topic='Trump raised the interference', phrase='', loose=False, reaction=True)
    """
    q = " ".join(question.strip().split())
    if match := _QUOTE.match(q) or _QUOTE_ALT.match(q) or _VIEW.match(q) or _REACTION.match(q):
        parts = {k: v for k, v in match.groupdict().items() if v}
        who, topic = parts.get("who") or parts.get("who2") or "", parts.get("topic") or parts.get("topic2") or ""
        if _looks_like_name(who, loose=True):
            # "Livingstone's last campaign poster": a thing of theirs, a quote question only if the library knows it
            loose = not _full_name(who) or bool(re.search(r"['’]s [a-z]", who))
            return Route("quotes", _clean(who), _clean(topic), loose=loose, reaction=match.re is _REACTION)
    if match := _WHO_SAID.match(q):
        phrase = match.group("phrase") or match.group("phrase2")
        return Route("who_said", phrase=phrase.strip(" \"'“”‘’"))
    if (match := _WHO_IS.match(q)) and q.lower().startswith("who") and _looks_like_name(match.group("who"), True):
        return Route("who_is", _clean(match.group("who")), loose=not _looks_like_name(match.group("who")))
    if (match := _ON.match(q)) and _looks_like_name(match.group("who"), loose=True):
        return Route("quotes", _clean(match.group("who")), _clean(match.group("topic")), loose=True)
    return Route("general")


_NOT_WHO = frozenset("""i you we they it he she this that there what who which the a an people anyone someone
    everyone somebody nobody experts officials report reports article articles story news government what's what’s
    whats comments statements remarks quotes updates""".split())


def _looks_like_name(text: str, loose: bool = False) -> bool:
    """A speaker is named with a capital letter ("Warner", "the White House", "Sen. Warner"); `loose`: any
    short phrase that is not a pronoun or a general word ("sanders", "chollet"), checked against the library."""
    words = _ARTICLE.sub("", text.strip()).split()
    if not 0 < len(words) <= 6:
        return False
    if loose:
        titles = all(_is_title(w) for w in words)
        named = (len(words[0]) > 1 and words[0].isupper()) or words[0].lower() not in _NOT_WHO  # "the WHO", not "who"
        return len(words) <= 4 and named and words[0][:1].isalpha() and not titles
    return words[0][:1].isupper()


def _full_name(text: str) -> bool:
    """Capitalised, or two or three plain words with no article ("kim kardashian", not "the council")."""
    words = text.split()
    plain = 2 <= len(words) <= 3 and all(w.isalpha() for w in words) and not _ARTICLE.match(text + " ")
    return _looks_like_name(text) or (plain and words[0].lower() not in _NOT_WHO)


def _clean(text: str) -> str:
    return text.strip().strip(" \"'“”‘’?.!,")
