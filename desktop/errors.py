"""Errors in the app: a user's errors are shown where they happen; bugs reach a crash dialog.

An ``ArchiveError`` carries one sentence the user can act on: the window shows it in the status
bar or a message box. Anything else is a bug: it is logged with its traceback to the log file
and shown in a dialog that names that file.
"""

from __future__ import annotations

import logging
import logging.handlers
import sys
import threading
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

log = logging.getLogger(__name__)

LOG_NAME = "morgue.log"


def log_dir() -> Path:
    """The user log directory (platformdirs)."""
    import platformdirs

    return Path(platformdirs.user_log_dir("morgue", appauthor=False))


def setup_logging(verbose: bool = False, directory: Path | None = None) -> Path | None:
    """Log to a rotating file in the user log directory (and to stderr when ``verbose``).

    Returns the log file, or None if it cannot be written (then only stderr is used).
    """
    root = logging.getLogger()
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    if not verbose:
        # The terminal (the CLI's handler) gets warnings only; the file gets the rest too.
        for existing in root.handlers:
            if type(existing) is logging.StreamHandler:
                existing.setLevel(logging.WARNING)
    fmt = logging.Formatter("%(asctime)s %(levelname)s %(threadName)s %(name)s: %(message)s")
    path: Path | None = (directory or log_dir()) / LOG_NAME
    try:
        assert path is not None
        path.parent.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=2_000_000, backupCount=3, encoding="utf-8"
        )
    except OSError as exc:
        print(f"morgue: cannot write the log file {path} ({exc})", file=sys.stderr)
        path = None
    else:
        handler.setFormatter(fmt)
        root.addHandler(handler)
    if verbose:
        stream = logging.StreamHandler()
        stream.setFormatter(fmt)
        root.addHandler(stream)
    return path


class CrashHandler(QObject):
    """Shows a crash dialog for any exception no one handled, from any thread.

    Installed as ``sys.excepthook`` and ``threading.excepthook``; reports from other threads are
    relayed to the GUI thread through a queued signal.
    """

    crash_reported = Signal(str)

    def __init__(self, log_path: Path | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.log_path = log_path
        self._showing = False
        self._previous_hook = sys.excepthook
        self._previous_thread_hook = threading.excepthook
        self.crash_reported.connect(self.show_crash, Qt.ConnectionType.QueuedConnection)

    def install(self) -> None:
        """Become the handler of uncaught exceptions, in the GUI thread and in any other."""
        self._previous_hook = sys.excepthook
        self._previous_thread_hook = threading.excepthook
        sys.excepthook = self.excepthook
        threading.excepthook = self.thread_excepthook

    def uninstall(self) -> None:
        sys.excepthook = self._previous_hook
        threading.excepthook = self._previous_thread_hook

    def excepthook(self, kind: type[BaseException], value: BaseException,
                   tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            QApplication.quit()
            return
        text = "".join(traceback.format_exception(kind, value, tb))
        log.critical("unhandled exception:\n%s", text)
        self.report(text)

    def thread_excepthook(self, args: threading.ExceptHookArgs) -> None:
        self.excepthook(args.exc_type, args.exc_value or args.exc_type(), args.exc_traceback)

    def report(self, text: str) -> None:
        """Show the crash dialog for a traceback (from any thread)."""
        app = QApplication.instance()
        if app is not None and QThread.currentThread() is app.thread():
            self.show_crash(text)
        else:
            self.crash_reported.emit(text)

    @Slot(str)
    def show_crash(self, text: str) -> None:
        if self._showing:  # one dialog at a time; the rest is in the log
            return
        self._showing = True
        try:
            parent = QApplication.activeWindow()
            box = QMessageBox(parent if isinstance(parent, QWidget) else None)
            box.setIcon(QMessageBox.Icon.Critical)
            box.setWindowTitle("Morgue: unexpected error")
            box.setText("Morgue ran into a bug. Your archive is safe; you can keep working or quit.")
            where = (f"The details are in the log file:\n{self.log_path}" if self.log_path
                     else "No log file could be written.")
            box.setInformativeText(where + "\nPlease attach it when you report the problem.")
            box.setDetailedText(text)
            box.setStandardButtons(QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Close)
            box.button(QMessageBox.StandardButton.Ok).setText("Keep working")
            box.button(QMessageBox.StandardButton.Close).setText("Quit Morgue")
            if box.exec() == QMessageBox.StandardButton.Close:
                QApplication.quit()
        finally:
            self._showing = False


def show_error(parent: QWidget | None, title: str, message: str) -> None:
    """A message box for an error the user can act on."""
    QMessageBox.warning(parent, title, message)
