"""The real Application, in this process, wired to the fake Bot API server and a given library."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from typing import Any

from telegram.ext import Application

from bot.app import build_application
from bot.config import Settings
from bot.desk import KEY
from tests.botapi.server import FakeBotApi


@contextlib.asynccontextmanager
async def application(api: FakeBotApi, library: Any, **settings: Any) -> AsyncIterator[Application]:
    """build_application(Settings pointing at `api`, plus `settings`), initialised, using `library`."""
    env = api.bot_env()
    app = build_application(Settings(token=env["TELEGRAM_BOT_TOKEN"], base_url=env["TELEGRAM_BASE_URL"],
                                     base_file_url=env["TELEGRAM_BASE_FILE_URL"], **settings))
    await app.initialize()
    app.bot_data[KEY].library = library
    try:
        yield app
    finally:
        await app.shutdown()
