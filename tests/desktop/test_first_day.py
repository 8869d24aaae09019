"""What a first day with the app showed (issue 18, items 1-4): bookmarking passages and posts, the
reader first with a readable measure, two visible entity actions, and a phrase typed in peace."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from test_main_window import WindowFactory, open_seed, search

from desktop.search_bar import looks_unfinished


def test_ctrl_d_bookmarks_a_passage_selected_in_the_reader_and_a_post_card(  # type: ignore[no-untyped-def]
        qtbot, make_window: WindowFactory, archive_dir: Path) -> None:
    window = make_window(archive_dir)
    dock = window.companions.bookmarks_dock
    assert dock is not None
    open_seed(qtbot, window)
    article = window.reader.article
    assert article is not None
    text = window.reader.toPlainText()
    words = article.paragraphs[1].text[:40]
    start = text.index(words)
    cursor = QTextCursor(window.reader.document())
    cursor.setPosition(start)
    cursor.setPosition(start + len(words), QTextCursor.MoveMode.KeepAnchor)
    window.reader.setTextCursor(cursor)
    with qtbot.waitSignal(dock.bookmarks_changed, timeout=5000):
        window.bookmark_action.trigger()
    b = dock.model.bookmark(dock.model.row_of(dock.selected_ids()[0]))
    assert (b.kind, b.text, b.paragraph) == ("passage", words, 1)
    if window.posts_panel.model.rowCount():
        window.posts_panel.post_activated.emit(0)
        with qtbot.waitSignal(dock.bookmarks_changed, timeout=5000):
            window.bookmark_action.trigger()
        b = dock.model.bookmark(dock.model.row_of(dock.selected_ids()[0]))
        assert b.kind == "post" and b.article_id == article.id
    assert window.bookmark_action.text() == "&Bookmark Selection"


def test_the_reader_has_half_the_window_and_a_readable_measure(  # type: ignore[no-untyped-def]
        qtbot, make_window: WindowFactory, archive_dir: Path) -> None:
    window = make_window(archive_dir)
    open_seed(qtbot, window)
    for width, height in ((1024, 700), (1600, 1000)):
        window.resize(width, height)
        qtbot.waitUntil(lambda w=width: window.reader.width() >= w // 2, timeout=3000)
        qtbot.wait(50)
        chars = window.reader.viewport().width() / window.reader.fontMetrics().averageCharWidth()
        assert chars <= 80 + 2 * 18 / window.reader.fontMetrics().averageCharWidth() + 1, (width, chars)
        assert chars >= 50, (width, chars)


def test_an_entity_offers_two_visible_actions(qtbot, make_window: WindowFactory, archive_dir: Path) -> None:  # type: ignore[no-untyped-def]
    window = make_window(archive_dir)
    open_seed(qtbot, window)
    panel = window.entities_panel
    index = panel.index_of("Donald Trump")
    if not index.isValid():
        index = panel.model.index(0, 0, panel.model.index(0, 0))
    menu = panel.menu_for(index)
    assert menu is not None
    labels = [a.text() for a in menu.actions()]
    assert labels[0].startswith("Show all articles that mention") and labels[1].startswith("Narrow these results")
    name = labels[0].removeprefix("Show all articles that mention ")
    with qtbot.waitSignal(window.results_shown, timeout=10_000):
        menu.actions()[0].trigger()
    assert window.search_bar.text() == "" and list(window.filters.values()) == [name]
    everything = window.results_model.total
    search(qtbot, window, "Klippenstein")
    with qtbot.waitSignal(window.results_shown, timeout=10_000):
        panel.menu_for(panel.index_of(name)).actions()[1].trigger()  # type: ignore[union-attr]
    assert window.search_bar.text() == "Klippenstein" and window.results_model.total <= everything


def test_typing_a_phrase_keeps_the_results_and_the_layout(qtbot, make_window: WindowFactory,  # type: ignore[no-untyped-def]
                                                         archive_dir: Path) -> None:
    window = make_window(archive_dir)
    search(qtbot, window, "guard")
    shown, count, height = window.results_model.total, window.count_label.text(), window.search_bar.height()
    window.search_bar.field.setFocus()
    qtbot.keyClicks(window.search_bar.field, ' "national')
    with qtbot.waitSignal(window.client.search_failed, timeout=10_000):
        pass
    assert window.search_bar.error == "" and not window.search_bar.error_label.isVisible()
    assert window.results_model.total == shown and window.count_label.text() == count
    assert window.search_bar.height() == height
    qtbot.keyClick(window.search_bar.field, Qt.Key.Key_Return)  # submitted as it is: now say what is wrong
    assert "quotation mark" in window.search_bar.error
    assert window.search_bar.height() == height  # beside the field, not a new row
    qtbot.keyClicks(window.search_bar.field, ' guard"')
    with qtbot.waitSignal(window.results_shown, timeout=10_000):
        pass
    assert window.search_bar.error == ""


def test_what_reads_as_unfinished() -> None:
    assert looks_unfinished('"national') and looks_unfinished("(a OR") and looks_unfinished("speaker:")
    assert looks_unfinished("guard AND")
    assert not looks_unfinished('"national guard"') and not looks_unfinished("nosuchfield:x")
