"""The core never loads Qt: every module of index/ is imported in a fresh interpreter."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import index


def test_index_modules_do_not_import_qt() -> None:
    names = sorted(m.name for m in pkgutil.walk_packages(index.__path__, "index."))
    assert "index.archive" in names and "index.cli" in names
    code = (
        "import importlib, sys\n"
        f"for name in {names!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6')))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_opening_an_archive_does_not_import_spacy(tmp_path) -> None:
    code = (
        "import sys\n"
        "from index.archive import Archive\n"
        f"a = Archive({str(tmp_path)!r})\n"
        "a.search('')\n"
        "print('spacy' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
