"""Morgue's own positions file, one beside each Whoosh segment: written with the segment, read by phrases.

Whoosh keeps a posting's positions as a pickled list of gaps inside its posting blocks: a phrase
had to read and decode every posting of each of its words (all 30,000 of "the") before it could
look at the few candidates that hold every word. This file holds the same positions in a form a
phrase reads only where it needs them: the documents of a term as one array, and each posting's
gaps as varints in one blob, found through an offset table, so a phrase decodes the positions of
its candidates alone, with numpy, straight from a memory map.

The file ``<index>_<segment id>.mpos`` (Whoosh's own cleaning deletes it with its segment), all
integers little-endian, every number in the terms' data a varint (7 bits a byte, low bits first,
the high bit set on all but a value's last byte)::

    header    96 bytes: magic b"MGPOS\x00\x02\x00", documents u4, terms u4, postings u8, data bytes u8,
              then the offsets of the term starts, counts, weights, keys, key ends and fields (u8 each)
    data      each term's postings, term after term: the gaps between their documents (the first is
              the document's number in the segment), how many positions each has, how many bytes of
              gaps those take, then each posting's gaps between positions (the first: the position)
    starts    u8 [terms + 1]: where each term's postings begin in ``data`` (the last: its end)
    counts    u4 [terms]: how many postings each term has
    weights   f8 [terms]: a posting's weight over its positions, the same for all the term's postings
              as Whoosh writes them (NaN when not: that term's weights are read from Whoosh)
    keys      the terms' bytes, one after the other, sorted as Whoosh sorts them within a field
    key ends  u4 [terms]: where each term's bytes end in ``keys``
    fields    JSON: {field: [first term, end term]}, the fields with positions

A phrase reads its words' documents, weights and byte offsets (a few bytes a posting, decoded with
numpy for the whole term), then the gaps of its candidates alone.

The postings are those of Whoosh's segment, deleted documents included (a search masks them, as it
does Whoosh's). ``Recorder`` writes it while Morgue's segment writer writes the segment's postings
(``index.store.w3.write`` calls it: indexing runs, rebuilds and merges); a segment written by
Whoosh's own writer (``MORGUE_WHOOSH_PUBLIC=1``, an index older than the file) has none, and its
phrases read Whoosh's positions as before. ``open_stored`` checks the header and the sizes and
gives None with a log line for a file that is not what it expects; ``index.store.w3.read`` then
reads the segment's positions from Whoosh, and its self-check compares a few terms both ways.
"""

from __future__ import annotations

import json
import logging
import mmap
import os
import shutil
import struct
import tempfile
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from typing import IO, Any

import numpy as np

from index.store.w3.guard import FormatDrift, guarded
from index.store.w3.poslists import positions as whoosh_positions

log = logging.getLogger(__name__)

EXT = ".mpos"
MAGIC = b"MGPOS\x00\x02\x00"
_HEADER = struct.Struct("<8sIIQQQQQQQQ")  # magic, documents, terms, postings, data, six offsets
_HEADER_SIZE = 96
# Postings decoded and written at a time. The recorder holds a chunk's documents, weights and values
# (the objects the merge would otherwise free) and numpy works on it in a dozen arrays: 200,000 held
# about 65 MB at the writer's peak, 20,000 hold a tenth of it for the same CPU and the same file.
_CHUNK = 20_000
_DECODE_BYTES = 1 << 18  # encoded values decoded at a time (about 120,000 positions, a few arrays of 1 MB)
# Positions a phrase decodes at a time (``TermPositions.chunks``): 2 MB arrays, which the allocator
# keeps and hands back piece after piece.
CHUNK_POSITIONS = 1 << 18


def _aligned(pos: int) -> int:
    return pos + (-pos) % 8


def file_name(segment: Any) -> str:
    """The file's name for a Whoosh segment (its id and the extension: Whoosh cleans it with the segment)."""
    return str(segment.make_filename(EXT))


# --- writing -----------------------------------------------------------------------------------


