"""An article's paragraphs and quotation marks: where quotes can start and end, in every house style.

Styles: straight "..." and curly “...”; the New York Times' two apostrophes ''...''; single marks ‘...’
(the Guardian, and quotes nested in “...”) and straight '...' (headlines). A single mark is also an
apostrophe ("don’t", "Trump's", "the '90s", "the students’ union"), so it only opens before a letter after a
space, and only closes where it is no apostrophe; a quotation inside another belongs to the outer one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from index.text.names import canonical_name
from index.types import Quote

OPENERS, CLOSERS = "“\"‘'", "”\"’'"
TRAILING_PUNCT = " \t\n,;:—–-"
# What closes each opening mark, surely (straight double quotes are often closed by a curly one in pasted
# text); then what may close it where the marks do not match: ‘four point guideline', 'We want ... ourselves.",
# “I think ... liquidity," he said (a straight mark after a comma or a stop: see _closer).
_CLOSING = {"''": ("''",), "“": ("”",), '"': ('"', "”"), "‘": ("’",), "'": ("'",)}
_MISMATCHED = {"''": (), "“": ('"',), '"': (), "‘": ("'",), "'": ('"', "”")}
# Words that begin with an apostrophe, never a quotation: 'em, 'til, rock 'n' roll, 'cause.
_ANY_MARK = re.compile("[\"“”‘’']")
_ELISION = re.compile(r"['‘](?:(?:em|til|tis|twas|cause|round)\b|n['’])", re.IGNORECASE)
_DANGLING = re.compile(r"\s(?:and|but|or)$", re.IGNORECASE)  # a conjunction left at a content's end
_PASTED_CLOSE = re.compile(r"[,.!?;:…]\"(?:\s|$)")  # “We lost," she said: a straight mark closing a curly one
# What may stand before an opening mark besides a space; after a word or a full stop a mark closes.
_DOUBLE_AFTER, _SINGLE_AFTER = "([{—–-/:", "([{—–-/:“\""


@dataclass(frozen=True)
class Block:
    """A paragraph of the article: text[start:end]."""

    start: int
    end: int


@dataclass(frozen=True)
class Marks:
    """A quotation: `open` is the opening mark; `close` the closing mark, or the paragraph end if none.

    `width` is the length of each mark (2 for the NYT's ''), so the words are text[inner:close].
    """

    open: int
    close: int
    closed: bool
    width: int = 1

    @property
    def inner(self) -> int:
        """Where the quoted words start."""
        return self.open + self.width

    @property
    def after(self) -> int:
        """Just past the closing mark (the paragraph end when unclosed)."""
        return self.close + self.width if self.closed else self.close


def paragraphs(text: str) -> list[Block]:
    """Paragraphs are separated by blank lines; each span is trimmed of surrounding whitespace."""
    return [Block(m.start(), m.end()) for m in re.finditer(r"\S(?:[^\n]|\n(?![ \t]*\n))*(?<=\S)", text)]


def _mark_at(text: str, i: int, block: Block) -> str:
    """The opening mark that starts at text[i], or "" (an apostrophe, a stray closing mark, or no mark at all)."""
    before = text[i - 1] if i > block.start else " "
    if text.startswith("''", i):
        return "''" if (before.isspace() or before in _DOUBLE_AFTER) and text[i + 2 : i + 3] not in ("'", "") else ""
    char = text[i]
    if char == "“" or (char == '"' and (before.isspace() or before in _DOUBLE_AFTER)):
        return char
    if char not in "‘'" or _ELISION.match(text, i) or not text[i + 1 : i + 2].isalpha():
        return ""  # "‘90s", "'em", a mark before a space or a digit
    return char if before.isspace() or before in _SINGLE_AFTER else ""


def _closer(text: str, i: int, mark: str) -> int:
    """How surely text[i] closes `mark`: 0 not at all, 1 maybe ("the nurses’ pay": an apostrophe?), 2 surely."""
    surely = any(text.startswith(c, i) for c in _CLOSING[mark])
    if not surely and not any(text.startswith(c, i) for c in _MISMATCHED[mark]):
        return 0
    if mark not in "‘'":  # a mismatched straight mark closes only after a clause's end, before a space:
        return 2 if surely or _PASTED_CLOSE.match(text, i - 1) else 0  # not alert("x") or ‘said "no" to me’
    before, after = text[i - 1 : i], text[i + 1 : i + 2]
    if before.isspace() or (before.isalnum() and after.isalnum()):
        return 0  # an opening mark, or "don’t"
    plural = before in "sS" and re.match(r"[ \t]+[a-z]", text[i + 1 : i + 3]) is not None
    return 2 if surely and not plural else 1


def _close(text: str, start: int, mark: str, end: int) -> int:
    """Where the quotation opened by `mark` closes: the first sure closer, else the first maybe; -1 if none.

    A double mark that opens inside a single-quoted one ('Meet the Press' ... "The bottom line ...") makes the
    double marks after it its own, not a mismatched close of the single one.
    """
    maybe, inner = -1, False
    for i in (m.start() for m in _ANY_MARK.finditer(text, start, end)):  # only a mark can close one
        sure = _closer(text, i, mark)
        if sure == 2:
            return i
        if sure == 1 and maybe < 0 and not (inner and text[i] in "\"”"):
            maybe = i
        inner = inner or (mark in "‘'" and text[i] in "\"“" and (text[i - 1].isspace() or text[i - 1] in _DOUBLE_AFTER))
    return maybe


def quotations(text: str, block: Block) -> list[Marks]:
    """Quotation marks paired in order, outermost only; an unclosed double (or ‘) one runs to the paragraph end.

    >>> said = "''It isn't,'' she said of the students' union."
    >>> [(m.open, m.close, m.width) for m in quotations(said, Block(0, len(said)))]
    [(0, 11, 2)]
    """
    found, i = [], block.start
    while i < block.end:
        mark = _mark_at(text, i, block)
        if not mark:
            nxt = _ANY_MARK.search(text, i + 1, block.end)  # skip the words between marks in one step
            i = nxt.start() if nxt else block.end
            continue
        width = len(mark)
        close = _close(text, i + width, mark, block.end)
        if close >= 0:
            found.append(Marks(i, close, True, width))
            i = close + width
        elif mark == "'":
            i += 1  # a straight single mark never closed is an apostrophe, not a quotation
        else:
            return found + [Marks(i, block.end, False, width)]
    return found


def running(text: str, blocks: list[Block]) -> list[list[Marks]]:
    """Quotations over several paragraphs: an unclosed one, then the mark that opens each next paragraph,
    up to the one that closes (the journalistic convention: each continued paragraph reopens, only the last closes).

    >>> story = "“One,” he said. “Two.\\n\\n“Three.\\n\\n“Four.”\\n\\nAfter."
    >>> [[story[m.inner : m.close] for m in run] for run in running(story, paragraphs(story))]
    [['Two.', 'Three.', 'Four.']]
    """
    found, run = [], []
    for block in blocks:
        marks = quotations(text, block)
        if run and marks and marks[0].open == block.start:
            run.append(marks.pop(0))
        if run and (run[-1].closed or run[-1].close != block.end):
            found.append(run)  # closed here, or not continued by this paragraph
            run = []
        if marks and not marks[-1].closed:
            run = [marks[-1]]
    return [run for run in found + [run] if len(run) > 1]


def trim(text: str, start: int, end: int, period: bool = False) -> tuple[int, int]:
    """Shrink a span past whitespace and clause punctuation at either end, and a dangling "and"/"but"/"or" at
    its end (he was "humbled" by the results and "..."); `period`: a final '.' goes too.

    >>> text = 'he was "humbled" by the results and '
    >>> text[slice(*trim(text, 0, len(text)))]
    'he was "humbled" by the results'
    """
    while start < end and (text[start].isspace() or text[start] in ",;:"):
        start += 1
    while end > start and (text[end - 1] in TRAILING_PUNCT or (period and text[end - 1] == ".")):
        end -= 1
    if (dangling := _DANGLING.search(text, start, end)) is not None and dangling.end() == end:
        return trim(text, start, dangling.start(), period)
    return start, end


def quote_at(text: str, speaker: str, cue: str, kind: str, span: tuple[int, int], description: str) -> Quote:
    """A quote of text[span] before names are merged across the article (canonical: this mention's own)."""
    start, end = span
    return Quote(speaker, canonical_name(speaker), cue, text[start:end], kind, start, end, description)


def quoted_after_colon(text: str, span: tuple[int, int], marks: list[Marks]) -> Marks | None:
    """A quotation a reported clause runs into after a colon, which is its own direct statement: 'issued a
    statement that an inmate had been stabbed: "There was an assault ..."'.

    >>> text = 'It said that a man was hurt: "He is stable." Then'
    >>> quoted_after_colon(text, (8, 44), [Marks(29, 43, True)]).inner, quoted_after_colon(text, (8, 27), [])
    (30, None)
    >>> quoted_after_colon('It named it: "X" is the name.', (8, 28), [Marks(13, 15, True)]) is None  # a name
    True
    """
    return next((m for m in marks if m.closed and span[0] < m.open < span[1]
                 and text[span[0] : m.open].rstrip().endswith(":")
                 and not text[m.close + m.width : span[1]].strip(" .,;")), None)  # it ends the clause
