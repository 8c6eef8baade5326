"""Pure: resolve a follow-up ("what else did he say?", "who is she?", "and about Putin?", "more")
against the previous answer in the same chat.

>>> from index.types import Answer
>>> prev = Answer("What did Warner say about the intelligence agencies?", "...", True,
...               speaker="Mark Warner", topic="the intelligence agencies", more=["..."])
>>> resolve_followup("what else did he say?", prev).question
'What did Mark Warner say?'
>>> resolve_followup("Who is he?", prev).question
'Who is Mark Warner?'
>>> resolve_followup("and about Putin?", prev).question
'What did Warner say about Putin?'
>>> resolve_followup("more", prev).more
True
>>> resolve_followup("What did Tillerson say?", prev)
FollowUp(question='What did Tillerson say?', more=False, rewritten=False)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from index.types import Answer

_MORE = re.compile(
    r"(?:show |give me |any )?(?:more|next|continue|go on|keep going)(?: please| results)?", re.I)
_WHAT_ELSE = re.compile(
    r"(?:and |so |ok,? |also )*what else (?:did|has|does) (?:he|she) (?:say|said|tell)(?: about (?P<topic>.+))?", re.I)
_ABOUT = re.compile(r"(?:and |but |ok,? |also )*about (?P<topic>.+)", re.I)  # always a new topic
_WHAT_ABOUT = re.compile(r"(?:and |so |ok,? )?(?:(?:what|how) about |and )(?P<item>.+)", re.I)
_QUESTION = re.compile(r"(?:what|who|when|where|why|how|did|does|do|is|are|was|were|can|could|would)\b", re.I)
_NAME = re.compile(r"[A-Z][\w.'-]*(?: [A-Z][\w.'-]*){0,3}")
_PRONOUN = re.compile(r"\b(he|she|him|his|her|hers)\b", re.I)
_CAPITALISED = re.compile(r"(?<=\w )(?:[A-Z][\w'-]*)(?: (?:[A-Z][\w'-]*|de|van|von|bin|al))*")
_NOT_NAMES = {"I", "US", "UK", "EU", "What", "Who", "When", "Where", "Why", "How"}
# A capitalised word (after the first) before the pronoun names its own subject: "What did Trump say he..."
_OTHER_NAME = re.compile(r"(?<=\w )(?!I\b)[A-Z][a-z]")
_SUBJECT = {"he", "she", "him", "her"}  # replaced by the name; his/hers become "Name's"


@dataclass(frozen=True)
class FollowUp:
    """What to do with a message: ask `question`, or show more of the previous answer."""

    question: str
    more: bool = False  # show the previous answer's further results instead of asking
    rewritten: bool = False  # `question` is not what was typed: show it, so the user sees how it was read


def resolve_followup(question: str, previous: Answer | None) -> FollowUp:
    """Rewrite a follow-up into a self-contained question using the previous answer's speaker and topic.

    A question that needs no context comes back unchanged (rewritten=False).
    >>> prev = Answer("What did Warner say?", "...", True, speaker="Mark Warner")
    >>> resolve_followup("and Putin?", prev).question
    'What did Putin say?'
    >>> resolve_followup("what did she say about France?", Answer("Who is Conley?", "...", True,
    ...                  speaker="Heather Conley")).question
    'What did Heather Conley say about France?'
    >>> resolve_followup("What did Trump say he would do?", prev).rewritten
    False
    """
    typed = question.strip()
    bare = typed.rstrip("?!. ")
    if _MORE.fullmatch(bare):
        return FollowUp(typed, more=True)
    if previous is None:
        return FollowUp(typed)
    resolved = _resolve(bare, previous, _speaker(previous))
    if resolved is None or (resolved.question == typed and not resolved.more):
        return FollowUp(typed)
    return resolved


def _resolve(bare: str, previous: Answer, speaker: str | None) -> FollowUp | None:
    if speaker and (match := _WHAT_ELSE.fullmatch(bare)):
        topic = match.group("topic")
        if not topic and not previous.topic and previous.kind != "who_is" and _name_in(previous.question, speaker):
            return FollowUp(bare + "?", more=True)  # the same question again: its further results, if any; after
            # "Who is Heather Conley?" (her description) it asks what she said
        question = f"What did {speaker} say about {topic}?" if topic else f"What did {speaker} say?"
        if question.lower() == previous.question.strip().lower():
            return FollowUp(bare + "?", more=True)  # asked already: what else there is, is its "more"
        return FollowUp(question, rewritten=True)
    if match := _ABOUT.fullmatch(bare):
        return FollowUp(_new_topic(previous, speaker, match.group("topic")), rewritten=True)
    if (match := _WHAT_ABOUT.fullmatch(bare)) and _short_item(match.group("item")):
        item = match.group("item")
        if speaker and not previous.topic and _NAME.fullmatch(item):
            return FollowUp(_new_subject(previous, speaker, item), rewritten=True)
        return FollowUp(_new_topic(previous, speaker, item), rewritten=True)
    pronoun = _PRONOUN.search(bare)
    if speaker and pronoun and not _OTHER_NAME.search(bare, 0, pronoun.start()):
        question = _PRONOUN.sub(lambda m: _name_for(m.group(1), speaker), bare) + "?"
        return FollowUp(question[0].upper() + question[1:], rewritten=True)
    return None


def _new_topic(previous: Answer, speaker: str | None, topic: str) -> str:
    """The previous question's shape with a new topic: "...about X?" -> "...about Y?"."""
    old = previous.topic
    if old and re.search(re.escape(old), previous.question, re.I):
        return re.sub(re.escape(old), topic, previous.question, count=1, flags=re.I)
    if speaker:
        name = _name_in(previous.question, speaker) or speaker
        return f"What did {name} say about {topic}?"
    return f"What about {topic}?"


