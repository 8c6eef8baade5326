"""Settings.from_env(): the only place that reads os.environ."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from index.config import DEFAULT_MODEL, FeedsConfig, LibraryConfig

TELEGRAM_API = "https://api.telegram.org/bot"
TELEGRAM_FILE_API = "https://api.telegram.org/file/bot"


class ConfigError(ValueError):
    """An environment variable has a value that cannot be used."""


def _positive(env: Mapping[str, str], name: str) -> int | None:
    """A whole number >= 1, or None when unset (the library then picks one)."""
    value = _int(env, name, 0)
    if value < 0 or (value == 0 and env.get(name, "").strip()):
        raise ConfigError(f"{name} must be 1 or more, not {value}")
    return value or None


def _store(env: Mapping[str, str]) -> str:
    """NEWSDESK_STORE: unset for the embedded store, or milvus://host:port[/database].

    >>> _store({}), _store({"NEWSDESK_STORE": "milvus://db:19530/news"})
    ('', 'milvus://db:19530/news')
    """
    value = env.get("NEWSDESK_STORE", "").strip()
    if value and not re.fullmatch(r"milvus://[\w.-]+:\d+(?:/\w+)?/?", value):
        raise ConfigError(f"NEWSDESK_STORE={value!r}: leave it unset for the embedded store, or give "
                          "milvus://host:port (optionally /database)")
    return value


def _int(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, not {raw!r}") from None


def _ids(env: Mapping[str, str], name: str) -> frozenset[int]:
    raw = env.get(name, "").replace(";", ",").replace(" ", ",")
    try:
        return frozenset(int(part) for part in raw.split(",") if part.strip())
    except ValueError:
        raise ConfigError(f"{name} must be comma-separated numeric Telegram ids, not {raw!r}") from None


def _urls(env: Mapping[str, str], name: str) -> tuple[str, ...]:
    """Whitespace- or comma-separated http(s) URLs.

    >>> _urls({"F": "https://a.test/rss, http://b.test/atom"}, "F")
    ('https://a.test/rss', 'http://b.test/atom')
    """
    urls = tuple(part for part in re.split(r"[\s,]+", env.get(name, "")) if part)
    bad = [u for u in urls if not re.match(r"https?://[^/\s]+", u)]
    if bad:
        raise ConfigError(f"{name} takes http:// or https:// URLs, not {bad[0]!r}")
    return urls


def _feeds(env: Mapping[str, str], library: LibraryConfig, allow_private: bool) -> FeedsConfig:
    defaults = FeedsConfig()
    interval = _int(env, "NEWSDESK_FEED_INTERVAL", int(defaults.interval_s))
    if interval < 10:
        raise ConfigError(f"NEWSDESK_FEED_INTERVAL is in seconds and must be 10 or more, not {interval}")
    return FeedsConfig(
        interval_s=float(interval),
        max_backoff_s=max(defaults.max_backoff_s, float(interval)),
        max_feeds=_int(env, "NEWSDESK_MAX_FEEDS", defaults.max_feeds),
        max_watches=_int(env, "NEWSDESK_MAX_WATCHES", defaults.max_watches),
        max_bytes=min(defaults.max_bytes, library.max_upload_bytes),
        allow_private=allow_private,
    )


@dataclass(frozen=True)
class Settings:
    """Everything configurable, read once at start-up."""

    library: LibraryConfig = field(default_factory=LibraryConfig)
    seeds_dir: Path = Path("seeds")
    token: str = field(default="", repr=False)  # never printed
    base_url: str = TELEGRAM_API
    base_file_url: str = TELEGRAM_FILE_API
    admins: frozenset[int] = frozenset()
    allowed_chats: frozenset[int] = frozenset()  # empty: anyone may ask
    webhook_url: str = ""  # set: webhook mode instead of long polling
    webhook_port: int = 8443
    webhook_secret: str = field(default="", repr=False)
    rate_limit_per_minute: int = 20
    allow_private_urls: bool = False
    log_level: str = ""  # unset: INFO for the bot, WARNING for the console chat
    feeds: FeedsConfig = field(default_factory=FeedsConfig)
    feed_urls: tuple[str, ...] = ()  # NEWSDESK_FEEDS: added at start when missing (headless use)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """Read NEWSDESK_* and TELEGRAM_* variables; unset ones take the defaults above."""
        env = os.environ if env is None else env
        defaults = LibraryConfig()
        library = LibraryConfig(
            index_dir=Path(env.get("NEWSDESK_INDEX_DIR") or defaults.index_dir),
            store=_store(env),
            milvus_token=env.get("NEWSDESK_MILVUS_TOKEN", "").strip(),
            model=env.get("NEWSDESK_MODEL") or DEFAULT_MODEL,
            device=env.get("NEWSDESK_DEVICE") or None,
            encoder=env.get("NEWSDESK_ENCODER") or defaults.encoder,
            model_cache=Path(env.get("NEWSDESK_MODEL_CACHE") or defaults.model_cache),
            chunk_chars=_int(env, "NEWSDESK_CHUNK_CHARS", defaults.chunk_chars),
            chunk_overlap=_int(env, "NEWSDESK_CHUNK_OVERLAP", defaults.chunk_overlap),
            batch_size=_positive(env, "NEWSDESK_BATCH_SIZE"),
            max_upload_bytes=_int(env, "NEWSDESK_MAX_UPLOAD_MB", 20) * 1024 * 1024,
        )
        allow_private = env.get("NEWSDESK_ALLOW_PRIVATE_URLS", "") in {"1", "true", "yes"}
        return cls(
            library=library,
            seeds_dir=Path(env.get("NEWSDESK_SEEDS_DIR") or "seeds"),
            token=env.get("TELEGRAM_BOT_TOKEN", "").strip(),
            base_url=env.get("TELEGRAM_BASE_URL") or TELEGRAM_API,
            base_file_url=env.get("TELEGRAM_BASE_FILE_URL") or TELEGRAM_FILE_API,
            admins=_ids(env, "NEWSDESK_ADMINS"),
            allowed_chats=_ids(env, "NEWSDESK_ALLOWED_CHATS"),
            webhook_url=env.get("TELEGRAM_WEBHOOK_URL", "").strip(),
            webhook_port=_int(env, "TELEGRAM_WEBHOOK_PORT", 8443),
            webhook_secret=env.get("TELEGRAM_WEBHOOK_SECRET", "").strip(),
            rate_limit_per_minute=_int(env, "NEWSDESK_RATE_LIMIT", 20),
            allow_private_urls=allow_private,
            log_level=(env.get("NEWSDESK_LOG_LEVEL") or "").upper(),
            feeds=_feeds(env, library, allow_private),
            feed_urls=_urls(env, "NEWSDESK_FEEDS"),
        )
