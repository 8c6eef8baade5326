"""The pure scoring and ratio functions behind bench.py's "ours vs LangChain peer" table (no peer venv needed)."""

from __future__ import annotations

import doctest

import pytest

from scripts.bench import bench_peer, peer

# A worked example: three in-scope questions, the peer's top-5 texts for each, and two out-of-scope ones.
RANKED = [["Rollo led the Normans", "other"], ["nothing", "the battle of 1066"], ["unrelated text"]]
GOLDS = [["Rollo"], ["1066"], ["Hastings"]]
PEER_RAW = {
    "articles": 2, "chunks": 7, "chunk_size": 1000, "chunk_overlap": 200, "k": 5, "model_load_s": 1.0,
    "build_s": 20.0, "versions": {"langchain-core": "x"},
    "runs": [
        {"p50": 10.0, "p95": 30.0, "p99": 40.0, "results": [{"passages": p, "ms": 1.0} for p in RANKED]},
        {"p50": 9.0, "p95": 9.0, "p99": 9.0, "results": [{"passages": ["pizza"]}, {"passages": ["banana"]}]},
    ],
}


@pytest.mark.parametrize("module", [peer, bench_peer])
def test_docstring_examples(module) -> None:
    assert doctest.testmod(module).failed == 0


def test_peer_top_passage_is_its_answer_and_it_never_says_not_found() -> None:
    q = peer.score_passages(RANKED, GOLDS, [["pizza"], ["banana"]])
    assert q.hit == pytest.approx(1 / 3)  # only "Rollo" is in a top passage; "1066" is second
    assert q.recall_1 == pytest.approx(1 / 3) and q.recall_5 == pytest.approx(2 / 3)
    assert q.words == pytest.approx((4 + 1 + 2) / 3) and q.answered == 1.0
    assert q.not_found == 0.0  # computed from the peer's results: both out-of-scope questions got passages


def test_our_answers_count_words_only_when_answered() -> None:
    q = peer.score_answers(["Rollo.", "I could not find that in the articles."], [True, False],
                           [["rollo"], ["1066"]], [False, False, True])
    assert (q.hit, q.words, q.answered) == (0.5, 1.0, 0.5)
    assert q.not_found == pytest.approx(2 / 3)


def test_peer_result_and_ratios_from_the_peer_json() -> None:
    result = peer.peer_result(PEER_RAW, GOLDS)
    assert (result["build_s"], result["query_p50_ms"], result["questions"]) == (20.0, 10.0, 3)
    assert result["quality"]["not_found"] == 0.0
    ours = {"build_s": 15.0, "ask_p50_ms": 20.0, "ask_p95_ms": 15.0, "chunks": 9,
            "quality": {**result["quality"], "recall_1": None, "recall_5": None}}
    ratios = peer.comparison(ours, result)
    assert ratios == {"build_ratio": 0.75, "query_p50_ratio": 2.0, "query_p95_ratio": 0.5}
    text = peer.table(ours, result, ratios)
    assert text.startswith("| ours vs LangChain peer |")
    assert "| 15.00 | 20.00 | 0.75 |" in text and "| 20.0 | 10.0 | 2.00 |" in text


def test_ratio_when_the_peer_took_no_time() -> None:
    assert peer.ratio(1.0, 0.0) == float("inf")


def test_without_the_peer_venv_bench_says_how_to_make_it(monkeypatch, tmp_path, capsys) -> None:
    monkeypatch.setattr(peer, "PEER_PYTHON", tmp_path / "missing" / "python")
    assert peer.wanted(None) is False and "make bench-peer-venv" in capsys.readouterr().out
    assert peer.wanted(False) is False
    with pytest.raises(SystemExit, match="make bench-peer-venv"):
        peer.wanted(True)
