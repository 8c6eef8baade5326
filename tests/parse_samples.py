"""Sample files for the parse tests, made by the real libraries: reportlab PDFs, python-docx, zips, HTML."""

from __future__ import annotations

import io
import socket
import zipfile
from datetime import datetime
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader, PdfWriter
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.pdfgen import canvas
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate

from index.errors import UnsupportedDocument
from index.ingest.parse import DEFAULT_LIMITS, ParseLimits, parse_document
from index.types import Document

SEED = Path(__file__).resolve().parent.parent / "seeds" / "trump-confronts-putin-on-election-meddling.txt"
WARNER = (
    "Senator Mark Warner said the Russian interference in the election was an attack that demanded "
    "a firm response from the administration and its allies in Europe and beyond."
)
CONLEY = (
    "Heather Conley, a Europe expert at the Centre for Strategic and International Studies, said "
    "Russia continued to pursue similar tactics in the French election this spring."
)
ARTICLE_HTML = b"""<!DOCTYPE html><html><head><meta charset="utf-8">
<title>Warner warns on Russia | Example News</title>
<meta property="og:title" content="Warner warns on Russia">
<link rel="canonical" href="https://news.example.com/2017/07/08/warner-russia">
<meta property="article:published_time" content="2017-07-08T10:00:00Z">
<script>var tracking = "SCRIPT-SECRET"; document.write("SCRIPT-SECRET");</script>
<style>.nav { color: red }</style></head>
<body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">NAV-MENU World</a></li></ul></nav>
<article><h1>Warner warns on Russia</h1>
<p>%s</p>
<p>%s</p>
</article>
<footer><p>FOOTER-TEXT Copyright 2017 Example News. Contact us.</p></footer>
</body></html>""" % (WARNER.encode(), CONLEY.encode())


@pytest.fixture(autouse=True)
def offline_and_diskless(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    """Parsing must not touch the network, nor write files in the working directory."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("parse tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.chdir(tmp_path)
    yield
    assert list(tmp_path.iterdir()) == []


def make_pdf(paragraphs: list[str], title: str | None = None, pages: int = 1) -> bytes:
    """A text PDF laid out by reportlab (lines wrapped by the layout, as in real PDFs)."""
    buffer = io.BytesIO()
    style = getSampleStyleSheet()["Normal"]
    flow: list = []
    for page in range(pages):
        flow += [Paragraph(text, style) for text in paragraphs] + ([PageBreak()] if page < pages - 1 else [])
    SimpleDocTemplate(buffer, title=title or "").build(flow)
    return buffer.getvalue()


def make_image_pdf() -> bytes:
    """A PDF page with only a filled rectangle: no text layer."""
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.rect(100, 100, 300, 400, fill=1)
    page.showPage()
    page.save()
    return buffer.getvalue()


def encrypt_pdf(pdf: bytes, user_password: str) -> bytes:
    """The PDF encrypted with pypdf (RC4, which needs no crypto library)."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.encrypt(user_password=user_password, owner_password="owner", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def make_docx(paragraphs: list[str], title: str | None = None, heading: str | None = None,
              created: datetime | None = None) -> bytes:
    """A Word document made by python-docx (`created`: its core properties' date; else the template's stamp)."""
    document = docx.Document()
    if title:
        document.core_properties.title = title
    if created:
        document.core_properties.created = created
    if heading:
        document.add_heading(heading, level=1)
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def make_zip(members: dict[str, bytes]) -> bytes:
    """A deflated zip archive built in memory."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def parse_one(data: bytes, filename: str, limits: ParseLimits = DEFAULT_LIMITS) -> Document:
    """The single document a single-article file gives."""
    [document] = parse_document(data, filename, limits)
    return document


def refusal(data: bytes, filename: str, limits: ParseLimits = DEFAULT_LIMITS) -> str:
    """The message of the UnsupportedDocument that parsing raises."""
    with pytest.raises(UnsupportedDocument) as caught:
        parse_document(data, filename, limits)
    return str(caught.value)
