"""Reproduce ``resources/screenshots/person-page.png``: a person's page on an indexed archive.

    xvfb-run -a -s "-screen 0 1600x1000x24" env QT_QPA_PLATFORM=xcb \\
        .venv/bin/python -m desktop.screenshot_person --data DATA_DIR --person "Donald Trump"

``DATA_DIR`` is an archive indexed with extraction (``morgue --data DATA_DIR index FOLDER``).
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

log = logging.getLogger(__name__)

REPO = Path(__file__).resolve().parents[1]
DEFAULT_OUT = REPO / "resources" / "screenshots" / "person-page.png"


def take(out: Path, data: Path, person: str, query: str, size: tuple[int, int], order: int = 0) -> int:
    """Open the window on ``data``, search ``query``, open ``person``'s page, save a PNG of the window."""
    from PySide6.QtCore import Qt, QTimer

    from desktop.screenshot import open_window, run_window, save_png

    app, window = open_window(data, query, size)
    result = {"code": 1}
    pages = window.person_pages

    def on_results_shown(_request_id: int) -> None:
        window.results_shown.disconnect(on_results_shown)
        if window.results_model.rowCount():
            window.results_view.setCurrentIndex(window.results_model.index(0))
        pages.show_person(person)

    def on_page_shown(_page: object) -> None:
        view = pages.dock.view
        view.order_combo.setCurrentIndex(order)
        model = view.model
        if model.rowCount():
            view.quotes_view.setCurrentIndex(model.index(0, 0))
        # Room for the page: it shares the right side with Quotes and the tabs of Social posts.
        for dock in (window.posts_dock, window.extras.facets_dock, window.extras.saved.dock):
            dock.hide()
        window.resizeDocks([pages.dock], [760], Qt.Orientation.Horizontal)
        window.resizeDocks([window.quotes_dock, pages.dock], [220, 740], Qt.Orientation.Vertical)
        QTimer.singleShot(900, save)

    def save() -> None:
        result["code"] = 0 if save_png(window, out) else 1
        app.quit()

    window.results_shown.connect(on_results_shown)
    pages.page_shown.connect(on_page_shown)

    def on_page_failed(message: str) -> None:
        log.error("page failed: %s", message)
        app.exit(2)

    pages.page_failed.connect(on_page_failed)
    return run_window(app, window, result, 90_000)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="an indexed archive's data directory")
    parser.add_argument("--person", required=True)
    parser.add_argument("--query", default="", help="the search shown in the results (default: the person)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--size", default="1600x1000", help="window size, WIDTHxHEIGHT")
    parser.add_argument("--order", type=int, default=0, help="0 newest first, 1 by article, 2 by topic words")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    width, height = (int(x) for x in args.size.lower().split("x"))
    query = args.query or f'speaker:"{args.person}"'
    return take(args.out, args.data, args.person, query, (width, height), args.order)


if __name__ == "__main__":
    sys.exit(main())
