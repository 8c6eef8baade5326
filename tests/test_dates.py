"""Every article has a date you can trust (issue 19): the date it gives itself, else the day it was added,
marked "added"; on both stores, kept by a rebuild, and shown with every source line (Telegram and console)."""

from __future__ import annotations

import time
from pathlib import Path

from bot.console import Conversation, handle
from bot.render import render_answer, render_sources
from bot.texts import articles_page, receipt
from index.library import Library
from index.types import day_of
from tests.botapi import parse_html

BRIDGE_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>Millbrook council backs new bridge</title>
<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2019-03-04T08:00:00+01:00"}</script>
</head><body><article><h1>Millbrook council backs new bridge</h1>
<p>The council voted 7-2 on Tuesday to build a new bridge over the Mill river, ending a debate of ten years.</p>
<p>"We cannot wait another winter," said Mayor Ana Ortiz. The new bridge will cost 12 million dollars.</p>
</article></body></html>"""
FERRY = ("Ferry service resumes in Harwick\n\nThe Harwick ferry carried its first passengers in three years on "
         "Monday. \"It is a good day for the island,\" said harbour master Tom Reyes.\n")


def added_between(when: str, started: float) -> bool:
    """Is `when` "added" and the day of a time from `started` to now (a test may run across midnight UTC)?"""
    return when in {f"added {day_of(started)}", f"added {day_of(time.time())}"}


def test_each_article_keeps_its_own_date_or_is_marked_added_on_both_stores(lib: Library) -> None:
    started = time.time()
    [bridge] = lib.add(BRIDGE_PAGE.encode(), "bridge.html")
    [ferry] = lib.add(FERRY.encode(), "ferry.txt")
    assert (bridge.date, bridge.when) == ("2019-03-04", "2019-03-04")
    assert ferry.date is None and added_between(ferry.when, started)
    listed = {info.title: info for info in lib.list()}
    assert listed[bridge.title].when == "2019-03-04" and listed[ferry.title].when == ferry.when
    assert listed["Trump confronts Putin on election meddling"].when.startswith("added ")  # the seed gives none
    cost = lib.ask("How much will the new bridge cost?")
    assert cost.found and [s.when for s in cost.sources] == ["2019-03-04"]
    reyes = lib.ask("What did Tom Reyes say?")
    assert reyes.statements and reyes.statements[0].source.date is None
    assert added_between(reyes.statements[0].source.when, started)
    assert f"— {ferry.title} ({ferry.when})" in reyes.text  # the quote answer's own source line


def test_a_rebuild_keeps_the_day_each_article_was_first_added(lib: Library, tmp_path: Path) -> None:
    folder = tmp_path / "sources"
    folder.mkdir()
    (folder / "bridge.html").write_text(BRIDGE_PAGE)
    (folder / "ferry.txt").write_text(FERRY)
    [uploaded] = lib.add(FERRY.encode(), "ferry.txt")
    first = lib.list(limit=1)[0]
    lib.rebuild([folder])
    rebuilt = {info.title: info for info in lib.list()}
    assert rebuilt[uploaded.title].added_at == first.added_at  # the same content: its first day, not the rebuild's
    assert rebuilt[uploaded.title].when == uploaded.when and uploaded.when.startswith("added ")
    assert rebuilt["Millbrook council backs new bridge"].when == "2019-03-04"  # read again from the page
    assert rebuilt["Millbrook council backs new bridge"].added_at > first.added_at  # new to the library


def test_every_source_line_shows_the_date_and_marks_an_added_one(library: Library) -> None:
    started = time.time()
    receipts = library.add(BRIDGE_PAGE.encode(), "bridge.html") + library.add(FERRY.encode(), "ferry.txt")
    ferry_when = receipts[1].when
    assert added_between(ferry_when, started)
    shown = parse_html(receipt(receipts, "ferry.txt").parts[0])[0]
    assert "📅 2019-03-04 ·" in shown and f"📅 {ferry_when} ·" in shown
    listing = parse_html(articles_page(library.list(), 0, 2, is_admin=False).parts[0])[0]
    assert "Millbrook council backs new bridge · 2019-03-04 ·" in listing
    assert f"Ferry service resumes in Harwick · {ferry_when} ·" in listing
    answer = library.ask("When did the Harwick ferry carry its first passengers?")
    assert answer.found and "\n— Ferry service resumes in Harwick" in answer.text, answer.text
    text = "".join(parse_html(part)[0] for part in render_answer(answer).parts)
    assert f"— Ferry service resumes in Harwick ({ferry_when})" in text, text
    assert "Millbrook council backs new bridge (2019-03-04)" in parse_html(
        render_sources(library.ask("How much will the new bridge cost?").sources))[0]
    console = handle(library, "When did the Harwick ferry carry its first passengers?", Conversation())
    assert f"— Ferry service resumes in Harwick ({ferry_when})" in console, console
    assert f"({ferry_when}, " in handle(library, "/articles")
