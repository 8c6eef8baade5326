"""A story's furniture: bylines, datelines, headline colons, embedded tweets and pull quotes around its prose.

None of it is prose for the parser: a byline or a dateline is never a speaker nor part of a statement. What the
furniture says is read by its layout: a tweet is its signature's author's ("Donald J. Trump (@realDonaldTrump)
January 2, 2019", its links left out), a headline "Merkel: Europe must ..." the named one's (the caller keeps it
when the story names her), a pull quote the name line's under it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from index.ingest import speakers as sp
from index.ingest.marks import Block, quotations, quote_at, trim
from index.types import Quote

# "BYLINE: Amber Phillips", "SECTION: A; Pg. 1": an all-capital label line of a news database export.
LABEL = re.compile(r"[A-Z]{3,}(?: [A-Z]{3,})?:(?:\s.*)?")
BYLINE_WORDS = frozenset({"and", "of", "the", "for", "in", "|", "&", "/"})
# "LA CROSSE, Wis. — ", "WASHINGTON (Reuters) - ", "LONDON, March 3 (AP) — ", "NEW DELHI: ".
DATELINE = re.compile(
    r"(?:[A-Z][A-Z.'’]+[ -])*[A-Z][A-Z.'’]+(?:,(?: [A-Z][\w.]*){1,3}(?: \d{1,2})?)?(?: \([\w .&-]{1,30}\))? ?"
    r"(?:[—–-]{1,2}|:) +"
)
# "Merkel: Europe must take its fate into its own hands", "Trump: 'We will win'".
HEADLINE = re.compile(r"(?P<name>[A-Z][a-z][\w.'’-]*(?: (?:of )?[A-Z][\w.'’-]*){0,3}): (?P<words>\S.*)(?<![.:;,])")
# "— Donald J. Trump (@realDonaldTrump) January 2, 2019" at a paragraph's end: an embedded tweet's signature.
SIGNATURE = re.compile(
    r"(?:^|[—–])[ \t]*(?P<name>[A-Z][^\n()@—–]{0,60}?)[ \t]*\(@\w{1,15}\)[ \t]*"
    r"(?:[A-Z][a-z]{2,8}\.? \d{1,2}, \d{4})?[ \t]*\Z", re.MULTILINE
)
LINK = re.compile(r"(?:pic\.twitter\.com/\S+|https?://\S+)\s*\Z")


@dataclass(frozen=True)
class Layout:
    """An article's prose blocks for the parser, and what its furniture says."""

    body: list[Block]  # running prose: datelines cut off, bylines, tweets, pull quotes and headline colons left out
    quotes: list[Quote]  # pull quotes and tweets
    headlines: list[Quote]  # "Name: words" lines; keep those whose name the story uses


def layout(text: str, blocks: list[Block]) -> Layout:
    """Split the furniture from the prose, in one pass over the paragraphs.

    >>> from index.ingest.marks import paragraphs
    >>> story = "By Jo Roe\\n\\nROME — Ann Lee said no.\\n\\nLee: 'No deal'"
    >>> parts = layout(story, paragraphs(story))
    >>> [story[b.start : b.end] for b in parts.body], [(q.speaker, q.content) for q in parts.headlines]
    (['Ann Lee said no.'], [('Lee', 'No deal')])
    """
    quotes, used = [], set()
    for i in range(len(blocks)):
        if i not in used and (tweet := _tweet(text, blocks, i)) is not None:
            quotes.append(tweet[0])
            used |= tweet[1]
    pulls = pull_quotes(text, [b for i, b in enumerate(blocks) if i not in used])
    used |= {i + n for i, b in enumerate(blocks) for p in pulls if b.start <= p.start < b.end for n in (0, 1)}
    body, heads, dated = [], [], False
    labels = speaker_labels(text, blocks)
    for i, block in enumerate(blocks):
        if i in used:
            continue
        label = next((n for n in labels if text.startswith(f"{n} ", block.start)), "")
        block = Block(block.start + len(label) + 1, block.end) if label else block
        prose, lines, cut = _lead(text, block, dated)
        heads += lines
        dated = dated or cut or (prose is not None and text[prose.end - 1] in ".!?\"”’'")
        body += [prose] if prose is not None else []
    return Layout(body, quotes + pulls, heads)


# An interview transcript's turn: "Michael Dranove We've seen mass strikes ...": a name, then its words.
_NAME_WORD = re.compile(r"[A-Z][\w.'’-]+ ")


def speaker_labels(text: str, blocks: list[Block]) -> set[str]:
    """Names that open two or more paragraphs with no verb after them: a transcript's speaker labels, never part
    of the sentence they stand before ("Michael Dranove Obama has said ..." is Obama's, not "Michael Dranove
    Obama"'s).

    >>> from index.ingest.marks import paragraphs
    >>> story = "Jo Roe Why now?\\n\\nIt was time.\\n\\nJo Roe And Obama?\\n\\nJo Roe said no."
    >>> speaker_labels(story, paragraphs(story))
    {'Jo Roe'}
    """
    opening = [name for b in blocks for name in _openers(text, b)]
    labels = {name for name in opening if opening.count(name) >= 2}
    return {name for name in labels if not any(other.startswith(f"{name} ") for other in labels)}


