"""Nobody let in: a stranger cannot upload, remove or rebuild by any route (commands, documents, links,
forged buttons, edited messages, group messages), and the index folder is the owner's alone.
In-process: the real Application and library, updates fed with process_update, replies to the local server.
"""

from __future__ import annotations

import stat
from dataclasses import replace
from pathlib import Path

import pytest
from telegram import Update
from telegram.ext import Application

from index.config import LibraryConfig
from tests.botapi import FakeBotApi
from tests.botapi.inprocess import application

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
ADMIN, STRANGER, GROUP = 1, 666, -100777
TOKEN = "777777:SECURITY-TEST"  # the api fixture (conftest) serves under it
BOT = "@newsdesk_test_bot"
ARTICLE = b"Harbour news\n\nThe harbour master said the ferry runs again from Monday."


@pytest.fixture(scope="module")
def library(module_library):
    return module_library


@pytest.fixture
async def app(api: FakeBotApi, library) -> Application:
    async with application(api, library, admins=frozenset({ADMIN}), allow_private_urls=True) as started:
        yield started


def _edit(api: FakeBotApi, chat: dict, user: dict, text: str) -> None:
    """The stranger writes something harmless, then edits it into `text`."""
    message_id = api.send_text(chat, user, "hello")
    with api.world.cond:
        api.world.updates.pop()
        message = api.world.find(chat["id"], message_id)
        message.text, message.edits = text, 1
        api.world.push_update("edited_message", api.world.message_json(message))


ROUTES = {
    "remove command": lambda api, chat, user, a, url: api.send_text(chat, user, f"/remove {a}"),
    "remove in a group": lambda api, chat, user, a, url: api.send_text(chat, user, f"/remove{BOT} {a}"),
    "document": lambda api, chat, user, a, url: api.send_document(chat, user, "news.txt", ARTICLE),
    "document in a group": lambda api, chat, user, a, url: api.send_document(
        chat, user, "news.txt", ARTICLE, caption=f"{BOT} add this"),
    "document captioned remove": lambda api, chat, user, a, url: api.send_document(
        chat, user, "news.txt", ARTICLE, caption=f"/remove {a}"),
    "link": lambda api, chat, user, a, url: api.send_text(chat, user, url),
    "link in a group": lambda api, chat, user, a, url: api.send_text(chat, user, f"{BOT} {url}"),
    "edited into remove": lambda api, chat, user, a, url: _edit(api, chat, user, f"/remove {a}"),
    "edited into a link": lambda api, chat, user, a, url: _edit(api, chat, user, url),
    "forged undo button": lambda api, chat, user, a, url: api.press(
        chat["id"], api.send_text(chat, user, "hi"), f"undo:{a}", user, forge=True),
}


@pytest.mark.parametrize("where", ["private", "group"])
@pytest.mark.parametrize("route", sorted(ROUTES))
async def test_a_stranger_cannot_change_the_library(
    app: Application, api: FakeBotApi, library, route: str, where: str
) -> None:
    user = api.user(STRANGER, "Mallory")
    chat = api.private_chat(user) if where == "private" else api.group_chat(GROUP, "Newsroom")
    url = api.serve("story.html", b"<html><body><p>" + ARTICLE * 5 + b"</p></body></html>", "text/html")
    before, downloads = [a.id for a in library.list()], len(api.calls("getFile"))
    ROUTES[route](api, chat, user, before[0], url)
    while True:
        with api.world.cond:
            if not api.world.updates:
                break
            raw = api.world.updates.pop(0)
        await app.process_update(Update.de_json(raw, app.bot))
    assert [a.id for a in library.list()] == before
    assert len(api.calls("getFile")) == downloads  # a stranger's file is never even downloaded


def test_index_folder_is_owner_only(embedder, tmp_path: Path) -> None:
    from index.library import Library

    config = replace(LibraryConfig(), index_dir=tmp_path / "data" / "index")
    Library.open(config, embedder=embedder).close()
    for folder in [config.index_dir, *config.index_dir.glob("gen-*")]:
        assert stat.S_IMODE(folder.stat().st_mode) & 0o077 == 0, folder


@pytest.mark.parametrize("route, change", [("document", 1), ("link", 1), ("remove command", -1)])
async def test_the_same_routes_work_for_an_admin(
    app: Application, api: FakeBotApi, library, route: str, change: int
) -> None:
    """The control: each refusal above is the access check, not a broken route."""
    admin = api.user(ADMIN, "Admin")
    chat = api.private_chat(admin)
    url = api.serve(f"{route}.html", b"<html><body><p>" + ARTICLE * 3 + route.encode() + b"</p></body></html>",
                    "text/html")
    before = library.count()
    ROUTES[route](api, chat, admin, library.list()[-1].id, url)
    with api.world.cond:
        raw = api.world.updates.pop(0)
    await app.process_update(Update.de_json(raw, app.bot))
    assert library.count() == before + change
