"""The one door into Whoosh's private writer internals, with a guard and a public fallback.

Three speed-ups need Whoosh's private API (the pin is whoosh-reloaded 2.7.5):

* a segment writer that turns the words of a text field into postings in one pass (``_terms``:
  a compiled pattern, a table of stems, no token objects) and puts them in its pool directly, for
  the analyzers it recognises as its own (``_recognise``: the same tokens and stems as Whoosh's
  analyzer by construction; any other field goes through Whoosh's own ``field.index``);
* a segment writer that reads the new segment's field lengths once per field when it writes the
  postings (Whoosh's own asks the column file at every posting): ``_SegmentWriter._flush_segment``;
* a pool of postings that holds them as arrays grouped by term (``pool.Pool``: Whoosh's holds a
  tuple per posting and sorts and merges them one by one), which the fast fields fill a field at a time;
* a rebuild in several processes, each writing a segment that one commit joins
  (``_finalize_segment``, ``_close_segment``, ``_commit_toc``, ``_finish``, ``_added``).

At import the version and the private names are checked. When the check fails (or
``MORGUE_WHOOSH_PUBLIC=1`` asks for it) a warning is logged and every writer is Whoosh's own
public ``SegmentWriter``; ``can_write_parts()`` then says no, and rebuilds run in one process.
Nothing here raises because of a Whoosh that differs: the public path is slower, not broken.
"""

from __future__ import annotations

import contextlib
import datetime
import logging
import os
import pickle
import shutil
from collections.abc import Callable
from typing import Any

from whoosh.analysis import CompositeAnalyzer, LowercaseFilter, RegexTokenizer, StemFilter
from whoosh.fields import DATETIME, ID, KEYWORD, NUMERIC
from whoosh.formats import Positions
from whoosh.index import LockError
from whoosh.system import pack_uint
from whoosh.writing import PostingPool, SegmentWriter

from index.store.w3 import posfile
from index.store.w3.pin import pin_problem
from index.store.w3.pool import Pool

log = logging.getLogger(__name__)

_PRIVATE_NAMES = ("_flush_segment", "_finalize_segment", "_close_segment", "_commit_toc", "_finish",
                  "per_document_reader", "_assemble_segment", "get_segment")
_PRIVATE_ATTRIBUTES = ("perdocwriter", "fieldwriter", "pool", "codec", "schema")


def _missing_names() -> str | None:
    """Why this Whoosh's writer lacks what the private path calls, or None when it has it all."""
    missing = [n for n in _PRIVATE_NAMES if not callable(getattr(SegmentWriter, n, None))]
    return f"Whoosh's SegmentWriter has no {', '.join(missing)}" if missing else None


FAST = _missing_names() is None  # tests set it to False to force the public writer
_warned: set[str] = set()


def _private() -> bool:
    """Whether the private path is in use now: the names are there and the pin holds (asked at each
    writer, so ``MORGUE_WHOOSH_PUBLIC=1`` takes effect without a restart); a refusal is logged once."""
    problem = pin_problem() or (None if FAST else _missing_names() or "the public writer was asked for")
    if problem is None:
        return True
    if problem not in _warned:
        _warned.add(problem)
        log.warning("Whoosh's private writer API is not used (%s): indexing uses the slower public writer", problem)
    return False


def can_write_parts() -> bool:
    """Whether a rebuild may write segments in several processes and commit them together."""
    return _private()


def _field_lengths(reader: Any, fieldname: str) -> list[Any]:
    """Every document's length in ``fieldname`` of a new segment, as ``reader.doc_field_length``
    gives them one by one (None for an empty field, 0 for a field with no length column), read
    in one go from the column's bytes when the column is the one-byte kind Whoosh writes."""
    from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
    from whoosh.columns import NumericColumn
    from whoosh.util.numeric import byte_to_length

    n = reader.doc_count_all()
    column = reader._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
    if column is None:
        return [0] * n
    if type(column) is not NumericColumn.Reader or column._typecode != "B" or column._count > n:
        return [reader.doc_field_length(d, fieldname) for d in range(n)]
    table = [None, *(byte_to_length(b) for b in range(1, 256))]
    raw = column._dbfile.get(column._basepos, column._count)
    return [table[b] for b in raw] + [None] * (n - len(raw))


