"""The scripts and the console as a user runs them: real processes over a real index."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bot.config import Settings
from bot.console import Conversation, handle, run_console
from index.store import layout

from .conftest import ROOT, SEEDS, XQUAD


def run(args: list[str], env: dict[str, str], **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, **kwargs
    )


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("NEWSDESK_", "TELEGRAM_"))}
    return {**clean, "NEWSDESK_INDEX_DIR": str(tmp_path / "index"), "HF_HUB_OFFLINE": "1"}


def test_ask_json_contract(env: dict[str, str], tmp_path: Path) -> None:
    questions = tmp_path / "q.jsonl"
    questions.write_text(
        json.dumps({"id": "w", "question": "What did Warner say?"}) + "\n\n"
        + json.dumps({"id": "x", "question": "What is the recipe for Neapolitan pizza dough?"}) + "\n"
    )
    result = run(["scripts/ask.py", "--questions", str(questions)], env)
    assert result.returncode == 0, result.stderr
    first, second = (json.loads(line) for line in result.stdout.splitlines())
    assert set(first) == {"id", "question", "answer", "found", "passages", "ms"}
    assert first["id"] == "w" and first["found"] is True and "Warner" in first["answer"]
    assert set(first["passages"][0]) == {"article_id", "title", "text", "score"}
    assert first["ms"] > 0
    assert second["found"] is False and second["answer"].startswith("I could not find that in the articles.")
    single = run(["scripts/ask.py", "--json", "What did Warner say?"], env)
    assert json.loads(single.stdout)["answer"] == first["answer"]


def test_ask_rejects_a_malformed_questions_file(env: dict[str, str], tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": 1}\n')
    result = run(["scripts/ask.py", "--questions", str(bad)], env)
    assert result.returncode == 1 and "line 1" in result.stderr


def test_rebuild_script_prints_a_summary(env: dict[str, str]) -> None:
    result = run(["scripts/rebuild_index.py", "--source", str(SEEDS)], env)
    assert result.returncode == 0, result.stderr
    assert "1 articles" in result.stdout and "chunks/s" in result.stdout


def test_rebuild_killed_midway_leaves_the_old_index(env: dict[str, str], tmp_path: Path) -> None:
    assert run(["scripts/rebuild_index.py"], env).returncode == 0
    index_dir = Path(env["NEWSDESK_INDEX_DIR"])
    before = layout.current(index_dir)
    proc = subprocess.Popen(
        [sys.executable, "scripts/rebuild_index.py", "--source", str(XQUAD / "articles.jsonl")],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 120
    while len(list(index_dir.glob("gen-*"))) < 2 and time.monotonic() < deadline:  # the new generation exists
        time.sleep(0.05)
    time.sleep(1.0)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert layout.current(index_dir) == before
    answer = run(["scripts/ask.py", "--json", "What did Warner say?"], env)
    assert json.loads(answer.stdout)["found"] is True
    assert [p.name for p in index_dir.glob("gen-*")] == [before.name]  # the half-built one was cleaned up


def test_console_follow_ups(seeded) -> None:
    chat = Conversation()
    first = handle(seeded, "What did Tillerson say?", chat)
    assert first.startswith("Rex Tillerson said:") and "more" in first
    assert "Tillerson" not in handle(seeded, "more", chat)  # the further statements, not the same ones
    who = handle(seeded, "who is he?", chat)
    assert who.startswith("(↪ Who is Rex Tillerson?)") and "Secretary of State" in who


def test_console_answers_and_explains_telegram(seeded, tmp_path: Path, monkeypatch) -> None:
    assert "Warner" in handle(seeded, "What did Warner say?")
    assert "articles" in handle(seeded, "/stats")
    assert "Cannot read that file" in handle(seeded, f"/add {tmp_path / 'missing.txt'}")
    assert "No article with id" in handle(seeded, "/remove nope")
    monkeypatch.setenv("NEWSDESK_INDEX_DIR", str(seeded.config.index_dir.parent / "console-index"))
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    out = io.StringIO()
    assert run_console(Settings.from_env(), io.StringIO("What did Warner say?\n/quit\n"), out) == 0
    assert "TELEGRAM_BOT_TOKEN" in out.getvalue() and "Warner" in out.getvalue()


def test_a_first_start_says_it_prepares_the_model_and_which_store_it_uses(env, tmp_path: Path) -> None:
    """A newcomer's first `python -m bot`: one line for the one-time model export (no tracer warnings, no
    progress bar), then which store holds the library, where, and how big."""
    env = env | {"NEWSDESK_MODEL_CACHE": str(tmp_path / "fresh-models"), "NEWSDESK_INDEX_DIR": str(tmp_path / "ix")}
    env.pop("TELEGRAM_BOT_TOKEN", None)
    done = run(["-m", "bot"], env, input="/quit\n")
    said = done.stdout + done.stderr
    assert done.returncode == 0, said
    assert "Preparing the model, once: ~5 s" in done.stdout
    assert "Warning" not in said and "Loading weights" not in said, said
    assert "Library: 1 article, 13 passages" in done.stdout
    assert f"embedded (SQLite + FAISS) in {tmp_path / 'ix'}" in done.stdout


@pytest.mark.parametrize(("args", "said"), [
    (["--shard", "4/4", "--generation", "nightly"], "I must be 0 to N-1"),
    (["--shard", "0/2", "--generation", "7"], "give it a name with a letter"),
    (["--publish", "nightly"], "write into a Milvus store"),
])
def test_rebuild_refuses_bad_shard_options_by_name(env, args: list[str], said: str) -> None:
    done = run(["scripts/rebuild_index.py", *args], env)
    assert done.returncode == 1 and said in done.stderr, done.stderr
