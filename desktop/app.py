"""Starting the app: ``morgue`` with no arguments calls :func:`main`.

Start-up stays light: Qt and the window only. The archive (and Whoosh) opens in the core worker
after the window is shown; spaCy is never imported in this process.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Sequence
from pathlib import Path

log = logging.getLogger(__name__)


def main(argv: Sequence[str] = (), data: Path | None = None) -> int:
    """Open the main window on the archive in ``data`` (or the remembered one, or the sample).

    ``argv`` is what followed ``morgue`` on the command line (only ``-v``/``--verbose`` matters
    here). Returns the exit code.
    """
    from PySide6.QtWidgets import QApplication

    from desktop.errors import CrashHandler, setup_logging
    from desktop.main_window import MainWindow, WindowOptions
    from desktop.settings import APPLICATION, ORGANIZATION, Settings
    from desktop.theme import app_icon

    verbose = any(a in ("-v", "--verbose") for a in argv)
    log_path = setup_logging(verbose)
    log.info("starting Morgue (data=%s)", data)

    QApplication.setOrganizationName(ORGANIZATION)
    QApplication.setApplicationName(APPLICATION)
    QApplication.setApplicationDisplayName("Morgue")
    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "morgue"])
    assert isinstance(app, QApplication)
    app.setWindowIcon(app_icon())
    crash = CrashHandler(log_path)
    crash.install()

    from functools import partial

    from desktop.archives import open_at_start

    settings = Settings()
    # A --data launch opens that archive this once: a plain ``morgue`` keeps opening the usual one.
    options = WindowOptions(remember_archive=data is None)
    window = MainWindow(settings, partial(open_at_start, data, settings.archive_dir), options, crash_handler=crash)
    window.show()
    try:
        return int(app.exec())
    finally:
        window.shutdown()
        crash.uninstall()
        log.info("Morgue closed")