def _add_postings(fieldwriter: Any, schema: Any, reader: Any, items: Any) -> None:
    """What Whoosh's ``FieldWriter.add_postings`` does with a W3 field writer, with the posting
    writer's ``add_posting`` inlined and each field's lengths read once (``_field_lengths``):
    the same calls at the start and end of each field, term and block, so the same bytes."""
    from whoosh.codec.base import OutOfOrderError

    lastfn: str | None = None
    lasttext: bytes | None = None
    pw: Any = None
    lengths: list[Any] | None = None
    ids: Any = None
    weights: Any = None
    values: list[bytes] = []
    maxweight: float = 0
    minlength: int | None = None
    maxlength = 0
    limit = 0

    def keep_stats() -> None:
        pw._maxweight, pw._minlength, pw._maxlength = maxweight, minlength, maxlength

    for fieldname, btext, docnum, weight, value in items:
        if fieldname != lastfn:
            if lastfn is not None and fieldname < lastfn:
                raise OutOfOrderError(f"Field {lastfn!r} .. {fieldname!r}")
            if lasttext is not None:
                keep_stats()
                fieldwriter.finish_term()
            if lastfn is not None:
                fieldwriter.finish_field()
            fieldwriter.start_field(fieldname, schema[fieldname])
            pw = fieldwriter._postwriter
            limit = pw._blocklimit
            lengths = _field_lengths(reader, fieldname) if reader is not None else None
            lastfn, lasttext = fieldname, None
        if docnum == -1:  # a spelling word (Whoosh skips these too)
            continue
        if btext != lasttext:
            if lasttext is not None:
                if btext < lasttext:
                    raise OutOfOrderError(f"Term {lastfn}:{lasttext!r} .. {fieldname}:{btext!r}")
                keep_stats()
                fieldwriter.finish_term()
            fieldwriter.start_term(btext)
            ids, weights, values = pw._ids, pw._weights, pw._values
            maxweight, minlength, maxlength = pw._maxweight, pw._minlength, pw._maxlength
            lasttext = btext
        if len(ids) >= limit:
            keep_stats()
            pw._write_block()
            ids, weights, values = pw._ids, pw._weights, pw._values
            maxweight, minlength, maxlength = pw._maxweight, pw._minlength, pw._maxlength
        ids.append(docnum)
        weights.append(weight)
        if weight > maxweight:
            maxweight = weight
        if value:
            values.append(value)
        length = lengths[docnum] if lengths is not None else 0
        if length:
            if minlength is None or length < minlength:
                minlength = length
            if length > maxlength:
                maxlength = length
    if lasttext is not None:
        keep_stats()
        fieldwriter.finish_term()
    if lastfn is not None:
        fieldwriter.finish_field()


def _inlinable(fieldwriter: Any) -> bool:
    """Whether ``_add_postings`` knows this field writer (Whoosh 3's, as pinned)."""
    from whoosh.codec.whoosh3 import W3FieldWriter, W3PostingsWriter

    return type(fieldwriter) is W3FieldWriter and all(
        hasattr(W3PostingsWriter, n) for n in ("_write_block", "_new_block", "finish_postings", "start_postings")
    )


# A field's words in order, as the bytes of their terms: what its analyzer would yield.
Terms = Callable[[str], list[bytes]]
_TABLE_LIMIT = 400_000  # words remembered with their terms (about 60 MB); the table is cleared when full
_tables: dict[tuple[Any, ...], dict[str, bytes]] = {}  # one per analyzer, kept for the process's writers


