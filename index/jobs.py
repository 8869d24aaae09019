"""Progress reports and cancellation for the core's long jobs (indexing, export).

The core takes an ``on_progress`` callback and a ``CancelToken``; the CLI turns progress into a
bar on the terminal, the GUI's workers turn it into signals.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from index.errors import Cancelled


@dataclass(frozen=True)
class Progress:
    """Where a long job stands: ``done`` of ``total`` steps of ``phase``."""

    phase: str
    done: int
    total: int
    detail: str = ""

    @property
    def fraction(self) -> float:
        return self.done / self.total if self.total else 0.0


ProgressCallback = Callable[[Progress], None]


class CancelToken:
    """A flag a user sets to stop a job; the job checks it between steps."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def raise_if_cancelled(self) -> None:
        if self._event.is_set():
            raise Cancelled()


class Throttle:
    """Passes progress on at most ``rate`` times a second, and always the first and last step of a phase."""

    def __init__(self, callback: ProgressCallback | None, rate: float = 10.0) -> None:
        self._callback = callback
        self._interval = 1.0 / rate
        self._last = 0.0
        self._phase: str | None = None

    def __call__(self, progress: Progress) -> None:
        if self._callback is None:
            return
        now = time.monotonic()
        new_phase = progress.phase != self._phase
        if new_phase or progress.done >= progress.total or now - self._last >= self._interval:
            self._last = now
            self._phase = progress.phase
            self._callback(progress)
