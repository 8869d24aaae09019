"""The segment writer's pool of postings: Whoosh's ``PostingPool`` (sorted by field, term and
document, spilled to disk in sorted runs when full), kept as arrays grouped by term.

Whoosh's pool holds a tuple per posting (field, term, document, weight, encoded positions), about
180 bytes, sorts them all when it spills or finishes, and merges its runs posting by posting. This
one holds a posting in about 33 bytes: its term's number, its document and weight in arrays, its
value's bytes in one buffer. A run is sorted by term alone (a stable sort of the term numbers:
a term's postings were added in document order), written as chunks of whole terms, and the runs
are merged term by term. ``iter_postings`` gives the same tuples in the same order as Whoosh's:
where a term's documents would not come out ascending (never, as Morgue and Whoosh add them), the
run is sorted as Whoosh sorts it.
"""

from __future__ import annotations

import contextlib
import heapq
import itertools
import marshal
import struct
from array import array
from collections.abc import Iterable, Iterator
from operator import itemgetter
from typing import Any

import numpy as np
from whoosh.writing import PostingPool

Posting = tuple[str, bytes, int, float, bytes]
# A chunk of a run: its terms (field, term) in order, how many postings each has, and the
# postings' documents, weights, value lengths and values, term after term.
Chunk = tuple[list[tuple[str, bytes]], bytes, bytes, bytes, bytes, bytes]

_FRAME = struct.Struct("<I")  # the byte length of a run's chunk, before it
_POSTING_BYTES = 20  # a posting's term number, document, weight and value length in the arrays
_TERM_BYTES = 120  # a term's entry in its field's table and in the list of terms


