"""Issue 18, "missing", the rest: the platforms facet, the results' context menu, File › Print,
the Edit menu, and where the Facets and Saved Searches docks are (seen, the reader keeping its half)."""

from __future__ import annotations

from pathlib import Path

from export_data import flat, page_texts
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QTabBar
from test_desk_extras import menu_texts, select_words
from test_main_window import WindowFactory, open_seed, search

from desktop.main_window import MainWindow
from desktop.pdf import export_pdf
from desktop.printing import export_printer
from index.archive import Archive
from index.export import Selection


def seed_index(window: MainWindow):  # type: ignore[no-untyped-def]
    row = window.results_view.currentIndex().row()
    return window.results_model.index(row)


def action(menu, name: str) -> QAction:  # type: ignore[no-untyped-def]
    found = menu.findChild(QAction, name)
    assert found is not None, name
    return found


def test_the_facets_count_the_platforms_of_embedded_posts_and_a_click_filters(  # type: ignore[no-untyped-def]
        qtbot, make_window: WindowFactory, archive_dir: Path) -> None:
    window = make_window(archive_dir)
    facets = window.extras.facets
    platforms = dict(facets.values("platform"))
    assert platforms.get("x") == "1"  # the seed embeds posts on X; the small articles none
    item = facets.item_of("platform", "x")
    assert item is not None and item.text(0) == "X"  # as the Social posts panel names it
    with qtbot.waitSignal(window.results_shown, timeout=10_000):
        facets._on_item(item, 0)
    assert window.filters == {"platform": "x"} and window.results_model.total == 1
    assert window.results_model.hit(0).title.startswith("Troops might already be in Chicago")
    assert facets.item_of("platform", "x").text(0) == "✓ X"
    chip = window.search_bar.chip("platform")
    assert chip is not None
    qtbot.waitUntil(lambda: "(1 in archive)" in chip.label.text(), timeout=10_000)
    assert "Platform: <b>X</b>" in chip.label.text()
    assert window.statusBar().currentMessage() == "1 article of the archive embeds posts from X."


def test_a_site_facet_reads_and_filters_as_the_results_spell_it(  # type: ignore[no-untyped-def]
        qtbot, make_window: WindowFactory, tmp_path: Path) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    for n in range(2):
        (folder / f"page{n}.html").write_text(
            f'<html><head><title>Ferry strike {n}</title><meta property="og:site_name" content="The Halden Herald">'
            '<meta property="article:published_time" content="2024-05-02"></head><body><article>'
            f"<h1>Ferry strike {n}</h1>" + "<p>The ferry crews stopped work on Monday over pay and hours.</p>" * 4
            + "</article></body></html>", encoding="utf-8")
    window = make_window(tmp_path / "data", extract=False)
    with qtbot.waitSignal(window.results_shown, timeout=30_000):
        window.start_indexing((folder,))
    facets = window.extras.facets
    qtbot.waitUntil(lambda: bool(facets.values("site")), timeout=10_000)
    item = facets.item_of("site", "The Halden Herald")
    assert item is not None and item.text(0) == "The Halden Herald"
    with qtbot.waitSignal(window.results_shown, timeout=10_000):
        facets._on_item(item, 0)
    assert window.results_model.total == 2
    assert facets.item_of("site", "The Halden Herald").text(0) == "✓ The Halden Herald"


