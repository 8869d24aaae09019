"""Web archives (``.warc``, ``.warc.gz``, ``.arc``): every HTML page in them is an article.

The file is streamed record by record with warcio. A ``response`` record with HTTP status 200 and
an HTML content type is one article, read like a saved HTML page; its URL comes from
``WARC-Target-URI`` and the capture date is the fallback date. Records bigger than
``MAX_RECORD_BYTES`` are skipped. When the file breaks off (truncated, corrupt), the pages read
before the break are kept and the read is reported as partial (``PartialRead``); if there were
none, the file is refused.
"""

from __future__ import annotations

import io
import logging
import os
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urlsplit

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord

from index.errors import PartialRead, UnreadableFile
from index.ingest import html
from index.ingest.common import unique_articles, with_capture
from index.model import Article

NAME = "warc"
EXTENSIONS = (".warc", ".arc")

MAX_RECORD_BYTES = 32 * 1024 * 1024
_HTML_TYPES = ("text/html", "application/xhtml+xml")

log = logging.getLogger(__name__)


def sniff(head: bytes) -> bool:
    """The file opens with a WARC record header or an ARC file header."""
    return head.startswith((b"WARC/", b"filedesc://"))


def read(path: Path, data: bytes = b"") -> list[Article]:
    """Every HTML page of a WARC or ARC file; ``data`` is ignored, the file is streamed from ``path``."""
    articles: list[Article] = []
    pages = 0
    records = [0]  # how many records were read whole
    html.quiet_parser_logs()
    try:
        with open(path, "rb") as stream:
            head = _head(stream)
            if head is not None and not sniff(head):
                raise UnreadableFile(path, "not a readable WARC file (it does not start with a WARC or ARC record)")
            for pages, (markup, url, date) in enumerate(_html_pages(path, stream, records), start=1):
                source = f"{path}#{pages}"
                try:
                    article = html.article_from_html(markup, source=source, format=NAME, url=url, date=date)
                    articles.append(with_capture(article, date, "WARC-Date"))
                except UnreadableFile as exc:
                    log.info("%s: skipping %s: %s", path, url or source, exc.reason)
    except OSError as exc:
        raise UnreadableFile(path, f"cannot be read ({exc.strerror or exc})") from exc
    except _Broken as exc:
        if not articles:
            raise UnreadableFile(path, f"not a readable WARC file ({exc})") from exc
        kept = unique_articles(articles)
        what = "the page before the break is kept" if len(kept) == 1 else f"the {len(kept)} pages before it are kept"
        reason = f"read in part: the file ends early after {records[0]} records ({exc}); {what}"
        raise PartialRead(path, reason, kept) from exc
    if not articles:
        if pages:
            raise UnreadableFile(path, f"none of the {pages} HTML pages in this WARC file has article text")
        raise UnreadableFile(path, "no HTML pages in this WARC file")
    return unique_articles(saved_pages_only(articles))


def saved_pages_only(articles: list[Article]) -> list[Article]:
    """The pages a person saved: a site's home page ("/") fetched along the way is left out when
    the archive holds deeper pages (an article and the front page the crawler passed through).

    Redirects (3xx), error pages and assets never get this far (``_html_page`` keeps 200 HTML only).
    """
    deep = [a for a in articles if not _is_home_page(a.url)]
    return deep if deep else articles


def _is_home_page(url: str) -> bool:
    parts = urlsplit(url)
    return bool(parts.netloc) and parts.path in ("", "/") and not parts.query


def _head(stream: BinaryIO) -> bytes | None:
    """The first bytes of the archive, decompressed if it is gzipped, or None if they cannot be.

    The stream is rewound.
    """
    head = stream.read(4096)
    stream.seek(0)
    if head.startswith(b"\x1f\x8b"):
        try:
            head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 4096)
        except zlib.error:
            return None
        return head if len(head) >= 16 else None  # too little to judge: warcio will say what is wrong
    return head


class _Broken(Exception):
    """The archive could not be read any further."""


