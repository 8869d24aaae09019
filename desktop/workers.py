"""Running the core off the GUI thread: one thread for reads (with request ids), one for indexing.

Each worker is a QObject moved to its own QThread; the GUI talks to it through a *client* living
in the GUI thread, which relays the worker's signals (a worker signal connected to a GUI-thread
QObject's slot arrives queued in the GUI thread: see shared/notes/qt.md, pitfall 4) and drops
results of requests that a newer one has replaced.
"""

from __future__ import annotations

import itertools
import logging
import threading
import time
import traceback
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QThread, Signal, Slot

from desktop.archives import ArchiveOpener, OpenedArchive
from desktop.bylines import is_organisation
from desktop.jobs import JobRunner, Op
from index.errors import ArchiveError
from index.jobs import CancelToken, Progress, ProgressCallback
from index.model import Article, Extraction, ImportReport, SearchResult

if TYPE_CHECKING:  # pragma: no cover
    from index.archive import Archive
    from index.store.entities import ArchiveEntity

log = logging.getLogger(__name__)

PAGE_SIZE = 20


# --- requests and what comes back ---------------------------------------------------------------


@dataclass(frozen=True)
class SearchRequest:
    """One page of one search. Every page of a search shares the search's ``request_id``."""

    request_id: int
    query: str
    sort: str = "relevance"
    filters: tuple[tuple[str, str], ...] = ()
    page: int = 1
    pagelen: int = PAGE_SIZE


@dataclass(frozen=True)
class SearchOutcome:
    """A page of results, with the months of all matches (for the timeline) on the first page."""

    request: SearchRequest
    result: SearchResult
    months: tuple[tuple[str, int], ...] = ()
    suggestion: str = ""  # "did you mean": the query with its unknown words replaced, if it found nothing
    # The page's byline names that are organisations ("CNN", "Reuters"): no person's page for them.
    organisations: frozenset[str] = frozenset()


@dataclass(frozen=True)
class ArticleOutcome:
    """An article and what extraction found in it."""

    request_id: int
    article: Article
    extraction: Extraction
    extracted: bool = True  # False when the article was indexed without extraction
    terms: tuple[str, ...] = ()  # the words of the article the search matched, as written there
    query: str = ""  # the query the terms are of
    spans: tuple[tuple[int, int, int], ...] = ()  # where: (paragraph, start, end), -1 the title
    pending: bool = False  # not extracted yet, but its names and quotes are being found
    # The archive's entity of each of the article's entities, by (type, name as the article has it).
    archive_entities: Mapping[tuple[str, str], ArchiveEntity] = field(default_factory=dict)


@dataclass(frozen=True)
class EntityCount:
    """How many articles of the whole archive mention an entity."""

    facet: str
    name: str
    count: int


@dataclass(frozen=True)
class _Job:
    kind: str
    request_id: int
    call: Callable[[Archive | None], Any]
    needs_archive: bool = True


class RequestIds:
    """The newest request id of each kind; thread-safe, so the worker can skip stale requests."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counter = itertools.count(1)
        self._latest: dict[str, int] = {}

    def new(self, kind: str) -> int:
        with self._lock:
            rid = next(self._counter)
            self._latest[kind] = rid
            return rid

    def latest(self, kind: str) -> int:
        with self._lock:
            return self._latest.get(kind, 0)

    def is_current(self, kind: str, request_id: int) -> bool:
        return self.latest(kind) == request_id


# --- the read worker ----------------------------------------------------------------------------


class CoreWorker(QObject):
    """Runs the archive's reads one at a time in its thread; owns the open archive."""

    job_finished = Signal(str, int, object)  # kind, request id, value
    job_failed = Signal(str, int, str)  # kind, request id, a message the user can act on
    bug_found = Signal(str)  # the traceback of an unexpected exception
    job_skipped = Signal(str, int)

    def __init__(self, ids: RequestIds) -> None:
        super().__init__()
        self._ids = ids
        self._archive: Archive | None = None
        self._opened: OpenedArchive | None = None

    @Slot(object)
    def run(self, job: _Job) -> None:
        """Run one job unless a newer request of its kind has made it stale."""
        threading.current_thread().name = "core"  # for the log (Python sees Qt's thread as a dummy)
        if job.kind in STALE_KINDS and not self._ids.is_current(job.kind, job.request_id):
            self.job_skipped.emit(job.kind, job.request_id)
            return
        try:
            if job.needs_archive and self._archive is None:
                raise ArchiveError("No archive is open: open a folder of saved articles first.")
            value = job.call(self._archive)
            if isinstance(value, OpenedArchive):
                if self._archive is not None and self._archive is not value.archive:
                    self._archive.close()
                if self._opened is not None and self._opened.lock is not None and self._opened.lock is not value.lock:
                    self._opened.lock.release()
                self._archive, self._opened = value.archive, value
        except ArchiveError as exc:
            log.info("%s %d failed: %s", job.kind, job.request_id, exc)
            self.job_failed.emit(job.kind, job.request_id, str(exc))
        except Exception:
            log.exception("bug in %s %d", job.kind, job.request_id)
            self.bug_found.emit(traceback.format_exc())
            self.job_failed.emit(job.kind, job.request_id, "")
        else:
            self.job_finished.emit(job.kind, job.request_id, value)

    def release_lock(self) -> None:
        """Let another window open this archive (called once the thread has stopped)."""
        if self._opened is not None and self._opened.lock is not None:
            self._opened.lock.release()

    @Slot()
    def close_archive(self) -> None:
        """Close the archive's searcher and this thread's store connection."""
        if self._archive is not None:
            self._archive.close()
            self._archive = None
        if self._opened is not None and self._opened.lock is not None:
            self._opened.lock.release()
        self._opened = None