def test_a_right_click_on_a_result_offers_what_can_be_done_with_it(  # type: ignore[no-untyped-def]
        qtbot, make_window: WindowFactory, archive_dir: Path, monkeypatch) -> None:
    window = make_window(archive_dir)
    search(qtbot, window, "ferry")
    index = window.results_model.index(0)
    hit = window.results_model.hit(0)
    menu = window.results_view.context_menu(index)
    assert menu is not None
    texts = menu_texts(menu)
    for want in ("&Open", "Copy &Citation", "Copy Citation (&Markdown)", "Copy Original &URL", "&Export to PDF…",
                 "&Print…", "&Bookmark Article", "Open the Saved &File", "Show in &Folder"):
        assert want in texts, want
    assert texts[0] == "&Open" and menu.actions()[0].font().bold()
    # Copy its citation, plain and Markdown: from the hit, without opening it.
    action(menu, "copyResultCitationAction").trigger()
    plain = QGuiApplication.clipboard().text()
    assert f"“{hit.title}" in plain and str(hit.date.year) in plain
    action(menu, "copyResultCitationMarkdownAction").trigger()
    assert QGuiApplication.clipboard().text().startswith(f"“{hit.title}”") or "[“" in QGuiApplication.clipboard().text()
    assert window.reader.article is None or window.reader.article.id != hit.id
    # Open: the reader shows it.
    with qtbot.waitSignal(window.article_shown, timeout=10_000) as shown:
        action(menu, "openResultAction").trigger()
    assert shown.args == [hit.id]
    # Export: the PDF export of this one article is asked for.
    asked: list[Selection] = []
    monkeypatch.setattr(window.companions, "export_pdf", lambda selection: asked.append(selection) or True)
    action(menu, "exportResultAction").trigger()
    assert asked == [Selection.of_articles([hit.id])]
    # Bookmark another result: it is opened, then its lead paragraph bookmarked.
    dock = window.companions.bookmarks_dock
    other = window.results_model.index(1)
    other_hit = window.results_model.hit(1)
    menu = window.results_view.context_menu(other)
    with qtbot.waitSignal(dock.bookmarks_changed, timeout=10_000):
        action(menu, "bookmarkResultAction").trigger()
    b = dock.model.bookmark(dock.model.row_of(dock.selected_ids()[0]))
    assert (b.kind, b.article_id, b.paragraph) == ("passage", other_hit.id, 0)
    assert window.reader.article is not None and window.reader.article.id == other_hit.id
    # Its saved file: opened as a local file (the archive's folder holds it).
    opened: list[str] = []
    monkeypatch.setattr("desktop.reader_actions.QDesktopServices.openUrl", lambda url: opened.append(url.toString()))
    menu = window.results_view.context_menu(other)
    assert action(menu, "openResultFileAction").isEnabled() == (window.extras.reader_actions.saved_file() is not None)
    action(menu, "showResultInFolderAction").trigger()
    if window.extras.reader_actions.saved_file() is not None:
        assert opened and opened[0].startswith("file://")


def test_a_results_menu_keeps_the_authors_pages(qtbot) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    from desktop.models import ResultsModel
    from desktop.results import ResultsView
    from index.model import Hit, SearchResult

    view, model = ResultsView(), ResultsModel()
    qtbot.addWidget(view)
    view.setModel(model)
    hit = Hit("a1", "Title", dt.date(2025, 1, 2), "site", "", ("Ana Lima",), "text", 0.0)
    model.set_result(1, SearchResult("", 1, 1, 20, (hit,), {}))
    view.menu_extenders.append(lambda menu, _index: menu.addAction("&Open"))
    menu = view.context_menu(model.index(0))
    assert menu is not None and menu_texts(menu) == ["&Open", "Open the page of Ana Lima"]
    assert view.context_menu(model.index(5)) is None


def test_print_sends_the_same_document_as_the_pdf_export(  # type: ignore[no-untyped-def]
        qtbot, make_window: WindowFactory, archive_dir: Path, tmp_path: Path) -> None:
    window = make_window(archive_dir)
    open_seed(qtbot, window)
    article = window.reader.article
    assert article is not None
    print_action = window.extras.print_action
    assert print_action in window._menus["&File"].actions()
    assert [k.toString() for k in print_action.shortcuts()] == ["Ctrl+P"]
    assert "Ctrl+P" not in [k.toString() for k in window.prev_action.shortcuts()]
    printer = export_printer()  # as File › Print sets it up before its dialog
    assert isinstance(printer, QPrinter)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printed = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(printed))
    with qtbot.waitSignal(window.extras.printer.printed, timeout=20_000) as done:
        assert window.extras.printer.print_article(article.id, printer, ask=False)
    del printer  # closes the file
    exported = tmp_path / "exported.pdf"
    with Archive(archive_dir) as archive:
        result = export_pdf(archive, Selection.of_articles([article.id]), exported)
    printed_pages, exported_pages = page_texts(printed), page_texts(exported)
    assert done.args == [result.pages] == [len(printed_pages)]
    assert flat(article.title)[:30] in flat(printed_pages[0])
    for got, want in zip(printed_pages, exported_pages, strict=True):
        assert flat(got) == flat(want)
    assert "Page 1 of" in printed_pages[0]


