"""The Bookmarks dock and the export worker, as a user drives them."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from export_data import HARBOUR, HARBOUR_EX, WORLD, WORLD_EX, build_archive
from pypdf import PdfReader
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QDialog, QPushButton, QWidget

from desktop.bookmarks_panel import BookmarkEditDialog, BookmarksModel, BookmarksPanel
from desktop.export_dialog import ExportController, ExportJob
from index import bookmarks as bm
from index.archive import Archive
from index.bookmarks import Bookmarks
from index.errors import Cancelled
from index.export import ExportResult, Selection
from index.jobs import CancelToken, Progress, ProgressCallback


@pytest.fixture()
def archive(tmp_path: Path) -> Archive:
    a = build_archive(tmp_path / "data", [(HARBOUR, HARBOUR_EX), (WORLD, WORLD_EX)])
    yield a
    a.close()


@pytest.fixture()
def store(archive: Archive) -> Bookmarks:
    s = archive.bookmarks
    s.add_quote(HARBOUR.id, 0, note="call the mayor", tags=["harbour", "mayor"])  # id 1
    s.add_quote(HARBOUR.id, 1, tags=["harbour"])  # id 2
    s.add_quote(WORLD.id, 1, tags=["beijing"])  # id 3
    yield s
    s.close()


@pytest.fixture()
def panel(qtbot, store: Bookmarks) -> BookmarksPanel:  # type: ignore[no-untyped-def]
    p = BookmarksPanel(store)
    qtbot.addWidget(p)
    p.show()
    settled(qtbot, p)
    return p


def settled(qtbot, panel: BookmarksPanel) -> None:  # type: ignore[no-untyped-def]
    """Wait until the dock's reads and writes (in its thread) are done and shown."""
    qtbot.waitUntil(lambda: not panel.busy, timeout=5000)


def test_bookmark_sql_never_runs_in_the_gui_thread(qtbot, store: Bookmarks,  # type: ignore[no-untyped-def]
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    threads: set[str] = set()
    real_conn = Bookmarks._conn

    def conn(self: Bookmarks):  # type: ignore[no-untyped-def]
        threads.add(threading.current_thread().name)
        return real_conn(self)

    monkeypatch.setattr(Bookmarks, "_conn", conn)
    p = BookmarksPanel(store)
    qtbot.addWidget(p)
    settled(qtbot, p)
    assert p.model.rowCount() == 3
    p.bookmark_quote(HARBOUR.id, HARBOUR_EX.quotes[2])
    settled(qtbot, p)
    select_rows(p, 0)
    p.delete_selected()
    settled(qtbot, p)
    p.undo_delete()
    settled(qtbot, p)
    assert p.model.rowCount() == 4
    assert threads == {"bookmarks"}
    assert p._runner._thread is None  # no thread outlives its work


def texts(panel: BookmarksPanel) -> list[str]:
    m = panel.model
    return [m.data(m.index(r, 0), BookmarksModel.TextRole) for r in range(m.rowCount())]


def select_rows(panel: BookmarksPanel, *rows: int) -> None:
    sel = panel.view.selectionModel()
    sel.clearSelection()
    for r in rows:
        sel.select(panel.model.index(r, 0), QItemSelectionModel.SelectionFlag.Select)


def test_the_model_shows_bookmarks_with_named_roles(panel: BookmarksPanel) -> None:
    m = panel.model
    assert m.rowCount() == 3
    top = m.index(0, 0)  # newest first
    assert m.data(top, BookmarksModel.IdRole) == 3
    assert m.data(top, BookmarksModel.WhoRole) == "王毅"
    assert m.data(top, BookmarksModel.TagsRole) == ("beijing",)
    assert m.data(top, BookmarksModel.ArticleIdRole) == WORLD.id
    assert m.data(top, BookmarksModel.ParagraphRole) == 1
    assert m.data(top, BookmarksModel.DateRole) == "2025-02-14"
    assert m.data(top, BookmarksModel.MissingRole) is False
    assert "“记者在北京报道了这条消息。” — 王毅" in m.data(top, Qt.ItemDataRole.DisplayRole)
    assert m.data(top, BookmarksModel.CitationRole).startswith("Zoë Kowalska. “Zoë in Łódź: ‘北京’ and ‘Москва’.”")
    assert b"articleMissing" in m.roleNames().values()


def test_filter_field_tag_and_speaker(qtbot, panel: BookmarksPanel) -> None:  # type: ignore[no-untyped-def]
    panel.filter_edit.setText("ferries")
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1)
    assert texts(panel) == ["The ferries will run by Friday."]
    panel.filter_edit.clear()
    qtbot.waitUntil(lambda: panel.model.rowCount() == 3)
    assert [panel.tag_combo.itemText(i) for i in range(panel.tag_combo.count())] == [
        "All tags", "harbour (2)", "beijing (1)", "mayor (1)"]
    panel.tag_combo.setCurrentIndex(panel.tag_combo.findData("harbour"))
    settled(qtbot, panel)
    assert panel.model.rowCount() == 2
    panel.speaker_combo.setCurrentIndex(panel.speaker_combo.findData("Ana Lima"))
    settled(qtbot, panel)
    assert panel.model.rowCount() == 2
    panel.tag_combo.setCurrentIndex(panel.tag_combo.findData("mayor"))
    settled(qtbot, panel)
    assert texts(panel) == ["We are deploying every crew we have."]
    panel.filter_edit.setText("zebra")
    qtbot.waitUntil(lambda: panel.model.rowCount() == 0)
    assert panel.stack.currentWidget() is panel.stack.placeholder
    assert "No bookmark matches" in panel.stack.placeholder.text()


