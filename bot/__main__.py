"""python -m bot: the Telegram bot when TELEGRAM_BOT_TOKEN is set, else a console chat."""

from __future__ import annotations

import logging
import sys

from bot.config import ConfigError, Settings


def main() -> int:
    """Read settings once, then run the Telegram bot or the console chat."""
    try:
        settings = Settings.from_env()
    except ConfigError as error:
        print(f"Configuration error: {error}", file=sys.stderr)
        return 2
    level = settings.log_level or ("INFO" if settings.token else "WARNING")
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # httpx logs every request URL, and a Bot API URL contains the token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)  # a line per feed and watch tick otherwise
    if settings.token:
        from bot.app import run_telegram

        return run_telegram(settings)
    from bot.console import run_console

    return run_console(settings)


if __name__ == "__main__":
    sys.exit(main())
