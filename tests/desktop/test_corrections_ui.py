"""Corrections in the window: the context menus of the Quotes and Entities panels and the reader,
the dialog with completion over the archive's people, Edit › Undo / Redo, and the list of
corrections. Each test asserts on what the user sees after: the panels show the corrected values
(with their mark), a merge shows one entity, Undo puts things back."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtGui import QTextCursor
from test_main_window import WindowFactory, open_seed

from desktop.corrections_ui import NamePicker
from desktop.main_window import MainWindow
from desktop.models import CORRECTED_MARK, QuotesModel
from desktop.reader import QUOTE_TIP

TIMEOUT = 20_000
GOING_IN = "We’re going in,"


@pytest.fixture
def own_archive(archive_dir: Path, tmp_path: Path) -> Path:
    """A copy of the test archive that this test may correct."""
    data = tmp_path / "data"
    shutil.copytree(archive_dir, data, ignore=shutil.ignore_patterns("window.lock"))
    return data


def quote_rows(window: MainWindow) -> dict[str, str]:
    """Each quote's text (its start) and the line under it, as the Quotes panel shows them (grouped:
    "speaker / how")."""
    model = window.quotes_panel.model
    out: dict[str, str] = {}
    for r in range(model.rowCount()):
        head = model.item(r)
        for c in range(head.rowCount()):
            child = head.child(c)
            quote = child.data(QuotesModel.QuoteRole)
            lines = child.text().split("\n— ")
            out[quote.text] = head.data(QuotesModel.SpeakerRole) + (f" / {lines[1]}" if len(lines) > 1 else "")
    return out


def entity_names(window: MainWindow) -> dict[str, list[str]]:
    return window.entities_panel.model.groups()


def quote_number(window: MainWindow, text: str) -> int:
    return next(n for n, q in enumerate(window.quotes_panel.model.quotes) if q.text == text)


def trigger(qtbot, window: MainWindow, action) -> None:  # type: ignore[no-untyped-def]
    """Trigger a correction's action and wait until the article is shown again with it."""
    with qtbot.waitSignal(window.article_shown, timeout=TIMEOUT):
        action.trigger()


def pick(qtbot, window: MainWindow, text: str, description: bool = False) -> NamePicker:  # type: ignore[no-untyped-def]
    """Fill the open dialog once its names have loaded, and press OK; wait for the article again."""
    picker = window.corrections.picker
    assert picker is not None and picker.isVisible()
    qtbot.waitUntil(lambda: picker.names.rowCount() > 0, timeout=TIMEOUT)
    picker.edit.setText(text)
    picker.description.setChecked(description)
    with qtbot.waitSignal(window.article_shown, timeout=TIMEOUT):
        picker.accept()
    return picker


def menu_action(menu, name: str):  # type: ignore[no-untyped-def]
    found = [a for a in menu.actions() if a.objectName() == name]
    for sub in (a.menu() for a in menu.actions() if a.menu() is not None):
        found += [a for a in sub.actions() if a.objectName() == name]
    assert found, [a.text() for a in menu.actions()]
    return found[0]


def test_set_speaker_from_the_quotes_panel_shows_the_mark_and_undo_puts_it_back(  # type: ignore[no-untyped-def]
        qtbot, make_window: WindowFactory, own_archive: Path) -> None:
    window = make_window(own_archive)
    open_seed(qtbot, window)
    assert quote_rows(window)[GOING_IN].startswith("Trump")
    panel = window.quotes_panel
    menu = panel.menu_for(panel.model.index_of_quote(quote_number(window, GOING_IN)))
    assert menu is not None
    assert [a.text() for a in menu.actions() if a.objectName()] == ["Set speaker…", "Clear speaker", "Not a quote"]
    menu_action(menu, "speakerAction").trigger()
    picker = window.corrections.picker
    assert picker is not None and picker.edit.text() == "Trump"  # the speaker Morgue found, to edit
    qtbot.waitUntil(lambda: picker.names.rowCount() > 0, timeout=TIMEOUT)
    names = picker.names.stringList()
    assert "Karoline Leavitt" in names and "Press Secretary Karoline Leavitt" in names  # names and aliases
    picker.completer.setCompletionPrefix("leav")  # completes what is typed, anywhere in the name
    assert picker.completer.currentCompletion() in ("Karoline Leavitt", "Press Secretary Karoline Leavitt")
    pick(qtbot, window, "Karoline Leavitt")

    row = quote_rows(window)[GOING_IN]
    assert row == f"Karoline Leavitt / {CORRECTED_MARK} speaker set by you"
    item = panel.model.itemFromIndex(panel.model.index_of_quote(quote_number(window, GOING_IN)))
    assert "speaker set by you" in item.toolTip() and "“Trump”" in item.toolTip()
    assert window.undo_action.isEnabled() and "Karoline Leavitt" in window.undo_action.text()

    with qtbot.waitSignal(window.article_shown, timeout=TIMEOUT):
        window.undo_action.trigger()
    assert quote_rows(window)[GOING_IN] == "Trump"
    with qtbot.waitSignal(window.article_shown, timeout=TIMEOUT):
        window.redo_action.trigger()
    assert quote_rows(window)[GOING_IN].startswith("Karoline Leavitt / ")


