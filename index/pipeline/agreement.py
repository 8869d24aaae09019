"""Whoosh and the store hold the same articles: checked when an archive opens and at every run,
and repaired from the store (the source of truth) when a batch failed halfway.

A batch commits Whoosh first, then the store, which records in the same transaction the
generation of the index it now agrees with: opening compares that one number. When the store's
commit fails, the batch's new articles are in Whoosh only: they are deleted from it (their files
are not recorded, so the next run reads them again), and articles the store has but Whoosh lacks
are written from the store.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import shutil
import warnings
from collections.abc import Iterator
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage

from index.errors import IndexLocked
from index.pipeline import faults
from index.pipeline.rebuild import COMPLETE, new_dir, old_dir
from index.pipeline.writers import IndexWriters, indexed_ids
from index.store import schema
from index.store.db import Store

log = logging.getLogger(__name__)


def recover_swap(ix_dir: Path) -> None:
    """Finish or undo a rebuild's swap that a crash interrupted (``whoosh.rebuild``/``whoosh.old``
    left behind, or no ``whoosh`` at all); a no-op while another process rebuilds."""
    tmp, old = new_dir(ix_dir), old_dir(ix_dir)
    if not tmp.exists() and not old.exists():
        return
    holder = ix_dir if ix_dir.exists() else old
    lock = FileStorage(str(holder)).lock(f"{schema.ARTICLES}_WRITELOCK") if holder.exists() else None
    if lock is not None and not lock.acquire(blocking=False):
        return  # a rebuild is running
    try:
        live = whoosh_index.exists_in(str(ix_dir), indexname=schema.ARTICLES)
        if not live and (tmp / COMPLETE).exists():
            log.warning("finishing an interrupted rebuild: moving the new index in")
            faults.step("recover: move new in")
            if ix_dir.exists():
                shutil.rmtree(ix_dir)
            tmp.rename(ix_dir)
        elif not live and old.exists():
            log.warning("undoing an interrupted rebuild: moving the old index back")
            faults.step("recover: move old back")
            if ix_dir.exists():
                shutil.rmtree(ix_dir)
            old.rename(ix_dir)
    finally:
        if lock is not None:
            lock.release()
    faults.step("recover: clear")
    shutil.rmtree(tmp, ignore_errors=True)
    shutil.rmtree(old, ignore_errors=True)
    (ix_dir / COMPLETE).unlink(missing_ok=True)


GENERATION = "whoosh_generation"  # the store's meta key: the articles index's generation it agrees with


def generation(ix_dir: Path) -> int:
    """The generation of the committed articles index (-1 if there is none)."""
    if not whoosh_index.exists_in(str(ix_dir), indexname=schema.ARTICLES):
        return -1
    return int(whoosh_index.open_dir(str(ix_dir), indexname=schema.ARTICLES).latest_generation())


def agreed(ix_dir: Path) -> dict[str, str]:
    """The meta value a store commit records once Whoosh's commit of the same batch is done."""
    return {GENERATION: str(generation(ix_dir))}


def known_to_agree(store: Store, ix_dir: Path) -> bool:
    """Whether the index is the one the store last recorded as agreeing with it (no reading of
    either: one number), or both are empty."""
    gen = generation(ix_dir)
    if gen == -1:
        return store.article_count() == 0
    return store.get_meta(GENERATION) == str(gen)


def repair(store: Store, ix_dir: Path, writers: IndexWriters | None = None) -> tuple[int, int]:
    """Make Whoosh hold exactly the store's articles: (documents removed, documents added).

    With ``writers`` (a run's, holding the locks) the changes are left for its commit; without,
    writers are opened and committed here (raises ``IndexLocked`` while another process writes).
    """
    own = writers is None
    w = writers or IndexWriters(ix_dir)
    try:
        in_whoosh = indexed_ids(w.articles_ix)
        in_store = set(store.article_ids())
        extra, missing = in_whoosh - in_store, in_store - in_whoosh
        for aid in sorted(extra):
            w.remove(aid)
        for article, _, ex in store.articles_with_extractions(sorted(missing)):
            w.put(article, ex, new=True)
        if extra or missing:
            log.warning("the search index disagreed with the store: %d documents removed, %d added",
                        len(extra), len(missing))
        if own:
            w.commit(reopen=False)
            store.set_meta(GENERATION, str(generation(ix_dir)))
        return len(extra), len(missing)
    finally:
        if own:
            w.cancel()


def repair_after_failure(store: Store, ix_dir: Path) -> None:
    """After a batch failed (its writers cancelled): repair what it left half done, if possible;
    else the next open or run repairs it."""
    try:
        repair(store, ix_dir)
    except Exception:  # the failure being handled matters more
        log.exception("the search index could not be repaired after a failed batch")


def check_on_open(store: Store, ix_dir: Path) -> tuple[int, int]:
    """What opening an archive does: recover an interrupted swap; repair a disagreement. Returns
    the documents (removed, added); an index that cannot be read is left to ``check``."""
    recover_swap(ix_dir)
    with quiet_files() as failed:
        try:
            if not known_to_agree(store, ix_dir):
                return repair(store, ix_dir)
        except IndexLocked:
            log.info("the index is being written by another process: not checked")
        except Exception as exc:  # Whoosh's many kinds of unreadable: `morgue check --repair` rebuilds it
            log.warning("the search index cannot be read (%s): not checked", str(exc))
            failed.append(True)
    return 0, 0


@contextlib.contextmanager
def quiet_files() -> Iterator[list[bool]]:
    """Whoosh leaves a file open when its table of contents cannot be read: a caller that caught
    such an error appends to the list it gets, and the file is closed here without a ResourceWarning."""
    failed: list[bool] = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        yield failed
        if failed:
            gc.collect()