def _terms(pattern: Any, lower: bool, stem: Callable[[str], str] | None) -> Terms:
    """The terms of a text in order: ``pattern``'s matches, lower-cased if ``lower``, stemmed by
    ``stem``: Whoosh's RegexTokenizer | LowercaseFilter [| StemFilter], with each word's term
    computed once and kept in a table (Whoosh's stem cache is a slower LFU one)."""
    findall = pattern.findall
    table = _tables.setdefault((pattern.pattern, pattern.flags, lower, stem), {})

    def term(word: str) -> bytes:
        t = word.lower() if lower else word
        if stem is not None:
            t = stem(t)
        if len(table) >= _TABLE_LIMIT:
            table.clear()
        b = table[word] = t.encode("utf-8")
        return b

    def terms(text: str) -> list[bytes]:
        get = table.get
        return [get(w) or term(w) for w in findall(text)]

    return terms


def _recognise(field: Any) -> Terms | None:
    """The fast terms of a field whose postings only need its analyzer's words and positions
    (a text field of Whoosh's tokenizer, lower-casing and Porter stemmer), or None."""
    from whoosh.lang.porter import stem as porter

    ana: Any = getattr(field, "analyzer", None)
    fmt = getattr(field, "format", None)
    if type(fmt) is not Positions or type(ana) is not CompositeAnalyzer or field.vector:
        return None
    if field.separate_spelling() or not field.scorable:
        return None
    items = list(ana.items)
    if len(items) not in (2, 3) or type(items[0]) is not RegexTokenizer or items[0].gaps:
        return None
    if type(items[1]) is not LowercaseFilter:
        return None
    stem = None
    if len(items) == 3:
        f = items[2]
        if type(f) is not StemFilter or f.stemfn is not porter or f.ignore or getattr(f, "lang", None):
            return None
        stem = porter
    pattern = items[0].expression
    if pattern.groups:  # findall gives groups: match the same text without capturing them
        import re

        pattern = re.compile(_uncaptured(pattern.pattern), pattern.flags)
        if pattern.groups:
            return None
    return _terms(pattern, True, stem)


def _uncaptured(pattern: str) -> str:
    """``pattern`` with its plain groups ``(`` made non-capturing ``(?:`` (the same matches)."""
    out, i, escaped, in_class = [], 0, False, False
    for ch in pattern:
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch == "(" and not pattern.startswith("?", i + 1):
            out.append("(?:")
            i += 1
            continue
        out.append(ch)
        i += 1
    return "".join(out)


def _postings(words: list[bytes], boost: float) -> tuple[list[bytes], list[float], list[bytes]]:
    """The distinct terms of ``words``, each one's weight and encoded positions, as ``Positions.word_values``."""
    poses: dict[bytes, list[int]] = {}
    for pos, w in enumerate(words):
        p = poses.get(w)
        if p is None:
            poses[w] = [pos]
        else:
            p.append(pos)
    weights, values = [], []
    dumps = pickle.dumps
    once = _ONCE
    weight = 1.0 * boost
    for pl in poses.values():
        n = len(pl)
        if n == 1:  # most words of a text: the pickle of their position is kept
            first = pl[0]
            v = once.get(first)
            if v is None:
                v = _ONE + dumps([first], 2)
                if first < _ONCE_LIMIT:
                    once[first] = v
            weights.append(weight)
            values.append(v)  # one object for many postings: the pool copies its bytes
            continue
        deltas = [pl[0], *(b - a for a, b in zip(pl, pl[1:], strict=False))]
        weights.append(n * weight)
        values.append(pack_uint(n) + dumps(deltas, 2))
    return list(poses), weights, values


def _indexed(field: Any, value: Any) -> tuple[list[bytes], list[float], list[bytes], int]:
    """The terms, weights and values of ``field.index(value)``, and the field's length."""
    tlist, weights, values, length = [], [], [], 0
    for tbytes, freq, weight, vbytes in field.index(value):
        if field.scorable:
            length += freq
        tlist.append(tbytes)
        weights.append(weight)
        values.append(vbytes)
    return tlist, weights, values, length


