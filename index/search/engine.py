"""Whole-postings query evaluation with numpy, over the Whoosh index.

Whoosh evaluates a query one document at a time in Python: at 100,000 articles a common word
matches 40,000 of them, and scoring each one (a matcher call chain and a field-length read from
disk per document) took most of a second. Every page of results also needs every match anyway,
for the exact total, the facet counts and the timeline. So this module reads each query term's
posting list whole (Whoosh stores them in blocks of a few hundred documents), and does the set
algebra and the BM25F scoring on arrays:

- ``Term``: ids and weights of the postings, scored with Whoosh's own BM25F formula and
  statistics (idf, average field length, the field lengths the index stores per document);
- ``And`` / ``Or`` / ``Not`` / ``AndNot`` / ``AndMaybe`` / ``Require`` / ``DisjunctionMax``: sorted id
  arrays intersected, merged or subtracted, scores added as Whoosh adds them;
- ``Phrase``: the documents holding every word, then the words' positions checked for those only;
- prefixes and fuzzy words: expanded from each segment's terms (a prefix also to the stems it
  begins with); wildcards, ranges and dates: expanded by Whoosh;
- anything else raises ``Unsupported``, and the caller lets Whoosh run that query itself.

Deleted documents are masked out. Ranking follows Whoosh's: equal scores in document order.
The per-document columns (field lengths, dates, liveness) are read once per opened index.
Posting lists, term infos and columns are read through the internals of Whoosh's W3 codec, which
is why ``whoosh-reloaded`` is pinned to one version.
"""

from __future__ import annotations

import io
import itertools
import pickle
import struct
import threading
import zlib
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from whoosh import query as wq
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, WHOOSH3_HEADER_MAGIC, _lenfield, byte_to_length
from whoosh.reading import SegmentReader
from whoosh.scoring import BM25F
from whoosh.support.levenshtein import damerau_levenshtein

from index.store.schema import is_stemmed

__all__ = ["Columns", "Matches", "Unsupported", "evaluate", "query_terms"]

_LENGTH_OF_BYTE = np.array([byte_to_length(b) for b in range(256)], dtype=np.float64)
_INT = struct.Struct("!i")  # Whoosh's block length
_EMPTY_IDS = np.zeros(0, dtype=np.int64)
_EMPTY_SCORES = np.zeros(0, dtype=np.float64)
# Posting lists kept between queries (a common word at 100,000 articles is about 0.5 MB).
_CACHE_BYTES = 96 * 1024 * 1024


class Unsupported(Exception):  # noqa: N818 - a signal to fall back, not an error for the user
    """A query node this module does not evaluate; Whoosh's own search handles the query."""


@dataclass(frozen=True)
class Matches:
    """Matching documents (global document numbers, ascending, unique) and their scores."""

    ids: np.ndarray
    scores: np.ndarray

    def __len__(self) -> int:
        return int(self.ids.size)

    @classmethod
    def empty(cls) -> Matches:
        return cls(_EMPTY_IDS, _EMPTY_SCORES)


@dataclass(frozen=True)
class _Postings:
    ids: np.ndarray  # global document numbers, ascending, deleted ones included
    weights: np.ndarray
    values: tuple[bytes, ...] | None  # the encoded positions, when asked for

    @property
    def nbytes(self) -> int:
        return int(self.ids.nbytes + self.weights.nbytes) + (sum(map(len, self.values)) if self.values else 0)


