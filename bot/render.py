"""Answer -> Telegram HTML: every piece of article text escaped, replies split safely below 4096.

Telegram's HTML mode knows a few tags (b, i, a, blockquote...) and four named entities; anything from an
article goes through `esc()` (html.escape), so a '<' in a quote can never break the message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.callbacks import encode
from index.answer.followup import question_names
from index.answer.statements import brief, statement_text
from index.types import Answer, Passage, Quote, Source, Statement

LIMIT = 4096  # Telegram's cap on a message, counted in UTF-16 units after entities are parsed
PAGE = 3  # "more" results per page
PEOPLE = 6  # "also quoted" buttons at most
_TOKENS = re.compile(r"<[^>]*>|\s+|(?:&[#A-Za-z0-9]+;|[^<\s])+|<")  # tags, spaces, words (entities inside)
_UNITS = re.compile(r"&[#A-Za-z0-9]+;|.", re.S)  # a word's characters, an entity counting as one
_TAG_NAME = re.compile(r"</?([A-Za-z][A-Za-z0-9-]*)")
_ATTRIBUTION = "\n— "


@dataclass(frozen=True)
class Reply:
    """One or more HTML messages; `buttons` go under the last one."""

    parts: list[str]
    buttons: InlineKeyboardMarkup | None = None


def esc(text: str) -> str:
    """Escape text for Telegram HTML (quotes too, so it is safe inside attributes)."""
    return escape(text, quote=True)


def size(html: str) -> int:
    """How long Telegram would count `html` at most: UTF-16 units, tags included (conservative)."""
    return len(html.encode("utf-16-le")) // 2


def link(title: str, url: str | None) -> str:
    """A source title, linked when its URL is a usable http(s) URL."""
    if url and url.startswith(("http://", "https://")) and len(url) < 1024:
        return f'<a href="{esc(url)}">{esc(title)}</a>'
    return esc(title)


def split_html(html: str, limit: int = LIMIT) -> list[str]:
    """Split HTML into parts of at most `limit`, cutting only between tokens and re-opening tags.

    Paragraphs ("\\n\\n" outside any tag) are kept whole when they fit.
    >>> split_html("<b>" + "word " * 4 + "</b>", limit=20)
    ['<b>word word </b>', '<b>word word </b>']
    """
    parts: list[str] = []
    current = ""
    for paragraph in _paragraphs(html):
        joined = f"{current}\n\n{paragraph}" if current else paragraph
        if size(joined) <= limit:
            current = joined
            continue
        if current:
            parts.append(current)
        pieces = _split_tokens(paragraph, limit) if size(paragraph) > limit else [paragraph]
        parts.extend(pieces[:-1])
        current = pieces[-1]
    if current:
        parts.append(current)
    return [part for part in parts if _visible(part)]


def _paragraphs(html: str) -> list[str]:
    """Split at blank lines that are outside every tag."""
    paragraphs, depth, start = [], 0, 0
    for match in re.finditer(r"<(/?)[A-Za-z][^>]*>|\n\n", html):
        if match.group() == "\n\n":
            if depth == 0:
                paragraphs.append(html[start : match.start()])
                start = match.end()
        else:
            depth += -1 if match.group(1) else 1
    paragraphs.append(html[start:])
    return [p for p in paragraphs if p.strip()]


def _split_tokens(html: str, limit: int) -> list[str]:
    """Greedy split at token boundaries (tags, entities, words, spaces), closing and re-opening tags."""
    parts: list[str] = []
    stack: list[tuple[str, str]] = []  # (name, opening tag) of the tags open at the end of `current`
    current = ""
    for token in _pieces(html, limit // 4):
        after = _after(stack, token)
        if size(current + token + _closes(after)) > limit and _visible(current):
            parts.append(current + _closes(stack))
            current = "".join(tag for _, tag in stack)
        current += token
        stack = after
    parts.append(current)
    return parts


def _after(stack: list[tuple[str, str]], token: str) -> list[tuple[str, str]]:
    """The open tags after `token`."""
    name = _TAG_NAME.match(token) if token.startswith("<") else None
    if name is None:
        return stack
    return stack[:-1] if token.startswith("</") else [*stack, (name.group(1).lower(), token)]


def _closes(stack: list[tuple[str, str]]) -> str:
    return "".join(f"</{name}>" for name, _ in reversed(stack))


def _pieces(html: str, longest: int) -> list[str]:
    """Tokens, with words longer than `longest` cut into pieces (never inside a tag or an entity)."""
    out = []
    for token in _TOKENS.findall(html):
        if token.startswith("<") or len(token) <= longest:
            out.append(token)
        else:
            units = _UNITS.findall(token)
            out.extend("".join(units[i : i + longest // 8]) for i in range(0, len(units), longest // 8))
    return out


def _visible(html: str) -> bool:
    return bool(re.sub(r"<[^>]*>", "", html).strip())


# -- answers ----------------------------------------------------------------------------------------------
def render_answer(answer: Answer, token: str | None = None, asked: str | None = None) -> Reply:
    """The reply to a question; `asked` is shown when a follow-up was rewritten ("↪ What did X say?")."""
    blocks = [f"<i>↪ {esc(asked)}</i>"] if asked else []
    if not answer.found:
        blocks.append(esc(answer.text.split("\n", 1)[0] if answer.statements else answer.text))
        blocks += [_statement(s) for s in answer.statements]  # "who said" naming nobody: the closest ones
        if answer.kind == "ambiguous":  # "which one?": a button per person asks again for that one
            return Reply(split_html("\n\n".join(blocks)), _buttons(answer, token))
        blocks.append("<i>Try other words, or /articles to see what I have read.</i>")
        return Reply(split_html("\n\n".join(blocks)))
    if answer.statements:
        head = answer.text.split("\n", 1)[0]
        blocks.append(bold_names(esc(head), [answer.speaker or ""]))
        blocks += [_statement(s) for s in answer.statements]
    elif answer.quotes:
        blocks += [_quote(q, answer.sources) for q in answer.quotes]
    else:
        blocks.append(_attributed(answer.text, answer.passages, answer.sources, _names(answer), answer.span))
    cited = _cited(answer)
    if cited:
        blocks.append("<b>Sources:</b> " + "; ".join(_source(s) for s in cited))
    return Reply(split_html("\n\n".join(blocks)), _buttons(answer, token))


def _buttons(answer: Answer, token: str | None) -> InlineKeyboardMarkup | None:
    """ "More results", and one button per other person quoted under the name asked about."""
    rows = list(more_button(answer, token, 0).inline_keyboard) if more_button(answer, token, 0) else []
    if token:
        people = [InlineKeyboardButton(f"What did {name} say?", callback_data=encode("who", f"{token}-{i}"))
                  for i, name in enumerate(answer.also_quoted[:PEOPLE])]
        rows += [people[i : i + 2] for i in range(0, len(people), 2)]
    return InlineKeyboardMarkup(rows) if rows else None


def render_more(answer: Answer, shown: int, token: str | None) -> Reply:
    """The next page of `answer.more`, starting at index `shown`."""
    page = answer.more[shown : shown + PAGE]
    if not page:
        return Reply(["That's everything I found for this question."])
    span = f"{shown + 1}–{shown + len(page)} of {len(answer.more)}"
    blocks = [f"<i>More for “{esc(answer.question)}” ({span})</i>"]
    blocks += [_attributed(item, answer.passages, answer.sources, _names(answer)) for item in page]
    return Reply(split_html("\n\n".join(blocks)), more_button(answer, token, shown + len(page)))


def render_sources(sources: list[Source]) -> str:
    """The /sources reply: each article the last answer drew on."""
    if not sources:
        return "The last answer did not use any article."
    lines = [f"{n}. {_source(s)}" for n, s in enumerate(sources, 1)]
    return "<b>Sources of the last answer</b>\n" + "\n".join(lines)


def more_button(answer: Answer, token: str | None, shown: int) -> InlineKeyboardMarkup | None:
    left = len(answer.more) - shown
    if not token or left <= 0:
        return None
    label = f"More results ({left})"
    return InlineKeyboardMarkup([[InlineKeyboardButton(label, callback_data=encode("more", token))]])


def _quote(quote: Quote, sources: list[Source]) -> str:
    who = f"<b>{esc(quote.canonical or quote.speaker)}</b>"
    if quote.description:
        who += f", <i>{esc(quote.description)}</i>"
    source = next((s for s in sources if s.article_id == quote.article_id), None)
    cite = f"\n— {_source(source)}" if source else ""
    return f"{who} {esc(quote.cue or 'said')}:\n<blockquote>{esc(quote.content)}</blockquote>{cite}"


def _statement(statement: Statement) -> str:
    """One statement in its own words, then its own source: linked title, publisher, date, wire copies."""
    quote, source = statement.quote, statement.source
    words = esc(brief(quote.content)) if quote.kind != "reported" else esc(statement_text(quote))
    cite = ""
    if source is not None:
        meta = ", ".join(esc(x) for x in (source.publisher, source.when) if x)
        cite = "\n— " + link(source.title, source.url) + (f" ({meta})" if meta else "")
        if statement.also_in:
            cite += f"; also in {statement.also_in} other article{'s' if statement.also_in > 1 else ''}"
    return f"<blockquote>{words}</blockquote>{cite}"


def _names(answer: Answer) -> list[str]:
    """Who the answer is about, to set in bold: its speaker, else the names in the question."""
    return [answer.speaker] if answer.speaker else question_names(answer.question)


def bold_names(html: str, names: list[str]) -> str:
    """Set each name in bold inside escaped text (longest first, so "Mark Warner" wins over "Warner").

    >>> bold_names("Mark Warner &amp; Warner", ["Warner", "Mark Warner"])
    '<b>Mark Warner</b> &amp; <b>Warner</b>'
    """
    escaped = sorted({esc(n) for n in names if len(n) > 2}, key=len, reverse=True)
    if not escaped:
        return html
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, escaped)) + r")\b")
    return pattern.sub(r"<b>\1</b>", html)


def bold_span(html: str, span: str | None) -> str:
    """Set the words that answer (a number, a name, a date) in bold, once, inside escaped text.

    >>> bold_span("At least 45 were aboard; 45 &lt; 50", "45")
    'At least <b>45</b> were aboard; 45 &lt; 50'
    """
    if not span:
        return html
    return re.sub(rf"(?<![\w<&/])({re.escape(esc(span))})(?!\w)", r"<b>\1</b>", html, count=1)


def _attributed(text: str, passages: list[Passage], sources: list[Source], names: list[str],
                span: str | None = None) -> str:
    """A result text "words\\n— Title": the words set apart (the answering span in bold), the title linked
    where a URL is known and dated as every source line is."""
    body, title = text, ""
    if _ATTRIBUTION in text:
        body, _, title = text.rpartition(_ATTRIBUTION)
    names = [n for n in names if not span or (n not in span and span not in n)]
    html = bold_span(bold_names(esc(body.strip()), names), span)
    if not title:
        return html
    url = next((s.url for s in sources if s.title == title and s.url), None)
    url = url or next((p.url for p in passages if p.title == title and p.url), None)
    when = when_of(title, sources, passages)
    return f"<blockquote>{html}</blockquote>\n— {link(title, url)}" + (f" ({esc(when)})" if when else "")


def when_of(title: str, sources: list[Source], passages: list[Passage]) -> str:
    """The date shown after an answer's "— Title": its article's (Source.when), "" when the title is no article's.

    >>> when_of("Bridge", [Source("a", "Bridge", added="2026-12-07")], []), when_of("Other", [], [])
    ('added 2026-12-07', '')
    """
    return next((item.when for item in (*sources, *passages) if item.title == title and item.when), "")


def _cited(answer: Answer) -> list[Source]:
    """Sources not already credited inline (a quote's citation, or "— Title" in the text)."""
    if answer.statements:
        return []  # each statement carries its own source
    if answer.quotes:
        quoted = {q.article_id for q in answer.quotes}
        return [s for s in answer.sources if s.article_id not in quoted]
    return [s for s in answer.sources if f"{_ATTRIBUTION}{s.title}" not in answer.text]


def _source(source: Source) -> str:
    """A linked title and its date: "Title (2017-07-08)", or "Title (added 2026-12-07)" when it gives none."""
    return link(source.title, source.url) + (f" ({esc(source.when)})" if source.when else "")
