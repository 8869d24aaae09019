"""Incremental indexing: scan the archive's folders, read and extract what changed, write it.

A run is a stat pass over the folders, then parsing and extraction of new or changed files in
worker processes, then writing in this process (one writer for Whoosh, one for SQLite). Writes
land in batches: Whoosh commits first, then the document store records the batch's files, so a
run killed at any point leaves a usable index and the next run redoes only the unrecorded files.
"""

from __future__ import annotations

import itertools
import logging
import multiprocessing
import os
import shutil
import time
from collections import deque
from collections.abc import Iterable, Iterator, Mapping, Sequence
from concurrent.futures import FIRST_EXCEPTION, Future, ProcessPoolExecutor, wait
from concurrent.futures import TimeoutError as FuturesTimeout
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.index import LockError
from whoosh.writing import SegmentWriter

from index import ingest
from index.errors import Cancelled, IndexLocked, UnreadableFile
from index.jobs import CancelToken, Progress, ProgressCallback, Throttle
from index.model import Article, Extraction, ImportProblem, ImportReport
from index.store import schema
from index.store.db import FileRecord, Store
from index.store.entities import EntityTable

ModelSetting = str | Mapping[str, str] | None  # the English model, or a model per language

log = logging.getLogger(__name__)

FILES_PER_TASK = 8
COMMIT_EVERY_ARTICLES = 2000
COMMIT_EVERY_SECONDS = 30.0


@dataclass(frozen=True)
class ReadArticle:
    """An article as it leaves a worker: without its HTML, with its hash and extraction."""

    article: Article
    content_hash: str
    extraction: Extraction | None


@dataclass(frozen=True)
class FileResult:
    path: str
    size: int
    mtime_ns: int
    articles: tuple[ReadArticle, ...] = ()
    error: str | None = None
    extracted: int = 0  # how many articles needed the NLP (not found in the cache)


@dataclass
class _Scan:
    to_read: list[tuple[str, int, int]] = field(default_factory=list)
    unchanged: list[FileRecord] = field(default_factory=list)
    removed: list[FileRecord] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)
    seen: int = 0


# --- the worker side -----------------------------------------------------------------------------

_worker_state: dict[str, object] = {}


def _extractor(model: ModelSetting) -> object:
    ex = _worker_state.get("extractor")
    if ex is None:
        from index.extract import Extractor

        ex = _worker_state["extractor"] = Extractor(model, batch_size=64)
    return ex


def process_files(
    files: Sequence[tuple[str, int, int]], store_path: str, extract: bool, model: ModelSetting
) -> list[FileResult]:
    """Read files, reuse cached extractions, extract the rest. Runs in a worker process."""
    store = _worker_state.get("store")
    if store is None or getattr(store, "path", None) != Path(store_path):
        store = _worker_state["store"] = Store(Path(store_path), readonly=True)
    assert isinstance(store, Store)
    results: list[FileResult] = []
    parsed: list[tuple[str, int, int, list[Article]]] = []
    for path, size, mtime_ns in files:
        try:
            parsed.append((path, size, mtime_ns, ingest.read_file(Path(path))))
        except UnreadableFile as exc:
            results.append(FileResult(path, size, mtime_ns, error=exc.reason))
    todo: list[Article] = []
    cached: dict[str, Extraction | None] = {}
    if extract:
        from index.extract import EXTRACTOR_VERSION

        for *_, articles in parsed:
            for a in articles:
                chash = a.content_hash
                if chash not in cached:
                    cached[chash] = store.extraction(chash, EXTRACTOR_VERSION)
                    if cached[chash] is None:
                        todo.append(a)
        if todo:
            extractions = _extractor(model).extract(todo)  # type: ignore[attr-defined]
            for a, ex in zip(todo, extractions, strict=True):
                cached[a.content_hash] = ex
    fresh = {a.content_hash for a in todo}
    for path, size, mtime_ns, articles in parsed:
        out = tuple(ReadArticle(replace(a, html=None), a.content_hash, cached.get(a.content_hash)) for a in articles)
        results.append(FileResult(path, size, mtime_ns, out, extracted=sum(1 for r in out if r.content_hash in fresh)))
    return results


# --- the writer side ------------------------------------------------------------------------------


