"""A first day with the app, items 5-11 of issue 18: suggestions, highlighting, the timeline's
scale, bookmark exports, empty and broken archives, a list that holds still, and the small ones."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from test_indexing import hold_until_cancelled, write_articles
from test_main_window import WindowFactory, open_seed, search

import desktop.main_window
from desktop.archives import open_data_dir
from desktop.dialogs import ProblemsDialog
from desktop.main_window import MainWindow, WindowOptions
from desktop.models import ResultsModel
from desktop.settings import Settings, file_settings
from desktop.timeline import TimelineStrip, bar_height
from desktop.workers import IndexOptions
from index.archive import Archive
from index.model import ImportReport

# --- 5: did you mean -----------------------------------------------------------------------------


def test_a_word_that_finds_nothing_offers_the_archives_own_spelling(qtbot, make_window: WindowFactory,  # type: ignore[no-untyped-def]
                                                                   archive_dir: Path) -> None:
    window = make_window(archive_dir)
    search(qtbot, window, "Klipenstein")
    assert window.results_model.total == 0
    label = window.suggestion_label
    assert label.isVisible() and "Did you mean" in label.text() and "Klippenstein" in label.text()
    with qtbot.waitSignal(window.results_shown, timeout=10_000):
        label.linkActivated.emit("#")
    assert window.search_bar.text() == "Klippenstein" and window.results_model.total == 1
    assert not label.isVisible()
    search(qtbot, window, "zzqxw")  # nothing near it: no suggestion
    assert not label.isVisible()


# --- 6: highlighting ------------------------------------------------------------------------------


def marked(window: MainWindow) -> list[str]:
    """The words the reader marks as the search's matches (its hit background)."""
    from desktop.theme import current_tints

    hit = current_tints().hit.name()
    out = []
    block = window.reader.document().begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            if fragment.charFormat().background().color().name() == hit and fragment.text().strip():
                out.append(fragment.text())
            it += 1
        block = block.next()
    return out


def test_a_phrase_marks_only_the_phrase(archive_dir: Path) -> None:
    archive = Archive(archive_dir)
    try:
        paragraphs = ["The White House said so, and the house agreed.", "A house by the sea.", "White paint."]
        spans = archive.searcher.highlights('"white house"', paragraphs)
        assert [(p, paragraphs[p][a:b]) for p, a, b in spans] == [(0, "White"), (0, "House")]
        spans = archive.searcher.highlights('"white house" sea', paragraphs)
        assert [(p, paragraphs[p][a:b]) for p, a, b in spans] == [(0, "White"), (0, "House"), (1, "sea")]
    finally:
        archive.close()


def test_the_reader_drops_the_previous_querys_highlights(qtbot, make_window: WindowFactory,  # type: ignore[no-untyped-def]
                                                         archive_dir: Path) -> None:
    window = make_window(archive_dir)
    search(qtbot, window, '"ferry crossing"')
    with qtbot.waitSignal(window.article_shown, timeout=10_000):
        window.move_selection(0)
    assert set(marked(window)) == {"Ferry", "crossing"}  # in the title and the text
    with qtbot.waitSignal(window.article_shown, timeout=10_000):
        search(qtbot, window, "storm")  # the ferry article is not among these results, and stays in the reader
    assert window.reader.article is not None and window.reader.article.title.startswith("Ferry")
    assert marked(window) == []


def test_field_queries_and_entity_chips_highlight_and_their_snippets_show_the_mention(  # type: ignore[no-untyped-def]
        qtbot, make_window: WindowFactory, archive_dir: Path) -> None:
    window = make_window(archive_dir)
    open_seed(qtbot, window)
    article = window.reader.article
    assert article is not None
    archive = Archive(archive_dir)
    try:
        ex = archive.extraction(article.id)
    finally:
        archive.close()
    speakers = [q.speaker for q in ex.quotes if q.speaker and " " in q.speaker and q.speaker[0].isupper()]
    people = [e.name for e in ex.entities if e.type == "PERSON" and " " in e.name]
    assert speakers and people
    surname = speakers[0].split()[-1]
    search(qtbot, window, f"speaker:{surname}")
    snippet = window.results_model.index(0).data(ResultsModel.SnippetRole)
    assert (surname, True) in snippet  # not the article's lead
    with qtbot.waitSignal(window.article_shown, timeout=10_000):
        window.move_selection(0)
    assert surname in marked(window)
    name = people[0]
    with qtbot.waitSignal(window.results_shown, timeout=10_000):
        window.on_entities_show_all_requested("person", name)
    row = window.results_model.row_of(window.reader.article.id)  # type: ignore[union-attr]
    snippet = window.results_model.index(max(row, 0)).data(ResultsModel.SnippetRole)
    assert any(matched for _, matched in snippet)
    qtbot.waitUntil(lambda: name.split()[-1] in marked(window), timeout=10_000)