class Pool(PostingPool):  # type: ignore[misc]
    """Whoosh's posting pool as arrays grouped by term (the module docstring); ``limit`` is bytes held."""

    # Postings per chunk of a run (whole terms: a chunk may hold more): what the final merge holds
    # of each run at a time, about 40 bytes a posting once read.
    CHUNK = 2000
    runs: list[str]  # the runs' names in the temporary storage, oldest first

    def __init__(self, tempstore: Any, segment: Any, limitmb: int = 128, **kwargs: Any) -> None:
        super().__init__(tempstore, segment, limitmb=limitmb, **kwargs)
        self._clear()

    def _clear(self) -> None:
        self._numbers: dict[str, dict[bytes, int]] = {}  # field -> term -> the term's number
        self._terms: list[tuple[str, bytes]] = []  # number -> (field, term)
        self._term_of = array("I")  # per posting, in the order added
        self._docs = array("i")
        self._weights = array("d")
        self._lengths = array("I")
        self._values = bytearray()
        self.currentsize = 0

    def __len__(self) -> int:
        return len(self._term_of)

    def add(self, item: Posting) -> None:
        """Add one posting (field, term, document, weight, encoded value)."""
        fieldname, tbytes, docnum, weight, vbytes = item
        self.add_field(fieldname, docnum, [tbytes], [weight], [vbytes or b""])

    def add_field(self, fieldname: str, docnum: int, terms: list[bytes], weights: Iterable[float],
                  values: list[bytes]) -> None:
        """Add the postings of one document's field: its distinct terms, with their weights and values."""
        if not terms:
            return
        self.fieldnames.add(fieldname)
        numbers = self._numbers.get(fieldname)
        if numbers is None:
            numbers = self._numbers[fieldname] = {}
        get, known = numbers.get, self._terms
        before = len(known)
        ids = []
        for t in terms:
            n = get(t)
            if n is None:
                n = numbers[t] = len(known)
                known.append((fieldname, t))
            ids.append(n)
        self._term_of.extend(ids)
        self._docs.extend(itertools.repeat(docnum, len(ids)))
        self._weights.extend(weights)
        self._lengths.extend(map(len, values))
        joined = b"".join(values)
        self._values += joined
        self.currentsize += len(joined) + _POSTING_BYTES * len(ids) + _TERM_BYTES * (len(known) - before)
        if self.currentsize > self.limit:
            self.save()

    # --- sorting a run ---------------------------------------------------------------------------

    def _chunks(self) -> Iterator[Chunk]:
        """The pool's postings sorted as Whoosh sorts them, in chunks of whole terms."""
        terms = self._terms
        if not terms:
            return
        by_term = sorted(range(len(terms)), key=terms.__getitem__)
        rank = np.empty(len(terms), dtype=np.int32)
        rank[by_term] = np.arange(len(terms), dtype=np.int32)
        term_of = np.frombuffer(self._term_of, dtype=np.uint32)
        order = np.argsort(rank[term_of], kind="stable")
        del rank
        docs = np.frombuffer(self._docs, dtype=np.int32)[order]
        counts = np.bincount(term_of, minlength=len(terms))[by_term]
        ends = np.cumsum(counts)
        if not _ascending(docs, ends):
            yield from _chunked(sorted(self._postings()), self.CHUNK)
            return
        # What is gathered for the whole pool is kept small (16 bytes a posting with ``order``):
        # a spill comes when the pool is full.
        weights = np.frombuffer(self._weights, dtype=np.float64)
        lengths = np.frombuffer(self._lengths, dtype=np.uint32)
        starts = np.cumsum(lengths, dtype=np.uint32) - lengths  # the pool holds under 4 GB
        values = np.frombuffer(self._values, dtype=np.uint8)
        first = 0  # the first term of the chunk
        while first < len(terms):
            # whole terms, up to the one that makes the chunk CHUNK postings long
            lo = int(ends[first] - counts[first])
            last = min(int(np.searchsorted(ends, lo + self.CHUNK, side="left")) + 1, len(terms))
            hi = int(ends[last - 1])
            at = order[lo:hi]
            lens = lengths[at]
            blob = values[_runs(starts[at].astype(np.int64), lens)].tobytes()
            yield ([terms[i] for i in by_term[first:last]], counts[first:last].astype(np.uint32).tobytes(),
                   docs[lo:hi].tobytes(), weights[at].tobytes(), lens.tobytes(), blob)
            first = last

    def _postings(self) -> Iterator[Posting]:
        """The pool's postings in the order added."""
        terms, values, at = self._terms, bytes(self._values), 0
        for t, d, w, n in zip(self._term_of, self._docs, self._weights, self._lengths, strict=True):
            yield (*terms[t], d, w, values[at:at + n])
            at += n

    # --- runs on disk ----------------------------------------------------------------------------

    def save(self) -> None:
        """Write the pool's postings to a new sorted run and empty it."""
        if not self._terms:
            return
        path, f = self._new_run()
        self._write_run(f, self._chunks())
        self.runs.append(path)
        self._clear()

    def _read_run(self, path: str) -> Iterator[Chunk]:
        f = self._open_run(path)
        try:
            read, size = f.read, _FRAME.size
            while head := read(size):
                (n,) = _FRAME.unpack(head)
                yield marshal.loads(read(n))
        finally:
            f.close()
            self._remove_run(path)

    def _write_run(self, f: Any, chunks: Iterable[Chunk]) -> None:
        """Write a run's chunks to ``f``, each framed by its length (``_read_run`` reads them), and close it."""
        try:
            for chunk in chunks:
                data = marshal.dumps(chunk, 2)
                f.write(_FRAME.pack(len(data)))
                f.write(data)
        finally:
            f.close()

    # --- merging ---------------------------------------------------------------------------------

    def iter_postings(self) -> Iterator[Posting]:
        return self.items()

    def items(self, maxfiles: int = 128) -> Iterator[Posting]:
        """Every posting, sorted as Whoosh sorts them (the runs merged, then what is in memory)."""
        if not self.runs:
            return _postings_of(_terms_of(self._chunks()))
        self.save()
        runs: list[str] = self.runs
        self.runs = []
        while len(runs) > maxfiles:  # merge runs next to each other, so the documents stay in order
            merged = []
            for i in range(0, len(runs), maxfiles):
                group = runs[i:i + maxfiles]
                if len(group) == 1:
                    merged.extend(group)
                    continue
                path, f = self._new_run()
                self._write_run(f, _chunked_terms(self._merged(group), self.CHUNK))
                merged.append(path)
            runs = merged
        return _postings_of(self._merged(runs))

    def _merged(self, runs: list[str]) -> Iterator[tuple[tuple[str, bytes], list[Any], list[Any], list[bytes]]]:
        """The terms of ``runs`` in order, each with its documents, weights and values in the runs' order."""
        streams = [_keyed(n, _terms_of(self._read_run(path))) for n, path in enumerate(runs)]
        chain = itertools.chain.from_iterable
        for key, group in itertools.groupby(heapq.merge(*streams), key=itemgetter(0)):
            parts = [term for _, _, term in group]
            if len(parts) == 1:
                yield parts[0]
                continue
            docs = list(chain(p[1] for p in parts))
            weights = list(chain(p[2] for p in parts))
            values = list(chain(p[3] for p in parts))
            # Each part ascends; the parts follow each other unless the documents were added out of order.
            if any(a[1][-1] >= b[1][0] for a, b in itertools.pairwise(parts)):
                rows = sorted(zip(docs, weights, values, strict=True))  # Whoosh's order
                docs, weights, values = [r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows]
            yield key, docs, weights, values

    def cleanup(self) -> None:
        self._clear()
        for path in self.runs:
            with contextlib.suppress(OSError):
                self._remove_run(path)
        self.runs = []


