"""The search field: search as you type, history, an error in place, filter chips, syntax help."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from html import escape

from PySide6.QtCore import QEvent, QObject, QStringListModel, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.theme import current_tints

log = logging.getLogger(__name__)

DEBOUNCE_MS = 250
HISTORY_SIZE = 50
FILTER_LABELS = {"person": "Person", "org": "Organisation", "place": "Place", "site": "Site", "year": "Year",
                 "platform": "Platform"}


def filter_value_label(facet: str, value: str) -> str:
    """A filter's value as the panels show it (a platform "x" is "X")."""
    from desktop.models import platform_name

    return platform_name(value) if facet == "platform" else value


class FilterChip(QFrame):
    """A removable label for one active filter, e.g. "Person: JB Pritzker ✕"."""

    remove_requested = Signal(str)  # the facet

    def __init__(self, facet: str, value: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.facet = facet
        self.value = value
        self.setObjectName("filterChip")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 1, 2, 1)
        layout.setSpacing(2)
        self.label = QLabel()
        self.label.setObjectName("filterChipLabel")
        layout.addWidget(self.label)
        close = QToolButton()
        close.setObjectName("filterChipClose")
        close.setAutoRaise(True)
        close.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_TitleBarCloseButton))
        close.setToolTip(f"Remove the filter {FILTER_LABELS.get(facet, facet)}: {filter_value_label(facet, value)}")
        close.setAccessibleName("Remove filter")
        close.clicked.connect(lambda: self.remove_requested.emit(self.facet))
        layout.addWidget(close)
        self.close_button = close
        self.set_count(None)

    def set_count(self, count: int | None) -> None:
        """Show how many articles of the whole archive match the filter alone."""
        shown = filter_value_label(self.facet, self.value)
        text = f"{FILTER_LABELS.get(self.facet, self.facet)}: <b>{escape(shown)}</b>"
        if count is not None:
            text += f"  <span>({count} in archive)</span>"
        self.label.setText(text)


def looks_unfinished(query: str) -> bool:
    """Whether a query reads as still being typed: an open quote or bracket, a field or operator with nothing after."""
    text = query.rstrip()
    if text.count('"') % 2 or text.count("(") > text.count(")"):
        return True
    last = text.split()[-1] if text.split() else ""
    return last.endswith(":") or last in ("AND", "OR", "NOT", "-", "+")


def syntax_help_html() -> str:
    """The query syntax in a few lines, with the field names users can type."""
    from index.search.query import user_fields  # Whoosh is loaded by then (the archive is open)

    fields = ", ".join(f"<code>{f}</code>" for f in user_fields())
    rows = [
        ("<code>troops chicago</code>", "articles with both words (word forms match: <i>troop</i>, <i>troops</i>)"),
        ('<code>"national guard"</code>', "the exact phrase"),
        ("<code>troops OR guard</code>", "either word; <code>AND</code>, <code>NOT</code> and parentheses too"),
        ("<code>troops NOT baltimore</code>", "leave out articles with a word"),
        ("<code>speaker:Pritzker</code>", "a word in one field"),
        ('<code>person:"JB Pritzker"</code>', "articles naming a person (also <code>org:</code>, <code>place:</code>)"),
        ("<code>date:2025-09</code>", "a year, a month or a day"),
        ("<code>date:[2025-09-01 TO 2025-09-30]</code>", "a range of dates; <code>date:&gt;=2025-01-01</code>"),
        ("<code>chicag*</code>", "any ending (wildcard); <code>?</code> for one letter"),
        ("<code>klipenstein~</code>", "fuzzy: close spellings too"),
    ]
    table = "".join(f"<tr><td style='padding-right:14px'>{a}</td><td>{b}</td></tr>" for a, b in rows)
    return (
        "<h3>Search syntax</h3>"
        f"<table cellspacing='4'>{table}</table>"
        f"<p>Fields: {fields}.</p>"
        "<p>Up and Down in the search field move through the results, Enter opens one; "
        "an empty search lists every article, newest first.</p>"
    )


