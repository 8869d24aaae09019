"""The status bar's indexing corner: the phase, a progress bar, Cancel, and the last run's unreadable files."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from desktop.dialogs import ProblemsDialog
from index.jobs import Progress
from index.model import ImportProblem, ImportReport

if TYPE_CHECKING:  # pragma: no cover (Whoosh stays out of the GUI thread's imports)
    from index.pipeline.check import CheckReport

log = logging.getLogger(__name__)

PHASES = {"scanning": "Looking for files", "removing": "Removing deleted files", "reading": "Reading",
          "rebuilding": "Rebuilding the index", "extracting": "Names and quotes", "done": "Finishing"}


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def report_summary(report: ImportReport) -> str:
    """One or two sentences about an indexing run, for the status bar."""
    n = len(report.problems)
    if report.cancelled:
        text = "Indexing cancelled: what was indexed so far is kept."
        if report.extraction_pending:
            text += f" Names and quotes of {_count(report.extraction_pending, 'article')} are found next time."
    elif not report.files_seen and report.extracted:  # the second phase alone, resumed
        text = f"Names and quotes found in {_count(report.extracted, 'article')}."
    else:
        text = (f"Indexed: {_count(report.files_read, 'file')} read, "
                f"{_count(report.articles_added, 'article')} added, {report.articles_updated} updated, "
                f"{report.articles_removed} removed in {report.seconds:.1f} s.")
    reasons: dict[str, int] = {}
    for problem in report.skipped:  # not a supported format; part of a capture read through another file
        reasons[problem.reason] = reasons.get(problem.reason, 0) + 1
    return (text + (f" {n} could not be read." if n else "")
            + "".join(f" {_count(k, 'file')} skipped: {reason}." for reason, k in reasons.items()))


class IndexStatus(QWidget):
    """Shows an indexing run's progress (hidden when idle) and a button to the files it could not read."""

    cancel_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("indexStatus")
        self.label = QLabel("")
        self.progress = QProgressBar()
        self.progress.setObjectName("indexProgress")
        self.progress.setMaximumWidth(220)
        self.progress.setTextVisible(True)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setObjectName("cancelIndexing")
        self.cancel_button.setToolTip("Stop indexing; what is indexed so far is kept")
        self.cancel_button.clicked.connect(self.on_cancel_button_clicked)
        self.problems_button = QPushButton("")
        self.problems_button.setObjectName("problemsButton")
        self.problems_button.setFlat(True)
        self.problems_button.setToolTip("Show the files that could not be imported, and why")
        self.problems_button.clicked.connect(self.show_problems)
        self.check_label = QLabel("")
        self.check_label.setObjectName("checkProblem")
        self.check_label.setWordWrap(False)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for w in (self.check_label, self.label, self.progress, self.cancel_button, self.problems_button):
            layout.addWidget(w)
            w.hide()
        self.problems: list[ImportProblem] = []
        self._running = False

    def _show_running(self, running: bool) -> None:
        self._running = running
        for w in (self.label, self.progress, self.cancel_button):
            w.setVisible(running)

    def on_job_started(self) -> None:
        self.label.setText("Indexing…")
        self.cancel_button.setToolTip("Stop indexing; what is indexed so far is kept")
        self.progress.setRange(0, 0)  # busy until the first count
        self.cancel_button.setEnabled(True)
        self._show_running(True)

    def on_job_progressed(self, progress: Progress) -> None:
        if not self._running:  # names and quotes resumed when the archive opened
            self.on_job_started()
        if not self.cancel_button.isEnabled():
            return  # "Cancelling…" stays until the run stops
        label = PHASES.get(progress.phase, progress.phase.capitalize())
        if progress.phase == "reading" and progress.done == 0:
            label = "Starting the readers"
        elif progress.phase == "extracting":
            self.cancel_button.setToolTip("Stop finding names and quotes; the rest are found next time")
            if progress.done == 0:
                label = "Names and quotes: loading the language model"
            elif progress.total:
                label = f"Names and quotes: {progress.done:,} of {progress.total:,}"
        self.label.setText(label)
        if progress.total:
            self.progress.setRange(0, progress.total)
            self.progress.setValue(progress.done)
            self.progress.setFormat("%p%" if progress.phase == "extracting" else "%v / %m")
        else:
            self.progress.setRange(0, 0)
        self.progress.setToolTip(progress.detail)

    def on_job_finished(self, report: ImportReport) -> None:
        self._show_running(False)
        self.problems = list(report.problems)
        n = len(self.problems)
        self.problems_button.setText(f"{n} unreadable file{'s' if n != 1 else ''}")
        self.problems_button.setVisible(bool(n))

    def on_check_finished(self, report: CheckReport) -> None:
        """Show what the quick check of an opened archive found wrong, with the fix (hidden if nothing)."""
        problems = report.problems
        if not problems:
            self.check_label.hide()
            return
        first = problems[0]
        self.check_label.setText(f"⚠ The archive's {first.part} needs attention" if len(problems) == 1
                                 else f"⚠ {len(problems)} problems with the archive's data")
        self.check_label.setToolTip("\n\n".join(p.message for p in problems))
        self.check_label.show()
        log.warning("the archive's check found: %s", " ".join(p.message for p in problems))

    def clear_problems(self) -> None:
        """Forget the last run's unreadable files (another archive was opened)."""
        self.problems = []
        self.problems_button.setVisible(False)

    def on_job_failed(self) -> None:
        self._show_running(False)

    def on_cancel_button_clicked(self) -> None:
        self.cancel_button.setEnabled(False)
        self.label.setText("Cancelling…")
        self.cancel_requested.emit()

    def show_problems(self) -> None:
        """The dialog listing the files the last run could not read."""
        ProblemsDialog([(p.path, p.reason) for p in self.problems], self.window()).exec()
