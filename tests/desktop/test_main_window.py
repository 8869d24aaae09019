"""The main window on a small indexed archive: searching, reading, the panels, filters, errors."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel

from desktop.main_window import MainWindow
from desktop.models import MISSING_TEXT, EntitiesModel, ResultsModel
from desktop.workers import SearchOutcome, SearchRequest
from index.model import SearchResult

WindowFactory = Callable[..., MainWindow]


def titles(window: MainWindow) -> list[str]:
    model = window.results_model
    return [model.index(r).data(ResultsModel.TitleRole) for r in range(model.rowCount())]


def search(qtbot, window: MainWindow, text: str) -> None:  # type: ignore[no-untyped-def]
    """Put a query in the field and wait for its results."""
    with qtbot.waitSignal(window.results_shown, timeout=10_000):
        window.search_bar.set_text(text)


def open_seed(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    search(qtbot, window, "Klippenstein")
    with qtbot.waitSignal(window.article_shown, timeout=10_000):
        window.move_selection(0)


def test_typing_a_query_fills_the_results(qtbot, make_window: WindowFactory, archive_dir: Path,  # type: ignore[no-untyped-def]
                                          article_count: int) -> None:
    window = make_window(archive_dir)
    assert window.results_model.total == article_count  # an empty query lists every article
    window.search_bar.field.clear()
    qtbot.keyClicks(window.search_bar.field, "klippenstein")
    qtbot.waitUntil(lambda: window.results_model.total == 1, timeout=10_000)
    assert titles(window)[0].startswith("Troops might already be in Chicago")
    assert window.count_label.text() == "1 article"
    snippet = window.results_model.index(0).data(ResultsModel.SnippetRole)
    assert ("Klippenstein", True) in snippet


def test_more_than_a_page_of_results_is_fetched_when_scrolling(qtbot, make_window: WindowFactory,  # type: ignore[no-untyped-def]
                                                               archive_dir: Path) -> None:
    window = make_window(archive_dir)
    search(qtbot, window, "ferry")
    model = window.results_model
    assert model.total == 23 and model.rowCount() >= 20
    window.results_view.scrollToBottom()
    qtbot.waitUntil(lambda: model.rowCount() == 23, timeout=10_000)
    assert window.count_label.text() == "23 articles"


def test_sort_by_date(qtbot, make_window: WindowFactory, archive_dir: Path) -> None:  # type: ignore[no-untyped-def]
    window = make_window(archive_dir)
    search(qtbot, window, "council")
    with qtbot.waitSignal(window.results_shown):
        window.sort_combo.setCurrentIndex(window.sort_combo.findData("date-asc"))
    dates = [window.results_model.index(r).data(ResultsModel.DateRole) for r in range(window.results_model.rowCount())]
    assert dates == sorted(dates) and len(dates) == 2


def test_keyboard_moves_through_the_results_from_the_search_field(qtbot, make_window: WindowFactory,  # type: ignore[no-untyped-def]
                                                                  archive_dir: Path) -> None:
    window = make_window(archive_dir)
    search(qtbot, window, "ferry")
    field = window.search_bar.field
    field.setFocus()
    with qtbot.waitSignal(window.article_shown, timeout=10_000) as first:
        qtbot.keyClick(field, Qt.Key.Key_Down)
    with qtbot.waitSignal(window.article_shown, timeout=10_000) as second:
        qtbot.keyClick(field, Qt.Key.Key_Down)
    assert window.results_view.currentIndex().row() == 1
    assert first.args != second.args
    with qtbot.waitSignal(window.article_shown, timeout=10_000):
        qtbot.keyClick(field, Qt.Key.Key_Up)
    assert window.results_view.currentIndex().row() == 0
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert window.search_bar.history()[0] == "ferry"


def test_a_malformed_query_shows_an_error_in_place(qtbot, make_window: WindowFactory, archive_dir: Path) -> None:  # type: ignore[no-untyped-def]
    window = make_window(archive_dir)
    shown = window.results_model.total
    with qtbot.waitSignal(window.client.search_failed, timeout=10_000):
        window.search_bar.set_text('"national guard')
    assert "quotation mark" in window.search_bar.error
    assert window.search_bar.error_label.isVisible()
    assert window.count_label.text() == "Query not understood"
    assert window.results_model.total == shown  # the last good results stay
    with qtbot.waitSignal(window.client.search_failed, timeout=10_000):
        window.search_bar.set_text("nosuchfield:x")
    assert "Unknown field" in window.search_bar.error
    search(qtbot, window, '"national guard"')
    assert window.search_bar.error == "" and not window.search_bar.error_label.isVisible()


def test_stale_results_are_dropped(qtbot, make_window: WindowFactory, archive_dir: Path) -> None:  # type: ignore[no-untyped-def]
    window = make_window(archive_dir)
    shown: list[int] = []
    window.results_shown.connect(shown.append)
    window.search_bar.set_text("ferry", search=False)
    first = window.search()
    window.search_bar.set_text("Klippenstein", search=False)
    with qtbot.waitSignal(window.results_shown, timeout=10_000) as blocker:
        second = window.search()
    assert blocker.args == [second] and shown == [second]
    assert window.results_model.total == 1 and window.results_model.request_id == second
    # A late answer to the first search is dropped, not shown.
    stale = SearchOutcome(SearchRequest(first, "ferry"), SearchResult("ferry", 99, 1, 20, (), {}))
    with qtbot.waitSignal(window.client.stale_dropped) as dropped:
        window.client.on_worker_job_finished("search", first, stale)
    assert dropped.args == ["search", first]
    assert window.results_model.total == 1 and shown == [second]


def test_clicking_a_month_in_the_timeline_searches_that_month(qtbot, make_window: WindowFactory,  # type: ignore[no-untyped-def]
                                                              archive_dir: Path) -> None:
    window = make_window(archive_dir)
    search(qtbot, window, "ferry OR council")
    months = dict(window.timeline.months)
    assert months["2024-01"] == 2 and months["2025-09"] == 1 and months["2025-01"] == 0
    i = [m for m, _ in window.timeline.months].index("2025-09")
    center = window.timeline.bar_rect(i).center().toPoint()
    with qtbot.waitSignal(window.results_shown, timeout=10_000):
        qtbot.mouseClick(window.timeline, Qt.MouseButton.LeftButton, pos=center)
    assert window.search_bar.text() == "ferry OR council date:2025-09"
    assert titles(window) == ["The city council passed the budget after a long night."]


def test_opening_the_seed_fills_the_reader_and_the_panels(qtbot, make_window: WindowFactory, archive_dir: Path,  # type: ignore[no-untyped-def]
                                                          expected: dict) -> None:
    window = make_window(archive_dir)
    open_seed(qtbot, window)
    text = window.reader.toPlainText()
    assert text.startswith("Troops might already be in Chicago")
    assert "2025-09-03" in text

    # Quotes: exactly the four of expected.json, each with an acceptable speaker.
    quotes = window.quotes_panel.model.quotes
    assert len(quotes) == len(expected["quotes"]) == 4
    for want in expected["quotes"]:
        found = [q for q in quotes if q.text.startswith(want["starts"]) and q.text.rstrip().endswith(want["ends"])]
        assert len(found) == 1, want["starts"]
        assert found[0].speaker in want["speaker_any_of"], (want["starts"], found[0].speaker)
    model = window.quotes_panel.model
    shown_speakers = model.speakers()
    assert len(shown_speakers) == 3 and all(model.item(r).hasChildren() for r in range(model.rowCount()))

    # Entities: every expected group is one entity under its type.
    groups = window.entities_panel.model.groups()
    for etype, expected_groups in expected["entities"].items():
        names = groups.get(etype, [])
        for group in expected_groups:
            matching = [n for n in names if n in group]
            assert len(matching) == 1, (etype, group, names)


def test_the_seed_posts_panel_shows_three_posts_with_the_lost_one(qtbot, make_window: WindowFactory,  # type: ignore[no-untyped-def]
                                                                  archive_dir: Path, expected: dict) -> None:
    window = make_window(archive_dir)
    open_seed(qtbot, window)
    cards = window.posts_panel.cards()
    assert len(cards) == len(expected["social_posts"]) == 3
    for want in expected["social_posts"]:
        if want.get("missing_embed"):
            found = [c for c in cards if c.text_label.text() == MISSING_TEXT]
            assert len(found) == 1
            author = found[0].findChild(QLabel, "postHeader").text()
            assert any(name in author for name in want["author_any_of"]), author
        else:
            found = [c for c in cards if c.text_label.text().startswith(want["text_starts"])]
            assert len(found) == 1, want["text_starts"]
            card = found[0]
            assert card.text_label.text().endswith(want["text_ends"])
            assert want.get("must_not_include", "\0") not in card.text_label.text()
            assert f"@{want['handle']}" in card.byline.text() and want["date"] in card.byline.text()
            links = card.findChild(QLabel, "postLinks")
            for media in want["media"]:
                assert links is not None and media in links.text()
    assert MISSING_TEXT in window.reader.toPlainText()


def test_clicking_a_quote_scrolls_the_reader_to_it(qtbot, make_window: WindowFactory, archive_dir: Path) -> None:  # type: ignore[no-untyped-def]
    window = make_window(archive_dir)
    window.resize(1200, 600)
    open_seed(qtbot, window)
    bar = window.reader.verticalScrollBar()
    assert bar.value() == 0
    last = len(window.quotes_panel.model.quotes) - 1
    index = window.quotes_panel.model.index_of_quote(last)
    window.quotes_panel.view.scrollTo(index)
    rect = window.quotes_panel.view.visualRect(index)
    qtbot.mouseClick(window.quotes_panel.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: bar.value() > 0)
    assert window.quotes_panel.current_quote()[0] == last  # type: ignore[index]
    # The quote's text is selected in the reader.
    quote = window.quotes_panel.model.quotes[last]
    assert window.reader.textCursor().selectedText() == quote.text


def test_ctrl_d_bookmarks_the_selected_quote_and_the_bookmark_opens_it(qtbot, make_window: WindowFactory,  # type: ignore[no-untyped-def]
                                                                        archive_dir: Path) -> None:
    window = make_window(archive_dir)
    dock = window.companions.bookmarks_dock
    assert dock is not None, "the Bookmarks dock (desktop/bookmarks_panel.py) did not load"
    assert dock.toggleViewAction() in window._menus["&View"].actions()
    open_seed(qtbot, window)
    seed_id = window.reader.article.id  # type: ignore[union-attr]
    window.quotes_panel.select_quote(1)
    with qtbot.waitSignal(dock.bookmarks_changed), \
            qtbot.waitSignal(window.quotes_panel.bookmark_requested) as blocker:
        window.bookmark_action.trigger()
    quote, article_id = blocker.args
    assert quote.text == "We’re going in," and article_id == seed_id
    selected = dock.selected_ids()
    assert len(selected) == 1
    bookmark = dock.model.bookmark(dock.model.row_of(selected[0]))
    assert bookmark.text == "We’re going in," and bookmark.article_id == seed_id
    # Away from the seed, the bookmark brings it back.
    search(qtbot, window, "ferry")
    with qtbot.waitSignal(window.article_shown, timeout=10_000) as shown:
        dock.open_requested.emit(seed_id, bookmark.paragraph if bookmark.paragraph is not None else -1)
    assert shown.args == [seed_id]
    assert window.reader.toPlainText().startswith("Troops might already be in Chicago")


def test_export_actions_export_the_article_to_pdf(qtbot, make_window: WindowFactory, archive_dir: Path,  # type: ignore[no-untyped-def]
                                                  tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    window = make_window(archive_dir)
    export = window.companions.export
    assert export is not None, "the export controller (desktop/export_dialog.py) did not load"
    assert window.export_action.isEnabled() and window.export_action.shortcut().toString() == "Ctrl+E"
    target = tmp_path / "seed.pdf"
    monkeypatch.setattr(type(export), "ask_path", lambda self, fmt, name: target)
    open_seed(qtbot, window)
    with qtbot.waitSignal(export.export_finished, timeout=60_000):
        window.export_article_action.trigger()
    assert target.read_bytes().startswith(b"%PDF")
    assert "Exported to" in window.statusBar().currentMessage()


def test_clicking_an_entity_filters_the_results(qtbot, make_window: WindowFactory, archive_dir: Path,  # type: ignore[no-untyped-def]
                                                article_count: int) -> None:
    window = make_window(archive_dir)
    open_seed(qtbot, window)
    search(qtbot, window, "")
    assert window.results_model.total == article_count
    view = window.entities_panel.view
    index = window.entities_panel.index_of("Brandon Johnson")
    assert index.isValid() and index.data(EntitiesModel.FacetRole) == "person"
    view.scrollTo(index)
    # A click offers the two searches, visibly; nothing is filtered until one is chosen.
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center())
    menu = window.entities_panel.menu
    qtbot.waitUntil(menu.isVisible)
    assert window.filters == {}
    narrow = menu.findChild(QAction, "narrowAction")
    assert narrow is not None and narrow.text() == "Narrow these results to Brandon Johnson"
    with qtbot.waitSignals([window.results_shown, window.client.entity_counted], timeout=10_000):
        narrow.trigger()
    menu.hide()
    assert window.filters == {"person": "Brandon Johnson"}
    assert window.results_model.total == 1
    chip = window.search_bar.chip("person")
    assert chip is not None and chip.isVisible()
    assert "Brandon Johnson" in chip.label.text() and "(1 in archive)" in chip.label.text()
    # Closing the chip removes the filter.
    with qtbot.waitSignal(window.results_shown, timeout=10_000):
        qtbot.mouseClick(chip.close_button, Qt.MouseButton.LeftButton)
    assert window.filters == {} and window.results_model.total == article_count
    assert not window.search_bar.chips_row.isVisible()


def test_panels_are_docks_toggled_from_the_view_menu(qtbot, make_window: WindowFactory, archive_dir: Path) -> None:  # type: ignore[no-untyped-def]
    window = make_window(archive_dir)
    docks = [window.quotes_dock, window.posts_dock, window.entities_dock, window.timeline_dock]
    for n, dock in enumerate(docks, start=1):
        action = dock.toggleViewAction()
        assert action.shortcut().toString() == f"Ctrl+{n}"
        assert dock.isVisible()
        action.trigger()
        assert not dock.isVisible()
        action.trigger()
        assert dock.isVisible()
    bookmarks = window.companions.bookmarks_dock
    assert bookmarks is not None and bookmarks.toggleViewAction().shortcut().toString() == "Ctrl+5"


def test_find_shortcut_focuses_the_search_field(qtbot, make_window: WindowFactory, archive_dir: Path) -> None:  # type: ignore[no-untyped-def]
    window = make_window(archive_dir)
    window.activateWindow()
    window.reader.setFocus()
    window.find_action.trigger()
    qtbot.waitUntil(lambda: window.search_bar.field.hasFocus())
    assert [k.toString() for k in window.find_action.shortcuts()] == ["Ctrl+L", "Ctrl+K"]
    assert {k.toString() for k in window.next_action.shortcuts()} == {"Ctrl+N", "Alt+Down"}


def test_syntax_help_lists_the_user_field_names(qtbot, make_window: WindowFactory, archive_dir: Path) -> None:  # type: ignore[no-untyped-def]
    window = make_window(archive_dir)
    window.help_action.trigger()
    assert window._help is not None and window._help.isVisible()
    text = " ".join(label.text() for label in window._help.findChildren(QLabel))
    for needle in ("speaker", "person", "date:[2025-09-01 TO 2025-09-30]", "klipenstein~", "chicag*", "OR"):
        assert needle in text


def test_results_view_placeholder_when_nothing_matches(qtbot, make_window: WindowFactory, archive_dir: Path) -> None:  # type: ignore[no-untyped-def]
    window = make_window(archive_dir)
    search(qtbot, window, "zzyzxnothing")
    assert window.results_model.rowCount() == 0
    assert window.count_label.text() == "No articles"
    assert "No articles match" in window.results_view.placeholder
    assert window.results_view.indexAt(QPoint(5, 5)).isValid() is False
