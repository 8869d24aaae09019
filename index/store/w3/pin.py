"""The Whoosh release whose private W3 format ``read`` and ``write`` rely on, and the switch to the public API."""

from __future__ import annotations

import os

import whoosh

WHOOSH_VERSION = (2, 7, 5)  # whoosh-reloaded, pinned in pyproject.toml
PUBLIC_ENV = "MORGUE_WHOOSH_PUBLIC"  # set to 1 to use only Whoosh's public API (tests, diagnosis)


def pin_problem() -> str | None:
    """Why the private format must not be used (the switch is set, or another Whoosh), or None."""
    if os.environ.get(PUBLIC_ENV) == "1":
        return f"{PUBLIC_ENV}=1"
    version = tuple(getattr(whoosh, "__version__", ())[:3])
    if version != WHOOSH_VERSION:
        found = ".".join(map(str, version)) or "?"
        return f"Whoosh {found} is not the {'.'.join(map(str, WHOOSH_VERSION))} this reads and writes"
    return None