def test_a_free_description_and_clear_speaker(qtbot, make_window: WindowFactory, own_archive: Path) -> None:  # type: ignore[no-untyped-def]
    window = make_window(own_archive)
    open_seed(qtbot, window)
    panel = window.quotes_panel
    n = quote_number(window, GOING_IN)
    menu_action(panel.menu_for(panel.model.index_of_quote(n)), "speakerAction").trigger()
    pick(qtbot, window, "a  White House aide", description=True)
    quote = panel.model.quotes[quote_number(window, GOING_IN)]
    assert (quote.speaker, quote.speaker_kind, quote.corrected) == ("a White House aide", "description", True)
    trigger(qtbot, window, menu_action(panel.menu_for(panel.model.index_of_quote(n)), "clear-speakerAction"))
    assert quote_rows(window)[GOING_IN] == f"Unknown speaker / {CORRECTED_MARK} speaker cleared by you"


def quote_point(window: MainWindow, n: int):  # type: ignore[no-untyped-def]
    """A point inside quote ``n`` in the reader's viewport."""
    reader = window.reader
    reader.scroll_to_quote(n)
    cursor = QTextCursor(reader.textCursor())
    cursor.setPosition(cursor.selectionStart() + 3)
    return reader.cursorRect(cursor).center()


def test_the_reader_tooltip_and_context_menu(qtbot, make_window: WindowFactory, own_archive: Path) -> None:  # type: ignore[no-untyped-def]
    window = make_window(own_archive)
    open_seed(qtbot, window)
    reader = window.reader
    n = quote_number(window, GOING_IN)
    pos = quote_point(window, n)
    assert reader.quote_at(pos) == n
    assert reader.cursorForPosition(pos).charFormat().toolTip() == f"{QUOTE_TIP}Trump"
    menu = reader.menu_at(pos)
    menu_action(menu, "speakerAction").trigger()
    pick(qtbot, window, "Brandon Johnson")
    n = quote_number(window, GOING_IN)
    pos = quote_point(window, n)
    assert reader.cursorForPosition(pos).charFormat().toolTip() == (
        f"{QUOTE_TIP}Brandon Johnson · {CORRECTED_MARK} speaker set by you")

    count = len(window.quotes_panel.model.quotes)
    trigger(qtbot, window, menu_action(reader.menu_at(pos), "not-a-quoteAction"))
    assert GOING_IN not in quote_rows(window) and len(window.quotes_panel.model.quotes) == count - 1
    assert reader.quote_at(quote_point(window, 0)) == 0
    with qtbot.waitSignal(window.article_shown, timeout=TIMEOUT):
        window.undo_action.trigger()
    assert quote_rows(window)[GOING_IN].startswith("Brandon Johnson / ")
    outside = reader.cursorRect(QTextCursor(reader.document())).center()  # the title
    assert reader.quote_at(outside) == -1
    assert not [a for a in reader.menu_at(outside).actions() if a.objectName() == "speakerAction"]


def test_a_merge_in_the_entities_panel_shows_one_entity_and_undo_splits_it_again(  # type: ignore[no-untyped-def]
        qtbot, make_window: WindowFactory, own_archive: Path) -> None:
    window = make_window(own_archive)
    open_seed(qtbot, window)
    people = entity_names(window)["PERSON"]
    assert "Brandon Johnson" in people and "JB Pritzker" in people
    panel = window.entities_panel
    menu = panel.menu_for(panel.index_of("Brandon Johnson"))
    assert menu is not None
    labels = [a.text() for a in menu.actions() if not a.isSeparator()]
    assert labels[2:] == ["Open the page of Brandon Johnson",
                          "Merge into…", "Rename…", "Change type", "Split alias", "Hide (not an entity)"]
    menu_action(menu, "mergeAction").trigger()
    picker = window.corrections.picker
    assert picker is not None
    qtbot.waitUntil(lambda: picker.names.rowCount() > 0, timeout=TIMEOUT)
    assert "JB Pritzker" in picker.names.stringList() and "Brandon Johnson" not in picker.names.stringList()
    pick(qtbot, window, "JB Pritzker")

    people = entity_names(window)["PERSON"]
    assert "Brandon Johnson" not in people and people.count("JB Pritzker") == 1
    merged = next(e for e in panel.model.entities if e.name == "JB Pritzker")
    assert "Brandon Johnson" in merged.mentions
    # The results follow: the person filter of the merged name finds the article.
    with qtbot.waitSignal(window.results_shown, timeout=TIMEOUT):
        window.set_filter("person", "JB Pritzker")
    assert window.results_model.total >= 1

    window.undo_action.trigger()  # (the filter's search reloads the article too: wait for what is shown)
    qtbot.waitUntil(lambda: "Brandon Johnson" in entity_names(window)["PERSON"], timeout=TIMEOUT)
    assert "JB Pritzker" in entity_names(window)["PERSON"]


