"""How fast the desktop app is usable: process start → window painted → first results painted, and its RSS.

    .venv/bin/python tests/benchmarks/bench_gui_start.py                 # builds an archive from the sample
    .venv/bin/python tests/benchmarks/bench_gui_start.py --data-dir DIR  # an already indexed archive
    .venv/bin/python tests/benchmarks/bench_gui_start.py --json          # one JSON line (for bench.py)

Each run is a fresh process started the way ``morgue`` starts the app (``desktop.cli.main`` with no
command, which calls ``desktop.app.main``), offscreen unless ``QT_QPA_PLATFORM`` says otherwise,
with its settings and log in a temporary folder. Times are wall clock from just before the process
is launched; the figures printed are medians over ``--runs``.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "resources" / "sample-archive"
log = logging.getLogger("bench_gui_start")

CHILD = r"""
import json, os, resource, sys, time
from pathlib import Path
launched = float(sys.argv[2])
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

app = QApplication([sys.argv[0]])
marks = {}

def rss_mb():
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

class Marks(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            now = time.time() - launched
            window = obj.window() if hasattr(obj, "window") else None
            if "shown_s" not in marks and type(window).__name__ == "MainWindow":
                marks["shown_s"] = now
                marks["rss_shown_mb"] = rss_mb()
            view = obj.parent()
            if ("usable_s" not in marks and view is not None and view.objectName() == "results"
                    and view.model() is not None and view.model().rowCount() > 0):
                marks["usable_s"] = now  # the first paint of the list with results in it
                marks["rss_mb"] = rss_mb()
                marks["rows"] = view.model().rowCount()
                marks["modules"] = {m: m in sys.modules for m in ("whoosh", "spacy", "PySide6.QtNetwork")}
                QTimer.singleShot(0, lambda: [w.close() for w in QApplication.topLevelWidgets()])
        return False

marks_filter = Marks()
app.installEventFilter(marks_filter)
QTimer.singleShot(60_000, lambda: app.exit(3))
from desktop.cli import main
code = main(["--data", sys.argv[1]])
marks["exit"] = code
marks["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print("MARKS " + json.dumps(marks), flush=True)
"""


def build_archive(folder: Path, data: Path, extract: bool) -> None:
    """Index ``folder`` into ``data`` with the ``morgue`` command."""
    cmd = [sys.executable, "-m", "desktop.cli", "--data", str(data), "index", str(folder)]
    if not extract:
        cmd.append("--no-extract")
    log.info("building the archive: %s", " ".join(cmd))
    started = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=REPO)
    if done.returncode not in (0, 1):  # 1: some files could not be read
        raise SystemExit(f"indexing failed:\n{done.stderr}")
    log.info("indexed in %.1f s", time.perf_counter() - started)


def one_run(data: Path, bytecode: bool = True) -> dict[str, object]:
    """Start the app once on ``data``; its marks."""
    private = Path(tempfile.mkdtemp(prefix="morgue-bench-gui-"))
    env = {**os.environ, "XDG_CONFIG_HOME": str(private / "config"), "XDG_STATE_HOME": str(private / "state")}
    if bytecode:
        # As after a real install: compiled modules are cached (the warm-up run writes them).
        env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    launched = time.time()
    try:
        proc = subprocess.run([sys.executable, "-c", CHILD, str(data), repr(launched)], capture_output=True,
                              text=True, cwd=REPO, env=env, timeout=120)
    finally:
        shutil.rmtree(private, ignore_errors=True)  # one private settings folder per start, not left behind
    for line in proc.stdout.splitlines():
        if line.startswith("MARKS "):
            marks: dict[str, object] = json.loads(line[6:])
            marks["process_exit"] = proc.returncode
            return marks
    raise SystemExit(f"the app printed no marks (exit {proc.returncode}):\n{proc.stderr[-2000:]}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-dir", type=Path, help="an indexed archive's data directory (default: build one)")
    parser.add_argument("--folder", type=Path, default=SAMPLE, help="what to index when building (the sample)")
    parser.add_argument("--no-extract", action="store_true", help="build the archive without extraction")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", action="store_true", help="print one JSON line of medians")
    parser.add_argument("--no-bytecode", action="store_true",
                        help="honour PYTHONDONTWRITEBYTECODE (every start compiles index/ and desktop/)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)

    data = args.data_dir
    if data is None:
        data = Path(tempfile.mkdtemp(prefix="morgue-bench-gui-data-"))
        build_archive(args.folder, data, extract=not args.no_extract)
    bytecode = not args.no_bytecode
    one_run(data, bytecode)  # warm-up: disk cache, compiled modules, fontconfig cache
    runs = []
    for i in range(args.runs):
        marks = one_run(data, bytecode)
        log.info("run %d: window painted %.3f s, first results painted %.3f s, RSS %.0f MB", i + 1,
                 marks.get("shown_s", float("nan")), marks.get("usable_s", float("nan")),
                 marks.get("rss_mb", float("nan")))
        runs.append(marks)

    def median(key: str) -> float | None:
        values = [float(r[key]) for r in runs if isinstance(r.get(key), int | float)]
        return round(statistics.median(values), 3) if values else None

    summary = {
        "runs": len(runs),
        "shown_s": median("shown_s"),
        "usable_s": median("usable_s"),
        "rss_mb": median("rss_mb"),
        "peak_rss_mb": median("peak_rss_mb"),
        "rows": runs[-1].get("rows"),
        "modules_at_first_results": runs[-1].get("modules"),
        "platform": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
        "bytecode_cached": bytecode,
        "load_average": os.getloadavg()[0],
        "cpus": os.cpu_count(),
        "data_dir": str(data),
        "bench_rss_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1),
    }
    if args.json:
        print(json.dumps(summary))
    else:
        print(f"window painted:        {summary['shown_s']} s (median of {len(runs)})")
        print(f"first results painted: {summary['usable_s']} s")
        print(f"GUI RSS then:          {summary['rss_mb']} MB (peak {summary['peak_rss_mb']} MB)")
        print(f"modules loaded then:   {summary['modules_at_first_results']}")
        print(f"load average:          {summary['load_average']:.1f} on {summary['cpus']} CPUs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
