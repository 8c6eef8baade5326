"""VectorIndex: flat below the threshold, HNSW above it; add, remove (tombstones), search, save/load."""

from __future__ import annotations

import numpy as np
import pytest

from index.vectors import VectorIndex


def unit(n: int, d: int = 16, seed: int = 0) -> np.ndarray:
    vectors = np.random.default_rng(seed).normal(size=(n, d)).astype(np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


@pytest.mark.parametrize(("n", "kind"), [(50, "flat"), (400, "hnsw")])
def test_bulk_add_picks_the_kind_and_search_finds_each_vector(n: int, kind: str) -> None:
    vectors, ids = unit(n), np.arange(1000, 1000 + n)
    index = VectorIndex(16, threshold=100)
    index.add(ids, vectors)
    assert index.kind == kind and index.count == n
    scores, found = index.search(vectors[7:8], 5)
    assert found[0] == 1007 and scores[0] == pytest.approx(1.0, abs=1e-5)
    assert np.allclose(index.reconstruct([1007, 1009]), vectors[[7, 9]])


def test_hnsw_remove_add_and_reload_keep_working(tmp_path) -> None:
    vectors = unit(400)
    index = VectorIndex(16, threshold=100)
    index.add(np.arange(400), vectors)
    assert index.remove(np.array([7, 8, 9999])) == 2
    assert index.remove(np.array([7])) == 0
    assert index.count == 398 and 7 not in set(index.ids().tolist())
    _, found = index.search(vectors[7:8], 10)
    assert len(found) == 10 and 7 not in found and 8 not in found
    index.add(np.array([400]), vectors[7:8])  # a single upload goes into the same HNSW graph
    assert index.search(vectors[7:8], 1)[1][0] == 400
    index.save(tmp_path / "v.faiss")
    again = VectorIndex.load(tmp_path / "v.faiss", threshold=100)
    assert again.kind == "hnsw" and again.count == 399
    assert sorted(again.ids().tolist()) == sorted(index.ids().tolist())
    assert 8 not in again.search(vectors[8:9], 10)[1]


def test_flat_stays_flat_when_it_grows_by_uploads() -> None:
    index = VectorIndex(16, threshold=100)
    for start in range(0, 200, 20):
        index.add(np.arange(start, start + 20), unit(20, seed=start))
    assert index.kind == "flat" and index.count == 200
    assert index.remove(np.arange(10)) == 10 and index.count == 190


def test_a_library_built_as_hnsw_adds_removes_and_reopens(config, embedder, monkeypatch, caplog) -> None:
    from index import vectors
    from index.library import Library

    from .conftest import SEEDS
    from .test_library import STORY, chunk_ids, faiss_ids

    monkeypatch.setattr(vectors, "HNSW_THRESHOLD", 1)
    lib = Library.open(config, seeds_dir=SEEDS, embedder=embedder)
    assert lib.stats().index_type == "hnsw"
    [receipt] = lib.add(STORY.encode(), "bridge.txt")
    assert "40 million" in lib.ask("How much did the bridge repairs cost?").text
    lib.remove(receipt.article_id)
    assert faiss_ids(lib) == chunk_ids(lib)
    lib.close()
    again = Library.open(config, embedder=embedder)
    assert again.stats().index_type == "hnsw" and faiss_ids(again) == chunk_ids(again)
    assert "disagree" not in caplog.text  # the tombstones were saved: no repair from SQLite was needed
    assert "Warner" in again.ask("What did Warner say?").passages[0].text
    again.close()