def open_or_create(ix_dir: Path, name: str, schema_obj: object) -> whoosh_index.Index:
    """Open the named Whoosh index in ``ix_dir``, creating it if it is not there."""
    ix_dir.mkdir(parents=True, exist_ok=True)
    if whoosh_index.exists_in(str(ix_dir), indexname=name):
        return whoosh_index.open_dir(str(ix_dir), indexname=name)
    return whoosh_index.create_in(str(ix_dir), schema_obj, indexname=name)


class _Lengths:
    """A segment's field lengths, each field's read once: Whoosh's writer asks for a length at every
    posting it writes, each time through the column file (and a stat for fields that have none)."""

    def __init__(self, reader: Any) -> None:
        self._reader = reader
        self._fields: dict[str, list[Any]] = {}

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0) -> Any:
        lengths = self._fields.get(fieldname)
        if lengths is None:
            r = self._reader
            lengths = self._fields[fieldname] = [
                r.doc_field_length(d, fieldname, default) for d in range(r.doc_count_all())
            ]
        return lengths[docnum]


class _SegmentWriter(SegmentWriter):
    """Whoosh's segment writer, reading the new segment's lengths once per field when it writes
    the postings (indexing runs, merges and rebuilds all write through it)."""

    def _flush_segment(self) -> None:  # as SegmentWriter's, with _Lengths
        self.perdocwriter.close()
        pdr = self.per_document_reader() if self.codec.length_stats else None
        self.fieldwriter.add_postings(self.schema, _Lengths(pdr) if pdr else None, self.pool.iter_postings())
        self.fieldwriter.close()
        if pdr:
            pdr.close()


class _Writers:
    """The Whoosh writers of both indexes, committed together."""

    def __init__(self, ix_dir: Path) -> None:
        self.articles_ix = open_or_create(ix_dir, schema.ARTICLES, schema.ArticleSchema())
        self.quotes_ix = open_or_create(ix_dir, schema.QUOTES, schema.QuoteSchema())
        self._open()

    def _open(self) -> None:
        try:
            self.articles = _SegmentWriter(self.articles_ix, limitmb=128)
            try:
                self.quotes = _SegmentWriter(self.quotes_ix, limitmb=64)
            except LockError:
                self.articles.cancel()
                raise
        except LockError as exc:
            raise IndexLocked(
                "Another Morgue process is indexing this archive; try again when it has finished."
            ) from exc

    def put(self, item: ReadArticle, new: bool) -> None:
        doc = schema.article_document(item.article, item.extraction)
        if new:
            self.articles.add_document(**doc)
        else:
            self.articles.update_document(**doc)
            self.quotes.delete_by_term("article_id", item.article.id)
        if item.extraction is not None:
            for qdoc in schema.quote_documents(item.article, item.extraction):
                self.quotes.add_document(**qdoc)

    def indexed_ids(self) -> set[str]:
        """The ids of every article in the Whoosh index."""
        with self.articles_ix.reader() as reader:
            return {t if isinstance(t, str) else t.decode() for t in reader.field_terms("id")}

    def remove(self, article_id: str) -> None:
        self.articles.delete_by_term("id", article_id)
        self.quotes.delete_by_term("article_id", article_id)

    def commit(self, reopen: bool = True) -> None:
        self.articles.commit()
        self.quotes.commit()
        if reopen:
            self._open()

    def cancel(self) -> None:
        """Drop what the writers hold (nothing if they were committed already)."""
        for writer in (self.articles, self.quotes):
            if not writer.is_closed:
                writer.cancel()


