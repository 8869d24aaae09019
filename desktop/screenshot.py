"""Reproduce ``resources/screenshots/main-window.png``: the sample archive, the seed open, every panel shown.

Run it on a real X server (a screenshot of the offscreen platform lacks native font hinting)::

    xvfb-run -a -s "-screen 0 1440x900x24" env QT_QPA_PLATFORM=xcb .venv/bin/python -m desktop.screenshot

``--show`` takes the README's other views of the window: ``facets`` (the Facets tab raised),
``saved`` (two saved searches, counted), ``reader-menu`` and ``results-menu`` (a context menu open,
taken from the screen, so the X server's screen must hold the window).

The sample archive is indexed first (with extraction, by the ``morgue index`` command) into a
temporary data directory, or into ``--data`` if given (kept, so a second run is quick).
"""

from __future__ import annotations

import argparse
import functools
import logging
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from PySide6.QtGui import QPalette
    from PySide6.QtWidgets import QApplication, QDockWidget, QWidget

    from desktop.main_window import MainWindow

log = logging.getLogger(__name__)

REPO = Path(__file__).resolve().parents[1]
DEFAULT_OUT = REPO / "resources" / "screenshots" / "main-window.png"
DEFAULT_QUERY = "troops OR mayor"
SEED_TITLE = "Troops might already be in Chicago"


def index_folder(folder: Path, data: Path) -> None:
    """Index ``folder`` into the archive in ``data`` with the ``morgue`` command (extraction included)."""
    cmd = [sys.executable, "-m", "desktop.cli", "--data", str(data), "index", str(folder)]
    log.info("indexing: %s", " ".join(cmd))
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=REPO)
    if done.returncode not in (0, 1):  # 1: some files were unreadable, which is fine here
        raise SystemExit(f"indexing failed:\n{done.stderr}")


def dark_palette() -> QPalette:
    """A dark system theme, as a desktop's dark mode would hand it to Qt (for checking contrast)."""
    from PySide6.QtGui import QColor, QPalette

    palette = QPalette()
    role, group = QPalette.ColorRole, QPalette.ColorGroup
    for r, colour in ((role.Window, "#2b2b2b"), (role.WindowText, "#e6e6e6"), (role.Base, "#1f1f1f"),
                      (role.AlternateBase, "#2a2a2a"), (role.Text, "#e6e6e6"), (role.Button, "#353535"),
                      (role.ButtonText, "#e6e6e6"), (role.Highlight, "#2f65ca"), (role.HighlightedText, "#ffffff"),
                      (role.Link, "#78a9ff"), (role.ToolTipBase, "#3a3a3a"), (role.ToolTipText, "#f0f0f0"),
                      (role.PlaceholderText, "#8c8c8c"), (role.Light, "#4a4a4a"), (role.Midlight, "#3e3e3e"),
                      (role.Mid, "#2f2f2f"), (role.Dark, "#191919"), (role.Shadow, "#000000")):
        palette.setColor(r, QColor(colour))
    for r in (role.Text, role.WindowText, role.ButtonText):
        palette.setColor(group.Disabled, r, QColor("#7a7a7a"))
    return palette


SHOWS = ("facets", "saved", "reader-menu", "results-menu")
SAVED_SEARCHES = [("Okafor", "Okafor"), ("The mayor in 2025", "mayor date:2025"),
                  ("Bluesky posts", "platform:bluesky"), ("The strike", '"transit strike" OR walkout')]


def open_window(data: Path, query: str, size: tuple[int, int], dark: bool = False,
                saved_searches: list[tuple[str, str]] | None = None) -> tuple[QApplication, MainWindow]:
    """The application and a main window on ``data`` (settings of its own, ``query`` in the field,
    ``saved_searches`` if given), not shown yet."""
    from PySide6.QtWidgets import QApplication

    from desktop.archives import open_data_dir
    from desktop.main_window import MainWindow
    from desktop.settings import Settings, file_settings

    app = QApplication.instance() or QApplication([sys.argv[0]])
    assert isinstance(app, QApplication)
    if dark:
        app.setStyle("Fusion")
        app.setPalette(dark_palette())
    settings = Settings(file_settings(Path(tempfile.mkdtemp(prefix="morgue-shot-")) / "morgue.ini"))
    settings.last_query = query
    if saved_searches:
        settings.saved_searches = saved_searches
    window = MainWindow(settings, functools.partial(open_data_dir, data))
    window.resize(*size)
    return app, window


def save_png(widget: QWidget, out: Path) -> bool:
    """Save a picture of ``widget`` as the PNG ``out`` (its folder made); whether it was written."""
    out.parent.mkdir(parents=True, exist_ok=True)
    ok = widget.grab().save(str(out), "PNG")
    log.info("saved %s (%s)", out, "ok" if ok else "FAILED")
    return bool(ok)


