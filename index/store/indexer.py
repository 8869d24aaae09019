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
import time
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures import TimeoutError as FuturesTimeout
from dataclasses import dataclass, field, replace
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.index import LockError

from index import ingest
from index.errors import Cancelled, IndexLocked, UnreadableFile
from index.jobs import CancelToken, Progress, ProgressCallback, Throttle
from index.model import Article, Extraction, ImportProblem, ImportReport
from index.store import schema
from index.store.db import FileRecord, Store

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
    seen: int = 0


# --- the worker side -----------------------------------------------------------------------------

_worker_state: dict[str, object] = {}


def _extractor(model: str | None) -> object:
    ex = _worker_state.get("extractor")
    if ex is None:
        from index.extract import Extractor

        ex = _worker_state["extractor"] = Extractor(model, batch_size=64)
    return ex


def process_files(
    files: Sequence[tuple[str, int, int]], store_path: str, extract: bool, model: str | None
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


class _Writers:
    """The Whoosh writers of both indexes, committed together."""

    def __init__(self, ix_dir: Path) -> None:
        self.articles_ix = open_or_create(ix_dir, schema.ARTICLES, schema.ArticleSchema())
        self.quotes_ix = open_or_create(ix_dir, schema.QUOTES, schema.QuoteSchema())
        self._open()

    def _open(self) -> None:
        try:
            self.articles = self.articles_ix.writer(limitmb=128)
            try:
                self.quotes = self.quotes_ix.writer(limitmb=64)
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

    def remove(self, article_id: str) -> None:
        self.articles.delete_by_term("id", article_id)
        self.quotes.delete_by_term("article_id", article_id)

    def commit(self, reopen: bool = True) -> None:
        self.articles.commit()
        self.quotes.commit()
        if reopen:
            self._open()

    def cancel(self) -> None:
        self.articles.cancel()
        self.quotes.cancel()


def scan(
    roots: Iterable[Path], known: dict[str, FileRecord], cancel: CancelToken | None = None, *, force: bool = False
) -> _Scan:
    """Walk the roots and sort files into to-read, unchanged and removed, by stat alone.

    A recorded file that is no longer under any root (deleted, or its root removed) is removed.
    ``force`` reads every file again.
    """
    result = _Scan()
    seen: set[str] = set()
    for root in (Path(r).resolve() for r in roots):
        for path, size, mtime_ns in _walk(root):
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
    result.removed = [rec for p, rec in known.items() if p not in seen]
    result.seen = len(seen)
    return result


def _walk(root: Path) -> Iterator[tuple[str, int, int]]:
    if root.is_file():
        st = root.stat()
        yield str(root), st.st_size, st.st_mtime_ns
        return
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            p = Path(dirpath, name)
            if not ingest.is_candidate(p):
                continue
            try:
                st = p.stat()
            except OSError:
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
    model: str | None = None,
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
    report.problems.extend(ImportProblem(r.path, r.error) for r in found.unchanged if r.error)

    # Which file yields which article: an article stays while any file still yields it.
    owners: dict[str, set[str]] = {}
    for rec in all_known.values():
        for aid in rec.article_ids:
            owners.setdefault(aid, set()).add(rec.path)
    existing_ids = set(owners)

    writers = _Writers(ix_dir)
    pending_files: list[FileRecord] = []
    pending_articles: list[ReadArticle] = []
    pending_removed_files: list[str] = []
    pending_removed_articles: list[str] = []
    written: set[str] = set()
    written_since_commit = 0
    last_commit = time.monotonic()

    def release(path: str, ids: Iterable[str]) -> None:
        for aid in ids:
            paths = owners.get(aid)
            if paths is None:
                continue
            paths.discard(path)
            if not paths:
                del owners[aid]
                writers.remove(aid)
                existing_ids.discard(aid)
                pending_removed_articles.append(aid)
                report.articles_removed += 1

    def flush(final: bool = False) -> None:
        nonlocal written_since_commit, last_commit
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
        written_since_commit = 0
        last_commit = time.monotonic()

    try:
        for i, rec in enumerate(found.removed):
            release(rec.path, rec.article_ids)
            pending_removed_files.append(rec.path)
            progress(Progress("removing", i + 1, len(found.removed)))

        total = len(found.to_read)
        for done, result in enumerate(_read_all(found.to_read, store.path, extract, model, processes, cancel), 1):
            report.files_read += 1
            old = all_known.get(result.path)
            new_ids = tuple(dict.fromkeys(r.article.id for r in result.articles))
            if result.error:
                report.problems.append(ImportProblem(result.path, result.error))
            for item in result.articles:
                is_new = item.article.id not in existing_ids
                writers.put(item, new=is_new)
                pending_articles.append(item)
                owners.setdefault(item.article.id, set()).add(result.path)
                existing_ids.add(item.article.id)
                if is_new:
                    report.articles_added += 1
                elif item.article.id in written:
                    report.articles_duplicate += 1  # the same article saved in several files
                else:
                    report.articles_updated += 1
                written.add(item.article.id)
                written_since_commit += 1
            if old is not None:
                release(result.path, [a for a in old.article_ids if a not in new_ids])
            pending_files.append(FileRecord(result.path, result.size, result.mtime_ns, new_ids, result.error))
            progress(Progress("reading", done, total, result.path))
            if written_since_commit >= COMMIT_EVERY_ARTICLES or time.monotonic() - last_commit > COMMIT_EVERY_SECONDS:
                flush()
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
    if extract:
        store.set_meta("extractor_version", str(EXTRACTOR_VERSION))
    store.set_meta("index_version", str(schema.INDEX_VERSION))
    report.seconds = time.monotonic() - started
    progress(Progress("done", 1, 1))
    return report


def _read_all(
    files: list[tuple[str, int, int]],
    store_path: Path,
    extract: bool,
    model: str | None,
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
    with ProcessPoolExecutor(max_workers=procs, mp_context=ctx) as pool:
        queue = iter(chunks)
        # Results in submission order, so a run gives the same index whatever the timing.
        running: deque[Future[list[FileResult]]] = deque()
        try:
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
                        cancel.raise_if_cancelled()
                running.popleft()
                yield from results
                cancel.raise_if_cancelled()
        finally:
            for fut in running:
                fut.cancel()


def rebuild(
    store: Store, ix_dir: Path, *, on_progress: ProgressCallback | None = None, cancel: CancelToken | None = None
) -> int:
    """Recreate the Whoosh indexes from the document store: no parsing, no NLP.

    Used after a schema change. Returns the number of articles written.
    """
    progress = Throttle(on_progress)
    cancel = cancel or CancelToken()
    total = store.article_count()
    tmp = ix_dir.with_name(ix_dir.name + ".rebuild")
    if tmp.exists():
        import shutil

        shutil.rmtree(tmp)
    writers = _Writers(tmp)
    n = 0
    for article, chash in store.iter_articles():
        if cancel.cancelled:
            writers.cancel()
            import shutil

            shutil.rmtree(tmp, ignore_errors=True)
            return n
        ex = store.article_extraction(article.id)
        writers.put(ReadArticle(article, chash, ex), new=True)
        n += 1
        progress(Progress("rebuilding", n, total))
    writers.commit(reopen=False)
    # Swap the new index in; the old one is kept until the swap is done.
    import shutil

    old = ix_dir.with_name(ix_dir.name + ".old")
    if ix_dir.exists():
        ix_dir.rename(old)
    tmp.rename(ix_dir)
    shutil.rmtree(old, ignore_errors=True)
    store.set_meta("index_version", str(schema.INDEX_VERSION))
    return n
