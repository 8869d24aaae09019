"""The person's page and the quote search in the window, on the seed archive: opened from the
Entities panel, the Quotes panel and a byline; its numbers equal to the quote search's; copy with
citation; export of all or the selected quotes; the Quote search dock's groups and the window's
filters; the person's names and type corrected from the page, which loads again."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtGui import QGuiApplication
from test_main_window import WindowFactory, open_seed, search

from desktop.person_page import PersonQuotesModel
from desktop.search_bar import FILTER_LABELS
from index.archive import Archive

NAME = "Karoline Leavitt"
TIMEOUT = 20_000


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
    # A post's author: their page, with the post.
    card = next(c for c in window.posts_panel.cards() if "Pritzker" in c.author)
    with qtbot.waitSignal(pages.page_shown, timeout=20_000) as shown:
        card.person_requested.emit(card.author)
    page = shown.args[0]
    assert page.name == "JB Pritzker" and page.posts and all("Pritzker" in (p.post.author or "") for p in page.posts)


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


@pytest.fixture
def own_archive(archive_dir: Path, tmp_path: Path) -> Path:
    """A copy of the test archive that this test may correct."""
    data = tmp_path / "data"
    shutil.copytree(archive_dir, data, ignore=shutil.ignore_patterns("window.lock"))
    return data


def edit_action(view, name: str):  # type: ignore[no-untyped-def]
    menu = view.edit_menu
    actions = [*menu.actions(), *(a for m in (x.menu() for x in menu.actions() if x.menu()) for a in m.actions())]
    found = [a for a in actions if a.objectName() == name]
    assert found, [a.objectName() for a in actions]
    return found[0]


def test_the_pages_names_and_type_are_corrected_from_the_page(  # type: ignore[no-untyped-def]
        qtbot, make_window: WindowFactory, own_archive: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    failed: list[str] = []
    monkeypatch.setattr("desktop.corrections_ui.show_error", lambda _parent, _title, text: failed.append(text))
    window = make_window(own_archive)
    pages, view = window.person_pages, window.person_pages.dock.view
    with qtbot.waitSignal(pages.page_shown, timeout=TIMEOUT):
        pages.show_person("Leavitt")
    assert view.title.text() == NAME and view.edit_button.isEnabled()
    quotes = len(view.page.quotes)
    assert "Press Secretary Karoline Leavitt" in [a.text() for a in view.split_menu.actions()]

    # Rename: the dialog asks, the correction lands, the page comes back under the new name.
    edit_action(view, "personRenameAction").trigger()
    picker = window.corrections.picker
    assert picker is not None and picker.edit.text() == NAME
    picker.edit.setText("Karoline C. Leavitt")
    with qtbot.waitSignal(pages.page_shown, timeout=TIMEOUT) as shown:
        picker.accept()
    assert shown.args[0].name == view.title.text() == "Karoline C. Leavitt" and len(shown.args[0].quotes) == quotes
    # Change type: the page says what the archive now has them as.
    organisation = next(a for a in view.type_menu.actions() if a.text() == "Organisation")
    with qtbot.waitSignal(pages.page_shown, timeout=TIMEOUT) as shown:
        organisation.trigger()
    assert shown.args[0].person.type == "organisation" and view.facts.text().startswith("organisation ·")
    # Undo, twice: a person again, under the name the extractor gave (the page falls back to it).
    with qtbot.waitSignal(pages.page_shown, timeout=TIMEOUT):
        window.corrections.stack.undo()
    with qtbot.waitSignal(pages.page_shown, timeout=TIMEOUT) as shown:
        window.corrections.stack.undo()
    assert shown.args[0].name == NAME and shown.args[0].person.type == "person"
    # Add a name: another entity of the archive is this person.
    edit_action(view, "personMergeInAction").trigger()
    picker = window.corrections.picker
    assert picker is not None
    qtbot.waitUntil(lambda: picker.names.rowCount() > 0, timeout=TIMEOUT)
    picker.edit.setText("Ken Klippenstein")
    with qtbot.waitSignal(pages.page_shown, timeout=TIMEOUT) as shown:
        picker.accept()
    assert "Ken Klippenstein" in shown.args[0].person.names
    with Archive(own_archive) as archive:
        summaries = [s.correction.summary for s in archive.correction_statuses()]
    assert summaries == [f"Ken Klippenstein merged into {NAME}"] and not failed


def test_a_name_the_table_does_not_know_has_nothing_to_correct(  # type: ignore[no-untyped-def]
        qtbot, make_window: WindowFactory, archive_dir: Path) -> None:
    window = make_window(archive_dir)
    pages = window.person_pages
    with qtbot.waitSignal(pages.page_shown, timeout=TIMEOUT):
        pages.show_person("Nobody Ever")
    assert not pages.dock.view.edit_button.isEnabled()


def test_the_quote_search_honours_the_windows_filters(  # type: ignore[no-untyped-def]
        qtbot, make_window: WindowFactory, archive_dir: Path) -> None:
    from index.people.quotes import find_quotes

    window = make_window(archive_dir)
    qs = window.quote_search
    with qtbot.waitSignal(qs.result_shown, timeout=TIMEOUT) as shown:
        qs.dock.show()
        qs.dock.raise_()
    everything = shown.args[0]
    assert everything.total > 0 and not everything.filters
    seed = everything.hits[0]
    with Archive(archive_dir) as archive:
        for facet, value, expected in (("person", NAME, everything.total), ("year", "2019", 0),
                                       ("site", seed.site, None)):
            with qtbot.waitSignal(qs.result_shown, timeout=TIMEOUT) as shown:
                window.set_filter(facet, value)
            result = shown.args[0]
            total, _ = find_quotes(archive, "", filters=dict(window.filters))
            assert result.total == total and dict(result.filters) == window.filters
            assert expected is None or total == expected
            assert f"in articles with {FILTER_LABELS[facet]}: {value}" in qs.panel.count_label.text()
            with qtbot.waitSignal(qs.result_shown, timeout=TIMEOUT):
                window.on_search_bar_filter_removed(facet)
        # A month of the timeline, as the window adds it to the query.
        with qtbot.waitSignal(qs.result_shown, timeout=TIMEOUT) as shown:
            search(qtbot, window, "date:2019-01")
        assert shown.args[0].total == 0
    # A speaker of the Quote search opens their page.
    with qtbot.waitSignal(qs.result_shown, timeout=TIMEOUT):
        search(qtbot, window, f'speaker:"{NAME}"')
    with qtbot.waitSignal(window.person_pages.page_shown, timeout=TIMEOUT) as page:
        qs.panel.person_requested.emit(NAME)
    assert page.args[0].name == NAME