def take(out: Path, data: Path, query: str, size: tuple[int, int], title: str, dark: bool = False,
         panel: str | None = None, show: str | None = None) -> int:
    """Open the window on ``data``, search ``query``, open the article titled ``title``…, save a PNG
    (of the whole window, or of one ``panel``: "entities" or "quotes", given the height of the others; ``show``:
    one of ``SHOWS``)."""
    from PySide6.QtCore import QTimer

    app, window = open_window(data, query, size, dark, SAVED_SEARCHES if show == "saved" else None)
    result = {"code": 1}

    def on_results_shown(_request_id: int) -> None:
        model = window.results_model
        rows = [r for r in range(model.rowCount()) if str(model.hit(r).title).startswith(title)]  # type: ignore[union-attr]
        if not rows:
            log.error("no result titled %r for %r", title, query)
            app.exit(2)
            return
        window.results_view.setCurrentIndex(model.index(rows[0]))

    def panel_dock() -> QDockWidget:
        return window.quotes_dock if panel == "quotes" else window.entities_dock

    def on_article_shown(_article_id: str) -> None:
        if window.quotes_panel.model.quotes:
            window.quotes_panel.select_quote(1 if len(window.quotes_panel.model.quotes) > 1 else 0)
        window.entities_panel.view.scrollToTop()
        if panel is not None:
            from PySide6.QtCore import Qt

            dock = panel_dock()
            for other in (window.quotes_dock, window.posts_dock, window.entities_dock):
                if other is not dock:
                    other.hide()
            window.resizeDocks([dock], [size[1]], Qt.Orientation.Vertical)
            window.resizeDocks([dock], [size[0] // 3], Qt.Orientation.Horizontal)
        if show == "facets":
            from PySide6.QtCore import Qt

            window.extras.facets_dock.raise_()
            window.resizeDocks([window.extras.facets_dock], [int(size[1] * 0.55)], Qt.Orientation.Vertical)
        elif show == "saved":
            window.extras.saved.dock.raise_()
        QTimer.singleShot(1200 if show == "saved" else 700, open_menu if show in ("reader-menu", "results-menu")
                          else save)

    menus: list[object] = []

    def open_menu() -> None:
        from PySide6.QtCore import QPoint

        if show == "reader-menu":
            reader = window.reader
            quote = window.quotes_panel.current_quote()
            if quote is not None:  # the quote selected in the panel is selected in the reader too
                reader.scroll_to_quote(quote[0])
            rect = reader.cursorRect(reader.textCursor())
            pos = QPoint(rect.left() + 40, rect.bottom() + 4)
            menu = reader.menu_at(pos)
            menu.popup(reader.viewport().mapToGlobal(pos))
        else:
            view = window.results_view
            rect = view.visualRect(view.currentIndex())
            pos = QPoint(rect.left() + rect.width() // 2, rect.top() + rect.height() // 2)
            menu = view.context_menu(view.currentIndex())  # type: ignore[assignment]
            assert menu is not None
            menu.popup(view.viewport().mapToGlobal(pos))
        menus.append(menu)  # kept alive until saved
        QTimer.singleShot(500, save)

    def save() -> None:
        if menus:  # a popup is a window of its own: take the screen where the window is
            out.parent.mkdir(parents=True, exist_ok=True)
            geo = window.frameGeometry()
            image = window.screen().grabWindow(0, geo.x(), geo.y(), geo.width(), geo.height())
            ok = bool(image.save(str(out), "PNG"))
            log.info("saved %s (%s)", out, "ok" if ok else "FAILED")
        else:
            ok = save_png(panel_dock() if panel else window, out)
        result["code"] = 0 if ok else 1
        app.quit()

    window.results_shown.connect(on_results_shown)
    window.article_shown.connect(on_article_shown)
    return run_window(app, window, result, 60_000)


def run_window(app: QApplication, window: MainWindow, result: dict[str, int], timeout_ms: int) -> int:
    """Show ``window`` and run the event loop until a step quits it (or ``timeout_ms`` pass: 3);
    the exit code: ``result["code"]`` when the loop ended normally, else the loop's own."""
    from PySide6.QtCore import QTimer

    QTimer.singleShot(timeout_ms, lambda: app.exit(3))
    window.show()
    code = app.exec()
    window.close()
    return result["code"] if code == 0 else code


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"the PNG to write (default {DEFAULT_OUT})")
    parser.add_argument("--folder", type=Path, default=None, help="the archive folder (default: the sample)")
    parser.add_argument("--data", type=Path, default=None, help="data directory to index into and keep")
    parser.add_argument("--query", default=DEFAULT_QUERY)
    parser.add_argument("--open", default=SEED_TITLE, help="open the result whose title starts with this")
    parser.add_argument("--size", default="1440x900", help="window size, WIDTHxHEIGHT")
    parser.add_argument("--dark", action="store_true", help="with the dark colour scheme")
    parser.add_argument("--panel", choices=("entities", "quotes"),
                        help="save only this panel, as tall as the window allows")
    parser.add_argument("--show", choices=SHOWS, help="the Facets or Saved Searches tab, or a context menu open")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")

    from desktop.archives import sample_archive_folder

    folder = args.folder or sample_archive_folder()
    data = args.data or Path(tempfile.mkdtemp(prefix="morgue-shot-data-"))
    index_folder(folder, data)
    width, height = (int(x) for x in args.size.lower().split("x"))
    return take(args.out, data, args.query, (width, height), args.open, args.dark, args.panel, args.show)


if __name__ == "__main__":
    sys.exit(main())
