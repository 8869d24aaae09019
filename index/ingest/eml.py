"""E-mail messages (``.eml``): press releases and statements as they arrived.

Read with the standard library's ``email`` package: ``Subject`` is the title, the sender's name
(``From``) the author and its domain the site, ``Date`` the date and the capture time (the message
is the saved copy: it was sent then). The text is the message's
``text/plain`` part, or its ``text/html`` part read like a web page fragment when there is no plain
one. Attachments are not read.
"""

from __future__ import annotations

import email
import email.policy
import re
from email.headerregistry import Address
from email.message import EmailMessage, MIMEPart
from pathlib import Path
from typing import cast

from index.errors import UnreadableFile
from index.ingest import html
from index.ingest.common import (
    binary_kind,
    build_article,
    split_authors,
    split_paragraphs,
    with_capture,
    without_title,
)
from index.model import Article

NAME = "email"
EXTENSIONS = (".eml",)
CAPTURED_FROM = "e-mail Date"

_HEADER_LINE = re.compile(rb"^([A-Za-z][A-Za-z0-9-]*):", re.M)
# "Fwd:", "Re:" and the labels of a press release before the headline.
_SUBJECT_PREFIX = re.compile(
    r"^(?:(?:fwd?|re|aw|tr|wg)\s*:\s*|(?:press|media|news)\s+release\s*[:\-–]\s*|for immediate release\s*[:\-–]\s*)+",
    re.I,
)


def sniff(head: bytes) -> bool:
    """The file opens with mail headers, ``From:`` and ``Subject:`` among them (not an MHTML page)."""
    names = {m.group(1).lower() for m in _HEADER_LINE.finditer(head.lstrip(b"\xef\xbb\xbf"))}
    return b"from" in names and b"subject" in names and b"snapshot-content-location" not in names


def read(path: Path, data: bytes) -> list[Article]:
    """One article from an e-mail message."""
    kind = binary_kind(data)
    if kind:
        raise UnreadableFile(path, f"{kind}, not an e-mail message")
    message = cast(EmailMessage, email.message_from_bytes(data, policy=email.policy.default))
    if not message.keys() or not (message.get("From") or message.get("Subject")):
        raise UnreadableFile(path, "not an e-mail message (no From or Subject header)")
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        raise UnreadableFile(path, "the e-mail has no text part (only attachments)")
    try:
        content = part.get_content()
    except (LookupError, UnicodeError, ValueError) as exc:
        raise UnreadableFile(path, f"the e-mail's text cannot be decoded ({exc})") from exc
    if part.get_content_type() == "text/html":
        paragraphs = html.paragraphs_from_html(content)
    else:
        paragraphs = split_paragraphs(content.replace("\r\n", "\n"))
    if not paragraphs:
        raise UnreadableFile(path, "the e-mail's text is empty")
    title = _SUBJECT_PREFIX.sub("", _header(message, "Subject"))
    name, domain = _sender(message)
    sent = getattr(_header_object(message, "Date"), "datetime", None)
    article = build_article(
        paragraphs=without_title(paragraphs, title),
        source=str(path),
        format=NAME,
        title=title,
        date=sent,
        authors=split_authors([name]),
        site=domain,
        language=_header(message, "Content-Language") or _header(part, "Content-Language"),
    )
    return [with_capture(article, sent, CAPTURED_FROM)]


def _header_object(message: EmailMessage | MIMEPart, name: str) -> object:
    """A header's parsed value; a malformed one is None."""
    try:
        return message.get(name)
    except (ValueError, TypeError, IndexError):
        return None


def _header(message: EmailMessage | MIMEPart, name: str) -> str:
    value = _header_object(message, name)
    return str(value).strip() if value else ""


def _sender(message: EmailMessage) -> tuple[str, str]:
    """The sender's display name and the domain of their address."""
    value = _header_object(message, "From")
    addresses: tuple[Address, ...] = getattr(value, "addresses", ())
    if not addresses:
        return "", ""
    first = addresses[0]
    return first.display_name.strip(), first.domain.lower()
