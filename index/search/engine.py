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
- ``Phrase``: the documents holding every word, then the words' positions checked for those only
  (the rarest word first, each next word only in the candidates left), read from each segment's
  positions file (``index.store.w3.posfile``) or Whoosh's positions for a segment without one;
- prefixes and fuzzy words: expanded from each segment's terms (a prefix also to the stems of
  the words it begins, a fuzzy word also through the stems of the words one edit away);
  wildcards, ranges and dates: expanded by Whoosh; at most ``MAX_EXPANSION`` words each;
- anything else raises ``Unsupported``, and the caller lets Whoosh run that query itself.

Deleted documents are masked out. Ranking follows Whoosh's: equal scores in document order.
The per-document columns (field lengths, dates, liveness) are read once per opened index.
Posting lists and columns come from ``index.store.w3``, the one module that reads Whoosh's
private format (it raises ``FormatDrift`` when that format is not the expected one).

Where the results differ from Whoosh's own search, on purpose:
- an expanded term (prefix, wildcard, fuzzy word, range) scores as the ``Or`` of the words it
  expands to, each with the field's boost. Whoosh gives each word a flat weight when several
  expand (its ``constantscore``) and drops the field boost when only one does;
- the expansions themselves: a prefix finds the stems of the words it begins, a fuzzy word the
  stems of the words one edit away, a swap of two letters counts as one edit (Whoosh's
  per-segment fuzzy search does not do it), and an expansion stops at ``MAX_EXPANSION`` words;
- totals are exact: Whoosh's ``Or`` of a word that is in the title and the body counts the
  article once too, but its collector's totals are estimates for some query kinds.
