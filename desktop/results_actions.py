"""The results list's context menu: open the article, copy its citation (plain or Markdown),
export it to PDF, print it, bookmark it, its saved file, its original URL (copied, never loaded)
and its authors' pages.

A command that needs the whole article (the bookmark, the saved file) opens it in the reader
first and runs once it is shown.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QObject
from PySide6.QtGui import QAction, QFont
from PySide6.QtWidgets import QMenu

from desktop.citations import copy_text, hit_citation
from desktop.models import ResultsModel
from index.model import Article, Hit

if TYPE_CHECKING:  # pragma: no cover
    from desktop.main_window import MainWindow


class ResultsActions(QObject):
    """Adds the commands on a result to the results list's context menu (installed by the window)."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self._pending: tuple[str, Callable[[Article], None]] | None = None
        window.results_view.menu_extenders.append(self.extend_menu)
        window.article_shown.connect(self.on_window_article_shown)

    # --- the menu -----------------------------------------------------------------------------------

    def extend_menu(self, menu: QMenu, index: QModelIndex) -> None:
        hit = index.data(ResultsModel.HitRole)
        if not isinstance(hit, Hit):
            return
        w = self.window

        def add(text: str, name: str, slot: Callable[[], object], tip: str = "", enabled: bool = True) -> QAction:
            action = menu.addAction(text, slot)
            action.setObjectName(name)
            action.setEnabled(enabled)
            if tip:
                action.setToolTip(tip)
                action.setStatusTip(tip)
            return action

        shown = w.reader.article is not None and w.reader.article.id == hit.id
        opened = add("&Open", "openResultAction", lambda: self.open(hit), "Show the article in the reader")
        font = QFont(opened.font())
        font.setBold(True)
        opened.setFont(font)
        menu.addSeparator()
        add("Copy &Citation", "copyResultCitationAction", lambda: self.copy_citation(hit),
            "The article's authors, title, outlet, date and URL")
        add("Copy Citation (&Markdown)", "copyResultCitationMarkdownAction",
            lambda: self.copy_citation(hit, markdown=True), "The citation as Markdown, the title a link")
        add("Copy Original &URL", "copyResultUrlAction", lambda: self.copy_url(hit),
            hit.url or "The article has no URL", enabled=bool(hit.url))
        menu.addSeparator()
        can_export = w.companions.can_export
        add("&Export to PDF…", "exportResultAction", lambda: self.export(hit),
            "Export this article to a PDF" if can_export else "Export is not available yet", enabled=can_export)
        add("&Print…", "printResultAction", lambda: w.extras.printer.print_article(hit.id),
            "Print this article as its PDF export reads")
        add("&Bookmark Article", "bookmarkResultAction", lambda: self.with_article(hit.id, self.bookmark),
            "Bookmark the article (its lead paragraph), in the Bookmarks panel", enabled=w.companions.can_bookmark)
        menu.addSeparator()
        path = w.extras.reader_actions.saved_file() if shown else None
        known = not shown or path is not None
        tip = str(path) if path is not None else ("The saved file is not on this computer" if shown else "")
        add("Open the Saved &File", "openResultFileAction",
            lambda: self.with_article(hit.id, lambda _a: self.saved_file(open_it=True)), tip, enabled=known)
        add("Show in &Folder", "showResultInFolderAction",
            lambda: self.with_article(hit.id, lambda _a: self.saved_file(open_it=False)), tip, enabled=known)

    # --- the commands -------------------------------------------------------------------------------

    def open(self, hit: Hit) -> None:
        self.window.open_article(hit.id)
        self.window.reader.setFocus()

    def copy_citation(self, hit: Hit, markdown: bool = False) -> None:
        copy_text(hit_citation(hit, markdown))
        self.window.statusBar().showMessage("Copied the article's citation.", 4000)

    def copy_url(self, hit: Hit) -> None:
        if hit.url:
            copy_text(hit.url)
            self.window.statusBar().showMessage(f"Copied {hit.url} (not opened).", 4000)

    def export(self, hit: Hit) -> None:
        from index.export import Selection

        self.window.companions.export_pdf(Selection.of_articles([hit.id]))

    def bookmark(self, article: Article) -> None:
        dock = self.window.companions.bookmarks_dock
        lead = next((i for i, p in enumerate(article.paragraphs) if p.text.strip()), None)
        if dock is None or not self.window.companions.can_bookmark:
            self.window.statusBar().showMessage("Bookmarks are not available yet: open an archive first.", 8000)
        elif lead is None:
            self.window.statusBar().showMessage("The article has no text to bookmark.", 5000)
        else:
            dock.bookmark_passage(article.id, lead, 0, len(article.paragraphs[lead].text))

    def saved_file(self, open_it: bool) -> None:
        actions = self.window.extras.reader_actions
        if actions.saved_file() is None:
            self.window.statusBar().showMessage("The saved file of this article is not on this computer.", 6000)
        elif open_it:
            actions.open_saved_file()
        else:
            actions.show_in_folder()

    # --- commands that need the article -------------------------------------------------------------

    def with_article(self, article_id: str, then: Callable[[Article], None]) -> None:
        """Run ``then`` on the article, opening it in the reader first if it is not there."""
        article = self.window.reader.article
        if article is not None and article.id == article_id:
            then(article)
            return
        self._pending = (article_id, then)
        self.window.open_article(article_id)

    def on_window_article_shown(self, article_id: str) -> None:
        pending, self._pending = self._pending, None
        if pending is not None and pending[0] == article_id and self.window.reader.article is not None:
            pending[1](self.window.reader.article)
