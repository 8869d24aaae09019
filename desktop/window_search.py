"""The window's searching: a query from the search bar to the core client and its results back into
the list, the count, the "did you mean" line, the empty states, and the filters (entity chips,
timeline months). A base of ``MainWindow``, whose ``__init__`` makes what is declared below."""

from __future__ import annotations

import logging
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, QTimer, Signal

from desktop.archives import OpenedArchive
from desktop.search_bar import FILTER_LABELS, filter_value_label, looks_unfinished
from desktop.timeline import month_label
from desktop.window_menus import WindowMenus
from desktop.workers import EntityCount, SearchOutcome
from index.model import Hit, ImportReport

if TYPE_CHECKING:  # pragma: no cover
    from desktop.workers import CoreClient, IndexJob

log = logging.getLogger("desktop.main_window")


class WindowSearch(WindowMenus):
    """Searching and filtering in the main window (a base of ``MainWindow``)."""

    results_shown: Signal
    if TYPE_CHECKING:  # made by MainWindow.__init__
        filters: dict[str, str]
        last_report: ImportReport | None
        client: CoreClient
        index_job: IndexJob
        _search_id: int
        _current_hit: Hit | None
        _article_id: str | None
        _last_outcome: SearchOutcome | None
        _companions_pending: OpenedArchive | None
        _reader_query: str
        _keep_view: tuple[str, int] | None

        def _attach_companions(self) -> None: ...
        def _load_article(self, article_id: str) -> None: ...
        def _query_key(self) -> str: ...

    # --- searching ------------------------------------------------------------------------------

    def search(self) -> int:
        """Search for the field's text with the current sort and filters; returns the request id."""
        self._search_id = self.client.search(self.search_bar.text(), self.sort, self.filters)
        self.results_model.page_failed()
        return self._search_id

    def on_search_bar_search_requested(self, _text: str) -> None:
        self.search()

    def on_sort_combo_changed(self, _index: int) -> None:
        self.search()

    def on_results_more_requested(self, page: int) -> None:
        outcome = self._last_outcome
        if outcome is not None and outcome.request.request_id == self.results_model.request_id:
            self.client.fetch_page(outcome.request, page)

    def on_client_search_finished(self, outcome: SearchOutcome) -> None:
        request, result = outcome.request, outcome.result
        if request.request_id != self._search_id:  # the client drops these already
            return
        if request.page > 1:
            self.results_model.append_page(request.request_id, result, outcome.organisations)
            return
        self._last_outcome = outcome
        self.search_bar.clear_error()
        current = self._article_id
        keep, self._keep_view = self._keep_view, None
        self.results_model.set_result(request.request_id, result, outcome.organisations)
        self.timeline.set_months(outcome.months)
        self._show_count(result.total, result.sort, request.query)
        self._show_suggestion(outcome.suggestion)
        row = self.results_model.row_of(current) if current is not None else -1
        if row >= 0:
            index = self.results_model.index(row)
            self.results_view.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
            if keep is not None and keep[0] == current:
                bar = self.results_view.verticalScrollBar()
                bar.setValue(bar.value() + self.results_view.visualRect(index).top() - keep[1])
            else:
                self.results_view.scrollTo(index)
        else:
            self.results_view.scrollToTop()
            if current is not None and self._query_key() != self._reader_query:
                # The article stays in the reader: its highlights follow the new query.
                self._current_hit = None
                self._load_article(current)
        self._update_empty_state()
        self.results_shown.emit(request.request_id)
        if self._companions_pending is not None:
            QTimer.singleShot(0, self._attach_companions)

    def _show_count(self, total: int, sort: str, query: str) -> None:
        self.count_label.setText(f"{total:,} article{'s' if total != 1 else ''}" if total else "No articles")
        # Without a query there is no relevance: the list is by date, which the sort's tooltip says.
        self.sort_combo.setToolTip("Sort the results" if sort == self.sort else
                                   "Sort the results (with no query, articles are listed newest first)")
        if self.archive is not None and self.archive.needs_indexing and self.index_job.running:
            self.results_view.set_placeholder("Indexing the archive… results appear when it is done.")
        elif not query.strip() and not self.filters:
            self.results_view.set_placeholder(self._empty_archive_text())
        else:
            self.results_view.set_placeholder("No articles match. Try fewer words, OR, or a wildcard (F1 for help).")

    def _show_suggestion(self, suggestion: str) -> None:
        """"Did you mean …": a query from the index's own words, when a word of this one finds nothing."""
        if suggestion:
            self.suggestion_label.setText(f'Did you mean <a href="#">{escape(suggestion)}</a>?')
            self.suggestion_label.setProperty("query", suggestion)
        self.suggestion_label.setVisible(bool(suggestion))

    def on_suggestion_label_link_activated(self, _link: str) -> None:
        self.search_bar.set_text(str(self.suggestion_label.property("query") or ""))

    def _empty_archive_text(self) -> str:
        """What the empty list says when the archive itself has no articles: why, and what to do."""
        if self.archive is None:
            return "No archive is open."
        if not self.archive.roots:
            return "This archive has no folders yet: add a folder of saved articles, or drop one on the window."
        problems = list(self.last_report.problems) if self.last_report is not None else []
        pairs = [(p.path, p.reason) for p in problems] or list(self.archive.problems)
        count = len(problems) if self.last_report is not None else self.archive.unreadable
        if count:
            lines = "\n".join(f"{Path(path).name}: {reason}" for path, reason in pairs[:3])
            more = f"\n… and {count - 3} more" if count > 3 else ""
            return (f"The archive has no articles yet: {count} file{'s' if count != 1 else ''} could not be "
                    f"read.\n\n{lines}{more}")
        return "The archive has no articles yet."

    def _update_empty_state(self) -> None:
        """The buttons under an empty archive's note: Add Folder…, and the problems when files failed."""
        empty = (self.archive is not None and not self.index_job.running and self.results_model.total == 0
                 and not self.search_bar.text().strip() and not self.filters)
        failed = empty and "could not be read" in self._empty_archive_text()
        self.add_folder_button.setVisible(empty)
        self.show_problems_button.setVisible(failed)
        if empty:
            self.results_view.set_placeholder(self._empty_archive_text())

    def on_client_search_failed(self, request_id: int, message: str) -> None:
        if request_id != self._search_id:
            return
        self.results_model.page_failed()
        if not message:
            return
        # The last good results and the layout stay: while a phrase is typed the query is briefly
        # malformed ("national); what is wrong is said once it is submitted or reads as complete.
        if self.search_bar.typing and looks_unfinished(self.search_bar.text()):
            self.search_bar.hold_error(message)
            return
        self.search_bar.show_error(message)
        self.count_label.setText("Query not understood")

    def move_selection(self, delta: int) -> None:
        """Select the result ``delta`` rows away (the first one if none is selected)."""
        rows = self.results_model.rowCount()
        if not rows:
            return
        current = self.results_view.currentIndex()
        row = 0 if not current.isValid() else max(0, min(rows - 1, current.row() + delta))
        index = self.results_model.index(row)
        self.results_view.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self.results_view.scrollTo(index)

    def on_search_bar_open_requested(self) -> None:
        if not self.results_view.currentIndex().isValid():
            self.move_selection(0)

    def on_history_action_triggered(self) -> None:
        self.search_bar.focus()
        self.search_bar.show_history()

    # --- filters --------------------------------------------------------------------------------

    def set_filter(self, facet: str, value: str) -> None:
        """Show only articles whose ``facet`` (person, org, place, site, year) is ``value``."""
        self.filters[facet] = value
        self.search_bar.set_filters(self.filters)
        self.client.count_entity(facet, value)
        self.statusBar().showMessage(f"Showing articles that {_filter_phrase(facet, value)}.", 5000)
        self.search()

    def clear_filters(self) -> None:
        if self.filters:
            self.filters.clear()
            self.search_bar.set_filters(self.filters)
            self.search()

    def on_search_bar_filter_removed(self, facet: str) -> None:
        if self.filters.pop(facet, None) is not None:
            self.search_bar.set_filters(self.filters)
            self.search()

    def on_entities_filter_requested(self, facet: str, name: str) -> None:
        """Narrow these results to the articles that also mention the entity."""
        self.set_filter(facet, name)

    def on_entities_show_all_requested(self, facet: str, name: str) -> None:
        """Every article of the archive that mentions the entity: the query and other filters go."""
        self.filters.clear()
        self.search_bar.set_text("", search=False)
        self.set_filter(facet, name)

    def on_client_entity_counted(self, count: EntityCount) -> None:
        chip = self.search_bar.chip(count.facet)
        if chip is not None and chip.value == count.name:
            chip.set_count(count.count)
        label = FILTER_LABELS.get(count.facet, count.facet).lower()
        articles = f"{count.count:,} article{'s' if count.count != 1 else ''} of the archive"
        if count.facet in ("person", "org", "place"):
            message = f"The {label} {count.name} is mentioned in {articles}."
        else:  # "21 articles of the archive are from 2024", "5 … embed posts from Bluesky"
            message = f"{articles} {_filter_phrase(count.facet, count.name, plural=count.count != 1)}."
        self.statusBar().showMessage(message, 8000)

    def on_timeline_month_clicked(self, month: str) -> None:
        self.statusBar().showMessage(f"Searching {month_label(month)}.", 4000)
        self.search_bar.add_term(f"date:{month}")


def _filter_phrase(facet: str, value: str, plural: bool = True) -> str:
    """What the articles a filter lets through do: "mention Jane Roe", "are from 2024", "embed posts from X"."""
    shown = filter_value_label(facet, value)
    if facet in ("site", "year"):
        return f"{'are' if plural else 'is'} from {shown}"
    if facet == "platform":
        return f"embed{'' if plural else 's'} posts from {shown}"
    if facet == "speaker":
        return f"quote{'' if plural else 's'} {shown}"
    return f"mention{'' if plural else 's'} {shown}"
