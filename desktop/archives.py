"""Which archive the app opens, decided and opened in the core worker thread.

Importing ``index.archive`` pulls in Whoosh (a few hundred milliseconds), so the GUI thread never
does it: it hands the worker an *opener*, a function returning an :class:`OpenedArchive`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from index.archive import Archive

log = logging.getLogger(__name__)

LOCK_NAME = "window.lock"


class ArchiveLock:
    """One window per archive: a lock file in the data directory, held while a window has it open.

    A lock left by a crashed window is stale (its process is gone) and is taken over.
    """

    def __init__(self, data_dir: Path) -> None:
        from PySide6.QtCore import QLockFile

        self.path = data_dir / LOCK_NAME
        self._lock = QLockFile(str(self.path))
        self._lock.setStaleLockTime(0)  # only a dead owner makes it stale, never its age

    def acquire(self) -> None:
        """Take the lock, or raise ``ArchiveInUse`` naming who holds it."""
        if self._lock.tryLock(100):
            return
        from index.errors import ArchiveError

        info = self._lock.getLockInfo()  # (ok, pid, host, app); PySide6 gives (pid, host, app)
        pid = next((v for v in info if isinstance(v, int) and not isinstance(v, bool)), 0)
        who = f" (process {pid})" if pid else ""
        raise ArchiveError(f"This archive is already open in another Morgue window{who}: "
                           "switch to that window, or close it and open the archive here again.")

    def release(self) -> None:
        self._lock.unlock()


def sample_archive_folder() -> Path:
    """The sample archive bundled with Morgue (``resources/sample-archive`` beside the package)."""
    # Beside the package: resources/ is not installed with it. (Path(__file__), not desktop.__file__:
    # an editable install made before desktop/__init__.py existed sees a namespace package.)
    return Path(__file__).resolve().parents[1] / "resources" / "sample-archive"


@dataclass(frozen=True)
class OpenedArchive:
    """An archive opened by the worker, with what the window needs to know about it."""

    archive: Archive
    name: str
    data_dir: Path
    roots: tuple[Path, ...]
    is_indexed: bool
    is_sample: bool = False
    lock: ArchiveLock | None = field(default=None, compare=False, repr=False)
    unreadable: int = 0  # files the indexing runs could not read
    problems: tuple[tuple[str, str], ...] = ()  # the first few of them: (path, reason)

    @property
    def needs_indexing(self) -> bool:
        """It has folders but no index yet: the window indexes it straight away."""
        return bool(self.roots) and not self.is_indexed


ArchiveOpener = Callable[[], OpenedArchive]


def _opened(archive: Archive, is_sample: bool = False) -> OpenedArchive:
    lock = ArchiveLock(archive.data_dir)
    try:
        lock.acquire()
    except Exception:
        archive.close()
        raise
    problems = archive.problems() if archive.is_indexed else []
    return OpenedArchive(
        archive=archive,
        name="Sample archive" if is_sample else archive.name,
        data_dir=archive.data_dir,
        roots=archive.roots,
        # An index of an older schema is rebuilt (from the store, no NLP) by the next indexing run.
        is_indexed=archive.is_indexed and not archive.needs_rebuild,
        is_sample=is_sample,
        lock=lock,
        unreadable=len(problems),
        problems=tuple(problems[:5]),
    )


def open_data_dir(data_dir: Path) -> OpenedArchive:
    """Open the archive whose data lives in ``data_dir`` (created if new)."""
    from index.archive import Archive

    archive = Archive(data_dir)
    return _opened(archive, is_sample=_is_sample(archive))


def open_folder(folder: Path) -> OpenedArchive:
    """Open (or create) the archive made of ``folder`` (``Archive.for_folder``)."""
    from index.archive import Archive

    archive = Archive.for_folder(folder)
    return _opened(archive, is_sample=_is_sample(archive))


def open_at_start(explicit: Path | None, remembered: Path | None, sample: Path | None = None) -> OpenedArchive:
    """The archive to show at start.

    In order: the ``--data`` directory; ``$MORGUE_DATA``; the archive open when the app last
    closed; the default archive if the CLI has filled it; else the bundled sample archive.
    """
    import os

    from index.archive import Archive, default_data_dir

    if explicit is not None:
        return open_data_dir(explicit)
    if os.environ.get("MORGUE_DATA"):
        return open_data_dir(default_data_dir())
    if remembered is not None and (remembered / "archive.json").is_file():
        return open_data_dir(remembered)
    default = default_data_dir()
    if (default / "archive.json").is_file() and Archive(default).roots:
        return open_data_dir(default)
    sample = sample if sample is not None else sample_archive_folder()
    if sample.is_dir():
        log.info("first start: opening the sample archive %s", sample)
        return _opened(Archive.for_folder(sample), is_sample=True)
    return open_data_dir(default)


def _is_sample(archive: Archive) -> bool:
    sample = sample_archive_folder()
    return archive.roots == (sample,)
