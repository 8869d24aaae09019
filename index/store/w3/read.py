"""The one door into Whoosh's internals for reading: W3 posting lists, positions, columns, segments.

Speed needs Whoosh's private W3 codec: a query term's posting list is read whole and decoded in
memory (Whoosh's own reader unpickles each block header straight from the file), a phrase's
positions come from Morgue's positions file beside the segment (``posfile``; from Whoosh's pickled
bytes for a segment without one, or whose file the check at open finds wrong), the field lengths
and dates come from the
raw column files, and the facet tables are saved per segment id. All of that is here, behind
typed classes; nothing else in ``index/`` reads a private Whoosh attribute for searching (the
writer side is ``index.store.w3.write``).

``open_index(searcher)`` checks the version (whoosh-reloaded 2.7.5, the pinned one) and then its
own assumptions: it decodes a few posting lists, their positions, a length column and the date
column both ways (here and through Whoosh's public matchers and readers) and compares them. When
the check fails, or ``MORGUE_WHOOSH_PUBLIC=1`` is set, it logs why once and returns a
``PublicIndex``: the same interface through Whoosh's public API only, and the searcher then runs
every query in Whoosh's own (slower) search. A decoding error later, at search time, raises
``FormatDrift`` (never a bare ``struct.error`` or ``UnpicklingError``), and the searcher falls
back the same way for the rest of its life.

What differs in the fallback (``tests/index/search/test_fallback.py`` and the search tests, which
all run in both modes, check it):
- prefixes, fuzzy words and wildcards are still expanded by Morgue's rules (the searcher hands
  Whoosh the ``Or`` of the expanded words), so matches, totals, facets, date order and the
  timeline are the same; scores too, up to the order Whoosh adds them in (1e-9);
- facet tables are not saved beside the index (they are named by segment id), so every new
  process counts them from the posting lists again;
- it is slower: Whoosh scores one document at a time.
"""

from __future__ import annotations

import functools
import io
import itertools
import logging
import pickle
import struct
import zlib
from collections.abc import Iterator
from typing import Any

import numpy as np
from whoosh import query as wq
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, WHOOSH3_HEADER_MAGIC, _lenfield, byte_to_length
from whoosh.fields import Schema
from whoosh.reading import SegmentReader, TermNotFound
from whoosh.scoring import BM25F

from index.store.w3.guard import FormatDrift, guarded, warn_once
from index.store.w3.pin import PUBLIC_ENV, pin_problem
from index.store.w3.posfile import Stored, TermPositions, decoded, open_stored
from index.store.w3.poslists import position_keys, positions

log = logging.getLogger(__name__)

__all__ = ["PUBLIC_ENV", "FormatDrift", "Index", "PublicIndex", "Segment", "TermPositions", "open_index",
           "position_keys", "positions", "warn_once"]


Postings = tuple[np.ndarray, np.ndarray, list[bytes]]  # document ids (in the segment), weights, positions

_LENGTH_OF_BYTE = np.array([byte_to_length(b) for b in range(256)], dtype=np.float64)
_INT = struct.Struct("!i")  # Whoosh's block length
# --- segments ----------------------------------------------------------------------------------


