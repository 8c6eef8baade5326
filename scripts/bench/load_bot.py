"""Load: simulated users ask questions while an admin uploads articles, all through the local Bot API
server the tests use, against the real bot process.

    .venv/bin/python scripts/bench/load_bot.py                      # 50 users x 20 questions, 20 uploads
    .venv/bin/python scripts/bench/load_bot.py --minutes 10         # soak: until time is up, memory sampled

Every question must get an answer (a reply that is not an error) and every upload a receipt. Prints users,
questions, answers, errors, p50/p95 reply latency and the bot's resident memory; --json prints one record.
In a soak every question comes from a fresh chat out of a pool larger than the bot's per-chat memory (1,000
chats) and rate limiter, so both stay at their limits; memory is sampled every 10 s.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))  # the fake Bot API server lives in tests/, which is not an installed package

from tests.botapi import FakeBotApi  # noqa: E402
from tests.botapi.process import BotProcess  # noqa: E402

QUESTIONS = [
    "What did Warner say?", "Who is Heather Conley?", "What did Tillerson say about Putin?",
    "What did Trump say about the meddling?", "and what else did he say?", "who is he?", "more",
    "Did Putin deny involvement?", "What is the weather in Paris?", "What did the harbour master say?",
]
ADMIN = 424242
ERROR_MARKS = ("⚠️", "Something went wrong", "try again")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] if ordered else 0.0


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


class Load:
    """Counts and latencies, shared by the user threads."""

    def __init__(self, api: FakeBotApi, pool: int) -> None:
        self.api, self.lock = api, threading.Lock()
        self.latencies: list[float] = []
        self.errors: list[str] = []
        self.uploads = self.asked = 0
        self._chats = itertools.cycle(range(1_000_000, 1_000_000 + pool))

    def ask(self, user_id: int, n: int, fresh_chat: bool) -> None:
        uid = next(self._chats) if fresh_chat else user_id
        user = self.api.user(uid, f"User{uid}")
        chat = self.api.private_chat(user)
        started = time.monotonic()
        sent = self.api.send_text(chat, user, QUESTIONS[n % len(QUESTIONS)])
        try:
            reply = self.api.wait_for_message(chat["id"], after=sent, timeout=120)
        except TimeoutError:
            reply = None
        with self.lock:
            self.asked += 1
            if reply is None or any(mark in reply.text for mark in ERROR_MARKS):
                self.errors.append(f"user {uid}: {reply.text[:80] if reply else 'no reply'}")
            else:
                self.latencies.append(reply.sent_at - started)

    def upload(self, n: int) -> None:
        user = self.api.user(ADMIN, "Admin")
        chat = self.api.private_chat(user)
        text = (f"Harbour report {n}\n\n" + " ".join(
            f'"The quay {n}-{i} reopens in spring," the harbour master said on day {i}.' for i in range(30)))
        sent = self.api.send_document(chat, user, f"harbour-{n}-{time.time_ns()}.txt", text.encode())
        try:
            self.api.wait_for_message(chat["id"], after=sent, timeout=180,
                                      match=lambda m: "Added" in (m.text or "") or "⚠️" in (m.text or ""))
            receipt = self.api.bot_messages(chat["id"], after=sent)[-1].text
        except TimeoutError:
            receipt = "no receipt"
        with self.lock:
            if "Added" in receipt:
                self.uploads += 1
            else:
                self.errors.append(f"upload {n}: {receipt[:80]}")


def run(args: argparse.Namespace) -> dict:
    with tempfile.TemporaryDirectory() as folder, FakeBotApi("123456:LOAD-TOKEN") as api:
        bot = BotProcess(api, Path(folder) / "index", Path(folder) / "bot.log", NEWSDESK_RATE_LIMIT="0",
                         NEWSDESK_LOG_LEVEL="WARNING", NEWSDESK_ADMINS=str(ADMIN))
        with bot:
            load, samples = Load(api, pool=3000), []
            deadline = time.monotonic() + args.minutes * 60 if args.minutes else None
            started = time.monotonic()

            def user(u: int) -> None:
                for n in itertools.count():
                    if (deadline is None and n >= args.questions) or (deadline and time.monotonic() > deadline):
                        return
                    load.ask(10_000 + u, n + u, fresh_chat=deadline is not None)

            def admin() -> None:
                for n in itertools.count():
                    if (deadline is None and n >= args.uploads) or (deadline and time.monotonic() > deadline):
                        return
                    load.upload(n)
                    if deadline:
                        time.sleep(20)  # a soak uploads steadily, not all at once

            with ThreadPoolExecutor(args.users + 1) as pool:
                futures = [pool.submit(admin)] + [pool.submit(user, u) for u in range(args.users)]
                while not all(f.done() for f in futures):
                    samples.append((round(time.monotonic() - started), round(rss_mb(bot.proc.pid))))
                    time.sleep(10 if deadline else 2)
                for future in futures:
                    future.result()
            wall = time.monotonic() - started
            samples.append((round(wall), round(rss_mb(bot.proc.pid))))
    ms = [s * 1000 for s in load.latencies]
    return {
        "users": args.users, "questions": load.asked,
        "answered": len(ms), "uploads": load.uploads, "errors": load.errors[:20], "error_count": len(load.errors),
        "p50_ms": round(percentile(ms, 0.5)), "p95_ms": round(percentile(ms, 0.95)), "seconds": round(wall, 1),
        "rss_mb_first": samples[0][1], "rss_mb_max": max(s[1] for s in samples), "rss_mb_last": samples[-1][1],
        "rss_samples": samples,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--questions", type=int, default=20, help="per user (ignored in a soak)")
    parser.add_argument("--uploads", type=int, default=20, help="by the admin, during the questions")
    parser.add_argument("--minutes", type=float, default=0, help="soak: keep going this long")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    report = run(args)
    if args.json:
        print(json.dumps(report))
    else:
        print(f"{report['users']} users, {report['questions']} questions, {report['answered']} answered, "
              f"{report['uploads']} uploads, {report['error_count']} errors in {report['seconds']} s; "
              f"reply p50 {report['p50_ms']} ms, p95 {report['p95_ms']} ms; bot RSS {report['rss_mb_first']} -> "
              f"max {report['rss_mb_max']} -> last {report['rss_mb_last']} MB")
        for error in report["errors"]:
            print("  error:", error)
    return 1 if report["error_count"] else 0


if __name__ == "__main__":
    sys.exit(main())
