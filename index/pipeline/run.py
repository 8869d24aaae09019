"""An indexing run: bring the index up to date with the files under the archive's roots.

A run is a stat pass over the folders (``scan``), then reading of new or changed files in worker
processes (``read``), then writing in this process (one writer for Whoosh, one for SQLite), then
by default the extraction stage for stored articles that still lack a current extraction.
Writes land in batches: Whoosh commits first, then the store records the batch's files; if the
store's commit fails, the batch is undone in Whoosh (``agreement``), so a run killed or failing at
any point leaves a usable index that agrees with the store, and the next run redoes only the
unrecorded files.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Iterable, Sequence
from pathlib import Path

from index.errors import Cancelled
from index.jobs import CancelToken, Progress, ProgressCallback, Throttle
from index.model import ImportProblem, ImportReport
from index.pipeline import agreement, extraction, faults
from index.pipeline.extraction import ModelSetting
from index.pipeline.read import Extract, FileResult, ReadArticle, read_all
from index.pipeline.scan import NOT_REGULAR, scan
from index.pipeline.workers import Budget
from index.pipeline.writers import IndexWriters
from index.store import schema
from index.store.db import FileRecord, Store
from index.store.entities import EntityTable

log = logging.getLogger(__name__)

# A run commits a batch (one new Whoosh segment) when it holds COMMIT_EVERY_ARTICLES or is
# COMMIT_EVERY_SECONDS old; the first after FIRST_COMMIT_SECONDS, so the first articles read are
# searchable at once. Later batches grow with the run (half of what it wrote so far, half of its
# time, at most MAX_BATCH_ARTICLES): a bulk import writes O(log n) segments, not one per 2,000
# articles, and Whoosh's merge policy (which re-adds every document of the segments it merges
# through its Python reader) is not set off by a row of small ones.
COMMIT_EVERY_ARTICLES = 2000
COMMIT_EVERY_SECONDS = 30.0
FIRST_COMMIT_SECONDS = 5.0
MAX_BATCH_ARTICLES = 8000


class _Batches:
    """The writing side of a run: what a file's results change, written in batches."""

    def __init__(self, store: Store, ix_dir: Path, known: dict[str, FileRecord], report: ImportReport) -> None:
        self.store, self.ix_dir, self.known, self.report = store, ix_dir, known, report
        # Which file yields which article: an article stays while any file still yields it.
        self.owners: dict[str, set[str]] = {}
        for rec in known.values():
            for aid in rec.article_ids:
                self.owners.setdefault(aid, set()).add(rec.path)
        self.files: list[FileRecord] = []
        self.articles: list[ReadArticle] = []
        self.removed_files: list[str] = []
        self.removed_articles: list[str] = []
        self.put_since_commit: dict[str, str] = {}  # id -> content hash, for ids the open writer holds
        self.written: set[str] = set()
        self.reread: set[str] = set()
        self.read_paths: set[str] = set()
        self.started = self.last_commit = time.monotonic()
        self.committed = 0  # articles this run committed
        self.writers = IndexWriters(ix_dir)
        if not agreement.known_to_agree(store, ix_dir):
            # What a failed or killed batch left half done (a no-op commit when nothing was).
            agreement.repair(store, ix_dir, self.writers)
            self.flush()
        # Ids already in the index: these are replaced, the others simply added.
        self.indexed_ids = self.writers.indexed_ids() | set(self.owners)

    def due(self) -> bool:
        """Whether the batch is big or old enough to be committed (see COMMIT_EVERY_ARTICLES)."""
        now = time.monotonic()
        if not self.committed:
            return len(self.articles) >= COMMIT_EVERY_ARTICLES or now - self.last_commit > FIRST_COMMIT_SECONDS
        size = min(MAX_BATCH_ARTICLES, max(COMMIT_EVERY_ARTICLES, self.committed // 2))
        age = max(COMMIT_EVERY_SECONDS, (self.last_commit - self.started) / 2)
        return len(self.articles) >= size or now - self.last_commit > age

    def flush(self, final: bool = False) -> None:
        """Commit Whoosh, then the store; on a failure, undo the batch in Whoosh and re-raise."""
        try:
            self.writers.commit(reopen=not final)
            faults.step("store commit")
            self.store.commit_batch(
                articles=[(r.article, r.content_hash, r.extraction, r.version) for r in self.articles],
                files=self.files,
                removed_files=self.removed_files,
                removed_articles=[a for a in self.removed_articles if a not in self.owners],
                meta=agreement.agreed(self.ix_dir),
            )
        except BaseException:
            self.writers.cancel()
            agreement.repair_after_failure(self.store, self.ix_dir)
            raise
        self.committed += len(self.articles)
        for pending in (self.files, self.articles, self.removed_files, self.removed_articles):
            pending.clear()
        self.put_since_commit.clear()
        self.last_commit = time.monotonic()

    def release(self, path: str, ids: Iterable[str]) -> None:
        """``path`` no longer yields these articles: remove those no other file yields."""
        for aid in ids:
            paths = self.owners.get(aid)
            if paths is None:
                continue
            paths.discard(path)
            if paths:
                # Another file still has it; its text may differ from the version indexed.
                self.reread.add(min(paths))
                continue
            del self.owners[aid]
            self.writers.remove(aid)
            self.indexed_ids.discard(aid)
            self.removed_articles.append(aid)
            self.report.articles_removed += 1

    def put(self, item: ReadArticle) -> None:
        aid = item.article.id
        if aid in self.put_since_commit:
            if self.put_since_commit[aid] == item.content_hash:
                return  # the same text again: nothing to write
            self.flush()  # Whoosh cannot replace a document its open writer added
        self.writers.put(item.article, item.extraction, new=aid not in self.indexed_ids)
        self.articles.append(item)
        self.put_since_commit[aid] = item.content_hash
        self.indexed_ids.add(aid)

    def handle(self, result: FileResult) -> None:
        """Take in one file's results: its articles, or why it could not be read."""
        report = self.report
        self.read_paths.add(result.path)
        report.files_read += 1
        old = self.known.get(result.path)
        if result.error:
            report.problems.append(ImportProblem(result.path, result.error))
        if result.error and not result.articles:
            # A file that became unreadable (half synced, truncated) keeps its articles until
            # it is readable again or deleted; its new size and time are recorded.
            kept_ids = old.article_ids if old is not None else ()
            self.files.append(FileRecord(result.path, result.size, result.mtime_ns, kept_ids, result.error))
            return
        new_ids = tuple(dict.fromkeys(r.article.id for r in result.articles))
        for item in result.articles:
            aid = item.article.id
            if aid in self.written:
                report.articles_duplicate += 1  # the same article saved in several files
            elif aid in self.indexed_ids:
                report.articles_updated += 1
            else:
                report.articles_added += 1
            self.written.add(aid)
            if item.article.annotations:
                report.annotated.append(aid)  # their highlights become bookmarks (Archive.index)
            self.put(item)
            self.owners.setdefault(aid, set()).add(result.path)
        if old is not None and result.error:
            new_ids = tuple(dict.fromkeys((*new_ids, *old.article_ids)))  # read in part: nothing is lost
        elif old is not None:
            self.release(result.path, [a for a in old.article_ids if a not in new_ids])
        self.files.append(FileRecord(result.path, result.size, result.mtime_ns, new_ids, result.error))


def run(
    store: Store,
    ix_dir: Path,
    roots: Sequence[Path],
    *,
    extract: bool | Extract = True,
    model: ModelSetting = None,
    processes: int | None = None,
    on_progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
    budget: Budget | None = None,
) -> ImportReport:
    """Bring the index up to date with the files under ``roots``.

    Every file is read (and extracted) in a worker process within ``budget`` (time and memory;
    ``workers.Budget()`` by default): a file over it is reported as a problem and the run goes on.

    ``extract``: True (``Extract.NOW``) extracts new text while reading it and then runs the
    extraction stage for every stored article still without a current extraction; ``Extract.LATER``
    writes articles without waiting for the NLP (the caller runs ``extraction.run`` afterwards);
    False indexes without extraction.
    """
    mode = extract if isinstance(extract, Extract) else Extract.NOW if extract else Extract.OFF
    started = time.monotonic()
    progress = Throttle(on_progress)
    cancel = cancel or CancelToken()
    report = ImportReport()
    known = store.files()
    progress(Progress("scanning", 0, 0))
    try:
        found = scan(roots, known, cancel)
    except Cancelled:
        report.cancelled = True
        report.seconds = time.monotonic() - started
        return report
    report.files_seen = found.seen
    report.files_unchanged = len(found.unchanged)
    report.problems.extend(found.problems)
    report.skipped.extend(p for p in found.skipped if p.reason != NOT_REGULAR)  # those are problems
    store.set_skipped((p.path, p.reason) for p in found.skipped)
    report.problems.extend(ImportProblem(r.path, r.error) for r in found.unchanged if r.error)
    if found.to_read or found.removed or not agreement.known_to_agree(store, ix_dir):
        _read_and_write(store, ix_dir, found.to_read, found.removed, known, report, mode, model, processes,
                        progress, cancel, budget)
    if mode is Extract.NOW and not report.cancelled:
        try:
            extraction.run(store, ix_dir, model=model, processes=processes, on_progress=on_progress, cancel=cancel,
                           budget=budget, problems=report.problems)
        finally:
            report.cancelled = cancel.cancelled
    _finish(store, report, mode, started)
    progress(Progress("done", 1, 1))
    return report


def _read_and_write(
    store: Store,
    ix_dir: Path,
    to_read: list[tuple[str, int, int]],
    removed: list[FileRecord],
    known: dict[str, FileRecord],
    report: ImportReport,
    mode: Extract,
    model: ModelSetting,
    processes: int | None,
    progress: Throttle,
    cancel: CancelToken,
    budget: Budget | None,
) -> None:
    """Read the changed files, remove the removed ones, and write it all in batches."""
    batches = _Batches(store, ix_dir, known, report)
    try:
        total = len(to_read)
        # Reading starts with the workers loading the language model: say so before the first file.
        progress(Progress("reading", 0, total, "starting the readers"))
        for done, result in enumerate(read_all(to_read, store.path, mode, model, processes, cancel, budget), 1):
            batches.handle(result)
            progress(Progress("reading", done, total, result.path))
            if batches.due():
                batches.flush()
        # Removed after reading, so a renamed file is an update rather than a removal and an add.
        for i, rec in enumerate(removed):
            batches.release(rec.path, rec.article_ids)
            batches.removed_files.append(rec.path)
            progress(Progress("removing", i + 1, len(removed)))
        # Files whose article another, now gone or changed, file had overwritten.
        again = [(p, st.st_size, st.st_mtime_ns) for p in sorted(batches.reread - batches.read_paths)
                 if (st := _stat(p))]
        for result in read_all(again, store.path, mode, model, processes, cancel, budget):
            batches.handle(result)
        batches.flush(final=True)
    except BaseException:
        # Keep what is complete: everything recorded so far is committed, so the next run
        # redoes only the rest. A cancel is a normal way to stop.
        if not batches.writers.articles.is_closed:  # else a flush failed, and undid its batch
            try:
                batches.flush(final=True)
            except Exception:  # the original error matters more
                log.exception("could not save the work done before the interruption")
        if not cancel.cancelled:
            raise
        report.cancelled = True


def _stat(path: str) -> os.stat_result | None:
    try:
        return os.stat(path)
    except OSError:
        return None


def _finish(store: Store, report: ImportReport, mode: Extract, started: float) -> None:
    if mode is Extract.NOW and not report.cancelled:
        store.set_meta("extractor_version", str(extraction.current_version()))
    store.set_meta("index_version", str(schema.INDEX_VERSION))
    EntityTable(store).sync()  # the archive-wide entities of what this run wrote (no NLP)
    report.seconds = time.monotonic() - started
