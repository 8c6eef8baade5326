"""A `milvus-lite server` child process for tests: on a free 127.0.0.1 port, ready when a gRPC CheckHealth
answers (an open port is not enough), stopped with SIGINT (its clean shutdown), then SIGKILL.

gRPC binds with SO_REUSEPORT: a second server on a busy port starts without error and takes some clients,
so the port is checked free first, and the server is never left behind.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import grpc  # comes with the [milvus] extra, which the test extra includes
from pymilvus.grpc_gen import milvus_pb2, milvus_pb2_grpc  # noqa: E402

CLI = shutil.which("milvus-lite") or str(Path(sys.executable).with_name("milvus-lite"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def port_taken(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), 0.2).close()
        return True
    except OSError:
        return False


def healthy(address: str) -> bool:
    """A raw CheckHealth RPC: no pymilvus connection cache in the way."""
    try:
        with grpc.insecure_channel(address) as channel:
            stub = milvus_pb2_grpc.MilvusServiceStub(channel)
            return bool(stub.CheckHealth(milvus_pb2.CheckHealthRequest(), timeout=0.5).isHealthy)
    except grpc.RpcError:
        return False


class MilvusServer:
    """One server over one data folder; `uri` is what MilvusHome takes."""

    def __init__(self, data_dir: Path, port: int | None = None) -> None:
        self.data_dir, self.port = data_dir, port or free_port()
        self.uri = f"milvus://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None

    def start(self, timeout: float = 60.0) -> float:
        """Start and wait until healthy; the seconds it took."""
        if port_taken(self.port):
            raise RuntimeError(f"port {self.port} is in use: another server would share it (SO_REUSEPORT)")
        began = time.monotonic()
        log = open(self.data_dir.with_suffix(".log"), "a")
        self.proc = subprocess.Popen(  # own session: SIGINT is not inherited as ignored
            [CLI, "server", "--data-dir", str(self.data_dir), "--host", "127.0.0.1", "--port", str(self.port)],
            stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )
        log.close()
        while time.monotonic() - began < timeout:
            if self.proc.poll() is not None:
                raise RuntimeError(f"milvus-lite exited with {self.proc.returncode}; see {log.name}")
            if healthy(f"127.0.0.1:{self.port}"):
                return time.monotonic() - began
            time.sleep(0.05)
        self.stop()
        raise TimeoutError(f"milvus-lite on port {self.port} not ready after {timeout} s")

    def stop(self, wait: float = 15.0) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.send_signal(signal.SIGINT)
        try:
            self.proc.wait(wait)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()

    def pause(self) -> None:
        """Hang the server (SIGSTOP): its port still accepts, nothing answers. Returns once it has stopped:
        kill() returns before a busy process's threads have all halted."""
        os.kill(self.proc.pid, signal.SIGSTOP)
        deadline = time.monotonic() + 5
        while Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "T":
            if time.monotonic() > deadline:
                raise TimeoutError("milvus-lite did not stop on SIGSTOP")
            time.sleep(0.01)

    def resume(self) -> None:
        os.kill(self.proc.pid, signal.SIGCONT)

    def restart(self) -> float:
        self.stop()
        return self.start()

    def __enter__(self) -> MilvusServer:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()
