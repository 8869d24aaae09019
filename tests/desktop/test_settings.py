"""What the window remembers: geometry, dock layout, the last query, the history, the archive."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from desktop.main_window import MainWindow
from desktop.settings import Settings, file_settings


def test_geometry_layout_and_query_are_restored_in_a_new_window(qtbot, make_window, archive_dir: Path,  # type: ignore[no-untyped-def]
                                                                tmp_path: Path) -> None:
    ini = tmp_path / "shared.ini"
    first: MainWindow = make_window(archive_dir, settings_=Settings(file_settings(ini)))
    first.resize(777, 555)  # within the offscreen screen (800x600): restoreGeometry clamps to it
    first.entities_dock.toggleViewAction().trigger()
    assert not first.entities_dock.isVisible()
    bookmarks = first.companions.bookmarks_dock
    assert bookmarks is not None
    qtbot.waitUntil(lambda: first.tabifiedDockWidgets(first.quotes_dock) == [bookmarks])
    first.removeDockWidget(bookmarks)  # the user moves Bookmarks out of the tabs, to the left
    first.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, bookmarks)
    bookmarks.show()
    with qtbot.waitSignal(first.results_shown, timeout=10_000):
        first.search_bar.set_text("ferry")
    first.search_bar.remember("ferry")
    first.sort_combo.setCurrentIndex(first.sort_combo.findData("date"))
    first.close()
    assert ini.is_file()

    second: MainWindow = make_window(archive_dir, settings_=Settings(file_settings(ini)))
    assert (second.width(), second.height()) == (777, 555)
    assert not second.entities_dock.isVisible() and second.quotes_dock.isVisible()
    moved = second.companions.bookmarks_dock
    assert moved is not None and second.dockWidgetArea(moved) == Qt.DockWidgetArea.LeftDockWidgetArea
    assert moved.isVisible()
    qtbot.waitUntil(lambda: second.tabifiedDockWidgets(second.quotes_dock) == [])
    assert second.search_bar.text() == "ferry"
    assert second.search_bar.history()[0] == "ferry"
    assert second.sort == "date"
    assert second.results_model.total == 23  # the remembered query ran at start
    assert Settings(file_settings(ini)).archive_dir == archive_dir


def test_tests_never_write_the_users_settings(settings: Settings, tmp_path: Path,
                                              tmp_path_factory) -> None:  # type: ignore[no-untyped-def]
    assert Path(settings.q.fileName()).parent == tmp_path
    from desktop.settings import user_settings

    # Even the default settings point into the test run's temporary folder (conftest).
    assert user_settings().fileName().startswith(str(tmp_path_factory.getbasetemp() / "qsettings"))