def test_double_click_asks_to_open_the_article_at_the_passage(qtbot, panel: BookmarksPanel) -> None:  # type: ignore[no-untyped-def]
    index = panel.model.index(2, 0)  # bookmark 1: paragraph 1 of the harbour article
    with qtbot.waitSignal(panel.open_requested) as blocker:
        panel.view.doubleClicked.emit(index)
    assert blocker.args == [HARBOUR.id, 1]


def test_a_bookmark_of_a_deleted_article_is_flagged_and_not_opened(
    qtbot, panel: BookmarksPanel, archive: Archive  # type: ignore[no-untyped-def]
) -> None:
    archive.store.commit_batch(removed_articles=[WORLD.id])
    with qtbot.waitSignal(panel.refreshed):
        panel.refresh()
    top = panel.model.index(0, 0)
    assert panel.model.data(top, BookmarksModel.MissingRole) is True
    assert "no longer in the archive" in panel.model.data(top, Qt.ItemDataRole.DisplayRole)
    assert panel.model.data(top, BookmarksModel.TextRole) == "记者在北京报道了这条消息。"
    with qtbot.assertNotEmitted(panel.open_requested):
        panel.view.doubleClicked.emit(top)
    assert "no longer in the archive" in panel.message_label.text()


def test_edit_note_and_tags(qtbot, panel: BookmarksPanel, store: Bookmarks,  # type: ignore[no-untyped-def]
                            monkeypatch: pytest.MonkeyPatch) -> None:
    b = store.get(2)
    dialog = BookmarkEditDialog(b, ["harbour", "mayor"])
    qtbot.addWidget(dialog)
    assert dialog.tags_edit.text() == "harbour"
    dialog.note_edit.setPlainText("  verify the date  ")
    dialog.tags_edit.setText("harbour, ferries; #friday")
    assert dialog.values() == ("verify the date", ("harbour", "ferries", "friday"))

    def fake_exec(self: BookmarkEditDialog) -> int:
        self.note_edit.setPlainText("from the dialog")
        self.tags_edit.setText("edited")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(BookmarkEditDialog, "exec", fake_exec)
    select_rows(panel, 1)
    assert panel.edit_action.isEnabled()
    with qtbot.waitSignal(panel.bookmarks_changed):
        panel.edit_action.trigger()
    assert (store.get(2).note, store.get(2).tags) == ("from the dialog", ("edited",))
    assert panel.selected_ids() == [2]


