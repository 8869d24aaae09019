"""Morgue's own positions file, one beside each Whoosh segment: written with the segment, read by phrases.

Whoosh keeps a posting's positions as a pickled list of gaps inside its posting blocks: a phrase
had to read and decode every posting of each of its words (all 30,000 of "the") before it could
look at the few candidates that hold every word. This file holds the same positions in a form a
phrase reads only where it needs them: the documents of a term as one array, and each posting's
gaps as varints in one blob, found through an offset table, so a phrase decodes the positions of
its candidates alone, with numpy, straight from a memory map.

The file ``<index>_<segment id>.mpos`` (Whoosh's own cleaning deletes it with its segment), all
integers little-endian::

    header   64 bytes: magic b"MGPOS\\x00\\x01\\x00", documents u4, terms u4, postings u8, blob bytes u8,
             then the offsets of ids, bounds, keys, key ends, term starts and the fields table (u8 each)
    blob     every posting's gaps as varints (7 bits a byte, low first, the high bit set on all but the
             last byte of a value; the first gap is the first position), posting after posting
    ids      u4 [postings]: the posting's document number in the segment, ascending within a term
    bounds   u4 [postings + 1]: where each posting's varints start in the blob (the last: its end)
    keys     the terms' bytes, one after the other, sorted as Whoosh sorts them within a field
    key ends u4 [terms]: where each term's bytes end in ``keys``
    starts   u8 [terms + 1]: each term's first posting (the last: ``postings``)
    fields   JSON: {field: [first term, end term]}, the fields with positions

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

from index.store.w3.guard import FormatDrift
from index.store.w3.poslists import positions as whoosh_positions

log = logging.getLogger(__name__)

EXT = ".mpos"
MAGIC = b"MGPOS\x00\x01\x00"
_HEADER = struct.Struct("<8sIIQQQQQQQQ")  # magic, documents, terms, postings, blob, six offsets
_HEADER_SIZE = 96
_CHUNK = 200_000  # postings decoded and written at a time
_MAX_BLOB = 2**32 - 1  # bounds are u4: a segment with more varint bytes gets no file


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


class Recorder:
    """Collects the positional postings of a segment as its writer streams them, and writes the file.

    ``recorded(items)`` passes Whoosh's sorted stream of postings (field, term, document, weight,
    encoded value) through unchanged and keeps the positional ones; ``save(storage, segment)``
    writes the file once the segment is assembled. A posting Whoosh's decoder does not know, or a
    segment too large for the format, leaves the segment without a file (logged)."""

    def __init__(self, schema: Any, temp_dir: str | None = None) -> None:
        from whoosh.formats import Positions

        self.fields = frozenset(name for name, field in schema.items() if type(field.format) is Positions)
        # Closed by ``close``, or deleted with the recorder (temporary files have no name to leave).
        self._blob: IO[bytes] = tempfile.TemporaryFile(dir=temp_dir)  # noqa: SIM115
        self._ids: IO[bytes] = tempfile.TemporaryFile(dir=temp_dir)  # noqa: SIM115
        self._bounds: IO[bytes] = tempfile.TemporaryFile(dir=temp_dir)  # noqa: SIM115
        self._keys: list[bytes] = []
        self._term_starts: list[int] = []
        self._field_of: list[str] = []
        self._docs: list[int] = []
        self._values: list[bytes] = []
        self._postings = 0  # written so far
        self._blob_size = 0
        self.failed: str | None = None

    def recorded(self, items: Iterable[tuple[Any, ...]]) -> Iterator[tuple[Any, ...]]:
        """``items`` unchanged, the positional postings kept on the way."""
        fields, docs, values = self.fields, self._docs, self._values
        last_field, last_text = None, None
        for item in items:
            yield item
            field = item[0]
            if field in fields and item[2] >= 0:
                if item[1] != last_text or field != last_field:
                    last_field, last_text = field, item[1]
                    self._term(field, last_text)
                docs.append(item[2])
                values.append(item[4])

    def _term(self, field: str, btext: bytes) -> None:
        if len(self._docs) >= _CHUNK:
            self._flush()
        self._keys.append(btext)
        self._field_of.append(field)
        self._term_starts.append(self._postings + len(self._docs))

    def _flush(self) -> None:
        docs, values = self._docs, self._values
        if not docs or self.failed:
            docs.clear()
            values.clear()
            return
        try:
            counts, flat = whoosh_positions(values)
        except FormatDrift as exc:
            self.failed = f"positions Whoosh's decoder does not know ({exc})"
            return
        gaps = flat.copy()
        if gaps.size:
            starts = (np.cumsum(counts) - counts)[counts > 0]
            gaps[1:] -= flat[:-1]
            gaps[starts] = flat[starts]
        data, sizes = varints(gaps)
        owner = np.repeat(np.arange(counts.size), counts)
        per_posting = np.bincount(owner, weights=sizes, minlength=counts.size).astype(np.int64)
        bounds = self._blob_size + np.cumsum(per_posting) - per_posting
        if self._blob_size + int(data.size) > _MAX_BLOB:
            self.failed = "the segment's positions are too large for the file's offsets"
            return
        self._blob.write(data.tobytes())
        self._ids.write(np.asarray(docs, dtype="<u4").tobytes())
        self._bounds.write(bounds.astype("<u4").tobytes())
        self._blob_size += int(data.size)
        self._postings += len(docs)
        docs.clear()
        values.clear()

    def save(self, storage: Any, segment: Any) -> None:
        """Write the file of ``segment`` (assembled, its documents counted) into ``storage``."""
        self._flush()
        if self.failed:
            log.warning("segment %s has no positions file: %s", segment.segment_id(), self.failed)
            return
        name = file_name(segment)
        out = storage.create_file(name)
        try:
            self._write(out, int(segment.doc_count_all()))
        finally:
            out.close()

    def _write(self, out: Any, documents: int) -> None:
        terms, postings = len(self._keys), self._postings
        key_ends = np.cumsum(np.fromiter(map(len, self._keys), dtype=np.int64, count=terms))
        fields: dict[str, list[int]] = {}
        for n, field in enumerate(self._field_of):
            fields.setdefault(field, [n, n])[1] = n + 1
        keys = b"".join(self._keys)
        tail = [
            keys,
            key_ends.astype("<u4").tobytes(),
            np.array([*self._term_starts, postings], dtype="<u8").tobytes(),
            json.dumps(fields).encode(),
        ]
        # Every size is known: the offsets go in the header before the sections.
        offsets, pos = [], _aligned(_HEADER_SIZE + self._blob_size)
        for size in (4 * postings, 4 * (postings + 1), *map(len, tail)):
            offsets.append(pos)
            pos = _aligned(pos + size)
        out.write(_HEADER.pack(MAGIC, documents, terms, postings, self._blob_size, *offsets).ljust(_HEADER_SIZE, b"\0"))
        written = _HEADER_SIZE
        parts: list[bytes | IO[bytes]] = [self._blob, self._ids, self._bounds, *tail]
        for n, part in enumerate(parts):
            if n:
                out.write(b"\0" * (offsets[n - 1] - written))
                written = offsets[n - 1]
            if isinstance(part, bytes):
                out.write(part)
                written += len(part)
            else:
                written += part.tell()
                part.seek(0)
                shutil.copyfileobj(part, out)
            if part is self._bounds:  # the end of the last posting
                out.write(np.array([self._blob_size], dtype="<u4").tobytes())
                written += 4

    def close(self) -> None:
        """Drop the temporary files (after ``save``; a cancelled writer's go with the recorder)."""
        for f in (self._blob, self._ids, self._bounds):
            f.close()


# --- reading -----------------------------------------------------------------------------------


class Stored:
    """One segment's positions file, opened: a term's postings and its documents' positions."""

    def __init__(self, buf: Any, documents: int) -> None:
        self._buf = buf
        head = _HEADER.unpack_from(buf, 0)
        magic, docs, terms, postings, blob, o_ids, o_bounds, o_keys, o_key_ends, o_starts, o_fields = head
        if magic != MAGIC:
            raise ValueError("not a positions file of this version")
        if docs != documents:
            raise ValueError(f"written for {docs} documents, the segment has {documents}")
        size = len(buf)
        ends = (o_ids + 4 * postings, o_bounds + 4 * (postings + 1), o_key_ends + 4 * terms, o_starts + 8 * (terms + 1))
        if _HEADER_SIZE + blob > o_ids or max(ends) > size or o_fields > size:
            raise ValueError("sections past the end of the file")
        self.blob = np.frombuffer(buf, dtype=np.uint8, count=blob, offset=_HEADER_SIZE)
        self.ids = np.frombuffer(buf, dtype="<u4", count=postings, offset=o_ids)
        self.bounds = np.frombuffer(buf, dtype="<u4", count=postings + 1, offset=o_bounds)
        self._key_ends = np.frombuffer(buf, dtype="<u4", count=terms, offset=o_key_ends)
        self.starts = np.frombuffer(buf, dtype="<u8", count=terms + 1, offset=o_starts)
        self._keys = o_keys
        end = bytes(buf[o_fields:]).rstrip(b"\x00")
        self.fields: dict[str, list[int]] = json.loads(end.decode()) if end else {}
        if int(self.starts[-1]) != postings or (terms and int(self._key_ends[-1]) > o_key_ends - o_keys):
            raise ValueError("the term table does not add up")

    def key(self, n: int) -> bytes:
        """The bytes of term number ``n``."""
        start = int(self._key_ends[n - 1]) if n else 0
        return bytes(self._buf[self._keys + start : self._keys + int(self._key_ends[n])])

    def has_field(self, field: str) -> bool:
        return field in self.fields

    def rows(self, field: str, btext: bytes) -> tuple[int, int] | None:
        """The term's postings (first, end) in ``ids`` and ``bounds``, or None when the segment lacks it."""
        span = self.fields.get(field)
        if span is None:
            return None
        lo, hi = span
        n = bisect_left(range(lo, hi), btext, key=lambda i: self.key(i)) + lo
        if n >= hi or self.key(n) != btext:
            return None
        return int(self.starts[n]), int(self.starts[n + 1])


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


def decoded(stored: Stored, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The positions of the postings ``rows`` of ``stored``: how many each has, and all of them,
    posting after posting, ascending in each."""
    lo = stored.bounds[rows].astype(np.int64)
    lengths = stored.bounds[rows + 1].astype(np.int64) - lo
    total = int(lengths.sum())
    if not total:
        return np.zeros(rows.size, dtype=np.int64), np.zeros(0, dtype=np.int64)
    at = np.repeat(lo - (np.cumsum(lengths) - lengths), lengths) + np.arange(total)
    raw = stored.blob[at]
    if int(raw.max()) < 0x80:  # every gap one byte, the usual case
        counts, gaps = lengths, raw.astype(np.int64)
    else:
        last = raw < 0x80  # the last byte of each value
        value: np.ndarray = np.cumsum(last) - last  # which value each byte belongs to
        first = np.flatnonzero(np.concatenate(([True], last[:-1])))
        shift = 7 * (np.arange(total) - first[value])
        gaps = np.bincount(value, weights=(raw & 0x7F).astype(np.int64) << shift).astype(np.int64)
        ended = np.concatenate(([0], np.cumsum(last)))
        edges = np.cumsum(lengths)
        counts = ended[edges] - ended[edges - lengths]
    return counts, _summed(counts, gaps)


def _summed(counts: np.ndarray, gaps: np.ndarray) -> np.ndarray:
    """Positions from runs of gaps (``counts[i]`` gaps for posting ``i``): a sum within each run."""
    if not gaps.size:
        return gaps
    sums = np.cumsum(gaps)
    first = (np.cumsum(counts) - counts)[counts > 0]
    return sums - np.repeat(sums[first] - gaps[first], counts[counts > 0])


# --- a term over every segment ---------------------------------------------------------------------


class TermPositions:
    """A term's positions in the documents of a whole index, segment by segment: from the
    segment's positions file (decoded for the documents asked for only) or, for a segment
    without one, from Whoosh's postings (decoded when read)."""

    def __init__(self) -> None:
        self._ids: list[np.ndarray] = []  # global document numbers of each part's postings
        self._parts: list[tuple[Stored, int] | tuple[np.ndarray, np.ndarray, np.ndarray]] = []

    def add_stored(self, stored: Stored, rows: tuple[int, int], offset: int) -> None:
        lo, hi = rows
        self._ids.append(stored.ids[lo:hi].astype(np.int64) + offset)
        self._parts.append((stored, lo))

    def add_decoded(self, ids: np.ndarray, counts: np.ndarray, flat: np.ndarray) -> None:
        self._ids.append(ids)
        self._parts.append((np.cumsum(counts) - counts, counts, flat.astype(np.int32)))

    @property
    def nbytes(self) -> int:
        """Memory held (a file's memory map not counted)."""
        total = sum(int(i.nbytes) for i in self._ids)
        return total + sum(int(a.nbytes) for p in self._parts if len(p) == 3 for a in p)  # type: ignore[union-attr]

    def keys(self, docs: np.ndarray, labels: np.ndarray, span: np.int64) -> np.ndarray:
        """``labels[i] * span + position`` for each position of the term in ``docs[i]`` (ascending
        global document numbers, each holding the term; ``labels`` ascending), ascending."""
        out = []
        edges = np.searchsorted(docs, [int(i[0]) if i.size else 0 for i in self._ids] + [np.iinfo(np.int64).max])
        for n, (ids, part) in enumerate(zip(self._ids, self._parts, strict=True)):
            a, b = int(edges[n]), int(edges[n + 1])
            if a == b:
                continue
            want = docs[a:b]
            at = np.searchsorted(ids, want)
            if at[-1] >= ids.size or not np.array_equal(ids[at], want):
                raise FormatDrift("a phrase's candidate is not among its word's postings")
            if len(part) == 2:
                stored, lo = part  # type: ignore[misc]
                counts, flat = decoded(stored, at + lo)
            else:
                starts, all_counts, all_flat = part  # type: ignore[misc]
                counts = all_counts[at]
                total = int(counts.sum())
                picked = np.repeat(starts[at] - (np.cumsum(counts) - counts), counts) + np.arange(total)
                flat = all_flat[picked]
            out.append(np.repeat(labels[a:b].astype(np.int64) * span, counts) + flat)
        return np.concatenate(out) if out else np.zeros(0, dtype=np.int64)