def test_change_type_split_and_hide(qtbot, make_window: WindowFactory, own_archive: Path) -> None:  # type: ignore[no-untyped-def]
    window = make_window(own_archive)
    open_seed(qtbot, window)
    panel = window.entities_panel
    menu = panel.menu_for(panel.index_of("National Guard"))
    assert not menu_action(menu, "typeOrganisationAction").isEnabled()  # its type now
    trigger(qtbot, window, menu_action(menu, "typePlaceAction"))
    assert "National Guard" in entity_names(window)["PLACE"]
    assert "National Guard" not in entity_names(window).get("ORG", [])

    trigger(qtbot, window, menu_action(panel.menu_for(panel.index_of("Chicagoans")), "hideAction"))
    assert "Chicagoans" not in sum(entity_names(window).values(), [])

    menu = panel.menu_for(panel.index_of("Karoline Leavitt"))
    split = next(a.menu() for a in menu.actions() if a.menu() is not None and a.menu().objectName() == "splitMenu")
    assert [a.text() for a in split.actions()] == ["Press Secretary Karoline Leavitt"]
    trigger(qtbot, window, split.actions()[0])
    assert "Press Secretary Karoline Leavitt" in entity_names(window)["PERSON"]

    menu_action(panel.menu_for(panel.index_of("Ken Klippenstein")), "renameAction").trigger()
    pick(qtbot, window, "Kenneth Klippenstein")
    assert "Kenneth Klippenstein" in entity_names(window)["PERSON"]
    for _ in range(4):
        with qtbot.waitSignal(window.article_shown, timeout=TIMEOUT):
            window.undo_action.trigger()
    assert not window.undo_action.isEnabled()
    groups = entity_names(window)
    assert "National Guard" in groups["ORG"] and "Chicagoans" in sum(groups.values(), [])
    assert "Ken Klippenstein" in groups["PERSON"] and "Press Secretary Karoline Leavitt" not in groups["PERSON"]


def test_the_list_of_corrections_says_which_no_longer_apply_and_removes(  # type: ignore[no-untyped-def]
        qtbot, make_window: WindowFactory, own_archive: Path) -> None:
    from index.archive import Archive
    from index.corrections import QuoteCorrection, Selector

    with Archive(own_archive) as archive:
        aid = archive.search("Klippenstein").hits[0].id
        archive.corrections.add(QuoteCorrection(aid, Selector("words this article never had in it"), "not-a-quote"))
    window = make_window(own_archive)
    open_seed(qtbot, window)
    panel = window.quotes_panel
    trigger(qtbot, window, menu_action(panel.menu_for(panel.model.index_of_quote(0)), "not-a-quoteAction"))

    dialog = window.corrections.show_list()
    qtbot.waitUntil(lambda: dialog.tree.topLevelItemCount() == 2, timeout=TIMEOUT)
    rows = [(dialog.tree.topLevelItem(i).text(0), dialog.tree.topLevelItem(i).text(1)) for i in range(2)]
    assert rows[0] == ("“words this article never had in it” — not a quote",
                       "no longer applies: its quote is gone")
    assert rows[1][0].endswith("— not a quote") and rows[1][1] == "applies"
    assert "1 no longer applies" in dialog.note.text()

    assert not dialog.remove_button.isEnabled()
    dialog.tree.topLevelItem(0).setSelected(True)
    with qtbot.waitSignal(window.article_shown, timeout=TIMEOUT):
        dialog.remove_button.click()
    qtbot.waitUntil(lambda: dialog.tree.topLevelItemCount() == 1, timeout=TIMEOUT)
    assert "Remove Correction" in window.undo_action.text()
    with qtbot.waitSignal(window.article_shown, timeout=TIMEOUT):
        window.undo_action.trigger()
    qtbot.waitUntil(lambda: dialog.tree.topLevelItemCount() == 2, timeout=TIMEOUT)


def test_a_correction_the_archive_refuses_says_why(qtbot, make_window: WindowFactory, own_archive: Path,  # type: ignore[no-untyped-def]
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr("desktop.corrections_ui.show_error", lambda _parent, title, text: shown.append((title, text)))
    window = make_window(own_archive)
    controller = window.corrections.controller
    with qtbot.waitSignal(controller.correction_failed, timeout=TIMEOUT):
        controller.correct_entity("hide", "Nobody Anyone Wrote About")
    assert shown and shown[0][0] == "The correction was not made" and "Nobody Anyone Wrote About" in shown[0][1]
    assert not window.undo_action.isEnabled()