def _ascending(docs: np.ndarray, ends: np.ndarray) -> bool:
    """Whether each term's documents (``docs``, term after term, each ending at ``ends``) ascend."""
    if docs.size < 2:
        return True
    rises = docs[1:] > docs[:-1]
    rises[ends[:-1] - 1] = True  # a term's first document after the last term's
    return bool(rises.all())


def _keyed(n: int, terms: Iterable[Any]) -> Iterator[tuple[tuple[str, bytes], int, Any]]:
    """Each term of the ``n``-th run as (its key, n, the term), for the merge."""
    for term in terms:
        yield term[0], n, term


def _runs(starts: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """The indexes ``starts[i]`` to ``starts[i] + counts[i]``, run after run."""
    total = int(counts.sum())
    if not total:
        return np.zeros(0, dtype=np.int64)
    return np.repeat(starts - (np.cumsum(counts, dtype=np.int64) - counts), counts) + np.arange(total)


def _terms_of(chunks: Iterable[Chunk]) -> Iterator[tuple[tuple[str, bytes], list[Any], list[Any], list[bytes]]]:
    """Each term of the chunks: (field, term), its documents, weights and values."""
    for keys, counts, docs, weights, lengths, blob in chunks:
        ds, ws = array("i", docs).tolist(), array("d", weights).tolist()
        ends = list(itertools.accumulate(array("I", lengths)))
        vs = [blob[a:b] for a, b in zip([0, *ends], ends, strict=False)]
        at = 0
        for key, n in zip(keys, array("I", counts), strict=True):
            yield key, ds[at:at + n], ws[at:at + n], vs[at:at + n]
            at += n


def _postings_of(terms: Iterable[tuple[tuple[str, bytes], list[Any], list[Any], list[bytes]]]) -> Iterator[Posting]:
    for (fieldname, tbytes), docs, weights, values in terms:
        yield from zip(itertools.repeat(fieldname), itertools.repeat(tbytes), docs, weights, values)


def _chunked(postings: Iterable[Posting], size: int) -> Iterator[Chunk]:
    """Sorted postings as chunks of whole terms."""
    terms: list[Any] = []
    for key, group in itertools.groupby(postings, key=itemgetter(0, 1)):
        rows = list(group)
        terms.append((key, [r[2] for r in rows], [r[3] for r in rows], [r[4] for r in rows]))
    yield from _chunked_terms(iter(terms), size)


def _chunked_terms(terms: Iterator[tuple[tuple[str, bytes], list[Any], list[Any], list[bytes]]],
                   size: int) -> Iterator[Chunk]:
    """Terms (as ``_terms_of`` gives them) as chunks of whole terms, about ``size`` postings each."""
    while True:
        batch = list(_take_postings(terms, size))
        if not batch:
            return
        yield ([t[0] for t in batch], array("I", [len(t[1]) for t in batch]).tobytes(),
               array("i", [d for t in batch for d in t[1]]).tobytes(),
               array("d", [w for t in batch for w in t[2]]).tobytes(),
               array("I", [len(v) for t in batch for v in t[3]]).tobytes(),
               b"".join([v for t in batch for v in t[3]]))


def _take_postings(terms: Iterator[Any], size: int) -> Iterator[Any]:
    """Terms from ``terms`` until they hold at least ``size`` postings."""
    held = 0
    for term in terms:
        yield term
        held += len(term[1])
        if held >= size:
            return
