"""How a drift of Whoosh's private format shows: ``FormatDrift``, raised instead of whatever the decoding
failed with, so that a searcher falls back to Whoosh's public search (logged once) instead of failing."""

from __future__ import annotations

import logging
import pickle
import struct
import zlib
from collections.abc import Callable
from typing import TypeVar

log = logging.getLogger("index.store.w3.read")

# What a drift of the private format raises while decoding (a bug elsewhere raises other types).
_DECODING_ERRORS = (struct.error, pickle.UnpicklingError, zlib.error, EOFError, ValueError, IndexError,
                    KeyError, AttributeError, TypeError)
_warned: set[str] = set()

T = TypeVar("T")


class FormatDrift(Exception):  # noqa: N818 - a signal to fall back, not an error for the user
    """Whoosh's private format is not what this module expects: use Whoosh's public search."""


def guarded(what: str, read: Callable[[], T]) -> T:
    """``read()``, with any decoding failure turned into ``FormatDrift``."""
    try:
        return read()
    except FormatDrift:
        raise
    except _DECODING_ERRORS as exc:
        raise FormatDrift(f"{what}: {type(exc).__name__}: {exc}") from exc


def warn_once(reason: str) -> None:
    """Log (once per process and reason) that searches run in Whoosh's public search."""
    if reason not in _warned:
        _warned.add(reason)
        log.warning("searching with Whoosh's own (slower) search: %s", reason)
