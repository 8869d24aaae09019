"""Errors: the user's are shown as messages, bugs reach the crash dialog with the log path."""

from __future__ import annotations

import functools
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

import desktop.main_window
from desktop.archives import open_data_dir
from desktop.errors import CrashHandler
from desktop.main_window import MainWindow


@pytest.fixture
def crash_dialogs(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str, str]]:
    """The crash dialogs that would have been shown: (text, informative text, details)."""
    shown: list[tuple[str, str, str]] = []

    def fake_exec(box: QMessageBox) -> QMessageBox.StandardButton:
        shown.append((box.text(), box.informativeText(), box.detailedText()))
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    return shown


def test_an_uncaught_exception_shows_the_traceback_and_the_log_path(qtbot, crash_dialogs, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    handler = CrashHandler(tmp_path / "morgue.log")
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        handler.excepthook(*sys.exc_info())  # type: ignore[arg-type]
    (text, informative, details), = crash_dialogs
    assert "bug" in text
    assert str(tmp_path / "morgue.log") in informative
    assert "RuntimeError: boom" in details and "Traceback" in details


def test_an_exception_in_another_thread_reaches_the_dialog_in_the_gui_thread(qtbot, crash_dialogs,  # type: ignore[no-untyped-def]
                                                                             tmp_path: Path) -> None:
    handler = CrashHandler(tmp_path / "morgue.log")
    handler.install()
    try:
        with qtbot.waitSignal(handler.crash_reported):
            thread = threading.Thread(target=lambda: 1 / 0)
            thread.start()
            thread.join()
        qtbot.waitUntil(lambda: len(crash_dialogs) == 1)
    finally:
        handler.uninstall()
    assert "ZeroDivisionError" in crash_dialogs[0][2]


def test_a_bug_in_the_worker_reaches_the_crash_dialog(qtbot, crash_dialogs, archive_dir: Path, settings,  # type: ignore[no-untyped-def]
                                                      tmp_path: Path) -> None:
    handler = CrashHandler(tmp_path / "morgue.log")
    window = MainWindow(settings, functools.partial(open_data_dir, archive_dir), crash_handler=handler)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.results_shown, timeout=20_000):
        window.show()
    client = window.client
    with qtbot.waitSignal(client.bug_found, timeout=10_000):
        client._submit("search", client.ids.new("search"), lambda archive: {}["no such key"])
    qtbot.waitUntil(lambda: len(crash_dialogs) == 1)
    assert "KeyError" in crash_dialogs[0][2]
    # The window keeps working.
    with qtbot.waitSignal(window.results_shown, timeout=10_000):
        window.search_bar.set_text("ferry")
    window.shutdown()


def test_an_archive_error_is_shown_to_the_user_not_as_a_crash(qtbot, make_window, monkeypatch, crash_dialogs,  # type: ignore[no-untyped-def]
                                                              tmp_path: Path) -> None:
    errors: list[tuple[str, str]] = []
    monkeypatch.setattr(desktop.main_window, "show_error",
                        lambda parent, title, message: errors.append((title, message)))
    data = tmp_path / "broken"
    data.mkdir()
    (data / "archive.json").write_text("{not json", encoding="utf-8")
    window = make_window(data, wait_results=False)
    qtbot.waitUntil(lambda: len(errors) == 1, timeout=10_000)
    title, message = errors[0]
    assert title == "The archive cannot be opened"
    assert "cannot be read" in message and str(data) in message
    assert crash_dialogs == []
    assert window.results_view.placeholder == "No archive is open."


APP_SCRIPT = """
import sys
from pathlib import Path
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

app = QApplication([])

def quit_when_results_are_shown():
    from desktop.main_window import MainWindow
    for w in QApplication.topLevelWidgets():
        if isinstance(w, MainWindow) and w.results_model.rowCount():
            print("ROWS", w.results_model.rowCount(), flush=True)
            w.close()
            app.quit()

timer = QTimer()
timer.timeout.connect(quit_when_results_are_shown)
timer.start(50)
QTimer.singleShot(30000, lambda: app.exit(3))
from desktop.app import main
sys.exit(main([], Path(sys.argv[1])))
"""


def test_the_morgue_command_opens_the_app(archive_dir: Path, tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path / "config"),
           "XDG_STATE_HOME": str(tmp_path / "state")}
    repo = Path(__file__).resolve().parents[2]
    out = subprocess.run([sys.executable, "-c", APP_SCRIPT, str(archive_dir)], capture_output=True, text=True,
                         env=env, cwd=repo, timeout=60)
    assert out.returncode == 0, out.stderr
    assert "ROWS 20" in out.stdout
    log = tmp_path / "state" / "morgue" / "log" / "morgue.log"
    assert "starting Morgue" in log.read_text("utf-8")
    conf = (tmp_path / "config" / "Morgue" / "Morgue.conf").read_text("utf-8")
    # Launched with --data: that archive opens this once; a plain ``morgue`` keeps opening the usual one.
    assert "[search]" in conf and str(archive_dir) not in conf
