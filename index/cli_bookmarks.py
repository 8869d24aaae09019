"""``morgue bookmarks`` and ``morgue export``: registered on the main parser by ``index.cli``."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the bookmark and export subcommands to the ``morgue`` parser."""
