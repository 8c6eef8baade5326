"""parse_document on real files made by the real libraries: reportlab PDFs, python-docx, zips, HTML."""

from __future__ import annotations

import io
import json
import socket
import zipfile
from pathlib import Path

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader, PdfWriter
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.pdfgen import canvas
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate

from index import formats
from index.errors import UnsupportedDocument
from index.parse import DEFAULT_LIMITS, SUPPORTED, ParseLimits, parse_archive, parse_document
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


def make_docx(paragraphs: list[str], title: str | None = None, heading: str | None = None) -> bytes:
    """A Word document made by python-docx."""
    document = docx.Document()
    if title:
        document.core_properties.title = title
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


def test_seed_article() -> None:
    document = parse_one(SEED.read_bytes(), SEED.name)
    assert document.title == "Trump confronts Putin on election meddling"
    assert document.source == SEED.name
    assert "Warner" in document.text
    assert "WPeMatico" not in document.text
    assert document.text.startswith("US President Donald Trump did what he had to do")
    assert "\n\n" in document.text and "\n\n\n" not in document.text


@pytest.mark.parametrize(
    "encoding, text",
    [
        ("utf-8", "“Café” owners said déjà vu — naïve hopes were dashed again this week."),
        ("utf-8-sig", "“Café” owners said déjà vu — naïve hopes were dashed again this week."),
        ("utf-16", "“Café” owners said déjà vu — naïve hopes were dashed again this week."),
        ("cp1252", "“Café” owners said déjà vu — naïve hopes were dashed again this week, critics said."),
        ("latin-1", "The café owners in Zürich said the façade was naïve; the señora agreed, à bientôt."),
    ],
)
def test_text_encodings(encoding: str, text: str) -> None:
    body = f"{text}\r\n\r\n\r\n\r\nA second paragraph follows.   \r\n"
    document = parse_one(body.encode(encoding), "cafe-story.txt")
    assert document.text == f"{text}\n\nA second paragraph follows."
    assert document.title == "Cafe story"


@pytest.mark.parametrize(
    "text, filename, title, body_start",
    [
        ("Warner warns on Russia\n\nThe senator spoke.", "a.txt", "Warner warns on Russia", "The senator"),
        (
            "Warner warns on Russia.\n\nThe senator spoke.",
            "warner-speaks.txt",
            "Warner speaks",
            "Warner warns",
        ),
        ("“A quoted line,” he said”\n\nMore.", "quote_story.txt", "Quote story", "“A quoted"),
        ("A hard-wrapped first line without end\nthat continues here.\n\nMore.", "x.txt", "X", "A hard"),
        ("Only one line, no more text", "000_e3bc4ec74e56cef3.txt", "Only one line, no more text", "Only"),
        (" ".join(["word"] * 12) + ".", "000_e3bc4ec74e56cef3.txt", " ".join(["word"] * 10) + "…", "word"),
        ("Putin and Trump met.", "000_e3bc4ec74e56cef3_putin-meets-trump.txt", "Putin meets Trump", "Putin"),
        ("Putin and Trump met.", "2017-07-08-putin-meets-trump (1).txt", "Putin meets Trump", "Putin"),
        ("The body of a note.", "Untitled document (2).txt", "The body of a note.", "The body"),
    ],
)
def test_text_titles(text: str, filename: str, title: str, body_start: str) -> None:
    document = parse_one(text.encode(), filename)
    assert document.title == title
    assert document.text.startswith(body_start)


def test_text_header_lines_give_date_and_url() -> None:
    text = (
        "Warner warns on Russia\nPublished: Saturday, July 8, 2017\nURL: https://example.com/a\n\nBody text."
    )
    document = parse_one(text.encode(), "a.txt")
    assert (document.title, document.date, document.url) == (
        "Warner warns on Russia",
        "2017-07-08",
        "https://example.com/a",
    )
    assert document.text == "Body text."


def test_markdown_is_plain_text_with_paragraphs() -> None:
    markdown = (
        "# Warner *warns* on Russia\n\nDate: 2017-07-08\n\n"
        "The **senator** said [in a statement](https://example.com) that `snake_case` stays.\n"
        "![a photo](photo.jpg)\n\n## Background\n\n* first point\n* _second_ point\n\n> A quote.\n"
    )
    document = parse_one(markdown.encode(), "story.MD")
    assert document.title == "Warner warns on Russia"
    assert document.date == "2017-07-08"
    assert document.text == (
        "The senator said in a statement that snake_case stays.\n\n"
        "Background\n\n- first point\n- second point\n\nA quote."
    )