# Kinds where only the newest request matters: older ones are skipped and their results dropped.
STALE_KINDS = frozenset({"search", "article", "count"})


def _search(archive: Archive | None, request: SearchRequest) -> SearchOutcome:
    assert archive is not None
    filters = dict(request.filters) or None
    first = request.page == 1
    result = archive.search(
        request.query, page=request.page, pagelen=request.pagelen, sort=request.sort, filters=filters,
        facets=first,  # the Facets dock's counts, over all matches: once per query
    )
    months = _months(archive, request.query, filters) if first else ()
    suggestion = ""
    if first and not result.total and request.query.strip():
        suggestion = archive.suggest(request.query) or ""
    return SearchOutcome(request, result, months, suggestion, _organisations(archive, result))


def _organisations(archive: Archive, result: SearchResult) -> frozenset[str]:
    """The byline names of the hits that read as an organisation's and name no person the archive knows."""
    def known_person(name: str) -> bool:
        return archive.resolve_person(name) is not None

    bylines = {(name, hit.site) for hit in result.hits for name in hit.authors}
    return frozenset(name for name, site in bylines if is_organisation(name, site, known_person))


def _months(archive: Archive, query: str, filters: Mapping[str, str] | None) -> tuple[tuple[str, int], ...]:
    return tuple(archive.months(query, filters))


def _article(archive: Archive | None, request_id: int, article_id: str, query: str,
             filters: Mapping[str, str] | None = None) -> ArticleOutcome:
    assert archive is not None
    article = archive.article(article_id)
    terms: dict[str, None] = {}
    spans: list[tuple[int, int, int]] = []
    if query.strip() or filters:
        try:
            spans = archive.highlights(article_id, query, filters)
            for p, start, end in spans:
                text = article.title if p < 0 else article.paragraphs[p].text
                terms.setdefault(text[start:end].lower(), None)
        except ArchiveError:  # a malformed query highlights nothing
            pass
    extracted = archive.is_extracted(article_id)
    return ArticleOutcome(
        request_id, article, archive.extraction(article_id), extracted, tuple(terms), query, tuple(spans),
        pending=not extracted and not archive.extraction_off, archive_entities=archive.article_entities(article_id),
    )


def _count(archive: Archive | None, facet: str, name: str) -> EntityCount:
    assert archive is not None
    return EntityCount(facet, name, archive.entity_count(facet, name))


def _problems(archive: Archive | None) -> list[tuple[str, str]]:
    assert archive is not None
    return archive.problems()