class Segment:
    """One segment of an opened index; its documents are numbers ``offset`` to ``offset + size``
    of the whole index."""

    def __init__(self, leaf: Any, offset: int) -> None:
        self._leaf = leaf
        self.offset = int(offset)
        self.size = int(leaf.doc_count_all())
        self._stored: Stored | None | bool = False  # not opened yet

    def stored_positions(self) -> Stored | None:
        """The segment's own positions file (``posfile``), or None when it has none."""
        if self._stored is False:
            self._stored = open_stored(self._leaf._storage, self._leaf._segment)
        return self._stored  # type: ignore[return-value]

    def drop_stored_positions(self) -> None:
        """Read this segment's positions from Whoosh's postings from now on."""
        self._stored = None

    @property
    def id(self) -> str | None:
        """The segment's id (a segment never changes once written), for tables saved beside it."""
        return str(self._leaf._segment.segment_id())

    def has_field(self, field: str) -> bool:
        return field in self._leaf.indexed_field_names()

    def has_term(self, field: str, btext: bytes) -> bool:
        return (field, btext) in self._leaf

    def terms(self, field: str) -> list[bytes]:
        """The segment's terms of ``field``, in order: from its positions file where it holds the field."""
        stored = self.stored_positions()
        if stored is not None and stored.has_field(field):
            return guarded(f"terms of {field}", functools.partial(stored.terms, field))  # type: ignore[no-any-return]
        return list(self._leaf.lexicon(field)) if self.has_field(field) else []

    def with_prefix(self, field: str, prefix: str) -> Iterator[bytes]:
        """The segment's terms of ``field`` that begin with ``prefix``."""
        if self.has_field(field):
            yield from self._leaf.expand_prefix(field, prefix)

    def deleted(self) -> np.ndarray:
        """Numbers (in the segment) of its deleted documents."""
        if not self._leaf.has_deletions():
            return np.zeros(0, dtype=np.int64)
        return guarded("deletions", lambda: np.sort(np.fromiter(self._leaf._perdoc.deleted_docs(), dtype=np.int64)))

    def postings(self, field: str, btext: bytes, positions: bool = False) -> Postings:
        """A term's posting list in this segment as arrays (``positions``: the encoded positions too)."""
        found = self.postings_if_any(field, btext, positions)
        return found if found is not None else (np.zeros(0, dtype=np.int64), np.zeros(0), [])

    def postings_if_any(self, field: str, btext: bytes, positions: bool = False) -> Postings | None:
        """The posting list, or None when the segment lacks the term (one lookup, not two)."""
        terms = self._leaf._terms

        def read() -> Postings | None:
            try:
                info = terms.term_info(field, btext)
            except TermNotFound:
                return None
            return _decode_postings(terms._postfile, info, positions)

        return guarded(f"postings of {field}:{btext!r}", read)

    def field_postings(self, field: str) -> Iterator[tuple[bytes, np.ndarray]]:
        """Every term of ``field`` and the documents holding it, from one walk of the terms."""
        if not self.has_field(field):
            return
        terms = self._leaf._terms
        walk = guarded("terms", lambda: terms.items_from(field, b""))
        while True:
            item = guarded("terms", lambda: next(walk, None))
            if item is None:
                return
            (name, btext), info = item
            if name != field:
                return
            yield btext, self._decoded_ids(field, btext, info)

    def _decoded_ids(self, field: str, btext: bytes, info: Any) -> np.ndarray:
        ids, _, _ = guarded(f"postings of {field}:{btext!r}",
                             lambda: _decode_postings(self._leaf._terms._postfile, info, False))
        return ids

    def length_codes(self, field: str) -> np.ndarray | None:
        """The one-byte length codes Whoosh stores for ``field`` (None when the segment has none)."""
        return guarded(f"lengths of {field}", lambda: self._raw_column(_lenfield(field), LENGTHS_COLUMN, "u1"))

    def numeric(self, field: str, column: Any) -> tuple[np.ndarray, np.ndarray] | None:
        """A fixed-width numeric column's values and where they are set (None when absent)."""

        def read() -> tuple[np.ndarray, np.ndarray] | None:
            raw = self._raw_column(field, column, ">" + column._typecode)
            if raw is None:
                return None
            missing = raw == column._default
            return np.where(missing, 0, raw).astype(np.int64), ~missing

        return guarded(f"column {field}", read)

    def _raw_column(self, field: str, column: Any, dtype: str) -> np.ndarray | None:
        perdoc = self._leaf._perdoc
        if not perdoc.has_column(field):
            return None
        colfile, offset, length = perdoc._get_column_file(field)
        try:
            width = np.dtype(dtype).itemsize
            count = min(length // width, self.size)
            return np.frombuffer(colfile.get(offset, count * width), dtype=dtype)
        finally:
            colfile.close()


class PublicSegment(Segment):
    """A segment read through Whoosh's public reader API only (no segment id: nothing is saved)."""

    def stored_positions(self) -> Stored | None:
        return None

    @property
    def id(self) -> str | None:
        return None

    def deleted(self) -> np.ndarray:
        return np.array([d for d in range(self.size) if self._leaf.is_deleted(d)], dtype=np.int64)

    def postings_if_any(self, field: str, btext: bytes, positions: bool = False) -> Postings | None:
        return self.postings(field, btext, positions) if self.has_term(field, btext) else None

    def postings(self, field: str, btext: bytes, positions: bool = False) -> Postings:
        m = self._leaf.postings(field, btext)
        ids, weights, values = [], [], []
        while m.is_active():
            ids.append(m.id())
            weights.append(m.weight())
            if positions:
                values.append(m.value())
            m.next()
        return np.array(ids, dtype=np.int64), np.array(weights, dtype=np.float64), values

    def field_postings(self, field: str) -> Iterator[tuple[bytes, np.ndarray]]:
        if not self.has_field(field):
            return
        for btext in self._leaf.lexicon(field):
            ids = np.fromiter(self._leaf.postings(field, btext).all_ids(), dtype=np.int64)
            yield btext, ids

    def length_codes(self, field: str) -> np.ndarray | None:
        return None  # the index computes lengths from ``doc_field_length`` instead

    def numeric(self, field: str, column: Any) -> tuple[np.ndarray, np.ndarray] | None:
        if not self._leaf.has_column(field):
            return None
        default = column.default_value()
        raw = list(self._leaf.column_reader(field, translate=False))
        present = np.array([v != default for v in raw], dtype=bool)
        return np.array([v if v != default else 0 for v in raw], dtype=np.int64), present


# --- the whole index ---------------------------------------------------------------------------


class Index:
    """An opened Whoosh searcher, seen through the W3 codec: segments, liveness, term statistics,
    columns and posting lists with global document numbers."""

    public = False
    _segment_class: type[Segment] = Segment

    def __init__(self, searcher: Any) -> None:
        self.searcher = searcher
        self.reader = searcher.reader()
        self.schema: Schema = self.reader.schema
        # Segments only: an index with no documents yet has an empty reader, with nothing to read.
        self.segments = [self._segment_class(leaf, offset) for leaf, offset in self.reader.leaf_readers()
                         if isinstance(leaf, SegmentReader)]
        self.size = int(self.reader.doc_count_all())
        weighting = searcher.weighting if isinstance(searcher.weighting, BM25F) else BM25F()
        self.k1 = float(weighting.K1)
        self._b = float(weighting.B)
        self._b_of: dict[str, float] = dict(getattr(weighting, "_field_B", {}))

    def live(self) -> np.ndarray:
        """Whether each document of the index is live (not deleted)."""
        live = np.ones(self.size, dtype=bool)
        for seg in self.segments:
            live[seg.deleted() + seg.offset] = False
        return live

    def b(self, field: str) -> float:
        """BM25F's length normalisation for ``field``, as the searcher's weighting sets it."""
        return self._b_of.get(field, self._b)

    def idf(self, field: str, text: str | bytes) -> float:
        return float(self.searcher.idf(field, text))

    def avg_field_length(self, field: str) -> float:
        return float(self.searcher.avg_field_length(field) or 1.0)

    def has_term(self, field: str, btext: bytes) -> bool:
        return (field, btext) in self.reader

    def doc_frequency(self, field: str, btext: bytes) -> int:
        return int(self.reader.doc_frequency(field, btext))

    def lexicon(self, field: str) -> list[bytes]:
        """Every term of ``field`` in the index, in order (each segment's, merged)."""
        if field not in self.reader.indexed_field_names():
            return []
        per_segment = [seg.terms(field) for seg in self.segments]
        return per_segment[0] if len(per_segment) == 1 else sorted(set().union(*per_segment))

    def expanded(self, q: wq.MultiTerm) -> list[bytes]:
        """The terms Whoosh itself expands a wildcard or range query to."""
        return sorted(set(q._btexts(self.reader)))

    def range_query(self, q: wq.NumericRange) -> wq.Query:
        """The term query Whoosh compiles a numeric (date) range to."""
        return q._compile_query(self.reader)

    def lengths(self, field: str) -> np.ndarray:
        """The indexed length of ``field`` in every document (as Whoosh stores it, one byte each)."""
        codes = np.zeros(self.size, dtype=np.uint8)
        for seg in self.segments:
            raw = seg.length_codes(field)
            if raw is not None:
                codes[seg.offset : seg.offset + raw.size] = raw
        return _LENGTH_OF_BYTE[codes]

    def numeric(self, field: str) -> tuple[np.ndarray, np.ndarray]:
        """A sortable numeric column (dates: microseconds since year 1) and where it has a value."""
        column = self.schema[field].column_type
        values = np.zeros(self.size, dtype=np.int64)
        present = np.zeros(self.size, dtype=bool)
        for seg in self.segments:
            found = seg.numeric(field, column)
            if found is not None:
                v, p = found
                values[seg.offset : seg.offset + v.size] = v
                present[seg.offset : seg.offset + p.size] = p
        return values, present

    def postings(self, field: str, btext: bytes, positions: bool = False) -> Postings:
        """A term's posting list over every segment, with global document numbers."""
        ids_parts, weight_parts, values = [], [], []
        for seg in self.segments:
            found = seg.postings_if_any(field, btext, positions)
            if found is None:
                continue
            ids, weights, vals = found
            ids_parts.append(ids + seg.offset)
            weight_parts.append(weights)
            values.extend(vals)
        if not ids_parts:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64), []
        return np.concatenate(ids_parts), np.concatenate(weight_parts), values

    def positions_filed(self, field: str) -> bool:
        """Whether every segment's positions file holds ``field``: its terms' documents and weights
        are read from there too (a few bytes a posting, decoded with numpy, where Whoosh's blocks
        unpickle every posting's positions with them)."""
        return bool(self.segments) and all(
            (stored := seg.stored_positions()) is not None and stored.has_field(field) for seg in self.segments)

    def positions(self, field: str, btext: bytes) -> TermPositions:
        """A term's postings with their positions in every document of the index that holds it:
        from each segment's positions file, or from Whoosh's postings for a segment without one."""
        found = TermPositions()
        for seg in self.segments:
            stored = seg.stored_positions()
            if stored is not None and stored.has_field(field):
                what = f"positions of {field}:{btext!r}"
                n = guarded(what, functools.partial(stored.term, field, btext))
                if n is not None:
                    guarded(what, functools.partial(found.add_stored, stored, n, seg.offset))
                    if found.weights_missing():  # weights the file could not hold as one factor
                        _, weights, _ = seg.postings(field, btext)
                        found.set_weights(found.weights_missing()[0], weights)
                continue
            postings = seg.postings_if_any(field, btext, True)
            if postings is not None:
                ids, weights, values = postings
                found.add_decoded(ids + seg.offset, weights, *positions(values))
        return found

    def stored_fields(self, docnum: int) -> dict[str, Any]:
        return dict(self.searcher.stored_fields(docnum))

    def whoosh_search(self, q: wq.Query, filter_q: wq.Query | None) -> tuple[np.ndarray, np.ndarray]:
        """Every match of ``q`` (that passes ``filter_q``) and its score, by Whoosh's own search."""
        results = self.searcher.search(q, limit=None, filter=filter_q, scored=True)
        pairs = sorted((int(hit.docnum), _score(hit.score)) for hit in results)
        return (np.array([d for d, _ in pairs], dtype=np.int64),
                np.array([v for _, v in pairs], dtype=np.float64))