def test_markdown_front_matter_gives_title_and_date() -> None:
    markdown = (
        '---\nlayout: post\ntitle: "Warner warns"\ndate: 2017-07-08\ntags:\n  - russia\n---\nBody text.\n'
    )
    document = parse_one(markdown.encode(), "post.markdown")
    assert (document.title, document.date, document.text) == ("Warner warns", "2017-07-08", "Body text.")


def test_html_main_text_title_url_and_date() -> None:
    document = parse_one(ARTICLE_HTML, "page.HTML")
    assert WARNER in document.text and CONLEY in document.text
    for boilerplate in ("SCRIPT-SECRET", "NAV-MENU", "FOOTER-TEXT", "color: red"):
        assert boilerplate not in document.text
    assert f"{WARNER}\n\n{CONLEY}" in document.text
    assert document.title == "Warner warns on Russia"
    assert document.url == "https://news.example.com/2017/07/08/warner-russia"
    assert document.date == "2017-07-08"


@pytest.mark.parametrize(
    "page, expected",
    [
        (b"<html><body><p>Just one short line.</p></body></html>", "Just one short line."),
        (b"<html><head><title>T</title></head><body><div>Bare div text</div></body></html>", "Bare div text"),
    ],
)
def test_html_short_pages_keep_their_text(page: bytes, expected: str) -> None:
    assert parse_one(page, "short.htm").text == expected


def test_html_short_page_drops_navigation_and_footer() -> None:
    page = b"<html><body><nav><a>NAV-LINK Home</a></nav><p>Two lines.</p><p>More.</p><footer>F</footer>"
    assert parse_one(page, "short.html").text == "Two lines.\n\nMore."


def test_html_falls_back_to_body_text_when_trafilatura_finds_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(formats.trafilatura, "bare_extraction", lambda *args, **kwargs: None)
    document = parse_one(ARTICLE_HTML, "page.html")
    assert document.title == "Warner warns on Russia"
    assert f"{WARNER}\n\n{CONLEY}" in document.text
    assert not any(junk in document.text for junk in ("SCRIPT-SECRET", "NAV-MENU", "FOOTER-TEXT"))


def test_html_in_a_legacy_encoding() -> None:
    page = (
        "<html><head><meta charset='windows-1252'></head><body><p>“Café” déjà vu, he said.</p></body></html>"
    )
    assert parse_one(page.encode("cp1252"), "legacy.html").text == "“Café” déjà vu, he said."


def test_pdf_text_is_reflowed_into_paragraphs() -> None:
    document = parse_one(
        make_pdf([WARNER, CONLEY, "Short closing paragraph."], title="Warner on Russia"), "a.pdf"
    )
    assert document.title == "Warner on Russia"
    assert document.text == f"{WARNER}\n\n{CONLEY}\n\nShort closing paragraph."


def test_pdf_without_title_takes_its_first_line() -> None:
    document = parse_one(make_pdf(["Warner warns on Russia", WARNER]), "b.pdf")
    assert document.title == "Warner warns on Russia"
    assert WARNER in document.text


def test_pdf_encrypted_with_empty_password_opens() -> None:
    assert WARNER in parse_one(encrypt_pdf(make_pdf([WARNER]), user_password=""), "open.pdf").text


def test_docx_title_and_paragraphs() -> None:
    document = parse_one(
        make_docx([WARNER, "", CONLEY], title="Warner on Russia", heading="Heading"), "a.docx"
    )
    assert document.title == "Warner on Russia"
    assert document.text == f"Heading\n\n{WARNER}\n\n{CONLEY}"
    assert parse_one(make_docx([WARNER], heading="The heading"), "b.docx").title == "The heading"


@pytest.mark.parametrize(
    "make, filename, kind_marker",
    [
        (lambda: make_pdf([WARNER]), "really-a-pdf.txt", WARNER),
        (lambda: make_docx([CONLEY]), "really-a-docx.md", CONLEY),
        (lambda: ARTICLE_HTML, "really-html.txt", WARNER),
    ],
)
def test_text_extension_with_other_content_is_parsed_as_what_it_is(
    make, filename: str, kind_marker: str
) -> None:
    assert kind_marker in parse_one(make(), filename).text


