r"""Plain text helpers for parse.py: decoding, whitespace, boilerplate, titles, header dates, markdown.

All functions are pure. Paragraphs are separated by one blank line ("\n\n") because chunking
splits paragraphs on blank lines.

    >>> normalise("a  \r\nb\r\n\r\n\r\n\r\nc\n")
    'a\nb\n\nc'
    >>> title_from_filename("trump-confronts-putin.txt", "Trump met Putin; Trump confronts him.")
    'Trump confronts Putin'
"""

from __future__ import annotations

import codecs
import re
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import PurePosixPath

import charset_normalizer

from index.errors import UnsupportedDocument

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_UNREADABLE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufffd\ue000-\uf8ff]")
_MAX_UNREADABLE = 0.05  # share of control / replacement characters above which input is binary
_CHAOS_SLACK = 0.05  # charset-normalizer often ranks cp1250/cp1257 over cp1252 on short western text
_TITLE_MAX = 150
_SENTENCE_END = tuple(".!?\"”’»'")
_BOILERPLATE_TAIL = 6  # only the last few non-empty lines are checked for boilerplate
_BOILERPLATE = [
    re.compile(p, re.IGNORECASE)
    for p in (
        r"powered by\s+\S+(\s+\S+){0,2}",
        r"share (this|the) (article|story|post)?\s*:?|share this:?|share on:?",
        r"(click|tap) here to (subscribe|sign up)\b.{0,100}",
        r"subscribe to (our|the) newsletter\b.{0,100}",
        r"related (articles|posts|stories|coverage|content)\s*:?",
        r".{0,80}\ball rights reserved\b.{0,40}",
        r"©.{0,100}|(\(c\)|copyright)\s*(©\s*)?\d{4}\b.{0,100}",
    )
]
_HEADER_LINES = 10  # metadata header lines ("Date: ...", "URL: ...") are looked for near the top only
_DATE_HEADER = re.compile(r"(?:date|published|posted|updated|dated)\s*:\s*(.+)", re.IGNORECASE)
_TITLE_HEADER = re.compile(r"(?:title|headline)\s*:\s*(.+)", re.IGNORECASE)
_URL_HEADER = re.compile(r"(?:url|source|link|original)\s*:\s*<?(https?://\S+?)>?", re.IGNORECASE)
_WORDED_DATES = ("%B %d %Y", "%b %d %Y", "%d %B %Y", "%d %b %Y")
_NUMERIC_DATES = ("%Y/%m/%d", "%d.%m.%Y")
_JUNK_TOKEN = re.compile(r"\(?\d+\)?|(?=[0-9a-f]*\d)[0-9a-f]{6,}", re.IGNORECASE)  # "000", "(1)", a hash
_GENERIC_NAMES = {"article", "doc", "document", "download", "export", "file", "new", "note", "notes", "story"}
_GENERIC_NAMES |= {"text", "untitled", "upload"}
_FRONT_MATTER = re.compile(r"---\n(?:[\w-]+:.*\n|[ \t-].*\n){0,40}?---(?:\n|$)")


def decode_text(data: bytes, name: str) -> str:
    """Bytes -> str: UTF-8 (BOM or not), else the encoding charset-normalizer detects."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = _detect(data, name)
    if "\x00" in text or len(_UNREADABLE.findall(text)) > _MAX_UNREADABLE * len(text):
        raise UnsupportedDocument(f"“{name}” is not readable text (it looks like a binary file).")
    return text


def _detect(data: bytes, name: str) -> str:
    """Decode with charset-normalizer, preferring cp1252 among near-equal guesses."""
    results = list(charset_normalizer.from_bytes(data))
    if not results:
        raise UnsupportedDocument(f"“{name}” is not readable text (its character encoding is unknown).")
    best = results[0]
    for match in results:
        if match.encoding == "cp1252" and match.chaos <= best.chaos + _CHAOS_SLACK:
            return str(match)
    return str(best)


def normalise(text: str) -> str:
    """Unix newlines, no trailing spaces, no control characters, at most one blank line in a row."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    text = _CONTROL.sub("", text)
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n")