class Columns:
    """Per-document arrays of one opened index (one Whoosh searcher), read once and kept."""

    def __init__(self, searcher) -> None:  # type: ignore[no-untyped-def]
        self.searcher = searcher
        self.reader = searcher.reader()
        self.schema = self.reader.schema
        # Segments only: an index with no documents yet has an empty reader, with nothing to read.
        self.leaves = [(leaf, int(offset)) for leaf, offset in self.reader.leaf_readers()
                       if isinstance(leaf, SegmentReader)]
        self.size = int(self.reader.doc_count_all())
        self.live = np.ones(self.size, dtype=bool)
        for leaf, offset in self.leaves:
            if leaf.has_deletions():
                dead = np.fromiter(leaf._perdoc.deleted_docs(), dtype=np.int64)
                self.live[dead + offset] = False
        weighting = searcher.weighting if isinstance(searcher.weighting, BM25F) else BM25F()
        self._b_of = weighting._field_B
        self._b = weighting.B
        self._k1 = weighting.K1
        self._lengths: dict[str, np.ndarray] = {}
        self._numeric: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        self._postings: OrderedDict[tuple[str, bytes, bool], _Postings] = OrderedDict()
        self._cached_bytes = 0
        self._expansions: dict[str, list[bytes]] = {}
        self._lock = threading.Lock()

    # --- per-document columns ------------------------------------------------------------------

    def lengths(self, field: str) -> np.ndarray:
        """The indexed length of ``field`` in every document (as Whoosh stores it, one byte each)."""
        with self._lock:
            out = self._lengths.get(field)
            if out is None:
                codes = np.zeros(self.size, dtype=np.uint8)
                for leaf, offset in self.leaves:
                    raw = _raw_column(leaf, _lenfield(field), LENGTHS_COLUMN)
                    if raw is not None:
                        codes[offset : offset + raw.size] = raw
                out = self._lengths[field] = _LENGTH_OF_BYTE[codes]
            return out

    def numeric(self, field: str) -> tuple[np.ndarray, np.ndarray]:
        """A sortable numeric column (dates: microseconds since year 1) and where it has a value."""
        with self._lock:
            out = self._numeric.get(field)
            if out is None:
                column = self.schema[field].column_type
                values = np.zeros(self.size, dtype=np.int64)
                present = np.zeros(self.size, dtype=bool)
                for leaf, offset in self.leaves:
                    raw = _raw_column(leaf, field, column, dtype=">" + column._typecode)
                    if raw is not None:
                        missing = raw == column._default
                        values[offset : offset + raw.size] = np.where(missing, 0, raw).astype(np.int64)
                        present[offset : offset + raw.size] = ~missing
                out = self._numeric[field] = (values, present)
            return out

    def months(self, field: str = "date") -> tuple[np.ndarray, np.ndarray]:
        """Each document's month (counted from 1970-01) from a date column, and where it has one."""
        values, present = self.numeric(field)
        days = (values // 86_400_000_000).astype("timedelta64[D]")  # Whoosh: microseconds since 0001-01-01
        months = (np.datetime64("0001-01-01", "D") + days).astype("datetime64[M]").astype(np.int64)
        return months, present

    def expand(self, q: wq.MultiTerm) -> list[bytes]:
        """The indexed terms a prefix, wildcard, fuzzy or range query stands for (cached).

        Prefixes and fuzzy words list each segment's terms with the prefix and merge the sets:
        Whoosh's merged lexicon walk took seconds for ``mayor~`` at 100,000 articles.
        """
        field = q.field()
        key = repr(q)  # the kind, field, text or range and options
        with self._lock:
            found = self._expansions.get(key)
        if found is not None:
            return found
        if isinstance(q, wq.FuzzyTerm):
            text, maxdist = q.text, q.maxdist
            found = sorted(
                t for t in self._with_prefix(field, text[: q.prefixlength])
                if abs(len(t) - len(text.encode())) <= 2 * maxdist  # bytes: accents count twice
                and damerau_levenshtein(t.decode(), text, maxdist) <= maxdist
            )
        elif isinstance(q, wq.Prefix):
            found = sorted(self._with_prefix(field, q.text) | self._stems_of_prefix(field, q.text))
        else:
            found = sorted(set(q._btexts(self.reader)))
        with self._lock:
            if len(self._expansions) >= 256:
                self._expansions.pop(next(iter(self._expansions)))
            self._expansions[key] = found
        return found

    def _stems_of_prefix(self, field: str, prefix: str) -> set[bytes]:
        """Indexed stems that a prefix begins with, when the field is stemmed: ``universit*`` means
        "university", indexed as ``univers``. Stemming cuts a word by three letters at most, so
        only the prefix's own first ``len - 3`` to ``len - 1`` letters (four or more) are tried."""
        if not is_stemmed(self.schema[field]):
            return set()
        candidates = {prefix[:n].encode() for n in range(max(4, len(prefix) - 3), len(prefix))}
        return {t for t in candidates if (field, t) in self.reader}

    def _with_prefix(self, field: str, prefix: str) -> set[bytes]:
        terms: set[bytes] = set()
        for leaf, _ in self.leaves:
            if field in leaf.indexed_field_names():
                terms.update(leaf.expand_prefix(field, prefix))
        return terms

    def all_live(self) -> np.ndarray:
        return np.flatnonzero(self.live).astype(np.int64)

    # --- postings ------------------------------------------------------------------------------

    def postings(self, field: str, text: str | bytes, *, positions: bool = False) -> _Postings:
        """The whole posting list of a term, from every segment (kept for later queries)."""
        btext = text if isinstance(text, bytes) else self.schema[field].to_bytes(text)
        key = (field, btext, positions)
        with self._lock:
            # A list read with its positions serves a read without them too.
            for cached in (key, (field, btext, True)):
                hit = self._postings.get(cached)
                if hit is not None:
                    self._postings.move_to_end(cached)
                    return hit
        ids_parts, weight_parts, values = [], [], []
        for leaf, offset in self.leaves:
            if (field, btext) not in leaf:
                continue
            ids, weights, vals = _read_postings(leaf, field, btext, positions)
            ids_parts.append(ids + offset)
            weight_parts.append(weights)
            if positions:
                values.extend(vals)
        if ids_parts:
            found = _Postings(np.concatenate(ids_parts), np.concatenate(weight_parts),
                              tuple(values) if positions else None)
        else:
            found = _Postings(_EMPTY_IDS, _EMPTY_SCORES, () if positions else None)
        with self._lock:
            self._postings[key] = found
            self._cached_bytes += found.nbytes
            while self._cached_bytes > _CACHE_BYTES and len(self._postings) > 1:
                _, old = self._postings.popitem(last=False)
                self._cached_bytes -= old.nbytes
        return found

    def term(self, field: str, text: str | bytes, boost: float = 1.0) -> Matches:
        """A term's live documents, scored with BM25F (or its weight, for unscored fields)."""
        if field not in self.schema:
            return Matches.empty()
        p = self.postings(field, text)
        keep = self.live[p.ids]
        ids, weights = p.ids[keep], p.weights[keep].astype(np.float64)
        if not ids.size:
            return Matches.empty()
        if not self.schema[field].scorable:
            return Matches(ids, weights * boost)
        idf = self.searcher.idf(field, text)
        avgfl = self.searcher.avg_field_length(field) or 1.0
        b = self._b_of.get(field, self._b)
        k1 = self._k1
        lengths = np.maximum(self.lengths(field)[ids], 1.0)
        scores = idf * (weights * (k1 + 1)) / (weights + k1 * ((1 - b) + b * lengths / avgfl))
        return Matches(ids, scores * boost)


def _raw_column(leaf, field: str, column, dtype: str = "u1") -> np.ndarray | None:  # type: ignore[no-untyped-def]
    """The stored bytes of a fixed-width column of one segment, as an array (None if absent)."""
    perdoc = leaf._perdoc
    if not perdoc.has_column(field):
        return None
    colfile, offset, length = perdoc._get_column_file(field)
    try:
        width = np.dtype(dtype).itemsize
        count = min(length // width, leaf.doc_count_all())
        return np.frombuffer(colfile.get(offset, count * width), dtype=dtype)
    finally:
        colfile.close()


def _read_postings(leaf, field: str, btext: bytes, positions: bool) -> tuple[np.ndarray, np.ndarray, list[bytes]]:  # type: ignore[no-untyped-def]
    """One segment's posting list of a term as arrays."""
    terms = leaf._terms
    return decode_postings(terms._postfile, terms.term_info(field, btext), positions)


def decode_postings(postfile, info, positions: bool) -> tuple[np.ndarray, np.ndarray, list[bytes]]:  # type: ignore[no-untyped-def]
    """A posting list as arrays, from its term info: inline (a single document), or the list's
    bytes read in one piece and its blocks decoded in memory (Whoosh's own reader unpickles
    each block header straight from the file, a read call per few bytes)."""
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
        raise Unsupported("unknown postings format")
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


# --- evaluation ------------------------------------------------------------------------------------


def evaluate(q: wq.Query, cols: Columns) -> Matches:
    """Every live document matching ``q``, with its score (raises ``Unsupported``)."""
    if isinstance(q, wq.Every):
        if q.fieldname in (None, "", "*"):
            ids = cols.all_live()
            return Matches(ids, np.full(ids.size, float(q.boost)))
        return _or([cols.term(q.fieldname, t, 0.0) for t in _field_terms(cols, q.fieldname)], q.boost, constant=True)
    if isinstance(q, wq.Term):
        return cols.term(q.fieldname, q.text, q.boost)
    if isinstance(q, wq.And):
        return _and(q.subqueries, cols, q.boost)
    if isinstance(q, wq.DisjunctionMax):
        return _max([evaluate(s, cols) for s in q.subqueries], q.boost, q.tiebreak)
    if isinstance(q, wq.Or):
        if getattr(q, "minmatch", 0) > 1:
            raise Unsupported("Or with a minimum match")
        return _or([evaluate(s, cols) for s in q.subqueries], q.boost)
    if isinstance(q, wq.Not):
        return _subtract(Matches(cols.all_live(), np.ones(np.count_nonzero(cols.live))), evaluate(q.query, cols))
    if isinstance(q, wq.AndNot):
        return _scaled(_subtract(evaluate(q.a, cols), evaluate(q.b, cols)), q.boost)
    if isinstance(q, wq.Require):
        a, b = evaluate(q.a, cols), evaluate(q.b, cols)
        return _scaled(_restrict(a, b.ids), q.boost)
    if isinstance(q, wq.AndMaybe):
        return _scaled(_maybe(evaluate(q.a, cols), evaluate(q.b, cols)), q.boost)
    if isinstance(q, wq.ConstantScoreQuery):
        m = evaluate(q.child, cols)
        return Matches(m.ids, np.full(m.ids.size, float(q.score)))
    if isinstance(q, wq.Phrase):
        return _phrase(q, cols)
    if isinstance(q, wq.NumericRange):
        return evaluate(q._compile_query(cols.reader), cols)
    if isinstance(q, wq.MultiTerm):
        field = q.field()
        if field not in cols.schema:
            return Matches.empty()
        # Scored as the Or of the expanded terms, as Whoosh does (its constantscore flag has no
        # effect on a multi-term query's matcher): more and rarer matching words rank higher.
        return _or([cols.term(field, t) for t in cols.expand(q)], q.boost)
    if isinstance(q, type(wq.NullQuery)):
        return Matches.empty()
    raise Unsupported(type(q).__name__)


def query_terms(q: wq.Query, cols: Columns) -> set[tuple[str, str]]:
    """The (field, word) pairs of the index a query matches on, expanded as ``evaluate`` expands
    them: for highlighting and snippets."""
    out: set[tuple[str, str]] = set()
    if isinstance(q, wq.MultiTerm) and not isinstance(q, wq.NumericRange):
        field = q.field()
        if field in cols.schema:
            out.update((field, t.decode()) for t in cols.expand(q))
        return out
    if isinstance(q, (wq.Not, wq.NumericRange)):
        return out
    if isinstance(q, wq.Term):
        if isinstance(q.text, str):
            out.add((q.fieldname, q.text))
        return out
    if isinstance(q, wq.Phrase):
        out.update((q.fieldname, w) for w in q.words)
        return out
    if not q.is_leaf():
        for child in q.children():
            out |= query_terms(child, cols)
    return out


def _field_terms(cols: Columns, field: str) -> list[bytes]:
    if field not in cols.reader.indexed_field_names():
        return []
    return list(cols.reader.lexicon(field))


def _scaled(m: Matches, boost: float) -> Matches:
    return m if boost == 1.0 else Matches(m.ids, m.scores * boost)


def _and(subqueries: Sequence[wq.Query], cols: Columns, boost: float) -> Matches:
    positive = [s for s in subqueries if not isinstance(s, wq.Not)]
    negative = [s for s in subqueries if isinstance(s, wq.Not)]
    if not positive:
        base = Matches(cols.all_live(), np.zeros(np.count_nonzero(cols.live)))
        parts = [base]
    else:
        parts = sorted((evaluate(s, cols) for s in positive), key=len)
    result = parts[0]
    for part in parts[1:]:
        if not len(result):
            break
        common, left, right = np.intersect1d(result.ids, part.ids, assume_unique=True, return_indices=True)
        result = Matches(common, result.scores[left] + part.scores[right])
    for s in negative:
        if not len(result):
            break
        # Whoosh scores a document that a Not lets through with the Not's boost (1 by default).
        result = _subtract(result, evaluate(s.query, cols))
        result = Matches(result.ids, result.scores + s.boost)
    return _scaled(result, boost)


def _or(parts: Sequence[Matches], boost: float, *, constant: bool = False) -> Matches:
    parts = [p for p in parts if len(p)]
    if not parts:
        return Matches.empty()
    if len(parts) == 1:
        m = parts[0]
    else:
        ids = np.concatenate([p.ids for p in parts])
        scores = np.concatenate([p.scores for p in parts])
        unique, inverse = np.unique(ids, return_inverse=True)
        m = Matches(unique, np.bincount(inverse, weights=scores, minlength=unique.size))
    if constant:
        return Matches(m.ids, np.full(m.ids.size, float(boost)))
    return _scaled(m, boost)


def _max(parts: Sequence[Matches], boost: float, tiebreak: float) -> Matches:
    parts = [p for p in parts if len(p)]
    if not parts:
        return Matches.empty()
    ids = np.unique(np.concatenate([p.ids for p in parts]))
    best = np.zeros(ids.size)
    total = np.zeros(ids.size)
    for p in parts:
        at = np.searchsorted(ids, p.ids)
        np.maximum.at(best, at, p.scores)
        np.add.at(total, at, p.scores)
    return _scaled(Matches(ids, best + tiebreak * (total - best)), boost)


def _subtract(a: Matches, b: Matches) -> Matches:
    if not len(a) or not len(b):
        return a
    keep = ~np.isin(a.ids, b.ids, assume_unique=True)
    return Matches(a.ids[keep], a.scores[keep])


def _restrict(a: Matches, ids: np.ndarray) -> Matches:
    keep = np.isin(a.ids, ids, assume_unique=True)
    return Matches(a.ids[keep], a.scores[keep])


def _maybe(a: Matches, b: Matches) -> Matches:
    if not len(a) or not len(b):
        return a
    _, left, right = np.intersect1d(a.ids, b.ids, assume_unique=True, return_indices=True)
    scores = a.scores.copy()
    scores[left] += b.scores[right]
    return Matches(a.ids, scores)


_GAPS_HEAD = np.frombuffer(b"\x80\x02]q\x00", dtype=np.uint8)  # a pickled list, as Whoosh writes positions
_K, _MARK, _APPENDS, _APPEND = ord("K"), ord("("), ord("e"), ord("a")


def _position_keys(values: Sequence[bytes], at: np.ndarray, span: np.int64) -> np.ndarray:
    """The positions of a word in the candidates (its postings ``values[at]``) as keys
    ``candidate * span + position``.

    Whoosh stores a posting's positions as a 4-byte weight and a pickled list of the gaps between
    them. Unpickling 100,000 such lists one by one was most of a phrase's time, so the common
    encoding is read straight from the bytes, for all postings at once: a list of gaps under 256
    is ``]q\x00(`` then ``K`` and one byte per gap, then ``e.`` (one gap: ``]q\x00K`` byte ``a.``).
    Postings in any other encoding (a gap of 256 or more) are unpickled one by one.
    """
    chosen = [values[i] for i in at.tolist()]
    if not chosen:
        return np.zeros(0, dtype=np.int64)
    lengths = np.fromiter(map(len, chosen), dtype=np.int64, count=len(chosen))
    buf = np.frombuffer(b"".join(chosen), dtype=np.uint8)
    starts = np.cumsum(lengths) - lengths
    fits = lengths >= 13
    safe = np.where(fits, starts, 0)  # indexes that exist, for the checks below
    for k, byte in enumerate(_GAPS_HEAD):
        fits &= buf[safe + 4 + k] == byte
    single = fits & (lengths == 13) & (buf[safe + 9] == _K) & (buf[safe + 11] == _APPEND)
    many = fits & (lengths >= 14) & (lengths % 2 == 0) & (buf[safe + 9] == _MARK) \
        & (buf[np.maximum(safe + lengths - 2, 0)] == _APPENDS)
    counts = np.where(single, 1, np.where(many, (lengths - 12) // 2, 0))
    owner = np.repeat(np.arange(len(chosen)), counts)
    k = np.arange(owner.size) - np.repeat(np.cumsum(counts) - counts, counts)
    opcode = np.repeat(np.where(single, starts + 9, starts + 10), counts) + 2 * k  # each "K"
    # A gap of 256 or more has another opcode: such a list is unpickled instead.
    bad = np.zeros(len(chosen), dtype=bool)
    bad[owner[buf[opcode] != _K]] = True
    good = (single | many) & ~bad
    gaps = buf[opcode[good[owner]] + 1].astype(np.int64)
    keys = [_keys(np.flatnonzero(good), counts[good], gaps, span)]
    rest = np.flatnonzero(~good)
    if rest.size:
        lists = _unpickled([chosen[i] for i in rest.tolist()])
        n = np.fromiter(map(len, lists), dtype=np.int64, count=len(lists))
        flat = np.fromiter(itertools.chain.from_iterable(lists), dtype=np.int64, count=int(n.sum()))
        keys.append(_keys(rest, n, flat, span))
    return np.concatenate(keys)


def _unpickled(values: list[bytes]) -> list[list[int]]:
    """Position gap lists by pickle: the lists spliced into one pickled list of lists when they
    have Whoosh's usual form (one call instead of one per posting), else one by one."""
    head = _GAPS_HEAD.tobytes()
    if all(v.startswith(head, 4) and v.endswith(b".") for v in values):
        return pickle.loads(head + b"(" + b"".join([v[6:-1] for v in values]) + b"e.")  # type: ignore[no-any-return]
    return [pickle.loads(v[4:] if v.endswith(b".") else v[4:] + b".") for v in values]


def _keys(candidates: np.ndarray, counts: np.ndarray, gaps: np.ndarray, span: np.int64) -> np.ndarray:
    """``candidate * span + position`` for runs of gaps (``counts[i]`` gaps for ``candidates[i]``)."""
    if not gaps.size:
        return np.zeros(0, dtype=np.int64)
    sums = np.cumsum(gaps)
    before = np.repeat(sums[np.cumsum(counts) - counts] - gaps[np.cumsum(counts) - counts], counts)
    return np.repeat(candidates.astype(np.int64), counts) * span + (sums - before)


def _phrase(q: wq.Phrase, cols: Columns) -> Matches:
    field, words = q.fieldname, list(q.words)
    if field not in cols.schema or not words:
        return Matches.empty()
    if len(words) == 1:
        return cols.term(field, words[0], q.boost)
    fmt = cols.schema[field].format
    if not fmt.supports("positions"):
        raise Unsupported(f"phrase on {field} without positions")
    # Read with positions first: the scores below then reuse these lists instead of reading
    # them again (a block's positions come in the same read as its ids and weights).
    postings = [cols.postings(field, w, positions=True) for w in words]
    scored = [cols.term(field, w) for w in words]
    common = scored[0].ids
    for m in scored[1:]:
        common = np.intersect1d(common, m.ids, assume_unique=True)
        if not common.size:
            return Matches.empty()
    # Every word's positions in every candidate, as one array of keys (candidate, position):
    # a phrase match is a key of the first word whose following keys are the next words'.
    slop = max(1, int(q.slop))
    span = np.int64(1 << 32)
    keys = []
    for p in postings:
        at = np.searchsorted(p.ids, common)
        keys.append(_position_keys(p.values, at, span))  # type: ignore[arg-type]
    current = keys[0]
    for following in keys[1:]:
        if slop == 1:
            current = np.intersect1d(current + 1, following, assume_unique=True)
        else:  # a later word up to ``slop`` positions after the previous one
            shifted = np.unique(np.concatenate([current + k for k in range(1, slop + 1)]))
            current = np.intersect1d(shifted, following, assume_unique=True)
        if not current.size:
            return Matches.empty()
    keep = np.zeros(common.size, dtype=bool)
    keep[np.unique(current // span)] = True
    ids = common[keep]
    total = np.zeros(ids.size)
    for m in scored:
        total += m.scores[np.searchsorted(m.ids, ids)]
    return Matches(ids, total * q.boost)
