"""The date each format gives itself (index/ingest/dates.py): a web page's markup or byline, a PDF's and a Word
document's metadata, a text's "Date:" line; none where the document gives none (the library then shows the day
it was added, marked: tests/test_dates.py)."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.xmp import XmpInformation

from .parse_samples import (
    make_docx,
    make_pdf,
    offline_and_diskless,  # noqa: F401 (an autouse fixture: no network, no files written)
    parse_one,
)

STORY = ("The harbour ferry returned to service on Monday after three weeks of repairs to its engines, the port "
         "authority said in a statement to passengers.")
MORE = ("Travellers who remembered the long closure of 2014 said they were glad of the quick repair. The operator "
        "said the boat would run twice a day until the summer timetable begins, as it did in March 2025.")
PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>Harbour ferry returns</title>{head}</head>
<body><article><h1>Harbour ferry returns</h1>{byline}<p>{story}</p><p>{more}</p></article>
<footer><p>© 2019 Example News. All rights reserved.</p></footer></body></html>"""
JSON_LD = ('<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle", '
           '"datePublished": "2019-03-04T08:00:00+01:00", "dateModified": "2019-05-01T10:00:00+01:00"}</script>')


def page(head: str = "", byline: str = "") -> bytes:
    return PAGE.format(head=head, byline=byline, story=STORY, more=MORE).encode()


@pytest.mark.parametrize(
    "head, byline, expected",
    [
        ('<meta property="article:published_time" content="2017-07-08T10:00:00Z">', "", "2017-07-08"),
        (JSON_LD, "", "2019-03-04"),  # published, not modified; read before the <script>s are dropped
        ("", '<p class="byline">By Jane Doe, March 3, 2021</p>', "2021-03-03"),
        ("", "<p>By Jane Doe | 3 March 2021</p>", "2021-03-03"),  # a byline nobody marked up
        ("", "", None),  # the copyright line's year and the story's "2014", "March 2025" are no publication date
    ],
)
def test_a_web_page_gives_its_date(head: str, byline: str, expected: str | None) -> None:
    document = parse_one(page(head, byline), "ferry.html")
    assert document.date == expected
    assert STORY in document.text


def dated_pdf(info: str | None = None, xmp: datetime | None = None) -> bytes:
    """A reportlab PDF whose document info /CreationDate is `info` (none when None), with an XMP create date."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf([STORY, MORE], title="Harbour ferry returns"))))
    kept = {k: v for k, v in (writer.metadata or {}).items() if k not in ("/CreationDate", "/ModDate")}
    writer.metadata = None
    writer.add_metadata(kept | ({"/CreationDate": info} if info else {}))
    if xmp is not None:
        packet = XmpInformation.create()
        packet.xmp_create_date = xmp
        writer.xmp_metadata = packet
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "info, xmp, expected",
    [
        ("D:20190304233000-05'00'", None, "2019-03-04"),  # the day where it was written, not in UTC
        (None, datetime(2018, 5, 6, 7, 8), "2018-05-06"),
        ("D:19700101000000Z", None, None),  # a clock at zero is no date
        (None, None, None),
    ],
)
def test_a_pdf_gives_its_metadata_date(info: str | None, xmp: datetime | None, expected: str | None) -> None:
    assert parse_one(dated_pdf(info, xmp), "ferry.pdf").date == expected


def test_a_word_document_gives_its_created_date_never_the_template_stamp() -> None:
    created = make_docx([STORY, MORE], title="Ferry", created=datetime(2021, 3, 3, 9, 0, tzinfo=UTC))
    assert parse_one(created, "ferry.docx").date == "2021-03-03"
    assert parse_one(make_docx([STORY, MORE], title="Ferry"), "ferry.docx").date is None  # python-docx's 2013 stamp


@pytest.mark.parametrize(
    "text, expected",
    [(f"Harbour ferry returns\nDate: March 3, 2021\n\n{STORY}", "2021-03-03"),
     (f"Harbour ferry returns\n\n{STORY}", None)],
)
def test_a_text_gives_the_date_of_its_date_line(text: str, expected: str | None) -> None:
    assert parse_one(text.encode(), "ferry.txt").date == expected
