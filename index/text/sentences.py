"""Pure sentence and paragraph splitting with exact offsets: abbreviations such as "Mr." and "U.S." do not
end a sentence, a line break always does; a paragraph without final punctuation (a pull quote, a byline, a
caption, a heading) is read on its own, never run into the paragraphs beside it."""

from __future__ import annotations

import re

_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")
# A sentence ends at . ! ? (or …), maybe followed by closing quotes/brackets, then space and a capital,
# digit or opening quote.
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])")
# a paragraph that ends as prose does (":" leads into the next), maybe with a note after ("[citation needed]")
_FINAL = re.compile(r"[.!?…:][\"'”’)\]]*(?:\s*(?:\[[^\]\n]{1,40}\]|\([^)\n]{1,40}\)))?\s*$")
_LINE = re.compile(r"[^\n]*\S[^\n]*")  # a line with some text
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof sen rep gov gen col lt sgt st jr sr inc ltd co corp vs no jan feb mar apr jun jul aug "
    "sep sept oct nov dec u.s u.k u.n e.g i.e etc fig al".split()
)


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-blank paragraph.

    >>> paragraph_spans("One.\\n\\nTwo.")
    [(0, 4), (6, 10)]
    """
    spans, start = [], 0
    for match in _PARAGRAPH_BREAK.finditer(text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return [_strip(text, s, e) for s, e in spans if text[s:e].strip()]


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """(start, end) of each sentence inside text[start:end], skipping abbreviations such as "Mr." and "U.S.".
    A line break always ends a sentence: a pull quote's byline ("U.S. Senator Mark Warner") has no period.

    >>> sentence_spans("Mr. Warner spoke. He left.")
    [(0, 17), (18, 26)]
    >>> sentence_spans("U.S. Senator Mark Warner\\nThe vote is today.")
    [(0, 24), (25, 43)]
    """
    end = len(text) if end is None else end
    spans = []
    for line in _LINE.finditer(text, start, end):
        spans.extend(_line_sentences(text, line.start(), line.end()))
    return spans


def _line_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans of one line (no line breaks inside)."""
    spans, begin = [], start
    for match in _SENTENCE_END.finditer(text, start, end):
        if _is_abbreviation(text, begin, match.start(), match.group()):
            continue
        spans.append(_strip(text, begin, match.end()))
        begin = match.end()
    if text[begin:end].strip():
        spans.append(_strip(text, begin, end))
    return spans


def _is_abbreviation(text: str, begin: int, dot: int, mark: str) -> bool:
    if not mark.startswith("."):
        return False
    word = re.search(r"([\w.]+)$", text[begin:dot])
    if not word:
        return False
    token = word.group(1).lower().rstrip(".")
    return token in _ABBREVIATIONS or (len(token) == 1 and token.isalpha())


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def ends_prose(paragraph: str) -> bool:
    """Does a paragraph end with final punctuation (. ! ? … or a ":" leading into the next), maybe inside
    closing quotes or with a short note after it? A pull quote, a byline or a caption does not.

    >>> ends_prose("“We will win,” he said."), ends_prose("U.S. Senator Mark Warner"), ends_prose("He said:")
    (True, False, True)
    >>> ends_prose("It rose.[citation needed]"), ends_prose("Sales fell. (The Nikkei)")
    (True, True)
    """
    return bool(_FINAL.search(paragraph))


def reads_on(text: str, start: int, end: int) -> bool:
    """May text[start:end], sentences side by side, be shown as one run of prose? Always within a paragraph (a
    hard-wrapped line reads on into the next); across paragraphs only when each of them ends as prose does, so
    a pull quote, its byline or a caption never runs into the paragraph after (or before) it.

    >>> text = "It had more force\\n\\nU.S. Senator Mark Warner\\n\\nTillerson said so.\\n\\nHe left."
    >>> reads_on(text, 0, 43), reads_on(text, 45, 73), reads_on("The council voted\\nto close it.", 0, 30)
    (False, True, True)
    """
    touched = [(s, e) for s, e in paragraph_spans(text) if s < end and e > start]
    return len(touched) <= 1 or all(ends_prose(text[s:e]) for s, e in touched)
