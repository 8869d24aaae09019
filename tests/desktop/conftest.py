"""Fixtures for the desktop tests: a small indexed archive built from the seed, windows on it.

The archive is indexed once per session by the ``morgue index`` command in a subprocess, the way
a user would, so spaCy never loads into the test process (as it never loads into the GUI).
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

# The checkout must be importable as such: without it, this folder (tests/desktop, on sys.path
# for the tests) would pass for a namespace package called "desktop".
REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))
from PySide6.QtCore import QSettings  # noqa: E402

from desktop.archives import open_data_dir  # noqa: E402
from desktop.main_window import MainWindow, WindowOptions  # noqa: E402
from desktop.settings import Settings, file_settings  # noqa: E402
from desktop.workers import IndexOptions  # noqa: E402

# Small articles in the seed format, besides the seed itself: enough for more than one page of
# results (20 a page) and a timeline over several months.
FERRY_DATES = [f"2024-{m:02d}-{d:02d}" for m in range(1, 13) for d in (5, 20)][:22]
EXTRA_ARTICLES = {
    "budget-2025.txt": ("2025-09-12", "The city council passed the budget after a long night.\n\n"
                        "The mayor called it a fair compromise."),
    "storm-2025.txt": ("2025-08-28", "A storm closed the harbour and cancelled every ferry.\n\n"
                       "The council met in emergency session."),
    **{f"ferry-{date}.txt": (date, f"Ferry crossing number {i} to Halden Island ran on time.\n\n"
                             "Passengers praised the crew.") for i, date in enumerate(FERRY_DATES)},
}
ARTICLE_COUNT = 1 + len(EXTRA_ARTICLES)


def write_seed_text(folder: Path, name: str, date: str, body: str) -> Path:
    """Write one article in the seed text format."""
    path = folder / name
    path.write_text(f" date {date} {body}\n", encoding="utf-8")
    return path


def morgue_index(data: Path, folder: Path, *, extract: bool = True) -> None:
    """Index ``folder`` into the archive in ``data`` with the ``morgue`` command."""
    cmd = [sys.executable, "-m", "desktop.cli", "--data", str(data), "index", str(folder), "--processes", "1"]
    if not extract:
        cmd.append("--no-extract")
    out = subprocess.run(cmd, capture_output=True, text=True, env=os.environ.copy(), timeout=600)
    assert out.returncode == 0, out.stderr


@pytest.fixture(scope="session")
def article_count() -> int:
    """How many articles the test archive holds."""
    return ARTICLE_COUNT


@pytest.fixture(scope="session")
def expected(shared: Path) -> dict:
    """What the panels must show for the seed article."""
    return json.loads((shared / "seed" / "expected.json").read_text("utf-8"))


@pytest.fixture(scope="session")
def archive_dir(tmp_path_factory: pytest.TempPathFactory, seed_path: Path) -> Path:
    """The data directory of an archive of the seed and 24 small articles, indexed with extraction."""
    root = tmp_path_factory.mktemp("saved")
    shutil.copy(seed_path, root)
    for name, (date, body) in EXTRA_ARTICLES.items():
        write_seed_text(root, name, date, body)
    data = tmp_path_factory.mktemp("data")
    morgue_index(data, root)
    return data


@pytest.fixture(autouse=True)
def _no_user_settings(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Anything that would use the default QSettings writes under a temporary folder instead."""
    folder = str(tmp_path_factory.getbasetemp() / "qsettings")
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, folder)
        QSettings.setPath(fmt, QSettings.Scope.SystemScope, folder)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """The app's settings in an INI file of this test's temporary folder."""
    return Settings(file_settings(tmp_path / "morgue.ini"))


WindowFactory = Callable[..., MainWindow]


@pytest.fixture
def make_window(qtbot, settings: Settings) -> Iterator[WindowFactory]:  # type: ignore[no-untyped-def]
    """Open main windows and wait until their archive is open and the first results are shown."""
    windows: list[MainWindow] = []

    def make(data_dir: Path | None = None, *, opener=None, wait_results: bool = True,  # type: ignore[no-untyped-def]
             settings_: Settings | None = None, **index_options: object) -> MainWindow:
        options = WindowOptions(index=IndexOptions(processes=1, **index_options))  # type: ignore[arg-type]
        opener = opener or functools.partial(open_data_dir, data_dir)
        window = MainWindow(settings_ or settings, opener, options)
        qtbot.addWidget(window)
        windows.append(window)
        if wait_results:
            with qtbot.waitSignals([window.archive_shown, window.results_shown], timeout=20_000):
                window.show()
        else:
            window.show()
        return window

    yield make
    for window in windows:
        window.shutdown()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            # The offscreen platform cannot pass size hints on; harmless (shared/notes/qt.md, 2).
            item.add_marker(pytest.mark.qt_log_ignore("propagateSizeHints"))
