"""The user's corrections in the window: the dialogs, the undo stack and the list of corrections.

The panels and the reader only ask (``correction_requested``); ``CorrectionsController`` runs the
core's calls (``Archive.correct_quote``, ``correct_entity``, ``remove_correction``,
``restore_correction``, ``correction_statuses``) in a ``JobRunner`` thread (desktop/jobs.py), one
after another, and says ``corrections_changed`` when one landed, so the window shows the article and
the results again. Every correction made here is a ``CorrectionCommand`` on a ``QUndoStack``:
Edit › Undo removes it, Redo puts it back, in the same thread.

``WindowCorrections`` wires it to the main window: the dialogs (``NamePicker``: a name with
completion over the archive's people, or a free description), the error boxes, and the list of
corrections (``CorrectionsDialog``: whether each still applies, with Remove).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QStringListModel, Qt, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import show_error
from desktop.jobs import JobRunner, Op
from desktop.models import UNKNOWN_SPEAKER
from index.jobs import CancelToken, ProgressCallback

if TYPE_CHECKING:  # pragma: no cover
    from desktop.archives import OpenedArchive
    from desktop.main_window import MainWindow
    from index.archive import Archive
    from index.corrections import Correction, Status
    from index.model import Entity, Quote

log = logging.getLogger(__name__)

ENTITY_TYPE_WORDS = {"PERSON": "people", "ORG": "organisations", "PLACE": "places"}


def completion_names(entities: Sequence[Any]) -> list[str]:
    """The names and aliases of archive entities (``ArchiveEntity``), most used first, each once."""
    names: dict[str, None] = {}
    for e in entities:
        names.setdefault(e.name, None)
    for e in entities:
        for form, _ in e.aliases:
            if not form.startswith("@"):
                names.setdefault(form, None)
    return list(names)


# --- the dialog -----------------------------------------------------------------------------------


class NamePicker(QDialog):
    """A name, with completion over the archive's names (given later, once loaded), or with
    ``describe`` a free description instead ("a White House aide")."""

    def __init__(self, title: str, prompt: str, text: str = "", *, describe: bool = False,
                 exclude: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("namePicker")
        self.setWindowTitle(title)
        self._exclude = exclude
        self.prompt = QLabel(prompt)
        self.prompt.setWordWrap(True)
        self.edit = QLineEdit(text)
        self.edit.setObjectName("nameEdit")
        self.edit.selectAll()
        self.edit.setClearButtonEnabled(True)
        self.names = QStringListModel(self)
        self.completer = QCompleter(self.names, self)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.completer.setMaxVisibleItems(12)
        self.edit.setCompleter(self.completer)
        self.hint = QLabel("")
        self.hint.setObjectName("placeholder")
        self.hint.setWordWrap(True)
        self.hint.setEnabled(False)
        self.description = QCheckBox("It is a description, not a name (“a White House aide”)")
        self.description.setObjectName("descriptionBox")
        self.description.setVisible(describe)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.edit.textChanged.connect(self.on_edit_text_changed)
        layout = QVBoxLayout(self)
        for w in (self.prompt, self.edit, self.hint, self.description, self.buttons):
            layout.addWidget(w)
        self.setMinimumWidth(420)
        self.on_edit_text_changed(text)

    def set_names(self, names: Sequence[str], what: str = "people") -> None:
        """The names the field completes (loaded off the GUI thread, so they come after it opens)."""
        shown = [n for n in names if n != self._exclude]
        self.names.setStringList(shown)
        self.hint.setText(f"Type to pick from the archive’s {len(shown):,} {what}, or write a new name."
                          if shown else "")

    def value(self) -> tuple[str, bool]:
        """The name (spaces tidied) and whether it is a description."""
        return " ".join(self.edit.text().split()), self.description.isChecked()

    def on_edit_text_changed(self, text: str) -> None:
        name = " ".join(text.split())
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(name) and name != self._exclude)


# --- the undo stack -------------------------------------------------------------------------------


class CorrectionCommand(QUndoCommand):
    """A correction on the undo stack: undo removes it, redo puts it back (``removal``: the other
    way round, a correction removed from the list). It is done already when pushed."""

    def __init__(self, controller: CorrectionsController, correction: Correction, *, removal: bool = False) -> None:
        summary = correction.summary
        super().__init__(f"Remove Correction ({summary})" if removal else summary)
        self.controller = controller
        self.correction = correction
        self.removal = removal
        self._done = True

    def redo(self) -> None:
        if self._done:  # QUndoStack.push calls redo: the correction was made before
            self._done = False
            return
        if self.removal:
            self.controller.run_remove(self.correction.id)
        else:
            self.controller.run_restore(self.correction)

    def undo(self) -> None:
        if self.removal:
            self.controller.run_restore(self.correction)
        else:
            self.controller.run_remove(self.correction.id)


class CorrectionsController(QObject):
    """Runs the archive's corrections off the GUI thread and keeps their undo stack."""

    corrections_changed = Signal(str)  # what became of which correction, for the status bar
    correction_failed = Signal(str)  # a message the user can act on
    bug_found = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.stack = QUndoStack(self)
        self.stack.setObjectName("correctionsUndoStack")
        self._runner = JobRunner("corrections", self)
        self._runner.bug_found.connect(self.bug_found)
        self._archive: Archive | None = None

    @property
    def archive(self) -> Archive | None:
        return self._archive

    @property
    def busy(self) -> bool:
        return self._runner.busy

    def set_archive(self, archive: Archive | None) -> None:
        """Corrections go to this archive from now on; the undo history was the other archive's."""
        if archive is not self._archive:
            self.stack.clear()
        self._archive = archive

    def shutdown(self) -> None:
        """Wait for the correction being written, then stop the thread."""
        self._runner.shutdown()

    def run(self, name: str, call: Callable[[Archive], Any], done: Callable[[Any], None] | None = None,
            failed: Callable[[str], None] | None = None) -> bool:
        """Run ``call(archive)`` in the corrections thread, then ``done(value)`` here; False with no archive."""
        archive = self._archive
        if archive is None:
            self.correction_failed.emit("Open an archive first: corrections belong to an archive.")
            return False

        def job(_progress: ProgressCallback, _cancel: CancelToken) -> Any:
            return call(archive)

        def on_failure(message: str) -> None:
            if failed is not None:
                failed(message)
            if message:  # "" is a bug, reported by bug_found
                self.correction_failed.emit(message)

        self._runner.submit(Op(job, on_success=done, on_failure=on_failure, cleanup=archive.store.close,
                               name=f"corrections {name}"))
        return True

    # --- corrections --------------------------------------------------------------------------------

    def _made(self, correction: Correction) -> None:
        self.stack.push(CorrectionCommand(self, correction))
        self.corrections_changed.emit(f"Correction saved: {correction.summary}. Edit › Undo takes it back.")

    def correct_quote(self, article_id: str, n: int, action: str, speaker: str | None = None,
                      description: bool = False) -> bool:
        """Set or clear the speaker of quote ``n``, or say it is not a quote (undoable)."""
        def call(archive: Archive) -> Correction:
            kind = "description" if description else "person"
            if speaker and not description:
                found = archive.entities.find(speaker)
                kind = "organization" if found is not None and found.type == "ORG" else "person"
            return archive.correct_quote(article_id, n, action, speaker, kind)

        return self.run(f"quote {action}", call, self._made)

    def correct_entity(self, action: str, name: str, others: Sequence[str] = (), value: str = "") -> bool:
        """Merge, rename, retype, split or hide an entity (undoable)."""
        return self.run(f"entity {action}", lambda a: a.correct_entity(action, name, others, value), self._made)

    def remove(self, correction: Correction) -> bool:
        """Remove a correction from the list (undoable: Undo puts it back)."""
        def done(removed: Correction) -> None:
            self.stack.push(CorrectionCommand(self, removed, removal=True))
            self.corrections_changed.emit(f"Correction removed: {removed.summary}. Edit › Undo puts it back.")

        return self.run("remove", lambda a: a.remove_correction(correction.id), done)

    def run_remove(self, correction_id: int) -> None:
        """Undo a correction (from the undo stack)."""
        self.run("undo", lambda a: a.remove_correction(correction_id),
                 lambda c: self.corrections_changed.emit(f"Correction removed: {c.summary}."), self._history_lost)

    def run_restore(self, correction: Correction) -> None:
        """Redo a correction (from the undo stack)."""
        self.run("redo", lambda a: a.restore_correction(correction),
                 lambda c: self.corrections_changed.emit(f"Correction made again: {c.summary}."), self._history_lost)

    def _history_lost(self, _message: str) -> None:
        # An undo that failed leaves the stack out of step with the archive: it starts again.
        self.stack.clear()

    # --- reading ------------------------------------------------------------------------------------

    def load_names(self, entity_type: str | None, done: Callable[[list[str]], None]) -> bool:
        """The names and aliases of the archive's entities of a type (None: people, organisations
        and places), for completion."""
        return self.run("names", lambda a: completion_names(a.entities.list(type=entity_type)), done)

    def load_statuses(self, done: Callable[[list[Status]], None]) -> bool:
        """Every correction, with whether it still applies."""
        return self.run("list", lambda a: a.correction_statuses(), done)


