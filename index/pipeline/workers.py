"""Worker processes for the pipeline's per-file work, each step within a budget of time and memory.

Processes are started with ``spawn``, not ``fork``: the GUI calls the pipeline from a thread of a
Qt process. Results come back in the order the work was submitted, so a run gives the same index
whatever the timing.

Every step of a task (reading one file, extracting a batch) runs in a worker under a ``Budget``:
a time limit, enforced by the parent killing the worker, and a memory limit (``RLIMIT_AS``: the
worker's own address space when the step starts, plus ten times the file's size, at most 1 GB).
An item over its budget gets the caller's ``over`` result (a problem naming the file), the worker
is replaced, and the other items of its task are done again: the run goes on. With
``processes=1`` everything runs in this process, without a budget (tests, debugging).

Measured with ``en_core_web_sm`` on 2 cores: a reading worker's address space is 35-44 MB, one
with spaCy loaded 328 MB; extracting 34 corpus articles in one batch peaked 126 MB above that.
Hence the base is measured in the worker when each step starts, not a constant.
"""

from __future__ import annotations

import importlib.util
import itertools
import logging
import multiprocessing
import os
import signal
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from typing import Any, TypeVar

from index.errors import WorkersUnavailable
from index.jobs import CancelToken

log = logging.getLogger(__name__)

T = TypeVar("T")
R = TypeVar("R")

# State a worker process keeps between tasks (its store connection, its extractor).
state: dict[str, object] = {}

MAX_FAILED_STARTS = 3  # workers that die before they are ready, before a stage gives up
FAULTS_ENV = "MORGUE_FAULTS_MODULE"  # a test's hook module, loaded by every worker at start
MB = 2**20
# Workers yield the CPU to the rest of the machine: the app's searches while names and quotes are
# found, its window, the user's other programs. Idle cores are theirs all the same.
WORKER_NICENESS = 10


@dataclass(frozen=True)
class Budget:
    """What one step of the per-file work may cost: seconds, and memory above the worker's own."""

    seconds: float = 60.0
    per_byte: int = 10  # memory allowed per byte of the file
    floor: int = 256 * MB  # what the smallest file may use (a parser's and spaCy's working memory)
    cap: int = 1024 * MB  # never more than this

    def memory_for(self, size: int) -> int:
        """The memory a step over an item of ``size`` bytes may use above the worker's base."""
        return min(max(self.per_byte * size, self.floor), self.cap)

    def over_time(self, verb: str) -> str:
        """The problem reported for a file over the time budget, e.g. "took longer than 60 s to read"."""
        return f"took longer than {self.seconds:g} s to {verb}"

    def over_memory(self, verb: str, size: int) -> str:
        """The problem reported for a file over the memory budget."""
        return f"needed more than {_amount(self.memory_for(size))} of memory to {verb}"


def _amount(n: int) -> str:
    return f"{n / 1024 / MB:g} GB" if n >= 1024 * MB else f"{n / MB:.0f} MB"


def default_processes() -> int:
    """How many worker processes a stage uses unless told."""
    return min(2, os.cpu_count() or 1)


# --- in the worker --------------------------------------------------------------------------------

_conn: Connection | None = None
_task_id = -1


def step(item: int | None, verb: str) -> None:
    """Called by a task before each step: ``item`` (its index in the chunk, None for a step over
    the whole chunk) is being worked on, to ``verb`` ("read", …); restarts the step's clock."""
    if _conn is not None:
        _conn.send(("step", _task_id, item, verb))


def _address_space() -> int:
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError):
        return 0


def _limit_memory(extra: int | None) -> None:
    """Limit this process's address space to what it holds now plus ``extra`` (None: no limit)."""
    try:
        import resource
    except ImportError:  # not on this platform: the time budget still holds
        return
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    base = _address_space()
    soft = hard if extra is None or not base else base + extra
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    try:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
    except (ValueError, OSError):
        log.debug("the memory limit could not be set")