def scan(
    roots: Iterable[Path], known: dict[str, FileRecord], cancel: CancelToken | None = None, *, force: bool = False
) -> _Scan:
    """Walk the roots and sort files into to-read, unchanged and removed, by stat alone.

    A recorded file that is no longer under any root (deleted, or its root removed) is removed.
    A folder that cannot be read — a root that is missing (an unmounted drive), empty where it
    held files, or unreadable — keeps its recorded articles and is reported as a problem: an
    archive never empties because a drive is away. ``force`` reads every file again.
    """
    result = _Scan()
    seen: set[str] = set()
    kept: list[str] = []  # folders and files whose records are kept as they are

    def recorded_under(prefix: str) -> int:
        return sum(1 for p in known if p == prefix or p.startswith(prefix + os.sep))

    for root in (Path(r).absolute() for r in roots):
        root_str = str(root.resolve()) if root.exists() else str(root)
        if not root.exists():
            n = recorded_under(root_str)
            kept.append(root_str)
            result.problems.append(ImportProblem(
                root_str, f"is not available (a disconnected drive?); its {n} indexed articles are kept"))
            continue
        errors: list[tuple[str, str]] = []
        before = len(seen)
        for path, size, mtime_ns in _walk(Path(root_str), errors):
            if cancel is not None:
                cancel.raise_if_cancelled()
            if path in seen:
                continue
            seen.add(path)
            rec = known.get(path)
            if not force and rec is not None and rec.size == size and rec.mtime_ns == mtime_ns:
                result.unchanged.append(rec)
            else:
                result.to_read.append((path, size, mtime_ns))
        for path, reason in errors:
            kept.append(path)
            result.problems.append(ImportProblem(path, f"cannot be read ({reason}); its indexed articles are kept"))
        if len(seen) == before and not errors and (n := recorded_under(root_str)):
            kept.append(root_str)
            result.problems.append(ImportProblem(
                root_str, f"holds no articles any more; its {n} indexed articles are kept until the folder "
                "is removed from the archive"))

    def is_kept(path: str) -> bool:
        return any(path == k or path.startswith(k + os.sep) for k in kept)

    for path, rec in known.items():
        if path in seen:
            continue
        if is_kept(path):
            result.unchanged.append(rec)
        else:
            result.removed.append(rec)
    result.seen = len(seen)
    return result


def _walk(root: Path, errors: list[tuple[str, str]]) -> Iterator[tuple[str, int, int]]:
    """Candidate files under ``root`` with their size and mtime; unreadable places go to ``errors``."""

    def on_error(exc: OSError) -> None:
        errors.append((str(exc.filename), exc.strerror or str(exc)))

    if root.is_file():
        st = root.stat()
        yield str(root), st.st_size, st.st_mtime_ns
        return
    for dirpath, dirnames, filenames in os.walk(root, onerror=on_error):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            p = Path(dirpath, name)
            if not ingest.is_candidate(p):
                continue
            try:
                st = p.stat()
            except OSError as exc:
                errors.append((str(p), exc.strerror or str(exc)))
                continue
            yield str(p), st.st_size, st.st_mtime_ns


def _extractor_version() -> int:
    from index.extract import EXTRACTOR_VERSION

    return EXTRACTOR_VERSION