def _new_subject(previous: Answer, speaker: str | None, name: str) -> str:
    """"and Putin?" after a question about a speaker asks the same of Putin; else about Putin."""
    if speaker and (written := _name_in(previous.question, speaker)):
        return re.sub(re.escape(written), name, previous.question, count=1)
    return _new_topic(previous, speaker, name)


def _short_item(item: str) -> bool:
    """"and Putin" is a follow-up; "and what did Putin say" is a question of its own."""
    return len(item.split()) <= 5 and not _QUESTION.match(item)


def question_names(question: str) -> list[str]:
    """Capitalised names in a question, after its first word (a cheap stand-in when no speaker is known).

    >>> question_names("What did Tillerson say about Vladimir Putin's meeting?")
    ['Tillerson', 'Vladimir Putin']
    """
    names = [re.sub(r"'s$", "", m.group()) for m in _CAPITALISED.finditer(question.strip())]
    return [n for n in names if n not in _NOT_NAMES]


def _speaker(previous: Answer) -> str | None:
    """Who the previous answer was about: its speaker, its first quote's speaker, or a quoted person its
    question named. Only people: never a place or a thing the question named ("Iraq", "the summit")."""
    if previous.speaker:
        return previous.speaker
    if previous.quotes:
        return previous.quotes[0].canonical
    return previous.people[0] if previous.people else None


def _name_in(question: str, speaker: str) -> str | None:
    """How the question wrote the speaker: the full name or one part of it ("Warner")."""
    for candidate in [speaker, *sorted(speaker.split(), key=len, reverse=True)]:
        if len(candidate) > 2 and re.search(rf"\b{re.escape(candidate)}\b", question, re.I):
            return re.search(rf"\b{re.escape(candidate)}\b", question, re.I).group()  # type: ignore[union-attr]
    return None


def _name_for(pronoun: str, speaker: str) -> str:
    return speaker if pronoun.lower() in _SUBJECT else f"{speaker}'s"
