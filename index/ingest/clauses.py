"""Where the words of an attribution are: the clause after a speech verb, before it, or its own predicate."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from index.ingest import speakers as sp
from index.ingest.marks import CLOSERS, OPENERS, Marks, trim
from index.ingest.speakers import is_cue, name_start, subject_of

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

TELL = frozenset({"tell", "tells", "told", "telling"})  # whom it is told to follows the verb


def ends_clause(text: str, m: Marks, limit: int) -> bool:
    """Nothing but punctuation, a new sentence or another attribution follows the closing mark."""
    rest = text[m.after : limit].lstrip(" .,;!?—–-")
    word = re.match(r"(?:\w+\s+){0,4}?(\w+)", rest)
    cue = bool(word and word.group(1).lower() in sp.CUES)
    return not rest or rest[0] in OPENERS or rest[0].isupper() or cue


def forward(text: str, base: int, cue: Token, lo: int, hi: int, opens: set[int]) -> tuple[int, int] | None:
    """The clause after the verb: "said (that) ...", "told reporters that ..." or "According to X, ..."."""
    doc, sent = cue.doc, cue.sent
    j = past_listener(cue, hi + 1)
    while j < sent.end and doc[j].text in (",", ":"):
        j += 1
    if j >= sent.end:
        return None
    if cue.lower_ == "according":
        lead = doc[sent.start : lo]  # "According to X(,) the ...", "However, according to X, ...", "Till now ..."
        opening = all(t.is_punct or t.tag_ == "CC" or (len(lead) <= 3 and t.dep_ in LEAD_DEPS) for t in lead)
        subject = doc[j].dep_ in ("nsubj", "expl", "det", "nsubjpass") or base + doc[j].idx in opens
        start = j if opening and (j > hi + 1 or subject) else None
    elif doc[j].lower_ == "that" or base + doc[j].idx in opens or doc[j - 1].text == ":":
        start = j + (doc[j].lower_ == "that")
    elif (opener := quote_after_adverbial(doc, j, sent.end, opens, base)) is not None:  # said on Friday "We are ..."
        start = opener
    else:
        ahead = doc[j : min(j + 8, sent.end)]
        verb = next((t.i for t in ahead if t.tag_.startswith("VB") or t.tag_ == "MD"), sent.end)
        that = next((t.i + 1 for t in ahead if t.lower_ == "that" and t.dep_ == "mark" and t.i < verb), None)
        colon = next((t.i + 1 for t in ahead if t.text == ":"), None)  # 'told CNN's "New Day": "We ..."'
        saying = next((t.i + 1 for t in ahead if t.lower_ in ("saying", "stating") and t.head.dep_ == "dobj"), None)
        comp = next((c for c in cue.rights if c.dep_ == "ccomp"), None)
        clause = comp.left_edge.i + (comp.left_edge.lower_ == "that") if comp is not None else None
        clause = past_time(comp, clause) if comp is not None else None
        clause = own_subject(cue, comp, clause) if comp is not None else None
        start = that or colon or saying or clause
        start = start if start is not None else infinitive(cue, j)
    if start is None or start >= sent.end:
        return None
    return trim(text, base + doc[start].idx, base + clause_end(cue, start), period=True)


def own_subject(cue: Token, comp: Token, start: int) -> int:
    """ "promised each victim will be paid": the parser takes the clause's subject for the verb's object; a clause
    with no subject of its own starts at that object (not "told reporters": the listener of a clause with one)."""
    if any(c.dep_ in ("nsubj", "nsubjpass", "expl", "csubj") for c in comp.children):
        return start
    obj = next((c for c in cue.rights if c.dep_ == "dobj" and c.right_edge.i + 1 == start), None)
    return obj.left_edge.i if obj is not None and cue.lower_ not in TELL else start


def past_time(comp: Token, start: int) -> int:
    """ "said on Friday he can declare ...": the parse hangs the time on the clause; the clause is its subject on.

    Only a phrase of time or place words before the clause's own subject is skipped."""
    subject = next((c for c in comp.lefts if c.dep_ in ("nsubj", "nsubjpass", "expl")), None)
    lead = comp.doc[start : subject.left_edge.i] if subject is not None else []
    if not lead or lead[0].dep_ != "prep" or any(t.dep_ not in ADVERBIAL for t in lead):
        return start
    return subject.left_edge.i


LEAD_DEPS = frozenset({"advmod", "prep", "pobj", "pcomp", "npadvmod"})  # "However", "Till now", "On Monday"
ADVERBIAL = frozenset({"prep", "pobj", "npadvmod", "det", "compound", "amod", "nummod", "punct"})


def infinitive(cue: Token, j: int) -> int | None:
    """ "advised residents to shelter", "claimed to have no memory", "has said having forces there would be ...":
    what was asked, promised or claimed, from the person asked (if any) to the end of the verb phrase."""
    to = [c for c in cue.rights if c.dep_ == "advcl" and any(a.lower_ == "to" for a in c.lefts)]  # "to make plans"
    comp = next((c for c in [*cue.rights, *to] if c.dep_ in ("xcomp", "ccomp") or c in to if c.i >= j), None)
    if comp is None or cue.lower_.startswith("continu"):  # "continued to serve" is no statement
        return None
    asked = next((c for c in cue.rights if c.dep_ in ("dobj", "dative") and j <= c.i < comp.i), None)
    return asked.left_edge.i if asked is not None else comp.left_edge.i