def run(
    store: Store,
    ix_dir: Path,
    roots: Sequence[Path],
    *,
    extract: bool = True,
    model: ModelSetting = None,
    processes: int | None = None,
    on_progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
) -> ImportReport:
    """Bring the index up to date with the files under ``roots``."""
    EXTRACTOR_VERSION = _extractor_version() if extract else 0  # noqa: N806

    started = time.monotonic()
    progress = Throttle(on_progress)
    cancel = cancel or CancelToken()
    report = ImportReport()
    all_known = store.files()
    # A new extractor reads every file again (the HTML is not kept); unchanged text is found in
    # its cache only when its version is the same.
    force = extract and bool(all_known) and store.get_meta("extractor_version") != str(EXTRACTOR_VERSION)
    progress(Progress("scanning", 0, 0))
    try:
        found = scan(roots, all_known, cancel, force=force)
    except Cancelled:
        report.cancelled = True
        report.seconds = time.monotonic() - started
        return report
    report.files_seen = found.seen
    report.files_unchanged = len(found.unchanged)
    report.problems.extend(found.problems)
    report.problems.extend(ImportProblem(r.path, r.error) for r in found.unchanged if r.error)
    if not found.to_read and not found.removed:
        _finish(store, report, extract, EXTRACTOR_VERSION, started)
        progress(Progress("done", 1, 1))
        return report

    # Which file yields which article: an article stays while any file still yields it.
    owners: dict[str, set[str]] = {}
    for rec in all_known.values():
        for aid in rec.article_ids:
            owners.setdefault(aid, set()).add(rec.path)

    writers = _Writers(ix_dir)
    # Ids already in the index (also those a crash left in Whoosh but not in the store): these
    # are replaced, the others simply added.
    indexed_ids = writers.indexed_ids() | set(owners)
    pending_files: list[FileRecord] = []
    pending_articles: list[ReadArticle] = []
    pending_removed_files: list[str] = []
    pending_removed_articles: list[str] = []
    put_since_commit: dict[str, str] = {}  # id -> content hash, for ids the open writer holds
    written: set[str] = set()
    reread: set[str] = set()
    read_paths: set[str] = set()
    last_commit = time.monotonic()

    def release(path: str, ids: Iterable[str]) -> None:
        """``path`` no longer yields these articles: remove those no other file yields."""
        for aid in ids:
            paths = owners.get(aid)
            if paths is None:
                continue
            paths.discard(path)
            if paths:
                # Another file still has it; its text may differ from the version indexed.
                reread.add(min(paths))
                continue
            del owners[aid]
            writers.remove(aid)
            indexed_ids.discard(aid)
            pending_removed_articles.append(aid)
            report.articles_removed += 1

    def flush(final: bool = False) -> None:
        nonlocal last_commit
        writers.commit(reopen=not final)
        store.commit_batch(
            articles=[(r.article, r.content_hash, r.extraction, EXTRACTOR_VERSION) for r in pending_articles],
            files=pending_files,
            removed_files=pending_removed_files,
            removed_articles=[a for a in pending_removed_articles if a not in owners],
        )
        pending_files.clear()
        pending_articles.clear()
        pending_removed_files.clear()
        pending_removed_articles.clear()
        put_since_commit.clear()
        last_commit = time.monotonic()

    def put(item: ReadArticle) -> None:
        aid = item.article.id
        if aid in put_since_commit:
            if put_since_commit[aid] == item.content_hash:
                return  # the same text again: nothing to write
            flush()  # Whoosh cannot replace a document its open writer added
        writers.put(item, new=aid not in indexed_ids)
        pending_articles.append(item)
        put_since_commit[aid] = item.content_hash
        indexed_ids.add(aid)

    def handle(result: FileResult) -> None:
        read_paths.add(result.path)
        report.files_read += 1
        old = all_known.get(result.path)
        if result.error:
            report.problems.append(ImportProblem(result.path, result.error))
            # A file that became unreadable (half synced, truncated) keeps its articles until
            # it is readable again or deleted; its new size and time are recorded.
            kept_ids = old.article_ids if old is not None else ()
            pending_files.append(FileRecord(result.path, result.size, result.mtime_ns, kept_ids, result.error))
            return
        new_ids = tuple(dict.fromkeys(r.article.id for r in result.articles))
        for item in result.articles:
            aid = item.article.id
            if aid in written:
                report.articles_duplicate += 1  # the same article saved in several files
            elif aid in indexed_ids:
                report.articles_updated += 1
            else:
                report.articles_added += 1
            written.add(aid)
            put(item)
            owners.setdefault(aid, set()).add(result.path)
        if old is not None:
            release(result.path, [a for a in old.article_ids if a not in new_ids])
        pending_files.append(FileRecord(result.path, result.size, result.mtime_ns, new_ids, result.error))

    try:
        total = len(found.to_read)
        # Reading starts with the workers loading the language model: say so before the first file.
        progress(Progress("reading", 0, total, "starting the readers"))
        for done, result in enumerate(_read_all(found.to_read, store.path, extract, model, processes, cancel), 1):
            handle(result)
            progress(Progress("reading", done, total, result.path))
            if len(pending_articles) >= COMMIT_EVERY_ARTICLES or time.monotonic() - last_commit > COMMIT_EVERY_SECONDS:
                flush()
        # Removed after reading, so a renamed file is an update rather than a removal and an add.
        for i, rec in enumerate(found.removed):
            release(rec.path, rec.article_ids)
            pending_removed_files.append(rec.path)
            progress(Progress("removing", i + 1, len(found.removed)))
        # Files whose article another, now gone or changed, file had overwritten.
        again = [(p, st.st_size, st.st_mtime_ns) for p in sorted(reread - read_paths) if (st := _stat(p))]
        for result in _read_all(again, store.path, extract, model, 1, cancel):
            handle(result)
        flush(final=True)
    except BaseException:
        # Keep what is complete: everything recorded so far is committed, so the next run
        # redoes only the rest. A cancel is a normal way to stop.
        try:
            flush(final=True)
        except Exception:  # the original error matters more
            log.exception("could not save the work done before the interruption")
            writers.cancel()
        if not cancel.cancelled:
            raise
        report.cancelled = True
    _finish(store, report, extract, EXTRACTOR_VERSION, started)
    progress(Progress("done", 1, 1))
    return report


