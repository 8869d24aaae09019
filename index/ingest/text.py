"""Plain text files (``.txt``) without the seed format's date line.

A short first line set off by a blank line is the title; otherwise the first sentence is.
Paragraphs are separated by blank lines; a file with no blank lines at all has one paragraph per line.
The date is the first one written near the top (a dateline such as "9 December 2023" or
"— May 19, 2025 —"), else one in the file name (``…-2025-05-19.txt``).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from index.errors import UnreadableFile
from index.ingest.common import binary_kind, build_article, decode_text, parse_date, split_paragraphs
from index.model import Article, Paragraph

NAME = "text"
EXTENSIONS = (".txt",)

_MAX_TITLE = 120
# A sentence ends inside the line: ". " followed by more words.
_SENTENCE_END_INSIDE = re.compile(r"[.!?][\"”’)]?\s+\S")


def sniff(head: bytes) -> bool:
    """Anything that is not binary: plain text is the format of last resort."""
    return bool(head.strip()) and binary_kind(head) is None and b"\x00" not in head


def title_line(first: str) -> str:
    """The first line if it reads as a headline (short, one phrase, no final period), else ""."""
    line = first.strip()
    if not line or len(line) > _MAX_TITLE or _SENTENCE_END_INSIDE.search(line):
        return ""
    if line.endswith((".", ",", ";", ":")) and not line.endswith("..."):
        return ""
    return line


def parse_paragraphs(text: str) -> tuple[Paragraph, ...]:
    """Split on blank lines; without any blank line, every line is a paragraph."""
    if re.search(r"\n[ \t]*\n", text):
        return split_paragraphs(text)
    return split_paragraphs(text.replace("\n", "\n\n"))


_DATELINE_CHARS = 400
_NAME_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")


def find_date(paragraphs: tuple[Paragraph, ...], path: Path) -> dt.date | None:
    """A dateline near the top of the text, else a date in the file name."""
    head = "\n".join(p.text for p in paragraphs[:3])[:_DATELINE_CHARS]
    date = parse_date(head)
    if date is None and (m := _NAME_DATE.search(path.name)):
        date = parse_date(m.group(0))
    return date


def read(path: Path, data: bytes) -> list[Article]:
    """One article from a plain text file."""
    text = decode_text(data, path).replace("\r\n", "\n").replace("\r", "\n").strip()
    first, _, rest = text.partition("\n")
    # A title line stands alone: a blank line (or nothing) follows it.
    title = title_line(first) if (not rest or not rest.split("\n", 1)[0].strip()) else ""
    paragraphs = parse_paragraphs(rest if title else text)
    if not paragraphs:
        if not title:
            raise UnreadableFile(path, "the file holds no text")
        paragraphs = (Paragraph(title),)
    date = find_date(paragraphs, path)
    return [build_article(paragraphs=paragraphs, source=str(path), format=NAME, title=title, date=date)]
