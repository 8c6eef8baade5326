"""Pure chunking: Article text -> sentence-aware, paragraph-respecting spans with exact offsets.

Paragraphs are separated by blank lines. Short paragraphs are packed together up to `target` characters;
a paragraph longer than `target` is cut at sentence boundaries, each window repeating the last `overlap`
sentences of the one before, so a statement is never split from its context.
"""

from __future__ import annotations

from index.text.sentences import _PARAGRAPH_BREAK, paragraph_spans, sentence_spans
from index.types import Chunk


def chunk_text(article_id: str, text: str, target: int = 500, overlap: int = 1) -> list[Chunk]:
    """Cut an article into chunks with text[chunk.start:chunk.end] == chunk.text.

    >>> [c.text for c in chunk_text("a", "One. Two.\\n\\nThree.", target=12)]
    ['One. Two.', 'Three.']
    """
    spans: list[tuple[int, int]] = []
    for para_start, para_end in paragraph_spans(text):
        if para_end - para_start > target:
            spans.extend(_windows(sentence_spans(text, para_start, para_end), target, overlap))
        elif spans and para_end - spans[-1][0] <= target and not _was_split(spans, para_start, text):
            spans[-1] = (spans[-1][0], para_end)
        else:
            spans.append((para_start, para_end))
    return [Chunk(article_id, s, e, text[s:e]) for s, e in spans]


def _windows(sentences: list[tuple[int, int]], target: int, overlap: int) -> list[tuple[int, int]]:
    """Pack sentences into windows of at most `target` characters, repeating `overlap` sentences."""
    windows, first = [], 0
    while first < len(sentences):
        last = first
        while last + 1 < len(sentences) and sentences[last + 1][1] - sentences[first][0] <= target:
            last += 1
        windows.append((sentences[first][0], sentences[last][1]))
        if last + 1 >= len(sentences):
            break
        first = max(last + 1 - overlap, first + 1)
    return windows


def _was_split(spans: list[tuple[int, int]], para_start: int, text: str) -> bool:
    """True when the previous span is a window of a long paragraph (do not glue onto it)."""
    previous_end = spans[-1][1]
    return not _PARAGRAPH_BREAK.fullmatch(text, previous_end, para_start)
