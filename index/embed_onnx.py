"""The embedding model on ONNX Runtime: exported once from the packaged model (no network), optionally int8.

export() traces the sentence-transformers model (transformer, mean pooling, L2 normalisation) with
torch.onnx.export(dynamo=False) into a cache folder; "onnx-int8" then applies onnxruntime's dynamic int8
quantisation to the weights. onnxruntime and onnx are imported here only, and only when this path is used.
A GPU is used when onnxruntime offers CUDA.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)

ENCODERS = ("torch", "onnx", "onnx-int8")


def model_file(cache: Path, model_path: Path, encoder: str) -> Path:
    """Where the exported model for this model folder and encoder lives.

    >>> model_file(Path("/c"), Path("/m"), "onnx-int8").name
    'model-int8.onnx'
    """
    digest = hashlib.sha1(str(model_path.resolve()).encode()).hexdigest()[:12]
    return cache / digest / ("model-int8.onnx" if encoder == "onnx-int8" else "model.onnx")


def export(st_model, path: Path) -> None:
    """Trace the model (token ids -> unit sentence vectors) to an ONNX file at `path`."""
    import torch

    class Pooled(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.transformer = st_model[0].auto_model

        def forward(self, input_ids, attention_mask, token_type_ids):  # noqa: ANN001 (traced)
            hidden = self.transformer(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(pooled, dim=-1)

    sample = st_model.tokenizer(["a sample sentence"], return_tensors="pt")
    names = ["input_ids", "attention_mask", "token_type_ids"]
    axes = {name: {0: "batch", 1: "tokens"} for name in names} | {"embedding": {0: "batch"}}
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with torch.no_grad():
        torch.onnx.export(Pooled().eval(), tuple(sample[n] for n in names), str(tmp), input_names=names,
                          output_names=["embedding"], dynamic_axes=axes, opset_version=17, dynamo=False)
    tmp.replace(path)


def quantize(source: Path, path: Path) -> None:
    """Dynamic int8 quantisation of the weights (activations stay float)."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    tmp = path.with_suffix(".tmp")
    quantize_dynamic(str(source), str(tmp), weight_type=QuantType.QInt8)
    tmp.replace(path)


class OnnxEncoder:
    """Texts -> unit vectors with an ONNX Runtime session over the exported model."""

    def __init__(self, st_model, model_path: Path, cache: Path, encoder: str) -> None:
        import onnxruntime

        self.tokenizer = st_model.tokenizer
        self.max_length = int(st_model.max_seq_length)
        plain = model_file(cache, model_path, "onnx")
        if not plain.exists():
            log.info("Exporting %s to ONNX in %s", model_path, plain)
            export(st_model, plain)
        path = model_file(cache, model_path, encoder)
        if not path.exists():
            log.info("Quantising %s to int8", plain)
            quantize(plain, path)
        wanted = ["CUDAExecutionProvider", "CPUExecutionProvider"]
        providers = [p for p in wanted if p in onnxruntime.get_available_providers()]
        self.session = onnxruntime.InferenceSession(str(path), providers=providers)
        self.inputs = {i.name for i in self.session.get_inputs()}

    def encode(self, texts: list[str]) -> np.ndarray:
        batch = self.tokenizer(texts, padding=True, truncation=True, max_length=self.max_length, return_tensors="np")
        feed = {name: np.asarray(value, dtype=np.int64) for name, value in batch.items() if name in self.inputs}
        return np.asarray(self.session.run(None, feed)[0], dtype=np.float32)