class PublicIndex(Index):
    """The same interface through Whoosh's public API only: the fallback when the private format
    is not what ``Index`` expects."""

    public = True
    _segment_class = PublicSegment

    def live(self) -> np.ndarray:
        live = np.zeros(self.size, dtype=bool)
        live[np.fromiter(self.reader.all_doc_ids(), dtype=np.int64)] = True
        return live

    def expanded(self, q: wq.MultiTerm) -> list[bytes]:
        return sorted({t for _, t in q.expanded_terms(self.reader)})

    def range_query(self, q: wq.NumericRange) -> wq.Query:
        return q.simplify(self.reader)

    def lengths(self, field: str) -> np.ndarray:
        return np.array([self.reader.doc_field_length(d, field, 0) for d in range(self.size)], dtype=np.float64)


def _score(value: object) -> float:
    return float(value) if isinstance(value, (int, float)) else 0.0


def open_index(searcher: Any) -> Index:
    """The opened searcher seen through the W3 codec, or through Whoosh's public API when the
    version or the self-check says the private format is not the expected one (logged once)."""
    pinned = pin_problem()
    if pinned:
        warn_once(pinned)
        return PublicIndex(searcher)
    try:
        index = Index(searcher)
        problem = guarded("the self-check", lambda: self_check(index))
    except FormatDrift as exc:
        problem = str(exc)
    if problem:
        warn_once(f"the index format is not the expected one ({problem})")
        return PublicIndex(searcher)
    try:
        problem = guarded("the positions files", lambda: stored_check(index))
    except FormatDrift as exc:
        problem = str(exc)
    if problem:
        warn_once(f"phrases read Whoosh's positions: the positions files are not the expected ones ({problem})")
        for seg in index.segments:
            seg.drop_stored_positions()
    return index


