"""The window's menus and their actions: every command a user can give, with its shortcut.

Each action is also added to the window, so its shortcut works wherever the focus is. The slots
are the window's (main_window.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

from desktop.window_layout import WindowLayout

if TYPE_CHECKING:  # pragma: no cover
    from desktop.main_window import MainWindow


class WindowMenus(WindowLayout):
    """The menu bar of the main window (a base of ``MainWindow``)."""

    _menus: dict[str, QMenu]

    def _action(self, menu_title: str, text: str, slot: object, keys: tuple[str, ...] = (),
                tip: str = "") -> QAction:
        menu = self._menus.get(menu_title)
        if menu is None:
            menu = self._menus[menu_title] = self.menuBar().addMenu(menu_title)
        action = QAction(text, self)
        if keys:
            action.setShortcuts([QKeySequence(k) for k in keys])
        if tip:
            action.setToolTip(tip)
            action.setStatusTip(tip)
        action.triggered.connect(slot)
        menu.addAction(action)
        self.addAction(action)  # shortcuts work wherever the focus is
        return action

    def _build_actions(self) -> None:
        w = cast("MainWindow", self)  # the slots are the window's
        self._menus: dict[str, QMenu] = {}
        f = "&File"
        self.open_action = self._action(f, "&Open Archive Folder…", w.on_open_action_triggered, ("Ctrl+O",),
                                        "Open a folder of saved articles as an archive")
        self.add_action = self._action(f, "&Add Folder to Archive…", w.on_add_action_triggered, ("Ctrl+Shift+O",),
                                       "Add a folder to the current archive and index it")
        self.reindex_action = self._action(f, "&Re-index Archive", w.on_reindex_action_triggered, ("F5",),
                                           "Bring the index up to date with the archive's folders")
        self.problems_action = self._action(f, "Import &Problems…", w.on_problems_action_triggered, (),
                                            "Files that could not be imported, and why")
        self._menus[f].addSeparator()
        self.export_action = self._action(f, "&Export Results to PDF…", w.on_export_action_triggered,
                                          ("Ctrl+E",), "Export the articles of the current search to a PDF")
        self.export_article_action = self._action(f, "Export &Article to PDF…", w.on_export_article_triggered,
                                                  ("Ctrl+Shift+E",), "Export the article in the reader to a PDF")
        for action in (self.export_action, self.export_article_action):
            action.setEnabled(False)
            action.setToolTip(action.toolTip() + " (available once an archive is open)")
        self._menus[f].addSeparator()
        self._action(f, "&Quit", self.close, (QKeySequence(QKeySequence.StandardKey.Quit).toString() or "Ctrl+Q",))

        e = "&Edit"
        self._menus[e] = edit = self.menuBar().addMenu(e)
        stack = w.corrections.stack
        self.undo_action = stack.createUndoAction(self, "&Undo")
        self.redo_action = stack.createRedoAction(self, "&Redo")
        for action, keys, tip in (
                (self.undo_action, QKeySequence.StandardKey.Undo, "Undo your last correction"),
                (self.redo_action, QKeySequence.StandardKey.Redo, "Make the undone correction again")):
            action.setShortcuts(keys)
            action.setStatusTip(tip)
            edit.addAction(action)
            self.addAction(action)
        edit.addSeparator()
        self.corrections_action = self._action(e, "&Corrections…", w.corrections.show_list, (),
                                               "Your corrections of speakers and entities, and whether each "
                                               "still applies")

        s = "&Search"
        self.find_action = self._action(s, "&Find", self.search_bar.focus, ("Ctrl+L", "Ctrl+K"),
                                        "Go to the search field")
        self._action(s, "Search &History", w.on_history_action_triggered, ("Ctrl+H",),
                     "Show the recent searches")
        self.next_action = self._action(s, "&Next Result", lambda: w.move_selection(1), ("Ctrl+N", "Alt+Down"))
        # (Ctrl+P is File › Print, as everywhere.)
        self.prev_action = self._action(s, "&Previous Result", lambda: w.move_selection(-1),
                                        ("Ctrl+Shift+N", "Alt+Up"))
        self._action(s, "Clear &Filters", w.clear_filters, ("Ctrl+Shift+Backspace",),
                     "Remove the person, organisation or place filters")
        self.bookmark_action = self._action(s, "&Bookmark Selection", w.on_bookmark_action_triggered, ("Ctrl+D",),
                                            "Bookmark the selected passage, post or quote")

        v = "&View"
        view_menu = self.menuBar().addMenu(v)
        self._menus[v] = view_menu
        for dock in (self.quotes_dock, self.posts_dock, self.entities_dock, self.timeline_dock):
            view_menu.addAction(dock.toggleViewAction())
        self._view_separator = view_menu.addSeparator()
        self._action(v, "Reset &Layout", self.reset_layout, (), "Put every panel back where it started")

        h = "&Help"
        self.help_action = self._action(h, "Search &Syntax", w.show_syntax_help, ("F1",))