def _stat(path: str) -> os.stat_result | None:
    try:
        return os.stat(path)
    except OSError:
        return None


def _finish(store: Store, report: ImportReport, extract: bool, version: int, started: float) -> None:
    # A cancelled run leaves files the new extractor has not seen: the next run must still read them.
    if extract and not report.cancelled:
        store.set_meta("extractor_version", str(version))
    store.set_meta("index_version", str(schema.INDEX_VERSION))
    EntityTable(store).sync()  # the archive-wide entities of what this run wrote (no NLP)
    report.seconds = time.monotonic() - started


def _read_all(
    files: list[tuple[str, int, int]],
    store_path: Path,
    extract: bool,
    model: ModelSetting,
    processes: int | None,
    cancel: CancelToken,
) -> Iterator[FileResult]:
    """Results of ``process_files`` over all files, in worker processes when worth it."""
    chunks = [files[i : i + FILES_PER_TASK] for i in range(0, len(files), FILES_PER_TASK)]
    procs = processes if processes is not None else min(2, os.cpu_count() or 1)
    if procs <= 1 or len(chunks) <= 1:
        for chunk in chunks:
            cancel.raise_if_cancelled()
            yield from process_files(chunk, str(store_path), extract, model)
        return
    # spawn, not fork: the GUI calls this from a thread of a Qt process.
    ctx = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(max_workers=procs, mp_context=ctx)
    cancelled = False
    try:
        queue = iter(chunks)
        # Results in submission order, so a run gives the same index whatever the timing.
        running: deque[Future[list[FileResult]]] = deque()
        while True:
            for chunk in itertools.islice(queue, max(0, procs * 2 - len(running))):
                running.append(pool.submit(process_files, chunk, str(store_path), extract, model))
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


def _lock_indexes(ix_dir: Path) -> list[Any]:
    """Take the write locks of both Whoosh indexes, as their writers would."""
    locks: list[Any] = []
    for name, schema_obj in ((schema.ARTICLES, schema.ArticleSchema()), (schema.QUOTES, schema.QuoteSchema())):
        lock = open_or_create(ix_dir, name, schema_obj).lock("WRITELOCK")
        if not lock.acquire(blocking=False):
            for held in locks:
                held.release()
            raise IndexLocked("Another Morgue process is indexing this archive; try again when it has finished.")
        locks.append(lock)
    return locks


# --- rebuilding from the store ---------------------------------------------------------------------

# A rebuild writes one segment per index in each process, with a larger pool than an indexing
# run's: a pool that overflows is sorted through pickled files on disk. At 2,000 articles in two
# processes, 128/64 MB (the indexing run's) cost about a sixth more CPU than this.
REBUILD_LIMITMB = {schema.ARTICLES: 256, schema.QUOTES: 128}
REBUILD_MIN_PER_PROCESS = 500  # fewer articles than this are not worth starting a process for
_TICK = 20  # articles between progress counts from a rebuild process


