"""Exact facet counts over every matching document, as array operations.

For each faceted field, every (document, value) pair of the index is read once from the value's
posting list and kept as two arrays. Counting the values of a result set is then a mask lookup
and a ``bincount``, whatever the size of the result: the top values of 40,000 matches at 100,000
articles take a few milliseconds instead of walking each match's values in Python.
"""

from __future__ import annotations

import numpy as np

from index.search.engine import Columns


class FieldFacet:
    """Counts of one field's values over sets of documents of one opened index."""

    def __init__(self, cols: Columns, field: str) -> None:
        self.field = field
        terms = list(cols.reader.lexicon(field)) if field in cols.reader.indexed_field_names() else []
        # The lexicon is in byte order, which for UTF-8 is the order of the strings: a value's
        # number is its rank by name, so ties in count fall back to the name.
        self.values = [t.decode() if isinstance(t, bytes) else str(t) for t in terms]
        docs, vals = [], []
        for number, term in enumerate(terms):
            ids = cols.postings(field, term, cache=False).ids
            ids = ids[cols.live[ids]]  # deleted documents count for nothing
            docs.append(ids)
            vals.append(np.full(ids.size, number, dtype=np.int32))
        self._docs = np.concatenate(docs) if docs else np.zeros(0, dtype=np.int64)
        self._vals = np.concatenate(vals) if vals else np.zeros(0, dtype=np.int32)

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
