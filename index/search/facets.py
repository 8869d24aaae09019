"""Exact facet counts over every matching document, as array operations.

For each faceted field, every (document, value) pair of the index is kept as two arrays. Counting
the values of a result set is then a mask lookup and a ``bincount``, whatever the size of the
result: the top values of 40,000 matches at 100,000 articles take a few milliseconds.

The pairs are read per segment, from one walk of the segment's terms, and saved beside the index
(a segment never changes once written; its deletions are applied when counting). A new process
loads them instead of reading thousands of posting lists again: that read was most of the first
search's time after starting the app.
"""

from __future__ import annotations

import contextlib
import logging
import os
from pathlib import Path

import numpy as np

from index.search.engine import Columns
from index.store.w3 import Segment

log = logging.getLogger(__name__)

_SEP = "\x00"  # between values in a saved table (facet values never hold it)


class FieldFacet:
    """Counts of one field's values over sets of documents of one opened index."""

    def __init__(self, cols: Columns, field: str, cache_dir: Path | None = None) -> None:
        self.field = field
        names, docs, vals = [], [], []
        for seg in cols.segments:
            seg_names, seg_docs, seg_vals = _segment_table(seg, field, cache_dir)
            names.append(seg_names)
            docs.append(seg_docs.astype(np.int64) + seg.offset)
            vals.append(seg_vals)
        all_names = np.concatenate(names) if names else np.zeros(0, dtype=str)
        # One number per distinct value, in the order of the strings: ties in count go by name.
        unique, inverse = np.unique(all_names, return_inverse=True)
        self.values: list[str] = unique.tolist()
        base, numbered = 0, []
        for seg_names, seg_vals in zip(names, vals, strict=True):
            numbered.append(inverse[base + seg_vals] if seg_vals.size else seg_vals.astype(np.int64))
            base += seg_names.size
        docs_all = np.concatenate(docs) if docs else np.zeros(0, dtype=np.int64)
        vals_all = np.concatenate(numbered) if numbered else np.zeros(0, dtype=np.int64)
        live = cols.live[docs_all]  # deleted documents count for nothing
        self._docs, self._vals = docs_all[live], vals_all[live]

    def counts(self, mask: np.ndarray, limit: int | None) -> list[tuple[str, int]]:
        """The ``limit`` most frequent values among the documents set in ``mask`` (all for None),
        most frequent first, ties by name."""
        if not self.values:
            return []
        counts = np.bincount(self._vals[mask[self._docs]], minlength=len(self.values))
        present = np.flatnonzero(counts)
        order = present[np.lexsort((present, -counts[present]))]
        if limit is not None:
            order = order[:limit]
        return [(self.values[i], int(counts[i])) for i in order]


def _segment_table(seg: Segment, field: str, cache_dir: Path | None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A segment's values of ``field`` and its (document, value number) pairs, saved or read
    (not saved when the segment has no id: Whoosh's public search, see ``index.store.w3``)."""
    if seg.id is None:
        cache_dir = None
    path = cache_dir / f"{seg.id}.{field}.npz" if cache_dir is not None else None
    if path is not None and path.exists():
        try:
            with np.load(path) as saved:
                text = saved["names"].tobytes().decode()
                names = np.array(text.split(_SEP) if text else [], dtype=str)
                return names, saved["docs"], saved["vals"]
        except (OSError, ValueError, KeyError) as exc:
            log.info("facet table %s unreadable (%s); reading the index", path, exc)
    found: list[str] = []
    docs, vals = [], []
    for btext, ids in seg.field_postings(field):
        docs.append(ids.astype(np.int32))
        vals.append(np.full(ids.size, len(found), dtype=np.int32))
        found.append(btext.decode())
    names = np.array(found, dtype=str)
    seg_docs = np.concatenate(docs) if docs else np.zeros(0, dtype=np.int32)
    seg_vals = np.concatenate(vals) if vals else np.zeros(0, dtype=np.int32)
    if path is not None:
        _save(path, found, seg_docs, seg_vals)
    return names, seg_docs, seg_vals


def _save(path: Path, names: list[str], docs: np.ndarray, vals: np.ndarray) -> None:
    """Write a table atomically; a read-only or full disk only costs the next start its time."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(tmp, "wb") as fh:
            np.savez(fh, names=np.frombuffer(_SEP.join(names).encode(), dtype=np.uint8), docs=docs, vals=vals)
        os.replace(tmp, path)
    except OSError as exc:
        log.info("facet table %s not saved: %s", path, exc)
        with contextlib.suppress(OSError):
            tmp.unlink()


def prune_tables(cache_dir: Path, segment_ids: set[str]) -> None:
    """Remove the saved tables of segments the index no longer has."""
    with contextlib.suppress(OSError):
        for f in cache_dir.glob("*.npz"):
            if f.name.split(".", 1)[0] not in segment_ids:
                with contextlib.suppress(OSError):
                    f.unlink()
