"""The core never loads Qt nor a front-end: every module of index/ is imported in a fresh interpreter,
and every import statement of index/ (those inside functions too) is read."""

from __future__ import annotations

import ast
import pkgutil
import subprocess
import sys
from pathlib import Path

import index

FRONT_ENDS = ("desktop", "PySide6", "shiboken6")


def test_index_modules_do_not_import_qt() -> None:
    names = sorted(m.name for m in pkgutil.walk_packages(index.__path__, "index."))
    assert "index.archive" in names and "index.search" in names
    code = (
        "import importlib, sys\n"
        f"for name in {names!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6', 'desktop')))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def imported_modules(tree: ast.AST) -> list[tuple[int, str]]:
    """(line, module) of every import statement in a module, wherever it is (functions, branches, TYPE_CHECKING)."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module))
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute | ast.Name)
              and (node.func.attr if isinstance(node.func, ast.Attribute) else node.func.id)
              in ("import_module", "__import__") and node.args and isinstance(node.args[0], ast.Constant)):
            found.append((node.lineno, str(node.args[0].value)))
    return sorted(found)


def test_no_import_statement_in_index_names_a_front_end() -> None:
    root = Path(index.__file__).parent
    files = sorted(root.rglob("*.py"))
    assert len(files) > 20
    bad = [
        f"{path.relative_to(root.parent)}:{line}: {name}"
        for path in files
        for line, name in imported_modules(ast.parse(path.read_text("utf-8"), str(path)))
        if name.split(".")[0] in FRONT_ENDS
    ]
    assert bad == []


def test_the_import_reader_sees_imports_inside_functions() -> None:
    tree = ast.parse("def f():\n    if x:\n        from desktop.pdf import export_pdf\n    import PySide6.QtCore\n"
                     "    importlib.import_module('desktop.app')\n")
    assert [name for _line, name in imported_modules(tree)] == ["desktop.pdf", "PySide6.QtCore", "desktop.app"]


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
