"""Pure question routing: quote questions, "who said ...", "who is ...", and everything else."""

from __future__ import annotations

import re
from dataclasses import dataclass

_SPEECH = r"(?:say|said|tell|told|think|thinks|claim|claimed|argue|argued|mention|mentioned|add|added|comment|" \
          r"commented|state|stated|warn|warned|deny|denied|admit|admitted|have to say|has to say|had to say)"
_QUOTE = re.compile(
    rf"^(?:and |so |but )?(?:what|which things?) (?:else )?(?:did|does|do|has|have|had|was|is|were) (?P<who>.+?) "
    rf"(?:just |really |actually |ever |previously |also )?{_SPEECH}"
    r"(?: (?:about|on|regarding|concerning|of|to) (?P<topic>.+?))?\s*[?.!]*$",
    re.I,
)
_QUOTE_ALT = re.compile(
    r"^(?:quotes?|statements?|comments?|remarks?) (?:from|by|of) (?P<who>.+?)"
    r"(?: (?:about|on|regarding) (?P<topic>.+?))?\s*[?.!]*$|"
    r"^what (?:was|is|were) (?:said|stated) by (?P<who2>.+?)\s*[?.!]*$",
    re.I,
)
_WHO_SAID = re.compile(r"^who (?:said|says|stated|claimed|told \w+|wrote|warned|argued)[:,]?\s+(?P<phrase>.+?)\s*[?]*$",
                       re.I)
_WHO_IS = re.compile(r"^(?:who|what) (?:is|was|'s|’s) (?P<who>.+?)\s*[?.!]*$", re.I)
_ARTICLE = re.compile(r"^(?:the|a|an) ", re.I)


@dataclass(frozen=True)
class Route:
    """What kind of question this is, and its parts."""

    kind: str  # "quotes", "who_said", "who_is" or "general"
    speaker: str = ""
    topic: str = ""
    phrase: str = ""


def route(question: str) -> Route:
    """Classify a question.

    >>> route("What did Warner say about Putin?")
    Route(kind='quotes', speaker='Warner', topic='Putin', phrase='')
    >>> route("Who said 'Nobody really knows'?").phrase
    'Nobody really knows'
    >>> route("Who is Heather Conley?")
    Route(kind='who_is', speaker='Heather Conley', topic='', phrase='')
    >>> route("What is the capital of France?").kind
    'general'
    """
    q = " ".join(question.strip().split())
    if match := _QUOTE.match(q) or _QUOTE_ALT.match(q):
        who = match.group("who") or match.groupdict().get("who2") or ""
        if _looks_like_name(who):
            return Route("quotes", _clean(who), _clean(match.groupdict().get("topic") or ""))
    if match := _WHO_SAID.match(q):
        return Route("who_said", phrase=match.group("phrase").strip(" \"'“”‘’"))
    if (match := _WHO_IS.match(q)) and q.lower().startswith("who") and _looks_like_name(match.group("who")):
        return Route("who_is", _clean(match.group("who")))
    return Route("general")


def _looks_like_name(text: str) -> bool:
    """A speaker is named with a capital letter ("Warner", "the White House", "Sen. Warner")."""
    words = _ARTICLE.sub("", text.strip()).split()
    return 0 < len(words) <= 6 and words[0][:1].isupper()


def _clean(text: str) -> str:
    return text.strip().strip(" \"'“”‘’?.!,")
