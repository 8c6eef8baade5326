"""Hostile uploads, measured: a folder of nasty files is generated and each is added to a real library.
Every one is either refused with UnsupportedDocument (a sentence naming the file and the problem) or stored
whole; a refusal leaves the library exactly as it was; parsing stays within time and memory bounds.

The bounds (index/ingest/formats.py ParseLimits): 20 MB a file, 500 PDF pages, 1,000 zip entries, 100 MB
unpacked, a compression ratio of 100, 2,000,000 characters an article, 1,000 articles an upload.
"""

from __future__ import annotations

import io
import time
import tracemalloc
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from index.errors import UnsupportedDocument
from index.ingest.parse import SUPPORTED, parse_document

from .parse_samples import encrypt_pdf, make_docx, make_image_pdf, make_pdf, make_zip

MB = 1024 * 1024
LINE = "Mayor Ann Lee said the Hollowmere bridge will open in May. "
SECONDS = 10.0  # per file, parse + store, on a 2-core machine
PARSE_PEAK_MB = 400  # Python allocations while parsing one file (the largest input is 20 MB)


def _docx_bomb() -> bytes:
    bomb = io.BytesIO(make_docx([LINE]))
    with zipfile.ZipFile(bomb, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document2.xml", b"<a>" * 10_000_000)
    return bomb.getvalue()


def _tiny_articles(n: int) -> bytes:
    return b"\n".join(b'{"id":"%d","title":"Note %d","text":"%s %d"}' % (i, i, LINE.encode(), i) for i in range(n))


NASTY = {  # name -> (bytes, whether it is refused)
    "empty.txt": (lambda: b"", True),
    "line-50mb.txt": (lambda: b"a" * 50 * MB, True),
    "line-19mb.txt": (lambda: b"word " * (19 * MB // 5), True),
    "binary.txt": (lambda: bytes(range(256)) * 4096, True),
    "nested.html": (lambda: b"<div>" * 100_000 + LINE.encode() + b"</div>" * 100_000, True),
    "unclosed.html": (lambda: b"<div><span>" * 200_000 + LINE.encode(), True),
    "scripts-only.html": (lambda: b"<script>alert(1)</script>" * 10_000, True),
    "encrypted.pdf": (lambda: encrypt_pdf(make_pdf([LINE]), "secret"), True),
    "scanned.pdf": (make_image_pdf, True),
    "docx-named.pdf": (lambda: make_docx([LINE * 5]), True),
    "bomb.docx": (_docx_bomb, True),
    "traversal.zip": (lambda: make_zip({"../../etc/cron.d/evil.txt": LINE.encode()}), True),
    "thousands.zip": (lambda: make_zip({f"{i}.txt": f"{LINE} {i}".encode() for i in range(1001)}), True),
    "nested.zip": (lambda: make_zip({"inner.zip": make_zip({"a.txt": LINE.encode()})}), True),
    "tiny-articles.jsonl": (lambda: _tiny_articles(100_000), True),
    "invalid-utf8.txt": (lambda: (LINE * 20).encode() + b"\xff\xfe\xc3\x28\xa0" * 200, False),
    "scripts.html": (lambda: b"<p><script>steal()</script>" + (LINE * 10).encode() + b"<img onerror=x()></p>", False),
    "pdf-named.txt": (lambda: make_pdf([LINE * 5, "Wrong extension, right content."]), False),
}


def _state(library) -> tuple:
    db = library.store.db
    tables = ("articles", "chunks", "quotes", "vectors", "chunks_fts")
    return tuple(db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in tables), library.store.vectors.count


@pytest.fixture(scope="module")
def nasty_folder(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("nasty")
    for name, (make, _) in NASTY.items():
        (folder / name).write_bytes(make())
    return folder


@pytest.mark.parametrize("name", sorted(NASTY))
def test_nasty_file(name: str, nasty_folder, library) -> None:
    library.add(b"Harbour news\n\nThe harbour master said the ferry runs again.", "harbour.txt")
    before = _state(library)
    data = (nasty_folder / name).read_bytes()
    tracemalloc.start()
    started = time.perf_counter()
    try:
        parse_document(data, name)
    except UnsupportedDocument:
        pass
    peak = tracemalloc.get_traced_memory()[1] / MB
    tracemalloc.stop()
    assert peak < PARSE_PEAK_MB, f"parsing {name} allocated {peak:.0f} MB"
    refused = NASTY[name][1]
    if refused:
        with pytest.raises(UnsupportedDocument, match=f"“{name}”"):
            library.add(data, name)
        assert _state(library) == before  # nothing partial stored
    else:
        (receipt,) = library.add(data, name)
        text = library.store.article_text(receipt.article_id)
        assert "Hollowmere" in text and "steal()" not in text and "\ufffd" not in text[:200]
    assert time.perf_counter() - started < SECONDS


_NAMES = st.tuples(st.text("abcxyz-_ .", max_size=8), st.sampled_from([*SUPPORTED, ".exe", ".TXT", ""]))
_MEMBERS = st.dictionaries(
    st.text("abc/._-\\:", min_size=1, max_size=12).map(lambda n: n + ".txt"),
    st.one_of(st.binary(max_size=300), st.text(max_size=200).map(str.encode)), max_size=5,
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_NAMES, st.one_of(
    st.binary(max_size=4096),
    st.text(max_size=1024).map(str.encode),
    st.lists(st.text("<>/ab=\"' \n", max_size=30), max_size=40).map(lambda parts: "".join(parts).encode()),
    _MEMBERS.map(make_zip),
))
def test_any_upload_parses_within_limits_or_is_refused(name: tuple[str, str], data: bytes) -> None:
    filename = "".join(name)
    try:
        documents = parse_document(data, filename)
    except UnsupportedDocument as error:
        assert str(error).strip()
        return
    assert 0 < len(documents) <= 1000
    assert all(d.text.strip() and d.title and len(d.text) <= 2_000_000 for d in documents)
