"""Exports from the GUI: a save dialog, then the export in a worker thread with progress and cancel.

``ExportController`` lives in the GUI thread. It asks where to save (``QFileDialog`` with a
sensible default name, ``morgue-<query or tag>-YYYY-MM-DD.pdf``), runs the core's export in an
``ExportWorker`` moved to a ``QThread``, relays the worker's signals (they arrive queued in the
GUI thread because the controller's slots belong to a GUI-thread QObject: shared/notes/qt.md,
pitfall 4) and shows a progress dialog only when the export takes more than ~600 ms.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QSettings, QThread, QTimer, Signal, Slot
from PySide6.QtWidgets import QFileDialog, QProgressDialog, QWidget

from index.errors import ArchiveError, Cancelled
from index.export import ExportResult, Selection, suggested_file_name
from index.jobs import CancelToken, Progress, ProgressCallback, Throttle

if TYPE_CHECKING:  # pragma: no cover
    from index.archive import Archive
    from index.bookmarks import Bookmarks

log = logging.getLogger(__name__)

FORMATS = {
    "pdf": ("PDF", "PDF documents (*.pdf)"),
    "md": ("Markdown", "Markdown (*.md)"),
    "csv": ("CSV", "CSV spreadsheets (*.csv)"),
    "json": ("JSON", "JSON (*.json)"),
}
SETTINGS_DIR_KEY = "export/last_directory"
PROGRESS_DELAY_MS = 600

ExportCall = Callable[[ProgressCallback, CancelToken], ExportResult]


@dataclass(frozen=True)
class ExportJob:
    """One export: what it is (for messages), where it goes, and the call that does it."""

    description: str
    path: Path
    call: ExportCall


class ExportWorker(QObject):
    """Runs export jobs in its thread; reports progress at most ten times a second."""

    progressed = Signal(object)  # Progress
    finished = Signal(object)  # ExportResult
    failed = Signal(str)  # a message the user can act on
    cancelled = Signal()
    bug_found = Signal(str)  # the traceback of an unexpected exception

    @Slot(object, object)
    def run(self, job: ExportJob, cancel: CancelToken) -> None:
        progress = Throttle(self.progressed.emit, rate=10)
        try:
            result = job.call(progress, cancel)
        except Cancelled:
            log.info("export to %s cancelled", job.path)
            self.cancelled.emit()
        except ArchiveError as exc:
            log.info("export to %s failed: %s", job.path, exc)
            self.failed.emit(str(exc))
        except Exception:
            log.exception("bug while exporting to %s", job.path)
            self.bug_found.emit(traceback.format_exc())
            self.failed.emit("")
        else:
            self.finished.emit(result)


class ExportController(QObject):
    """The GUI thread's handle on exports: one at a time, cancellable; waits for its thread at shutdown."""

    export_started = Signal(str)  # description
    export_progressed = Signal(object)  # Progress
    export_finished = Signal(object)  # ExportResult
    export_failed = Signal(str)  # message ("" for a bug, already reported by bug_found)
    export_cancelled = Signal()
    bug_found = Signal(str)
    _run_requested = Signal(object, object)

    def __init__(self, parent_widget: QWidget | None = None, settings: QSettings | None = None) -> None:
        super().__init__(parent_widget)
        self.parent_widget = parent_widget
        self.settings = settings
        self.archive: Archive | None = None
        self.bookmarks: Bookmarks | None = None
        self._thread: QThread | None = None
        self._worker: ExportWorker | None = None
        self._cancel: CancelToken | None = None
        self._job: ExportJob | None = None
        self._dialog: QProgressDialog | None = None
        self._dialog_timer = QTimer(self)
        self._dialog_timer.setSingleShot(True)
        self._dialog_timer.setInterval(PROGRESS_DELAY_MS)
        self._dialog_timer.timeout.connect(self.on_dialog_timer_timeout)

    # --- setup ------------------------------------------------------------------------------------

    def set_archive(self, archive: Archive | None, bookmarks: Bookmarks | None = None) -> None:
        """The archive (and its bookmarks) exports read from."""
        self.archive = archive
        self.bookmarks = bookmarks

    @property
    def running(self) -> bool:
        return self._job is not None

    def _ensure_thread(self) -> ExportWorker:
        if self._worker is None:
            self._thread = QThread()
            self._thread.setObjectName("morgue-export")
            self._worker = ExportWorker()
            self._worker.moveToThread(self._thread)
            self._run_requested.connect(self._worker.run)
            self._worker.progressed.connect(self.on_worker_progressed)
            self._worker.finished.connect(self.on_worker_finished)
            self._worker.failed.connect(self.on_worker_failed)
            self._worker.cancelled.connect(self.on_worker_cancelled)
            self._worker.bug_found.connect(self.on_worker_bug_found)
            self._thread.start()
        return self._worker

    # --- starting exports -------------------------------------------------------------------------

    def start(self, job: ExportJob) -> bool:
        """Run an export job in the worker; False if another export is running."""
        if self._job is not None:
            return False
        self._ensure_thread()
        self._job = job
        self._cancel = CancelToken()
        self.export_started.emit(job.description)
        self._dialog_timer.start()
        self._run_requested.emit(job, self._cancel)
        return True

    def export_pdf(self, selection: Selection, path: Path | str) -> bool:
        """Export a selection of the archive to a PDF at ``path``."""
        archive = self.archive
        if archive is None:
            self.export_failed.emit("Open an archive before exporting from it.")
            return False
        bookmarks = self.bookmarks

        def call(on_progress: ProgressCallback, cancel: CancelToken) -> ExportResult:
            from desktop.pdf import export_pdf

            try:
                return export_pdf(archive, selection, path, bookmarks=bookmarks, on_progress=on_progress,
                                  cancel=cancel)
            finally:
                archive.store.close()  # this thread's connection

        return self.start(ExportJob(f"Exporting to {Path(path).name}", Path(path), call))

    def export_bookmarks(self, ids: Sequence[int], fmt: str, path: Path | str, *, title: str = "Bookmarks") -> bool:
        """Export bookmarks to Markdown, CSV or JSON (or PDF) at ``path``."""
        if fmt == "pdf":
            return self.export_pdf(Selection.of_bookmarks(ids, title=title if title != "Bookmarks" else ""), path)
        store = self.bookmarks
        if store is None:
            self.export_failed.emit("Open an archive before exporting its bookmarks.")
            return False
        id_list = list(ids)

        def call(on_progress: ProgressCallback, cancel: CancelToken) -> ExportResult:
            from index.bookmarks import export

            on_progress(Progress("exporting", 0, 1))
            items = store.get_many(id_list)
            cancel.raise_if_cancelled()
            written = export(items, path, fmt, title=title)  # type: ignore[arg-type]
            on_progress(Progress("exporting", 1, 1))
            return ExportResult(path=str(written), sections=len(items))

        return self.start(ExportJob(f"Exporting to {Path(path).name}", Path(path), call))

    def cancel(self) -> None:
        """Ask the running export to stop; nothing is left at its path."""
        if self._cancel is not None:
            self._cancel.cancel()

    def shutdown(self) -> None:
        """Cancel any export and wait for the worker thread to end (call when the window closes)."""
        self.cancel()
        self._dialog_timer.stop()
        if self._thread is not None:
            self._thread.quit()
            self._thread.wait()
            self._thread = None
            self._worker = None

    # --- asking where -----------------------------------------------------------------------------

    def _last_dir(self) -> Path:
        value = self.settings.value(SETTINGS_DIR_KEY, "") if self.settings is not None else ""
        path = Path(str(value)) if value else Path.home()
        return path if path.is_dir() else Path.home()

    def ask_path(self, fmt: str, default_name: str) -> Path | None:
        """A save dialog for a ``fmt`` file; None if the user cancelled."""
        label, pattern = FORMATS[fmt]
        start = str(self._last_dir() / default_name)
        chosen, _filter = QFileDialog.getSaveFileName(self.parent_widget, f"Export to {label}", start, pattern)
        if not chosen:
            return None
        path = Path(chosen)
        if path.suffix.lower() != f".{fmt}":
            path = path.with_name(path.name + f".{fmt}")
        if self.settings is not None:
            self.settings.setValue(SETTINGS_DIR_KEY, str(path.parent))
        return path

    # --- entry points for the main window ----------------------------------------------------------

    @Slot(object)
    def on_export_pdf_requested(self, selection: Selection) -> None:
        """Ask where, then export a selection (articles, a search, quotes or bookmarks) to PDF."""
        path = self.ask_path("pdf", suggested_file_name(selection, "pdf"))
        if path is not None:
            self.export_pdf(selection, path)

    @Slot(str, list)
    def on_bookmarks_export_requested(self, fmt: str, ids: list) -> None:  # type: ignore[type-arg]
        """For the Bookmarks panel's ``export_requested(format, ids)``."""
        name = suggested_file_name(Selection.of_bookmarks(ids), fmt)
        path = self.ask_path(fmt, name)
        if path is not None:
            self.export_bookmarks(ids, fmt, path)

    # --- the worker's signals, in the GUI thread ---------------------------------------------------

    def _done(self) -> None:
        self._job = None
        self._cancel = None
        self._dialog_timer.stop()
        if self._dialog is not None:
            self._dialog.reset()
            self._dialog.hide()
            self._dialog.deleteLater()
            self._dialog = None

    @Slot()
    def on_dialog_timer_timeout(self) -> None:
        if self._job is None or self.parent_widget is None or self._dialog is not None:
            return
        dialog = QProgressDialog(self._job.description, "Cancel", 0, 0, self.parent_widget)
        dialog.setWindowTitle("Export")
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(self.cancel)
        dialog.show()
        self._dialog = dialog

    @Slot(object)
    def on_worker_progressed(self, progress: Progress) -> None:
        if self._dialog is not None:
            self._dialog.setLabelText(f"{self._job.description if self._job else 'Exporting'}: {progress.phase}…")
            self._dialog.setMaximum(max(progress.total, 0))
            self._dialog.setValue(min(progress.done, progress.total))
        self.export_progressed.emit(progress)

    @Slot(object)
    def on_worker_finished(self, result: Any) -> None:
        self._done()
        self.export_finished.emit(result)

    @Slot(str)
    def on_worker_failed(self, message: str) -> None:
        self._done()
        self.export_failed.emit(message)

    @Slot()
    def on_worker_cancelled(self) -> None:
        self._done()
        self.export_cancelled.emit()

    @Slot(str)
    def on_worker_bug_found(self, text: str) -> None:
        self.bug_found.emit(text)
