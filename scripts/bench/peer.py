"""Ours against the LangChain peer (scripts/bench/bench_peer.py in .bench-venv): run it, score its passages with
the same metric functions scripts/eval.py uses, and print the side-by-side table for scripts/bench/bench.py.

The peer has no answer step: without an LLM a LangChain retriever returns passages, so its answer is its top
passage and it answers every question it is asked (its not-found rate is computed, not assumed).
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from index.metrics import first_hit, recall_at, words

ROOT = Path(__file__).resolve().parents[2]
PEER_PYTHON = ROOT / ".bench-venv" / "bin" / "python"
PEER_SCRIPT = ROOT / "scripts" / "bench" / "bench_peer.py"
HOW_TO = "LangChain peer skipped: `make bench-peer-venv` creates .bench-venv, then bench.py compares against it"


@dataclass(frozen=True)
class Quality:
    """Answer quality over in-scope questions, and not-found over out-of-scope ones."""

    hit: float  # share of questions whose answer holds a gold answer string
    words: float  # mean words per answered question
    answered: float  # share of in-scope questions answered at all
    not_found: float  # share of out-of-scope questions answered "not found"
    recall_1: float | None = None  # passage recall of the top passage (None: not measured)
    recall_5: float | None = None


def score_answers(texts: Sequence[str], found: Sequence[bool], golds: Sequence[Sequence[str]],
                  out_of_scope_found: Sequence[bool]) -> Quality:
    """Hit rate, words/answer and not-found, counted as scripts/eval.py counts them.

    >>> q = score_answers(["Rollo led them", "no idea here"], [True, True], [["Rollo"], ["1066"]], [True, False])
    >>> (q.hit, q.words, q.answered, q.not_found)
    (0.5, 3.0, 1.0, 0.5)
    """
    hits = sum(first_hit([t], g) is not None for t, g in zip(texts, golds, strict=True))
    lengths = [words(t) for t, f in zip(texts, found, strict=True) if f]
    refused = sum(not f for f in out_of_scope_found)
    return Quality(hits / max(len(texts), 1), sum(lengths) / max(len(lengths), 1), len(lengths) / max(len(texts), 1),
                   refused / len(out_of_scope_found) if out_of_scope_found else 0.0)


def score_passages(ranked: Sequence[Sequence[str]], golds: Sequence[Sequence[str]],
                   out_of_scope: Sequence[Sequence[str]]) -> Quality:
    """A retriever's quality when its answer is its top passage (an empty result counts as "not found").

    >>> q = score_passages([["Rollo led", "x"], ["y", "in 1066"], []], [["rollo"], ["1066"], ["z"]], [["a b"], []])
    >>> (round(q.hit, 3), q.words, round(q.answered, 3), q.not_found, round(q.recall_5, 3))
    (0.333, 1.5, 0.667, 0.5, 0.667)
    """
    ranks = [first_hit(list(p), g) for p, g in zip(ranked, golds, strict=True)]
    base = score_answers([p[0] if p else "" for p in ranked], [bool(p) for p in ranked], golds,
                         [bool(p) for p in out_of_scope])
    return Quality(base.hit, base.words, base.answered, base.not_found, recall_at(ranks, 1), recall_at(ranks, 5))


def our_quality(library, answers: Sequence, questions: Sequence[dict], out_of_scope: Sequence[dict]) -> Quality:
    """Our final answers scored like the peer's, plus our hybrid passage recall@1/5 and out-of-scope asks."""
    golds = [q["answers"] for q in questions]
    ranks = [first_hit([p.text for p in library.search(q["question"], 5)], q["answers"]) for q in questions]
    base = score_answers([a.text for a in answers], [a.found for a in answers], golds,
                         [library.ask(q["question"]).found for q in out_of_scope])
    return Quality(base.hit, base.words, base.answered, base.not_found, recall_at(ranks, 1), recall_at(ranks, 5))


def ratio(ours: float, peer: float) -> float:
    """ours / peer (below 1: ours takes less time); inf when the peer took no time.

    >>> ratio(5.0, 20.0)
    0.25
    """
    return ours / peer if peer else float("inf")


def run_peer(corpus: Path, questions: Path, out_of_scope: Path, python: Path = PEER_PYTHON) -> dict:
    """Run bench_peer.py in its own venv on the same files; its JSON object (raises CalledProcessError)."""
    cmd = [str(python), str(PEER_SCRIPT), "--corpus", str(corpus), "--questions", str(questions),
           "--questions", str(out_of_scope)]
    done = subprocess.run(cmd, capture_output=True, text=True, check=True, timeout=3600)
    return json.loads(done.stdout)


