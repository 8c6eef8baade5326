"""Telegram's HTML parse mode, strictly: text with tags -> plain text and MessageEntity dicts.

Like the real Bot API this refuses unknown tags, unbalanced tags, a raw '<' and unknown named entities
with "Bad Request: can't parse entities: ..."; offsets and lengths are counted in UTF-16 code units.

>>> parse_html('<b>Warner</b> said &lt;no&gt;')
('Warner said <no>', [{'type': 'bold', 'offset': 0, 'length': 6}])
"""

from __future__ import annotations

import html
import re

MAX_TEXT = 4096  # UTF-16 code units after entity parsing

_VALUE = r"(?:\"[^\"]*\"|'[^']*'|[^\s>]+)"
_TAG = re.compile(rf"<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[a-zA-Z-]+(?:\s*=\s*{_VALUE})?)*)\s*>")
_ATTR = re.compile(r"([a-zA-Z-]+)(?:\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s>]+))?")
_ENTITY = re.compile(r"&(#[0-9]+|#x[0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);")
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_KINDS = {
    "b": "bold", "strong": "bold", "i": "italic", "em": "italic", "u": "underline", "ins": "underline",
    "s": "strikethrough", "strike": "strikethrough", "del": "strikethrough", "a": "text_link",
    "code": "code", "pre": "pre", "blockquote": "blockquote", "tg-spoiler": "spoiler", "span": "spoiler",
    "tg-emoji": "custom_emoji",
}


class EntityError(ValueError):
    """The text is not valid Telegram HTML; str() is the Bot API's description."""

    def __init__(self, detail: str) -> None:
        super().__init__(f"Bad Request: can't parse entities: {detail}")


def utf16_len(text: str) -> int:
    """Length as Telegram counts it: UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def _byte_offset(source: str, index: int) -> int:
    return len(source[:index].encode("utf-8"))


def _decode_entity(match: re.Match[str], source: str) -> str:
    name = match.group(1)
    if name.startswith("#x"):
        return chr(int(name[2:], 16))
    if name.startswith("#"):
        return chr(int(name[1:]))
    if name in _NAMED:
        return _NAMED[name]
    at = _byte_offset(source, match.start())
    raise EntityError(f'Unsupported HTML entity "&{name};" at byte offset {at}')


def _entity_for(tag: str, attrs: dict[str, str], source: str, at: int) -> dict:
    kind = _KINDS[tag]
    entity: dict = {"type": kind}
    if tag == "a":
        href = attrs.get("href", "")
        if not href:
            raise EntityError(f"Can't find href of the link at byte offset {_byte_offset(source, at)}")
        entity["url"] = href
    if tag == "span" and attrs.get("class") != "tg-spoiler":
        raise EntityError(f'Tag "span" must have class "tg-spoiler" at {_byte_offset(source, at)}')
    if tag == "blockquote" and "expandable" in attrs:
        entity["type"] = "expandable_blockquote"
    return entity


def _attrs(raw: str) -> dict[str, str]:
    return {name.lower(): html.unescape(value.strip("\"'")) for name, value in _ATTR.findall(raw)}


def parse_html(source: str) -> tuple[str, list[dict]]:
    """Return (plain text, entities) or raise EntityError, as sendMessage with parse_mode=HTML does."""
    out: list[str] = []
    length = 0  # UTF-16 length of "".join(out)
    stack: list[tuple[str, dict, int]] = []  # (tag, entity, start offset)
    entities: list[dict] = []
    i = 0
    while i < len(source):
        char = source[i]
        if char == "<":
            match = _TAG.match(source, i)
            if not match:
                raise EntityError(f"Unexpected end of name token at byte offset {_byte_offset(source, i)}")
            closing, tag = match.group(1) == "/", match.group(2).lower()
            if tag not in _KINDS:
                kind = "end" if closing else "start"
                raise EntityError(f'Unsupported {kind} tag "{tag}" at byte offset {_byte_offset(source, i)}')
            if closing:
                if not stack or stack[-1][0] != tag:
                    expected = f'"</{stack[-1][0]}>"' if stack else "nothing"
                    raise EntityError(
                        f'Unmatched end tag at byte offset {_byte_offset(source, i)}, expected {expected}, '
                        f'found "</{tag}>"'
                    )
                _, entity, start = stack.pop()
                if length > start:
                    entities.append({**entity, "offset": start, "length": length - start})
            else:
                stack.append((tag, _entity_for(tag, _attrs(match.group(3)), source, i), length))
            i = match.end()
        elif char == "&" and (match := _ENTITY.match(source, i)):
            decoded = _decode_entity(match, source)
            out.append(decoded)
            length += utf16_len(decoded)
            i = match.end()
        else:
            out.append(char)
            length += utf16_len(char)
            i += 1
    if stack:
        raise EntityError(f'Can\'t find end tag corresponding to start tag "{stack[-1][0]}"')
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return "".join(out), [_ordered(e) for e in entities]


def _ordered(entity: dict) -> dict:
    """Key order as Telegram sends it: type, offset, length, then extras."""
    head = {"type": entity["type"], "offset": entity["offset"], "length": entity["length"]}
    return head | {k: v for k, v in entity.items() if k not in head}
