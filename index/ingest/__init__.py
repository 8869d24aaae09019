"""Readers for every supported format, picked by file extension and then by sniffing the content.

Each reader is a small module (or an object) that fits ``Reader``: a ``NAME``, the ``EXTENSIONS``
it claims, ``sniff(head)`` and ``read(path, data) -> list[Article]``. mypy checks every module in
``_readers()`` against it, so a new format is one new module and one entry there.
"""

from __future__ import annotations

import datetime as dt
import functools
import gzip
import hashlib
import io
import logging
import os
import stat
import zlib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Protocol

from index.errors import PartialRead, UnreadableFile
from index.model import FILE_MTIME, Article, Provenance

log = logging.getLogger(__name__)


class Reader(Protocol):
    """What every reader provides; its module-level names satisfy it."""

    @property
    def NAME(self) -> str:
        """The format's name as the user sees it in ``Article.format``, e.g. ``"html"``."""
        ...

    @property
    def EXTENSIONS(self) -> tuple[str, ...]:
        """The lower-case suffixes it claims, e.g. ``(".html", ".htm")``; ``.gz`` is undone first."""
        ...

    def sniff(self, head: bytes) -> bool:
        """Whether content starting with ``head`` (the first 4 KiB) looks like this format."""
        ...

    def read(self, path: Path, data: bytes) -> list[Article]:
        """The articles of one file (``data`` is its content).

        Raises ``UnreadableFile`` naming the problem, or ``PartialRead`` with the articles before it.
        """
        ...


@dataclass(frozen=True)
class FileRead:
    """What reading one file gave: its articles, and why some are missing when it was read only in part."""

    articles: list[Article]
    partial: str | None = None  # "read in part: the file ends early after 3 records (...); ..."


# Larger files are refused with a clear message rather than read into memory.
MAX_FILE_BYTES = 64 * 1024 * 1024
# WARC and WACZ files are read record by record, so they may be larger.
MAX_WARC_BYTES = 4 * 1024 * 1024 * 1024
_STREAMED = (".warc", ".arc", ".wacz")


@functools.cache
def _readers() -> tuple[Reader, ...]:
    """The registry: every reader, imported on first use (they pull in lxml and trafilatura)."""
    from index.ingest import (
        archivebox,
        docx,
        eml,
        epub,
        html,
        jsondoc,
        markdown,
        mhtml,
        omnivore,
        pdf,
        pocket,
        seedtext,
        text,
        wacz,
        wallabag,
        warc,
    )

    # Order matters when sniffing: the most specific formats first.
    readers: tuple[Reader, ...] = (
        *(warc, wacz, pdf, epub, docx, omnivore, archivebox),
        *(mhtml, eml, wallabag, jsondoc, markdown, seedtext, pocket, html, text),
    )
    return readers


@functools.cache
def supported_suffixes() -> frozenset[str]:
    """Every file suffix Morgue reads (``.html.gz`` counts as ``.html``)."""
    return frozenset(s for r in _readers() for s in r.EXTENSIONS)


def _suffix(path: Path) -> tuple[str, bool]:
    """The format suffix of a path and whether it is gzip-compressed (``.html.gz``)."""
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        return (suffixes[-2] if len(suffixes) > 1 else ""), True
    return (suffixes[-1] if suffixes else ""), False


def is_candidate(path: Path) -> bool:
    """Whether indexing should look at this file at all (by name only, no I/O)."""
    if path.name.startswith("."):
        return False
    suffix, _ = _suffix(path)
    return suffix in supported_suffixes()


def parts_of_captures(folder: Path, dirnames: list[str], filenames: list[str]) -> dict[str, str]:
    """What in ``folder`` is read through another file of the same capture (a saved page's
    ``_files``, an ArchiveBox snapshot's outputs, an Omnivore export's content): name -> reason.

    A subfolder's name ends with ``/`` (every file below it is part of the capture).
    """
    from index.ingest.folders import parts_of_captures as parts

    found = parts(folder, dirnames, filenames)
    return {**{d + "/": r for d, r in found.folders.items()}, **found.files}


def reader_for(path: Path, head: bytes) -> Reader:
    """The reader for a file: the one claiming its extension, else the first whose sniff matches."""
    suffix, _ = _suffix(path)
    readers = _readers()
    claimed = [r for r in readers if suffix in r.EXTENSIONS]
    if len(claimed) == 1:
        return claimed[0]
    for r in claimed or readers:
        if r.sniff(head):
            return r
    if claimed:
        return claimed[-1]
    raise UnreadableFile(path, f"unsupported file type {suffix or '(no extension)'!r}")


def read_file(path: Path) -> list[Article]:
    """Read one file of the archive into articles. Raises ``UnreadableFile`` naming the problem.

    A file read only in part gives the articles that could be read, with a warning logged; ``read``
    says so to its caller.
    """
    result = read(path)
    if result.partial:
        log.warning("%s: %s", path, result.partial)
    return result.articles


def read(path: Path) -> FileRead:
    """Read one file of the archive. Raises ``UnreadableFile`` naming the problem."""
    try:
        return FileRead(_read(Path(path)))
    except PartialRead as exc:
        return FileRead(exc.articles, exc.reason)


_NOT_REGULAR = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
)


