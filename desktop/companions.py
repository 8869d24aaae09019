"""The window's companions written by other parts of the app: the Bookmarks dock and exports.

Both need an open archive, so they are created when the first archive opens (after the window
is shown: start-up does not wait for their imports). Until then, and if they cannot load, the
window says so in the status bar instead.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMainWindow

from desktop.archives import OpenedArchive
from index.errors import ArchiveError
from index.model import Quote

if TYPE_CHECKING:  # pragma: no cover
    from PySide6.QtWidgets import QDockWidget

    from index.bookmarks import Bookmarks

log = logging.getLogger(__name__)

BOOKMARKS_KEY = "Ctrl+5"


class Companions(QObject):
    """Owns the Bookmarks dock and the export controller of a main window."""

    open_requested = Signal(str, int)  # article id, paragraph (-1: the top)
    message_posted = Signal(str)  # a sentence for the status bar
    bug_found = Signal(str)

    def __init__(self, window: QMainWindow, place_dock: Callable[[QDockWidget], None]) -> None:
        """``place_dock`` puts a dock created late where the user left it, or in its default place."""
        super().__init__(window)
        self._window = window
        self._place_dock = place_dock
        self.bookmarks_dock: Any = None  # desktop.bookmarks_panel.BookmarksPanel
        self.export: Any = None  # desktop.export_dialog.ExportController
        self._store: Bookmarks | None = None  # the open archive's

    # --- life cycle -----------------------------------------------------------------------------

    def set_archive(self, opened: OpenedArchive, settings: Any = None) -> None:
        """Show the bookmarks of the archive just opened; exports read from it."""
        self._ensure(settings)
        # The archive owns its bookmarks (one instance) and closes them when it closes.
        self._store = None
        if self.bookmarks_dock is not None:
            try:
                self._store = opened.archive.bookmarks
            except ArchiveError as exc:
                self.message_posted.emit(str(exc))
            self.bookmarks_dock.set_bookmarks(self._store)
        if self.export is not None:
            self.export.set_archive(opened.archive, self._store)

    def _ensure(self, settings: Any) -> None:
        if self.bookmarks_dock is None:
            try:
                from desktop.bookmarks_panel import BookmarksPanel
            except ImportError as exc:
                log.warning("no Bookmarks dock: %s", exc)
            else:
                dock = BookmarksPanel(parent=self._window)
                toggle = dock.toggleViewAction()
                toggle.setShortcut(QKeySequence(BOOKMARKS_KEY))
                toggle.setToolTip(f"Show or hide the Bookmarks panel ({BOOKMARKS_KEY})")
                self._place_dock(dock)
                dock.open_requested.connect(self.open_requested)
                dock.export_requested.connect(self.on_bookmarks_export_requested)
                self.bookmarks_dock = dock
        if self.export is None:
            try:
                from desktop.export_dialog import ExportController
            except ImportError as exc:
                log.warning("no exports: %s", exc)
            else:
                self.export = ExportController(self._window, settings)
                self.export.export_started.connect(self.message_posted)
                self.export.export_finished.connect(self.on_export_finished)
                self.export.export_failed.connect(self.on_export_failed)
                self.export.export_cancelled.connect(lambda: self.message_posted.emit("Export cancelled."))
                self.export.bug_found.connect(self.bug_found)

    @property
    def can_bookmark(self) -> bool:
        return self.bookmarks_dock is not None and self._store is not None

    @property
    def can_export(self) -> bool:
        return self.export is not None

    def shutdown(self) -> None:
        """Stop any export and close the bookmarks file."""
        if self.export is not None:
            self.export.shutdown()
        if self._store is not None:
            self._store.close()
            self._store = None

    # --- entry points ---------------------------------------------------------------------------

    def bookmark_quote(self, quote: Quote, article_id: str) -> bool:
        """Bookmark a quote of an article in the Bookmarks dock; False if bookmarks are unavailable."""
        if not self.can_bookmark:
            return False
        return self.bookmarks_dock.bookmark_quote(article_id, quote) is not None  # type: ignore[no-any-return]

    def export_pdf(self, selection: Any) -> bool:
        """Ask where, then export a selection (``index.export.Selection``) to PDF."""
        if self.export is None:
            return False
        if self.export.running:
            self.message_posted.emit("An export is already running.")
            return True
        self.export.on_export_pdf_requested(selection)
        return True

    # --- slots ----------------------------------------------------------------------------------

    def on_bookmarks_export_requested(self, fmt: str, ids: list) -> None:  # type: ignore[type-arg]
        if self.export is not None:
            self.export.on_bookmarks_export_requested(fmt, ids)

    def on_export_finished(self, result: Any) -> None:
        self.message_posted.emit(f"Exported to {getattr(result, 'path', 'the file')}.")

    def on_export_failed(self, message: str) -> None:
        if message:
            self.message_posted.emit(message)