def test_jsonl_bulk_import() -> None:
    lines = [
        {
            "id": "a1",
            "title": "First",
            "text": WARNER,
            "url": "https://example.com/1",
            "date": "July 8, 2017",
        },
        {},
        {"id": 2, "title": "Second", "text": CONLEY, "source": "Reuters"},
        {"id": "c3", "text": "No title given here, so the first words make one up for it."},
    ]
    data = "\n".join("" if not line else json.dumps(line) for line in lines).encode() + b"\n\n"
    first, second, third = parse_document(data, "bulk.jsonl")
    assert (first.title, first.source, first.url, first.date) == (
        "First",
        "bulk.jsonl#a1",
        "https://example.com/1",
        "2017-07-08",
    )
    assert (second.source, second.text) == ("Reuters", CONLEY)
    assert third.title == "No title given here, so the first words make one…"


@pytest.mark.parametrize(
    "data, marker",
    [
        (
            b'{"id": 1, "text": "fine"}\n{"id": 2, "text": "broken"\n',
            "Line 2 of “bad.jsonl” is not valid JSON",
        ),
        (b'{"id": 1, "text": "   "}\n', 'Line 1 of “bad.jsonl” has no "text"'),
        (b'\n\n{"id": 1, "title": "no text"}\n', 'Line 3 of “bad.jsonl” has no "text"'),
        (b'["a", "list"]\n', "Line 1 of “bad.jsonl” is not a JSON object"),
        (b"\n  \n", "contains no articles"),
    ],
)
def test_jsonl_refusals(data: bytes, marker: str) -> None:
    assert marker in refusal(data, "bad.jsonl")


def test_zip_parses_supported_members_and_reports_the_rest() -> None:
    archive = make_zip(
        {
            "news/": b"",
            "news/warner-story.txt": WARNER.encode(),
            "news/conley.pdf": make_pdf([CONLEY]),
            "news/page.html": ARTICLE_HTML,
            "news/photo.jpg": b"\xff\xd8\xff\xe0 not really a jpeg",
            "news/inner.zip": make_zip({"x.txt": b"nested"}),
            "__MACOSX/news/._warner-story.txt": b"\x00\x05\x16\x07 resource fork",
            "news/.DS_Store": b"\x00\x00\x00\x01Bud1",
        }
    )
    documents, failures = parse_archive(archive, "batch.zip")
    assert [d.source for d in documents] == [
        "batch.zip/news/warner-story.txt",
        "batch.zip/news/conley.pdf",
        "batch.zip/news/page.html",
    ]
    assert documents[0].title == "Warner story"
    assert len(failures) == 2
    assert "“batch.zip/news/photo.jpg” is a .jpg file" in failures[0]
    assert "archive inside an archive" in failures[1]
    assert parse_document(archive, "batch.zip") == documents


@pytest.mark.parametrize(
    "members, limits, marker",
    [
        ({"../evil.txt": b"x"}, ParseLimits(), "unsafe file name ('../evil.txt')"),
        ({"/etc/passwd.txt": b"x"}, ParseLimits(), "unsafe file name ('/etc/passwd.txt')"),
        ({"a/../../b.txt": b"x"}, ParseLimits(), "points outside the archive"),
        (
            {f"{i}.txt": b"text" for i in range(4)},
            ParseLimits(max_zip_entries=3),
            "holds 4 files; the limit is 3",
        ),
        ({"zeros.txt": b"0" * (3 * 1024 * 1024)}, ParseLimits(), "looks like a zip bomb"),
        (
            {"big.txt": b"big text " * 300_000},
            ParseLimits(max_unpacked_bytes=1024 * 1024),
            "would unpack to 2.6 MB",
        ),
        (
            {"photo.jpg": b"\xff\xd8"},
            ParseLimits(),
            "has no article that can be read. “bad.zip/photo.jpg” is a .jpg",
        ),
        ({"empty.txt": b"  \n"}, ParseLimits(), "“bad.zip/empty.txt” contains no text"),
        ({}, ParseLimits(), "It holds no files"),
    ],
)
def test_zip_refusals(members: dict[str, bytes], limits: ParseLimits, marker: str) -> None:
    assert marker in refusal(make_zip(members), "bad.zip", limits)


