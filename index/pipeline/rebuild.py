"""Rebuilding the Whoosh index from the document store: no parsing, no NLP.

The new index is written next to the live one (``whoosh.rebuild``), marked complete, and swapped
in by two renames (the live one to ``whoosh.old``, the new one to ``whoosh``). A crash at any step
leaves either the old index or the new one whole: ``agreement.recover_swap`` (run when an archive
opens) finishes or undoes an interrupted swap.

With Whoosh's private API (``store.w3.write``) each process writes one segment of a share of the
articles, and one table of contents commits them all; without it, one process writes the index
through Whoosh's public writer.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
from collections.abc import Callable
from concurrent.futures import FIRST_EXCEPTION, ProcessPoolExecutor, wait
from pathlib import Path
from typing import Any

from index.corrections.apply import Applier
from index.jobs import CancelToken, Progress, ProgressCallback, Throttle
from index.pipeline import faults, workers
from index.pipeline.writers import IndexWriters, lock_indexes, open_index
from index.store import schema
from index.store.db import Store
from index.store.entities import EntityTable
from index.store.w3 import write as w3_writer

# A rebuild writes one segment per index in each process; a pool that overflows is sorted through
# runs on disk. The pool holds a posting in about 37 bytes (``store.w3.pool``), so 32/16 MB spill
# about every 1,900 articles: a 5,000-article part took the same CPU as with 64/32 MB and peaked at
# 144 MB against 193 MB (a 10,000-article rebuild: 449 -> 332 MB for the processes together).
REBUILD_LIMITMB = {schema.ARTICLES: 32, schema.QUOTES: 16}
REBUILD_MIN_PER_PROCESS = 500  # fewer articles than this are not worth starting a process for
# Articles in one part at most, each part a fresh process: writing a part's segment costs memory
# that grows with the part (about 157 MB to add the documents, then 24 MB more at 15,000 articles,
# 70 at 30,000), so a 100,000-article rebuild in two halves peaked at 585 MB.
REBUILD_MAX_PER_PART = 20_000
_TICK = 20  # articles between progress counts from a rebuild process
COMPLETE = "COMPLETE"  # the marker file of a new index written in full


def new_dir(ix_dir: Path) -> Path:
    """Where a rebuild writes the new index."""
    return ix_dir.with_name(ix_dir.name + ".rebuild")


def old_dir(ix_dir: Path) -> Path:
    """Where the live index waits while the new one is moved in."""
    return ix_dir.with_name(ix_dir.name + ".old")


def _write_part(
    store_path: Path, ix_dir: Path, first: int, count: int, tick: Callable[[int], None], stopped: Callable[[], bool]
) -> tuple[list[Any], list[Any]] | None:
    """Write ``count`` stored articles from the ``first``-th (in id order) into a new segment of
    each index in ``ix_dir``, without committing; None if ``stopped()`` turned true.

    The steps of Whoosh's MpWriter(multisegment=True), which forks: the caller holds the indexes'
    locks and commits the segments of every part in one table of contents.
    """
    store = Store(store_path, readonly=True)
    parts = {
        name: w3_writer.part_writer(open_index(ix_dir, name), limitmb=mb)
        for name, mb in REBUILD_LIMITMB.items()
    }
    articles, quotes = parts[schema.ARTICLES], parts[schema.QUOTES]
    corrections = Applier.for_data_dir(store_path.parent)
    try:
        n = 0
        for article, _, raw in store.iter_articles_with_extractions(first, count):
            if stopped():
                return None  # the caller removes the folder, and the pools' files with it
            ex = corrections.apply(article, raw)
            articles.add_document(**schema.article_document(article, ex))
            if ex is not None:
                for qdoc in schema.quote_documents(article, ex):
                    quotes.add_document(**qdoc)
            n += 1
            if n % _TICK == 0:
                tick(_TICK)
        tick(n % _TICK)
        return w3_writer.finish_part(articles), w3_writer.finish_part(quotes)
    finally:
        for part in parts.values():
            w3_writer.close_part(part)
        store.close()


def _process_init(done: Any, stop: Any) -> None:
    workers.state["done"], workers.state["stop"] = done, stop


def _process_part(store_path: Path, ix_dir: Path, first: int, count: int) -> tuple[list[Any], list[Any]] | None:
    """``_write_part`` in a rebuild process: progress in a shared counter, stopped by a shared event."""
    done, stop = workers.state["done"], workers.state["stop"]

    def tick(k: int) -> None:
        with done.get_lock():  # type: ignore[attr-defined]
            done.value += k  # type: ignore[attr-defined]

    return _write_part(store_path, ix_dir, first, count, tick, stop.is_set)  # type: ignore[attr-defined]


def _parts(total: int, processes: int) -> list[tuple[int, int]]:
    """(first, count) of each part of ``total`` articles, in id order: one a process, or more of
    at most ``REBUILD_MAX_PER_PART`` each, as many for each process (none of them left alone on
    the last part)."""
    k = max(1, min(processes, total // REBUILD_MIN_PER_PROCESS))
    if total > k * REBUILD_MAX_PER_PART:
        rounds = -(-total // (k * REBUILD_MAX_PER_PART))
        k *= rounds
    bounds = [total * i // k for i in range(k + 1)]
    return [(bounds[i], bounds[i + 1] - bounds[i]) for i in range(k)]


def _write_parts(
    store: Store, ix_dir: Path, parts: list[tuple[int, int]], processes: int, progress: Throttle, cancel: CancelToken
) -> tuple[list[Any], list[Any]] | None:
    """The segments of every part, in order, written here (one part) or in up to ``processes`` processes."""
    total = sum(count for _, count in parts)
    if len(parts) == 1:
        done = 0

        def tick(k: int) -> None:
            nonlocal done
            done += k
            progress(Progress("rebuilding", done, total))

        return _write_part(store.path, ix_dir, *parts[0], tick, lambda: cancel.cancelled)
    # spawn, not fork: the GUI calls this from a thread of a Qt process.
    ctx = multiprocessing.get_context("spawn")
    counter, stop = ctx.Value("q", 0), ctx.Event()
    # A fresh process for each part: what one part's writing left in the allocator never adds to the next's.
    pool = ProcessPoolExecutor(min(len(parts), processes), ctx, _process_init, (counter, stop), max_tasks_per_child=1)
    try:
        futures = [pool.submit(_process_part, store.path, ix_dir, first, count) for first, count in parts]
        while not all(f.done() for f in futures):
            if cancel.cancelled:
                stop.set()
            wait(futures, timeout=0.1, return_when=FIRST_EXCEPTION)
            if any(f.done() and f.exception() for f in futures):
                stop.set()  # the others stop too; result() below raises the error
                break
            progress(Progress("rebuilding", counter.value, total))
        results = [f.result() for f in futures]
    finally:
        stop.set()  # no-op unless leaving on an error
        pool.shutdown(wait=True, cancel_futures=True)
    if any(r is None for r in results) or cancel.cancelled:
        return None
    progress(Progress("rebuilding", total, total))
    return [s for r in results if r for s in r[0]], [s for r in results if r for s in r[1]]


def _write_public(store: Store, writers: IndexWriters, total: int, progress: Throttle, cancel: CancelToken) -> bool:
    """Every stored article through Whoosh's public writer, in this process; False if cancelled."""
    for n, (article, _, ex) in enumerate(store.iter_articles_with_extractions(), 1):
        if cancel.cancelled:
            return False
        writers.put(article, ex, new=True)
        progress(Progress("rebuilding", n, total))
    faults.step("rebuild: commit")
    writers.commit(reopen=False)
    return True