def varints(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Non-negative integers as varints: the bytes, and how many bytes each value took."""
    v = values.astype(np.uint64, copy=False)
    sizes = np.ones(v.size, dtype=np.int64)
    for k in range(1, 10):
        big = v >= np.uint64(1 << (7 * k))
        if not big.any():
            break
        sizes += big
    out = np.zeros(int(sizes.sum()), dtype=np.uint8)
    first = np.cumsum(sizes) - sizes
    for k in range(int(sizes.max()) if sizes.size else 0):
        has = sizes > k
        byte = (v[has] >> np.uint64(7 * k)) & np.uint64(0x7F)
        more = (sizes[has] > k + 1).astype(np.uint64) << np.uint64(7)
        out[first[has] + k] = (byte | more).astype(np.uint8)
    return out, sizes


def _joined(arrays: list[np.ndarray]) -> np.ndarray:
    return np.concatenate(arrays) if arrays else np.zeros(0, dtype=np.int64)


class Recorder:
    """Collects the positional postings of a segment as its writer streams them, and writes the file.

    ``recorded(items)`` passes Whoosh's sorted stream of postings (field, term, document, weight,
    encoded value) through unchanged and keeps the positional ones; ``save(storage, segment)``
    writes the file once the segment is assembled. A posting Whoosh's decoder does not know leaves
    the segment without a file (logged)."""

    def __init__(self, schema: Any, temp_dir: str | None = None) -> None:
        from whoosh.formats import Positions

        self.fields = frozenset(name for name, field in schema.items() if type(field.format) is Positions)
        # Closed by ``close``, or deleted with the recorder (a temporary file has no name to leave).
        self._data: IO[bytes] = tempfile.TemporaryFile(dir=temp_dir)  # noqa: SIM115
        self._keys: list[bytes] = []
        self._field_of: list[str] = []
        self._term_at: list[int] = []  # where each term of the chunk begins in ``_docs``
        self._docs: list[int] = []
        self._weights: list[float] = []
        self._values: list[bytes] = []
        self._starts: list[np.ndarray] = []
        self._counts: list[np.ndarray] = []
        self._factors: list[np.ndarray] = []
        self._size = 0  # bytes of data written
        self._postings = 0
        self.failed: str | None = None

    def recorded(self, items: Iterable[tuple[Any, ...]]) -> Iterator[tuple[Any, ...]]:
        """``items`` unchanged, the positional postings kept on the way."""
        fields, docs, weights, values = self.fields, self._docs, self._weights, self._values
        add_doc, add_weight, add_value = docs.append, weights.append, values.append
        last_field, last_text = None, None
        for item in items:
            yield item
            field, btext, doc, weight, value = item
            if field in fields and doc >= 0:
                if btext != last_text or field != last_field:
                    last_field, last_text = field, btext
                    if len(docs) >= _CHUNK:
                        self._flush()
                    self._keys.append(btext)
                    self._field_of.append(field)
                    self._term_at.append(len(docs))
                add_doc(doc)
                add_weight(weight)
                add_value(value)

    def _flush(self) -> None:
        docs, at = self._docs, self._term_at
        try:
            if docs and not self.failed:
                self._write_chunk(np.asarray(docs, dtype=np.int64), np.asarray(self._weights, dtype=np.float64),
                                  np.asarray(at, dtype=np.int64))
        except FormatDrift as exc:
            self.failed = f"positions Whoosh's decoder does not know ({exc})"
        docs.clear()
        self._weights.clear()
        self._values.clear()
        at.clear()

    def _write_chunk(self, docs: np.ndarray, weights: np.ndarray, at: np.ndarray) -> None:
        # The positions are decoded _DECODE_BYTES of encoded values at a time: the chunk's terms in
        # groups, a term of more alone and in pieces. A chunk holds whole terms, and "the" in every
        # body of a 20,000-article part is 1.65 million positions: a dozen arrays of 13 MB at the
        # writer's peak (tracemalloc) when the chunk was decoded at once.
        values = self._values
        ends = np.cumsum(np.fromiter(map(len, values), dtype=np.int64, count=len(values)))
        term_ends = ends[np.append(at[1:], docs.size) - 1].tolist()  # value bytes to each term's end
        groups, a, base = [], 0, 0  # terms a.. and the bytes before them
        for t, end in enumerate(term_ends):
            if t > a and end - base > _DECODE_BYTES:  # term t does not fit beside a..t-1
                groups.append((a, t))
                a, base = t, term_ends[t - 1]
            if end - base > _DECODE_BYTES:  # a term too big for a group is one alone
                groups.append((a, t + 1))
                a, base = t + 1, end
        if a < at.size:
            groups.append((a, at.size))
        for a, b in groups:
            lo, hi = int(at[a]), int(at[b]) if b < at.size else docs.size
            before = int(ends[lo - 1]) if lo else 0
            if b - a == 1 and int(ends[hi - 1]) - before > _DECODE_BYTES:
                self._write_term(docs[lo:hi], weights[lo:hi], values[lo:hi], ends[lo:hi] - before)
            else:
                self._write_terms(docs[lo:hi], weights[lo:hi], at[a:b] - lo, values[lo:hi])

    @staticmethod
    def _gaps(values: list[bytes]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Postings' positions as varints of their gaps: each one's number of positions, the
        bytes (posting after posting) and how many bytes each posting's gaps take."""
        counts, flat = whoosh_positions(values)
        gaps = flat.copy()
        if gaps.size:
            gaps[1:] -= flat[:-1]
            firsts = (np.cumsum(counts) - counts)[counts > 0]
            gaps[firsts] = flat[firsts]
        blob, gap_bytes = varints(gaps)
        lens = np.bincount(np.repeat(np.arange(counts.size), counts), weights=gap_bytes,
                           minlength=counts.size).astype(np.int64)
        return counts, blob, lens

    def _write_term(self, docs: np.ndarray, weights: np.ndarray, values: list[bytes], ends: np.ndarray) -> None:
        """One term's postings (``ends``: where each one's value ends in their bytes): what
        ``_write_terms`` writes for it, decoded about _DECODE_BYTES of values at a time."""
        cuts = np.searchsorted(ends, np.arange(_DECODE_BYTES, int(ends[-1]), _DECODE_BYTES), side="right")
        bounds = [0, *sorted(set(cuts.tolist()) - {0, len(values)}), len(values)]
        pieces = [self._gaps(values[i:j]) for i, j in zip(bounds, bounds[1:], strict=False)]
        counts = np.concatenate([p[0] for p in pieces])
        blob = np.concatenate([p[1] for p in pieces])
        lens = np.concatenate([p[2] for p in pieces])
        del pieces
        deltas = docs.copy()
        deltas[1:] -= docs[:-1]
        factor = weights[:1] / np.maximum(counts[:1], 1)
        if (weights != counts * factor[0]).any():
            factor[:] = np.nan
        out = np.concatenate([varints(deltas)[0], varints(counts)[0], varints(lens)[0], blob])
        self._append(out, np.array([self._size], dtype=np.int64), np.array([docs.size], dtype=np.int64), factor)

    def _write_terms(self, docs: np.ndarray, weights: np.ndarray, at: np.ndarray, values: list[bytes]) -> None:
        counts, blob, lens = self._gaps(values)
        sizes = np.diff(np.append(at, docs.size))  # postings of each term
        term = np.repeat(np.arange(at.size), sizes)
        deltas = docs.copy()
        deltas[1:] -= docs[:-1]
        deltas[at] = docs[at]
        # A term's weight over positions, when its postings share it (Whoosh's are count x boosts).
        factor = weights[at] / np.maximum(counts[at], 1)
        uneven = np.bincount(term, weights=(weights != counts * factor[term]).astype(np.int64), minlength=at.size) > 0
        factor[uneven] = np.nan
        parts = [varints(deltas), varints(counts), varints(lens), (blob, lens)]
        per_term = [np.bincount(term, weights=b, minlength=at.size).astype(np.int64) for _, b in parts]
        region = np.sum(per_term, axis=0)
        starts = self._size + np.cumsum(region) - region
        out = np.zeros(int(region.sum()), dtype=np.uint8)
        before = np.zeros(at.size, dtype=np.int64)  # bytes of the term's earlier parts
        for (data, _), in_term in zip(parts, per_term, strict=True):
            first = np.cumsum(in_term) - in_term
            out[np.repeat(starts - self._size + before - first, in_term) + np.arange(data.size)] = data
            before += in_term
        self._append(out, starts, sizes, factor)

    def _append(self, out: np.ndarray, starts: np.ndarray, sizes: np.ndarray, factor: np.ndarray) -> None:
        """Write terms' data (``out``) and keep each one's start, postings and weight factor."""
        self._data.write(out.tobytes())
        self._starts.append(starts)
        self._counts.append(sizes)
        self._factors.append(factor)
        self._size += int(out.size)
        self._postings += int(sizes.sum())

    def save(self, storage: Any, segment: Any) -> None:
        """Write the file of ``segment`` (assembled, its documents counted) into ``storage``."""
        self._flush()
        if self.failed:
            log.warning("segment %s has no positions file: %s", segment.segment_id(), self.failed)
            return
        out = storage.create_file(file_name(segment))
        try:
            self._write(out, int(segment.doc_count_all()))
        finally:
            out.close()

    def _write(self, out: Any, documents: int) -> None:
        terms = len(self._keys)
        key_ends = np.cumsum(np.fromiter(map(len, self._keys), dtype=np.int64, count=terms))
        fields: dict[str, list[int]] = {}
        for n, field in enumerate(self._field_of):
            fields.setdefault(field, [n, n])[1] = n + 1
        tail = [
            np.append(_joined(self._starts), self._size).astype("<u8").tobytes(),
            _joined(self._counts).astype("<u4").tobytes(),
            _joined(self._factors).astype("<f8").tobytes(),
            b"".join(self._keys),
            key_ends.astype("<u4").tobytes(),
            json.dumps(fields).encode(),
        ]
        # Every size is known: the offsets go in the header, before the sections.
        offsets, pos = [], _aligned(_HEADER_SIZE + self._size)
        for part in tail:
            offsets.append(pos)
            pos = _aligned(pos + len(part))
        header = _HEADER.pack(MAGIC, documents, terms, self._postings, self._size, *offsets)
        out.write(header.ljust(_HEADER_SIZE, b"\0"))
        self._data.seek(0)
        shutil.copyfileobj(self._data, out)
        written = _HEADER_SIZE + self._size
        for offset, part in zip(offsets, tail, strict=True):
            out.write(b"\0" * (offset - written))
            out.write(part)
            written = offset + len(part)

    def close(self) -> None:
        """Drop the temporary file (after ``save``; a cancelled writer's goes with the recorder)."""
        self._data.close()


