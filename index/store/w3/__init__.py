"""The one door into Whoosh's private W3 format: ``read`` for search, ``write`` for the indexer.

Speed needs what Whoosh keeps private: whole posting lists, pickled positions and raw columns for
the search engine (``read``), a segment writer that reads field lengths once and segments written
in several processes and committed together (``write``); ``posfile`` is Morgue's own positions
file beside each segment the writer makes (what phrases read), ``pool`` the writer's pool of
postings, ``poslists`` reads Whoosh's pickled
positions into arrays for a segment without one, and ``guard`` turns any decoding surprise into
``FormatDrift``. Both sides
check the same pin (``pin``: the Whoosh release, and ``MORGUE_WHOOSH_PUBLIC=1`` to switch it off)
and their own assumptions, and fall back to Whoosh's public API with a log line instead of
failing. Nothing else in ``index/`` touches a private Whoosh name.
"""

from __future__ import annotations

from index.store.w3.pin import PUBLIC_ENV, WHOOSH_VERSION
from index.store.w3.read import (
    FormatDrift,
    Index,
    PublicIndex,
    Segment,
    TermPositions,
    open_index,
    position_keys,
    positions,
    warn_once,
)

__all__ = ["PUBLIC_ENV", "WHOOSH_VERSION", "FormatDrift", "Index", "PublicIndex", "Segment", "TermPositions",
           "open_index", "position_keys", "positions", "warn_once"]
