"""The ``morgue`` command line: a front-end over the core, beside the window.

``desktop.cli.main.main`` is the entry point. Importing this package loads no Qt: the commands that
need it (the app itself, PDF export) import it when they run.
"""

from __future__ import annotations

from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``morgue`` with ``argv`` (default: the process's arguments); returns the exit code."""
    from desktop.cli.main import main as run

    return run(argv)
