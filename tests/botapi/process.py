"""Start the real bot (`python -m bot`) as a subprocess pointed at a FakeBotApi, and stop it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from .server import FakeBotApi

ROOT = Path(__file__).resolve().parents[2]


class BotProcess:
    """`python -m bot` with the fake server's URLs; its log goes to `log_path`."""

    def __init__(self, api: FakeBotApi, index_dir: Path, log_path: Path, **env: str) -> None:
        self.api = api
        self.log_path = log_path
        variables = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "NEWSDESK_"))}
        variables |= {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false"}
        variables |= api.bot_env() | {
            "NEWSDESK_INDEX_DIR": str(index_dir),
            "NEWSDESK_SEEDS_DIR": str(ROOT / "seeds"),
            "NEWSDESK_LOG_LEVEL": "DEBUG",
        }
        self.env = variables | env
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 180.0) -> BotProcess:
        """Launch and wait until the bot polls for updates or sets its webhook (the model is loaded)."""
        self.api.methods.released = False
        log = self.log_path.open("wb")
        self.proc = subprocess.Popen([sys.executable, "-m", "bot"], cwd=ROOT, env=self.env,
                                     stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while not (self.api.calls("getUpdates") or self.api.calls("setWebhook")):
            if self.proc.poll() is not None:
                raise RuntimeError(f"the bot exited with {self.proc.returncode}:\n{self.log()[-3000:]}")
            if time.monotonic() > deadline:
                self.stop()
                raise TimeoutError(f"the bot did not start in {timeout:.0f} s:\n{self.log()[-3000:]}")
            time.sleep(0.1)
        return self

    def stop(self, timeout: float = 20.0) -> int | None:
        """SIGINT (what Ctrl-C sends; PTB stops polling cleanly), then SIGKILL if it hangs."""
        if self.proc is None or self.proc.poll() is not None:
            return self.proc.returncode if self.proc else None
        self.proc.send_signal(signal.SIGINT)
        self.api.release_polls()
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            return self.proc.wait(5)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def __enter__(self) -> BotProcess:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