# --- 7: the timeline -------------------------------------------------------------------------------


def test_the_timeline_keeps_small_months_visible_and_an_empty_month_is_not_clickable(qtbot) -> None:  # type: ignore[no-untyped-def]
    strip = TimelineStrip()
    qtbot.addWidget(strip)
    strip.resize(600, 90)
    strip.set_months([("2024-01", 400), ("2024-03", 1), ("2024-04", 25)])
    strip.show()
    assert [n for _, n in strip.months] == [400, 0, 1, 25]
    # Square-root scaled: one article in a month of 400 is a twentieth of the height, not a 400th.
    assert bar_height(1, 400, 60) == pytest.approx(3.0)
    assert bar_height(25, 400, 60) == pytest.approx(15.0)
    assert bar_height(0, 400, 60) == 0
    empty = strip.bar_rect(1).center().toPoint()
    with qtbot.assertNotEmitted(strip.month_clicked):
        qtbot.mouseClick(strip, Qt.MouseButton.LeftButton, pos=empty)
    assert "no articles" in strip.describe(1)
    with qtbot.waitSignal(strip.month_clicked) as clicked:
        qtbot.mouseClick(strip, Qt.MouseButton.LeftButton, pos=strip.bar_rect(2).center().toPoint())
    assert clicked.args == ["2024-03"]


# --- 8: exports -------------------------------------------------------------------------------------------


