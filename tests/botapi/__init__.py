"""A local Telegram Bot API server for end-to-end tests and the bot benchmark."""

from .entities import EntityError, parse_html, utf16_len
from .server import DOWNLOAD_LIMIT, FakeBotApi, Message

__all__ = ["DOWNLOAD_LIMIT", "EntityError", "FakeBotApi", "Message", "parse_html", "utf16_len"]