# --- the list of corrections ----------------------------------------------------------------------


def status_text(status: Status) -> str:
    """Whether a correction applies, in the list's words."""
    if status.applies:
        return f"applies ({status.detail})" if status.detail and status.detail != "applies" else "applies"
    detail = status.detail or "it changes nothing"
    if detail == "the quote is gone":
        detail = "its quote is gone"
    return f"no longer applies: {detail}"


class CorrectionsDialog(QDialog):
    """Every correction of the archive, whether it still applies, and Remove."""

    remove_requested = Signal(object)  # the Correction

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("correctionsDialog")
        self.setWindowTitle("Corrections")
        self.tree = QTreeWidget()
        self.tree.setObjectName("correctionsList")
        self.tree.setHeaderLabels(["Correction", "Status", "Made"])
        self.tree.setRootIsDecorated(False)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.tree.setAccessibleName("Your corrections")
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.note = QLabel("Loading…")
        self.note.setWordWrap(True)
        self.remove_button = QPushButton("&Remove")
        self.remove_button.setObjectName("removeButton")
        self.remove_button.setToolTip("Remove the selected corrections: Morgue’s own values come back (Undo puts "
                                      "them back)")
        self.remove_button.setEnabled(False)
        self.remove_button.clicked.connect(self.on_remove_button_clicked)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.remove_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.tree.itemSelectionChanged.connect(
            lambda: self.remove_button.setEnabled(bool(self.tree.selectedItems())))
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(self.tree)
        layout.addWidget(buttons)
        self.resize(760, 380)

    def set_statuses(self, statuses: Sequence[Status]) -> None:
        self.tree.clear()
        stale = 0
        for s in statuses:
            c = s.correction
            made = c.created.astimezone().strftime("%Y-%m-%d %H:%M") if c.created else ""
            item = QTreeWidgetItem([c.summary, status_text(s), made])
            item.setData(0, Qt.ItemDataRole.UserRole, c)
            item.setToolTip(0, c.summary + (f"\nArticle {c.article_id}" if hasattr(c, "article_id") else ""))
            if not s.applies:
                stale += 1
                item.setForeground(1, self.palette().placeholderText())
            self.tree.addTopLevelItem(item)
        if not statuses:
            self.note.setText("No corrections yet. Right-click a quote or an entity to correct it.")
        else:
            n = len(statuses)
            self.note.setText(f"{n} correction{'s' if n != 1 else ''}"
                              + (f", {stale} no longer appl{'y' if stale != 1 else 'ies'} (kept until you"
                                 " remove them)" if stale else "") + ".")

    def on_remove_button_clicked(self) -> None:
        for item in self.tree.selectedItems():
            self.remove_requested.emit(item.data(0, Qt.ItemDataRole.UserRole))