# --- reading -----------------------------------------------------------------------------------


class Stored:
    """One segment's positions file, opened: its terms, and a term's postings and positions."""

    def __init__(self, buf: Any, documents: int) -> None:
        self._buf = buf
        head = _HEADER.unpack_from(buf, 0)
        magic, docs, terms, postings, size, o_starts, o_counts, o_weights, o_keys, o_key_ends, o_fields = head
        if magic != MAGIC:
            raise ValueError("not a positions file of this version")
        if docs != documents:
            raise ValueError(f"written for {docs} documents, the segment has {documents}")
        ends = (o_starts + 8 * (terms + 1), o_counts + 4 * terms, o_weights + 8 * terms, o_key_ends + 4 * terms)
        if _HEADER_SIZE + size > o_starts or max(ends) > len(buf) or o_fields > len(buf):
            raise ValueError("sections past the end of the file")
        self.documents = documents
        self.data = np.frombuffer(buf, dtype=np.uint8, count=size, offset=_HEADER_SIZE)
        self.starts = np.frombuffer(buf, dtype="<u8", count=terms + 1, offset=o_starts)
        self.counts = np.frombuffer(buf, dtype="<u4", count=terms, offset=o_counts)
        self.factors = np.frombuffer(buf, dtype="<f8", count=terms, offset=o_weights)
        self._key_ends = np.frombuffer(buf, dtype="<u4", count=terms, offset=o_key_ends)
        self._keys = o_keys
        end = bytes(buf[o_fields:]).rstrip(b"\0")
        self.fields: dict[str, list[int]] = json.loads(end.decode()) if end else {}
        if int(self.starts[-1]) != size or int(self.counts.sum()) != postings or (
                terms and int(self._key_ends[-1]) > o_key_ends - o_keys):
            raise ValueError("the term table does not add up")

    def key(self, n: int) -> bytes:
        """The bytes of term number ``n``."""
        start = int(self._key_ends[n - 1]) if n else 0
        return bytes(self._buf[self._keys + start : self._keys + int(self._key_ends[n])])

    def has_field(self, field: str) -> bool:
        return field in self.fields

    def terms(self, field: str) -> list[bytes]:
        """Every term of ``field`` in the segment, in order: the prefixes' and fuzzy words' lexicon,
        from one slice of the keys (Whoosh's lexicon walk reads its term file a term at a time)."""
        lo, hi = self.fields.get(field, (0, 0))
        if lo >= hi:
            return []
        start = int(self._key_ends[lo - 1]) if lo else 0
        ends = (self._key_ends[lo:hi].astype(np.int64) - start).tolist()
        blob = bytes(self._buf[self._keys + start : self._keys + start + ends[-1]])
        return [blob[a:b] for a, b in zip([0, *ends[:-1]], ends, strict=True)]

    def term(self, field: str, btext: bytes) -> int | None:
        """The term's number, or None when the segment lacks it."""
        span = self.fields.get(field)
        if span is None:
            return None
        lo, hi = span
        n = bisect_left(range(lo, hi), btext, key=self.key) + lo
        return n if n < hi and self.key(n) == btext else None

    def postings(self, n: int) -> tuple[np.ndarray, np.ndarray | None, np.ndarray, np.ndarray]:
        """Term ``n``'s postings: documents (in the segment), weights (None: not stored), and where
        each posting's gaps begin in ``data`` and how many bytes they take."""
        start, end, count = int(self.starts[n]), int(self.starts[n + 1]), int(self.counts[n])
        head = self.data[start : min(end, start + 15 * count)]  # three varints a posting, five bytes at most each
        last = np.flatnonzero(head < 0x80)
        if last.size < 3 * count:
            raise FormatDrift("a term's postings end early")
        split = int(last[3 * count - 1]) + 1
        values = _values(head[:split], last[: 3 * count])
        ids, counts, lens = np.cumsum(values[:count]), values[count : 2 * count], values[2 * count :]
        begins = start + split + np.cumsum(lens) - lens
        if count and (int(ids[-1]) >= self.documents or int(begins[-1] + lens[-1]) != end):
            raise FormatDrift("a term's postings do not add up")
        factor = float(self.factors[n])
        return ids, None if np.isnan(factor) else counts * factor, begins, lens


