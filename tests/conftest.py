"""Shared fixtures: the real packaged model loaded once per session, libraries under tmp_path."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import pytest

from index.config import LibraryConfig
from index.embed.encoder import Embedder

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SEED_ARTICLE = SEEDS / "trump-confronts-putin-on-election-meddling.txt"
XQUAD = ROOT.parent / "shared" / "eval" / "xquad"

os.environ.setdefault("HF_HUB_OFFLINE", "1")


@pytest.fixture(scope="session")
def embedder() -> Embedder:
    """The real all-MiniLM-L6-v2 from its PyPI package, loaded once."""
    return Embedder(LibraryConfig().model)


@pytest.fixture
def config(tmp_path: Path) -> LibraryConfig:
    return replace(LibraryConfig(), index_dir=tmp_path / "index")


@pytest.fixture
def library(config: LibraryConfig, embedder: Embedder):
    """An empty library in tmp_path with the real model, FAISS and SQLite."""
    from index.library import Library

    lib = Library.open(config, embedder=embedder)
    yield lib
    lib.close()


@pytest.fixture
def seeded(config: LibraryConfig, embedder: Embedder):
    """A library built from seeds/."""
    from index.library import Library

    lib = Library.open(config, seeds_dir=SEEDS, embedder=embedder)
    yield lib
    lib.close()


def uploaded_library(embedder: Embedder, folder: Path, data: bytes, name: str):
    """A library in `folder` with the real model, holding one upload (a JSONL of articles written in a test)."""
    from index.library import Library

    lib = Library.open(replace(LibraryConfig(), index_dir=folder / "index"), embedder=embedder)
    lib.add(data, name)
    return lib


@pytest.fixture(scope="module")
def module_library(embedder: Embedder, tmp_path_factory: pytest.TempPathFactory):
    """A library built from seeds/, shared by the tests of one module (in-process bot tests)."""
    from index.library import Library

    lib = Library.open(
        replace(LibraryConfig(), index_dir=tmp_path_factory.mktemp("library") / "index"),
        seeds_dir=SEEDS, embedder=embedder,
    )
    yield lib
    lib.close()


@pytest.fixture(scope="module")
def api(request: pytest.FixtureRequest):
    """The local Bot API server for one test module, under the module's TOKEN."""
    from tests.botapi import FakeBotApi

    with FakeBotApi(getattr(request.module, "TOKEN", "123456:TEST-TOKEN")) as server:
        yield server


@pytest.fixture(scope="module")
def milvus(tmp_path_factory: pytest.TempPathFactory):
    """A Milvus Lite server on a free local port for one test module (tests/milvus_server.py)."""
    from tests.milvus_server import MilvusServer

    with MilvusServer(tmp_path_factory.mktemp("milvus") / "data") as running:
        yield running


@pytest.fixture(params=["embedded", "milvus"])
def lib(request: pytest.FixtureRequest, embedder, tmp_path: Path):
    """A library built from the seed article, on each store in turn (each test its own Milvus database
    prefix would be cleaner; one server, a fresh library per test through a rebuild is what users do)."""
    from index.library import Library

    config = replace(LibraryConfig(), index_dir=tmp_path / "index")
    if request.param == "milvus":
        config = replace(config, store=request.getfixturevalue("milvus").uri)
    library = Library.open(config, seeds_dir=SEEDS, embedder=embedder)
    library.rebuild([SEEDS])  # a Milvus server outlives one test: start each from the seed article alone
    yield library
    library.close()
