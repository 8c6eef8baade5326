"""parse_document on many-article inputs: JSON Lines bulk imports and zip archives (and zip bombs in docx)."""

from __future__ import annotations

import io
import json
import zipfile

import pytest

from index.ingest.parse import ParseLimits, parse_archive, parse_document

from .parse_samples import (
    ARTICLE_HTML,
    CONLEY,
    WARNER,
    make_docx,
    make_pdf,
    make_zip,
    offline_and_diskless,  # noqa: F401 (an autouse fixture: no network, no files written)
    refusal,
)


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
