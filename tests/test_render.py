"""Rendering answers as Telegram HTML: escaping, safe splitting below 4096, quotes, sources, buttons.

Every rendered message is checked with the fake Bot API's strict entity parser, i.e. as Telegram would.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.callbacks import parse
from bot.render import LIMIT, render_answer, render_more, render_sources, split_html
from bot.texts import articles_page, receipt
from index.types import Answer, ArticleInfo, Passage, Quote, Receipt, Source
from tests.botapi import parse_html, utf16_len

NASTY = 'He said <script>alert("x")</script> & AT&T\'s "a < b > c" &amp; 🙂'


def plain(parts: list[str]) -> str:
    """The text a user sees, every part validated like Telegram does."""
    texts = []
    for part in parts:
        text, _ = parse_html(part)
        assert utf16_len(text) <= LIMIT
        texts.append(text)
    return "\n".join(texts)


def passage(text: str, title: str = "Title", url: str | None = None) -> Passage:
    return Passage(1, "a1", title, text, 0.8, 0, len(text), url)


def test_article_text_is_escaped() -> None:
    answer = Answer("q", f"{NASTY}\n— T & <T>", True, passages=[passage(NASTY, "T & <T>")],
                    sources=[Source("a1", "T & <T>")])
    shown = plain(render_answer(answer).parts)
    assert NASTY in shown and "T & <T>" in shown


def test_quotes_bold_speaker_blockquote_and_linked_source() -> None:
    quote = Quote("US Senator Mark Warner", "Mark Warner", "said", "It would have had <more> force", "direct",
                  0, 10, "a Virginia Democrat", "a1")
    answer = Answer("What did Warner say?", "...", True, quotes=[quote],
                    sources=[Source("a1", "Trump & Putin", "https://example.com/a?x=1&y=2")], kind="quotes")
    html = render_answer(answer).parts[0]
    text, entities = parse_html(html)
    kinds = {e["type"] for e in entities}
    assert {"bold", "blockquote", "text_link", "italic"} <= kinds
    link = next(e for e in entities if e["type"] == "text_link")
    assert link["url"] == "https://example.com/a?x=1&y=2"
    assert "It would have had <more> force" in text


def test_names_from_the_question_are_bold() -> None:
    answer = Answer("What did Warner say?", "Mark Warner said no.\n— T", True, passages=[passage("x")])
    assert "<b>Warner</b>" in render_answer(answer).parts[0]


def test_unsafe_urls_are_not_linked() -> None:
    assert "href" not in render_sources([Source("a", "Evil", "javascript:alert(1)")])
    assert 'href="https://e.com/?a=1&amp;b=2"' in render_sources([Source("a", "Ok", "https://e.com/?a=1&b=2")])


def test_not_found_has_no_buttons_and_says_so() -> None:
    answer = Answer("Weather?", "I could not find that in the articles.", False)
    reply = render_answer(answer, token="0a1b2c3d")
    assert reply.buttons is None and "could not find" in plain(reply.parts)


def test_rewritten_follow_up_is_shown() -> None:
    answer = Answer("What did Mark Warner say?", "x\n— T", True)
    reply = render_answer(answer, asked="What did Mark Warner say?")
    assert "↪ What did Mark Warner say?" in plain(reply.parts)


def test_more_button_pages_through_more() -> None:
    more = [f"result {n} <b>\n— T" for n in range(5)]
    answer = Answer("q", "first\n— T", True, more=more)
    reply = render_answer(answer, token="0a1b2c3d")
    button = reply.buttons.inline_keyboard[0][0]
    assert button.text == "More results (5)" and parse(button.callback_data).arg == "0a1b2c3d"
    page = render_more(answer, 0, "0a1b2c3d")
    assert "result 2 <b>" in plain(page.parts) and "result 3" not in plain(page.parts)
    assert page.buttons.inline_keyboard[0][0].text == "More results (2)"
    assert render_more(answer, 3, "0a1b2c3d").buttons is None
    assert "everything" in render_more(answer, 5, "0a1b2c3d").parts[0]


def test_long_answer_is_split_with_tags_reopened() -> None:
    body = " ".join(f"word{n} & <{n}>" for n in range(3000))
    answer = Answer("q", f"{body}\n— Title", True, passages=[passage(body)], more=["x"])
    reply = render_answer(answer, token="0a1b2c3d")
    assert len(reply.parts) >= 3
    assert all(p.startswith("<blockquote>") for p in reply.parts)
    assert " ".join(plain(reply.parts).split()).startswith("word0 & <0> word1")
    assert reply.buttons is not None  # under the last part


@pytest.mark.parametrize("limit", [100, 150, 4096])
def test_split_never_cuts_inside_a_tag_or_entity(limit: int) -> None:
    html = ('<b>bold &amp; strong</b> <a href="https://example.com/very/long/path">link text here</a> '
            "<blockquote>quoted &lt;words&gt; go on and on</blockquote> ") * 40
    parts = split_html(html, limit)
    for part in parts:
        assert utf16_len(part) <= limit
        assert not re.search(r"&[a-z]*$|<[^>]*$", part)
    assert " ".join(plain(parts).split()) == " ".join(parse_html(html)[0].split())


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab <>&\"'\n🙂é")), max_size=600),
       st.integers(min_value=64, max_value=300))
def test_any_text_renders_to_valid_parts(text: str, limit: int) -> None:
    from bot.render import esc

    html = f"<b>{esc(text)}</b>\n\n<blockquote>{esc(text)}</blockquote>"
    parts = split_html(html, limit)
    assert all(utf16_len(p) <= limit for p in parts)
    shown = "".join(plain(parts).split())
    assert shown == "".join((text + text).split())


def test_receipt_escapes_titles_and_offers_undo() -> None:
    reply = receipt([Receipt("abc123", "A <b> & c", 3, 1.25, 2, "2024-01-02", "https://e.com/x")], "a.txt")
    text, _ = parse_html(reply.parts[0])
    assert "A <b> & c" in text and "3 passages" in text and "2 quotes" in text and "2024-01-02" in text
    assert parse(reply.buttons.inline_keyboard[0][0].callback_data).arg == "abc123"


def test_receipt_of_a_zip_with_a_duplicate() -> None:
    receipts = [Receipt("aaa", "New", 1, 0.5, 0), Receipt("bbb", "Old", 0, 0.0, duplicate_of="bbb")]
    reply = receipt(receipts, "x.zip")
    assert "Already in the library" in parse_html(reply.parts[0])[0]
    assert len(reply.buttons.inline_keyboard) == 1


def test_articles_page_buttons() -> None:
    rows = [ArticleInfo(f"id{n}", f"T{n} <x>", 2, 0.0) for n in range(8)]
    reply = articles_page(rows, 8, 30, is_admin=True)
    parse_html(reply.parts[0])
    labels = [b.text for b in reply.buttons.inline_keyboard[0]]
    data = [parse(b.callback_data).arg for b in reply.buttons.inline_keyboard[0]]
    assert labels == ["‹ Newer", "Older ›"] and data == ["0", "16"]


def test_statements_carry_their_own_sources_and_people_buttons() -> None:
    from index.answer.route import Route
    from index.answer.statements import quote_answer, which_one
    from index.types import Statement

    quote = Quote("Trump", "Donald Trump", "said", "Mexico will pay <for> it", "direct", 0, 20, "", "a1")
    source = Source("a1", "Trump in Mexico", "https://news.example.org/1", "2016-08-31", "Reuters")
    answer = quote_answer("What did Trump say?", Route("quotes", "Trump"), "Donald Trump",
                          [Statement(quote, source, also_in=2)], ["Ivanka Trump", "Eric Trump"])
    reply = render_answer(answer, token="0123abcd")
    text = plain(reply.parts)
    assert text.startswith("Donald Trump said (also quoted: Ivanka Trump, Eric Trump):")
    assert "Mexico will pay <for> it" in text and "Trump in Mexico (Reuters, 2016-08-31); also in 2" in text
    buttons = [b for row in reply.buttons.inline_keyboard for b in row]
    assert [b.text for b in buttons] == ["What did Ivanka Trump say?", "What did Eric Trump say?"]
    assert [parse(b.callback_data).arg for b in buttons] == ["0123abcd-0", "0123abcd-1"]
    ambiguous = which_one("What did Brown say?", Route("quotes", "Brown"), ["Gordon Brown", "Bob Brown"])
    asked = render_answer(ambiguous, token="0123abcd")
    assert [b.text for row in asked.buttons.inline_keyboard for b in row] == [
        "What did Gordon Brown say?", "What did Bob Brown say?"]


def test_who_said_naming_nobody_shows_the_closest_statements_each_with_its_source() -> None:
    from index.answer.route import Route
    from index.answer.statements import who_said_answer
    from index.types import Statement

    quote = Quote("Smith", "J. Smith", "said", "The quotas <are> killing this town", "direct", 0, 30, "", "a1")
    source = Source("a1", "Fishermen protest", "https://news.example.org/q", "2016-06-03", "Wikinews")
    answer = who_said_answer("Who said fishing limits ruin us?", Route("who_said", phrase="fishing limits ruin us"),
                             None, closest=[Statement(quote, source)])
    text = plain(render_answer(answer).parts)
    assert text.startswith("I could not find who said that in the articles. The closest statements I have:")
    assert "The quotas <are> killing this town" in text and "Fishermen protest (Wikinews, 2016-06-03)" in text
    assert "J. Smith" not in text and "Smith said" not in text
