"""Bytes + file name -> Documents: the one entry point for uploads, seed files and bulk imports.

Formats: .txt, .md/.markdown, .html/.htm, .pdf and .docx give one Document each; .jsonl (one JSON
article per line: "id", "title", "text", optional "url", "date", "source") and .zip (its supported
members, one level deep: a zip inside a zip is not opened) give many.

Dispatch is on the extension, case-insensitive. A text extension (.txt, .md, .html, .jsonl...) whose
bytes are really a PDF, a Word document, a zip or an HTML page is parsed as what it really is: a
"notes.txt" that starts with "%PDF" is read as a PDF. Undecodable or binary bytes under a text
extension are refused as "not readable text".

Text is normalised the same way for every format: "\\n" newlines, no trailing spaces, paragraphs
separated by exactly one blank line (chunking splits on blank lines), and trailing boilerplate
("Powered by WPeMatico", "Share this:", "All rights reserved") cut from the last few lines.

Limits (ParseLimits, defaults): input file 20 MB; PDF 500 pages; zip 1000 entries; a zip or docx
may unpack to 100 MB at most and, above 1 MB unpacked, compress at most 100:1 (zip bomb); one
article's text 2,000,000 characters. Archive sizes are checked from the zip directory before
anything is decompressed.

Pure: nothing is written to disk (archives are read in memory) and nothing touches the network
(trafilatura only parses the string it is given). Every refusal is an UnsupportedDocument whose
message names the file and says in plain words what is wrong: it is shown to a Telegram user.
"""

from __future__ import annotations

import io
import json
import zipfile
import zlib
from dataclasses import replace
from pathlib import PurePosixPath

from index.errors import UnsupportedDocument
from index.ingest.formats import ParseLimits, guard_zip, megabytes, parse_docx, parse_html, parse_pdf
from index.ingest.parse_text import (
    clean_title,
    decode_text,
    fallback_title,
    normalise,
    parse_date,
    read_header,
    split_headline,
    strip_boilerplate,
    strip_front_matter,
    strip_markdown,
    title_from_text,
)
from index.types import Document

__all__ = ["DEFAULT_LIMITS", "SUPPORTED", "ParseLimits", "parse_archive", "parse_document"]

SUPPORTED = (".txt", ".md", ".markdown", ".html", ".htm", ".pdf", ".docx", ".jsonl", ".zip")
_TEXTUAL = (".txt", ".md", ".markdown", ".html", ".htm", ".jsonl")
DEFAULT_LIMITS = ParseLimits()  # frozen, so one shared default is safe
_SHOWN_FAILURES = 5  # reasons quoted when no member of an archive could be read


def parse_document(data: bytes, filename: str, limits: ParseLimits = DEFAULT_LIMITS) -> list[Document]:
    """bytes + filename -> documents; one for txt/md/html/pdf/docx, many for .jsonl and .zip."""
    return _parse(data, filename, limits, in_archive=False)


def parse_archive(
    data: bytes, filename: str, limits: ParseLimits = DEFAULT_LIMITS
) -> tuple[list[Document], list[str]]:
    """A zip's documents, and one message per member that could not be read."""
    _check_size(data, filename, limits)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zlib.error, ValueError, OSError) as error:
        raise UnsupportedDocument(f"“{filename}” is not a valid zip archive ({error}).") from error
    documents: list[Document] = []
    failures: list[str] = []
    with archive:
        guard_zip(archive, filename, len(data), limits)
        for info in [info for info in archive.infolist() if _wanted(info, filename)]:
            try:
                member = _read_member(archive, info, filename, limits)
                documents += _parse(member, f"{filename}/{info.filename}", limits, in_archive=True)
            except UnsupportedDocument as error:
                failures.append(str(error))
            _check_count(len(documents), filename, limits)
    if not documents:
        reasons = " ".join(failures[:_SHOWN_FAILURES]) or "It holds no files."
        raise UnsupportedDocument(f"“{filename}” has no article that can be read. {reasons}")
    return documents, failures


def _wanted(info: zipfile.ZipInfo, archive_name: str) -> bool:
    """False for folders, macOS resource forks and dotfiles; refuses names that escape the archive."""
    name = info.filename
    parts = name.replace("\\", "/").split("/")
    if name.startswith(("/", "\\")) or ".." in parts or (len(name) > 1 and name[1] == ":") or "\0" in name:
        raise UnsupportedDocument(
            f"“{archive_name}” contains an unsafe file name ({name!r}) that points outside the archive; "
            "it was not opened."
        )
    hidden = parts[0] == "__MACOSX" or any(part.startswith(".") for part in parts if part)
    return not (info.is_dir() or hidden)


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str, limits: ParseLimits) -> bytes:
    """The bytes of one archive member, in memory."""
    where = f"“{name}/{info.filename}”"
    if info.flag_bits & 0x1:
        raise UnsupportedDocument(f"{where} is password-protected.")
    if info.file_size > limits.max_bytes:
        size, limit = megabytes(info.file_size), megabytes(limits.max_bytes)
        raise UnsupportedDocument(f"{where} is too large ({size}); the limit is {limit}.")
    try:
        return archive.read(info)
    except (zipfile.BadZipFile, zlib.error, NotImplementedError, RuntimeError, EOFError, OSError) as error:
        raise UnsupportedDocument(f"{where} could not be unpacked ({error}).") from error


