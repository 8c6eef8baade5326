"""build_application(settings): handlers, the error handler, retries, and post_init that opens the library."""

from __future__ import annotations

import asyncio
import logging
from typing import Any
from urllib.parse import urlsplit

from telegram import LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, InvalidToken, NetworkError, RetryAfter
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    Defaults,
    MessageHandler,
    filters,
)

from bot import articles, feeds, handlers, texts, uploads, watches
from bot.config import Settings
from bot.desk import KEY, Desk
from index.errors import NewsdeskError
from index.library import Library

log = logging.getLogger(__name__)
NO_PREVIEWS = LinkPreviewOptions(is_disabled=True)  # source links would otherwise add big previews


class RetryingLimiter(AIORateLimiter):
    """Telegram's rate limits (AIORateLimiter: waits out 429 RetryAfter), plus retries with exponential
    backoff for timeouts and network errors. A 400 Bad Request is never retried: it would fail again."""

    def __init__(self, network_retries: int = 3, first_delay: float = 0.5) -> None:
        super().__init__(max_retries=3)
        self.network_retries = network_retries
        self.first_delay = first_delay

    async def process_request(self, callback: Any, args: Any, kwargs: dict[str, Any], endpoint: str,
                              data: dict[str, Any], rate_limit_args: int | None) -> Any:
        for attempt in range(self.network_retries + 1):
            try:
                return await super().process_request(callback, args, kwargs, endpoint, data, rate_limit_args)
            except (BadRequest, Forbidden, InvalidToken, RetryAfter):
                raise
            except NetworkError as error:  # includes TimedOut
                if attempt == self.network_retries:
                    raise
                delay = self.first_delay * 2**attempt
                log.warning("%s failed (%s); retrying in %.1f s", endpoint, type(error).__name__, delay)
                await asyncio.sleep(delay)
        raise AssertionError("unreachable")


class RedactToken(logging.Filter):
    """Replace the bot token (it is part of every Bot API URL) in log messages and tracebacks."""

    def __init__(self, *secrets: str) -> None:
        super().__init__()
        self.secrets = [s for s in secrets if s]

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        for secret in self.secrets:
            message = message.replace(secret, "[redacted]")
            if record.exc_text:
                record.exc_text = record.exc_text.replace(secret, "[redacted]")
        record.msg, record.args = message, None
        return True


async def post_init(application: Application) -> None:
    """Load the model and the index once, before the first update; register the command menu."""
    desk: Desk = application.bot_data[KEY]
    desk.library = await asyncio.to_thread(Library.open, desk.settings.library, desk.settings.seeds_dir)
    await watches.open_watches(application, desk, await feeds.open_feeds(application, desk))
    await application.bot.set_my_commands(texts.COMMANDS)
    stats = await asyncio.to_thread(desk.library.stats)
    log.info("Ready as @%s. %s", application.bot.username, texts.library_line(stats))


async def post_shutdown(application: Application) -> None:
    desk: Desk = application.bot_data[KEY]
    await feeds.close_feeds(desk)
    if desk.library is not None:
        await asyncio.to_thread(desk.library.close)


def build_application(settings: Settings) -> Application:
    """The PTB Application with every handler; the library opens in post_init."""
    application = (
        ApplicationBuilder()
        .token(settings.token)
        .base_url(settings.base_url)
        .base_file_url(settings.base_file_url)
        .defaults(Defaults(parse_mode=ParseMode.HTML, link_preview_options=NO_PREVIEWS))
        .rate_limiter(RetryingLimiter())
        .concurrent_updates(16)  # questions are answered while an upload is being ingested
        .connect_timeout(10)
        .read_timeout(20)
        .write_timeout(30)
        .post_init(post_init)
        .post_shutdown(post_shutdown)
        .build()
    )
    application.bot_data[KEY] = Desk.from_settings(settings)
    add_handlers(application)
    return application


def add_handlers(application: Application) -> None:
    commands = {
        "start": handlers.on_start, "help": handlers.on_help, "ask": handlers.on_ask,
        "stats": handlers.on_stats, "sources": handlers.on_sources, "articles": articles.on_articles,
        "remove": articles.on_remove, "timeline": handlers.on_timeline, "feed": feeds.on_feed,
        "feeds": feeds.on_feeds, "watch": watches.on_watch, "watches": watches.on_watches,
        "unwatch": watches.on_unwatch,
    }
    for name, callback in commands.items():
        application.add_handler(CommandHandler(name, callback))
    new = filters.UpdateType.MESSAGE  # edited messages are not asked again
    application.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND & new, handlers.on_text))
    application.add_handler(MessageHandler(filters.Document.ALL & new, uploads.on_document))
    application.add_handler(CallbackQueryHandler(handlers.on_more, pattern=r"^more:"))
    application.add_handler(CallbackQueryHandler(handlers.on_who, pattern=r"^who:"))
    application.add_handler(CallbackQueryHandler(articles.on_undo, pattern=r"^undo:"))
    application.add_handler(CallbackQueryHandler(articles.on_page, pattern=r"^page:"))
    application.add_handler(CallbackQueryHandler(watches.on_stop, pattern=r"^unwatch:"))
    application.add_handler(CallbackQueryHandler(handlers.on_unknown_button))
    application.add_error_handler(handlers.on_error)


def run_telegram(settings: Settings) -> int:
    """Run until stopped (Ctrl-C, SIGTERM): long polling, or a webhook when TELEGRAM_WEBHOOK_URL is set."""
    redact = RedactToken(settings.token, settings.webhook_secret)
    for handler in logging.getLogger().handlers:
        handler.addFilter(redact)
    application = build_application(settings)
    updates = [Update.MESSAGE, Update.CALLBACK_QUERY]
    try:
        if settings.webhook_url:
            application.run_webhook(
                listen="0.0.0.0",
                port=settings.webhook_port,
                url_path=urlsplit(settings.webhook_url).path.lstrip("/"),
                webhook_url=settings.webhook_url,
                secret_token=settings.webhook_secret or None,
                allowed_updates=updates,
            )
        else:
            application.run_polling(allowed_updates=updates)
    except InvalidToken:
        log.error("Telegram refused the token in TELEGRAM_BOT_TOKEN; check it with @BotFather.")
        return 1
    except NewsdeskError as error:
        log.error("Cannot open the library: %s", error)
        return 1
    return 0
