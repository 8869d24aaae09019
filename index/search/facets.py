"""Exact facet counts over every matching document, fast for small and large result sets.

For a small result set, each matching document's values are counted (a table from document
number to values). For a large one, each value's postings are intersected with the matches in
order of document frequency, stopping once no remaining value can enter the top ``limit``:
the counts stay exact, and only the frequent values are ever touched.
"""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Collection

from whoosh.reading import IndexReader

SMALL_RESULT = 4000


class FieldFacet:
    """Counts of one field's values over a set of documents of one index reader."""

    def __init__(self, reader: IndexReader, field: str) -> None:
        self._reader = reader
        self.field = field
        self._by_doc: list[tuple[str, ...]] | None = None
        self._terms: list[tuple[int, str]] | None = None  # (doc frequency, value), most frequent first
        self._postings: dict[str, frozenset[int]] = {}

    def _terms_by_frequency(self) -> list[tuple[int, str]]:
        if self._terms is None:
            r = self._reader
            terms = []
            if self.field in r.indexed_field_names():
                for term in r.field_terms(self.field):
                    value = term if isinstance(term, str) else term.decode()
                    terms.append((r.doc_frequency(self.field, term), value))
            terms.sort(key=lambda t: (-t[0], t[1]))
            self._terms = terms
        return self._terms

    def _posting(self, value: str) -> frozenset[int]:
        p = self._postings.get(value)
        if p is None:
            p = self._postings[value] = frozenset(self._reader.postings(self.field, value).all_ids())
        return p

    def _table(self) -> list[tuple[str, ...]]:
        if self._by_doc is None:
            rows: list[list[str]] = [[] for _ in range(self._reader.doc_count_all())]
            for _, value in self._terms_by_frequency():
                for docnum in self._posting(value):
                    rows[docnum].append(value)
            self._by_doc = [tuple(r) for r in rows]
        return self._by_doc

    def counts(self, docs: Collection[int], limit: int | None) -> list[tuple[str, int]]:
        """The ``limit`` most frequent values among ``docs`` (all values for None), most frequent first."""
        if not docs:
            return []
        if limit is None or len(docs) <= SMALL_RESULT:
            table = self._table()
            counter: Counter[str] = Counter()
            for d in docs:
                counter.update(table[d])
            ranked = sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))
            return ranked if limit is None else ranked[:limit]
        doc_set = docs if isinstance(docs, (set, frozenset)) else set(docs)
        best: list[tuple[int, str]] = []  # a min-heap of (count, value)
        for df, value in self._terms_by_frequency():
            if len(best) >= limit and df <= best[0][0]:
                break
            n = len(doc_set & self._posting(value))
            if n and (len(best) < limit or n > best[0][0]):
                if len(best) >= limit:
                    heapq.heapreplace(best, (n, value))
                else:
                    heapq.heappush(best, (n, value))
        return sorted(((v, n) for n, v in best), key=lambda kv: (-kv[1], kv[0]))
