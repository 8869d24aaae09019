"""The reader's own commands: its context menu (copy with citation, bookmark the selection, find,
the saved file, the original URL), a find bar (Ctrl+F, Esc closes it) and zoom (Ctrl+= / Ctrl+- /
Ctrl+0, kept in the settings).

The original URL is only ever copied, never loaded; the saved file is opened or shown through
``QDesktopServices`` only when it is a local file that exists.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QUrl
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence, QTextDocument
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QMenu, QToolButton, QWidget

from desktop.citations import article_citation, copy_text

if TYPE_CHECKING:  # pragma: no cover
    from desktop.main_window import MainWindow
    from desktop.reader import ReaderView

MAX_ZOOM = 10  # steps either way


def saved_file(source: str, roots: tuple[Path, ...] = ()) -> Path | None:
    """The local file an article came from ("path#n" is its n-th article), if it exists."""
    if not source:
        return None
    base = source.rsplit("#", 1)[0] if "#" in source else source
    path = Path(base)
    candidates = [path] if path.is_absolute() else [root / path for root in roots]
    return next((p for p in candidates if p.is_file()), None)


class FindBar(QWidget):
    """A strip at the bottom of the reader: find in the article, Enter for the next, Esc to close."""

    def __init__(self, reader: ReaderView) -> None:
        super().__init__(reader)
        self.reader = reader
        self.setObjectName("findBar")
        self.setAutoFillBackground(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 3, 6, 3)
        self.edit = QLineEdit()
        self.edit.setObjectName("findEdit")
        self.edit.setPlaceholderText("Find in article")
        self.edit.setClearButtonEnabled(True)
        self.status = QLabel()
        self.status.setObjectName("findStatus")
        previous, following, close = QToolButton(), QToolButton(), QToolButton()
        for button, text, tip in ((previous, "↑", "Previous match (Shift+Enter)"),
                                  (following, "↓", "Next match (Enter)"), (close, "✕", "Close (Esc)")):
            button.setText(text)
            button.setToolTip(tip)
            button.setAutoRaise(True)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.status)
        layout.addWidget(previous)
        layout.addWidget(following)
        layout.addWidget(close)
        self.edit.textChanged.connect(lambda _t: self.find_text(from_start=True))
        self.edit.returnPressed.connect(self.find_text)
        previous.clicked.connect(lambda: self.find_text(backward=True))
        following.clicked.connect(lambda: self.find_text())
        close.clicked.connect(self.close_bar)
        self.edit.installEventFilter(self)
        reader.installEventFilter(self)
        self.hide()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.reader and event.type() == QEvent.Type.Resize:
            self._place()
        elif watched is self.edit and event.type() == QEvent.Type.KeyPress:
            key = event.key()  # type: ignore[attr-defined]
            if key == Qt.Key.Key_Escape:
                self.close_bar()
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and event.modifiers() & Qt.KeyboardModifier.ShiftModifier:  # type: ignore[attr-defined]
                self.find_text(backward=True)
                return True
        return False

    def _place(self) -> None:
        height = self.sizeHint().height()
        self.setGeometry(0, self.reader.height() - height, self.reader.width(), height)

    def open_bar(self) -> None:
        selected = self.reader.textCursor().selectedText().strip()
        if selected and "\u2029" not in selected:
            self.edit.setText(selected)
        self._place()
        self.show()
        self.raise_()
        self.edit.setFocus()
        self.edit.selectAll()

    def close_bar(self) -> None:
        self.hide()
        self.reader.setFocus()

    def find_text(self, backward: bool = False, from_start: bool = False) -> bool:
        text = self.edit.text()
        if not text:
            self.status.clear()
            return False
        flags = QTextDocument.FindFlag.FindBackward if backward else QTextDocument.FindFlag(0)
        if from_start:
            cursor = self.reader.textCursor()
            cursor.setPosition(min(cursor.position(), cursor.anchor()))
            self.reader.setTextCursor(cursor)
        found = self.reader.find(text, flags)
        if not found:  # wrap around
            cursor = self.reader.textCursor()
            cursor.movePosition(cursor.MoveOperation.End if backward else cursor.MoveOperation.Start)
            self.reader.setTextCursor(cursor)
            found = self.reader.find(text, flags)
        self.status.setText("" if found else "Not found")
        return found


class ReaderActions(QObject):
    """Adds the reader's commands to the window (installed by ``MainWindow``)."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.reader = window.reader
        self.find_bar = FindBar(self.reader)
        self.reader.menu_extenders.append(self.extend_menu)
        self.zoom = 0
        self.find_in_article_action = self._action("Find in &Article…", self.find_bar.open_bar, ("Ctrl+F",),
                                                   "Find words in the article in the reader")
        self.zoom_in_action = self._action("Zoom &In", lambda: self.set_zoom(self.zoom + 1),
                                           ("Ctrl+=", "Ctrl++"), "Larger text in the reader")
        self.zoom_out_action = self._action("Zoom &Out", lambda: self.set_zoom(self.zoom - 1), ("Ctrl+-",),
                                            "Smaller text in the reader")
        self.zoom_reset_action = self._action("&Actual Size", lambda: self.set_zoom(0), ("Ctrl+0",),
                                              "The reader's text at its usual size")
        self.set_zoom(window.settings.reader_zoom, save=False)

    def _action(self, text: str, slot: object, keys: tuple[str, ...], tip: str) -> QAction:
        action = QAction(text, self.window)
        action.setShortcuts([QKeySequence(k) for k in keys])
        action.setStatusTip(tip)
        action.setToolTip(tip)
        action.triggered.connect(slot)
        self.window.addAction(action)
        return action

    # --- zoom ---------------------------------------------------------------------------------------

    def set_zoom(self, steps: int, save: bool = True) -> None:
        steps = max(-MAX_ZOOM, min(MAX_ZOOM, steps))
        if steps != self.zoom:
            self.reader.zoomIn(steps - self.zoom)
            self.zoom = steps
            self.reader.resize(self.reader.size())  # the measure follows the new font
            self.reader.resizeEvent(_resize_event(self.reader))
        if save:
            self.window.settings.reader_zoom = steps

    # --- the context menu ---------------------------------------------------------------------------

    def _selection(self) -> str:
        return self.reader.textCursor().selectedText().replace("\u2029", "\n").strip()

    def citation(self, pos: QPoint | None = None, markdown: bool = False) -> str:
        """The selection (or the quote under ``pos``) with its citation; "" when there is neither."""
        article = self.reader.article
        if article is None:
            return ""
        n = self.reader.quote_at(pos) if pos is not None else -1
        quote = self.reader.quote(n) if n >= 0 else None
        text = self._selection()
        if not text and quote is not None:
            text = quote.text
        if not text:
            return ""
        speaker = quote.speaker if quote is not None and (text in quote.text or quote.text in text) else None
        return article_citation(text, article, speaker, markdown)

    def copy_citation(self, pos: QPoint | None = None, markdown: bool = False) -> None:
        text = self.citation(pos, markdown)
        if text:
            copy_text(text)
            self.window.statusBar().showMessage("Copied with its citation.", 4000)

    def saved_file(self) -> Path | None:
        article = self.reader.article
        roots = self.window.archive.roots if self.window.archive is not None else ()
        return saved_file(article.source, roots) if article is not None else None

    def open_saved_file(self) -> None:
        path = self.saved_file()
        if path is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def show_in_folder(self) -> None:
        path = self.saved_file()
        if path is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent)))

    def copy_url(self) -> None:
        article = self.reader.article
        if article is not None and article.url:
            copy_text(article.url)
            self.window.statusBar().showMessage(f"Copied {article.url} (not opened).", 4000)

    def extend_menu(self, menu: QMenu, pos: QPoint) -> None:
        article = self.reader.article
        if article is None:
            return
        has_text = bool(self._selection()) or self.reader.quote_at(pos) >= 0
        cite = QAction("Copy with Citation", menu)
        cite.setObjectName("copyCitationAction")
        cite_md = QAction("Copy with Citation (Markdown)", menu)
        cite_md.setObjectName("copyCitationMarkdownAction")
        cite.triggered.connect(lambda: self.copy_citation(pos))
        cite_md.triggered.connect(lambda: self.copy_citation(pos, markdown=True))
        bookmark = QAction("Bookmark Selection", menu)
        bookmark.setObjectName("bookmarkSelectionAction")
        bookmark.triggered.connect(self.window.on_bookmark_action_triggered)
        for action in (cite, cite_md, bookmark):
            action.setEnabled(has_text)
        # After Copy (the standard menu's first entries), before Select All.
        after = next((a for a in menu.actions() if "select" in a.text().lower()), None)
        menu.insertActions(after, [cite, cite_md, bookmark]) if after is not None else \
            menu.addActions([cite, cite_md, bookmark])
        menu.addSeparator()
        menu.addAction(self.find_in_article_action)
        menu.addSeparator()
        path = self.saved_file()
        open_file = menu.addAction("Open the Saved File", self.open_saved_file)
        open_file.setObjectName("openSavedFileAction")
        folder = menu.addAction("Show in Folder", self.show_in_folder)
        folder.setObjectName("showInFolderAction")
        for action in (open_file, folder):
            action.setEnabled(path is not None)
            action.setToolTip(str(path) if path is not None else "The saved file is not on this computer")
        url = menu.addAction("Copy Original URL", self.copy_url)
        url.setObjectName("copyUrlAction")
        url.setEnabled(bool(article.url))
        url.setToolTip(article.url or "The article has no URL")
        menu.addSeparator()
        for action in (self.zoom_in_action, self.zoom_out_action, self.zoom_reset_action):
            menu.addAction(action)


def _resize_event(widget: QWidget) -> QEvent:
    from PySide6.QtGui import QResizeEvent

    return QResizeEvent(widget.size(), widget.size())
