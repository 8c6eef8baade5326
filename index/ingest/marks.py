"""An article's paragraphs and quotation marks: where quotes can start and end."""

from __future__ import annotations

import re
from dataclasses import dataclass

OPENERS, CLOSERS = "“\"", "”\""


@dataclass(frozen=True)
class Block:
    """A paragraph of the article: text[start:end]."""

    start: int
    end: int


@dataclass(frozen=True)
class Marks:
    """A quotation: `open` is the opening mark; `close` the closing mark, or the paragraph end if none."""

    open: int
    close: int
    closed: bool


def paragraphs(text: str) -> list[Block]:
    """Paragraphs are separated by blank lines; each span is trimmed of surrounding whitespace."""
    return [Block(m.start(), m.end()) for m in re.finditer(r"\S(?:[^\n]|\n(?![ \t]*\n))*(?<=\S)", text)]


def quotations(text: str, block: Block) -> list[Marks]:
    """Quotation marks paired in order (“ only closes at ”); an unclosed one runs to the paragraph's end."""
    found, opened = [], -1
    for i in range(block.start, block.end):
        if opened < 0 and text[i] in OPENERS:
            opened = i
        elif opened >= 0 and text[i] in (CLOSERS if text[opened] == '"' else "”"):
            found.append(Marks(opened, i, True))
            opened = -1
    return found + ([Marks(opened, block.end, False)] if opened >= 0 else [])
