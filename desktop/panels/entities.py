"""The Entities panel: people, organisations and places the open article names, with mention counts."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QMenu, QTreeView, QVBoxLayout, QWidget

from desktop.models import EntitiesModel
from desktop.panels import PanelStack
from index.model import Entity

log = logging.getLogger(__name__)


class EntitiesPanel(QWidget):
    """A tree of the article's entities by type; clicking one offers two searches: every article
    that mentions it, or only the current results that do."""

    filter_requested = Signal(str, str)  # narrow these results: facet ("person", "org", "place"), canonical name
    show_all_requested = Signal(str, str)  # every article of the archive that mentions it
    person_requested = Signal(str)  # a person's page, by canonical name

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("entitiesPanel")
        self.model = EntitiesModel(self)
        self.view = QTreeView()
        self.view.setObjectName("entitiesView")
        self.view.setModel(self.model)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setAllColumnsShowFocus(True)
        self.view.setAccessibleName("People, organisations and places")
        header = self.view.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.view.clicked.connect(self.on_view_clicked)
        self.view.activated.connect(self.on_view_clicked)
        self.stack = PanelStack(self.view)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self.clear("Open an article to see the people, organisations and places it names.")

    def set_entities(self, entities: Sequence[Entity], extracted: bool = True) -> None:
        """Show an article's entities (``extracted`` False: indexed without extraction)."""
        self.model.set_entities(entities)
        self.view.expandAll()
        if entities:
            self.stack.show_content()
        elif extracted:
            self.stack.show_placeholder("No names found in this article.")
        else:
            self.stack.show_placeholder("Names appear here once the archive is indexed with extraction.")

    def clear(self, message: str) -> None:
        self.model.set_entities(())
        self.stack.show_placeholder(message)

    def index_of(self, name: str) -> QModelIndex:
        """The row of an entity by its canonical name (column 0)."""
        matches = self.model.match(self.model.index(0, 0), Qt.ItemDataRole.DisplayRole, name, 1,
                                   Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive)
        return matches[0] if matches else QModelIndex()

    def menu_for(self, index: QModelIndex) -> QMenu | None:
        """The two actions for an entity: "Show all its articles" and "Narrow these results"."""
        facet = index.data(EntitiesModel.FacetRole)
        entity = index.data(EntitiesModel.EntityRole)
        if not facet or entity is None:
            return None
        facet, name = str(facet), entity.name
        menu = QMenu(self)
        menu.setObjectName("entityMenu")
        show_all = menu.addAction(f"Show all articles that mention {name}")
        show_all.setObjectName("showAllAction")
        show_all.triggered.connect(lambda: self.show_all_requested.emit(facet, name))
        narrow = menu.addAction(f"Narrow these results to {name}")
        narrow.setObjectName("narrowAction")
        narrow.triggered.connect(lambda: self.filter_requested.emit(facet, name))
        if facet == "person":
            page = menu.addAction(f"Open the page of {name}")
            page.setObjectName("personPageAction")
            page.triggered.connect(lambda: self.person_requested.emit(name))
        return menu

    def on_view_clicked(self, index: QModelIndex) -> None:
        menu = self.menu_for(index)
        if menu is not None:
            self.menu = menu  # kept for tests and screenshots; replaced at the next click
            menu.popup(self.view.viewport().mapToGlobal(self.view.visualRect(index).bottomLeft()))