def paragraphs(lines: list[str]) -> str:
    """Join non-empty lines as separate paragraphs: ["a", "", "b"] -> "a\n\nb"."""
    return "\n\n".join(line.strip() for line in lines if line.strip())


def strip_boilerplate(text: str) -> str:
    """Cut the text at the first boilerplate line ("Powered by WPeMatico", "Share this:") near its end."""
    lines = text.split("\n")
    filled = [i for i, line in enumerate(lines) if line.strip()]
    for i in filled[-_BOILERPLATE_TAIL:]:
        if any(p.fullmatch(lines[i].strip()) for p in _BOILERPLATE):
            return "\n".join(lines[:i]).rstrip()
    return text


def parse_date(value: str) -> str | None:
    """A written date -> ISO "YYYY-MM-DD": "July 8, 2017" -> "2017-07-08"; None when not a date."""
    value = value.strip()
    iso = re.match(r"(\d{4})-(\d{2})-(\d{2})", value)
    if iso:
        try:
            return date(int(iso[1]), int(iso[2]), int(iso[3])).isoformat()
        except ValueError:
            return None
    value = re.sub(r"^[A-Za-z]+day,?\s+", "", value)  # "Saturday, July 8, 2017"
    value = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", value)
    words = " ".join(re.sub(r"[,.]", " ", value).split()[:3])  # "Jul. 8, 2017, 10:30" -> "Jul 8 2017"
    tries = [(value.split(" ")[0], f) for f in _NUMERIC_DATES] + [(words, f) for f in _WORDED_DATES]
    for candidate, fmt in tries:
        try:
            return datetime.strptime(candidate, fmt).date().isoformat()
        except ValueError:
            continue
    return None


@dataclass(frozen=True)
class Header:
    """A text with its "Title: ..." / "Date: ..." / "URL: ..." header lines taken out."""

    text: str
    title: str | None = None
    date: str | None = None
    url: str | None = None


def read_header(text: str) -> Header:
    """Take "Title: ...", "Date: ..." and "URL: ..." lines from the top of a text."""
    found: dict[str, str] = {}
    keep: list[str] = []
    for i, line in enumerate(text.split("\n")):
        field = _header_field(line.strip()) if i < _HEADER_LINES else None
        if field and field[0] not in found:
            found[field[0]] = field[1]
        else:
            keep.append(line)
    return Header(normalise("\n".join(keep)), found.get("title"), found.get("date"), found.get("url"))


def _header_field(line: str) -> tuple[str, str] | None:
    """("date", "2017-07-08") for "Date: July 8, 2017"; None when the line is not a header."""
    date_match = _DATE_HEADER.fullmatch(line)
    if date_match and parse_date(date_match[1]):
        return "date", str(parse_date(date_match[1]))
    url_match = _URL_HEADER.fullmatch(line)
    if url_match:
        return "url", url_match[1]
    title_match = _TITLE_HEADER.fullmatch(line)
    return ("title", title_match[1].strip(" \"'")) if title_match else None


def strip_front_matter(text: str) -> str:
    """Drop a YAML front matter block ("---" / "key: value" lines / "---") from the top of markdown."""
    match = _FRONT_MATTER.match(text)
    return normalise(text[match.end() :]) if match else text


def split_headline(text: str, markdown: bool = False) -> tuple[str | None, str]:
    """(headline, body) when the first line stands alone as a headline; else (None, text)."""
    first, _, rest = text.partition("\n")
    heading = markdown and first.startswith("#")
    candidate = first.lstrip("#").strip() if markdown else first.strip()
    alone = heading or rest.startswith("\n")  # a wrapped paragraph's first line is not a headline
    if (
        candidate
        and alone
        and rest.strip()
        and len(candidate) <= _TITLE_MAX
        and not candidate.endswith(_SENTENCE_END)
    ):
        return candidate, rest.strip("\n")
    return None, text