def _load_faults() -> None:
    path = os.environ.get(FAULTS_ENV)
    if path:
        spec = importlib.util.spec_from_file_location("morgue_test_faults", path)
        assert spec is not None and spec.loader is not None
        spec.loader.exec_module(importlib.util.module_from_spec(spec))


def _worker_main(conn: Connection, fn: Callable[..., list[Any]], args: tuple[Any, ...],
                 initializer: Callable[..., None] | None, init_args: tuple[Any, ...]) -> None:
    global _conn, _task_id
    try:
        os.nice(WORKER_NICENESS)
    except (AttributeError, OSError):  # not on this platform, or not allowed: the same work, sooner
        log.debug("the worker's priority could not be lowered")
    try:
        _load_faults()
        if initializer is not None:
            initializer(*init_args)
    except BaseException as exc:  # a model not installed, a bug: re-raised in the parent
        conn.send(("error", -1, exc, None))
        return
    conn.send(("ready", -1, None, None))
    _conn = conn
    while True:
        try:
            message = conn.recv()
        except EOFError:
            return
        if message is None:
            return
        _task_id, chunk, memory = message
        _limit_memory(memory)
        try:
            results = fn(chunk, *args)
            _limit_memory(None)
            conn.send(("done", _task_id, results, None))
        except MemoryError:
            _limit_memory(None)
            conn.send(("memory", _task_id, None, None))
            return  # a process that ran out of memory may be in a bad state: the parent replaces it
        except BaseException as exc:  # a bug: re-raised in the parent
            _limit_memory(None)
            conn.send(("error", _task_id, exc, None))


# --- in the parent --------------------------------------------------------------------------------


@dataclass
class _Task:
    chunk_index: int
    items: list[Any]
    offset: int  # the index of items[0] in its chunk
    item: int | None = None  # the item being worked on (index in ``items``), if known
    verb: str = "read"
    deadline: float = 0.0


@dataclass
class _Chunk:
    parts: dict[int, list[Any]] = field(default_factory=dict)  # results by the offset of their items
    open_tasks: int = 0


class _Worker:
    def __init__(self, ctx: Any, fn: Callable[..., list[Any]], args: tuple[Any, ...],
                 initializer: Callable[..., None] | None, init_args: tuple[Any, ...]) -> None:
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_worker_main, args=(child, fn, args, initializer, init_args), daemon=True)
        self.process.start()
        child.close()
        self.ready = False
        self.task: _Task | None = None
        self.task_id = -1

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self.conn.close()