def quote_after_adverbial(doc: Doc, j: int, end: int, opens: set[int], base: int) -> int | None:
    """The opening mark after "said on Friday" / "told reporters in Paris": time and place first, then the quote."""
    for k in range(j, min(j + 8, end)):
        if base + doc[k].idx in opens and k > j:
            return k
        if doc[k].dep_ not in ("prep", "pobj", "npadvmod", "det", "compound", "amod", "nummod", "dobj", "punct",
                               "poss"):  # "stressed three of his principles "No war""
            return None
        if doc[k].text in (".", ";"):
            return None
    return None


def past_listener(cue: Token, j: int) -> int:
    """Past a quoted title right after "told": 'told "Face the Nation" that ...' names who heard, not what."""
    doc, end = cue.doc, cue.sent.end
    if cue.lower_ not in TELL or j >= end or doc[j].text[:1] not in OPENERS:
        return j
    return next((t.i + 1 for t in doc[j + 1 : end] if t.text[-1:] in CLOSERS), j)


def clause_end(cue: Token, start: int) -> int:
    """Where the reported clause stops: the sentence end, or before ", adding ..." / ", while X said ..."."""
    sent, doc = cue.sent, cue.doc
    for verb in (c for c in cue.rights if c.dep_ == "conj" and c.left_edge.i > start + 1 and own_clause(c)):
        left = verb.left_edge.i  # "insists that ..., but Congress has not passed it": the cue's own next clause
        while left - 1 > start and (doc[left - 1].is_punct or doc[left - 1].dep_ == "cc"):
            left -= 1
        return doc[left].idx
    for other in doc[start + 1 : sent.end]:
        if other is not cue and is_cue(other):
            subject, local = subject_of(other)
            lead = [name_start(subject)] if subject is not None and local and subject.i < other.i else []
            left = min([other, *lead, *(c for c in other.lefts if c.dep_ == "mark")], key=lambda t: t.i)
            joined = left.i > 1 and left.nbor(-1).lower_ in ("and", "but") and left.nbor(-2).text == ","
            if left.i > start and (left.nbor(-1).text in ",;" or joined or left.lower_ in ("while", "whereas")):
                return left.nbor(-2).idx if joined else left.idx
    return sent.end_char


def own_clause(verb: Token) -> bool:
    """A clause joined to the speech verb that is the writer's, not the speaker's: its own named subject, no
    "that" ("..., but Congress has not passed it"; not "..., and he is hoping", not "and that the agency could")."""
    lefts = list(verb.lefts)
    subject = any(c.dep_ in ("nsubj", "nsubjpass") and c.tag_ != "PRP" for c in lefts)
    return subject and not any(c.dep_ == "mark" for c in lefts)


def backward(text: str, base: int, cue: Token, lo: int, hi: int) -> tuple[int, int] | None:
    """ "..., Tillerson said." -> the clause before; "What matters, Chollet said, are ..." -> the sentence."""
    doc, sent = cue.doc, cue.sent
    lead = next((k for k in range(lo, max(lo - 10, sent.start), -1) if doc[k - 1].is_punct), lo)
    if all(not t.tag_.startswith("VB") for t in doc[lead:lo]):  # ", a report by the group WWF says."
        lo = lead
    opened = any(t.text in ('"', "“") for t in doc[sent.start : lo - 1])
    if lo > sent.start + 1 and doc[lo - 1].text in ("”", '"') and doc[lo - 2].text == "," and not opened:
        lo -= 1  # 'This is a criminal case,” Mr Rahman warned.': a closing mark whose opening one is missing
    if lo <= sent.start or doc[lo - 1].text not in (",", "—", "–"):
        return None
    after = [t for t in doc[hi + 1 : sent.end] if not t.is_punct]
    start = base + sent.start_char
    before = doc[sent.start : lo - 1]
    adverbial = ("prep", "pobj", "npadvmod", "advmod", "det", "compound", "nummod", "amod", "punct")
    if all(t.dep_ in adverbial for t in before):
        return None  # "On Friday, O'Rourke announced ...": a time or place, not what was said
    if len(after) <= 6 and not any(t.tag_.startswith("VB") for t in after):
        return trim(text, start, base + doc[lo - 1].idx, period=True)
    if hi + 1 < sent.end and doc[hi + 1].text == ",":  # the whole sentence, with the attribution in it
        return trim(text, start, base + sent.end_char, period=True)
    return None


def predicate(text: str, base: int, cue: Token) -> tuple[int, int] | None:
    """ "Putin denied involvement and asked for proof." -> the verb phrase is what he said."""
    if cue.lower_ in sp.PREDICATE_CUES and any(c.dep_ in ("dobj", "prep", "ccomp") for c in cue.rights):
        return trim(text, base + cue.idx, base + cue.sent.end_char, period=True)
    return None