# --- the window's side --------------------------------------------------------------------------


class WindowCorrections(QObject):
    """The corrections of the main window: the panels' and the reader's requests become dialogs,
    then corrections; after each, the article and the results are shown again."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.controller = CorrectionsController(self)
        self.stack = self.controller.stack
        self.picker: NamePicker | None = None  # the open dialog (for tests)
        self.dialog: CorrectionsDialog | None = None
        window.client.archive_opened.connect(self.on_client_archive_opened)
        window.quotes_panel.correction_requested.connect(self.on_quotes_correction_requested)
        window.reader.quote_correction_requested.connect(self.on_reader_correction_requested)
        window.entities_panel.correction_requested.connect(self.on_entities_correction_requested)
        self.controller.corrections_changed.connect(self.on_controller_corrections_changed)
        self.controller.correction_failed.connect(self.on_controller_correction_failed)
        self.controller.bug_found.connect(window.on_bug_found)

    def shutdown(self) -> None:
        self.controller.shutdown()

    def on_client_archive_opened(self, opened: OpenedArchive) -> None:
        self.controller.set_archive(opened.archive)

    # --- quotes ---------------------------------------------------------------------------------

    def on_quotes_correction_requested(self, action: str, n: int) -> None:
        article_id = self.window.quotes_panel.model.article_id
        quotes = self.window.quotes_panel.model.quotes
        self.correct_quote(article_id, n, quotes[n] if 0 <= n < len(quotes) else None, action)

    def on_reader_correction_requested(self, action: str, n: int) -> None:
        article = self.window.reader.article
        if article is not None:
            self.correct_quote(article.id, n, self.window.reader.quote(n), action)

    def correct_quote(self, article_id: str, n: int, quote: Quote | None, action: str) -> None:
        """Ask for the speaker when setting it, then correct quote ``n`` of the article."""
        if action != "speaker":
            self.controller.correct_quote(article_id, n, action)
            return
        who = quote.speaker if quote is not None else None
        text = f"“{quote.text[:80]}{'…' if len(quote.text) > 80 else ''}”" if quote is not None else "this quote"
        picker = NamePicker("Set Speaker", f"Who said {text}?\nMorgue has: {who or UNKNOWN_SPEAKER}.",
                            who or "", describe=True, parent=self.window)
        self._open_picker(picker, "PERSON",
                          lambda: self.controller.correct_quote(article_id, n, "speaker", *picker.value()))

    # --- entities -------------------------------------------------------------------------------

    def on_entities_correction_requested(self, action: str, entity: Entity, value: str) -> None:
        name = entity.name
        if action == "merge":  # into a person, an organisation or a place: the extractor may have the type wrong
            picker = NamePicker("Merge Entities", f"Merge “{name}” into which entity? Its articles then name that "
                                "one, in every panel, filter and search.", exclude=name, parent=self.window)
            self._open_picker(picker, None,
                              lambda: self.controller.correct_entity("merge", picker.value()[0], [name]))
        elif action == "merge-in":  # the other way round (a person's page: "Add a name…")
            picker = NamePicker("Add a Name", f"Which entity is also “{name}”? Its articles then name {name}, in "
                                "every panel, filter and search.", exclude=name, parent=self.window)
            self._open_picker(picker, None,
                              lambda: self.controller.correct_entity("merge", name, [picker.value()[0]]))
        elif action == "rename":
            picker = NamePicker("Rename Entity", f"A new name for “{name}”, in every article:", name,
                                exclude=name, parent=self.window)
            self._open_picker(picker, entity.type if entity.type in ENTITY_TYPE_WORDS else "PERSON",
                              lambda: self.controller.correct_entity("rename", name, value=picker.value()[0]))
        else:
            self.controller.correct_entity(action, name, value=value)

    def _open_picker(self, picker: NamePicker, entity_type: str | None, accepted: Callable[[], object]) -> None:
        """Show the dialog (not blocking), its completion filled when the names have loaded."""
        self.picker = picker
        picker.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        picker.accepted.connect(accepted)
        picker.finished.connect(lambda _r: setattr(self, "picker", None) if self.picker is picker else None)
        what = ENTITY_TYPE_WORDS.get(entity_type or "", "names")
        alive = [True]
        picker.destroyed.connect(lambda: alive.__setitem__(0, False))
        self.controller.load_names(entity_type, lambda names: picker.set_names(names, what) if alive[0] else None)
        picker.open()

    # --- the list ---------------------------------------------------------------------------------

    def show_list(self) -> CorrectionsDialog:
        """Open the list of corrections (loaded in the corrections thread)."""
        if self.dialog is None:
            self.dialog = CorrectionsDialog(self.window)
            self.dialog.remove_requested.connect(self.controller.remove)
        self.reload_list()
        self.dialog.show()
        self.dialog.raise_()
        return self.dialog

    def reload_list(self) -> None:
        dialog = self.dialog
        if dialog is not None:
            self.controller.load_statuses(dialog.set_statuses)

    # --- after a correction -------------------------------------------------------------------

    def on_controller_corrections_changed(self, message: str) -> None:
        """Show the corrected article and results (the index has them now), and the list."""
        window = self.window
        window.statusBar().showMessage(message, 8000)
        window.refresh_results()
        article = window.reader.article
        if article is not None:
            window.open_article(article.id)
        dock = window.companions.bookmarks_dock
        if dock is not None:
            dock.refresh()  # a bookmarked quote shows its corrected speaker
        if self.dialog is not None and self.dialog.isVisible():
            self.reload_list()

    def on_controller_correction_failed(self, message: str) -> None:
        show_error(self.window, "The correction was not made", message)