def _parse(data: bytes, name: str, limits: ParseLimits, in_archive: bool) -> list[Document]:
    """Check the size, find the real format, parse, and finish every document."""
    _check_size(data, name, limits)
    kind = _kind(data, name)
    if kind == ".zip":
        if in_archive:
            raise UnsupportedDocument(f"“{name}” is an archive inside an archive; only one level is opened.")
        return parse_archive(data, name, limits)[0]
    if kind == ".jsonl":
        return _parse_jsonl(data, name, limits)
    return [_finish(_parse_one(kind, data, name, limits), f"“{name}”", limits)]


def _parse_one(kind: str, data: bytes, name: str, limits: ParseLimits) -> Document:
    """One document from a single-article format."""
    if kind in (".html", ".htm"):
        return parse_html(data, name)
    if kind == ".pdf":
        return parse_pdf(data, name, limits)
    if kind == ".docx":
        return parse_docx(data, name, limits)
    return _parse_plain(data, name, markdown=kind in (".md", ".markdown"))


def _check_count(articles: int, name: str, limits: ParseLimits) -> None:
    """Refuse an upload of more than limits.max_articles articles (each one is parsed and embedded)."""
    if articles > limits.max_articles:
        raise UnsupportedDocument(
            f"“{name}” holds more than {limits.max_articles:,} articles, the most one upload may add. "
            "Split it, or build the library from it with scripts/rebuild_index.py."
        )


def _check_size(data: bytes, name: str, limits: ParseLimits) -> None:
    """Refuse input over limits.max_bytes."""
    if len(data) > limits.max_bytes:
        raise UnsupportedDocument(
            f"“{name}” is too large ({megabytes(len(data))}); the limit is {megabytes(limits.max_bytes)}."
        )


def _kind(data: bytes, name: str) -> str:
    """The format to parse `data` as: its extension, or what a text extension's bytes really are."""
    suffix = PurePosixPath(name.replace("\\", "/")).suffix.lower()
    if suffix not in SUPPORTED:
        what = f"a {suffix} file" if suffix else "a file without an extension"
        raise UnsupportedDocument(
            f"“{name}” is {what}, which cannot be read as an article. Supported: {', '.join(SUPPORTED)}."
        )
    return (_sniff(data) or suffix) if suffix in _TEXTUAL else suffix


def _sniff(data: bytes) -> str | None:
    """The real format (".pdf", ".docx", ".zip", ".html") when the first bytes say so; else None."""
    head = data[:1024].lstrip()
    if head.startswith(b"%PDF-"):
        return ".pdf"
    if head[:64].lower().startswith((b"<!doctype html", b"<html")):
        return ".html"
    if not data.startswith(b"PK\x03\x04"):
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return ".docx" if "word/document.xml" in archive.namelist() else ".zip"
    except (zipfile.BadZipFile, zlib.error, ValueError, OSError):
        return None  # not a readable zip after all: let the text decoder refuse it


def _finish(document: Document, label: str, limits: ParseLimits) -> Document:
    """Normalise the text, cut boilerplate, refuse empty or oversized text, make sure of a title."""
    text = strip_boilerplate(normalise(document.text))
    if not text.strip():
        raise UnsupportedDocument(f"{label} contains no text.")
    if len(text) > limits.max_chars:
        raise UnsupportedDocument(
            f"{label} is too long ({len(text):,} characters); the limit is {limits.max_chars:,}."
        )
    title = clean_title(document.title) or title_from_text(text)
    return replace(document, title=title, text=text)


def _parse_plain(data: bytes, name: str, markdown: bool) -> Document:
    """A .txt or .md article: header lines, a headline, and the body as plain text."""
    header = read_header(normalise(decode_text(data, name)))
    text = strip_front_matter(header.text) if markdown else header.text
    headline, body = split_headline(text, markdown)
    if markdown:
        body = strip_markdown(body)
        headline = strip_markdown(headline) if headline else None
    title = header.title or headline or fallback_title(name, body)
    return Document(title=title, text=body, source=name, url=header.url, date=header.date)


def _parse_jsonl(data: bytes, name: str, limits: ParseLimits) -> list[Document]:
    """One document per non-blank line of a JSON Lines bulk import."""
    documents = []
    lines = decode_text(data, name).split("\n")
    _check_count(sum(1 for line in lines if line.strip()), name, limits)
    for number, line in enumerate(lines, start=1):
        if line.strip():
            where = f"Line {number} of “{name}”"
            documents.append(_finish(_jsonl_record(line, name, number), where, limits))
    if not documents:
        raise UnsupportedDocument(f"“{name}” contains no articles (every line is blank).")
    return documents


def _jsonl_record(line: str, name: str, number: int) -> Document:
    """A Document from one JSON line: {"id", "title", "text"} plus optional "url", "date", "source"."""
    where = f"Line {number} of “{name}”"
    try:
        record = json.loads(line)
    except (json.JSONDecodeError, RecursionError) as error:
        raise UnsupportedDocument(f"{where} is not valid JSON ({error}).") from error
    if not isinstance(record, dict):
        raise UnsupportedDocument(f'{where} is not a JSON object with "id", "title" and "text".')
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise UnsupportedDocument(f'{where} has no "text" (it is missing or empty).')
    fields = {key: value for key, value in record.items() if isinstance(value, str) and value.strip()}
    ident = record.get("id", number)
    return Document(
        title=fields.get("title", ""),
        text=text,
        source=fields.get("source") or f"{name}#{ident}",
        url=fields.get("url"),
        date=parse_date(fields["date"]) if "date" in fields else None,
    )
