"""The embedding model on ONNX Runtime: exported once from the packaged model (no network), optionally int8.

export() traces the sentence-transformers model (transformer, mean pooling, L2 normalisation) with
torch.onnx.export(dynamo=False) into a cache folder; "onnx-int8" then applies onnxruntime's dynamic int8
quantisation to the weights. Once exported, encoding needs neither torch nor sentence-transformers: the
tokenizer is the model's own tokenizer.json (Hugging Face `tokenizers`), so a process that only answers
questions starts faster and smaller. A GPU is used when onnxruntime offers CUDA (and device is not "cpu").
"""

from __future__ import annotations

import hashlib
import json
import logging
import warnings
from collections.abc import Callable
from pathlib import Path

import numpy as np

from index.store.atomic import atomic_write

log = logging.getLogger(__name__)

ENCODERS = ("onnx", "onnx-int8", "torch")
# Part of the export's cache key: a change to export() makes every cached export stale.
# 2: eager attention (plain MatMul/Softmax) instead of the traced SDPA graph; the same vectors. One run made it
#    11% faster (69.1 against 62.3 xquad chunks/s); scripts/bench/bench_encoder.py later measured 60.3 against 62.2,
#    so the two are even within this machine's noise.
EXPORT_VERSION = 2


def model_file(cache: Path, model_path: Path, encoder: str) -> Path:
    """Where the exported model for this model folder and encoder lives (a new model file, a new export).

    >>> model_file(Path("/c"), Path("/no/such/model"), "onnx-int8").name
    'model-int8.onnx'
    """
    weights = sorted(model_path.glob("*.safetensors")) + sorted(model_path.glob("*.bin"))
    stamp = "".join(f"{w.name}:{w.stat().st_size}:{w.stat().st_mtime_ns}" for w in weights)
    digest = hashlib.sha1(f"{model_path.resolve()}|{stamp}|{EXPORT_VERSION}".encode()).hexdigest()[:12]
    return cache / digest / ("model-int8.onnx" if encoder == "onnx-int8" else "model.onnx")


def max_tokens(model_path: Path, default: int = 256) -> int:
    """The model's max_seq_length (sentence_bert_config.json), as sentence-transformers truncates."""
    config = model_path / "sentence_bert_config.json"
    return int(json.loads(config.read_text()).get("max_seq_length", default)) if config.exists() else default


def export(model_path: Path, path: Path, attention: str = "eager") -> None:
    """Trace the model (token ids -> unit sentence vectors) to an ONNX file at `path` (atomically).
    `attention`: the transformers attention implementation traced ("sdpa" only for scripts/bench/bench_encoder.py)."""
    import torch
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as transformers_logging

    transformers_logging.disable_progress_bar()  # a "Loading weights" bar on a newcomer's first run says nothing
    try:
        st_model = SentenceTransformer(str(model_path), device="cpu", local_files_only=True,
                                       model_kwargs={"attn_implementation": attention})
    finally:
        transformers_logging.enable_progress_bar()

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

    def write(tmp: str) -> None:
        with torch.no_grad(), warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the tracer's TracerWarnings are about code paths this model never takes
            torch.onnx.export(Pooled().eval(), tuple(sample[n] for n in names), tmp, input_names=names,
                              output_names=["embedding"], dynamic_axes=axes, opset_version=17, dynamo=False)

    atomic_write(path, write)


def quantize(source: Path, path: Path) -> None:
    """Dynamic int8 quantisation of the weights (activations stay float)."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    atomic_write(path, lambda tmp: quantize_dynamic(str(source), tmp, weight_type=QuantType.QInt8))


class OnnxEncoder:
    """Texts -> unit vectors with an ONNX Runtime session over the exported model."""

    def __init__(self, model_path: Path, cache: Path, encoder: str, device: str | None = None,
                 notice: Callable[[str], None] | None = None) -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        plain = model_file(cache, model_path, "onnx")
        if not plain.exists():
            (notice or log.info)("Preparing the model, once: ~5 s")
            log.info("Exporting %s to ONNX in %s (once)", model_path, plain)
            export(model_path, plain)
        path = model_file(cache, model_path, encoder)
        if not path.exists():
            log.info("Quantising %s to int8", plain)
            quantize(plain, path)
        wanted = ["CPUExecutionProvider"] if device == "cpu" else ["CUDAExecutionProvider", "CPUExecutionProvider"]
        providers = [p for p in wanted if p in onnxruntime.get_available_providers()]
        self.session = onnxruntime.InferenceSession(str(path), providers=providers)
        self.inputs = {i.name for i in self.session.get_inputs()}
        self.dimension = int(self.session.get_outputs()[0].shape[-1])
        self.tokenizer = Tokenizer.from_file(str(model_path / "tokenizer.json"))
        self.tokenizer.enable_truncation(max_tokens(model_path))
        pad = self.tokenizer.padding or {}
        self.tokenizer.enable_padding(pad_id=pad.get("pad_id", 0), pad_token=pad.get("pad_token", "[PAD]"))

    def encode(self, texts: list[str]) -> np.ndarray:
        batch = self.tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in batch], dtype=np.int64)
        feed = {"input_ids": ids, "attention_mask": np.array([e.attention_mask for e in batch], dtype=np.int64),
                "token_type_ids": np.array([e.type_ids for e in batch], dtype=np.int64)}
        return np.asarray(self.session.run(None, {k: v for k, v in feed.items() if k in self.inputs})[0],
                          dtype=np.float32)
