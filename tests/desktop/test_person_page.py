"""The person's page and the quote search in the window, on the seed archive: opened from the
Entities panel, the Quotes panel and a byline; its numbers equal to the quote search's; copy with
citation; export of all or the selected quotes; the Quote search dock's groups."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QGuiApplication
from test_main_window import WindowFactory, open_seed, search

from desktop.person_page import PersonQuotesModel
from index.archive import Archive

NAME = "Karoline Leavitt"


def test_the_page_opens_from_the_entities_panel_with_the_quote_searchs_numbers(  # type: ignore[no-untyped-def]
        qtbot, make_window: WindowFactory, archive_dir: Path) -> None:
    window = make_window(archive_dir)
    open_seed(qtbot, window)
    panel = window.entities_panel
    index = panel.index_of(NAME)
    assert index.isValid()
    menu = panel.menu_for(index)
    assert menu is not None
    action = menu.actions()[2]
    assert action.text() == f"Open the page of {NAME}"
    pages = window.person_pages
    with qtbot.waitSignal(pages.page_shown, timeout=20_000) as shown:
        action.trigger()
    page = shown.args[0]
    with Archive(archive_dir) as archive:
        total, _ = archive.search_quotes(f'speaker:"{NAME}"', limit=1)
    view = pages.dock.view
    assert len(page.quotes) == total >= 1 and view.tabs.tabText(0) == f"Quotes ({total})"
    assert pages.dock.isVisible() and view.title.text() == NAME
    assert f"{total} quotes in {page.quoted_in} articles ({page.inferred} inferred" in view.facts.text()
    # Every order shows every quote.
    for i in range(view.order_combo.count()):
        view.order_combo.setCurrentIndex(i)
        model = view.model
        rows = [model.index(r, 0) for r in range(model.rowCount())]
        if model.order != "newest":
            rows = [model.index(c, 0, r) for r in rows for c in range(model.rowCount(r))]
        assert len({model.data(r, PersonQuotesModel.QuoteRole).ref for r in rows}) == len(page.groups)
    view.order_combo.setCurrentIndex(0)
    # Copy with citation, bookmark and export of the selection.
    view.quotes_view.setCurrentIndex(view.model.index(0, 0))
    assert view.copy_action.isEnabled() and view.export_selected_action.isEnabled()
    view.export_requested.disconnect(pages.on_view_export_requested)  # it would ask where to save
    text = view.copy_selected()
    assert text.startswith("“") and f"— {NAME}" in text and "Archived copy accessed" in text
    assert QGuiApplication.clipboard().text() == text
    with qtbot.waitSignal(view.export_requested) as asked:
        view.export_selected_action.trigger()
    assert asked.args == [NAME, (page.quotes[0].ref,)]
    with qtbot.waitSignal(view.export_requested) as asked:
        view.export_action.trigger()
    assert asked.args == [NAME, ()]
    # Double-clicking a quote opens its article.
    with qtbot.waitSignal(view.open_requested) as opened:
        view.on_quotes_activated(view.model.index(0, 0))
    assert opened.args == [page.quotes[0].article_id, page.quotes[0].quote.paragraph]


def test_a_speaker_and_a_byline_open_their_pages(  # type: ignore[no-untyped-def]
        qtbot, make_window: WindowFactory, archive_dir: Path) -> None:
    window = make_window(archive_dir)
    open_seed(qtbot, window)
    pages = window.person_pages
    quotes = window.quotes_panel
    speaker_row = quotes.model.index(quotes.model.speakers().index(NAME), 0)
    with qtbot.waitSignal(pages.page_shown, timeout=20_000) as shown:
        quotes.on_view_clicked(speaker_row)
    assert shown.args[0].name == NAME
    # The seed has no byline: its menu has nothing to offer; a byline's signal opens the page.
    assert window.results_view.byline_menu(window.results_view.currentIndex()) is None
    with qtbot.waitSignal(pages.page_shown, timeout=20_000) as shown:
        window.results_view.person_requested.emit("Ken Klippenstein")
    assert shown.args[0].name == "Ken Klippenstein"


def test_the_quote_search_dock_lists_the_fields_quotes_grouped(  # type: ignore[no-untyped-def]
        qtbot, make_window: WindowFactory, archive_dir: Path) -> None:
    window = make_window(archive_dir)
    qs = window.quote_search
    with qtbot.waitSignal(qs.result_shown, timeout=20_000):
        qs.dock.show()
        qs.dock.raise_()
    with qtbot.waitSignal(qs.result_shown, timeout=20_000) as shown:
        search(qtbot, window, f'speaker:"{NAME}"')
    result = shown.args[0]
    with Archive(archive_dir) as archive:
        total, _ = archive.search_quotes(f'speaker:"{NAME}"', limit=1)
    assert result.total == total and qs.panel.model.rowCount() == len(result.groups)
    assert qs.panel.count_label.text().strip().startswith(f"{total} quote")


def test_a_results_byline_offers_each_authors_page(qtbot) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    from desktop.models import ResultsModel
    from desktop.results import ResultsView
    from index.model import Hit, SearchResult

    view, model = ResultsView(), ResultsModel()
    qtbot.addWidget(view)
    view.setModel(model)
    hit = Hit("a1", "Title", dt.date(2025, 1, 2), "site", "", ("Ana Lima", "Ben Ode"), "text", 0.0)
    model.set_result(1, SearchResult("", 1, 1, 20, (hit,), {}))
    menu = view.byline_menu(model.index(0))
    assert menu is not None and [a.text() for a in menu.actions()] == ["Open the page of Ana Lima",
                                                                       "Open the page of Ben Ode"]
    with qtbot.waitSignal(view.person_requested) as asked:
        menu.actions()[1].trigger()
    assert asked.args == ["Ben Ode"]
