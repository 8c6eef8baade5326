"""Binary and markup formats for parse.py: HTML (trafilatura), PDF (pypdf), DOCX (python-docx); their dates: dates.py.

Each parser is pure (bytes in, one Document out, nothing written, no network) and raises
UnsupportedDocument with a sentence that names the file. ParseLimits lives here because the
PDF, DOCX and ZIP readers all enforce it.
"""

from __future__ import annotations

import copy
import io
import re
import zipfile
from dataclasses import dataclass
from statistics import quantiles

import docx
import lxml.html
import trafilatura
from lxml import etree
from pypdf import PdfReader
from pypdf.errors import DependencyError

from index.errors import UnsupportedDocument
from index.ingest.dates import byline_date, docx_date, page_date, pdf_date
from index.ingest.parse_text import clean_title, decode_text, fallback_title, normalise, paragraphs
from index.types import Document

_MB = 1024 * 1024
_RATIO_FLOOR = _MB  # archives that unpack to less than this are not judged by compression ratio
_PDF_JUNK_TITLES = re.compile(r"(untitled|anonymous|microsoft word - .*|.*\.(docx?|pdf|tex))", re.I)
_PAGE_NUMBER = re.compile(r"(page\s+)?\d{1,4}(\s+of\s+\d{1,4})?|[-–]\s*\d{1,4}\s*[-–]", re.I)
_SENTENCE_END = tuple('.!?:"”’»')
_HTML_PARSER = lxml.html.HTMLParser(encoding="utf-8")  # the page is decoded already: ignore its meta charset
_HTML_JUNK = "//script|//style|//noscript|//template|//iframe|//nav|//aside|//footer"
_HTML_BLOCKS = (
    "p",
    "div",
    "br",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "blockquote",
    "pre",
    "section",
)


@dataclass(frozen=True)
class ParseLimits:
    """Ceilings on what one upload may cost to parse."""

    max_bytes: int = 20 * _MB  # input file size
    max_pdf_pages: int = 500
    max_zip_entries: int = 1000
    max_unpacked_bytes: int = 100 * _MB  # total expanded size of a zip / docx
    max_ratio: int = 100  # compression ratio that marks a zip bomb
    max_chars: int = 2_000_000  # text of one article
    max_articles: int = 1000  # articles in one upload (.jsonl, .zip): each costs a model call and a parse


def megabytes(size: int) -> str:
    """A byte count as "20 MB" / "1.5 MB"."""
    return f"{size / _MB:.1f}".removesuffix(".0") + " MB"


def guard_zip(archive: zipfile.ZipFile, name: str, packed: int, limits: ParseLimits) -> None:
    """Refuse a zip (or docx) that has too many entries or would expand too far, before reading it."""
    infos = archive.infolist()
    if len(infos) > limits.max_zip_entries:
        raise UnsupportedDocument(
            f"“{name}” holds {len(infos)} files; the limit is {limits.max_zip_entries}."
        )
    unpacked = sum(info.file_size for info in infos)
    if unpacked > limits.max_unpacked_bytes:
        raise UnsupportedDocument(
            f"“{name}” would unpack to {megabytes(unpacked)}; the limit is "
            f"{megabytes(limits.max_unpacked_bytes)}."
        )
    if unpacked > _RATIO_FLOOR and unpacked > limits.max_ratio * max(packed, 1):
        raise UnsupportedDocument(
            f"“{name}” is compressed suspiciously well ({unpacked // max(packed, 1)} to 1; "
            f"the limit is {limits.max_ratio} to 1), so it looks like a zip bomb and was not opened."
        )


def parse_html(data: bytes, name: str) -> Document:
    """The main text of a web page (trafilatura), with its title, canonical URL, its date (dates.py: the markup's,
    else a byline's) and, as its source, the site's name when the page gives one (og:site_name): quote answers
    show it as the publisher."""
    tree = _tree(decode_text(data, name))
    if tree is None:
        raise UnsupportedDocument(f"“{name}” is not a readable web page.")
    published = page_date(tree)  # before the junk goes: JSON-LD lives in a <script>
    _drop_junk(tree)
    found = trafilatura.bare_extraction(
        copy.deepcopy(tree),  # trafilatura prunes the tree it is given; the fallbacks need it whole
        include_comments=False,
        include_tables=False,
        favor_recall=True,
        with_metadata=True,
    )
    text = paragraphs(found.text.split("\n")) if found is not None and found.text else ""
    text = text or _body_text(tree)
    if not text:
        raise UnsupportedDocument(f"“{name}” contains no readable text (an empty or script-only page?).")
    headline = _first_h1(tree)
    title = clean_title(found.title if found is not None else None) or headline
    site = found.sitename if found is not None else None
    return Document(
        title=title or fallback_title(name, text),
        text=text,
        source=site if site and "." not in site else name,  # "Example News" is a publisher; a host name is not
        url=found.url if found is not None and found.url else None,
        date=published or byline_date(_body_text(tree).split("\n\n"), headline or title),
    )


def _tree(page: str) -> lxml.html.HtmlElement | None:
    """The page as an lxml tree."""
    try:
        return lxml.html.document_fromstring(page.encode("utf-8", "replace"), parser=_HTML_PARSER)
    except (etree.ParserError, ValueError):
        return None