def _write_part(
    store_path: Path, ix_dir: Path, first: int, count: int, tick: Any, stopped: Any
) -> tuple[list[Any], list[Any]] | None:
    """Write ``count`` stored articles from the ``first``-th (in id order) into a new segment of
    each index in ``ix_dir``, without committing; None if ``stopped()`` turned true.

    The steps of Whoosh's MpWriter(multisegment=True), which forks: the caller holds the indexes'
    locks and commits the segments of every part in one table of contents (``_commit_segments``).
    """
    store = Store(store_path, readonly=True)
    writers = {
        name: _SegmentWriter(whoosh_index.open_dir(str(ix_dir), indexname=name), _lk=False, limitmb=mb)
        for name, mb in REBUILD_LIMITMB.items()
    }
    articles, quotes = writers[schema.ARTICLES], writers[schema.QUOTES]
    try:
        n = 0
        for article, _, ex in store.iter_articles_with_extractions(first, count):
            if stopped():
                return None  # the caller removes the folder, and the pools' files with it
            articles.add_document(**schema.article_document(article, ex))
            if ex is not None:
                for qdoc in schema.quote_documents(article, ex):
                    quotes.add_document(**qdoc)
            n += 1
            if n % _TICK == 0:
                tick(_TICK)
        tick(n % _TICK)
        # A writer given no documents (no quotes in this part) adds no segment.
        segments = tuple([w._finalize_segment()] if w._added else [] for w in (articles, quotes))
        return segments[0], segments[1]
    finally:
        for w in writers.values():
            w._close_segment()  # closes its files if it was stopped or failed (else a no-op)
        store.close()


def _commit_segments(writer: SegmentWriter, segments: list[Any]) -> None:
    """Make ``segments`` (written by ``_write_part``) the index of ``writer``, which holds its lock,
    and release the writer."""
    writer._close_segment()  # its own segment stays empty
    writer._commit_toc(segments)
    writer._finish()


def _rebuild_process_init(done: Any, stop: Any) -> None:
    _worker_state["done"], _worker_state["stop"] = done, stop


def _rebuild_process_part(store_path: Path, ix_dir: Path, first: int, count: int) -> tuple[list[Any], list[Any]] | None:
    """``_write_part`` in a rebuild process: progress in a shared counter, stopped by a shared event."""
    done, stop = _worker_state["done"], _worker_state["stop"]

    def tick(k: int) -> None:
        with done.get_lock():  # type: ignore[attr-defined]
            done.value += k  # type: ignore[attr-defined]

    return _write_part(store_path, ix_dir, first, count, tick, stop.is_set)  # type: ignore[attr-defined]


def _parts(total: int, processes: int) -> list[tuple[int, int]]:
    """(first, count) of each process's share of ``total`` articles, in id order."""
    k = max(1, min(processes, total // REBUILD_MIN_PER_PROCESS))
    bounds = [total * i // k for i in range(k + 1)]
    return [(bounds[i], bounds[i + 1] - bounds[i]) for i in range(k)]


def _write_parts(
    store: Store, ix_dir: Path, parts: list[tuple[int, int]], progress: Throttle, cancel: CancelToken
) -> tuple[list[Any], list[Any]] | None:
    """The segments of every part, in order, written here (one part) or in processes."""
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
    pool = ProcessPoolExecutor(len(parts), ctx, _rebuild_process_init, (counter, stop))
    try:
        futures = [pool.submit(_rebuild_process_part, store.path, ix_dir, first, count) for first, count in parts]
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
    progress = Throttle(on_progress)
    cancel = cancel or CancelToken()
    procs = processes if processes is not None else min(2, os.cpu_count() or 1)
    live = _lock_indexes(ix_dir)  # raises IndexLocked while another run writes
    tmp = ix_dir.with_name(ix_dir.name + ".rebuild")
    shutil.rmtree(tmp, ignore_errors=True)
    try:
        writers = _Writers(tmp)  # holds the new indexes' locks, and commits what the parts wrote
        total = store.article_count()
        try:
            segments = _write_parts(store, tmp, _parts(total, procs), progress, cancel)
        except BaseException:
            writers.cancel()
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        if segments is None:
            writers.cancel()
            shutil.rmtree(tmp, ignore_errors=True)
            return 0
        _commit_segments(writers.articles, segments[0])
        _commit_segments(writers.quotes, segments[1])
        # Swap the new index in; the old one is kept until the swap is done.
        old = ix_dir.with_name(ix_dir.name + ".old")
        shutil.rmtree(old, ignore_errors=True)
        ix_dir.rename(old)
        tmp.rename(ix_dir)
    finally:
        for lock in live:
            lock.release()
    shutil.rmtree(old, ignore_errors=True)
    store.set_meta("index_version", str(schema.INDEX_VERSION))
    EntityTable(store).rebuild()  # from the stored extractions, no NLP
    return total
