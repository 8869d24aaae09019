"""The Entities panel: people, organisations and places the open article names, under the archive's
canonical names, with mention counts in the article and article counts in the archive."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QPoint, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QMenu, QTreeView, QVBoxLayout, QWidget

from desktop.models import EntitiesModel
from desktop.panels import PENDING, PanelStack
from index.model import Entity

if TYPE_CHECKING:
    from index.store.entities import ArchiveEntity

log = logging.getLogger(__name__)

# The types an entity can be given (Change type ▸), as the menu says them and as corrections name them.
ENTITY_TYPE_CHOICES = (("PERSON", "Person", "person"), ("ORG", "Organisation", "org"), ("PLACE", "Place", "place"))


class EntitiesPanel(QWidget):
    """A tree of the article's entities by type; clicking one offers two searches: every article
    that mentions it, or only the current results that do."""

    filter_requested = Signal(str, str)  # narrow these results: facet ("person", "org", "place"), canonical name
    show_all_requested = Signal(str, str)  # every article of the archive that mentions it
    # A correction: the action (merge, rename, type, split, hide), the Entity, its value (the type,
    # the alias split off; "" where a dialog asks: merge, rename).
    correction_requested = Signal(str, object, str)
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
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.view.clicked.connect(self.on_view_clicked)
        self.view.activated.connect(self.on_view_clicked)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self.on_view_context_menu_requested)
        self.stack = PanelStack(self.view)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self.clear("Open an article to see the people, organisations and places it names.")

    def set_entities(self, entities: Sequence[Entity], extracted: bool = True, pending: bool = False,
                     skipped: str | None = None,
                     archive: Mapping[tuple[str, str], ArchiveEntity] | None = None) -> None:
        """Show an article's entities (``extracted`` False: indexed without extraction, or ``pending``:
        being found; ``skipped``: why no entity recognition ran, e.g. "No entity recognition for German
        articles."; ``archive``: the archive's entity of each, from ``Archive.article_entities``)."""
        self.model.set_entities(entities, archive)
        self.view.expandAll()
        if skipped and not entities:
            self.stack.show_placeholder(skipped)
        elif entities:
            self.stack.show_content()
        elif extracted:
            self.stack.show_placeholder("No names found in this article.")
        elif pending:
            self.stack.show_placeholder(PENDING)
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
        """The two searches for an entity ("Show all its articles", "Narrow these results"; for a
        person, an organisation or a place), then its corrections."""
        facet = index.data(EntitiesModel.FacetRole)
        entity = index.data(EntitiesModel.EntityRole)
        if entity is None:
            return None
        name = entity.name
        menu = QMenu(self)
        menu.setObjectName("entityMenu")
        if facet:
            facet = str(facet)
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
        self.add_correction_actions(menu, entity)
        return menu

    def add_correction_actions(self, menu: QMenu, entity: Entity) -> None:
        """Merge into…, Rename…, Change type ▸, Split alias ▸, Hide: the corrections of an entity."""
        if not menu.isEmpty():
            menu.addSeparator()
        actions = [("merge", "Merge into…"), ("rename", "Rename…")]
        for action, text in actions:
            item = menu.addAction(text)
            item.setObjectName(f"{action}Action")
            item.triggered.connect(lambda _=False, a=action: self.correction_requested.emit(a, entity, ""))
        types = menu.addMenu("Change type")
        types.setObjectName("typeMenu")
        for etype, label, value in ENTITY_TYPE_CHOICES:
            item = types.addAction(label)
            item.setObjectName(f"type{label}Action")
            item.setCheckable(True)
            item.setChecked(entity.type == etype)
            item.setEnabled(entity.type != etype)
            item.triggered.connect(lambda _=False, v=value: self.correction_requested.emit("type", entity, v))
        split = menu.addMenu("Split alias")
        split.setObjectName("splitMenu")
        aliases = [m for m in dict.fromkeys(entity.mentions) if m != entity.name]
        split.setEnabled(bool(aliases))
        split.setToolTip("Make an alias an entity of its own" if aliases else "This entity has no other names")
        for alias in aliases:
            item = split.addAction(alias)
            item.triggered.connect(lambda _=False, a=alias: self.correction_requested.emit("split", entity, a))
        hide = menu.addAction("Hide (not an entity)")
        hide.setObjectName("hideAction")
        hide.triggered.connect(lambda: self.correction_requested.emit("hide", entity, ""))

    def on_view_context_menu_requested(self, pos: QPoint) -> None:
        index = self.view.indexAt(pos)
        menu = self.menu_for(index) if index.isValid() else None
        if menu is not None:
            self.view.setCurrentIndex(index)
            self.menu = menu
            menu.exec(self.view.viewport().mapToGlobal(pos))

    def on_view_clicked(self, index: QModelIndex) -> None:
        menu = self.menu_for(index)
        if menu is not None:
            self.menu = menu  # kept for tests and screenshots; replaced at the next click
            menu.popup(self.view.viewport().mapToGlobal(self.view.visualRect(index).bottomLeft()))
