"""The scan: walk the archive's folders and sort files by stat alone into to-read, unchanged and
removed, without opening any file.

A candidate is a file whose name a reader claims (``ingest.is_candidate``); any other file is
listed as skipped ("not a supported format"), except hidden ones; the parts of a capture read
through another file (a page saved "complete"'s ``NAME_files`` folder, an ArchiveBox snapshot's
outputs, an Omnivore export's content: ``ingest.parts_of_captures``) are listed with their own
reason. Paths are ``str`` as
``os`` gives them: a name that is not valid UTF-8 keeps its bytes as surrogate escapes
(``os.fsdecode``), which the store saves losslessly.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from index import ingest
from index.jobs import CancelToken
from index.model import ImportProblem
from index.store.db import FileRecord

NOT_SUPPORTED = "not a supported format"
NOT_REGULAR = "is not a regular file (a pipe, socket or device)"


@dataclass
class Scan:
    """What a scan found: files to read (path, size, mtime), records unchanged and removed."""

    to_read: list[tuple[str, int, int]] = field(default_factory=list)
    unchanged: list[FileRecord] = field(default_factory=list)
    removed: list[FileRecord] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)
    skipped: list[ImportProblem] = field(default_factory=list)  # files no reader takes, and why
    seen: int = 0


def scan(
    roots: Iterable[Path], known: dict[str, FileRecord], cancel: CancelToken | None = None, *, force: bool = False
) -> Scan:
    """Walk the roots and sort files into to-read, unchanged and removed, by stat alone.

    A recorded file that is no longer under any root (deleted, or its root removed) is removed.
    A folder that cannot be read — a root that is missing (an unmounted drive), empty where it
    held files, or unreadable — keeps its recorded articles and is reported as a problem: an
    archive never empties because a drive is away. ``force`` reads every file again.
    """
    result = Scan()
    seen: set[str] = set()
    kept: list[str] = []  # folders and files whose records are kept as they are

    def recorded_under(prefix: str) -> int:
        return sum(1 for p in known if p == prefix or p.startswith(prefix + os.sep))

    for root in (Path(r).absolute() for r in roots):
        root_str = str(root.resolve()) if root.exists() else str(root)
        if not root.exists():
            n = recorded_under(root_str)
            kept.append(root_str)
            result.problems.append(ImportProblem(
                root_str, f"is not available (a disconnected drive?); its {n} indexed articles are kept"))
            continue
        errors: list[tuple[str, str]] = []
        not_regular: list[str] = []
        before = len(seen)
        unsupported: list[str] = []
        parts: list[tuple[str, str]] = []
        for path, size, mtime_ns in walk(Path(root_str), errors, not_regular, unsupported, parts):
            if cancel is not None:
                cancel.raise_if_cancelled()
            if path in seen:
                continue
            seen.add(path)
            rec = known.get(path)
            if not force and rec is not None and rec.size == size and rec.mtime_ns == mtime_ns:
                result.unchanged.append(rec)
            else:
                result.to_read.append((path, size, mtime_ns))
        result.problems.extend(ImportProblem(p, NOT_REGULAR) for p in not_regular)
        result.skipped.extend(ImportProblem(p, NOT_SUPPORTED) for p in unsupported)
        result.skipped.extend(ImportProblem(p, reason) for p, reason in parts)
        result.skipped.extend(ImportProblem(p, NOT_REGULAR) for p in not_regular)
        for path, reason in errors:
            kept.append(path)
            result.problems.append(ImportProblem(path, f"cannot be read ({reason}); its indexed articles are kept"))
        if len(seen) == before and not errors and (n := recorded_under(root_str)):
            kept.append(root_str)
            result.problems.append(ImportProblem(
                root_str, f"holds no articles any more; its {n} indexed articles are kept until the folder "
                "is removed from the archive"))

    def is_kept(path: str) -> bool:
        return any(path == k or path.startswith(k + os.sep) for k in kept)

    for path, rec in known.items():
        if path in seen:
            continue
        if is_kept(path):
            result.unchanged.append(rec)
        else:
            result.removed.append(rec)
    result.seen = len(seen)
    return result


def walk(
    root: Path, errors: list[tuple[str, str]], not_regular: list[str] | None = None,
    unsupported: list[str] | None = None, parts: list[tuple[str, str]] | None = None,
) -> Iterator[tuple[str, int, int]]:
    """Candidate files under ``root`` with their size and mtime; unreadable places go to ``errors``,
    candidates that are not regular files (FIFOs, sockets, devices) to ``not_regular``, files no
    reader takes to ``unsupported``, files read through another of their capture to ``parts``
    (with the reason)."""
    if not_regular is None:
        not_regular = []
    if unsupported is None:
        unsupported = []
    if parts is None:
        parts = []

    def on_error(exc: OSError) -> None:
        errors.append((str(exc.filename), exc.strerror or str(exc)))

    if root.is_file():
        st = root.stat()
        yield str(root), st.st_size, st.st_mtime_ns
        return
    for dirpath, dirnames, filenames in os.walk(root, onerror=on_error):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        captured = ingest.parts_of_captures(Path(dirpath), dirnames, filenames)
        for d in [d for d in dirnames if d + "/" in captured]:
            # A page saved "complete"'s helpers (ad and widget iframes as .html), an ArchiveBox
            # snapshot's outputs: no articles of their own, but listed.
            dirnames.remove(d)
            parts.extend((p, captured[d + "/"]) for p in _files_below(Path(dirpath, d), on_error))
        for name in sorted(filenames):
            p = Path(dirpath, name)
            if name.startswith("."):
                continue
            if name in captured:
                parts.append((str(p), captured[name]))
                continue
            if not ingest.is_candidate(p):
                unsupported.append(str(p))
                continue
            try:
                st = p.stat()
            except OSError as exc:
                errors.append((str(p), exc.strerror or str(exc)))
                continue
            if not stat.S_ISREG(st.st_mode):  # a FIFO would block the reader; a socket or device is no article
                not_regular.append(str(p))
                continue
            yield str(p), st.st_size, st.st_mtime_ns


def _files_below(folder: Path, on_error: Callable[[OSError], None]) -> Iterator[str]:
    """Every file under ``folder`` but hidden ones, in order."""
    for dirpath, dirnames, filenames in os.walk(folder, onerror=on_error):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        yield from (str(Path(dirpath, n)) for n in sorted(filenames) if not n.startswith("."))