class SyntaxHelp(QDialog):
    """A small non-modal window with the query syntax."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Search syntax")
        layout = QVBoxLayout(self)
        text = QLabel(syntax_help_html())
        text.setTextFormat(Qt.TextFormat.RichText)
        text.setWordWrap(True)
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout.addWidget(buttons)


WINDOW_SHORTCUT_KEYS = (Qt.Key.Key_E, Qt.Key.Key_D)


class SearchBar(QWidget):
    """The query field with its history, error line and filter chips.

    Emits ``search_requested`` 250 ms after the last keystroke (at once on Enter).
    """

    search_requested = Signal(str)
    navigation_requested = Signal(int)  # +1 next result, -1 previous
    open_requested = Signal()  # Enter: open the selected result
    help_requested = Signal()
    filter_removed = Signal(str)  # the facet whose chip was closed

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("searchBar")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(3)

        row = QHBoxLayout()
        row.setSpacing(4)
        self.field = QLineEdit()
        self.field.setObjectName("searchField")
        self.field.setPlaceholderText('Search: words, "a phrase", person:Trump, date:2025-09 …  (F1: syntax)')
        self.field.setClearButtonEnabled(True)
        self.field.setAccessibleName("Search the archive")
        self.field.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        row.addWidget(self.field)
        self.help_button = QToolButton()
        self.help_button.setText("?")
        self.help_button.setToolTip("Search syntax (F1)")
        self.help_button.setAccessibleName("Search syntax")
        self.help_button.clicked.connect(self.help_requested)
        # The error sits in the field's row: showing it never pushes the window down.
        self.error_label = QLabel()
        self.error_label.setObjectName("searchError")
        self.error_label.setWordWrap(False)
        self.error_label.setMaximumWidth(360)
        self.error_label.hide()
        row.insertWidget(1, self.error_label)
        row.addWidget(self.help_button)
        outer.addLayout(row)
        self.typing = False  # the last search came from a pause in typing, not Return or a click
        self._held_error = ""

        self.chips_row = QWidget()
        self._chips_layout = QHBoxLayout(self.chips_row)
        self._chips_layout.setContentsMargins(0, 0, 0, 0)
        self._chips_layout.setSpacing(6)
        self._chips_layout.addStretch(1)
        self.chips_row.hide()
        outer.addWidget(self.chips_row)
        self._chips: dict[str, FilterChip] = {}

        self._history = QStringListModel(self)
        self.completer = QCompleter(self._history, self)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.completer.activated.connect(self.on_completer_activated)
        self.field.setCompleter(self.completer)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self.on_debounce_timeout)
        self.field.textEdited.connect(self.on_field_text_edited)
        self.field.returnPressed.connect(self.on_field_return_pressed)
        self.field.installEventFilter(self)
        self._apply_error_palette()

    # --- the query ------------------------------------------------------------------------------

    def text(self) -> str:
        return self.field.text()

    def set_text(self, text: str, search: bool = True) -> None:
        """Put a query in the field (and search for it at once unless ``search`` is False)."""
        self.field.setText(text)
        self._debounce.stop()
        if search:
            self.typing = False
            self.search_requested.emit(text)

    def add_term(self, term: str) -> None:
        """Append a term such as ``date:2025-09`` to the query and search at once."""
        text = self.field.text().strip()
        if term in text.split():
            return
        self.set_text(f"{text} {term}".strip())

    def search_now(self) -> None:
        """Search for the field's text without waiting for the pause in typing."""
        self._debounce.stop()
        self.typing = False
        self.search_requested.emit(self.field.text())

    def focus(self) -> None:
        self.field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.field.selectAll()

    # --- error ----------------------------------------------------------------------------------

    def hold_error(self, message: str) -> None:
        """A query being typed does not parse yet: say so only if it is submitted (Return) like this."""
        self._held_error = message

    def show_error(self, message: str) -> None:
        """Show why the query cannot be searched, beside the field."""
        self._held_error = ""
        metrics = self.error_label.fontMetrics()
        self.error_label.setText(metrics.elidedText(message, Qt.TextElideMode.ElideRight, 360))
        self._error = message
        self.error_label.setToolTip(message)
        self.error_label.show()
        self.field.setToolTip(message)

    def clear_error(self) -> None:
        self._held_error = ""
        self._error = ""
        self.error_label.clear()
        self.error_label.hide()
        self.field.setToolTip("")

    @property
    def error(self) -> str:
        return getattr(self, "_error", "") if not self.error_label.isHidden() else ""

    def _apply_error_palette(self) -> None:
        palette = self.error_label.palette()
        palette.setColor(QPalette.ColorRole.WindowText, current_tints().error)
        self.error_label.setPalette(palette)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._apply_error_palette()

    # --- history --------------------------------------------------------------------------------

    def history(self) -> list[str]:
        return list(self._history.stringList())

    def set_history(self, queries: Iterable[str]) -> None:
        self._history.setStringList([q for q in queries if q][:HISTORY_SIZE])

    def remember(self, query: str) -> None:
        """Put a query at the top of the history."""
        query = query.strip()
        if not query:
            return
        items = [query, *(q for q in self._history.stringList() if q != query)]
        self._history.setStringList(items[:HISTORY_SIZE])

    def show_history(self) -> None:
        """Open the history list under the field."""
        if self._history.rowCount():
            self.completer.setCompletionPrefix("")
            self.completer.complete()

    # --- filter chips ---------------------------------------------------------------------------

    def set_filters(self, filters: Mapping[str, str]) -> None:
        """Show one chip per active filter."""
        for facet in list(self._chips):
            if filters.get(facet) != self._chips[facet].value:
                chip = self._chips.pop(facet)
                chip.hide()
                chip.deleteLater()
        for facet, value in filters.items():
            if facet not in self._chips:
                chip = FilterChip(facet, value)
                chip.remove_requested.connect(self.filter_removed)
                self._chips_layout.insertWidget(self._chips_layout.count() - 1, chip)
                self._chips[facet] = chip
        self.chips_row.setVisible(bool(self._chips))

    def chip(self, facet: str) -> FilterChip | None:
        return self._chips.get(facet)

    # --- slots ----------------------------------------------------------------------------------

    def on_field_text_edited(self, _text: str) -> None:
        self._held_error = ""
        self._debounce.start()

    def on_debounce_timeout(self) -> None:
        self.typing = True
        self.search_requested.emit(self.field.text())

    def on_field_return_pressed(self) -> None:
        if self._debounce.isActive():
            self.search_now()
        elif self._held_error:
            self.show_error(self._held_error)
        self.remember(self.field.text())
        self.open_requested.emit()

    def on_completer_activated(self, text: str) -> None:
        self.field.setText(text)
        self.search_now()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if (watched is self.field and event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent)
                and event.modifiers() == Qt.KeyboardModifier.ControlModifier
                and event.key() in WINDOW_SHORTCUT_KEYS):
            # The line edit claims Ctrl+E (end of line) and Ctrl+D (delete) for itself; in the
            # search field they are the window's Export and Bookmark.
            return True
        if watched is self.field and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            popup = self.completer.popup()
            if popup is not None and popup.isVisible():
                return False
            key = event.key()
            plain = event.modifiers() in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier)
            if plain and key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
                self.navigation_requested.emit(1 if key == Qt.Key.Key_Down else -1)
                return True
            if plain and key in (Qt.Key.Key_PageDown, Qt.Key.Key_PageUp):
                self.navigation_requested.emit(10 if key == Qt.Key.Key_PageDown else -10)
                return True
            if key == Qt.Key.Key_Escape and self.field.text():
                self.set_text("")
                return True
        return super().eventFilter(watched, event)