_MEMO_TYPES = (ID, KEYWORD, NUMERIC, DATETIME)  # exactly these types: a subclass may index otherwise
_MEMO_LIMIT = 4_000  # values kept with their postings (about 2 MB); cleared when full
_HASHED = (str, int, float, datetime.datetime)


_ONE = pack_uint(1)
_ONCE: dict[int, bytes] = {}  # position -> the value of a word seen once there (one position)
_ONCE_LIMIT = 1 << 16


class _SegmentWriter(SegmentWriter):  # type: ignore[misc]
    """Whoosh's segment writer, turning recognised text fields into postings in one pass and
    reading the new segment's lengths once per field when it writes the postings (indexing runs,
    merges and rebuilds all write through it)."""

    pool: Any

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if type(self.pool) is PostingPool and hasattr(self, "_tempstorage") and not self.pool.current:
            self.pool = Pool(self._tempstorage, self.newsegment, limitmb=self.pool.limit // (1024 * 1024))
        self._fast: dict[str, Terms] = {}
        # Fields whose postings depend on the value alone (a date, a site, an article's id in each
        # of its quotes): each value's postings are kept, as the terms of a word are.
        self._memo_fields = frozenset(name for name, field in self.schema.items()
                                      if type(field) in _MEMO_TYPES and not field.vector and not field.unique)
        self._memo: dict[Any, tuple[list[bytes], list[float], list[bytes], int]] = {}
        spelling = any(f.separate_spelling() for _, f in self.schema.items())
        if type(self.pool) is Pool and not spelling:
            for name, field in self.schema.items():
                terms = _recognise(field)
                if terms is not None:
                    self._fast[name] = terms

    def add_document(self, **fields: Any) -> None:  # as SegmentWriter's, with the fast fields
        if not self._fast:
            return super().add_document(**fields)
        self._check_state()
        perdocwriter, schema, docnum, pool, fast = self.perdocwriter, self.schema, self.docnum, self.pool, self._fast
        memo, memo_fields = self._memo, self._memo_fields
        docboost = self._doc_boost(fields)
        fieldnames = sorted(name for name in fields if not name.startswith("_"))
        self._check_fields(schema, fieldnames)
        perdocwriter.start_doc(docnum)
        try:
            for fieldname in fieldnames:
                value = fields.get(fieldname)
                if value is None:
                    continue
                field = schema[fieldname]
                length = 0
                if field.indexed:
                    fieldboost = self._field_boost(fields, fieldname, docboost)
                    terms = fast.get(fieldname) if isinstance(value, str) else None
                    if terms is not None:
                        words = terms(value)
                        length = len(words)
                        tlist, weights, values = _postings(words, field.format.field_boost)
                    else:
                        key = (fieldname, value) if fieldname in memo_fields and type(value) in _HASHED else None
                        known = memo.get(key) if key is not None else None
                        if known is None:
                            known = _indexed(field, value)
                            if key is not None:
                                if len(memo) >= _MEMO_LIMIT:
                                    memo.clear()
                                memo[key] = known
                        tlist, weights, values, length = known
                    if fieldboost != 1.0:
                        weights = [w * fieldboost for w in weights]
                    pool.add_field(fieldname, docnum, tlist, weights, values)
                vformat = field.vector
                if vformat:
                    vitems = vformat.word_values(value, field.analyzer, mode="index")
                    vitems = sorted((text, weight, vbytes) for text, _, weight, vbytes in vitems)
                    perdocwriter.add_vector_items(fieldname, field, vitems)
                customval = fields.get(f"_stored_{fieldname}", value)
                perdocwriter.add_field(fieldname, field, customval if field.stored else None, length)
                column = field.column_type
                if column and customval is not None:
                    perdocwriter.add_column_value(fieldname, column, field.to_column_value(customval))
        except Exception:
            perdocwriter.cancel_doc()
            raise
        perdocwriter.finish_doc()
        self._added = True
        self.docnum += 1

    def _flush_segment(self) -> None:  # as SegmentWriter's, with _add_postings
        self.perdocwriter.close()
        pdr = self.per_document_reader() if self.codec.length_stats else None
        items = self._positions_recorded(self.pool.iter_postings())
        if _inlinable(self.fieldwriter):
            _add_postings(self.fieldwriter, self.schema, pdr, items)
        else:
            self.fieldwriter.add_postings(self.schema, pdr, items)
        self.fieldwriter.close()
        if pdr:
            pdr.close()

    # Morgue's positions file beside the segment (index.store.w3.posfile), written from the same
    # postings, saved once the segment is assembled (a compound file would swallow it before).
    _recorder: Any = None

    def _positions_recorded(self, items: Any) -> Any:
        self._recorder = posfile.Recorder(self.schema, getattr(self._tempstorage, "folder", None))
        return self._recorder.recorded(items)

    def _assemble_segment(self) -> None:
        super()._assemble_segment()
        recorder, self._recorder = self._recorder, None
        if recorder is not None:
            try:
                recorder.save(self.storage, self.get_segment())
            finally:
                recorder.close()


def writer(ix: Any, *, limitmb: int) -> Any:
    """A writer of ``ix`` holding its write lock (raises ``whoosh.index.LockError`` if it is held).

    The lock is taken here, so that it is released if the writer fails half made (a full disk)."""
    if not _private():
        return SegmentWriter(ix, limitmb=limitmb)
    lock = ix.lock("WRITELOCK")
    if not lock.acquire(blocking=False):
        raise LockError
    try:
        w = _SegmentWriter(ix, _lk=False, limitmb=limitmb)
    except BaseException:
        lock.release()
        raise
    w.writelock = lock
    return w


def part_writer(ix: Any, *, limitmb: int) -> Any:
    """A writer of one part of a rebuild: no lock (the caller holds it); only if ``can_write_parts()``."""
    assert _private(), "parts are written only through the private API"
    return _SegmentWriter(ix, _lk=False, limitmb=limitmb)


def finish_part(part: Any) -> list[Any]:
    """Write out a part's segment without committing it: [segment], or [] if it holds no documents."""
    return [part._finalize_segment()] if part._added else []


def close_part(part: Any) -> None:
    """Close a part's files (a no-op once finished; needed when it was stopped or failed)."""
    part._close_segment()


def commit_parts(locked: Any, segments: list[Any]) -> None:
    """Make ``segments`` (from ``finish_part``) the whole index of ``locked``, a ``writer()`` of it
    that added nothing, in one table of contents, and release its lock."""
    locked._close_segment()  # its own segment stays empty
    locked._commit_toc(segments)
    locked._finish()


def cancel(w: Any) -> None:
    """Drop what a writer holds, delete the files of its unfinished segment and release its lock."""
    if not _private():
        try:
            w.cancel()
        finally:  # the pool's temporary folder outlives a cancel on a full disk
            _remove_pool_folder(w)
        return
    from whoosh.index import TOC, clean_files

    try:
        with contextlib.suppress(OSError):  # a full disk fails the closing too: the files go anyway
            w._close_segment()
        # Only the files the committed table of contents lists are kept (the lock is still held).
        info = TOC.read(w.storage, w.indexname, schema=w.schema)
        clean_files(w.storage, w.indexname, info.generation, info.segments)
        # A table of contents whose writing failed stays under its temporary name.
        for name in list(w.storage):
            if name.startswith(f"_{w.indexname}_") and ".toc." in name:
                w.storage.delete_file(name)
    finally:
        w._finish()


def _remove_pool_folder(w: Any) -> None:
    folder = getattr(w.storage, "folder", None)
    if folder:
        shutil.rmtree(os.path.join(folder, f"{w.indexname}.tmp"), ignore_errors=True)
