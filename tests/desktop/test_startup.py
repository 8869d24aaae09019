"""Start-up stays light: no spaCy ever, no Whoosh before the window is shown, no index scan."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

SCRIPT = """
import functools, json, sys
from pathlib import Path
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

app = QApplication([])
from desktop.archives import open_data_dir
from desktop.main_window import MainWindow
from desktop.settings import Settings, file_settings

window = MainWindow(Settings(file_settings(Path(sys.argv[2]))), functools.partial(open_data_dir, Path(sys.argv[1])))
after_construction = sorted(m for m in ("whoosh", "spacy", "index.archive") if m in sys.modules)
rows = []
window.results_shown.connect(lambda rid: (rows.append(window.results_model.rowCount()), app.quit()))
QTimer.singleShot(20000, lambda: app.exit(3))
window.show()
code = app.exec()
window.shutdown()
print(json.dumps({"code": code, "after_construction": after_construction, "rows": rows,
                  "spacy": any(m == "spacy" or m.startswith("spacy.") for m in sys.modules),
                  "qtnetwork": "PySide6.QtNetwork" in sys.modules}))
"""


def test_the_window_starts_without_spacy_and_opens_the_archive_after_showing(archive_dir: Path,
                                                                              tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    repo = Path(__file__).resolve().parents[2]
    out = subprocess.run([sys.executable, "-c", SCRIPT, str(archive_dir), str(tmp_path / "s.ini")],
                         capture_output=True, text=True, env=env, cwd=repo, timeout=60)
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["code"] == 0
    assert result["after_construction"] == []  # the archive opens in the worker, after show()
    assert result["rows"] and result["rows"][0] > 0
    assert result["spacy"] is False
    assert result["qtnetwork"] is False