def _openers(text: str, block: Block) -> list[str]:
    """The two- and three-word capitalised runs a paragraph opens with, each followed by a sentence's first word."""
    found, at = [], block.start
    for count in range(1, 4):
        word = _NAME_WORD.match(text, at, block.end)
        if word is None:
            break
        at = word.end()
        after = re.match(r"[\w’']+", text[at : at + 12])
        if count >= 2 and after and after.group().split("’")[0].split("'")[0] in _OPENERS:
            found.append(text[block.start : at - 1])
    return found


# Words a transcript turn starts with after its label; a name never continues with one of them.
_OPENERS = frozenset("""I We You He She It They What Why How Do Does Did Is Are Was Were Can Could Would Will
    Should So And But Well Yes No The This That There In As If When Where Who Thank Let My Our""".split())


def is_byline(line: str) -> bool:
    """ "By Jane Smith", "BY JANE SMITH and JOHN DOE", "BYLINE: Amber Phillips": whose story it is, not prose."""
    words = line.split()
    if not 1 < len(words) <= 12:
        return False
    named = all(w[0].isupper() or w in BYLINE_WORDS for w in words[1:])
    label = LABEL.fullmatch(line) is not None and line[-1] not in ".!?"  # not "NEW DELHI: Jane Smith said ..."
    return label or (words[0] in ("By", "BY") and named)


def headline(text: str, start: int, end: int) -> Quote | None:
    """A line "Name: words" as the named one's statement: direct when the words are all one quotation."""
    match = HEADLINE.fullmatch(text, start, end)
    if match is None or len(match["words"].split()) > 30:
        return None
    first, last = match.span("words")
    marks = quotations(text, Block(first, last))
    if len(marks) == 1 and marks[0].closed and (marks[0].open, marks[0].after) == (first, last):
        return quote_at(text, match["name"], "says", "direct", trim(text, marks[0].inner, marks[0].close), "")
    return quote_at(text, match["name"], "says", "reported", trim(text, first, last, period=True), "")


def _lead(text: str, block: Block, dated: bool) -> tuple[Block | None, list[Quote], bool]:
    """A block past its leading furniture lines (bylines, headline colons) and, while `dated` is not, its dateline."""
    start, heads = block.start, []
    while start < block.end:
        newline = text.find("\n", start, block.end)
        end = block.end if newline < 0 else newline
        line = text[start:end].rstrip()
        head = headline(text, start, start + len(line))
        if head is None and not is_byline(line):
            break
        heads += [head] if head is not None else []
        start = end
        while start < block.end and text[start].isspace():
            start += 1
    if start >= block.end:
        return None, heads, False
    dateline = None if dated else DATELINE.match(text, start, block.end)
    start = dateline.end() if dateline else start
    return Block(start, block.end), heads, dateline is not None


def _tweet(text: str, blocks: list[Block], i: int) -> tuple[Quote, set[int]] | None:
    """An embedded tweet whose signature ends block i: its words (in this block, else the one before), no links."""
    block = blocks[i]
    sig = SIGNATURE.search(text, block.start, block.end)
    if sig is None:
        return None
    start, end, used = block.start, sig.start(), {i}
    if not text[block.start : sig.start()].strip(" \t\n—–-"):
        if i == 0:
            return None
        start, end, used = blocks[i - 1].start, blocks[i - 1].end, {i - 1, i}
    while (link := LINK.search(text, start, end)) is not None:
        end = link.start()
    start, end = trim(text, start, end)
    marks = quotations(text, Block(start, end))
    if len(marks) == 1 and marks[0].closed and (marks[0].open, marks[0].after) == (start, end):
        start, end = trim(text, marks[0].inner, marks[0].close)
    if start >= end:
        return None
    return quote_at(text, sig["name"], "tweeted", "direct", (start, end), ""), used


def _norm(words: str) -> str:
    return " ".join(re.sub(r"[“”\"‘’'…]|\.\.\.", " ", words).split()).rstrip(".,;: ").lower()


def pull_quotes(text: str, blocks: list[Block]) -> list[Quote]:
    """A short paragraph that repeats the body (or is all in quotes), then a name line: "Heather Conley, ..."."""
    found = []
    for body, line in zip(blocks, blocks[1:], strict=False):
        words, named = text[body.start : body.end], sp.name_line(text[line.start : line.end])
        marks = quotations(text, body)
        quoted = len(marks) == 1 and (marks[0].open, marks[0].after) == (body.start, body.end)
        elsewhere = _norm(text[: body.start] + " " + text[body.end :])
        repeated = len(_norm(words)) >= 20 and _norm(words) in elsewhere
        if named and not is_byline(text[line.start : line.end]) and len(words.split()) <= 70 and (quoted or repeated):
            span = trim(text, marks[0].inner, marks[0].close) if quoted else trim(text, body.start, body.end)
            found.append(quote_at(text, named[0], "said", "pull", span, named[1]))
    return found
