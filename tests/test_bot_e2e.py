"""End to end: the real bot process (`python -m bot`) against a local Bot API server on 127.0.0.1.

The bot starts once for the module (loading the model takes seconds); every scenario uses its own chat.
The server validates HTML entities and message length exactly as Telegram does, so any reply the bot
sends successfully is one Telegram would accept.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.botapi import FakeBotApi, Message, utf16_len
from tests.botapi.documents import ENCODERS, Story, as_md, as_txt, as_zip
from tests.botapi.process import BotProcess

pytestmark = pytest.mark.timeout(120)

TOKEN = "123456:TEST-TOKEN-e2e"
ADMINS = list(range(9001, 9021))  # one admin per upload scenario, each in their own private chat
RATE_LIMIT = 8
STORIES = {
    "txt": Story("Brennick pier to be rebuilt", "Oriel Vantongeren", "Brennick",
                 "We will rebuild the Brennick pier stone by stone"),
    "md": Story("Saltmarsh ferry returns", "Dagny Feldkirch", "Saltmarsh",
                "The ferry is the heartbeat of Saltmarsh and it must sail again"),
    "html": Story("Quillon lighthouse saved", "Tobiah Marchetti", "Quillon",
                  "Nobody in Quillon wants to lose the lighthouse to developers"),
    "pdf": Story("Ravensholm docks reopen", "Ysolde Achterberg", "Ravensholm",
                 "The Ravensholm docks will employ four hundred people by autumn"),
    "docx": Story("Tarnwick canal dredged", "Casimir Oyelaran", "Tarnwick",
                  "Dredging the Tarnwick canal is cheaper than letting it silt up"),
}


@pytest.fixture(scope="module")
def bot(api: FakeBotApi, tmp_path_factory: pytest.TempPathFactory) -> BotProcess:
    folder = tmp_path_factory.mktemp("bot")
    process = BotProcess(api, folder / "index", folder / "bot.log",
                         NEWSDESK_ADMINS=",".join(map(str, ADMINS)), NEWSDESK_RATE_LIMIT=str(RATE_LIMIT),
                         NEWSDESK_ALLOW_PRIVATE_URLS="1")
    with process:
        yield process
    log = process.log()
    assert TOKEN not in log and TOKEN.split(":")[1] not in log, "the token leaked into the log"


def private(api: FakeBotApi, user_id: int, name: str = "User") -> tuple[dict, dict]:
    user = api.user(user_id, name)
    return user, api.private_chat(user)


def ask(api: FakeBotApi, chat: dict, user: dict, text: str, timeout: float = 30) -> Message:
    sent = api.send_text(chat, user, text)
    return api.wait_for_message(chat["id"], after=sent, timeout=timeout)


def flat(text: str) -> str:
    return " ".join(text.split())


def upload(api: FakeBotApi, chat: dict, user: dict, name: str, data: bytes, timeout: float = 60) -> Message:
    sent = api.send_document(chat, user, name, data)
    return api.wait_for_message(chat["id"], after=sent, timeout=timeout,
                                match=lambda m: "Added" in (m.text or "") or "⚠️" in (m.text or ""))


@contextlib.contextmanager
def bot_holding(api: FakeBotApi, folder: Path, admin: int, name: str, data: bytes) -> Iterator[BotProcess]:
    """The real bot process on a new library in `folder`, `data` uploaded by the admin before it is used."""
    with BotProcess(api, folder / "index", folder / "bot.log", NEWSDESK_ADMINS=str(admin)) as process:
        user, chat = private(api, admin, "Admin")
        assert "Added" in upload(api, chat, user, name, data).text
        yield process


def test_private_question_is_answered_with_warners_words(api: FakeBotApi, bot: BotProcess) -> None:
    user, chat = private(api, 2001, "Alice")
    reply = ask(api, chat, user, "What did Warner say?")
    assert "integrity of our intelligence agencies" in reply.text
    assert any(e["type"] in {"blockquote", "bold"} for e in reply.entities)
    assert any(c.params.get("action") == "typing" and int(c.params["chat_id"]) == chat["id"]
               for c in api.calls("sendChatAction"))


def test_commands_are_registered(api: FakeBotApi, bot: BotProcess) -> None:
    names = {c["command"] for c in api.world.commands}
    assert {"start", "help", "ask", "articles", "remove", "stats", "sources"} <= names


@pytest.mark.parametrize("command, expected", [
    ("/start", "What did"), ("/help", "/articles"), ("/stats", "Passages"),
    ("/articles", "Trump confronts Putin"),
])
def test_commands_reply(api: FakeBotApi, bot: BotProcess, command: str, expected: str) -> None:
    user, chat = private(api, 2100 + len(command) * 7 + len(expected), "Cora")
    assert expected in ask(api, chat, user, command).text


def test_sources_lists_the_last_answers_articles(api: FakeBotApi, bot: BotProcess) -> None:
    user, chat = private(api, 2002, "Sam")
    ask(api, chat, user, "What did Warner say?")
    assert "Trump confronts Putin on election meddling" in ask(api, chat, user, "/sources").text


def test_group_answers_mentions_replies_and_ask_but_not_chatter(api: FakeBotApi, bot: BotProcess) -> None:
    user, group = api.user(2003, "Gus"), api.group_chat(-1001, "Newsroom")
    chatter = api.send_text(group, user, "Lunch at noon, anyone?")
    mention = api.send_text(group, user, "@newsdesk_test_bot What did Warner say?")
    reply = api.wait_for_message(group["id"], after=chatter)
    assert reply.reply_to == mention and "intelligence agencies" in reply.text
    follow = api.send_text(group, user, "Who is Heather Conley?", reply_to=reply.message_id)
    assert api.wait_for_message(group["id"], after=reply.message_id).reply_to == follow
    command = api.send_text(group, user, "/ask@newsdesk_test_bot What did Tillerson say?")
    assert api.wait_for_message(group["id"], after=command).reply_to == command
    time.sleep(0.5)
    assert all(m.reply_to != chatter for m in api.bot_messages(group["id"]))


@pytest.mark.parametrize("fmt", sorted(STORIES))
def test_admin_upload_is_answerable_at_once(api: FakeBotApi, bot: BotProcess, fmt: str) -> None:
    story = STORIES[fmt]
    user, chat = private(api, ADMINS[sorted(STORIES).index(fmt)], "Admin")
    receipt = upload(api, chat, user, f"{story.place.lower()}.{fmt}", ENCODERS[fmt](story))
    assert "Added" in receipt.text and "passage" in receipt.text and "quote" in receipt.text, receipt.text
    assert [b["text"] for b in receipt.buttons] == ["↩️ Undo"]
    assert story.words in flat(ask(api, chat, user, story.question).text)


def test_duplicate_upload_is_reported(api: FakeBotApi, bot: BotProcess) -> None:
    story = Story("Hollinsby weir", "Runa Castellane", "Hollinsby", "The Hollinsby weir must stay")
    user, chat = private(api, ADMINS[18], "Admin")
    assert "Added" in upload(api, chat, user, "hollinsby.txt", as_txt(story)).text
    again = upload(api, chat, user, "hollinsby-copy.txt", as_txt(story))
    assert "already in the library" in again.text and "Hollinsby weir" in again.text


def test_zip_upload_adds_each_member(api: FakeBotApi, bot: BotProcess) -> None:
    first = Story("Ostervald tram extended", "Piera Lindqvist", "Ostervald",
                  "The Ostervald tram will reach the coast")
    second = Story("Kelmscote bridge closes", "Amadou Rasmussen", "Kelmscote",
                   "Kelmscote bridge is simply unsafe")
    user, chat = private(api, ADMINS[10], "Admin")
    receipt = upload(api, chat, user, "bundle.zip", as_zip(("a.txt", as_txt(first)), ("b.md", as_md(second))))
    assert receipt.text.count("Added") == 2 and len(receipt.buttons) == 2
    assert "unsafe" in ask(api, chat, user, second.question).text


def test_undo_removes_the_article(api: FakeBotApi, bot: BotProcess) -> None:
    story = Story("Vellacourt market moves", "Hesper Quaglia", "Vellacourt",
                  "The Vellacourt market must move inland")
    user, chat = private(api, ADMINS[11], "Admin")
    receipt = upload(api, chat, user, "vellacourt.txt", as_txt(story))
    assert "inland" in ask(api, chat, user, story.question).text
    query = api.press(chat["id"], receipt.message_id, receipt.buttons[0]["callback_data"], user)
    assert api.answer_of(query)["text"] == "Removed."
    api.wait_until(lambda: "Removed" in (api.world.find(chat["id"], receipt.message_id).text or ""))
    assert "inland" not in ask(api, chat, user, story.question).text


def test_non_admin_upload_is_refused_without_download(api: FakeBotApi, bot: BotProcess) -> None:
    user, chat = private(api, 2004, "Mallory")
    sent = api.send_document(chat, user, "sneaky.txt", b"Mallory says the moon is cheese.")
    reply = api.wait_for_message(chat["id"], after=sent)
    assert "only the bot's admins" in reply.text.lower()
    file_id = api.world.find(chat["id"], sent).document["file_id"]
    assert all(c.params.get("file_id") != file_id for c in api.calls("getFile"))


def test_oversize_document_is_refused_before_download(api: FakeBotApi, bot: BotProcess) -> None:
    user, chat = private(api, ADMINS[12], "Admin")
    sent = api.send_document(chat, user, "huge.pdf", None, size=25 * 1024 * 1024)
    reply = api.wait_for_message(chat["id"], after=sent)
    assert "20 MB" in reply.text and "25.0 MB" in reply.text
    file_id = api.world.find(chat["id"], sent).document["file_id"]
    assert all(c.params.get("file_id") != file_id for c in api.calls("getFile"))


def test_rate_limit_429_is_retried(api: FakeBotApi, bot: BotProcess) -> None:
    user, chat = private(api, 2005, "Retry")
    api.fail_next("sendMessage", retry_after=1)
    reply = ask(api, chat, user, "What did Warner say?")
    assert "intelligence agencies" in reply.text
    statuses = [c.status for c in api.calls("sendMessage")]
    assert 429 in statuses


def test_long_answer_is_split_below_4096(api: FakeBotApi, bot: BotProcess) -> None:
    items = ", ".join(f"clause {n} of the Quorvian harbour accord on tariffs & <quotas>" for n in range(120))
    text = f"Quorvian accord text\n\nThe Quorvian delegation argued over {items}.\n"
    user, chat = private(api, ADMINS[13], "Admin")
    upload(api, chat, user, "quorvian.txt", text.encode())
    sent = api.send_text(chat, user, "What did the Quorvian delegation argue about the harbour accord?")
    api.wait_until(lambda: len(api.bot_messages(chat["id"], after=sent)) >= 2, what="a split answer")
    parts = api.bot_messages(chat["id"], after=sent)
    assert all(utf16_len(m.text) <= 4096 for m in parts)
    assert "<quotas>" in parts[0].text
    assert not [c for c in api.calls("sendMessage") if c.status == 400]


def test_article_full_of_html_characters(api: FakeBotApi, bot: BotProcess) -> None:
    quote = 'Zyntharia\'s <script>alert("x")</script> & AT&T say a < b > c'
    story = Story("Zyntharia <b>bold</b> & co", "Fenwick O'Malley-Zyn", "Zyntharia", quote)
    user, chat = private(api, ADMINS[14], "Admin")
    receipt = upload(api, chat, user, "zyntharia.txt", as_txt(story))
    assert "Zyntharia <b>bold</b> & co" in receipt.text
    reply = ask(api, chat, user, story.question)
    assert '<script>alert("x")</script> & AT&T' in reply.text
    assert not [c for c in api.calls() if c.status == 400 and "entities" in c.description]


def test_url_upload_from_a_local_server(api: FakeBotApi, bot: BotProcess) -> None:
    story = Story("Wexmoor tide barrier", "Ilse Brandauer", "Wexmoor",
                  "The Wexmoor barrier held back the surge")
    url = api.serve("wexmoor-barrier", ENCODERS["html"](story), "text/html")
    user, chat = private(api, ADMINS[15], "Admin")
    sent = api.send_text(chat, user, url)
    receipt = api.wait_for_message(chat["id"], after=sent, timeout=60,
                                   match=lambda m: "Added" in (m.text or "") or "⚠️" in (m.text or ""))
    assert "Wexmoor" in receipt.text
    assert "surge" in ask(api, chat, user, story.question).text


def test_forged_callbacks_are_refused(api: FakeBotApi, bot: BotProcess) -> None:
    story = Story("Glenharrow school", "Maren Tuilagi", "Glenharrow", "Glenharrow school stays open")
    admin, admin_chat = private(api, ADMINS[16], "Admin")
    receipt = upload(api, admin_chat, admin, "glenharrow.txt", as_txt(story))
    data = receipt.buttons[0]["callback_data"]
    mallory, chat = private(api, 2006, "Mallory")
    hello = api.send_text(chat, mallory, "/help")
    message = api.wait_for_message(chat["id"], after=hello)
    forged = api.press(chat["id"], message.message_id, data, mallory, forge=True)
    assert "admins" in api.answer_of(forged)["text"]
    junk = api.press(chat["id"], message.message_id, "rm:everything", mallory, forge=True)
    assert "not valid" in api.answer_of(junk)["text"]
    assert "stays open" in ask(api, admin_chat, admin, story.question).text


def test_flood_gets_one_polite_notice(api: FakeBotApi, bot: BotProcess) -> None:
    user, chat = private(api, 2007, "Flood")
    first = api.send_text(chat, user, "What did Warner say?")
    for _ in range(RATE_LIMIT + 3):
        api.send_text(chat, user, "What did Warner say?")
    expected = RATE_LIMIT + 1  # the answers and one notice
    api.wait_until(lambda: len(api.bot_messages(chat["id"], after=first - 1)) >= expected, what="replies")
    time.sleep(1.0)
    texts = [m.text for m in api.bot_messages(chat["id"])]
    assert sum("faster than I can read" in t for t in texts) == 1
    assert sum("intelligence agencies" in t for t in texts) == RATE_LIMIT


def test_token_never_reaches_a_chat(api: FakeBotApi, bot: BotProcess) -> None:
    with api.world.cond:
        sent = [m.text or "" for chat in api.world.messages.values() for m in chat if m.sender.get("is_bot")]
    assert sent and not any(TOKEN.split(":")[1] in text for text in sent)


def test_questions_are_answered_while_an_upload_is_ingested(api: FakeBotApi, bot: BotProcess) -> None:
    paragraphs = [f"Report {n} on the Northmere reservoir: inspectors counted {n * 7} cracked valves, and "
                  f"the engineer Lucan Abernathy-{n} said the pumping station needs {n} new turbines."
                  for n in range(600)]
    data = ("Northmere audit\n\n" + "\n\n".join(paragraphs)).encode()  # big enough to take seconds
    admin, admin_chat = private(api, ADMINS[17], "Admin")
    user, chat = private(api, 2008, "Reader")
    sent = api.send_document(admin_chat, admin, "northmere.txt", data)
    api.wait_until(lambda: api.bot_messages(admin_chat["id"], after=sent), what="the status message")
    answer = ask(api, chat, user, "What did Warner say?")
    receipt = api.wait_for_message(admin_chat["id"], after=sent, timeout=90,
                                   match=lambda m: "Added" in m.text)
    assert "intelligence agencies" in answer.text
    assert answer.sent_at < receipt.sent_at, "the question waited for the upload"
    status = api.bot_messages(admin_chat["id"], after=sent, deleted=True)[0]
    assert status.deleted and status.edits >= 1


def test_more_button_shows_further_results_and_goes_away(api: FakeBotApi, bot: BotProcess) -> None:
    user, chat = private(api, 2009, "Moe")
    reply = ask(api, chat, user, "What did Tillerson say about Putin?")
    assert reply.buttons and reply.buttons[0]["text"].startswith("More results")
    query = api.press(chat["id"], reply.message_id, reply.buttons[0]["callback_data"], user)
    more = api.wait_for_message(chat["id"], after=reply.message_id)
    assert more.text.startswith("More for") and api.answer_of(query) is not None
    api.wait_until(lambda: not api.world.find(chat["id"], reply.message_id).buttons, what="the button to go")


def test_articles_pages_with_buttons(api: FakeBotApi, bot: BotProcess) -> None:
    user, chat = private(api, 2010, "Pia")
    listing = ask(api, chat, user, "/articles")
    older = [b for b in listing.buttons if b["text"] == "Older ›"]
    assert older, listing.text  # more than one page by now
    api.press(chat["id"], listing.message_id, older[0]["callback_data"], user)
    api.wait_until(lambda: api.world.find(chat["id"], listing.message_id).edits, what="the next page")
    page = api.world.find(chat["id"], listing.message_id)
    assert page.text.startswith("Articles 9–") and any(b["text"] == "‹ Newer" for b in page.buttons)

