"""The Bookmarks dock's item model: the core's ``Bookmark`` dataclasses with named roles."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractListModel, QByteArray, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from index.bookmarks import Bookmark

USER = int(Qt.ItemDataRole.UserRole)
_Index = QModelIndex | QPersistentModelIndex


def short(text: str, limit: int) -> str:
    """``text`` on one line, cut to ``limit`` characters with an ellipsis."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class BookmarksModel(QAbstractListModel):
    """A list of bookmarks, newest first, as the core returned them."""

    BookmarkRole = USER + 1  # the Bookmark
    IdRole = USER + 2
    KindRole = USER + 3  # "quote", "post" or "passage"
    TextRole = USER + 4
    WhoRole = USER + 5  # speaker of a quote, author of a post
    NoteRole = USER + 6
    TagsRole = USER + 7  # tuple of str
    TitleRole = USER + 8
    DateRole = USER + 9  # ISO date text, "" when undated
    ArticleIdRole = USER + 10
    ParagraphRole = USER + 11  # -1 when unknown
    MissingRole = USER + 12  # the article is no longer in the archive
    CitationRole = USER + 13

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._items: list[Bookmark] = []

    ROLE_NAMES = {
        BookmarkRole: "bookmark", IdRole: "id", KindRole: "kind", TextRole: "text", WhoRole: "who",
        NoteRole: "note", TagsRole: "tags", TitleRole: "title", DateRole: "date", ArticleIdRole: "articleId",
        ParagraphRole: "paragraph", MissingRole: "articleMissing", CitationRole: "citation",
    }

    def roleNames(self) -> dict[int, QByteArray]:  # noqa: N802
        names = dict(super().roleNames())
        names.update({role: QByteArray(name.encode()) for role, name in self.ROLE_NAMES.items()})
        return names

    def set_bookmarks(self, items: Sequence[Bookmark]) -> None:
        """Show these bookmarks."""
        self.beginResetModel()
        self._items = list(items)
        self.endResetModel()

    def bookmark(self, row: int) -> Bookmark:
        return self._items[row]

    def row_of(self, bookmark_id: int) -> int:
        """The row of a bookmark, or -1."""
        return next((i for i, b in enumerate(self._items) if b.id == bookmark_id), -1)

    @property
    def bookmarks(self) -> tuple[Bookmark, ...]:
        return tuple(self._items)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._items)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        b = self._items[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(b)
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [b.citation()]
            if b.note:
                lines.append(f"Note: {b.note}")
            if b.article_missing:
                lines.append("The article is no longer in the archive; the text is the copy kept with the bookmark.")
            return "\n".join(lines)
        if role == Qt.ItemDataRole.ForegroundRole and b.article_missing:
            return QColor("#80868b")
        if role == Qt.ItemDataRole.FontRole and b.article_missing:
            font = QFont()
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self._display(b).replace("\n", ". ")
        values = {
            self.BookmarkRole: b, self.IdRole: b.id, self.KindRole: b.kind, self.TextRole: b.text,
            self.WhoRole: b.who, self.NoteRole: b.note, self.TagsRole: b.tags, self.TitleRole: b.title,
            self.DateRole: b.date.isoformat() if b.date else "", self.ArticleIdRole: b.article_id,
            self.ParagraphRole: b.paragraph if b.paragraph is not None else -1,
            self.MissingRole: b.article_missing,
        }
        if role == self.CitationRole:
            return b.citation()
        return values.get(role)

    @staticmethod
    def _display(b: Bookmark) -> str:
        text = f"“{short(b.text, 220)}”" if b.text else "(content not in the archive)"
        who = f" — {b.who}" if b.who else ""
        meta = " · ".join(x for x in (short(b.title, 60), b.date.isoformat() if b.date else "") if x)
        lines = [f"{text}{who}", meta]
        if b.tags:
            lines.append(" ".join(f"#{t}" for t in b.tags))
        if b.note:
            lines.append(f"Note: {short(b.note, 120)}")
        if b.article_missing:
            lines.append("Article no longer in the archive")
        return "\n".join(lines)