class CoreClient(QObject):
    """The GUI thread's handle on the read worker: requests go in, named signals come out.

    Results of a search, article load or entity count are emitted only if no newer request of
    the same kind was made since; stale ones are dropped (and reported by ``stale_dropped``).
    """

    archive_opened = Signal(object)  # OpenedArchive
    archive_failed = Signal(str)
    search_finished = Signal(object)  # SearchOutcome
    search_failed = Signal(int, str)  # request id, message
    article_loaded = Signal(object)  # ArticleOutcome
    article_failed = Signal(str)
    entity_counted = Signal(object)  # EntityCount
    problems_loaded = Signal(object)  # list of (path, reason)
    bug_found = Signal(str)
    stale_dropped = Signal(str, int)  # kind, request id
    _job_requested = Signal(object)
    _close_requested = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ids = RequestIds()
        self._thread = QThread()
        self._thread.setObjectName("morgue-core")
        self._worker = CoreWorker(self.ids)
        self._worker.moveToThread(self._thread)
        self._job_requested.connect(self._worker.run)
        self._close_requested.connect(self._worker.close_archive)
        self._worker.job_finished.connect(self.on_worker_job_finished)
        self._worker.job_failed.connect(self.on_worker_job_failed)
        self._worker.bug_found.connect(self.on_worker_bug_found)
        self._worker.job_skipped.connect(self.on_worker_job_skipped)
        self._thread.start()
        self._running = True

    # --- requests --------------------------------------------------------------------------------

    def _submit(
        self, kind: str, request_id: int, call: Callable[[Archive | None], Any], needs_archive: bool = True
    ) -> None:
        self._job_requested.emit(_Job(kind, request_id, call, needs_archive))

    def open_archive(self, opener: ArchiveOpener) -> None:
        """Open an archive in the worker; ``archive_opened`` or ``archive_failed`` follows."""
        self._submit("archive", self.ids.new("archive"), lambda _archive: opener(), needs_archive=False)

    def search(self, query: str, sort: str = "relevance", filters: Mapping[str, str] | None = None,
               pagelen: int = PAGE_SIZE) -> int:
        """Start a new search (its first page, of ``pagelen`` hits); returns its request id."""
        rid = self.ids.new("search")
        request = SearchRequest(rid, query, sort, tuple(sorted((filters or {}).items())), pagelen=pagelen)
        self._submit("search", rid, lambda archive: _search(archive, request))
        return rid

    def fetch_page(self, request: SearchRequest, page: int) -> None:
        """Fetch another page of the search ``request`` (dropped if a new search started)."""
        next_request = SearchRequest(request.request_id, request.query, request.sort, request.filters, page,
                                     request.pagelen)
        self._submit("search", request.request_id, lambda archive: _search(archive, next_request))

    def load_article(self, article_id: str, query: str = "", filters: Mapping[str, str] | None = None) -> int:
        """Load an article, its extraction and where ``query`` (and ``filters``) match it; returns the request id."""
        rid = self.ids.new("article")
        filters = dict(filters or {})
        self._submit("article", rid, lambda archive: _article(archive, rid, article_id, query, filters))
        return rid

    def count_entity(self, facet: str, name: str) -> None:
        """Count the articles of the whole archive mentioning an entity."""
        self._submit("count", self.ids.new("count"), lambda archive: _count(archive, facet, name))

    def load_problems(self) -> None:
        """The files the last indexing runs could not read."""
        self._submit("problems", self.ids.new("problems"), _problems)

    def shutdown(self) -> None:
        """Close the archive in the worker thread, then stop and wait for the thread."""
        if not self._running:
            return
        self._running = False
        self._close_requested.emit()
        self._thread.quit()
        self._thread.wait()
        # The thread may stop before the queued close ran: the lock must go with the window all the same.
        self._worker.release_lock()

    # --- results (GUI thread) ----------------------------------------------------------------------

    def _stale(self, kind: str, request_id: int) -> bool:
        if kind in STALE_KINDS and not self.ids.is_current(kind, request_id):
            log.debug("dropping the stale %s result %d", kind, request_id)
            self.stale_dropped.emit(kind, request_id)
            return True
        return False

    @Slot(str, int, object)
    def on_worker_job_finished(self, kind: str, request_id: int, value: object) -> None:
        if self._stale(kind, request_id):
            return
        signal = {
            "archive": self.archive_opened,
            "search": self.search_finished,
            "article": self.article_loaded,
            "count": self.entity_counted,
            "problems": self.problems_loaded,
        }[kind]
        signal.emit(value)

    @Slot(str, int, str)
    def on_worker_job_failed(self, kind: str, request_id: int, message: str) -> None:
        if self._stale(kind, request_id):
            return
        if kind == "search":
            self.search_failed.emit(request_id, message)
        elif kind == "archive":
            self.archive_failed.emit(message)
        elif message:
            self.article_failed.emit(message)

    @Slot(str)
    def on_worker_bug_found(self, text: str) -> None:
        self.bug_found.emit(text)

    @Slot(str, int)
    def on_worker_job_skipped(self, kind: str, request_id: int) -> None:
        self.stale_dropped.emit(kind, request_id)


# --- the indexing worker ------------------------------------------------------------------------


@dataclass(frozen=True)
class IndexOptions:
    """How the GUI runs indexing (tests index without extraction where it does not matter)."""

    processes: int | None = None
    extract: bool = True