def stored_check(index: Index) -> str | None:
    """In each segment's positions file, two terms of each field (the first, and one in a few
    hundred documents) against Whoosh's postings: their documents, weights and positions; what
    differs, or None."""
    for seg in index.segments:
        stored = seg.stored_positions()
        if stored is None:
            continue
        for field, (lo, hi) in stored.fields.items():
            counts = stored.counts[lo:hi]
            some = np.flatnonzero((counts > 130) & (counts <= 600))[:1] + lo
            for n in {lo, *some.tolist()}:
                btext = stored.key(n)
                ids, weights, begins, lens = stored.postings(n)
                theirs = seg.postings(field, btext, True)
                if stored.term(field, btext) != n or not np.array_equal(ids, theirs[0]):
                    return f"documents of {field}:{btext!r} in segment {seg.id}"
                if weights is not None and not np.array_equal(weights, theirs[1]):
                    return f"weights of {field}:{btext!r} in segment {seg.id}"
                mine, whooshs = decoded(stored, begins, lens), positions(theirs[2])
                if not (np.array_equal(mine[0], whooshs[0]) and np.array_equal(mine[1], whooshs[1])):
                    return f"positions of {field}:{btext!r} in segment {seg.id}"
    return None


def self_check(index: Index, terms: int = 2) -> str | None:
    """Decode a few posting lists (ids, weights, positions) of one segment (they share one
    codec), and a sample of its deletions, field lengths and dates, both here and through
    Whoosh's public API; what differs, or None. A few milliseconds, whatever the index's size."""
    if not index.segments:
        return None
    seg = index.segments[0]
    leaf = seg._leaf
    sample = np.unique(np.linspace(0, seg.size - 1, num=min(seg.size, 64)).astype(np.int64))
    deleted = seg.deleted()
    if any((d in deleted) != leaf.is_deleted(int(d)) for d in sample.tolist()):
        return "deletions"
    for field in ("body", "text", "title"):
        if field not in index.schema or not seg.has_field(field):
            continue
        fmt = index.schema[field].format
        positions = fmt.supports("positions")
        pub = PublicSegment(leaf, seg.offset)
        for btext in itertools.islice(_checked_terms(seg, field), terms):
            mine, theirs = seg.postings(field, btext, positions), pub.postings(field, btext, positions)
            live = np.flatnonzero(~np.isin(mine[0], deleted))  # Whoosh's matchers skip deleted ones
            if not (np.array_equal(mine[0][live], theirs[0]) and np.allclose(mine[1][live], theirs[1])):
                return f"postings of {field}:{btext!r}"
            if positions:
                span = np.int64(1 << 32)
                expected = [i * int(span) + p for i, v in enumerate(theirs[2]) for p in fmt.decode_positions(v)]
                if position_keys(mine[2], live, span).tolist() != expected:
                    return f"positions of {field}:{btext!r}"
        codes = seg.length_codes(field)
        if codes is not None and any(
            _LENGTH_OF_BYTE[codes[d]] != (leaf.doc_field_length(int(d), field, 0) or 0) for d in sample.tolist()
        ):
            return f"lengths of {field}"
        break
    if "date" in index.schema and index.schema["date"].column_type is not None:
        column = index.schema["date"].column_type
        found = seg.numeric("date", column)
        if found is not None:
            values, present = found
            reader = leaf.column_reader("date", translate=False)
            default = column.default_value()
            for d in sample.tolist():
                v = reader[d]
                has = d < present.size and bool(present[d])  # a column may stop at the last dated one
                if has != (v != default) or (has and values[d] != v):
                    return "the date column"
    return None