def ordered_map(
    fn: Callable[..., list[R]],
    chunks: Sequence[list[T]],
    args: tuple[Any, ...],
    processes: int | None,
    cancel: CancelToken,
    *,
    budget: Budget | None = None,
    size_of: Callable[[T], int] = lambda item: 0,
    over: Callable[[T, str], Any] | None = None,
    initializer: Callable[..., None] | None = None,
    init_args: tuple[Any, ...] = (),
) -> Iterator[R]:
    """The items of ``fn(chunk, *args)`` over every chunk, in order, in worker processes unless
    ``processes`` is 1. An item over the budget gives ``over(item, reason)`` instead (no result
    if ``over`` is None). Raises ``Cancelled`` soon after ``cancel`` is set."""
    if processes == 1:
        if initializer is not None:
            initializer(*init_args)
        for chunk in chunks:
            cancel.raise_if_cancelled()
            yield from fn(chunk, *args)
        return
    budget = budget or Budget()
    procs = max(1, min(processes or default_processes(), len(chunks)))
    if not chunks:
        return
    ctx = multiprocessing.get_context("spawn")
    queue: list[_Task] = [_Task(i, list(c), 0) for i, c in enumerate(chunks)]
    queue.reverse()  # popped from the end: first chunk first
    done: dict[int, _Chunk] = {i: _Chunk(open_tasks=1) for i in range(len(chunks))}
    workers: list[_Worker] = []
    ids = itertools.count()
    next_chunk = 0
    failed_starts: list[int | None] = []

    def spawn() -> _Worker:
        return _Worker(ctx, fn, args, initializer, init_args)

    def finish(task: _Task, results: list[Any]) -> None:
        entry = done[task.chunk_index]
        entry.parts[task.offset] = results
        entry.open_tasks -= 1

    def fail(worker: _Worker, kind: str) -> None:
        """The worker's task went over its budget or the worker died: report, retry the rest."""
        task, worker.task = worker.task, None
        if kind == "died":
            worker.process.join(2)
        code = worker.process.exitcode
        worker.kill()
        if not worker.ready:
            failed_starts.append(code)
            if len(failed_starts) >= MAX_FAILED_STARTS:
                raise WorkersUnavailable(f"Morgue's worker processes stop as they start (exit code {code}); "
                                         "the log says why.")
        workers[workers.index(worker)] = spawn()
        if task is None:  # it died between tasks
            return
        entry = done[task.chunk_index]
        if task.item is None and len(task.items) > 1:
            # A step over the whole chunk: do each item alone, to find the one over the budget.
            entry.open_tasks += len(task.items) - 1
            queue.extend(reversed([_Task(task.chunk_index, [it], task.offset + i) for i, it in enumerate(task.items)]))
            return
        index = task.item or 0
        item = task.items[index]
        if kind == "time":
            reason = budget.over_time(task.verb)
        elif kind == "memory":
            reason = budget.over_memory(task.verb, size_of(item))
        elif code == -signal.SIGKILL:
            reason = f"the worker was killed trying to {task.verb} it (out of memory?)"
        else:
            reason = f"the worker stopped unexpectedly (exit code {code}) trying to {task.verb} it"
        log.warning("%s %s", item, reason)
        entry.parts[task.offset + index] = [over(item, reason)] if over is not None else []
        # Items before the failed one were done by the killed worker: their results are lost.
        rest = [_Task(task.chunk_index, task.items[:index], task.offset),
                _Task(task.chunk_index, task.items[index + 1 :], task.offset + index + 1)]
        rest = [t for t in rest if t.items]
        entry.open_tasks += len(rest) - 1
        queue.extend(reversed(rest))

    try:
        workers.extend(spawn() for _ in range(procs))
        while next_chunk < len(chunks):
            cancel.raise_if_cancelled()
            for w in workers:
                if w.ready and w.task is None and queue:
                    task = queue.pop()
                    w.task, w.task_id = task, next(ids)
                    task.deadline = time.monotonic() + budget.seconds
                    memory = budget.memory_for(max((size_of(it) for it in task.items), default=0))
                    w.conn.send((w.task_id, task.items, memory))
            ready = wait([w.conn for w in workers] + [w.process.sentinel for w in workers], timeout=0.2)
            for w in list(workers):
                if w.conn.closed:
                    continue  # replaced in this round
                if w.conn in ready:
                    try:
                        kind, task_id, payload, verb = w.conn.recv()
                    except (EOFError, OSError):
                        kind, task_id = "died", w.task_id
                    if kind == "ready":
                        w.ready = True
                    elif kind == "error":
                        raise payload
                    elif kind == "died":
                        fail(w, kind)
                    elif task_id != w.task_id or w.task is None:
                        pass
                    elif kind == "step":
                        w.task.item, w.task.verb = payload, verb
                        w.task.deadline = time.monotonic() + budget.seconds
                    elif kind == "done":
                        task, w.task = w.task, None
                        finish(task, payload)
                    elif kind == "memory":
                        fail(w, kind)
                elif w.process.sentinel in ready and not w.process.is_alive():
                    fail(w, "died")
                elif w.task is not None and time.monotonic() > w.task.deadline:
                    fail(w, "time")
            while next_chunk < len(chunks) and done[next_chunk].open_tasks == 0:
                for _, results in sorted(done.pop(next_chunk).parts.items()):
                    yield from results
                next_chunk += 1
    finally:
        for w in workers:
            try:
                if w.task is None and w.process.is_alive():
                    w.conn.send(None)
            except OSError:
                pass
        deadline = time.monotonic() + 2
        for w in workers:
            w.process.join(max(0.0, deadline - time.monotonic()) if w.task is None else 0)
            w.kill()


