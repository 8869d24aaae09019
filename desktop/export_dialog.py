"""Exports from the GUI: a save dialog, then the export in a worker thread with progress and cancel.

``ExportController`` lives in the GUI thread. It asks where to save (``QFileDialog`` with a
sensible default name, ``morgue-<query or tag>-YYYY-MM-DD.pdf``), runs the core's export as an ``Op`` of its
``JobRunner`` (desktop/jobs.py: the thread, progress at most ten times a second, cancel, errors)
and shows a progress dialog only when the export takes more than ~600 ms.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QSettings, QTimer, Signal, Slot
from PySide6.QtWidgets import QFileDialog, QProgressDialog, QWidget

from desktop.jobs import JobRunner, Op
from index.export import ExportResult, Selection, suggested_file_name
from index.jobs import CancelToken, Progress, ProgressCallback

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
    cleanup: Callable[[], None] | None = None  # in the export thread, after the call


class ExportController(QObject):
    """The GUI thread's handle on exports: one at a time, cancellable; waits for its thread at shutdown."""

    export_started = Signal(str)  # description
    export_progressed = Signal(object)  # Progress
    export_finished = Signal(object)  # ExportResult
    export_failed = Signal(str)  # message ("" for a bug, already reported by bug_found)
    export_cancelled = Signal()
    bug_found = Signal(str)

    def __init__(self, parent_widget: QWidget | None = None, settings: QSettings | None = None) -> None:
        super().__init__(parent_widget)
        self.parent_widget = parent_widget
        self.settings = settings
        self.archive: Archive | None = None
        self.bookmarks: Bookmarks | None = None
        self._runner = JobRunner("export", self)
        self._runner.bug_found.connect(self.bug_found)
        self._op: Op | None = None
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

    # --- starting exports -------------------------------------------------------------------------

    def start(self, job: ExportJob) -> bool:
        """Run an export job in the worker; False if another export is running."""
        if self._job is not None:
            return False
        op = Op(job.call, on_success=self.on_job_finished, on_failure=self.on_job_failed,
                on_cancelled=self.on_job_cancelled, on_progress=self.on_job_progressed,
                cleanup=job.cleanup, name=f"export to {job.path}")
        if not self._runner.submit(op):
            return False
        self._job, self._op = job, op
        self.export_started.emit(job.description)
        self._dialog_timer.start()
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

            return export_pdf(archive, selection, path, bookmarks=bookmarks, on_progress=on_progress, cancel=cancel)

        # cleanup: the export thread's SQLite connection
        return self.start(ExportJob(f"Exporting to {Path(path).name}", Path(path), call, archive.store.close))

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
        if self._op is not None:
            self._op.cancel.cancel()

    def shutdown(self) -> None:
        """Cancel any export and wait for the worker thread to end (call when the window closes)."""
        self._dialog_timer.stop()
        self._runner.shutdown()
        self._job = self._op = None

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

    # --- the job's callbacks, in the GUI thread ---------------------------------------------------

    def _done(self) -> None:
        self._job = self._op = None
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

    def on_job_progressed(self, progress: Progress) -> None:
        if self._dialog is not None:
            self._dialog.setLabelText(f"{self._job.description if self._job else 'Exporting'}: {progress.phase}…")
            self._dialog.setMaximum(max(progress.total, 0))
            self._dialog.setValue(min(progress.done, progress.total))
        self.export_progressed.emit(progress)

    def on_job_finished(self, result: Any) -> None:
        self._done()
        self.export_finished.emit(result)

    def on_job_failed(self, message: str) -> None:
        self._done()
        self.export_failed.emit(message)

    def on_job_cancelled(self) -> None:
        self._done()
        self.export_cancelled.emit()
