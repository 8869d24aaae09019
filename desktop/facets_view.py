"""The Facets dock: the result set by site, year, person, organisation, place and the platforms of
the posts the articles embed, with counts (``SearchResult.facets``, computed by the core over all
matches); a click narrows the results through the window's filters, as an entity's "Narrow these
results" does."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDockWidget, QHeaderView, QTreeWidget, QTreeWidgetItem, QWidget

from desktop.models import platform_name

# facet name -> the heading of its group, in the order they are shown (the short groups first, so
# the platforms are not below three lists of names)
GROUPS = (("site", "Sites"), ("year", "Years"), ("platform", "Platforms"), ("person", "People"),
          ("org", "Organisations"), ("place", "Places"))
SHOWN = 12  # values per group; the core keeps the 30 commonest
FACET_ROLE = Qt.ItemDataRole.UserRole + 1


class FacetsView(QTreeWidget):
    """The groups and their values with counts; ``filter_requested(facet, value)`` on a click."""

    filter_requested = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("facetsView")
        self.setColumnCount(2)
        self.setHeaderHidden(True)
        self.setRootIsDecorated(True)
        self.setUniformRowHeights(True)
        self.header().setStretchLastSection(False)
        self.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.setToolTip("Click a value to narrow the results to it")
        self.itemActivated.connect(self._on_item)
        self.itemClicked.connect(self._on_item)
        self.set_facets({})

    def set_facets(self, facets: Mapping[str, Sequence[tuple[str, int]]],
                   active: Mapping[str, str] | None = None) -> None:
        """Show the counts (sites as the articles spell them); the values the results are already
        filtered by are marked and not offered."""
        active = active or {}
        collapsed = {g.data(0, FACET_ROLE) for g in self._groups() if not g.isExpanded()}
        self.clear()
        if not any(facets.get(name) for name, _ in GROUPS):
            self.addTopLevelItem(QTreeWidgetItem(["Search to see the results by site, year, name and platform."]))
            return
        for name, heading in GROUPS:
            values = list(facets.get(name, ()))
            if name == "year":
                values.sort(reverse=True)
            if not values:
                continue
            group = QTreeWidgetItem([heading, ""])
            group.setData(0, FACET_ROLE, name)
            font = group.font(0)
            font.setBold(True)
            group.setFont(0, font)
            self.addTopLevelItem(group)
            for value, count in values[:SHOWN]:
                label = platform_name(str(value)) if name == "platform" else str(value)
                item = QTreeWidgetItem([label, f"{count:,}"])
                item.setData(0, FACET_ROLE, (name, str(value)))
                item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                chosen = active.get(name)
                # The core compares sites lower-cased: a filter typed "halden ledger" marks "Halden Ledger".
                same = chosen is not None and (chosen.lower() == str(value).lower() if name == "site"
                                               else chosen == str(value))
                if same:
                    item.setText(0, f"✓ {label}")
                    item.setToolTip(0, "The results are already filtered by this")
                else:
                    item.setToolTip(0, f"Narrow the results to the {count:,} with {label}")
                group.addChild(item)
            group.setExpanded(name not in collapsed)

    def values(self, facet: str) -> list[tuple[str, str]]:
        """(value, count) of a group as shown (for tests and the status bar)."""
        for group in self._groups():
            if group.data(0, FACET_ROLE) == facet:
                return [(item.data(0, FACET_ROLE)[1], item.text(1)) for item in _children(group)]
        return []

    def item_of(self, facet: str, value: str) -> QTreeWidgetItem | None:
        for group in self._groups():
            for item in _children(group):
                if item.data(0, FACET_ROLE) == (facet, value):
                    return item
        return None

    def _groups(self) -> list[QTreeWidgetItem]:
        return [g for g in (self.topLevelItem(i) for i in range(self.topLevelItemCount())) if g is not None]

    def _on_item(self, item: QTreeWidgetItem, _column: int) -> None:
        data = item.data(0, FACET_ROLE)
        if isinstance(data, tuple) and not item.text(0).startswith("✓"):
            self.filter_requested.emit(*data)


def _children(group: QTreeWidgetItem) -> list[QTreeWidgetItem]:
    return [c for c in (group.child(j) for j in range(group.childCount())) if c is not None]


def facets_dock(view: FacetsView) -> QDockWidget:
    dock = QDockWidget("Facets")
    dock.setObjectName("facetsDock")
    dock.setWidget(view)
    dock.toggleViewAction().setText("&Facets")
    return dock