class IndexJob(QObject):
    """The GUI thread's handle on indexing: one run at a time, cancellable, in a ``JobRunner``."""

    started = Signal()
    progressed = Signal(object)  # Progress, at most ~10 a second
    finished = Signal(object)  # ImportReport (also of a cancelled run: what was indexed is kept)
    failed = Signal(str)  # a message the user can act on ("" for a bug, reported by bug_found)
    checked = Signal(object)  # CheckReport of the quick check run when an archive opens
    searchable = Signal()  # the first phase is written: what was read can be searched
    bug_found = Signal(str)

    def __init__(self, options: IndexOptions | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.options = options or IndexOptions()
        self._runner = JobRunner("indexer", self)
        self._runner.bug_found.connect(self.bug_found)
        self._op: Op | None = None
        self._resuming = False  # the running op is ``resume``'s (the second phase alone)

    @property
    def running(self) -> bool:
        """An indexing run is going (not a ``resume``, which a run or opening an archive stops)."""
        return self._op is not None and not self._resuming

    def on_op_progressed(self, progress: Progress) -> None:
        if progress.phase == "extracting" and progress.done == 0:
            self.searchable.emit()
        self.progressed.emit(progress)

    def resume(self, archive: Archive) -> bool:
        """Find the names and quotes a run left for later (cancelled, ``morgue index --later``, a
        new extractor version): the second phase alone, cancellable; ``progressed`` and
        ``finished`` follow only if there are any. False if a run is going or the GUI indexes
        without extraction."""
        if self._op is not None or not self.options.extract:
            return False
        processes = self.options.processes

        def call(on_progress: ProgressCallback, cancel: CancelToken) -> ImportReport:
            if archive.extraction_off or not archive.extraction_pending():
                return ImportReport()
            started = time.monotonic()
            report = ImportReport(extracted=archive.extract_pending(processes=processes, on_progress=on_progress,
                                                                    cancel=cancel))
            report.cancelled = cancel.cancelled
            report.extraction_pending = archive.extraction_pending()
            report.seconds = time.monotonic() - started
            return report

        def ended() -> bool:
            """Whether this op was still the current one (not stopped by ``stop_resuming``)."""
            if self._op is not op:
                return False
            self._op, self._resuming = None, False
            return True

        def done(report: ImportReport) -> None:
            if ended() and (report.extracted or report.cancelled):
                self.finished.emit(report)

        def failed(message: str) -> None:
            if ended():
                self.failed.emit(message)

        op = self._op = Op(call, on_success=done, on_failure=failed, on_cancelled=lambda: failed(""),
                           on_progress=lambda p: self.on_op_progressed(p) if self._op is op else None,
                           cleanup=archive.store.close, name="finding names and quotes")
        if not self._runner.submit(self._op):
            self._op = None
            return False
        self._resuming = True
        return True

    def stop_resuming(self) -> None:
        """Cancel a running ``resume`` (another archive opens, or a run starts); the rest is found next time."""
        if self._resuming and self._op is not None:
            self._op.cancel.cancel()
            self._op, self._resuming = None, False

    def start(self, archive: Archive, paths: tuple[Path, ...] = ()) -> bool:
        """Index ``paths`` (added as folders) and the archive's folders, both phases (reading, then
        names and quotes); False if a run is going. A running ``resume`` is cancelled: the run does it."""
        self.stop_resuming()
        if self._op is not None:
            return False
        options, paths = self.options, tuple(paths)

        def call(on_progress: ProgressCallback, cancel: CancelToken) -> ImportReport:
            log.info("indexing %s (extract=%s)", archive.data_dir, options.extract)
            report = archive.index(paths, extract=options.extract, processes=options.processes,
                                   on_progress=on_progress, cancel=cancel)
            if not options.extract:
                log.info("indexed without extraction: no quotes, posts or entities")
            return report

        self._op = Op(call, on_success=self.on_run_finished, on_failure=self.on_run_failed,
                      on_cancelled=lambda: self.on_run_failed(""), on_progress=self.on_op_progressed,
                      cleanup=archive.store.close,  # this thread's SQLite connection
                      name="indexing")
        if not self._runner.submit(self._op):
            self._op = None
            return False
        self.started.emit()
        return True

    def check(self, archive: Archive) -> bool:
        """Run the archive's quick check (``Archive.check(quick=True)``) in the indexing thread,
        before any run queued after it; ``checked`` follows."""
        op = Op(lambda _progress, _cancel: archive.check(quick=True), on_success=self.checked.emit,
                on_failure=lambda message: log.warning("the archive could not be checked: %s", message),
                cleanup=archive.store.close, name="checking")
        return bool(self._runner.submit(op))

    def cancel(self) -> None:
        """Ask the running job to stop at its next step; what is indexed so far is kept."""
        if self._op is not None:
            self._op.cancel.cancel()

    def shutdown(self) -> None:
        """Cancel a running job, then stop and wait for the thread."""
        self._runner.shutdown()
        self._op = None

    def on_run_finished(self, report: ImportReport) -> None:
        self._op = None
        self.finished.emit(report)

    def on_run_failed(self, message: str) -> None:
        self._op = None
        self.failed.emit(message)