"""

from __future__ import annotations

import bisect
import itertools
import re
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from whoosh import query as wq
from whoosh.support.levenshtein import damerau_levenshtein

from index.store.schema import is_stemmed
from index.store.w3 import Index, TermPositions

__all__ = ["Columns", "Expansion", "Matches", "Unsupported", "evaluate", "expanded", "notices", "query_terms"]

_EMPTY_IDS = np.zeros(0, dtype=np.int64)
_EMPTY_SCORES = np.zeros(0, dtype=np.float64)
# Posting lists kept between queries (a common word at 100,000 articles is about 0.5 MB).
_CACHE_BYTES = 96 * 1024 * 1024
# The most words a prefix, wildcard or fuzzy word stands for: ``*a*`` matches most of the
# lexicon, and reading every posting list took seconds at 10,000 articles.
MAX_EXPANSION = 500


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
    positions: TermPositions | None = None  # when asked for

    @property
    def nbytes(self) -> int:
        extra = self.positions.nbytes if self.positions is not None else 0
        return int(self.ids.nbytes + self.weights.nbytes) + extra


class Columns:
    """Per-document arrays of one opened index (one Whoosh searcher), read once and kept."""

    def __init__(self, index: Index) -> None:
        self.index = index
        self.schema = index.schema
        self.segments = index.segments
        self.size = index.size
        self.live = index.live()
        self._lengths: dict[str, np.ndarray] = {}
        self._numeric: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        self._postings: OrderedDict[tuple[str, bytes, bool], _Postings] = OrderedDict()
        self._cached_bytes = 0
        self._expansions: dict[str, Expansion] = {}
        self._lexicons: dict[str, tuple[list[str], str]] = {}
        self._in_files: dict[str, bool] = {}  # fields every segment's positions file holds
        self._lock = threading.Lock()

    # --- per-document columns ------------------------------------------------------------------

    def lengths(self, field: str) -> np.ndarray:
        """The indexed length of ``field`` in every document (as Whoosh stores it, one byte each)."""
        with self._lock:
            out = self._lengths.get(field)
            if out is None:
                out = self._lengths[field] = self.index.lengths(field)
            return out

    def numeric(self, field: str) -> tuple[np.ndarray, np.ndarray]:
        """A sortable numeric column (dates: microseconds since year 1) and where it has a value."""
        with self._lock:
            out = self._numeric.get(field)
            if out is None:
                out = self._numeric[field] = self.index.numeric(field)
            return out

    def months(self, field: str = "date") -> tuple[np.ndarray, np.ndarray]:
        """Each document's month (counted from 1970-01) from a date column, and where it has one."""
        values, present = self.numeric(field)
        days = (values // 86_400_000_000).astype("timedelta64[D]")  # Whoosh: microseconds since 0001-01-01
        months = (np.datetime64("0001-01-01", "D") + days).astype("datetime64[M]").astype(np.int64)
        return months, present

    def expand(self, q: wq.MultiTerm) -> Expansion:
        """The indexed terms a prefix, wildcard, fuzzy or range query stands for (cached), at most
        ``MAX_EXPANSION`` of them (the first in alphabetical order; ``cut`` says so).

        Prefixes and fuzzy words list each segment's terms with the prefix and merge the sets:
        Whoosh's merged lexicon walk took seconds for ``mayor~`` at 100,000 articles.
        """
        field = q.field()
        key = repr(q)  # the kind, field, text or range and options
        with self._lock:
            found = self._expansions.get(key)
        if found is not None:
            return found
        if field not in self.schema:
            terms: list[bytes] = []
        elif isinstance(q, wq.FuzzyTerm):
            terms = sorted(self._fuzzy(field, q.text, q.maxdist, q.prefixlength))
        elif isinstance(q, wq.Prefix):
            terms = sorted(self._with_prefix(field, q.text) | self._stems_of_prefix(field, q.text))
        elif isinstance(q, wq.Wildcard):
            terms = self._matching(field, q.text)
        else:
            terms = self.index.expanded(q)
        found = Expansion(tuple(terms[:MAX_EXPANSION]), len(terms) > MAX_EXPANSION)
        with self._lock:
            if len(self._expansions) >= 256:
                self._expansions.pop(next(iter(self._expansions)))
            self._expansions[key] = found
        return found

    def _stem(self, field: str, word: str) -> str | None:
        tokens = [t.text for t in self.schema[field].analyzer(word)]
        return tokens[0] if len(tokens) == 1 else None

    def _stems_of_prefix(self, field: str, prefix: str) -> set[bytes]:
        """In a stemmed field, the stems of the words a prefix begins: the prefix itself and the
        prefix with a common ending. ``luxury*`` finds "luxury" (indexed as ``luxuri``) and
        ``universit*`` "university" (``univers``), but ``counter*`` never finds "count": no word
        that begins with "counter" stems to it."""
        if not is_stemmed(self.schema[field]) or not prefix:
            return set()
        found = set()
        for ending in _ENDINGS:
            stem = self._stem(field, prefix + ending)
            if stem and not stem.startswith(prefix) and self.index.has_term(field, stem.encode()):
                found.add(stem.encode())
        return found

    def _fuzzy(self, field: str, text: str, maxdist: int, prefixlength: int) -> set[bytes]:
        """The terms within ``maxdist`` edits of ``text`` (a swap of two letters is one edit), that
        keep its first ``prefixlength`` letters. In a stemmed field the word as written and its
        stem are both compared with the stems, and the stems of every word one edit away from it
        are taken too, so a one-letter typo of a word in the archive always finds it
        (``impeachmnt~``: "impeachment", indexed as ``impeach``)."""
        written = text.encode()
        candidates = self._with_prefix(field, text[:prefixlength])
        targets = {text}
        stemmed = is_stemmed(self.schema[field])
        if stemmed:
            targets.add(self._stem(field, text) or text)
        found = {
            t for t in candidates
            if any(abs(len(t) - len(w.encode())) <= 2 * maxdist  # bytes: accents count twice
                   and damerau_levenshtein(t.decode(), w, maxdist) <= maxdist for w in targets)
        }
        if stemmed and maxdist >= 1 and len(written) <= 40:
            for word in _one_edit(text, prefixlength):
                stem = self._stem(field, word)
                if stem is not None and stem.encode() in candidates:
                    found.add(stem.encode())
        return found

    def _words(self, field: str) -> tuple[list[str], str]:
        """The field's terms, sorted, and joined by newlines (for one regular expression search),
        read once: Whoosh's lexicon walk takes a quarter of a second at 10,000 articles."""
        with self._lock:
            found = self._lexicons.get(field)
        if found is None:
            words = sorted(t.decode() for t in self.index.lexicon(field))
            found = (words, "\n".join(words))
            with self._lock:
                self._lexicons[field] = found
        return found

    def _with_prefix(self, field: str, prefix: str) -> set[bytes]:
        words, _ = self._words(field)
        start = bisect.bisect_left(words, prefix)
        end = bisect.bisect_left(words, prefix + "\U0010ffff") if prefix else len(words)
        return {w.encode() for w in words[start:end]}

    def _matching(self, field: str, pattern: str) -> list[bytes]:
        """The terms a wildcard pattern (``*`` any letters, ``?`` one) matches, in order, one more
        than ``MAX_EXPANSION`` at most (enough to know the list was cut)."""
        words, joined = self._words(field)
        regex = "".join("[^\n]*" if ch == "*" else "[^\n]" if ch == "?" else re.escape(ch) for ch in pattern)
        found = re.finditer(f"^{regex}$", joined, re.MULTILINE)
        return [m.group().encode() for m in itertools.islice(found, MAX_EXPANSION + 1)]

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
        if positions or self._filed(field):
            # Documents and weights from each segment's positions file, whose positions are
            # decoded at each phrase for its candidates only; a segment without one gives
            # Whoosh's postings and positions, decoded once here. A word of a field every
            # segment's file holds is read from there too, and kept for a phrase.
            where = self.index.positions(field, btext)
            found = _Postings(where.ids, where.weights, where)
            key = (field, btext, True)
        else:
            ids, weights, _ = self.index.postings(field, btext)
            found = _Postings(ids, weights)
        with self._lock:
            self._postings[key] = found
            self._cached_bytes += found.nbytes
            while self._cached_bytes > _CACHE_BYTES and len(self._postings) > 1:
                _, old = self._postings.popitem(last=False)
                self._cached_bytes -= old.nbytes
        return found

    def _filed(self, field: str) -> bool:
        with self._lock:
            found = self._in_files.get(field)
        if found is None:
            found = self.index.positions_filed(field)
            with self._lock:
                self._in_files[field] = found
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
        idf = self.index.idf(field, text)
        avgfl = self.index.avg_field_length(field)
        b = self.index.b(field)
        k1 = self.index.k1
        lengths = np.maximum(self.lengths(field)[ids], 1.0)
        scores = idf * (weights * (k1 + 1)) / (weights + k1 * ((1 - b) + b * lengths / avgfl))
        return Matches(ids, scores * boost)


# Endings a stemmer cuts: a prefix with one of them may be a word whose stem does not begin
# with the prefix ("universit" + "y" stems to "univers").
_ENDINGS = ("", "s", "es", "e", "ed", "d", "ing", "y", "ies", "ion", "ions", "al", "ly", "ity", "ment", "ness")
_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def _one_edit(word: str, keep: int) -> set[str]:
    """The words one edit (a letter deleted, swapped with the next, changed or added) away from
    ``word`` that keep its first ``keep`` letters."""
    letters = set(_LETTERS) | set(word)
    out = set()
    for i in range(max(keep, 0), len(word) + 1):
        head, tail = word[:i], word[i:]
        if tail:
            out.add(head + tail[1:])
            if len(tail) > 1:
                out.add(head + tail[1] + tail[0] + tail[2:])
            out.update(head + c + tail[1:] for c in letters)
        out.update(head + c + tail for c in letters)
    out.discard(word)
    return out


@dataclass(frozen=True)
class Expansion:
    """The terms a pattern stands for, and whether the list was cut at ``MAX_EXPANSION``."""

    terms: tuple[bytes, ...]
    cut: bool = False


# --- evaluation ------------------------------------------------------------------------------------


def evaluate(q: wq.Query, cols: Columns) -> Matches:
    """Every live document matching ``q``, with its score (raises ``Unsupported``)."""
    if isinstance(q, wq.Every):
        if q.fieldname in (None, "", "*"):
            ids = cols.all_live()
            return Matches(ids, np.full(ids.size, float(q.boost)))
        return _has_field(cols, q.fieldname, float(q.boost))
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
        return evaluate(cols.index.range_query(q), cols)
    if isinstance(q, wq.MultiTerm):
        field = q.field()
        if field not in cols.schema:
            return Matches.empty()
        # Scored as the Or of the expanded terms, each with the query's boost: more and rarer
        # matching words rank higher. (Whoosh gives each term a flat weight when several expand,
        # its constantscore, and drops the boost when one does.)
        return _or([cols.term(field, t) for t in cols.expand(q).terms], q.boost)
    if isinstance(q, type(wq.NullQuery)):
        return Matches.empty()
    raise Unsupported(type(q).__name__)


def expanded(q: wq.Query, cols: Columns) -> wq.Query:
    """``q`` with each prefix, wildcard and fuzzy word replaced by the ``Or`` of the words it
    expands to here: Whoosh's own search then finds what ``evaluate`` finds."""
    if isinstance(q, wq.MultiTerm) and not isinstance(q, (wq.NumericRange, wq.TermRange)):
        field = q.field()
        if field not in cols.schema:
            return wq.NullQuery
        # The boost on each word: Whoosh drops an Or's boost when it has one word.
        terms = [wq.Term(field, t.decode(), boost=q.boost) for t in cols.expand(q).terms]
        return wq.Or(terms) if terms else wq.NullQuery
    if q.is_leaf():
        return q
    return q.apply(lambda child: expanded(child, cols))


def notices(q: wq.Query, cols: Columns) -> tuple[str, ...]:
    """What the user should know about how ``q`` was run: patterns cut at ``MAX_EXPANSION``."""
    cut = sorted({_pattern(leaf) for leaf in _leaves(q) if isinstance(leaf, wq.MultiTerm)
                  and not isinstance(leaf, wq.NumericRange) and leaf.field() in cols.schema
                  and cols.expand(leaf).cut})
    return tuple(f"{p} matches more than {MAX_EXPANSION:,} words; only the first {MAX_EXPANSION:,} "
                 "(in alphabetical order) were searched: make it longer to narrow it." for p in cut)


def _pattern(q: wq.MultiTerm) -> str:
    if isinstance(q, wq.FuzzyTerm):
        return f"{q.text}~"
    if isinstance(q, wq.Prefix):
        return f"{q.text}*"
    return str(getattr(q, "text", q))


def _leaves(q: wq.Query) -> list[wq.Query]:
    if q.is_leaf():
        return [q]
    return [leaf for child in q.children() for leaf in _leaves(child)]


def query_terms(q: wq.Query, cols: Columns) -> set[tuple[str, str]]:
    """The (field, word) pairs of the index a query matches on, expanded as ``evaluate`` expands
    them: for highlighting and snippets."""
    out: set[tuple[str, str]] = set()
    if isinstance(q, wq.MultiTerm) and not isinstance(q, wq.NumericRange):
        field = q.field()
        if field in cols.schema:
            out.update((field, t.decode()) for t in cols.expand(q).terms)
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


def _has_field(cols: Columns, field: str, boost: float) -> Matches:
    """The live documents with anything in ``field`` (``handle:*``), each scored ``boost``."""
    if field not in cols.schema:
        return Matches.empty()
    if cols.schema[field].scorable:  # a stored length above 0
        ids = np.flatnonzero((cols.lengths(field) > 0) & cols.live).astype(np.int64)
    else:  # one walk of each segment's terms, as the facet tables read them
        parts = [ids + seg.offset for seg in cols.segments for _, ids in seg.field_postings(field)]
        ids = unique_ints(np.concatenate(parts)) if parts else _EMPTY_IDS
        ids = ids[cols.live[ids]]
    return Matches(ids, np.full(ids.size, boost))


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
    ids = unique_ints(np.concatenate([p.ids for p in parts]))
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
    # Each word's positions in the candidates, as sorted keys (candidate, position): a phrase
    # match is a key of the first word whose following keys are the next words'. Each word's
    # positions are read only for the candidates the words before it left.
    slop = max(1, int(q.slop))
    span = np.int64(1 << 32)
    where = [p.positions for p in postings if p.positions is not None]
    assert len(where) == len(postings)
    labels = np.arange(common.size, dtype=np.int64)
    if slop == 1:
        # The k-th word's keys moved back by k: a match is a key that every word has. The word
        # with the fewest positions in the candidates first.
        cost = [float(p.weights[np.searchsorted(p.ids, common)].sum()) for p in postings]
        reach = np.int64(len(words) - 1)  # keys moved back by up to this much still name their candidate
        current: np.ndarray | None = None
        for n in sorted(range(len(words)), key=lambda k: cost[k]):
            if current is None:
                current = where[n].keys(common[labels], labels, span) - n
            else:
                # A later word's keys a piece at a time (ascending), each against the current
                # keys in its range: a common word's millions of keys are never all in memory.
                found = []
                for keys in where[n].chunks(common[labels], labels, span):
                    keys -= n
                    lo, hi = np.searchsorted(current, keys[0]), np.searchsorted(current, keys[-1], side="right")
                    mine = current[lo:hi]
                    found.append(_common(mine, keys) if mine.size <= keys.size else _common(keys, mine))
                current = np.concatenate(found) if found else current[:0]
            if not current.size:
                return Matches.empty()
            labels = unique_ints((current + reach) // span, ascending=True)
        assert current is not None
    else:
        current = where[0].keys(common, labels, span)
        for following in where[1:]:
            if not current.size:
                return Matches.empty()
            labels = unique_ints(current // span, ascending=True)
            # A later word up to ``slop`` positions after the previous one.
            moved = unique_ints(np.concatenate([current + k for k in range(1, slop + 1)]))
            keys = following.keys(common[labels], labels, span)
            current = np.intersect1d(moved, keys, assume_unique=True)
        if not current.size:
            return Matches.empty()
    keep = np.zeros(common.size, dtype=bool)
    keep[current // span] = True
    ids = common[keep]
    total = np.zeros(ids.size)
    for m in scored:
        total += m.scores[np.searchsorted(m.ids, ids)]
    return Matches(ids, total * q.boost)


def unique_ints(values: np.ndarray, ascending: bool = False) -> np.ndarray:
    """``np.unique(values)`` for integers (``ascending``: already sorted), as a sort and a mask:
    numpy 2's ``unique`` hashes, 0.84 s for 3,000,000 sorted keys (14 ms this way) and 3.6 s for
    as many distinct unsorted ones (23 ms)."""
    v = values if ascending else np.sort(values)
    if v.size < 2:
        return v.copy()
    keep = np.empty(v.size, dtype=bool)
    keep[0] = True
    np.not_equal(v[1:], v[:-1], out=keep[1:])
    return v[keep]


def _common(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The values of sorted ``a`` that sorted ``b`` holds too (``a`` the shorter: a binary search
    of each, not a sort of both)."""
    if not a.size or not b.size:
        return a[:0]
    at = np.minimum(np.searchsorted(b, a), b.size - 1)
    return a[b[at] == a]
