"""Indexing from the window: progress, cancel, failures, first start on the sample, drag and drop."""

from __future__ import annotations

import functools
import threading
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent

from desktop.archives import open_at_start, open_data_dir
from desktop.dialogs import ProblemsDialog
from desktop.main_window import MainWindow
from index.archive import Archive
from index.jobs import Progress
from index.model import ImportReport


def write_articles(folder: Path, n: int, start: int = 0) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(start, start + n):
        (folder / f"note-{i:05d}.txt").write_text(
            f" date 2024-{i % 12 + 1:02d}-{i % 27 + 1:02d} Harbour note {i} about the ferry.\n\nNothing else.\n",
            encoding="utf-8",
        )
    return folder


def hold_until_cancelled(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """Make indexing wait after its first file is read until the user cancels (or 30 s pass):
    the cancel then always lands in the middle of the run, however fast the machine."""
    real_index = Archive.index
    held = threading.Event()

    def index(self: Archive, paths, *args, on_progress=None, cancel=None, **kwargs):  # type: ignore[no-untyped-def]
        def progress(p: Progress) -> None:
            if on_progress is not None:
                on_progress(p)
            if p.phase == "reading" and p.done >= 1 and cancel is not None and not held.is_set():
                held.set()
                deadline = time.monotonic() + 30
                while not cancel.cancelled and time.monotonic() < deadline:
                    time.sleep(0.01)

        return real_index(self, paths, *args, on_progress=progress, cancel=cancel, **kwargs)

    monkeypatch.setattr(Archive, "index", index)
    return held


def test_indexing_reports_progress_and_can_be_cancelled(qtbot, make_window, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    folder = write_articles(tmp_path / "many", 1500)
    held = hold_until_cancelled(monkeypatch)
    window: MainWindow = make_window(tmp_path / "data", extract=False)
    assert window.results_model.total == 0
    with qtbot.waitSignal(window.index_job.progressed, timeout=10_000):
        assert window.start_indexing((folder,))
    assert window.progress.isVisible() and window.cancel_button.isVisible()
    assert not window.start_indexing()  # one job at a time
    qtbot.waitUntil(held.is_set, timeout=10_000)
    with qtbot.waitSignal(window.index_job.finished, timeout=30_000) as blocker:
        qtbot.mouseClick(window.cancel_button, Qt.MouseButton.LeftButton)
    report: ImportReport = blocker.args[0]
    assert report.cancelled
    assert report.files_read < 1500
    assert not window.progress.isVisible() and not window.cancel_button.isVisible()
    assert "cancelled" in window.statusBar().currentMessage()
    # Still responsive: a search runs and shows what was indexed before the cancel.
    with qtbot.waitSignal(window.results_shown, timeout=10_000):
        window.search_bar.set_text("harbour")
    assert window.results_model.total == report.articles_added
    # Indexing again finishes the job.
    with qtbot.waitSignal(window.index_job.finished, timeout=60_000) as blocker:
        window.start_indexing()
    assert not blocker.args[0].cancelled
    qtbot.waitUntil(lambda: window.results_model.total == 1500, timeout=10_000)


def test_unreadable_files_are_listed_with_their_reason(qtbot, make_window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = write_articles(tmp_path / "mixed", 3)
    (folder / "empty.txt").write_text("", encoding="utf-8")
    (folder / "broken.html.gz").write_bytes(b"\x1f\x8b\x08\x00broken")
    window: MainWindow = make_window(tmp_path / "data", extract=False)
    with qtbot.waitSignal(window.index_job.finished, timeout=30_000) as blocker:
        window.start_indexing((folder,))
    report: ImportReport = blocker.args[0]
    assert {Path(p.path).name for p in report.problems} == {"empty.txt", "broken.html.gz"}
    assert window.problems_button.isVisible() and window.problems_button.text() == "2 unreadable files"
    dialog = ProblemsDialog([(p.path, p.reason) for p in report.problems], window)
    qtbot.addWidget(dialog)
    cells = {dialog.model.item(r, 0).text(): dialog.model.item(r, 1).text() for r in range(dialog.model.rowCount())}
    assert cells[str(folder / "empty.txt")] == "the file is empty"
    assert "gzip" in cells[str(folder / "broken.html.gz")]


def test_first_start_opens_the_sample_archive_and_indexes_it(qtbot, make_window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    sample = write_articles(tmp_path / "sample-archive", 30)
    opener = functools.partial(open_at_start, None, None, sample)
    window: MainWindow = make_window(opener=opener, wait_results=False, extract=False)
    with qtbot.waitSignal(window.index_job.started, timeout=10_000):
        pass
    assert window.progress.isVisible()
    qtbot.waitUntil(lambda: window.results_model.total == 30, timeout=30_000)
    assert window.archive is not None and window.archive.is_sample
    assert window.windowTitle() == "Sample archive — Morgue"
    assert window.settings.archive_dir == window.archive.data_dir


def test_dropping_a_folder_adds_it_and_indexes_it(qtbot, make_window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window: MainWindow = make_window(tmp_path / "data", extract=False)
    folder = write_articles(tmp_path / "dropped", 4)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(folder))])
    enter = QDragEnterEvent(QPoint(200, 200), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    window.dragEnterEvent(enter)
    assert enter.isAccepted()
    # Qt delivers a drop only during a real drag; the window's handler is called as Qt would.
    drop = QDropEvent(QPointF(200, 200), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    with qtbot.waitSignal(window.index_job.finished, timeout=30_000):
        window.dropEvent(drop)
    assert drop.isAccepted()
    qtbot.waitUntil(lambda: window.results_model.total == 4, timeout=10_000)
    assert window.archive is not None and folder in window.archive.archive.roots


def test_opening_another_archive_is_refused_while_indexing(qtbot, make_window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = write_articles(tmp_path / "many", 800)
    window: MainWindow = make_window(tmp_path / "data", extract=False)
    with qtbot.waitSignal(window.index_job.progressed, timeout=10_000):
        window.start_indexing((folder,))
    assert not window.open_archive(functools.partial(open_data_dir, tmp_path / "other"))
    assert "indexing" in window.statusBar().currentMessage()
    with qtbot.waitSignal(window.index_job.finished, timeout=30_000):
        window.index_job.cancel()
