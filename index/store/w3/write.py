"""The one door into Whoosh's private writer internals, with a guard and a public fallback.

Two speed-ups need Whoosh's private API (the pin is whoosh-reloaded 2.7.5):

* a segment writer that reads the new segment's field lengths once per field when it writes the
  postings (Whoosh's own asks the column file at every posting): ``_SegmentWriter._flush_segment``;
* a rebuild in several processes, each writing a segment that one commit joins
  (``_finalize_segment``, ``_close_segment``, ``_commit_toc``, ``_finish``, ``_added``).

At import the version and the private names are checked. When the check fails (or
``MORGUE_WHOOSH_PUBLIC=1`` asks for it) a warning is logged and every writer is Whoosh's own
public ``SegmentWriter``; ``can_write_parts()`` then says no, and rebuilds run in one process.
Nothing here raises because of a Whoosh that differs: the public path is slower, not broken.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
from typing import Any

from whoosh.index import LockError
from whoosh.writing import SegmentWriter

from index.store.w3.pin import pin_problem

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


class _Lengths:
    """A segment's field lengths, each field's read once: Whoosh's writer asks for a length at every
    posting it writes, each time through the column file (and a stat for fields that have none)."""

    def __init__(self, reader: Any) -> None:
        self._reader = reader
        self._fields: dict[str, list[Any]] = {}

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0) -> Any:
        lengths = self._fields.get(fieldname)
        if lengths is None:
            r = self._reader
            lengths = self._fields[fieldname] = [
                r.doc_field_length(d, fieldname, default) for d in range(r.doc_count_all())
            ]
        return lengths[docnum]


class _SegmentWriter(SegmentWriter):  # type: ignore[misc]
    """Whoosh's segment writer, reading the new segment's lengths once per field when it writes
    the postings (indexing runs, merges and rebuilds all write through it)."""

    def _flush_segment(self) -> None:  # as SegmentWriter's, with _Lengths
        self.perdocwriter.close()
        pdr = self.per_document_reader() if self.codec.length_stats else None
        self.fieldwriter.add_postings(self.schema, _Lengths(pdr) if pdr else None, self.pool.iter_postings())
        self.fieldwriter.close()
        if pdr:
            pdr.close()


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
