"""Issue 18, "missing": copy with citation, the reader's context menu, find and zoom, the Facets
dock, saved searches, Open Recent and Help › Keyboard Shortcuts, as the user sees them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QGuiApplication
from test_main_window import WindowFactory, open_seed, search

from desktop.main_window import MainWindow
from index.export.citation import cite_excerpt


def test_cite_excerpt_plain_and_markdown() -> None:
    kw = dict(speaker="Jane Roe", title="Bridge shut", site="The Herald", date=dt.date(2025, 9, 3),
              url="https://x.org/a")
    assert cite_excerpt("We will  reopen it.", **kw) == (  # type: ignore[arg-type]
        "“We will reopen it.” — Jane Roe, “Bridge shut,” The Herald, September 3, 2025. https://x.org/a")
    assert cite_excerpt("We will reopen it.", markdown=True, **kw) == (  # type: ignore[arg-type]
        "> We will reopen it.\n>\n> — **Jane Roe**, [“Bridge shut”](https://x.org/a), *The Herald*, "
        "September 3, 2025")
    assert cite_excerpt("t", site="S") == "“t” — S."


def menu_texts(menu) -> list[str]:  # type: ignore[no-untyped-def]
    return [a.text() for a in menu.actions() if not a.isSeparator()]


def select_words(window: MainWindow, words: str) -> None:
    assert window.reader.find(words)


def test_the_quotes_panel_copies_a_quote_with_its_citation(qtbot, make_window: WindowFactory,  # type: ignore[no-untyped-def]
                                                           archive_dir: Path) -> None:
    window = make_window(archive_dir)
    open_seed(qtbot, window)
    panel = window.quotes_panel
    index = panel.model.index_of_quote(0)
    menu = panel.menu_for(index)
    assert menu is not None and "Copy with citation (Markdown)" in menu_texts(menu)
    by_text = {a.text(): a for a in menu.actions()}
    by_text["Copy with citation"].trigger()
    article, quote = window.reader.article, window.reader.quote(0)
    text = QGuiApplication.clipboard().text()
    assert text.startswith(f"“{' '.join(quote.text.split())}”") and article.url in text and article.site in text
    if quote.speaker:
        assert quote.speaker in text
    by_text["Copy with citation (Markdown)"].trigger()
    assert QGuiApplication.clipboard().text().startswith("> ")


def test_the_reader_menu_copies_bookmarks_finds_opens_and_zooms(qtbot, make_window: WindowFactory,  # type: ignore[no-untyped-def]
                                                               archive_dir: Path, monkeypatch) -> None:
    window = make_window(archive_dir)
    open_seed(qtbot, window)
    article = window.reader.article
    assert article is not None
    words = article.paragraphs[1].text.split()[:4]
    select_words(window, " ".join(words))
    menu = window.reader.menu_at(QPoint(5, 5))
    texts = menu_texts(menu)
    for want in ("Copy with Citation", "Copy with Citation (Markdown)", "Bookmark Selection", "Find in &Article…",
                 "Open the Saved File", "Show in Folder", "Copy Original URL", "Zoom &In", "Zoom &Out", "&Actual Size"):
        assert want in texts, want
    assert texts[0].startswith("&Copy")
    menu.findChild(type(menu.actions()[0]), "copyCitationAction").trigger()
    clip = QGuiApplication.clipboard().text()
    assert clip.startswith(f"“{' '.join(words)}”") and article.title.split()[0] in clip and "2025" in clip
    # The original URL is copied, never opened; the saved file is opened as a local file only.
    opened: list[str] = []
    monkeypatch.setattr("desktop.reader_actions.QDesktopServices.openUrl", lambda url: opened.append(url.toString()))
    copy_url = menu.findChild(type(menu.actions()[0]), "copyUrlAction")
    assert copy_url.isEnabled() == bool(article.url)
    object.__setattr__(article, "url", "https://example.org/story")  # as a saved page with its address
    window.extras.reader_actions.copy_url()
    assert QGuiApplication.clipboard().text() == "https://example.org/story" and not opened
    open_file = menu.findChild(type(menu.actions()[0]), "openSavedFileAction")
    if open_file.isEnabled():
        open_file.trigger()
        assert opened and opened[0].startswith("file://")
    # Ctrl+F: the find bar in the reader; Esc closes it; Ctrl+L still goes to the search field.
    actions = window.extras.reader_actions
    assert [k.toString() for k in actions.find_in_article_action.shortcuts()] == ["Ctrl+F"]
    actions.find_in_article_action.trigger()
    bar = actions.find_bar
    assert bar.isVisible()
    bar.edit.setText(words[2])
    assert window.reader.textCursor().selectedText() == words[2]
    qtbot.keyClick(bar.edit, Qt.Key.Key_Escape)
    assert not bar.isVisible()
    # Zoom, kept in the settings.
    size = window.reader.font().pointSizeF()
    actions.zoom_in_action.trigger()
    actions.zoom_in_action.trigger()
    assert window.reader.font().pointSizeF() > size and window.settings.reader_zoom == 2
    actions.zoom_reset_action.trigger()
    assert window.reader.font().pointSizeF() == size and window.settings.reader_zoom == 0


def test_the_bookmark_of_a_selection_and_its_citation(qtbot, make_window: WindowFactory,  # type: ignore[no-untyped-def]
                                                      archive_dir: Path) -> None:
    window = make_window(archive_dir)
    open_seed(qtbot, window)
    dock = window.companions.bookmarks_dock
    assert dock is not None
    article = window.reader.article
    words = " ".join(article.paragraphs[1].text.split()[:5])
    select_words(window, words)
    with qtbot.waitSignal(dock.bookmarks_changed, timeout=10_000):
        window.reader.menu_at(QPoint(5, 5)).findChild(
            type(window.reader.menu_at(QPoint(5, 5)).actions()[0]), "bookmarkSelectionAction").trigger()
    qtbot.waitUntil(lambda: dock.model.rowCount() > 0, timeout=10_000)
    row = next(r for r in range(dock.model.rowCount()) if dock.model.bookmark(r).text.startswith(words))
    menu = dock.context_menu(dock.view.visualRect(dock.model.index(row)).center())
    menu.findChild(type(menu.actions()[0]), "copyCitationMarkdownAction").trigger()
    clip = QGuiApplication.clipboard().text()
    assert clip.startswith(f"> {words}") and article.title.split()[0] in clip and "2025" in clip


def test_the_facets_dock_counts_the_results_and_a_click_filters(qtbot, make_window: WindowFactory,  # type: ignore[no-untyped-def]
                                                                archive_dir: Path) -> None:
    window = make_window(archive_dir)
    facets = window.extras.facets
    years = facets.values("year")
    assert years and facets.values("person")
    total = sum(int(c.replace(",", "")) for _v, c in years)
    assert total == window.results_model.total
    value, count = years[0]
    with qtbot.waitSignal(window.results_shown, timeout=10_000):
        facets._on_item(facets.item_of("year", value), 0)
    assert window.filters == {"year": value}
    assert window.results_model.total == int(count.replace(",", ""))
    assert facets.item_of("year", value).text(0).startswith("✓")


def test_saved_searches_in_the_menu_and_dock_with_counts(qtbot, make_window: WindowFactory,  # type: ignore[no-untyped-def]
                                                         archive_dir: Path) -> None:
    window = make_window(archive_dir)
    saved = window.extras.saved
    saved.ask_name = lambda query: "Klippenstein stories"
    search(qtbot, window, "Klippenstein")
    with qtbot.waitSignal(saved.counted, timeout=10_000):
        saved.save_current()
    assert window.settings.saved_searches == [("Klippenstein stories", "Klippenstein")]
    assert saved.list.item(0).text() == "Klippenstein stories — 1"
    saved.menu.aboutToShow.emit()
    assert "Klippenstein stories — 1" in menu_texts(saved.menu)
    search(qtbot, window, "")
    with qtbot.waitSignal(window.results_shown, timeout=10_000):
        saved._on_item(saved.list.item(0))
    assert window.search_bar.text() == "Klippenstein" and window.results_model.total == 1
    with qtbot.waitSignal(saved.counted, timeout=10_000):  # counted again after indexing
        window.index_job.finished.emit(window.last_report or __import__("index.model").model.ImportReport())


def test_open_recent_lists_the_other_archives_and_opens_one(qtbot, make_window: WindowFactory,  # type: ignore[no-untyped-def]
                                                            archive_dir: Path, tmp_path: Path) -> None:
    window = make_window(archive_dir)
    other = tmp_path / "other"
    other.mkdir()
    window.settings.add_recent_archive(other)
    window.settings.add_recent_archive(window.archive.data_dir)
    window.extras.fill_recent()
    texts = menu_texts(window.extras.recent_menu)
    assert texts == ["other"]
    file_menu = window._menus["&File"]
    assert window.extras.recent_menu.menuAction() in file_menu.actions()


def test_help_lists_the_keyboard_shortcuts(qtbot, make_window: WindowFactory, archive_dir: Path) -> None:  # type: ignore[no-untyped-def]
    window = make_window(archive_dir)
    dialog = window.extras.show_shortcuts()
    qtbot.addWidget(dialog)
    rows = dict(window.extras.shortcuts())
    assert rows["Find in Article"] == "Ctrl+F" and rows["Find"] == "Ctrl+L, Ctrl+K"
    assert "Ctrl+=" in rows["Zoom In"] and rows["Keyboard Shortcuts"] == "Ctrl+/"
    assert rows["Save This Search"] == "Ctrl+Shift+S"
    dialog.close()
