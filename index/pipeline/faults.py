"""The fault-injection hook: the pipeline calls ``step`` before each write or rename that must be
crash-safe, so a test can replace it to raise or kill the process at exactly that point."""

from __future__ import annotations


def step(name: str) -> None:
    """Called before the write or rename ``name``; does nothing (tests replace it)."""