def _html_pages(path: Path, stream: BinaryIO, records: list[int]) -> Iterator[tuple[str, str, str]]:
    """(markup, target URL, capture date) of each HTML response in the archive, in order.

    ``records[0]`` counts the records read whole.

    Raises ``_Broken`` where the archive stops making sense: a record that cannot be parsed, a
    record that ends before its declared length, bytes left over after the last record, or no
    record at all.
    """
    archive = ArchiveIterator(stream, arc2warc=True)
    iterator = iter(archive)
    previous: ArcWarcRecord | None = None
    while True:
        try:
            record = next(iterator)  # reads the rest of the previous record first
        except StopIteration:
            break
        except MemoryError:
            raise
        except Exception as exc:  # warcio fails in many ways on damaged input
            if previous is None and isinstance(exc, ArchiveLoadFailed):
                raise _Broken("it does not start with a WARC or ARC record") from exc
            if previous is not None and not _cut_short(previous):
                records[0] += 1
            raise _Broken(_describe(exc)) from exc
        if previous is not None:
            if _cut_short(previous):
                raise _Broken(_DAMAGED)
            records[0] += 1
        if record.rec_type is None or record.length is None:
            raise _Broken(_DAMAGED)
        previous = record
        try:
            page = _html_page(path, record)
        except _Broken:
            raise
        except (ArchiveLoadFailed, EOFError, zlib.error, ValueError, OSError) as exc:
            # A record whose content cannot be read; if the file itself is broken, next() says so.
            log.info("%s: skipping a record that cannot be read: %s", path, _describe(exc))
            continue
        if page is not None:
            yield page
    if previous is None:
        raise _Broken("no WARC records found; the file may be truncated")
    if _cut_short(previous):
        raise _Broken(_DAMAGED)
    records[0] += 1
    if archive.offset < _size(stream):
        raise _Broken(_DAMAGED)


def _size(stream: BinaryIO) -> int:
    """The length of the archive: of its file, or of a stream without one (a WARC inside a WACZ)."""
    try:
        return os.fstat(stream.fileno()).st_size
    except (OSError, AttributeError, io.UnsupportedOperation):
        here = stream.tell()
        end = stream.seek(0, os.SEEK_END)
        stream.seek(here)
        return end


def _cut_short(record: ArcWarcRecord) -> bool:
    """Whether a record (once read to its end) had fewer bytes than its header declared."""
    return getattr(record.raw_stream, "limit", 0) > 0


_DAMAGED = "it is truncated or a record is damaged"


def _describe(exc: BaseException) -> str:
    if isinstance(exc, EOFError | zlib.error):
        return "it is truncated or its compression is corrupt"
    return _DAMAGED


def _html_page(path: Path, record: ArcWarcRecord) -> tuple[str, str, str] | None:
    """The decoded page of an HTML response record, or None for any other record."""
    if record.rec_type != "response" or record.http_headers is None:
        return None
    url = (record.rec_headers.get_header("WARC-Target-URI") or "").strip("<> ")
    status = record.http_headers.get_statuscode()
    content_type = (record.http_headers.get_header("Content-Type") or "").lower()
    if status != "200" or not content_type.startswith(_HTML_TYPES):
        return None
    length = record.rec_headers.get_header("Content-Length") or "0"
    if length.isdigit() and int(length) > MAX_RECORD_BYTES:
        log.info("%s: skipping %s: record of %d MB is too large", path, url, int(length) // 2**20)
        return None
    body = record.content_stream().read(MAX_RECORD_BYTES + 1)
    if len(body) > MAX_RECORD_BYTES:
        log.info("%s: skipping %s: page too large once decompressed", path, url)
        return None
    if _cut_short(record):
        raise _Broken(_DAMAGED)  # a partial page is not kept
    charset = None
    if "charset=" in content_type:
        charset = content_type.split("charset=", 1)[1].split(";")[0].strip()
    try:
        markup = html.decode_html(body, path, declared=charset)
    except UnreadableFile as exc:
        log.info("%s: skipping %s: %s", path, url, exc.reason)
        return None
    return markup, url, record.rec_headers.get_header("WARC-Date") or ""