def _drop_junk(tree: lxml.html.HtmlElement) -> None:
    """Take scripts, styles, navigation, asides and footers out of the tree, in place."""
    # Dropped here because trafilatura's fallback for very short pages keeps <nav> and <footer> text.
    for junk in tree.xpath(_HTML_JUNK):
        junk.drop_tree()


def _body_text(tree: lxml.html.HtmlElement) -> str:
    """Fallback when trafilatura finds nothing: all text of <body>, one paragraph per block element."""
    body = tree.find("body")
    root = copy.deepcopy(body if body is not None else tree)
    for block in root.iter(*_HTML_BLOCKS):
        block.tail = "\n" + (block.tail or "")
    return paragraphs(root.text_content().split("\n"))


def _first_h1(tree: lxml.html.HtmlElement) -> str | None:
    """The text of the first <h1>, if any."""
    heads = tree.xpath("//h1")
    return clean_title(heads[0].text_content()) if heads else None


def parse_pdf(data: bytes, name: str, limits: ParseLimits) -> Document:
    """The text layer of a PDF, hard-wrapped lines re-flowed into paragraphs."""
    reader = _open_pdf(data, name)
    if len(reader.pages) > limits.max_pdf_pages:
        raise UnsupportedDocument(
            f"“{name}” has {len(reader.pages)} pages; the limit is {limits.max_pdf_pages}."
        )
    try:
        pages = [page.extract_text() or "" for page in reader.pages]
        meta_title = reader.metadata.title if reader.metadata else None
    except Exception as error:  # pypdf raises many unrelated types on malformed content streams
        raise UnsupportedDocument(f"“{name}” could not be read as a PDF ({error}).") from error
    lines = [line.strip() for line in normalise("\n".join(pages)).split("\n")]
    lines = [line for line in lines if not _PAGE_NUMBER.fullmatch(line)]
    if not any(lines):
        raise UnsupportedDocument(
            f"“{name}” has no text layer (a scanned image?), so there is no text to read."
        )
    text = reflow(lines)
    if not isinstance(meta_title, str) or _PDF_JUNK_TITLES.fullmatch(meta_title.strip()):
        meta_title = None
    first = next(line for line in lines if line)
    title = clean_title(meta_title) or clean_title(first) or name
    return Document(title=title, text=text, source=name, date=pdf_date(reader))


def _open_pdf(data: bytes, name: str) -> PdfReader:
    """A PdfReader, decrypted with the empty password when the PDF is encrypted."""
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise UnsupportedDocument(f"“{name}” is password-protected; send a copy without a password.")
    except UnsupportedDocument:
        raise
    except DependencyError as error:  # AES needs the optional `cryptography` package
        raise UnsupportedDocument(f"“{name}” is encrypted in a way this bot cannot open.") from error
    except Exception as error:  # pypdf raises many unrelated types on malformed files
        raise UnsupportedDocument(f"“{name}” could not be read as a PDF ({error}).") from error
    return reader


def reflow(lines: list[str]) -> str:
    """Join hard-wrapped PDF lines into paragraphs: a short line ending a sentence ends a paragraph.

    >>> lines = ["The senator said the attack on the vote", "demanded a response.",
    ...          "Critics called it an elec-", "tion problem, not one of foreign", "policy at all."]
    >>> print(reflow(lines))
    The senator said the attack on the vote demanded a response.
    <BLANKLINE>
    Critics called it an election problem, not one of foreign policy at all.
    """
    lengths = [len(line) for line in lines if line]
    full = quantiles(lengths, n=5)[-1] if len(lengths) > 1 else max(lengths, default=0)
    out: list[str] = []
    current = ""
    for line in lines:
        if not line:
            out.append(current)
            current = ""
            continue
        if current.endswith("-") and line[:1].islower():
            current = current[:-1] + line  # "elec-" + "tion" (a real "half-hearted" loses its hyphen)
        else:
            current = f"{current} {line}" if current else line
        short = len(line) < 0.85 * full
        if (short and line.endswith(_SENTENCE_END)) or (len(line) < 0.5 * full and not line.endswith("-")):
            out.append(current)
            current = ""
    out.append(current)
    return paragraphs(out)


def parse_docx(data: bytes, name: str, limits: ParseLimits) -> Document:
    """The paragraphs of a Word document, with its title from the document properties."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            guard_zip(archive, name, len(data), limits)
            if "word/document.xml" not in archive.namelist():
                raise UnsupportedDocument(f"“{name}” is not a Word document (it has no word/document.xml).")
        document = docx.Document(io.BytesIO(data))
        found = [(p.text.strip(), p.style.name if p.style is not None else "") for p in document.paragraphs]
        core = document.core_properties
        core_title, dated = core.title, docx_date(core.created, core.modified)
    except UnsupportedDocument:
        raise
    except Exception as error:  # python-docx and zipfile raise many types on damaged files
        raise UnsupportedDocument(f"“{name}” could not be read as a Word document ({error}).") from error
    text = paragraphs([line for line, _ in found])
    if not text:
        raise UnsupportedDocument(f"“{name}” contains no text.")
    heading = next((line for line, style in found if line and style.startswith(("Title", "Heading"))), None)
    first = next(line for line, _ in found if line)
    title = clean_title(core_title) or clean_title(heading)
    title = title or (clean_title(first) if len(first) <= 150 else None)
    return Document(title=title or fallback_title(name, text), text=text, source=name, date=dated)
