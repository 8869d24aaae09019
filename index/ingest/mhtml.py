"""Web pages saved as one MIME file (``.mhtml``, ``.mht``) by Chrome, Edge or Internet Explorer.

The first ``text/html`` part is the page (its transfer encoding undone, its charset honoured); the
``Snapshot-Content-Location`` header (Chrome) or the part's ``Content-Location`` is its URL, and the
rest is read like a saved HTML page. The ``Date`` header (when the page was saved) is the fallback
date and ``Subject`` the fallback title.

The MIME structure is walked by offsets into the file's bytes, only headers going through the
``email`` parser: its parser keeps every line of the file as a string, nine times the file's size.
"""

from __future__ import annotations

import binascii
import email.parser
import email.policy
import re
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path
from typing import cast

from index.errors import UnreadableFile
from index.ingest import html
from index.ingest.common import with_capture
from index.model import Article

NAME = "mhtml"
EXTENSIONS = (".mhtml", ".mht")

_HEADER = re.compile(rb"^(?:[A-Za-z-]+:[^\n]*\r?\n(?:[ \t][^\n]*\r?\n)*){1,30}", re.M)


def sniff(head: bytes) -> bool:
    """The file opens with MIME headers of a ``multipart/related`` message."""
    m = _HEADER.match(head.lstrip(b"\xef\xbb\xbf"))
    headers = m.group(0).lower() if m else b""
    return b"multipart/related" in headers and b"mime-version" in headers


_HTML_TYPES = ("text/html", "application/xhtml+xml")
_HEADERS = email.parser.BytesHeaderParser(policy=email.policy.default)
_MAX_DEPTH = 8  # multipart inside multipart


def _split_headers(data: bytes, start: int, end: int) -> tuple[EmailMessage, int]:
    """The MIME headers at ``start`` and where the body after their blank line begins."""
    crlf, lf = data.find(b"\r\n\r\n", start, end), data.find(b"\n\n", start, end)
    if crlf >= 0 and (lf < 0 or crlf < lf):
        stop, body = crlf, crlf + 4
    elif lf >= 0:
        stop, body = lf, lf + 2
    else:
        stop = body = end
    return cast(EmailMessage, _HEADERS.parsebytes(data[start:stop])), body


def _parts(data: bytes, start: int, end: int, depth: int = 0) -> Iterator[tuple[EmailMessage, int, int]]:
    """(headers, body start, body end) of every leaf part of the MIME entity at ``start``, in order."""
    headers, body = _split_headers(data, start, end)
    boundary = headers.get_boundary() if headers.get_content_maintype() == "multipart" else None
    if not boundary or depth >= _MAX_DEPTH:
        yield headers, body, end
        return
    delimiter = b"--" + boundary.encode("ascii", "replace")
    pos = data.find(delimiter, body, end)
    while pos >= 0:
        after = pos + len(delimiter)
        if data.startswith(b"--", after):
            return  # the closing delimiter
        line_end = data.find(b"\n", after, end)
        if line_end < 0:
            return
        following = data.find(b"\n" + delimiter, line_end, end)
        part_end = end if following < 0 else following
        if part_end > line_end + 1 and data[part_end - 1 : part_end] == b"\r":
            part_end -= 1
        yield from _parts(data, line_end + 1, part_end, depth + 1)
        pos = -1 if following < 0 else following + 1


def _payload(data: bytes, part: EmailMessage, start: int, end: int) -> bytes:
    """A part's body with its transfer encoding undone."""
    body = memoryview(data)[start:end]
    encoding = str(part.get("Content-Transfer-Encoding") or "").strip().lower()
    try:
        if encoding == "quoted-printable":
            return binascii.a2b_qp(body)
        if encoding == "base64":
            return binascii.a2b_base64(body)
    except (binascii.Error, ValueError):
        pass  # as the email package does: the raw bytes
    return bytes(body)


def html_part(data: bytes) -> tuple[EmailMessage, EmailMessage, bytes] | None:
    """The top-level headers, the first ``text/html`` part's headers and its decoded bytes."""
    top, _ = _split_headers(data, 0, len(data))
    for headers, start, end in _parts(data, 0, len(data)):
        if headers.get_content_type() in _HTML_TYPES:
            return top, headers, _payload(data, headers, start, end)
    return None


def read(path: Path, data: bytes) -> list[Article]:
    """One article from an MHTML file."""
    data = data.removeprefix(b"\xef\xbb\xbf")
    top, _ = _split_headers(data, 0, len(data))
    if top.get_content_maintype() != "multipart" and top.get_content_type() != "text/html":
        raise UnreadableFile(path, "not an MHTML file (no multipart/related MIME message)")
    found = html_part(data)
    if found is None:
        raise UnreadableFile(path, "the MHTML file holds no HTML page")
    top, part, payload = found
    if not payload.strip():
        raise UnreadableFile(path, "the HTML page in the MHTML file is empty")
    markup = html.decode_html(payload, path, declared=part.get_content_charset())
    del payload
    url = str(top.get("Snapshot-Content-Location") or part.get("Content-Location") or "")
    saved = _header(top, "Date")
    article = html.article_from_html(
        markup,
        source=str(path),
        format=NAME,
        url=url.strip(),
        date=saved,
        title=str(_header(top, "Subject") or ""),
    )
    return [with_capture(article, saved, "MHTML Date")]


def _header(message: EmailMessage, name: str) -> object:
    """A header's value; a malformed one (a date that does not parse, say) is None."""
    try:
        value = message.get(name)
    except (ValueError, TypeError, IndexError):
        return None
    if name == "Date":
        return getattr(value, "datetime", None)
    return str(value) if value else None
