"""Small dialogs: the files an indexing run could not read."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QStyledItemDelegate,
    QTableView,
    QVBoxLayout,
    QWidget,
)


class WrappingPaths(QStyledItemDelegate):
    """Shows a path so that it can wrap after any folder separator (a zero-width space after each)."""

    def displayText(self, value: object, locale: object) -> str:  # noqa: N802
        return str(value).replace("/", "/\u200b").replace("\\", "\\\u200b")


class ProblemsDialog(QDialog):
    """A table of the files that could not be imported, with the reason for each."""

    def __init__(self, problems: Sequence[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Files that could not be imported")
        self.resize(900, 420)
        layout = QVBoxLayout(self)
        n = len(problems)
        intro = QLabel(
            f"{n} file{'s' if n != 1 else ''} could not be read. They stay out of the archive's index "
            "until they are fixed and the archive is re-indexed." if n else "Every file could be read."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.model = QStandardItemModel(0, 2, self)
        self.model.setHorizontalHeaderLabels(["File", "Reason"])
        for path, reason in problems:
            row = [QStandardItem(path), QStandardItem(reason)]
            for item in row:
                item.setEditable(False)
                item.setToolTip(item.text())
            self.model.appendRow(row)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setItemDelegateForColumn(0, WrappingPaths(self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        # Whole reasons and whole file names: wrapped over as many lines as they need, never elided.
        self.table.setWordWrap(True)
        self.table.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setColumnWidth(0, 420)
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        copy = buttons.addButton("Copy list", QDialogButtonBox.ButtonRole.ActionRole)
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(
            "\n".join(f"{p}\t{r}" for p, r in problems)))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