def _checked_terms(seg: Segment, field: str) -> Iterator[bytes]:
    """The field's first term, then terms with several blocks of postings when there are any."""
    first = next(iter(seg._leaf.lexicon(field)), None)
    if first is None:
        return
    yield first
    for n, btext in enumerate(seg._leaf.lexicon(field)):
        if n > 200:
            return
        if btext != first and 130 < seg._leaf.doc_frequency(field, btext) <= 600:  # two blocks or more
            yield btext


# --- the W3 format -----------------------------------------------------------------------------


def _decode_postings(postfile: Any, info: Any, positions: bool) -> Postings:
    """A posting list as arrays, from its term info: inline (a single document), or the list's
    bytes read in one piece and its blocks decoded in memory."""
    if info.is_inlined():
        ids, weights, values = info.inlined_postings()
        return (np.asarray(ids, dtype=np.int64),
                np.ones(len(ids)) if weights is None else np.asarray(weights, dtype=np.float64),
                list(values or ()) if positions else [])
    start, length = info.extent()
    if isinstance(length, tuple):  # Whoosh decodes it as a 1-tuple (its own reader never uses it)
        length = length[0]
    buf = postfile.get(start, length)
    if buf[:4] != WHOOSH3_HEADER_MAGIC:
        raise FormatDrift("unknown postings format")
    view = io.BytesIO(buf)
    pos = 4
    id_parts, weight_parts, values = [], [], []
    while pos < len(buf):
        (size,) = _INT.unpack_from(buf, pos)
        end = pos + _INT.size + abs(size)
        view.seek(pos + _INT.size)
        count, _, _, compression, _, _ = pickle.load(view)
        data = buf[view.tell() : end]
        deltas, weights, vals = pickle.loads(zlib.decompress(data) if compression else data)
        id_parts.append(np.cumsum(np.asarray(deltas, dtype=np.int64)))
        if weights is None:
            weight_parts.append(np.ones(count))
        elif isinstance(weights, float):
            weight_parts.append(np.full(count, weights))
        else:
            weight_parts.append(np.asarray(weights, dtype=np.float64))
        if positions:
            values.extend(vals)
        if size < 0:  # the last block
            break
        pos = end
    return np.concatenate(id_parts), np.concatenate(weight_parts), values
