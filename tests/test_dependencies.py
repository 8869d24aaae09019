"""``pip install .`` gives a working install with any pip: every package the code imports is declared.

pip 23 (Debian 12's venv) leaves out what other packages only pull in through an extra, such as
``lxml[html_clean]``; so every import is declared directly, not left to another package's wishes.
"""

from __future__ import annotations

import ast
import importlib.metadata
import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OWN = {"index", "desktop"}
# Modules that a declared package imports but does not declare itself in a way every pip honours.
RELIED_ON = {
    "lxml_html_clean": "trafilatura's jusText imports lxml.html.clean, which lxml 5.2 moved out",
}


def _declared() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    names = set()
    for requirement in project["dependencies"]:
        names.add(_normalise(re.match(r"[A-Za-z0-9._-]+", requirement).group(0)))  # type: ignore[union-attr]
    return names


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def imported_modules(*folders: str) -> dict[str, set[str]]:
    """Top-level modules imported anywhere under the folders (inside functions too), with the files."""
    found: dict[str, set[str]] = {}
    for folder in folders:
        for path in sorted((ROOT / folder).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names = [node.module]
                else:
                    continue
                for name in names:
                    found.setdefault(name.split(".")[0], set()).add(str(path.relative_to(ROOT)))
    return found


def test_every_imported_package_is_a_declared_dependency() -> None:
    declared = _declared()
    providers = importlib.metadata.packages_distributions()
    third_party = {
        module: files
        for module, files in imported_modules("index", "desktop").items()
        if module not in sys.stdlib_module_names and module not in OWN
    }
    assert {"lxml", "trafilatura", "whoosh", "PySide6", "yaml"} <= set(third_party)
    missing = {}
    for module, files in {**third_party, **{m: {why} for m, why in RELIED_ON.items()}}.items():
        distributions = {_normalise(d) for d in providers.get(module, [])}
        assert distributions, f"{module} (imported in {sorted(files)}) is not installed"
        if not distributions & declared:
            missing[module] = (sorted(distributions), sorted(files))
    assert not missing, f"imported but not declared in pyproject.toml: {missing}"


def test_the_import_scan_sees_imports_inside_functions() -> None:
    """``read_file`` imports trafilatura lazily; the scan finds it."""
    assert "index/ingest/html.py" in imported_modules("index")["trafilatura"]