def _repeated(values: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """``np.repeat(values, counts)`` for integers, as one scatter and one running sum: twice as
    fast on the millions of positions of a phrase over common words."""
    nz = counts > 0
    v, c = values[nz].astype(np.int64), counts[nz]
    out = np.zeros(int(c.sum()), dtype=np.int64)
    if out.size:
        out[np.cumsum(c) - c] = np.diff(v, prepend=0)
        np.cumsum(out, out=out)
    return out


def _values(raw: np.ndarray, last: np.ndarray) -> np.ndarray:
    """The varints of ``raw`` (``last``: the index of each one's last byte)."""
    if not last.size:
        return np.zeros(0, dtype=np.int64)
    if last.size == raw.size:  # one byte each, the usual case
        return raw.astype(np.int64)
    first = np.concatenate(([0], last[:-1] + 1))
    value = np.repeat(np.arange(last.size), last - first + 1)
    shift = 7 * (np.arange(raw.size) - first[value])
    return np.bincount(value, weights=(raw & 0x7F).astype(np.int64) << shift, minlength=last.size).astype(np.int64)


def open_stored(storage: Any, segment: Any) -> Stored | None:
    """The segment's positions file, memory-mapped, or None when it has none or a broken one (logged)."""
    name = file_name(segment)
    main = getattr(storage, "b", storage)  # a compound segment's storage overlays the index's
    if not main.file_exists(name):
        return None
    try:
        folder = getattr(main, "folder", None)
        if folder:
            with open(os.path.join(folder, name), "rb") as f:
                buf: Any = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) if os.fstat(f.fileno()).st_size else b""
        else:
            f2 = main.open_file(name)
            try:
                buf = f2.read()
            finally:
                f2.close()
        return Stored(buf, int(segment.doc_count_all()))
    except (OSError, ValueError, struct.error) as exc:
        log.warning("positions file %s not used (phrases read Whoosh's positions): %s", name, exc)
        return None


