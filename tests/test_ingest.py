"""Quote extraction runs beside the encoder at a lower CPU priority, on its own thread only."""

from __future__ import annotations

import os
import threading
from concurrent.futures import ThreadPoolExecutor

from index.ingest.pipeline import background


def test_background_work_runs_at_a_lower_priority_on_its_thread_only() -> None:
    def niceness() -> int:
        return os.getpriority(os.PRIO_PROCESS, threading.get_native_id())

    before = niceness()
    with ThreadPoolExecutor(1) as pool:
        result, inside = pool.submit(background, lambda: ["done", niceness()]).result()
    assert result == "done" and inside >= max(before, 10)
    assert niceness() == before  # the calling thread (an encoder or a question) keeps its priority
