"""The Social posts panel: one card per post embedded in the article, lost ones included."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QContextMenuEvent, QMouseEvent
from PySide6.QtWidgets import QFrame, QLabel, QMenu, QScrollArea, QVBoxLayout, QWidget

from desktop.bylines import is_organisation
from desktop.models import PostsModel
from desktop.panels import PENDING, PanelStack
from index.model import Post

log = logging.getLogger(__name__)


def _label(text: str, name: str, *, wrap: bool = True, selectable: bool = True) -> QLabel:
    label = QLabel(text)
    label.setObjectName(name)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(wrap)
    if selectable:
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class PostCard(QFrame):
    """One post: platform, author, handle and date, its text, its media links as text. A right
    click offers the author's page."""

    clicked = Signal(int)
    person_requested = Signal(str)  # the post's author (or handle)
    handle_search_requested = Signal(str)  # an organisation's handle, without "@"

    def __init__(self, model: PostsModel, row: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.row = row
        self.setObjectName("postCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        index = model.index(row)

        def get(role: int) -> object:
            return model.data(index, role)

        self.author = str(get(PostsModel.AuthorRole) or "") or str(get(PostsModel.HandleRole) or "")
        self.handle = str(get(PostsModel.HandleRole) or "").lstrip("@")
        missing = bool(get(PostsModel.MissingRole))
        self.setProperty("missing", missing)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(4)
        author = str(get(PostsModel.AuthorRole) or "") or "Unknown author"
        header = _label(f"{get(PostsModel.PlatformRole)} · {author}", "postHeader")
        font = header.font()
        font.setBold(True)
        header.setFont(font)
        layout.addWidget(header)
        handle, date = str(get(PostsModel.HandleRole) or ""), str(get(PostsModel.DateRole) or "")
        if handle or date:
            self.byline = _label(" · ".join(x for x in (handle, date) if x), "postByline")
            self.byline.setEnabled(False)
            layout.addWidget(self.byline)
        self.text_label = _label(str(get(PostsModel.TextRole) or ""), "postText")
        if missing:
            font = self.text_label.font()
            font.setItalic(True)
            self.text_label.setFont(font)
            self.text_label.setEnabled(False)
            self.text_label.setToolTip("The embedded post was lost when the page was saved.")
        layout.addWidget(self.text_label)
        media: tuple[str, ...] = tuple(get(PostsModel.MediaRole) or ())  # type: ignore[arg-type]
        url = str(get(PostsModel.UrlRole) or "")
        links = [f"Media: {m}" for m in media] + ([url] if url else [])
        if links:
            # Links as text only: Morgue never opens them.
            self.links_label = _label("\n".join(links), "postLinks")
            self.links_label.setEnabled(False)
            layout.addWidget(self.links_label)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit(self.row)
        super().mouseReleaseEvent(event)

    def menu(self) -> QMenu | None:
        """The author's page, or for an organisation's account ("Port Halden Police") the articles
        that embed its posts; None when the post names no author."""
        if not self.author:
            return None
        menu = QMenu(self)
        if not is_organisation(self.author) or not self.handle:
            menu.addAction(f"Open the page of {self.author}", lambda: self.person_requested.emit(self.author))
        else:
            menu.addAction(f"Find Articles with Posts by @{self.handle}",
                           lambda: self.handle_search_requested.emit(self.handle))
        return menu

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:  # noqa: N802
        menu = self.menu()
        if menu is not None:
            menu.exec(event.globalPos())


class PostsPanel(QWidget):
    """Cards for the posts of ``PostsModel``; clicking a card shows the post in the reader."""

    post_activated = Signal(int)  # the post's index in the extraction
    person_requested = Signal(str)  # a post's author
    handle_search_requested = Signal(str)  # an organisation's handle, without "@"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("postsPanel")
        self.model = PostsModel(self)
        self.model.modelReset.connect(self.on_model_reset)
        self._cards_host = QWidget()
        self._cards_host.setObjectName("postCards")
        self._cards = QVBoxLayout(self._cards_host)
        self._cards.setContentsMargins(6, 6, 6, 6)
        self._cards.setSpacing(8)
        self._cards.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self._cards_host)
        self.stack = PanelStack(scroll)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self._empty_message = "Open an article to see the social posts it embeds."
        self.on_model_reset()

    def set_posts(self, posts: Sequence[Post], extracted: bool = True, pending: bool = False) -> None:
        """Show an article's posts (``extracted`` False: it was indexed without extraction, or
        ``pending``: being found)."""
        self._empty_message = (
            "No social posts in this article." if extracted else PENDING if pending
            else "Social posts appear here once the archive is indexed with extraction."
        )
        self.model.set_posts(posts)

    def clear(self, message: str) -> None:
        self._empty_message = message
        self.model.set_posts(())

    def cards(self) -> list[PostCard]:
        """The cards shown, in order."""
        items = (self._cards.itemAt(i) for i in range(self._cards.count()))
        return [w for item in items if item is not None and isinstance(w := item.widget(), PostCard)]

    def on_model_reset(self) -> None:
        while self._cards.count() > 1:
            item = self._cards.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        rows = self.model.rowCount(QModelIndex())
        for row in range(rows):
            card = PostCard(self.model, row)
            card.clicked.connect(self.post_activated)
            card.person_requested.connect(self.person_requested)
            card.handle_search_requested.connect(self.handle_search_requested)
            self._cards.insertWidget(self._cards.count() - 1, card)
        if rows:
            self.stack.show_content()
        else:
            self.stack.show_placeholder(self._empty_message)