def decoded(stored: Stored, begins: np.ndarray, lens: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The positions of postings whose gaps take ``lens`` bytes from ``begins`` in ``stored.data``:
    how many each has, and all of them, posting after posting, ascending in each."""
    return keyed(stored, begins, lens, np.zeros(lens.size, dtype=np.int64))


def keyed(stored: Stored, begins: np.ndarray, lens: np.ndarray, bases: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Like ``decoded``, each posting's positions plus its ``bases`` value (a phrase's candidate
    label times its span): how many each posting has, and the keys.

    The millions of positions of a common word go through a few passes over one byte array and one
    integer array: the bytes gathered by a running sum of their offsets, one byte a gap taken as it
    is (a rare longer varint mended apart), and one running sum that restarts at each posting's base
    (for each posting's first gap, the base less the previous posting's last key)."""
    keep = lens > 0
    if not keep.all():
        begins, lens, bases = begins[keep], lens[keep], bases[keep]
    counts = np.zeros(keep.size, dtype=np.int64)
    total = int(lens.sum())
    if not total:
        return counts, np.zeros(0, dtype=np.int64)
    begins, lens = begins.astype(np.int64), lens.astype(np.int64)
    ends = np.cumsum(lens)  # where each posting's bytes end among the gathered
    at = np.ones(total, dtype=np.intp)
    ahead = np.empty_like(begins)
    ahead[0], ahead[1:] = 0, begins[:-1] + lens[:-1] - 1
    at[ends - lens] = begins - ahead
    np.cumsum(at, out=at)
    raw = stored.data[at]
    del at
    if raw[ends - 1].max() >= 0x80:
        raise FormatDrift("a posting's positions end inside a number")
    more = np.flatnonzero(raw >= 0x80)  # bytes of a varint that has more after them: rare
    if not more.size:
        keys = raw.astype(np.int64)
        per = lens
    else:
        keys, per = _mended(raw, more, ends)
    del raw
    firsts = np.cumsum(per) - per
    sums = np.add.reduceat(keys, firsts)  # each posting's last position
    bases = bases.astype(np.int64)
    step = bases.copy()
    step[1:] -= bases[:-1] + sums[:-1]
    keys[firsts] += step
    np.cumsum(keys, out=keys)
    counts[keep] = per
    return counts, keys


def _mended(raw: np.ndarray, more: np.ndarray, ends: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The varints of ``raw`` whose bytes at ``more`` (ascending) are followed by another of the
    same number, and how many numbers each posting (ending at ``ends``) holds."""
    last = np.flatnonzero(raw < 0x80)
    values = raw[last].astype(np.int64)
    number = np.searchsorted(last, more)  # the number each such byte belongs to
    start = np.where(number > 0, last[number - 1] + 1, 0)
    long = number[np.diff(number, prepend=-1) != 0]  # each once (ascending: not numpy's hashing unique)
    values[long] <<= 7 * (last[long] - np.where(long > 0, last[long - 1] + 1, 0))
    np.add.at(values, number, (raw[more] & 0x7F).astype(np.int64) << (7 * (more - start)))
    extra = np.bincount(np.searchsorted(ends, more, side="right"), minlength=ends.size)
    lens = np.diff(ends, prepend=0)
    return values, lens - extra


# --- a term over every segment ---------------------------------------------------------------------


class TermPositions:
    """A term's postings in a whole index, segment by segment: from the segment's positions file
    (documents, weights and offsets for the term, positions decoded for the documents asked for
    only) or, for a segment without one, from Whoosh's postings (positions decoded when read)."""

    def __init__(self) -> None:
        self._ids: list[np.ndarray] = []  # global document numbers of each part's postings
        self._weights: list[np.ndarray | None] = []
        self._parts: list[tuple[Stored, np.ndarray, np.ndarray] | tuple[np.ndarray, np.ndarray, np.ndarray]] = []

    def add_stored(self, stored: Stored, n: int, offset: int) -> None:
        ids, weights, begins, lens = stored.postings(n)
        self._ids.append(ids + offset)
        self._weights.append(weights)
        self._parts.append((stored, begins, lens))

    def add_decoded(self, ids: np.ndarray, weights: np.ndarray, counts: np.ndarray, flat: np.ndarray) -> None:
        self._ids.append(ids)
        self._weights.append(weights)
        self._parts.append((np.cumsum(counts) - counts, counts, flat.astype(np.int32)))

    def weights_missing(self) -> list[int]:
        """The parts (segments) whose weights the file does not hold (read them from Whoosh)."""
        return [n for n, w in enumerate(self._weights) if w is None]

    def set_weights(self, n: int, weights: np.ndarray) -> None:
        self._weights[n] = weights

    @property
    def ids(self) -> np.ndarray:
        """Every posting's global document number, ascending."""
        return np.concatenate(self._ids) if self._ids else np.zeros(0, dtype=np.int64)

    @property
    def weights(self) -> np.ndarray:
        """Every posting's weight (Whoosh's: the positions times the field's boosts)."""
        assert all(w is not None for w in self._weights)
        return np.concatenate([w for w in self._weights if w is not None]) if self._weights else np.zeros(0)

    @property
    def nbytes(self) -> int:
        """Memory held (a file's memory map not counted)."""
        arrays = [*self._ids, *(w for w in self._weights if w is not None)]
        arrays += [a for p in self._parts for a in p if isinstance(a, np.ndarray)]
        return sum(int(a.nbytes) for a in arrays)

    def keys(self, docs: np.ndarray, labels: np.ndarray, span: np.int64) -> np.ndarray:
        """``labels[i] * span + position`` for each position of the term in ``docs[i]`` (ascending
        global document numbers, each holding the term; ``labels`` ascending), ascending; raises
        ``FormatDrift``."""
        parts = list(self.chunks(docs, labels, span))
        return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)

    def chunks(self, docs: np.ndarray, labels: np.ndarray, span: np.int64,
               positions: int | None = None) -> Iterator[np.ndarray]:
        """The ``keys``, in ascending pieces of about ``positions`` positions (whole postings each):
        a phrase matches the millions of positions of a common word a piece at a time, in a few
        megabytes that the allocator hands back at the next piece, where the whole array's pages
        were new memory each time (the page faults were most of a first phrase's time)."""
        pieces = self._chunks(docs, labels, span, positions or CHUNK_POSITIONS)
        while (piece := guarded("positions", lambda: next(pieces, None))) is not None:
            yield piece

    def _chunks(self, docs: np.ndarray, labels: np.ndarray, span: np.int64, positions: int) -> Iterator[np.ndarray]:
        edges = np.searchsorted(docs, [int(i[0]) if i.size else 0 for i in self._ids] + [np.iinfo(np.int64).max])
        for n, (ids, part) in enumerate(zip(self._ids, self._parts, strict=True)):
            a, b = int(edges[n]), int(edges[n + 1])
            if a == b:
                continue
            want = docs[a:b]
            at = np.searchsorted(ids, want)
            if at[-1] >= ids.size or not np.array_equal(ids[at], want):
                raise FormatDrift("a phrase's candidate is not among its word's postings")
            bases = labels[a:b].astype(np.int64) * span
            first, second, third = part
            sizes = third[at] if isinstance(first, Stored) else second[at]  # bytes or positions of each
            cuts = np.searchsorted(np.cumsum(sizes, dtype=np.int64), np.arange(positions, int(sizes.sum()), positions))
            for lo, hi in zip([0, *(cuts + 1).tolist()], [*(cuts + 1).tolist(), at.size], strict=True):
                if lo >= hi:
                    continue
                got, base = at[lo:hi], bases[lo:hi]
                if isinstance(first, Stored):
                    yield keyed(first, second[got], third[got], base)[1]
                else:
                    counts = second[got]
                    picked = _repeated(first[got] - (np.cumsum(counts) - counts), counts) + np.arange(int(counts.sum()))
                    yield _repeated(base, counts) + third[picked]
