"""The Milvus store when its server is hung, stopped and started again: StoreUnavailable within the per-call
deadline, never a raw MilvusException or grpc.RpcError, and answers again once the server is back."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from index.errors import StoreUnavailable
from index.store.milvus.home import MilvusHome

from .milvus_items import DIM, synthetic
from .milvus_server import MilvusServer


def test_unavailable_while_stopped_then_recovers(tmp_path: Path) -> None:
    with MilvusServer(tmp_path / "data") as server:
        home = MilvusHome(server.uri, model="m", dimension=DIM, timeout=3)
        store = home.new_generation()
        store.add([synthetic("The ferry sails at night.")])
        server.pause()  # hung: the port still accepts, nothing answers
        try:
            began = time.perf_counter()
            with pytest.raises(StoreUnavailable):
                store.lexical(["ferry"], 3)
            assert time.perf_counter() - began < 8  # the per-call deadline (3 s), not pymilvus' minute of retries
        finally:
            server.resume()
        assert store.lexical(["ferry"], 3)
        server.stop()
        began = time.perf_counter()
        for read in (lambda: store.count("chunks"), lambda: store.lexical(["ferry"], 3), home.stamp,
                     lambda: store.add([synthetic("Not stored.")])):
            with pytest.raises(StoreUnavailable, match="unavailable right now; try again in a minute"):
                read()
        assert time.perf_counter() - began < 20
        server.start()
        deadline = time.monotonic() + 15  # the old client reconnects by itself within seconds
        while True:
            try:
                assert store.lexical(["ferry"], 3) and store.count("articles") == 1
                break
            except StoreUnavailable:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)
        store.close()
        home.close()