def test_bookmarks_export_asks_selected_or_all(qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from test_bookmarks_panel import answer_scope, select_rows, settled
    from test_pdf import HARBOUR, HARBOUR_EX, WORLD, WORLD_EX, build_archive

    from desktop.bookmarks_panel import BookmarksPanel

    archive = build_archive(tmp_path / "data", [(HARBOUR, HARBOUR_EX), (WORLD, WORLD_EX)])
    store = archive.bookmarks
    for n in (0, 1):
        store.add_quote(HARBOUR.id, n)
    store.add_quote(WORLD.id, 1)
    panel = BookmarksPanel(store)
    qtbot.addWidget(panel)
    panel.show()
    settled(qtbot, panel)
    select_rows(panel, 0)
    answer_scope(monkeypatch, "all")
    with qtbot.waitSignal(panel.export_requested) as blocker:
        panel.export_actions["pdf"].trigger()
    assert blocker.args == ["pdf", [3, 2, 1]]
    answer_scope(monkeypatch, "")  # Cancel: nothing is exported
    with qtbot.assertNotEmitted(panel.export_requested):
        panel.export_actions["pdf"].trigger()
    panel.shutdown()
    archive.close()


def test_a_small_export_spends_no_pages_on_contents_and_contents_list_articles(tmp_path: Path) -> None:
    from pypdf import PdfReader
    from test_pdf import HARBOUR, HARBOUR_EX, WORLD, WORLD_EX, build_archive, outline, page_texts

    from desktop.pdf import export_pdf
    from index.export import Selection

    archive = build_archive(tmp_path / "data", [(HARBOUR, HARBOUR_EX), (WORLD, WORLD_EX)])
    store = archive.bookmarks
    for n in (0, 1, 2):
        store.add_quote(HARBOUR.id, n)
    path = tmp_path / "three.pdf"
    export_pdf(archive, Selection.of_bookmarks(), path, bookmarks=store)
    texts = page_texts(path)
    assert len(texts) == 1 and "Contents" not in texts[0] and "BOOKMARK 1" in texts[0].upper()
    path = tmp_path / "articles.pdf"
    export_pdf(archive, Selection.of_articles([HARBOUR.id, WORLD.id]), path)
    contents = page_texts(path)[0]
    entries = outline(PdfReader(path))
    assert any(children for _t, _p, children in entries)  # the quotes are in the outline …
    for _title, _page, children in entries:
        for child, _child_page in children:
            assert child.strip("“”")[:20] not in contents  # … not in the contents
    store.close()
    archive.close()


def test_an_export_of_more_than_300_pages_asks_first(qtbot, make_window: WindowFactory, archive_dir: Path,  # type: ignore[no-untyped-def]
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    window = make_window(archive_dir)
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.Cancel)
    exported: list[object] = []
    monkeypatch.setattr(window.companions, "export_pdf", exported.append)
    assert window.confirm_long_export(20)  # 40 pages: no question
    window.results_model._total = 400
    window.on_export_action_triggered()
    assert asked and "about 800 pages" in asked[0] and exported == []


# --- 9: empty and broken archives, an interrupted first index, the query of each archive ---------


def test_an_archive_of_broken_files_says_so_and_names_them(qtbot, make_window: WindowFactory, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "broken"
    folder.mkdir()
    (folder / "empty.txt").write_text("", encoding="utf-8")
    (folder / "bad.html.gz").write_bytes(b"\x1f\x8b\x08\x00broken")
    window = make_window(tmp_path / "data", extract=False)
    assert window.add_folder_button.isVisible()  # an empty archive offers what to do
    with qtbot.waitSignal(window.index_job.finished, timeout=30_000):
        window.start_indexing((folder,))
    text = window.results_view.placeholder
    assert "2 files could not be read" in text and "empty.txt: the file is empty" in text and "bad.html.gz" in text
    assert window.show_problems_button.isVisible() and window.add_folder_button.isVisible()
    window.close()
    again = make_window(tmp_path / "data", extract=False)  # reopened: the failures are still named
    assert "2 files could not be read" in again.results_view.placeholder


def test_quitting_during_the_first_index_resumes_it_on_reopening(qtbot, make_window: WindowFactory,  # type: ignore[no-untyped-def]
                                                                 tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                 settings: Settings) -> None:
    folder = write_articles(tmp_path / "many", 300)
    held = hold_until_cancelled(monkeypatch)
    data = tmp_path / "data"
    first = make_window(data, extract=False)
    with qtbot.waitSignal(first.index_job.started, timeout=10_000):
        first.start_indexing((folder,))
    qtbot.waitUntil(held.is_set, timeout=10_000)
    first.close()  # quits in the middle of the run
    assert settings.indexing_unfinished(data)
    second = make_window(data, wait_results=False, extract=False)
    with qtbot.waitSignal(second.index_job.finished, timeout=60_000) as done:
        pass
    assert not done.args[0].cancelled
    qtbot.waitUntil(lambda: second.results_model.total == 300, timeout=10_000)
    assert not settings.indexing_unfinished(data)


def test_the_last_query_belongs_to_its_archive(qtbot, make_window: WindowFactory, archive_dir: Path,  # type: ignore[no-untyped-def]
                                               tmp_path: Path) -> None:
    ini = tmp_path / "app.ini"
    other = tmp_path / "other-data"
    write_articles(tmp_path / "other", 3)
    first = make_window(archive_dir, settings_=Settings(file_settings(ini)))
    search(qtbot, first, "ferry")
    first.close()
    # Another archive (a --data launch): the ferry query of the first one is not run in it.
    second = make_window(other, settings_=Settings(file_settings(ini)))
    assert second.search_bar.text() == ""
    search(qtbot, second, "harbour")
    second.close()
    third = make_window(archive_dir, settings_=Settings(file_settings(ini)))
    assert third.search_bar.text() == "ferry"


# --- 10: the list holds still while the index changes -----------------------------------------------


def test_results_refreshed_after_indexing_keep_the_selection_where_it_was(qtbot, make_window: WindowFactory,  # type: ignore[no-untyped-def]
                                                                         archive_dir: Path) -> None:
    window = make_window(archive_dir)
    window.resize(900, 600)
    search(qtbot, window, "ferry")
    view = window.results_view
    view.scrollToBottom()
    qtbot.waitUntil(lambda: window.results_model.rowCount() == 23, timeout=10_000)
    with qtbot.waitSignal(window.article_shown, timeout=10_000):
        window.move_selection(22)
    chosen = view.currentIndex().data(ResultsModel.IdRole)
    top = view.visualRect(view.currentIndex()).top()
    with qtbot.waitSignal(window.results_shown, timeout=10_000):
        window.on_index_finished(ImportReport(articles_added=1))  # as a run that added an article
    assert window.results_model.rowCount() == 23  # not cut back to the first page
    assert view.currentIndex().data(ResultsModel.IdRole) == chosen
    assert view.visualRect(view.currentIndex()).top() == top


# --- 11: the smaller ones --------------------------------------------------------------------------------


def test_site_names_read_the_same_in_the_results_and_the_reader(qtbot, make_window: WindowFactory,  # type: ignore[no-untyped-def]
                                                                tmp_path: Path) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "page.html").write_text(
        '<html><head><title>Ferry strike</title><meta property="og:site_name" content="The Halden Herald">'
        '<meta property="article:published_time" content="2024-05-02"></head><body><article><h1>Ferry strike</h1>'
        + "<p>The ferry crews stopped work on Monday morning over pay and hours.</p>" * 4
        + "</article></body></html>", encoding="utf-8")
    window = make_window(tmp_path / "data", extract=False)
    with qtbot.waitSignal(window.results_shown, timeout=30_000):
        window.start_indexing((folder,))
    with qtbot.waitSignal(window.article_shown, timeout=10_000):
        window.move_selection(0)
    article = window.reader.article
    assert article is not None and article.site == "The Halden Herald"
    assert window.results_model.index(0).data(ResultsModel.SiteRole) == "The Halden Herald"
    assert "The Halden Herald" in window.reader.toPlainText()


def test_no_newest_first_beside_sort_relevance(qtbot, make_window: WindowFactory, archive_dir: Path) -> None:  # type: ignore[no-untyped-def]
    window = make_window(archive_dir)
    assert window.search_bar.text() == "" and window.sort == "relevance"
    assert "newest" not in window.count_label.text()
    assert "newest first" in window.sort_combo.toolTip()  # said where the sort is chosen
    search(qtbot, window, "ferry")
    assert window.sort_combo.toolTip() == "Sort the results"


def test_the_problems_dialog_shows_whole_reasons_and_file_names(qtbot) -> None:  # type: ignore[no-untyped-def]
    long_path = "/archive/" + "/".join(f"folder-{i:02d}" for i in range(12)) + "/saved-page.html"
    reason = "the file is not a web page, a WARC, an MHTML archive or a text file Morgue can read " * 2
    dialog = ProblemsDialog([(long_path, reason)])
    qtbot.addWidget(dialog)
    dialog.show()
    table = dialog.table
    assert table.wordWrap() and table.textElideMode() == Qt.TextElideMode.ElideNone
    one_line = table.fontMetrics().lineSpacing() + 8
    assert table.rowHeight(0) > one_line  # wrapped over lines, not cut
    cell = dialog.model.item(0, 0)
    assert cell.text() == long_path and cell.toolTip() == long_path


def test_a_data_launch_does_not_change_what_plain_morgue_opens(qtbot, archive_dir: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings = Settings(file_settings(tmp_path / "app.ini"))
    usual = tmp_path / "usual"
    settings.archive_dir = usual
    window = MainWindow(settings, functools.partial(open_data_dir, archive_dir),
                        WindowOptions(index=IndexOptions(processes=1), remember_archive=False))
    qtbot.addWidget(window)
    with qtbot.waitSignals([window.archive_shown, window.results_shown], timeout=20_000):
        window.show()
    window.close()
    assert Settings(file_settings(tmp_path / "app.ini")).archive_dir == usual


def test_two_windows_cannot_open_one_archive(qtbot, make_window: WindowFactory, archive_dir: Path,  # type: ignore[no-untyped-def]
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    errors: list[tuple[str, str]] = []
    monkeypatch.setattr(desktop.main_window, "show_error", lambda _w, title, message: errors.append((title, message)))
    first = make_window(archive_dir)
    second = make_window(archive_dir, wait_results=False)
    qtbot.waitUntil(lambda: len(errors) == 1, timeout=10_000)
    assert "already open in another Morgue window" in errors[0][1]
    assert second.archive is None and first.archive is not None
    first.close()  # the lock goes with the window
    third = make_window(archive_dir)
    assert third.archive is not None


def test_the_empty_list_is_clickable_nowhere(qtbot, make_window: WindowFactory, archive_dir: Path) -> None:  # type: ignore[no-untyped-def]
    window = make_window(archive_dir)
    assert not window.add_folder_button.isVisible() and not window.suggestion_label.isVisible()
    qtbot.mouseClick(window.results_view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
