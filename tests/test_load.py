"""Load through the local Bot API server: scripts/bench/load_bot.py run as a user runs it (the real bot process).

CI runs a short version (10 users x 5 questions during 3 uploads); `pytest -m soak tests/test_load.py`
runs the issue's figures: 50 users x 20 questions during 20 uploads, then a 10-minute soak.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from .conftest import ROOT


def load(*args: str, timeout: float) -> dict:
    result = subprocess.run([sys.executable, "scripts/bench/load_bot.py", "--json", *args], cwd=ROOT,
                            capture_output=True, text=True, timeout=timeout)
    assert result.returncode in (0, 1), result.stderr[-3000:]
    return json.loads(result.stdout.splitlines()[-1])


def check(report: dict, questions: int, uploads: int) -> None:
    print("load:", {k: v for k, v in report.items() if k != "rss_samples"})
    assert report["error_count"] == 0, report["errors"]
    assert report["answered"] == report["questions"] == questions and report["uploads"] == uploads


@pytest.mark.timeout(300)
def test_users_are_answered_during_uploads() -> None:
    check(load("--users", "10", "--questions", "5", "--uploads", "3", timeout=280), 50, 3)


@pytest.mark.soak
@pytest.mark.timeout(600)
def test_fifty_users_twenty_questions_twenty_uploads() -> None:
    check(load(timeout=580), 1000, 20)


@pytest.mark.soak
@pytest.mark.timeout(900)
def test_ten_minute_soak_memory_is_bounded() -> None:
    report = load("--minutes", "10", timeout=880)
    assert report["error_count"] == 0, report["errors"]
    samples = report["rss_samples"]
    middle = max(mb for at, mb in samples if 200 <= at < 400)
    late = max(mb for at, mb in samples if at >= 400)
    assert late - middle < 100, samples  # per-chat memory and caches are full by then: no growth