def title_from_filename(filename: str, text: str = "") -> str | None:
    """A title from a file name, each word cased as `text` writes it; None when the name has no words."""
    stem = PurePosixPath(filename.replace("\\", "/")).name
    stem = stem.rsplit(".", 1)[0] if "." in stem.lstrip(".") else stem
    tokens = [t for t in re.split(r"[-_\s]+", stem) if t]
    while tokens and _JUNK_TOKEN.fullmatch(tokens[0]):
        tokens.pop(0)  # "000_e3bc4ec74e56cef3_..." is a numbering / hash prefix, not a title
    while tokens and _JUNK_TOKEN.fullmatch(tokens[-1]):
        tokens.pop()  # "article (1)"
    if not any(c.isalpha() for c in "".join(tokens)) or {t.lower() for t in tokens} <= _GENERIC_NAMES:
        return None
    words = " ".join(_recase(t, text) if t.islower() else t for t in tokens)
    return words[0].upper() + words[1:]


def _recase(word: str, text: str) -> str:
    """The word as the text most often writes it: "putin" -> "Putin" when the text says "Putin"."""
    forms = Counter(re.findall(rf"\b{re.escape(word)}\b", text, re.IGNORECASE))
    if not forms:
        return word
    best, count = forms.most_common(1)[0]
    return best if count > forms[word] else word


def title_from_text(text: str, words: int = 10) -> str:
    """The first `words` words of a text, with "…" when there is more."""
    found = text.split()
    head = " ".join(found[:words])[:_TITLE_MAX]
    return head + "…" if len(found) > words else head


def fallback_title(filename: str, text: str) -> str:
    """A title from the file name, else from the first words of the text."""
    return title_from_filename(filename, text) or title_from_text(text)


def clean_title(title: str | None) -> str | None:
    """One line, single spaces, at most 150 characters; None when empty."""
    if not title:
        return None
    title = " ".join(title.split())
    return title[:_TITLE_MAX] or None


_MD_RULES = [
    (re.compile(p, re.MULTILINE), r)
    for p, r in (
        (r"^ {0,3}(```|~~~).*$", ""),  # code fences: keep the code, drop the fence
        (r"^ {0,3}#{1,6}[ \t]+(.*?)([ \t]+#+)?[ \t]*$", r"\1"),  # ATX headings
        (r"^ {0,3}([-=*_][ \t]*){3,}$", ""),  # rules and setext underlines
        (r"^ {0,3}\[[^\]]+\]:[ \t]*\S+.*$", ""),  # link reference definitions
        (r"^ {0,3}(>[ \t]?)+", ""),  # block quotes
        (r"^([ \t]*)[*+][ \t]+", r"\1- "),  # bullets: "* item" would read as emphasis
        (r"!\[[^\]]*\]\([^)]*\)|!\[[^\]]*\]\[[^\]]*\]", ""),  # images
        (r"\[([^\]]+)\]\([^)]*\)|\[([^\]]+)\]\[[^\]]*\]", r"\1\2"),  # links -> their text
        (r"<(https?://[^>\s]+)>", r"\1"),  # autolinks
        (r"</?[A-Za-z][^>\n]*>", ""),  # inline HTML tags
        (r"`+([^`\n]+?)`+", r"\1"),  # inline code
        (r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1", r"\2"),  # strong
        (r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])", r"\1"),  # *emphasis*
        (r"(?<!\w)_(?=\S)(.+?)(?<=\S)_(?!\w)", r"\1"),  # _emphasis_, not snake_case
        (r"~~(?=\S)(.+?)(?<=\S)~~", r"\1"),  # strikethrough
        (r"\\([\\`*_{}\[\]()#+\-.!>])", r"\1"),  # backslash escapes
    )
]


def strip_markdown(text: str) -> str:
    """Markdown -> plain text with paragraphs kept: "# *Hi* [there](u)" -> "Hi there"."""
    for pattern, replacement in _MD_RULES:
        text = pattern.sub(replacement, text)
    return normalise(text)