def test_the_edit_menu_copies_cites_selects_and_finds(  # type: ignore[no-untyped-def]
        qtbot, make_window: WindowFactory, archive_dir: Path) -> None:
    window = make_window(archive_dir)
    open_seed(qtbot, window)
    extras = window.extras
    texts = menu_texts(window._menus["&Edit"])
    for want in ("&Undo", "&Redo", "&Copy", "Copy with C&itation", "Copy with Citation (&Markdown)", "Select &All",
                 "Find in &Article…", "&Find", "&Corrections…"):
        assert any(t.startswith(want) for t in texts), (want, texts)
    assert [k.toString() for k in extras.copy_citation_action.shortcuts()] == ["Ctrl+Shift+C"]
    article = window.reader.article
    words = " ".join(article.paragraphs[1].text.split()[:4])
    select_words(window, words)
    window.reader.setFocus()
    extras.copy_action.trigger()
    assert QGuiApplication.clipboard().text() == words
    extras.copy_citation_action.trigger()
    clip = QGuiApplication.clipboard().text()
    assert clip.startswith(f"“{words}”") and "2025" in clip
    # From the Quotes panel: its selected quote.
    panel = window.quotes_panel
    panel.select_quote(0)
    panel.view.setFocus()
    quote = panel.current_quote()[1]
    extras.copy_citation_md_action.trigger()
    assert QGuiApplication.clipboard().text().startswith(f"> {quote.text.split()[0]}")
    # From the results list: the article's citation.
    window.results_view.setFocus()
    extras.copy_action.trigger()
    assert f"“{article.title.split()[0]}" in QGuiApplication.clipboard().text()
    # An item view copies its current row and, when it takes several, selects all of them.
    entities = window.entities_panel.view
    entities.setCurrentIndex(entities.model().index(0, 0, entities.model().index(0, 0)))
    entities.setFocus()
    extras.copy_action.trigger()
    assert QGuiApplication.clipboard().text() == entities.currentIndex().data()
    bookmarks = window.companions.bookmarks_dock.view
    if bookmarks.selectionMode() != bookmarks.SelectionMode.SingleSelection:
        bookmarks.setFocus()
        extras.select_all_action.trigger()
        assert len(bookmarks.selectionModel().selectedRows()) == bookmarks.model().rowCount()
    window.results_view.setFocus()
    extras.select_all_action.trigger()
    assert window.reader.textCursor().selectedText().replace("\u2029", "\n").strip()[:20] == \
        window.reader.toPlainText().strip()[:20]
    extras.reader_actions.find_in_article_action.trigger()
    assert extras.reader_actions.find_bar.isVisible()


def test_the_facets_and_saved_searches_are_tabs_beside_social_posts_and_the_reader_keeps_half(  # type: ignore[no-untyped-def]
        qtbot, make_window: WindowFactory, archive_dir: Path) -> None:
    window = make_window(archive_dir)
    open_seed(qtbot, window)
    extras = window.extras
    tabs = window.tabifiedDockWidgets(window.posts_dock)
    assert extras.facets_dock in tabs and extras.saved.dock in tabs
    for dock in (extras.facets_dock, extras.saved.dock):
        assert dock.toggleViewAction().isChecked() and not dock.isFloating()
    titles = {bar.tabText(i) for bar in window.findChildren(QTabBar) for i in range(bar.count())}
    assert {"Social posts", "Facets", "Saved Searches"} <= titles  # seen without opening any menu
    for width, height in ((1024, 700), (1600, 1000)):
        window.resize(width, height)
        qtbot.waitUntil(lambda w=width: window.reader.width() >= w // 2, timeout=3000)
        extras.facets_dock.raise_()  # the facets shown instead of the posts: no narrower
        qtbot.wait(50)
        assert window.reader.width() >= width // 2, (width, window.reader.width())
        assert extras.facets.width() >= 180
        window.posts_dock.raise_()
    window.reset_layout()
    assert extras.facets_dock.toggleViewAction().isChecked() and extras.facets_dock in \
        window.tabifiedDockWidgets(window.posts_dock)
