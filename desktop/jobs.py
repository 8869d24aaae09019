"""The one way ``desktop/`` runs the core's work off the GUI thread: a ``JobRunner`` and its ``Op``s.

As Anki's ``QueryOp`` / ``CollectionOp`` serve every screen: an ``Op`` is a call into the core
(given a progress callback and a cancel token) and what to do, back in the GUI thread, with its
value, its failure (an ``ArchiveError``'s message, one sentence the user can act on) or its
cancellation. A runner owns one worker thread, started when an op comes and stopped (and waited
for) when the last one is done, and runs its ops one after another in the order they came. The
worker reports progress at most ``rate`` times a second (and always the last step of a phase),
so a fast job does not flood the GUI thread's queue.
Any other exception is a bug: its traceback goes to ``bug_found`` and the op's ``on_failure``
gets "". ``shutdown`` cancels every op and waits for the thread.

The worker's signals reach the runner queued in the GUI thread because the runner is a
GUI-thread QObject (shared/notes/qt.md, pitfall 4): every callback of an op runs there.
"""

from __future__ import annotations

import itertools
import logging
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal, Slot

from index.errors import ArchiveError, Cancelled
from index.jobs import CancelToken, Progress, ProgressCallback, Throttle

log = logging.getLogger(__name__)

PROGRESS_RATE = 10.0  # updates a second, at most

JobCall = Callable[[ProgressCallback, CancelToken], Any]


@dataclass(eq=False)
class Op:
    """One job: the call (in the worker thread) and its callbacks (in the GUI thread)."""

    call: JobCall
    on_success: Callable[[Any], None] | None = None
    on_failure: Callable[[str], None] | None = None  # the message; "" for a bug (already reported)
    on_cancelled: Callable[[], None] | None = None
    on_progress: Callable[[Progress], None] | None = None
    cleanup: Callable[[], None] | None = None  # in the worker thread, after the call (its SQLite connection)
    name: str = "job"
    cancel: CancelToken = field(default_factory=CancelToken)


class _Worker(QObject):
    """Runs ops in the runner's thread and reports what became of them."""

    progressed = Signal(int, object)  # op id, Progress
    succeeded = Signal(int, object)  # op id, value
    failed = Signal(int, str)  # op id, message ("" for a bug)
    cancelled = Signal(int)  # op id
    bug_found = Signal(str)  # traceback

    def __init__(self, thread_name: str, rate: float) -> None:
        super().__init__()
        self._thread_name = thread_name
        self._rate = rate

    @Slot(int, object)
    def run(self, op_id: int, op: Op) -> None:
        threading.current_thread().name = self._thread_name  # for the log (Qt's threads are dummies to Python)
        progress = Throttle(lambda p: self.progressed.emit(op_id, p), rate=self._rate)
        try:
            op.cancel.raise_if_cancelled()  # cancelled while it waited its turn
            value = op.call(progress, op.cancel)
        except Cancelled:
            log.info("%s %d cancelled", op.name, op_id)
            self.cancelled.emit(op_id)
        except ArchiveError as exc:
            log.info("%s %d failed: %s", op.name, op_id, exc)
            self.failed.emit(op_id, str(exc))
        except Exception:
            log.exception("bug in %s %d", op.name, op_id)
            self.bug_found.emit(traceback.format_exc())
            self.failed.emit(op_id, "")
        else:
            self.succeeded.emit(op_id, value)
        finally:
            if op.cleanup is not None:
                try:
                    op.cleanup()
                except Exception:
                    log.exception("bug while cleaning up after %s %d", op.name, op_id)
                    self.bug_found.emit(traceback.format_exc())


class JobRunner(QObject):
    """A worker thread for one kind of job (indexing, exports, bookmarks) and its queue of ops."""

    bug_found = Signal(str)  # the traceback of an unexpected exception in an op
    idle = Signal()  # the last pending op is done
    _run_requested = Signal(int, object)

    def __init__(self, name: str, parent: QObject | None = None, rate: float = PROGRESS_RATE) -> None:
        super().__init__(parent)
        self.name = name
        self._rate = rate
        self._ids = itertools.count(1)
        self._pending: dict[int, Op] = {}
        self._thread: QThread | None = None
        self._worker: _Worker | None = None
        self._closed = False

    @property
    def busy(self) -> bool:
        """Whether an op is running or waiting."""
        return bool(self._pending)

    def _ensure_thread(self) -> None:
        if self._worker is not None:
            return
        self._thread = QThread()
        self._thread.setObjectName(f"morgue-{self.name}")
        self._worker = _Worker(self.name, self._rate)
        self._worker.moveToThread(self._thread)
        self._run_requested.connect(self._worker.run)
        self._worker.progressed.connect(self.on_worker_progressed)
        self._worker.succeeded.connect(self.on_worker_succeeded)
        self._worker.failed.connect(self.on_worker_failed)
        self._worker.cancelled.connect(self.on_worker_cancelled)
        self._worker.bug_found.connect(self.bug_found)
        self._thread.start()

    def submit(self, op: Op) -> int:
        """Queue ``op``; returns its id (0 once the runner is shut down: the op never runs)."""
        if self._closed:
            log.info("%s: %s refused after shutdown", self.name, op.name)
            return 0
        self._ensure_thread()
        op_id = next(self._ids)
        self._pending[op_id] = op
        self._run_requested.emit(op_id, op)
        return op_id

    def cancel(self, op_id: int | None = None) -> None:
        """Ask an op (or every pending op) to stop at its next step."""
        ops = [self._pending[op_id]] if op_id in self._pending else [] if op_id is not None else self._pending.values()
        for op in list(ops):
            op.cancel.cancel()

    def shutdown(self) -> None:
        """Cancel every op, then stop the thread and wait for it (safe to call twice)."""
        self._closed = True
        self.cancel()
        self._stop_thread()
        self._pending.clear()

    def _stop_thread(self) -> None:
        if self._thread is not None:
            self._thread.quit()
            self._thread.wait()
            self._thread = None
            self._worker = None

    # --- the worker's signals, in the GUI thread ---------------------------------------------------

    def _finish(self, op_id: int, callback: Callable[[Op], None]) -> None:
        op = self._pending.pop(op_id, None)
        if op is not None:
            callback(op)
        if not self._pending:
            # No thread outlives its work: none is left running when a widget or the window goes.
            self._stop_thread()
            self.idle.emit()

    @Slot(int, object)
    def on_worker_progressed(self, op_id: int, progress: Progress) -> None:
        op = self._pending.get(op_id)
        if op is not None and op.on_progress is not None:
            op.on_progress(progress)

    @Slot(int, object)
    def on_worker_succeeded(self, op_id: int, value: object) -> None:
        self._finish(op_id, lambda op: op.on_success(value) if op.on_success is not None else None)

    @Slot(int, str)
    def on_worker_failed(self, op_id: int, message: str) -> None:
        self._finish(op_id, lambda op: op.on_failure(message) if op.on_failure is not None else None)

    @Slot(int)
    def on_worker_cancelled(self, op_id: int) -> None:
        self._finish(op_id, lambda op: op.on_cancelled() if op.on_cancelled is not None else None)
