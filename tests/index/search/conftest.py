"""The search tests run twice: on Morgue's engine over Whoosh's W3 format, and in the fallback
that ``index.store.w3`` takes when that format is not the expected one (Whoosh's own search)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from index.store.w3 import PUBLIC_ENV

MODES = ("engine", "fallback")


@pytest.fixture(scope="package", params=MODES)
def search_mode(request: pytest.FixtureRequest) -> Iterator[str]:
    """``engine`` or ``fallback`` (``MORGUE_WHOOSH_PUBLIC=1``: searchers opened meanwhile use
    Whoosh's public search only)."""
    with pytest.MonkeyPatch.context() as mp:
        if request.param == "fallback":
            mp.setenv(PUBLIC_ENV, "1")
        else:
            mp.delenv(PUBLIC_ENV, raising=False)
        yield request.param