def _write_new(store: Store, tmp: Path, processes: int, progress: Throttle, cancel: CancelToken) -> bool:
    """Write the whole new index into ``tmp`` and commit it; False if cancelled."""
    limits = (REBUILD_LIMITMB[schema.ARTICLES], REBUILD_LIMITMB[schema.QUOTES])
    writers = IndexWriters(tmp, limitmb=limits)  # holds the new indexes' locks
    total = store.article_count()
    try:
        if not w3_writer.can_write_parts():
            return _write_public(store, writers, total, progress, cancel)
        segments = _write_parts(store, tmp, _parts(total, processes), processes, progress, cancel)
        if segments is None:
            return False
        faults.step("rebuild: commit articles")
        w3_writer.commit_parts(writers.articles, segments[0])
        faults.step("rebuild: commit quotes")
        w3_writer.commit_parts(writers.quotes, segments[1])
        return True
    finally:
        writers.cancel()  # a no-op once committed


def _mark_complete(tmp: Path) -> None:
    with open(tmp / COMPLETE, "wb") as f:
        os.fsync(f.fileno())
    fd = os.open(tmp, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def rebuild(
    store: Store,
    ix_dir: Path,
    *,
    processes: int | None = None,
    on_progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
) -> int:
    """Recreate the Whoosh indexes from the document store: no parsing, no NLP.

    Used after a schema change. It holds the live index's write lock throughout, so no indexing
    run can write to the old index meanwhile. Returns the number of articles written (0 when
    cancelled: the live index is left as it was).
    """
    from index.pipeline import agreement

    progress = Throttle(on_progress)
    cancel = cancel or CancelToken()
    procs = processes if processes is not None else workers.default_processes()
    agreement.recover_swap(ix_dir)
    live = lock_indexes(ix_dir)  # raises IndexLocked while another run writes
    tmp, old = new_dir(ix_dir), old_dir(ix_dir)
    try:
        faults.step("rebuild: clear")
        shutil.rmtree(tmp, ignore_errors=True)
        total = store.article_count()
        if not _write_new(store, tmp, procs, progress, cancel):
            shutil.rmtree(tmp, ignore_errors=True)
            return 0
        faults.step("rebuild: mark complete")
        _mark_complete(tmp)
        faults.step("rebuild: clear old")
        shutil.rmtree(old, ignore_errors=True)
        faults.step("rebuild: move live away")
        ix_dir.rename(old)
        faults.step("rebuild: move new in")
        tmp.rename(ix_dir)
    except BaseException:
        if not ix_dir.exists() and old.exists():
            old.rename(ix_dir)  # the live index back where it was
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    finally:
        for lock in live:
            lock.release()
    faults.step("rebuild: remove old")
    shutil.rmtree(old, ignore_errors=True)
    (ix_dir / COMPLETE).unlink(missing_ok=True)
    faults.step("rebuild: record version")
    store.commit_batch(meta={"index_version": str(schema.INDEX_VERSION), **agreement.agreed(ix_dir)})
    # The entity table comes from the stored extractions, which a rebuild does not change: it links
    # what changed since, or everything if its rules did (no NLP either way).
    EntityTable(store).refresh()
    return total
