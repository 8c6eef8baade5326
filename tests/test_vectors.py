"""VectorIndex: flat below the threshold, an approximate kind above it (ivf-pq by default; ivf-sq8 and
the older hnsw still work); add, remove, search, save/load for every kind, exact cosines for the answers."""

from __future__ import annotations

import numpy as np
import pytest

from index.store.vectors import VectorIndex
from index.store.vectors_ann import KINDS

APPROX = [k for k in KINDS if k != "flat"]


def unit(n: int, d: int = 16, seed: int = 0) -> np.ndarray:
    vectors = np.random.default_rng(seed).normal(size=(n, d)).astype(np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


@pytest.mark.parametrize("kind", KINDS)
def test_bulk_add_picks_the_kind_and_search_finds_each_vector(kind: str) -> None:
    n = 50 if kind == "flat" else 400
    vectors, ids = unit(n), np.arange(1000, 1000 + n)
    index = VectorIndex(16, threshold=100, ann=kind)
    index.add(ids, vectors)
    assert index.kind == kind and index.count == n
    assert sorted(index.ids().tolist()) == ids.tolist()
    for row in (7, 123 % n, n - 1):
        scores, found = index.search(vectors[row : row + 1], 5)
        assert found[0] == 1000 + row and scores[0] == pytest.approx(1.0, abs=0.02)
    assert index.exact == (kind in ("flat", "hnsw"))
    if index.exact:
        assert np.allclose(index.reconstruct([1007, 1009]), vectors[[7, 9]])
    else:
        with pytest.raises(ValueError):
            index.reconstruct([1007])


@pytest.mark.parametrize("kind", APPROX)
def test_remove_add_and_reload_keep_working(kind: str, tmp_path) -> None:
    vectors = unit(400)
    index = VectorIndex(16, threshold=100, ann=kind)
    index.add(np.arange(400), vectors)
    assert index.remove(np.array([7, 8, 9999])) == 2
    assert index.remove(np.array([7])) == 0
    assert index.count == 398 and 7 not in set(index.ids().tolist())
    _, found = index.search(vectors[7:8], 10)
    assert len(found) == 10 and 7 not in found and 8 not in found
    index.add(np.array([400]), vectors[7:8])  # a single upload goes into the same index
    assert index.search(vectors[7:8], 1)[1][0] == 400
    index.save(tmp_path / "v.faiss")
    again = VectorIndex.load(tmp_path / "v.faiss", threshold=100)
    assert again.kind == kind and again.count == 399
    assert sorted(again.ids().tolist()) == sorted(index.ids().tolist())
    assert 8 not in again.search(vectors[8:9], 10)[1]
    assert again.search(vectors[7:8], 1)[1][0] == 400
    assert again.remove(np.array([400])) == 1 and 400 not in again.search(vectors[7:8], 10)[1]


def test_a_missing_refine_file_is_an_unreadable_index(tmp_path) -> None:
    index = VectorIndex(16, threshold=100, ann="ivf-pq")
    index.add(np.arange(400), unit(400))
    index.save(tmp_path / "v.faiss")
    (tmp_path / "v.faiss.refine").unlink()
    with pytest.raises(RuntimeError):  # Store repairs it from SQLite
        VectorIndex.load(tmp_path / "v.faiss")


def test_flat_stays_flat_when_it_grows_by_uploads() -> None:
    index = VectorIndex(16, threshold=100)
    for start in range(0, 200, 20):
        index.add(np.arange(start, start + 20), unit(20, seed=start))
    assert index.kind == "flat" and index.count == 200
    assert index.remove(np.arange(10)) == 10 and index.count == 190


@pytest.mark.parametrize("kind", APPROX)
def test_a_library_built_approximate_adds_removes_reopens_with_exact_cosines(
    kind, config, embedder, monkeypatch, caplog
) -> None:
    from index.answer.search import retrieve
    from index.library import Library
    from index.store import vectors

    from .conftest import SEEDS
    from .test_library import STORY, chunk_ids, faiss_ids

    monkeypatch.setattr(vectors, "ANN_THRESHOLD", 1)
    monkeypatch.setattr(vectors, "ANN_KIND", kind)
    lib = Library.open(config, seeds_dir=SEEDS, embedder=embedder)
    assert lib.stats().index_type == kind
    [receipt] = lib.add(STORY.encode(), "bridge.txt")
    assert "40 million" in lib.ask("How much did the bridge repairs cost?").text
    lib.remove(receipt.article_id)
    assert faiss_ids(lib) == chunk_ids(lib)
    lib.close()
    again = Library.open(config, embedder=embedder)
    assert again.stats().index_type == kind and faiss_ids(again) == chunk_ids(again)
    assert "disagree" not in caplog.text  # tombstones / refine copies were saved: no repair from SQLite
    question = "What did Warner say?"
    query = embedder.encode([question])
    passages = retrieve(again.store, query, question)
    assert "Warner" in passages[0].text
    stored = {r[0]: np.frombuffer(r[1], dtype=np.float32) for r in again.store.db.execute(
        "SELECT c.id, v.vector FROM chunks c JOIN vectors v ON v.key = c.vector_key")}
    for p in passages:  # the answer rules see exact cosines, whatever the index keeps
        assert p.score == pytest.approx(float(stored[p.chunk_id] @ query[0]), abs=1e-5)
    again.close()