def test_docx_zip_bomb_is_refused_before_parsing() -> None:
    bomb = io.BytesIO(make_docx([WARNER]))
    with zipfile.ZipFile(bomb, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/media/padding.bin", b"\x00" * (5 * 1024 * 1024))
    assert "looks like a zip bomb" in refusal(bomb.getvalue(), "bomb.docx")


@pytest.mark.parametrize(
    "data, filename, limits, marker",
    [
        (b"%PDF-1.7 not really a pdf", "broken.pdf", ParseLimits(), "could not be read as a PDF"),
        (encrypt_pdf(make_pdf([WARNER]), "secret"), "locked.pdf", ParseLimits(), "is password-protected"),
        (make_image_pdf(), "scan.pdf", ParseLimits(), "has no text layer (a scanned image?)"),
        (
            make_pdf([WARNER], pages=2),
            "long.pdf",
            ParseLimits(max_pdf_pages=1),
            "has 2 pages; the limit is 1",
        ),
        (make_docx([WARNER])[:2000], "cut.docx", ParseLimits(), "could not be read as a Word document"),
        (make_zip({"a.txt": b"x"}), "fake.docx", ParseLimits(), "is not a Word document"),
        (make_docx([]), "blank.docx", ParseLimits(), "contains no text"),
        (b"no zip here", "fake.zip", ParseLimits(), "is not a valid zip archive"),
        (b"<html><script>only()</script></html>", "script.html", ParseLimits(), "contains no readable text"),
        (b"\x00\x01\x02binary\x00\xff\xfe" * 40, "blob.txt", ParseLimits(), "is not readable text"),
        (bytes(range(256)) * 8, "mixed.md", ParseLimits(), "is not readable text"),
        (b"   \n\t\n  ", "blank.txt", ParseLimits(), "contains no text"),
        (
            b"x" * (3 * 1024 * 1024 // 2),
            "huge.txt",
            ParseLimits(max_bytes=1024 * 1024),
            "too large (1.5 MB); the limit is 1 MB",
        ),
        (
            b"word " * 100,
            "long.txt",
            ParseLimits(max_chars=100),
            "is too long (499 characters); the limit is 100",
        ),
        (b"an image", "photo.jpg", ParseLimits(), "is a .jpg file, which cannot be read as an article"),
        (b"plain", "README", ParseLimits(), "is a file without an extension"),
    ],
)
def test_refusals_name_the_file_and_the_problem(
    data: bytes, filename: str, limits: ParseLimits, marker: str
) -> None:
    message = refusal(data, filename, limits)
    assert marker in message
    assert f"“{filename}”" in message


def test_unknown_extension_lists_the_supported_ones() -> None:
    message = refusal(b"x", "notes.rtf")
    assert all(extension in message for extension in SUPPORTED)


@pytest.mark.parametrize(
    "ending",
    [
        "Powered by WPeMatico",
        "Share this:\nFacebook\nTwitter",
        "Click here to subscribe to our daily briefing",
        "Related articles\nPutin meets Trump in Hamburg\nWarner speaks",
        "© 2017 Example Media Ltd",
        "Copyright 2017 Example News. All rights reserved.",
    ],
)
def test_trailing_boilerplate_is_cut(ending: str) -> None:
    document = parse_one(f"{WARNER}\n\n{CONLEY}\n\n{ending}\n".encode(), "story.txt")
    assert document.text == f"{WARNER}\n\n{CONLEY}"


@pytest.mark.parametrize(
    "ending",
    [
        "Copyright law was the focus of the debate.",
        "Powered by coal and oil, the plant ran for years.",
        "Five",
    ],
)
def test_article_endings_that_resemble_boilerplate_are_kept(ending: str) -> None:
    text = f"Share this: the senator's view.\n\n{WARNER}\n\n{CONLEY}\n\n{ending}"
    assert parse_one(text.encode(), "story.txt").text == text


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(st.binary(max_size=2048), st.text(max_size=512).map(str.encode)))
def test_any_bytes_named_txt_parse_or_are_refused(data: bytes) -> None:
    try:
        documents = parse_document(data, "anything.txt")
    except UnsupportedDocument as error:
        assert "“anything.txt”" in str(error)
        return
    assert documents and all(d.text.strip() and d.title for d in documents)
