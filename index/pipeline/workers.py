"""Worker processes for the pipeline's per-file work, results in submission order.

Processes are started with ``spawn``, not ``fork``: the GUI calls the pipeline from a thread of a
Qt process. Results come back in the order the work was submitted, so a run gives the same index
whatever the timing.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures import TimeoutError as FuturesTimeout
from typing import Any, TypeVar

from index.jobs import CancelToken

T = TypeVar("T")
R = TypeVar("R")

# State a worker process keeps between tasks (its store connection, its extractor).
state: dict[str, object] = {}


def default_processes() -> int:
    """How many worker processes a stage uses unless told."""
    return min(2, os.cpu_count() or 1)


def ordered_map(
    fn: Callable[..., list[R]],
    chunks: Sequence[T],
    args: tuple[Any, ...],
    processes: int | None,
    cancel: CancelToken,
) -> Iterator[R]:
    """The items of ``fn(chunk, *args)`` over every chunk, in order; in worker processes when there
    are several chunks and processes. Raises ``Cancelled`` soon after ``cancel`` is set."""
    procs = processes if processes is not None else default_processes()
    if procs <= 1 or len(chunks) <= 1:
        for chunk in chunks:
            cancel.raise_if_cancelled()
            yield from fn(chunk, *args)
        return
    pool = ProcessPoolExecutor(max_workers=procs, mp_context=multiprocessing.get_context("spawn"))
    cancelled = False
    try:
        queue = iter(chunks)
        running: deque[Future[list[R]]] = deque()
        while True:
            for chunk in itertools.islice(queue, max(0, procs * 2 - len(running))):
                running.append(pool.submit(fn, chunk, *args))
            if not running:
                return
            while True:
                try:
                    results = running[0].result(timeout=0.2)
                    break
                except FuturesTimeout:
                    cancelled = cancel.cancelled
                    cancel.raise_if_cancelled()
            running.popleft()
            yield from results
            cancelled = cancel.cancelled
            cancel.raise_if_cancelled()
    finally:
        # On cancel, do not wait for the chunks in flight: their results would be thrown away.
        pool.shutdown(wait=not cancelled, cancel_futures=True)
