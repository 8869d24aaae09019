"""The main window: wires the search bar, results, reader, side panels and timeline to the workers.

Where the widgets are is window_layout.py, the menus and their shortcuts window_menus.py.
"""

from __future__ import annotations

import dataclasses
import functools
import logging
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QShowEvent
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMessageBox

from desktop.archives import ArchiveOpener, OpenedArchive, open_at_start, open_folder
from desktop.companions import Companions
from desktop.corrections_ui import WindowCorrections
from desktop.dialogs import ProblemsDialog
from desktop.errors import CrashHandler, show_error
from desktop.index_status import report_summary
from desktop.reader import SAMPLE_NOTE, WELCOME_HTML, matched_terms
from desktop.search_bar import SyntaxHelp
from desktop.settings import Settings
from desktop.theme import app_icon, stylesheet
from desktop.window_extras import WindowExtras
from desktop.window_search import WindowSearch
from desktop.workers import (
    PAGE_SIZE,
    ArticleOutcome,
    CoreClient,
    IndexJob,
    IndexOptions,
    SearchOutcome,
)
from index.extract.language import skipped_message
from index.model import Hit, ImportReport, Quote

log = logging.getLogger(__name__)

# The latest the Bookmarks dock and exports load after the archive opens (sooner after the first results).
COMPANIONS_DELAY_MS = 1500
LONG_EXPORT_PAGES = 300  # an export estimated longer than this asks first
PAGES_PER_ARTICLE = 2  # an exported article's pages, about (title, text, quotes and citation)


@dataclass(frozen=True)
class WindowOptions:
    """How the window runs the core: indexing options, and whether to index a new archive at once."""

    index: IndexOptions = field(default_factory=IndexOptions)
    auto_index: bool = True
    # False for a ``--data`` launch: a plain ``morgue`` keeps opening the archive it opened before.
    remember_archive: bool = True


