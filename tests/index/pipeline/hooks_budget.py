"""Loaded by every worker process of a test (``workers.FAULTS_ENV``): a reader that is slow, greedy
or killed for files named so, the others read as usual."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

from index import ingest

_read = ingest.read


def read(path: Path) -> object:
    name = Path(path).name
    if name.startswith("slow"):
        time.sleep(600)
    if name.startswith("greedy"):
        hog = bytearray(1536 * 2**20)  # over any file's budget of memory
        hog[-1] = 1
    if name.startswith("killed"):
        os.kill(os.getpid(), signal.SIGKILL)
    return _read(path)


ingest.read = read  # type: ignore[assignment]
