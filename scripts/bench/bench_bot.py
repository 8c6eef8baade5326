"""Question -> reply latency through the local Bot API server the tests use, against the real bot process.

    .venv/bin/python scripts/bench/bench_bot.py [--questions 30] [--concurrency 1]

Measures from the moment a user's message is queued on the server until the bot's reply arrives there,
so it includes long polling, the handler, the library's answer and sendMessage. Prints p50/p95.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))  # the fake Bot API server lives in tests/, which is not an installed package

from tests.botapi import FakeBotApi  # noqa: E402
from tests.botapi.process import BotProcess  # noqa: E402

QUESTIONS = [
    "What did Warner say?", "Who is Heather Conley?", "What did Tillerson say about Putin?",
    "What did Trump say about the meddling?", "What did Chollet say?", "What did Thomas Wright say?",
    "Did Putin deny involvement?", "What did Obama do about Russia?", "What is the weather in Paris?",
    "What did Conley say about the French election?",
]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def one(api: FakeBotApi, n: int) -> float:
    """Ask question n from its own user and chat; seconds until the reply is on the server."""
    user = api.user(50_000 + n, f"Bench{n}")
    chat = api.private_chat(user)
    started = time.monotonic()
    sent = api.send_text(chat, user, QUESTIONS[n % len(QUESTIONS)])
    reply = api.wait_for_message(chat["id"], after=sent, timeout=60)
    return reply.sent_at - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=30)
    parser.add_argument("--concurrency", type=int, default=1, help="questions in flight at once")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder, FakeBotApi("123456:BENCH-TOKEN") as api:
        bot = BotProcess(api, Path(folder) / "index", Path(folder) / "bot.log", NEWSDESK_RATE_LIMIT="0",
                         NEWSDESK_LOG_LEVEL="WARNING")
        started = time.monotonic()
        with bot:
            print(f"bot ready in {time.monotonic() - started:.1f} s (model load, seed index)")
            one(api, 10_000)  # warm-up, not counted
            with ThreadPoolExecutor(args.concurrency) as pool:
                wall = time.monotonic()
                seconds = list(pool.map(lambda n: one(api, n), range(args.questions)))
                wall = time.monotonic() - wall
    ms = [s * 1000 for s in seconds]
    threads = os.environ.get("OMP_NUM_THREADS", "unset")
    print(f"OMP_NUM_THREADS={threads}; {len(ms)} questions, concurrency {args.concurrency}: "
          f"p50 {percentile(ms, 0.5):.0f} ms, "
          f"p95 {percentile(ms, 0.95):.0f} ms, mean {statistics.mean(ms):.0f} ms, max {max(ms):.0f} ms, "
          f"{len(ms) / wall:.1f} questions/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
