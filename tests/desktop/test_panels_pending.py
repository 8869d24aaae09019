"""The window's side of the two-phase import: panels of an article not yet extracted say its
names and quotes are being found, and opening an archive resumes the second phase."""

from __future__ import annotations

import shutil
from pathlib import Path

from desktop.main_window import MainWindow
from desktop.panels import PENDING
from index.archive import Archive
from index.model import ImportReport


def _later(tmp_path: Path, seed_path: Path) -> Path:
    root = tmp_path / "saved"
    root.mkdir()
    shutil.copy(seed_path, root / seed_path.name)
    archive = Archive(tmp_path / "data")
    archive.index([root], later=True, processes=1)  # as `morgue index --later`
    archive.close()
    return tmp_path / "data"


def test_panels_of_an_article_not_yet_extracted_say_so(qtbot, make_window, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                      seed_path: Path) -> None:
    window: MainWindow = make_window(_later(tmp_path, seed_path), extract=False)  # no resume: it stays pending
    with qtbot.waitSignal(window.article_shown, timeout=10_000):
        window.move_selection(0)
    assert window.quotes_panel.stack.placeholder.text() == PENDING
    assert window.entities_panel.stack.placeholder.text() == PENDING


def test_opening_the_archive_resumes_the_second_phase(qtbot, make_window, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                     seed_path: Path) -> None:
    data = _later(tmp_path, seed_path)
    window: MainWindow = make_window(data, wait_results=False)
    with qtbot.waitSignal(window.index_job.finished, timeout=60_000) as blocker:
        pass
    report: ImportReport = blocker.args[0]
    assert (report.extracted, report.extraction_pending) == (1, 0)
    assert window.statusBar().currentMessage() == "Names and quotes found in 1 article."
    assert not window.index_job.running