def peer_result(raw: dict, golds: Sequence[Sequence[str]]) -> dict:
    """The peer's numbers for bench.py's JSON: timings, quality, versions (no per-question texts)."""
    in_scope, out = raw["runs"]
    quality = score_passages([r["passages"] for r in in_scope["results"]], golds,
                             [r["passages"] for r in out["results"]])
    keep = ("articles", "chunks", "chunk_size", "chunk_overlap", "k", "model_load_s", "build_s", "versions")
    return {**{k: raw[k] for k in keep}, "tokens": raw.get("tokens"),
            "query_p50_ms": in_scope["p50"], "query_p95_ms": in_scope["p95"],
            "query_p99_ms": in_scope["p99"], "questions": len(in_scope["results"]), "quality": asdict(quality)}


def comparison(ours: dict, peer: dict) -> dict:
    """Ratios ours / peer for build time and query p50/p95 (targets: build <= 1.0, query p50 <= 0.5).

    >>> comparison({"build_s": 10.0, "ask_p50_ms": 20.0, "ask_p95_ms": 30.0},
    ...            {"build_s": 20.0, "query_p50_ms": 10.0, "query_p95_ms": 60.0})
    {'build_ratio': 0.5, 'query_p50_ratio': 2.0, 'query_p95_ratio': 0.5}
    """
    return {"build_ratio": ratio(ours["build_s"], peer["build_s"]),
            "query_p50_ratio": ratio(ours["ask_p50_ms"], peer["query_p50_ms"]),
            "query_p95_ratio": ratio(ours["ask_p95_ms"], peer["query_p95_ms"])}


def table(ours: dict, peer: dict, ratios: dict) -> str:
    """The markdown table "ours vs LangChain peer"."""
    q, p = ours["quality"], peer["quality"]

    def rec(x: float | None) -> str:
        return "" if x is None else f"{x:.3f}"

    rows = [
        ("chunks", f"{ours['chunks']}", f"{peer['chunks']}", ""),
        ("tokens encoded", f"{ours.get('tokens') or ''}", f"{peer.get('tokens') or ''}", ""),
        ("build s (ours: rebuild; peer: split+embed+FAISS)", f"{ours['build_s']:.2f}", f"{peer['build_s']:.2f}",
         f"{ratios['build_ratio']:.2f}"),
        ("query p50 ms (ours: ask(); peer: similarity_search)", f"{ours['ask_p50_ms']:.1f}",
         f"{peer['query_p50_ms']:.1f}", f"{ratios['query_p50_ratio']:.2f}"),
        ("query p95 ms", f"{ours['ask_p95_ms']:.1f}", f"{peer['query_p95_ms']:.1f}",
         f"{ratios['query_p95_ratio']:.2f}"),
        ("hit rate (gold in answer)", f"{q['hit']:.3f}", f"{p['hit']:.3f}", ""),
        ("words/answer", f"{q['words']:.1f}", f"{p['words']:.1f}", ""),
        ("answered (in scope)", f"{q['answered']:.3f}", f"{p['answered']:.3f}", ""),
        ("passage recall@1", rec(q["recall_1"]), rec(p["recall_1"]), ""),
        ("passage recall@5", rec(q["recall_5"]), rec(p["recall_5"]), ""),
        ("not found (out of scope)", f"{q['not_found']:.3f}", f"{p['not_found']:.3f}", ""),
    ]
    lines = ["| ours vs LangChain peer | ours | peer | ours/peer |", "| --- | --- | --- | --- |"]
    return "\n".join(lines + [f"| {' | '.join(r)} |" for r in rows])


def wanted(flag: bool | None) -> bool:
    """Whether to run the peer: --peer forces it, --no-peer skips it, else only when .bench-venv exists."""
    if flag and not PEER_PYTHON.exists():
        raise SystemExit(HOW_TO.replace("skipped", "missing"))
    if flag is None and not PEER_PYTHON.exists():
        print(HOW_TO)
    return PEER_PYTHON.exists() if flag is None else flag


def compare(corpus: Path, questions: Path, out_of_scope: Path, ours: dict) -> dict:
    """Run the peer, print the table beside ours (build_s, ask_p50_ms, ask_p95_ms, chunks, quality)."""
    golds = [json.loads(line)["answers"] for line in questions.read_text().splitlines() if line.strip()]
    peer = peer_result(run_peer(corpus, questions, out_of_scope), golds)
    ratios = comparison(ours, peer)
    print("\n" + table(ours, peer, ratios))
    print("peer: " + ", ".join(f"{k} {v}" for k, v in peer["versions"].items()) + f"; chunk_size "
          f"{peer['chunk_size']}, overlap {peer['chunk_overlap']}, model load {peer['model_load_s']:.1f} s")
    return {**peer, **ratios, "ours_quality": ours["quality"]}
