"""The Bookmarks dock: the archive's bookmarked quotes, posts and passages.

A list over the model of bookmarks_model.py, a filter field, tag and speaker
filters, a small dialog to edit a note and tags, delete with undo, and export of the selection.
The dock does not export or open articles itself: it asks, with ``export_requested(format, ids)``
and ``open_requested(article_id, paragraph)``, and the main window does it.

Bookmark reads and writes are SQLite transactions of the core (``index.bookmarks``), run as ops of
the dock's ``JobRunner`` (desktop/jobs.py), never in the GUI thread: a busy or slow disk does not
freeze the window. ``refreshed`` follows each read, ``bookmarks_changed`` each change once shown.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QDockWidget,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.bookmarks_model import BookmarksModel, short
from desktop.citations import bookmark_citation, copy_text
from desktop.jobs import JobRunner, Op
from desktop.panels import PanelStack, WrappingTreeView
from index.bookmarks import Bookmark, Bookmarks, parse_tags
from index.jobs import CancelToken, ProgressCallback
from index.model import Post, Quote

log = logging.getLogger(__name__)

EXPORT_FORMATS = (("pdf", "PDF…"), ("md", "Markdown…"), ("csv", "CSV…"), ("json", "JSON…"))
UNDO_SECONDS = 20


@dataclass(frozen=True)
class _Listing:
    """One read of the store: the filter lists and the bookmarks they select."""

    tags: list[tuple[str, int]]
    speakers: list[tuple[str, int]]
    items: list[Bookmark]


class BookmarkEditDialog(QDialog):
    """Edit one bookmark's note and tags."""

    def __init__(self, bookmark: Bookmark, known_tags: Sequence[str] = (), parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Edit Bookmark")
        self.setObjectName("bookmarkEditDialog")
        quote = QLabel(f"“{short(bookmark.text, 300)}”" + (f" — {bookmark.who}" if bookmark.who else ""))
        quote.setWordWrap(True)
        quote.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.note_edit = QPlainTextEdit(bookmark.note)
        self.note_edit.setObjectName("noteEdit")
        self.note_edit.setPlaceholderText("Why this matters, what to check…")
        self.tags_edit = QLineEdit(", ".join(bookmark.tags))
        self.tags_edit.setObjectName("tagsEdit")
        self.tags_edit.setPlaceholderText("tags, separated by commas")
        completer = QCompleter(list(known_tags), self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.tags_edit.setCompleter(completer)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(quote)
        form.addRow("&Note:", self.note_edit)
        form.addRow("&Tags:", self.tags_edit)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.resize(460, 300)

    def values(self) -> tuple[str, tuple[str, ...]]:
        """The note and the tags as entered."""
        return self.note_edit.toPlainText().strip(), parse_tags(self.tags_edit.text())


class BookmarksPanel(QDockWidget):
    """The Bookmarks dock. Give it the archive's ``Bookmarks`` with ``set_bookmarks``."""

    open_requested = Signal(str, int)  # article id, paragraph (-1 when unknown)
    export_requested = Signal(str, list)  # format ("pdf", "md", "csv", "json"), bookmark ids
    bookmarks_changed = Signal()  # added, edited, deleted or restored, and shown
    refreshed = Signal()  # the list shows a fresh read of the store
    bug_found = Signal(str)  # the traceback of an unexpected exception in a bookmark op

    def __init__(self, bookmarks: Bookmarks | None = None, parent: QWidget | None = None) -> None:
        super().__init__("Bookmarks", parent)
        self.setObjectName("bookmarksPanel")
        self._store: Bookmarks | None = None
        self._deleted: list[Bookmark] = []
        self._reads = 0  # the newest read: older ones are dropped when they come back
        self._runner = JobRunner("bookmarks", self)
        self._runner.bug_found.connect(self.bug_found)
        self.model = BookmarksModel(self)

        self.filter_edit = QLineEdit()
        self.filter_edit.setObjectName("bookmarksFilter")
        self.filter_edit.setPlaceholderText("Filter bookmarks")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self.on_filter_edit_text_changed)
        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(150)
        self._filter_timer.timeout.connect(self.refresh)
        self.tag_combo = QComboBox()
        self.tag_combo.setObjectName("bookmarksTag")
        self.tag_combo.setAccessibleName("Tag")
        self.tag_combo.currentIndexChanged.connect(self.on_tag_combo_current_index_changed)
        self.speaker_combo = QComboBox()
        self.speaker_combo.setObjectName("bookmarksSpeaker")
        self.speaker_combo.setAccessibleName("Speaker")
        self.speaker_combo.currentIndexChanged.connect(self.on_speaker_combo_current_index_changed)

        self.view = WrappingTreeView()
        self.view.setObjectName("bookmarksView")
        self.view.setModel(self.model)
        self.view.setHeaderHidden(True)
        self.view.setRootIsDecorated(False)
        self.view.setAccessibleName("Bookmarks")
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.doubleClicked.connect(self.on_view_double_clicked)
        self.view.activated.connect(self.on_view_double_clicked)
        self.view.customContextMenuRequested.connect(self.on_view_context_menu_requested)
        self.view.selectionModel().selectionChanged.connect(self.on_view_selection_changed)
        self.stack = PanelStack(self.view)

        self.edit_action = QAction("Edit…", self)
        self.edit_action.setToolTip("Edit the note and tags of the selected bookmark")
        self.edit_action.triggered.connect(self.on_edit_action_triggered)
        self.delete_action = QAction("Delete", self)
        self.delete_action.setToolTip("Delete the selected bookmarks (you can undo it)")
        self.delete_action.setShortcut(QKeySequence.StandardKey.Delete)
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.delete_action.triggered.connect(self.on_delete_action_triggered)
        self.undo_action = QAction("Undo Delete", self)
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.undo_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.undo_action.setEnabled(False)
        self.undo_action.triggered.connect(self.on_undo_action_triggered)
        self.export_menu = QMenu("Export", self)
        self.export_actions: dict[str, QAction] = {}
        for fmt, label in EXPORT_FORMATS:
            action = self.export_menu.addAction(label)
            action.setData(fmt)
            self.export_actions[fmt] = action
        self.export_menu.triggered.connect(self.on_export_menu_triggered)
        self.view.addActions([self.delete_action, self.undo_action])

        toolbar = QToolBar()
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        toolbar.addAction(self.edit_action)
        toolbar.addAction(self.delete_action)
        export_button = QToolButton()
        export_button.setText("Export")
        export_button.setToolTip("Export the selected bookmarks (all shown, if none is selected)")
        export_button.setMenu(self.export_menu)
        export_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        toolbar.addWidget(export_button)

        self.undo_label = QLabel()
        self.undo_button = QPushButton("Undo")
        self.undo_button.clicked.connect(self.on_undo_action_triggered)
        self.undo_bar = QWidget()
        undo_layout = QHBoxLayout(self.undo_bar)
        undo_layout.setContentsMargins(4, 0, 4, 0)
        undo_layout.addWidget(self.undo_label, 1)
        undo_layout.addWidget(self.undo_button)
        self.undo_bar.hide()
        self._undo_timer = QTimer(self)
        self._undo_timer.setSingleShot(True)
        self._undo_timer.setInterval(UNDO_SECONDS * 1000)
        self._undo_timer.timeout.connect(self.on_undo_timer_timeout)

        self.message_label = QLabel()
        self.message_label.setObjectName("bookmarksMessage")
        self.message_label.setWordWrap(True)
        self.message_label.hide()

        filters = QHBoxLayout()
        filters.addWidget(self.tag_combo, 1)
        filters.addWidget(self.speaker_combo, 1)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.filter_edit)
        layout.addLayout(filters)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.undo_bar)
        layout.addWidget(self.message_label)
        layout.addWidget(toolbar)
        self.setWidget(body)
        self.set_bookmarks(bookmarks)

    # --- the store ------------------------------------------------------------------------------

    @property
    def bookmarks(self) -> Bookmarks | None:
        return self._store

    @property
    def busy(self) -> bool:
        """Whether a read or write of the store is running or waiting."""
        return self._runner.busy

    def set_bookmarks(self, bookmarks: Bookmarks | None) -> None:
        """Show the bookmarks of an archive (None when no archive is open)."""
        self._store = bookmarks
        self._deleted = []
        self.undo_bar.hide()
        self.undo_action.setEnabled(False)
        self.refresh()

    def shutdown(self) -> None:
        """Stop the bookmarks thread, waiting for the op it runs (the window calls it as it closes)."""
        self._runner.shutdown()

    def _run(self, name: str, call: Callable[[Bookmarks], Any], done: Callable[[Any], None]) -> bool:
        """Run ``call(store)`` in the bookmarks thread, then ``done(value)`` here; False with no store."""
        store = self._store
        if store is None:
            self.show_message("Open an archive first: bookmarks belong to an archive.")
            return False

        def job(_progress: ProgressCallback, _cancel: CancelToken) -> Any:
            return call(store)

        self._runner.submit(Op(job, on_success=done, on_failure=self._fail, name=f"bookmarks {name}"))
        return True

    def _fail(self, message: str) -> None:
        if message:  # "" is a bug, already reported by bug_found
            log.info("bookmarks: %s", message)
            self.show_message(message)

    def show_message(self, text: str) -> None:
        """A sentence under the list (an error the user can act on, or a hint); empty hides it."""
        self.message_label.setText(text)
        self.message_label.setVisible(bool(text))

    # --- filters and the list -------------------------------------------------------------------

    @property
    def current_tag(self) -> str | None:
        return self.tag_combo.currentData() or None

    @property
    def current_speaker(self) -> str | None:
        return self.speaker_combo.currentData() or None

    def _fill_combo(self, combo: QComboBox, everything: str, values: Sequence[tuple[str, int]]) -> None:
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(everything, None)
        for value, n in values:
            combo.addItem(f"{value} ({n})", value)
        i = combo.findData(current) if current else 0
        combo.setCurrentIndex(max(0, i))
        combo.blockSignals(False)

    @Slot()
    def refresh(self, select: Sequence[int] | None = None, then: Callable[[], None] | None = None) -> None:
        """Read the bookmarks again with the current filters, keeping the selection (or selecting
        ``select``); ``then`` runs once they are shown."""
        self._reads += 1
        read = self._reads
        if self._store is None:
            self.model.set_bookmarks([])
            self._fill_combo(self.tag_combo, "All tags", [])
            self._fill_combo(self.speaker_combo, "All speakers", [])
            self.stack.show_placeholder("Open an archive to see its bookmarks.")
            self._update_actions()
            self.refreshed.emit()
            return
        query, tag, speaker = self.filter_edit.text(), self.current_tag, self.current_speaker

        def listing(store: Bookmarks) -> _Listing:
            return _Listing(store.tags(), store.speakers(), store.list(query=query, tag=tag, speaker=speaker))

        def show(value: _Listing) -> None:
            if read != self._reads:  # a newer read is on its way
                if then is not None:
                    then()
                return
            self._show_listing(value, self.selected_ids() if select is None else select)
            if then is not None:
                then()

        self._run("read", listing, show)

    def _show_listing(self, listing: _Listing, selected: Sequence[int]) -> None:
        self._fill_combo(self.tag_combo, "All tags", listing.tags)
        self._fill_combo(self.speaker_combo, "All speakers", listing.speakers)
        items = listing.items
        self.model.set_bookmarks(items)
        if items:
            self.stack.show_content()
        elif self.filter_edit.text().strip() or self.current_tag or self.current_speaker:
            self.stack.show_placeholder("No bookmark matches these filters.")
        else:
            self.stack.show_placeholder("No bookmarks yet. Select a quote, a post or a passage and press Ctrl+D "
                                        "to keep it here.")
        self.select_ids(selected)
        self._update_actions()
        self.refreshed.emit()

    def known_tags(self) -> list[str]:
        """The tags of the archive's bookmarks, as the last read found them."""
        return [str(self.tag_combo.itemData(i)) for i in range(1, self.tag_combo.count())]

    def select_ids(self, ids: Sequence[int] | set[int]) -> None:
        """Select these bookmarks (those shown), the first one current."""
        selection = self.view.selectionModel()
        selection.clearSelection()
        first = True
        for bid in ids:
            row = self.model.row_of(bid)
            if row < 0:
                continue
            index = self.model.index(row, 0)
            flags = selection.SelectionFlag.Select
            if first:
                self.view.setCurrentIndex(index)
                first = False
            selection.select(index, flags)

    def selected_ids(self) -> list[int]:
        """The ids of the selected bookmarks, in list order."""
        rows = sorted(i.row() for i in self.view.selectionModel().selectedRows())
        return [self.model.bookmark(r).id for r in rows]

    def export_ids(self) -> list[int]:
        """What to export: the selected bookmarks, or every bookmark shown when none is selected."""
        return self.selected_ids() or [b.id for b in self.model.bookmarks]

    def _update_actions(self) -> None:
        n = len(self.view.selectionModel().selectedRows()) if self.view.selectionModel() else 0
        self.edit_action.setEnabled(n == 1)
        self.delete_action.setEnabled(n > 0)
        for action in self.export_actions.values():
            action.setEnabled(self.model.rowCount() > 0)

    # --- operations (also the main window's entry points) ----------------------------------------

    def _added(self, b: Bookmark) -> None:
        def shown() -> None:
            self.show()
            self.raise_()
            self.show_message("")
            self.bookmarks_changed.emit()

        self.filter_edit.blockSignals(True)
        self.filter_edit.clear()
        self.filter_edit.blockSignals(False)
        self.refresh(select=[b.id], then=shown)

    def bookmark_quote(self, article_id: str, quote: Quote, index: int | None = None) -> bool:
        """Bookmark a quote of an article; once it is in, select it and show the dock. False without a store."""
        return self._run("add", lambda store: store.add_quote(article_id, index, quote=quote), self._added)

    def bookmark_post(self, article_id: str, index: int, post: Post | None = None) -> bool:
        """Bookmark the ``index``-th social post of an article (as ``bookmark_quote``)."""
        return self._run("add", lambda store: store.add_post(article_id, index), self._added)

    def bookmark_passage(self, article_id: str, paragraph: int, start: int, end: int) -> bool:
        """Bookmark characters ``start:end`` of a paragraph of an article (as ``bookmark_quote``)."""
        return self._run("add", lambda store: store.add_passage(article_id, paragraph, start, end), self._added)

    def edit_bookmark(self, bookmark_id: int, note: str, tags: Sequence[str]) -> bool:
        """Set a bookmark's note and tags; ``bookmarks_changed`` once it is shown."""
        tag_list = list(tags)
        return self._run("edit", lambda store: store.update(bookmark_id, note=note, tags=tag_list),
                         lambda b: self.refresh(select=[b.id], then=self.bookmarks_changed.emit))

    def delete_selected(self) -> int:
        """Delete the selected bookmarks (undoable until the next delete); returns how many are asked."""
        ids = self.selected_ids()
        if not ids or self._store is None:
            return 0

        def deleted(gone: list[Bookmark]) -> None:
            self._deleted = gone
            n = len(gone)
            self.undo_label.setText(f"Deleted {n} bookmark{'s' if n != 1 else ''}.")
            self.undo_bar.show()
            self.undo_action.setEnabled(True)
            self._undo_timer.start()
            self.refresh(then=self.bookmarks_changed.emit)

        self._run("delete", lambda store: store.delete(ids), deleted)
        return len(ids)

    def undo_delete(self) -> int:
        """Put back the bookmarks of the last delete; returns how many are asked."""
        if not self._deleted or self._store is None:
            return 0
        gone, self._deleted = self._deleted, []
        self.undo_bar.hide()
        self.undo_action.setEnabled(False)
        self._run("restore", lambda store: store.restore(gone),
                  lambda restored: self.refresh(select=[b.id for b in restored], then=self.bookmarks_changed.emit))
        return len(gone)

    # --- slots ------------------------------------------------------------------------------------

    @Slot(object, str)
    def on_quotes_bookmark_requested(self, quote: Quote, article_id: str) -> None:
        """For the Quotes panel's ``bookmark_requested(quote, article_id)``."""
        self.bookmark_quote(article_id, quote)

    def on_filter_edit_text_changed(self, _text: str) -> None:
        self._filter_timer.start()

    def on_tag_combo_current_index_changed(self, _index: int) -> None:
        self.refresh()

    def on_speaker_combo_current_index_changed(self, _index: int) -> None:
        self.refresh()

    def on_view_selection_changed(self, *_args: object) -> None:
        self._update_actions()

    def on_view_double_clicked(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        b = self.model.bookmark(index.row())
        if b.article_missing:
            self.show_message("This bookmark's article is no longer in the archive: only its text was kept.")
            return
        self.show_message("")
        self.open_requested.emit(b.article_id, b.paragraph if b.paragraph is not None else -1)

    def on_edit_action_triggered(self) -> None:
        ids = self.selected_ids()
        if len(ids) != 1 or self._store is None:
            return
        b = self.model.bookmark(self.model.row_of(ids[0]))
        dialog = BookmarkEditDialog(b, self.known_tags(), self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            note, tags = dialog.values()
            self.edit_bookmark(b.id, note, tags)

    def on_delete_action_triggered(self) -> None:
        self.delete_selected()

    def on_undo_action_triggered(self) -> None:
        self.undo_delete()

    def on_undo_timer_timeout(self) -> None:
        self.undo_bar.hide()

    def scope_box(self, selected: int, shown: int) -> QMessageBox:
        """The question before an export when only some bookmarks are selected: those, or all shown."""
        box = QMessageBox(QMessageBox.Icon.Question, "Export bookmarks",
                          f"{selected} of the {shown} bookmarks shown {'is' if selected == 1 else 'are'} selected. "
                          "Export only the selected ones, or all of them?", parent=self)
        box.setObjectName("exportScope")
        box.addButton(f"Selected ({selected})", QMessageBox.ButtonRole.AcceptRole).setObjectName("selected")
        box.addButton(f"All Shown ({shown})", QMessageBox.ButtonRole.AcceptRole).setObjectName("all")
        box.addButton(QMessageBox.StandardButton.Cancel)
        return box

    def on_export_menu_triggered(self, action: QAction) -> None:
        fmt = action.data()
        selected, shown = self.selected_ids(), [b.id for b in self.model.bookmarks]
        ids: list[int] | None = selected or shown
        if selected and len(selected) < len(shown):
            # Never silently only the selection: ask which.
            box = self.scope_box(len(selected), len(shown))
            box.exec()
            clicked = box.clickedButton()
            name = clicked.objectName() if clicked is not None else ""
            ids = selected if name == "selected" else shown if name == "all" else None
        if fmt and ids:
            self.export_requested.emit(str(fmt), ids)

    def on_view_context_menu_requested(self, pos: Any) -> None:
        self.context_menu(pos).exec(self.view.viewport().mapToGlobal(pos))

    def context_menu(self, pos: Any) -> QMenu:
        """The list's context menu at ``pos``: open, edit, delete, copy with citation, export."""
        index = self.view.indexAt(pos)
        if index.isValid() and not self.view.selectionModel().isSelected(index):
            self.view.setCurrentIndex(index)
        menu = QMenu(self)
        if index.isValid():
            menu.addAction("Open in article", lambda: self.on_view_double_clicked(index))
            menu.addAction(self.edit_action)
            menu.addAction(self.delete_action)
            menu.addSeparator()
            b = self.model.bookmark(index.row())
            for text, md in (("Copy with Citation", False), ("Copy with Citation (Markdown)", True)):
                item = menu.addAction(text)
                item.triggered.connect(functools.partial(_copy_citation, b, md))
                item.setObjectName("copyCitationMarkdownAction" if md else "copyCitationAction")
            menu.addSeparator()
        menu.addMenu(self.export_menu)
        return menu


def _copy_citation(b: Bookmark, markdown: bool) -> None:
    copy_text(bookmark_citation(b, markdown))
