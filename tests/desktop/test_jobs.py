"""The one long-job helper: ops run in order off the GUI thread, progress is throttled, cancel,
errors and bugs come back to their callbacks, and no thread outlives its work."""

from __future__ import annotations

import threading
import time

import pytest

from desktop.jobs import JobRunner, Op
from index.errors import ArchiveError
from index.jobs import CancelToken, Progress, ProgressCallback


@pytest.fixture()
def runner(qtbot):  # type: ignore[no-untyped-def]
    r = JobRunner("test")
    yield r
    r.shutdown()


def test_ops_run_in_order_in_the_worker_and_report_back_in_the_gui_thread(qtbot, runner: JobRunner) -> None:  # type: ignore[no-untyped-def]
    seen: list[tuple[str, str]] = []
    gui = threading.current_thread().name

    def call(n: int):  # type: ignore[no-untyped-def]
        def run(_progress: ProgressCallback, _cancel: CancelToken) -> int:
            seen.append(("ran", threading.current_thread().name))
            return n
        return run

    results: list[tuple[int, str]] = []
    for n in range(3):
        runner.submit(Op(call(n), on_success=lambda v: results.append((v, threading.current_thread().name))))
    assert runner.busy
    with qtbot.waitSignal(runner.idle):
        pass
    assert results == [(0, gui), (1, gui), (2, gui)]
    assert seen == [("ran", "test")] * 3
    assert runner._thread is None


def test_progress_is_throttled_to_about_ten_a_second_and_keeps_the_last_step(qtbot, runner: JobRunner) -> None:  # type: ignore[no-untyped-def]
    def run(progress: ProgressCallback, _cancel: CancelToken) -> None:
        end = time.monotonic() + 0.5
        i = 0
        while time.monotonic() < end:
            progress(Progress("reading", i, 10**9))
            i += 1
        progress(Progress("reading", 10**9, 10**9))

    got: list[Progress] = []
    runner.submit(Op(run, on_progress=got.append))
    with qtbot.waitSignal(runner.idle, timeout=5000):
        pass
    assert 2 <= len(got) <= 8  # 0.5 s at ten a second, plus the last step
    assert got[-1].done == got[-1].total


def test_cancel_failure_and_bug(qtbot, runner: JobRunner) -> None:  # type: ignore[no-untyped-def]
    started = threading.Event()

    def slow(_progress: ProgressCallback, cancel: CancelToken) -> None:
        started.set()
        while True:
            cancel.raise_if_cancelled()
            time.sleep(0.005)

    def fails(_progress: ProgressCallback, _cancel: CancelToken) -> None:
        raise ArchiveError("The disk is full: free some space.")

    def bug(_progress: ProgressCallback, _cancel: CancelToken) -> None:
        raise ZeroDivisionError

    events: list[str] = []
    cleaned: list[str] = []
    op_id = runner.submit(Op(slow, on_cancelled=lambda: events.append("cancelled"),
                             cleanup=lambda: cleaned.append(threading.current_thread().name)))
    runner.submit(Op(fails, on_failure=lambda m: events.append(f"failed: {m}")))
    assert started.wait(5)
    runner.cancel(op_id)
    with qtbot.waitSignal(runner.idle):
        pass
    with qtbot.waitSignal(runner.bug_found) as blocker:
        runner.submit(Op(bug, on_failure=lambda m: events.append(f"bug: {m!r}")))
    assert "ZeroDivisionError" in blocker.args[0]
    qtbot.waitUntil(lambda: not runner.busy)
    assert events == ["cancelled", "failed: The disk is full: free some space.", "bug: ''"]
    assert cleaned == ["test"]


def test_shutdown_cancels_and_waits_for_the_thread(qtbot) -> None:  # type: ignore[no-untyped-def]
    runner = JobRunner("test")
    started, finished = threading.Event(), threading.Event()

    def slow(_progress: ProgressCallback, cancel: CancelToken) -> None:
        started.set()
        while not cancel.cancelled:
            time.sleep(0.005)
        finished.set()

    runner.submit(Op(slow))
    assert started.wait(5)
    runner.shutdown()
    assert finished.is_set() and runner._thread is None
    assert runner.submit(Op(slow)) == 0  # refused once shut down
