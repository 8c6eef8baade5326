"""parse_document on single files: txt, md, html, pdf, docx, sniffed content, refusals, boilerplate."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from index.errors import UnsupportedDocument
from index.ingest import formats
from index.ingest.parse import SUPPORTED, ParseLimits, parse_document

from .parse_samples import (
    ARTICLE_HTML,
    CONLEY,
    SEED,
    WARNER,
    encrypt_pdf,
    make_docx,
    make_image_pdf,
    make_pdf,
    make_zip,
    offline_and_diskless,  # noqa: F401 (an autouse fixture: no network, no files written)
    parse_one,
    refusal,
)


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


def test_html_site_name_is_its_source() -> None:
    named = ARTICLE_HTML.replace(b"<title>", b'<meta property="og:site_name" content="Example News"><title>')
    assert parse_one(named, "page.html").source == "Example News"
    assert parse_one(ARTICLE_HTML, "page.html").source == "page.html"  # a bare host name is no publisher


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