def _read(path: Path) -> list[Article]:
    suffix, gzipped = _suffix(path)
    try:
        st = path.stat()
    except OSError as exc:
        raise UnreadableFile(path, f"cannot be read ({exc.strerror or exc})") from exc
    if not stat.S_ISREG(st.st_mode):
        # Opening a named pipe would wait for a writer; its size of 0 says nothing of its content.
        kind = next((what for test, what in _NOT_REGULAR if test(st.st_mode)), "a special file")
        raise UnreadableFile(path, f"not a regular file ({kind})")
    size = st.st_size
    limit = MAX_WARC_BYTES if suffix in _STREAMED else MAX_FILE_BYTES
    if size == 0:
        raise UnreadableFile(path, "the file is empty")
    if size > limit:
        raise UnreadableFile(
            path, f"too large to import ({size / 2**20:.0f} MB; the limit is {limit / 2**20:.0f} MB)"
        )
    if suffix in _STREAMED:
        try:
            articles = _parse(reader_for(path, b""), path, b"")
        except PartialRead as exc:
            exc.articles = with_provenance(exc.articles, path, _file_sha256(path), st.st_mtime)
            raise
        return with_provenance(articles, path, _file_sha256(path), st.st_mtime)
    data = _read_bytes(path, limit)
    digest = hashlib.sha256(data).hexdigest()
    if gzipped or data[:2] == b"\x1f\x8b":
        data = _gunzip(path, data, MAX_FILE_BYTES)
    if not data.strip():
        raise UnreadableFile(path, "the file is empty" + (" once decompressed" if gzipped else ""))
    reader = reader_for(path, data[:4096])
    try:
        articles = _parse(reader, path, data)
    except PartialRead as exc:
        exc.articles = with_provenance(exc.articles, path, digest, st.st_mtime)
        raise
    return with_provenance(articles, path, digest, st.st_mtime)


def with_provenance(articles: list[Article], path: Path, sha256: str, mtime: float) -> list[Article]:
    """The articles with where they come from: the page's URL, the file read and its SHA-256.

    An article whose reader found no capture time gets the file's modification time, marked as
    such (``FILE_MTIME``): it says when the file last changed, not when the page was saved.
    """
    out = []
    for a in articles:
        files = a.provenance.files if a.provenance and a.provenance.files else (str(path),)
        # A reader that read another file than the one given (an ArchiveBox snapshot's output) says whose hash.
        digest = a.provenance.sha256 if a.provenance and a.provenance.sha256 else sha256
        prov = Provenance(url=a.url, files=files, sha256=digest)
        if a.captured:
            out.append(replace(a, provenance=prov))
        else:
            when = dt.datetime.fromtimestamp(mtime, dt.UTC).isoformat(timespec="seconds")
            out.append(replace(a, provenance=prov, captured=when, captured_from=FILE_MTIME))
    return out


def _file_sha256(path: Path) -> str:
    """The SHA-256 of a file, read in blocks (a WARC may be gigabytes)."""
    h = hashlib.sha256()
    try:
        with open(path, "rb") as f:
            while block := f.read(1 << 20):
                h.update(block)
    except OSError as exc:
        raise UnreadableFile(path, f"cannot be read ({exc.strerror or exc})") from exc
    return h.hexdigest()


def _read_bytes(path: Path, limit: int) -> bytes:
    """The file's bytes, opened without waiting (a file replaced by a pipe since its stat) and at most ``limit``."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with open(fd, "rb") as f:
            if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):
                raise UnreadableFile(path, "not a regular file")
            data = f.read(limit + 1)
    except OSError as exc:
        raise UnreadableFile(path, f"cannot be read ({exc.strerror or exc})") from exc
    if len(data) > limit:
        raise UnreadableFile(path, f"too large to import (more than {limit / 2**20:.0f} MB)")
    return data


def _parse(reader: Reader, path: Path, data: bytes) -> list[Article]:
    """Run a reader; a third-party parser's unexpected failure becomes ``UnreadableFile`` too.

    Articles whose text was only control characters (gone once cleaned) are not articles.
    """
    try:
        articles = [a for a in reader.read(path, data) if a.paragraphs]
    except PartialRead as exc:
        exc.articles = [a for a in exc.articles if a.paragraphs]
        if not exc.articles:
            raise UnreadableFile(path, exc.reason) from exc
        raise
    except UnreadableFile:
        raise
    except MemoryError:
        raise
    except RecursionError as exc:
        raise UnreadableFile(path, f"nested too deeply to be parsed as {reader.NAME}") from exc
    except Exception as exc:
        reason = f"could not be parsed as {reader.NAME} ({type(exc).__name__}: {exc})"
        raise UnreadableFile(path, reason) from exc
    if not articles:
        raise UnreadableFile(path, "the file holds no text (only control characters)")
    return articles


def _gunzip(path: Path, data: bytes, limit: int) -> bytes:
    """Decompress gzip data, refusing archives that are broken or unpack to more than ``limit`` bytes."""
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as f:
            out = f.read(limit + 1)
    except EOFError as exc:
        raise UnreadableFile(path, "the gzip file is truncated (it ends before its last block)") from exc
    except (OSError, zlib.error) as exc:
        raise UnreadableFile(path, f"broken gzip compression ({exc})") from exc
    if len(out) > limit:
        raise UnreadableFile(path, f"too large to import once decompressed (more than {limit // 2**20} MB)")
    return out
