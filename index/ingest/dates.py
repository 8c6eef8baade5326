"""The date a document gives itself, for formats.py: a web page's (htmldate: meta tags, JSON-LD, its URL,
<time>, a byline), a PDF's (document info, else XMP) and a Word document's (core properties).

Pure: nothing is written and nothing touches the network. None means the document gives no date that can be
trusted; the library then shows the day the article was added, marked "added" (index/types.py `dated`).

htmldate runs without its extensive search: that search ends in guesses (a copyright line's year as 1 January,
"March 2014" as 1 March, any year in the text), and a guess shown as a publication date is what this module
exists to avoid. A byline nobody marked up ("By Jane Doe | 3 March 2021" under the headline) is read instead
from the few short lines between the headline and the story.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from html import escape

import lxml.html
from htmldate import find_date
from pypdf import PdfReader

EARLIEST = date(1990, 1, 1)  # before any PDF or Word document of the kind read here: a clock at zero, not a date
_PYTHON_DOCX = datetime(2013, 12, 23, 23, 15, tzinfo=UTC)  # python-docx's default template's stamp: no document's
_BYLINE_LINES = 4  # lines under the headline looked at for a byline
_BYLINE_CHARS = 120  # a longer line is the story, not a byline


def plausible(stamp: date | None, today: date | None = None) -> str | None:
    """A metadata date as "YYYY-MM-DD" when it can be a real one: from EARLIEST to tomorrow (a clock ahead).

    >>> plausible(datetime(2017, 7, 8, 23, 30)), plausible(date(1970, 1, 1))
    ('2017-07-08', None)
    >>> plausible(date(2027, 1, 1), today=date(2026, 12, 7)) is None
    True
    """
    if stamp is None:
        return None
    day = stamp.date() if isinstance(stamp, datetime) else stamp  # the day where it was written, not in UTC
    today = today or datetime.now(UTC).date()
    return day.isoformat() if EARLIEST <= day <= today + timedelta(days=1) else None


def page_date(tree: lxml.html.HtmlElement) -> str | None:
    """A web page's publication date from its markup, scripts included (JSON-LD lives in <script>): meta tags
    (article:published_time, dc.date, ...), JSON-LD datePublished, a date in its canonical URL, <time>, an
    element marked as a byline or date; the publication date before a modification date."""
    today = datetime.now(UTC).date()
    found = find_date(tree, extensive_search=False, original_date=True, min_date=EARLIEST.isoformat(),
                      max_date=(today + timedelta(days=1)).isoformat())
    return found or None


def byline_date(lines: list[str], headline: str | None) -> str | None:
    """The date of a byline: one of the few short lines under the headline, before the story begins.

    >>> byline_date(["Warner warns", "By Jane Doe | 3 March 2021", "Senator Mark Warner said ..."], "Warner warns")
    '2021-03-03'
    >>> byline_date(["Warner warns", "Ten years after the 2014 floods"], "Warner warns") is None
    True
    """
    lines = [" ".join(line.split()) for line in lines]
    start = lines.index(headline) + 1 if headline in lines else 0
    shown = []
    for line in lines[start : start + _BYLINE_LINES]:
        if len(line) > _BYLINE_CHARS:
            break  # the story has begun: a date in it is an event's, not the article's
        shown.append(f'<p class="byline">{escape(line)}</p>')
    if not shown:
        return None
    # marked as the bylines they may be, so htmldate reads them as it reads a marked byline (and guesses nothing)
    return page_date(lxml.html.document_fromstring(f"<html><body>{''.join(shown)}</body></html>"))


def pdf_date(reader: PdfReader) -> str | None:
    """A PDF's date: its document info /CreationDate, else XMP's xmp:CreateDate, else its first dc:date."""
    for read in (_info_created, _xmp_created, _xmp_dated):
        try:
            found = plausible(read(reader))
        except Exception:  # pypdf raises many unrelated types on malformed metadata: then it gives no date
            continue
        if found:
            return found
    return None


def _info_created(reader: PdfReader) -> datetime | None:
    return reader.metadata.creation_date if reader.metadata else None


def _xmp_created(reader: PdfReader) -> datetime | None:
    xmp = reader.xmp_metadata
    return xmp.xmp_create_date if xmp else None


def _xmp_dated(reader: PdfReader) -> date | None:
    xmp = reader.xmp_metadata
    return next(iter(xmp.dc_date or []), None) if xmp else None


def docx_date(created: datetime | None, modified: datetime | None) -> str | None:
    """A Word document's date from its core properties: when it was created, else last modified; never the stamp
    python-docx's template carries into documents made without setting one.

    >>> docx_date(datetime(2021, 3, 3, 9, 0, tzinfo=UTC), None), docx_date(_PYTHON_DOCX, _PYTHON_DOCX)
    ('2021-03-03', None)
    """
    for stamp in (created, modified):
        if stamp is not None and stamp != _PYTHON_DOCX and (found := plausible(stamp)):
            return found
    return None
