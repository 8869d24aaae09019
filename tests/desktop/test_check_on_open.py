"""Opening an archive runs its quick check in the background; a problem shows in the status bar
with the fix."""

from __future__ import annotations

import shutil
from pathlib import Path

from desktop.main_window import MainWindow
from index.archive import Archive
from index.pipeline import agreement
from index.pipeline.writers import IndexWriters


def test_a_disagreeing_index_shows_in_the_status_bar(qtbot, make_window, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                     seed_path: Path) -> None:
    root = tmp_path / "saved"
    root.mkdir()
    shutil.copy(seed_path, root / seed_path.name)
    (root / "n.txt").write_text(" date 2024-03-02 Harbour note.\n\nBody.\n", "utf-8")
    archive = Archive(tmp_path / "data")
    archive.index([root], extract=False, processes=1)
    writers = IndexWriters(archive.ix_dir)  # one document gone behind the store's back
    writers.remove(archive.store.article_ids()[0])
    writers.commit(reopen=False)
    archive.store.set_meta(agreement.GENERATION, str(agreement.generation(archive.ix_dir)))
    archive.close()
    window: MainWindow = make_window(tmp_path / "data", extract=False)
    label = window.index_status.check_label
    qtbot.waitUntil(label.isVisible, timeout=10_000)
    assert "search index needs attention" in label.text()
    assert "`morgue check --repair`" in label.toolTip()


def test_a_whole_archive_shows_nothing(qtbot, make_window, tmp_path: Path, seed_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path / "saved"
    root.mkdir()
    shutil.copy(seed_path, root / seed_path.name)
    Archive(tmp_path / "data").index([root], extract=False, processes=1)
    window: MainWindow = make_window(tmp_path / "data", wait_results=False, extract=False)
    reports: list[object] = []
    window.index_job.checked.connect(reports.append)  # the archive opens in the worker: not yet checked
    qtbot.waitUntil(lambda: bool(reports), timeout=10_000)
    assert reports[0].ok  # type: ignore[attr-defined]
    assert not window.index_status.check_label.isVisible()