def test_delete_and_undo(qtbot, panel: BookmarksPanel, store: Bookmarks) -> None:  # type: ignore[no-untyped-def]
    select_rows(panel, 0, 2)
    assert panel.selected_ids() == [3, 1]
    with qtbot.waitSignal(panel.bookmarks_changed):
        panel.delete_action.trigger()
    assert store.count() == 1 and panel.model.rowCount() == 1
    assert panel.undo_bar.isVisible() and panel.undo_label.text() == "Deleted 2 bookmarks."
    with qtbot.waitSignal(panel.bookmarks_changed):
        panel.undo_button.click()
    assert store.count() == 3 and panel.model.rowCount() == 3
    assert store.get(1).note == "call the mayor" and store.get(1).tags == ("harbour", "mayor")
    assert sorted(panel.selected_ids()) == [1, 3] and not panel.undo_bar.isVisible()


def answer_scope(monkeypatch: pytest.MonkeyPatch, button: str) -> list[str]:
    """Answer the which-bookmarks question with the button named ``button`` ("selected", "all", "")."""
    from PySide6.QtWidgets import QMessageBox

    asked: list[str] = []

    def exec_(box: QMessageBox) -> int:
        asked.append(box.text())
        for b in box.buttons():
            if b.objectName() == button or (not button and box.buttonRole(b) == QMessageBox.ButtonRole.RejectRole):
                b.click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    return asked


