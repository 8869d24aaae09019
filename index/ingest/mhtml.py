"""Web pages saved as one MIME file (``.mhtml``, ``.mht``) by Chrome, Edge or Internet Explorer.

The first ``text/html`` part is the page (its transfer encoding undone, its charset honoured); the
``Snapshot-Content-Location`` header (Chrome) or the part's ``Content-Location`` is its URL, and the
rest is read like a saved HTML page. The ``Date`` header (when the page was saved) is the fallback
date and ``Subject`` the fallback title.
"""

from __future__ import annotations

import email
import email.policy
import re
from email.message import EmailMessage
from pathlib import Path
from typing import cast

from index.errors import UnreadableFile
from index.ingest import html
from index.model import Article

NAME = "mhtml"
EXTENSIONS = (".mhtml", ".mht")

_HEADER = re.compile(rb"^(?:[A-Za-z-]+:[^\n]*\r?\n(?:[ \t][^\n]*\r?\n)*){1,30}", re.M)


def sniff(head: bytes) -> bool:
    """The file opens with MIME headers of a ``multipart/related`` message."""
    m = _HEADER.match(head.lstrip(b"\xef\xbb\xbf"))
    headers = m.group(0).lower() if m else b""
    return b"multipart/related" in headers and b"mime-version" in headers


def html_part(message: EmailMessage) -> EmailMessage | None:
    """The first ``text/html`` part of a message (the page itself in an MHTML file)."""
    for part in message.walk():
        if part.get_content_type() in ("text/html", "application/xhtml+xml") and not part.is_multipart():
            return cast(EmailMessage, part)
    return None


def read(path: Path, data: bytes) -> list[Article]:
    """One article from an MHTML file."""
    message = cast(EmailMessage, email.message_from_bytes(data, policy=email.policy.default))
    if not message.is_multipart() and message.get_content_type() != "text/html":
        raise UnreadableFile(path, "not an MHTML file (no multipart/related MIME message)")
    part = html_part(message)
    if part is None:
        raise UnreadableFile(path, "the MHTML file holds no HTML page")
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes) or not payload.strip():
        raise UnreadableFile(path, "the HTML page in the MHTML file is empty")
    markup = html.decode_html(payload, path, declared=part.get_content_charset())
    url = str(message.get("Snapshot-Content-Location") or part.get("Content-Location") or "")
    return [
        html.article_from_html(
            markup,
            source=str(path),
            format=NAME,
            url=url.strip(),
            date=_header(message, "Date"),
            title=str(_header(message, "Subject") or ""),
        )
    ]


def _header(message: EmailMessage, name: str) -> object:
    """A header's value; a malformed one (a date that does not parse, say) is None."""
    try:
        value = message.get(name)
    except (ValueError, TypeError, IndexError):
        return None
    if name == "Date":
        return getattr(value, "datetime", None)
    return str(value) if value else None
