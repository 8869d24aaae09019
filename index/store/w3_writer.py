"""The one door into Whoosh's private writer internals, with a guard and a public fallback.

Two speed-ups need Whoosh's private API (the pin is whoosh-reloaded 2.7.5):

* a segment writer that reads the new segment's field lengths once per field when it writes the
  postings (Whoosh's own asks the column file at every posting): ``_SegmentWriter._flush_segment``;
* a rebuild in several processes, each writing a segment that one commit joins
  (``_finalize_segment``, ``_close_segment``, ``_commit_toc``, ``_finish``, ``_added``).

At import the version and the private names are checked. When the check fails (or
``MORGUE_WHOOSH_FALLBACK=1`` asks for it) a warning is logged and every writer is Whoosh's own
public ``SegmentWriter``; ``can_write_parts()`` then says no, and rebuilds run in one process.
Nothing here raises because of a Whoosh that differs: the public path is slower, not broken.
"""

from __future__ import annotations

import contextlib
import logging
import os
from typing import Any

import whoosh
from whoosh.index import LockError
from whoosh.writing import SegmentWriter

log = logging.getLogger(__name__)

PINNED_VERSION = (2, 7, 5)
_PRIVATE_NAMES = ("_flush_segment", "_finalize_segment", "_close_segment", "_commit_toc", "_finish",
                  "per_document_reader", "_assemble_segment", "get_segment")
_PRIVATE_ATTRIBUTES = ("perdocwriter", "fieldwriter", "pool", "codec", "schema")


def _check() -> str | None:
    """Why the private path cannot be used, or None when it can."""
    if os.environ.get("MORGUE_WHOOSH_FALLBACK"):
        return "MORGUE_WHOOSH_FALLBACK is set"
    version = tuple(getattr(whoosh, "__version__", ()))
    if version != PINNED_VERSION:
        return f"Whoosh {'.'.join(map(str, version)) or '?'} is not the pinned {'.'.join(map(str, PINNED_VERSION))}"
    missing = [n for n in _PRIVATE_NAMES if not callable(getattr(SegmentWriter, n, None))]
    if missing:
        return f"Whoosh's SegmentWriter has no {', '.join(missing)}"
    return None


_reason = _check()
FAST = _reason is None  # whether the private path is in use; tests set it to False to force the fallback
if _reason is not None:
    log.warning("Whoosh's private writer API is not used (%s): indexing uses the slower public writer", _reason)


def can_write_parts() -> bool:
    """Whether a rebuild may write segments in several processes and commit them together."""
    return FAST


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
    if not FAST:
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
    assert FAST, "parts are written only through the private API"
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
    if not FAST:
        w.cancel()
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