def test_export_requested_with_the_selection_or_everything_shown(qtbot, panel: BookmarksPanel,  # type: ignore[no-untyped-def]
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    asked = answer_scope(monkeypatch, "selected")
    select_rows(panel, 1)
    with qtbot.waitSignal(panel.export_requested) as blocker:
        panel.export_actions["csv"].trigger()
    assert blocker.args == ["csv", [2]]
    assert asked == ["1 of the 3 bookmarks shown is selected. Export only the selected ones, or all of them?"]
    select_rows(panel)
    with qtbot.waitSignal(panel.export_requested) as blocker:
        panel.export_actions["pdf"].trigger()
    assert blocker.args == ["pdf", [3, 2, 1]]


def test_bookmarking_a_quote_from_the_quotes_panel(qtbot, archive: Archive) -> None:  # type: ignore[no-untyped-def]
    panel = BookmarksPanel()
    qtbot.addWidget(panel)
    assert "Open an archive" in panel.stack.placeholder.text()
    store = archive.bookmarks
    with qtbot.waitSignal(panel.refreshed):
        panel.set_bookmarks(store)
    assert "No bookmarks yet" in panel.stack.placeholder.text()
    with qtbot.waitSignal(panel.bookmarks_changed):
        panel.on_quotes_bookmark_requested(HARBOUR_EX.quotes[2], HARBOUR.id)
    (b,) = store.list()
    assert (b.text, b.quote_index, b.speaker) == ("Nobody was hurt,", 2, None)
    assert panel.selected_ids() == [b.id]
    store.close()


# --- the export worker -------------------------------------------------------------------------------


@pytest.fixture()
def controller(qtbot, archive: Archive, store: Bookmarks):  # type: ignore[no-untyped-def]
    c = ExportController()
    c.set_archive(archive, store)
    yield c
    c.shutdown()


def test_a_pdf_export_runs_in_the_worker_and_reports_back(qtbot, controller: ExportController,  # type: ignore[no-untyped-def]
                                                          tmp_path: Path) -> None:
    path = tmp_path / "out.pdf"
    progressed: list[object] = []
    controller.export_progressed.connect(progressed.append)
    with qtbot.waitSignal(controller.export_finished, timeout=30_000) as blocker:
        assert controller.export_pdf(Selection.of_articles([HARBOUR.id, WORLD.id]), path)
        assert controller.running and not controller.export_pdf(Selection.of_articles([HARBOUR.id]), path)
    result = blocker.args[0]
    assert result.path == str(path) and result.pages == len(PdfReader(path).pages)
    assert not controller.running and progressed


def test_bookmark_exports_md_csv_json_and_pdf(qtbot, controller: ExportController, tmp_path: Path,  # type: ignore[no-untyped-def]
                                              store: Bookmarks) -> None:
    for fmt in ("md", "csv", "json", "pdf"):
        path = tmp_path / f"b.{fmt}"
        with qtbot.waitSignal(controller.export_finished, timeout=30_000):
            controller.export_bookmarks([3, 1], fmt, path)
        assert path.stat().st_size > 0
    assert [b.id for b in bm.from_json((tmp_path / "b.json").read_text("utf-8"))] == [3, 1]
    assert [b.id for b in bm.from_csv((tmp_path / "b.csv").read_text("utf-8"))] == [3, 1]


def test_failures_and_cancel_come_back_as_signals(qtbot, controller: ExportController,  # type: ignore[no-untyped-def]
                                                  tmp_path: Path) -> None:
    with qtbot.waitSignal(controller.export_failed, timeout=30_000) as blocker:
        controller.export_pdf(Selection.of_articles([HARBOUR.id]), tmp_path / "missing" / "x.pdf")
    assert "Cannot write" in blocker.args[0] and "missing" in blocker.args[0]
    with qtbot.waitSignal(controller.export_failed, timeout=30_000) as blocker:
        controller.export_bookmarks([99], "csv", tmp_path / "x.csv")
    assert "no bookmark 99" in blocker.args[0]

    controller.export_progressed.connect(lambda _p: controller.cancel())
    with qtbot.waitSignal(controller.export_cancelled, timeout=30_000):
        controller.export_pdf(Selection.of_articles([HARBOUR.id, WORLD.id]), tmp_path / "c.pdf")
    assert not (tmp_path / "c.pdf").exists()


def test_the_save_dialog_suggests_a_safe_name_and_adds_the_suffix(qtbot, controller: ExportController,  # type: ignore[no-untyped-def]
                                                                  tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[str] = []

    def fake_dialog(_parent: object, _title: str, start: str, _pattern: str) -> tuple[str, str]:
        asked.append(start)
        return str(tmp_path / "chosen"), ""

    monkeypatch.setattr("desktop.export_dialog.QFileDialog.getSaveFileName", fake_dialog)
    with qtbot.waitSignal(controller.export_finished, timeout=30_000) as blocker:
        controller.on_export_pdf_requested(Selection.of_search("harbour/ferries: “Friday”"))
    assert Path(asked[0]).name.startswith("morgue-harbour-ferries-friday-") and asked[0].endswith(".pdf")
    assert blocker.args[0].path == str(tmp_path / "chosen.pdf")


def test_a_slow_export_shows_a_progress_dialog_that_can_cancel(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = QWidget()
    qtbot.addWidget(window)
    controller = ExportController(window)

    def slow(on_progress: ProgressCallback, cancel: CancelToken) -> ExportResult:
        on_progress(Progress("waiting", 0, 1))
        while not cancel.cancelled:
            time.sleep(0.01)
        raise Cancelled()

    try:
        with qtbot.waitSignal(controller.export_cancelled, timeout=30_000):
            controller.start(ExportJob("Exporting to slow.pdf", tmp_path / "slow.pdf", slow))
            qtbot.waitUntil(lambda: controller._dialog is not None and controller._dialog.isVisible(), timeout=5000)
            assert controller._dialog.labelText().startswith("Exporting to slow.pdf")
            (button,) = controller._dialog.findChildren(QPushButton)
            assert button.text() == "Cancel"
            button.click()
        assert controller._dialog is None and not controller.running
    finally:
        controller.shutdown()