class MainWindow(WindowSearch):
    """Morgue's one window."""

    results_shown = Signal(int)  # the search request id whose first page is now in the list
    article_shown = Signal(str)  # the article id now in the reader
    archive_shown = Signal(object)  # OpenedArchive, once the window (bookmarks, export) is ready for it

    def __init__(self, settings: Settings, opener: ArchiveOpener | None = None,
                 options: WindowOptions | None = None, crash_handler: CrashHandler | None = None) -> None:
        super().__init__()
        self.settings = settings
        self.options = options or WindowOptions()
        self._opener = opener or functools.partial(open_at_start, None, settings.archive_dir)
        self._crash = crash_handler
        self.archive: OpenedArchive | None = None
        self.filters: dict[str, str] = {}
        self.last_report: ImportReport | None = None
        self._search_id = 0
        self._current_hit: Hit | None = None
        self._article_id: str | None = None  # the article shown (or being loaded)
        self._scroll_to_paragraph = -1
        self._last_outcome: SearchOutcome | None = None
        self._companions_pending: OpenedArchive | None = None
        self._started = False
        self._closed = False
        self._help: SyntaxHelp | None = None
        self._bookmark_target: tuple[str, int] = ("quote", -1)  # what Ctrl+D bookmarks
        self.remember_archive = self.options.remember_archive
        self._restored_dir = settings.archive_dir  # the archive the remembered query belongs to
        self._restored_query = settings.last_query
        self._reader_query = ""  # the query the reader's highlights are of
        self._keep_view: tuple[str, int] | None = None  # (article id, its y) to hold across a refresh

        self.setObjectName("mainWindow")
        self.setWindowTitle("Morgue")
        self.setWindowIcon(app_icon())
        self.setStyleSheet(stylesheet())
        self.setAcceptDrops(True)
        self.setDockOptions(QMainWindow.DockOption.AnimatedDocks | QMainWindow.DockOption.AllowTabbedDocks
                            | QMainWindow.DockOption.AllowNestedDocks)

        self.client = CoreClient(self)
        self.index_job = IndexJob(self.options.index, self)
        self._build_central()
        self._build_docks()
        self.companions = Companions(self, self._place_late_dock)
        self._build_status_bar()
        self.corrections = WindowCorrections(self)
        self._build_actions()
        self.extras = WindowExtras(self)  # the reader's commands, facets, saved searches, recent, help
        self._connect()
        from desktop.person_page import PersonPages
        from desktop.quote_search import QuoteSearch

        self.person_pages, self.quote_search = PersonPages(self), QuoteSearch(self)
        self._restore_settings()

    # --- construction ----------------------------------------------------------------------------

    def _connect(self) -> None:
        self.search_bar.search_requested.connect(self.on_search_bar_search_requested)
        self.search_bar.navigation_requested.connect(self.move_selection)
        self.search_bar.open_requested.connect(self.on_search_bar_open_requested)
        self.search_bar.help_requested.connect(self.show_syntax_help)
        self.search_bar.filter_removed.connect(self.on_search_bar_filter_removed)
        self.sort_combo.currentIndexChanged.connect(self.on_sort_combo_changed)
        self.results_model.more_requested.connect(self.on_results_more_requested)
        self.results_view.selectionModel().currentChanged.connect(self.on_results_current_changed)
        self.results_view.activated.connect(self.on_results_activated)
        self.results_view.byline_search_requested.connect(self.on_results_byline_search_requested)
        self.posts_panel.handle_search_requested.connect(self.on_posts_handle_search_requested)
        self.client.archive_opened.connect(self.on_client_archive_opened)
        self.client.archive_failed.connect(self.on_client_archive_failed)
        self.client.search_finished.connect(self.on_client_search_finished)
        self.client.search_failed.connect(self.on_client_search_failed)
        self.client.article_loaded.connect(self.on_client_article_loaded)
        self.client.article_failed.connect(self.on_client_article_failed)
        self.client.entity_counted.connect(self.on_client_entity_counted)
        self.client.problems_loaded.connect(self.on_client_problems_loaded)
        self.client.bug_found.connect(self.on_bug_found)
        self.index_job.started.connect(self.on_index_started)
        self.index_job.progressed.connect(self.index_status.on_job_progressed)
        self.index_job.finished.connect(self.on_index_finished)
        self.index_job.failed.connect(self.on_index_failed)
        self.index_job.checked.connect(self.index_status.on_check_finished)
        self.index_job.searchable.connect(self.search)  # the first phase is written: show it
        self.index_job.bug_found.connect(self.on_bug_found)
        self.companions.open_requested.connect(self.open_article)
        self.companions.message_posted.connect(self.on_companions_message_posted)
        self.companions.bug_found.connect(self.on_bug_found)
        self.index_status.cancel_requested.connect(self.index_job.cancel)
        self.quotes_panel.quote_activated.connect(self.on_quotes_quote_activated)
        self.quotes_panel.bookmark_requested.connect(self.on_quotes_bookmark_requested)
        self.posts_panel.post_activated.connect(self.on_posts_post_activated)
        self.entities_panel.filter_requested.connect(self.on_entities_filter_requested)
        self.entities_panel.show_all_requested.connect(self.on_entities_show_all_requested)
        self.reader.copyAvailable.connect(self.on_reader_copy_available)
        self.timeline.month_clicked.connect(self.on_timeline_month_clicked)
        self.suggestion_label.linkActivated.connect(self.on_suggestion_label_link_activated)
        self.add_folder_button.clicked.connect(self.on_add_action_triggered)
        self.show_problems_button.clicked.connect(self.on_problems_action_triggered)

    # --- life cycle -----------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        if not self._started:
            self._started = True
            # After the first paint: the archive opens (and Whoosh loads) in the worker.
            QTimer.singleShot(0, self.start)

    def start(self) -> None:
        """Open the archive chosen at start and run the remembered search."""
        self.statusBar().showMessage("Opening the archive…")
        self.client.open_archive(self._opener)
        self.search()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self.save_settings()
        self.shutdown()
        super().closeEvent(event)

    def shutdown(self) -> None:
        """Stop indexing and the workers and wait for their threads (safe to call twice)."""
        if self._closed:
            return
        self._closed = True
        if self.index_job.running:
            self.statusBar().showMessage("Stopping indexing…")
        self.index_job.shutdown()
        if self.companions.bookmarks_dock is not None:
            self.companions.bookmarks_dock.shutdown()  # its last write lands before the store closes
        self.companions.shutdown()
        self.extras.shutdown()
        self.corrections.shutdown()  # its last correction lands before the archive closes
        self.person_pages.shutdown()
        self.quote_search.shutdown()
        self.client.shutdown()
        if self._help is not None:
            self._help.close()

    # --- the archive ----------------------------------------------------------------------------

    def open_archive(self, opener: ArchiveOpener) -> bool:
        """Switch to another archive; refused while indexing."""
        if self.index_job.running:
            self.statusBar().showMessage("Wait for indexing to finish (or cancel it) before opening another archive.",
                                         8000)
            return False
        self.index_job.stop_resuming()  # names and quotes of this archive: found next time
        self.statusBar().showMessage("Opening the archive…")
        self.client.open_archive(opener)
        return True

    def on_client_archive_opened(self, opened: OpenedArchive) -> None:
        first = self.archive is None
        if self.archive is not None:
            self.settings.set_query_for(self.archive.data_dir, self.search_bar.text())
        self.archive = opened
        self.setWindowTitle(f"{opened.name} — Morgue")
        self.archive_label.setText(opened.name)
        self.archive_label.setToolTip("\n".join(["Folders:", *map(str, opened.roots), "", f"Data: {opened.data_dir}"]))
        if self.remember_archive:
            self.settings.archive_dir = opened.data_dir
            self.settings.add_recent_archive(opened.data_dir)
        self.archive_opened_now(opened)
        self.statusBar().clearMessage()
        self.index_job.check(opened.archive)  # the quick check, in the indexing thread: before a run
        # Bookmarks and export load after the first results are painted: start-up does not wait.
        self._companions_pending = opened
        QTimer.singleShot(COMPANIONS_DELAY_MS, self._attach_companions)
        # The query belongs to its archive: another archive's last query is not run in this one.
        query_changed = False
        # (Only the remembered one is replaced: a query typed or set before the archive opened stays.)
        if not first or (self._restored_dir not in (None, opened.data_dir)
                         and self.search_bar.text() == self._restored_query):
            remembered = self.settings.query_for(opened.data_dir) or ""
            if remembered != self.search_bar.text():
                self.search_bar.set_text(remembered, search=False)
                query_changed = True
        if not first:
            self.index_status.clear_problems()  # they were the other archive's
            self.last_report = None
            self.filters.clear()
            self.search_bar.set_filters(self.filters)
            self._clear_article()
            self.search()
        elif query_changed:
            self.search()
        if self.reader.article is None:
            self.reader.show_welcome(WELCOME_HTML + (SAMPLE_NOTE if opened.is_sample else ""))
        # A run that did not finish (the app was quit during it) picks up where it stopped.
        resume = bool(opened.roots) and self.settings.indexing_unfinished(opened.data_dir)
        if (opened.needs_indexing or resume) and self.options.auto_index:
            self.start_indexing()
            if resume and self.index_job.running:
                self.statusBar().showMessage("Resuming the indexing that was interrupted last time…", 8000)
        elif opened.is_indexed and self.options.auto_index:
            self.index_job.resume(opened.archive)  # names and quotes a run left for later, if any
        self._update_empty_state()

    def archive_opened_now(self, opened: OpenedArchive) -> None:
        """Hook for the window's companions (recent archives) when an archive has opened."""

    def _attach_companions(self) -> None:
        """Give the Bookmarks dock and exports the archive opened last; then ``archive_shown``."""
        opened, self._companions_pending = self._companions_pending, None
        if opened is None or self._closed:
            return
        had_dock = self.companions.bookmarks_dock is not None
        self.companions.set_archive(opened, self.settings.q)
        dock = self.companions.bookmarks_dock
        if dock is not None and not had_dock:
            self._menus["&View"].insertAction(self._view_separator, dock.toggleViewAction())
            self.addAction(dock.toggleViewAction())
            dock.bug_found.connect(self.on_bug_found)
        for action in (self.export_action, self.export_article_action):
            action.setEnabled(self.companions.can_export)
            action.setToolTip(action.statusTip() if self.companions.can_export
                              else "Export is not available in this version of Morgue")
        self.archive_shown.emit(opened)

    def on_client_archive_failed(self, message: str) -> None:
        self.statusBar().clearMessage()
        self.results_view.set_placeholder("No archive is open.")
        show_error(self, "The archive cannot be opened", message)

    def on_open_action_triggered(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Open a folder of saved articles")
        if folder:
            self.open_archive(functools.partial(open_folder, Path(folder)))

    def on_add_action_triggered(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Add a folder to the archive")
        if folder:
            self.start_indexing((Path(folder),))

    def on_reindex_action_triggered(self) -> None:
        self.start_indexing()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
        if urls and all(u.isLocalFile() for u in urls):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        paths = tuple(Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile())
        if paths and self.start_indexing(paths):
            event.acceptProposedAction()

    # --- indexing -------------------------------------------------------------------------------

    def start_indexing(self, paths: tuple[Path, ...] = ()) -> bool:
        """Index the archive (adding ``paths`` to it first); one run at a time."""
        if self.archive is None:
            self.statusBar().showMessage("No archive is open yet.", 5000)
            return False
        if self.index_job.running:
            self.statusBar().showMessage("The archive is already being indexed.", 5000)
            return False
        return self.index_job.start(self.archive.archive, paths)

    def on_index_started(self) -> None:
        self.index_status.on_job_started()
        if self.archive is not None:
            self.settings.set_indexing_unfinished(self.archive.data_dir, True)
        for action in (self.reindex_action, self.add_action, self.open_action):
            action.setEnabled(False)

    def _index_done(self) -> None:
        for action in (self.reindex_action, self.add_action, self.open_action):
            action.setEnabled(True)

    def on_index_finished(self, report: ImportReport) -> None:
        self._index_done()
        self.index_status.on_job_finished(report)
        self.last_report = report
        self.statusBar().showMessage(report_summary(report), 15000)
        if self.archive is not None and not self.archive.is_indexed:
            self.archive = dataclasses.replace(self.archive, roots=self.archive.archive.roots, is_indexed=True)
        if self.archive is not None and not report.cancelled:
            self.settings.set_indexing_unfinished(self.archive.data_dir, False)
        if (report.articles_added + report.articles_updated + report.articles_removed + report.extracted
                or report.cancelled):
            self.refresh_results()
            if self._article_id is not None:
                self._load_article(self._article_id)
        self._update_empty_state()

    def refresh_results(self) -> None:
        """Search again after the index changed, without moving the list under the user: as many rows
        as were loaded, the selected article selected and where it was on screen."""
        current = self.results_view.currentIndex()
        hit = self.results_model.hit(current.row()) if current.isValid() else None
        if hit is not None:
            self._keep_view = (hit.id, self.results_view.visualRect(current).top())
        self._search_id = self.client.search(self.search_bar.text(), self.sort, self.filters,
                                             pagelen=max(PAGE_SIZE, self.results_model.rowCount()))
        self.results_model.page_failed()

    def on_index_failed(self, message: str) -> None:
        self._index_done()
        self.index_status.on_job_failed()
        if message:
            self.statusBar().showMessage(message, 15000)
            show_error(self, "Indexing failed", message)

    def on_problems_action_triggered(self) -> None:
        if self.archive is not None:
            self.client.load_problems()

    def on_client_problems_loaded(self, problems: list[tuple[str, str]]) -> None:
        ProblemsDialog(problems, self).exec()

    def show_problems(self) -> None:
        """The dialog listing the files the last run could not read."""
        self.index_status.show_problems()

    # --- the article ----------------------------------------------------------------------------

    def on_results_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        hit = self.results_model.hit(current.row()) if current.isValid() else None
        if hit is None:
            return
        if hit == self._current_hit:
            return
        self._current_hit = hit
        self._article_id = hit.id
        self._load_article(hit.id)
        self.search_bar.remember(self.search_bar.text())  # a query that led somewhere is worth keeping

    def open_article(self, article_id: str, paragraph: int = -1) -> None:
        """Show an article (selecting it in the results if it is there), scrolled to a paragraph."""
        self._scroll_to_paragraph = paragraph
        row = self.results_model.row_of(article_id)
        if row >= 0 and self.results_view.currentIndex().row() != row:
            self.results_view.selectionModel().setCurrentIndex(
                self.results_model.index(row), QItemSelectionModel.SelectionFlag.ClearAndSelect)
            return
        if row < 0:
            self._current_hit = None
            self.results_view.selectionModel().clearSelection()
        self._article_id = article_id
        self._load_article(article_id)

    def _load_article(self, article_id: str) -> None:
        self._reader_query = self._query_key()
        self.client.load_article(article_id, self.search_bar.text(), self.filters)

    def _query_key(self) -> str:
        """The query and filters, as one text: what the reader's highlights are of."""
        return "\n".join([self.search_bar.text(), *(f"{k}={v}" for k, v in sorted(self.filters.items()))])

    def on_results_byline_search_requested(self, name: str) -> None:
        """An organisation of a byline ("Reuters"): its articles are the ones whose byline names it."""
        self.search_bar.set_text(f'author:"{name.replace(chr(34), " ").strip()}"')

    def on_posts_handle_search_requested(self, handle: str) -> None:
        """An organisation's account ("@PortHaldenPD"): the articles that embed its posts."""
        self.search_bar.set_text(f"handle:{handle}")

    def on_results_activated(self, index: QModelIndex) -> None:
        self.search_bar.remember(self.search_bar.text())
        self.reader.setFocus()

    def on_client_article_loaded(self, outcome: ArticleOutcome) -> None:
        article, ex = outcome.article, outcome.extraction
        hit = self._current_hit
        terms = outcome.terms
        if not terms and hit is not None and hit.id == article.id and outcome.query == self.search_bar.text():
            terms = matched_terms(hit.snippet)
        same = self.reader.article is not None and self.reader.article.id == article.id
        # Where the core found the matches (a phrase only as a phrase), else the snippet's words.
        spans = outcome.spans if outcome.spans or not terms else None
        self.reader.show_article(article, ex, terms, keep_scroll=same, spans=spans)
        extracted, pending = outcome.extracted, outcome.pending
        self.quotes_panel.set_quotes(article.id, ex.quotes, extracted, pending)
        self.posts_panel.set_posts(ex.posts, extracted, pending)
        self.entities_panel.set_entities(ex.entities, extracted, pending, skipped=skipped_message(ex),
                                         archive=outcome.archive_entities)
        if self._scroll_to_paragraph >= 0:
            self.reader.scroll_to_paragraph(self._scroll_to_paragraph)
        self._scroll_to_paragraph = -1
        self.article_shown.emit(article.id)

    def on_client_article_failed(self, message: str) -> None:
        self.statusBar().showMessage(message, 8000)

    def _clear_article(self) -> None:
        self._current_hit = None
        self._article_id = None
        self.reader.show_welcome()
        self.quotes_panel.clear("Open an article to see who is quoted in it.")
        self.posts_panel.clear("Open an article to see the social posts it embeds.")
        self.entities_panel.clear("Open an article to see the people, organisations and places it names.")

    def on_quotes_quote_activated(self, n: int) -> None:
        self.reader.scroll_to_quote(n)
        self._bookmark_target = ("quote", n)  # the reader's selection is the quote's, not the user's

    def on_posts_post_activated(self, n: int) -> None:
        self.reader.scroll_to_post(n)
        self._bookmark_target = ("post", n)

    def on_reader_copy_available(self, available: bool) -> None:
        if available:
            self._bookmark_target = ("passage", -1)

    def on_bookmark_action_triggered(self) -> None:
        """Ctrl+D: bookmark what was chosen last: a passage selected in the reader, a post card, a quote."""
        kind, n = self._bookmark_target
        dock = self.companions.bookmarks_dock
        article = self.reader.article
        passage = self.reader.selected_passage() if kind == "passage" else None
        if article is not None and (passage is not None or kind == "post"):
            if dock is None or not self.companions.can_bookmark:
                self.statusBar().showMessage("Bookmarks are not available yet: open an archive first.", 8000)
            elif passage is not None:
                dock.bookmark_passage(article.id, *passage)
            else:
                dock.bookmark_post(article.id, n)
            return
        if not self.quotes_panel.request_bookmark():
            self.statusBar().showMessage(
                "Select a quote in the Quotes panel, a post card or a passage in the article to bookmark it.", 5000)

    def on_quotes_bookmark_requested(self, quote: Quote, article_id: str) -> None:
        if not self.companions.bookmark_quote(quote, article_id):
            self.statusBar().showMessage("Bookmarks are not available yet: open an archive first.", 8000)

    def on_companions_message_posted(self, text: str) -> None:
        self.statusBar().showMessage(text, 10000)

    # --- export ---------------------------------------------------------------------------------

    def confirm_long_export(self, articles: int) -> bool:
        """Before an export of more than ``LONG_EXPORT_PAGES`` pages (estimated): ask."""
        pages = articles * PAGES_PER_ARTICLE
        if pages <= LONG_EXPORT_PAGES:
            return True
        answer = QMessageBox.question(
            self, "A long export",
            f"Exporting these {articles:,} articles makes a PDF of about {pages:,} pages. Export them all?\n\n"
            "A narrower search, a filter or a month of the timeline makes a shorter one.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Cancel)
        return answer == QMessageBox.StandardButton.Yes

    def on_export_action_triggered(self) -> None:
        from index.export import Selection

        if not self.confirm_long_export(self.results_model.total):
            return
        self.companions.export_pdf(Selection.of_search(self.search_bar.text(), filters=self.filters, sort=self.sort))

    def on_export_article_triggered(self) -> None:
        if self._article_id is None:
            self.statusBar().showMessage("Open an article to export it.", 5000)
            return
        from index.export import Selection

        self.companions.export_pdf(Selection.of_articles([self._article_id]))

    # --- help and errors ------------------------------------------------------------------------

    def show_syntax_help(self) -> None:
        if self._help is None:
            self._help = SyntaxHelp(self)
        self._help.show()
        self._help.raise_()
        self._help.activateWindow()

    def on_bug_found(self, text: str) -> None:
        if self._crash is not None:
            self._crash.report(text)
        else:
            log.error("bug in a worker:\n%s", text)
            self.statusBar().showMessage("An unexpected error happened; see the log.", 8000)
