"""The archive's own plain-text format.

The first line starts with `` date YYYY-MM-DD `` and goes straight on into the body. Paragraphs are
separated by one blank line; a run of three blank lines separates paragraphs of one social post
that was flattened to text, so those come out with ``Paragraph.joined`` set. There is no title
line: the first sentence serves as the title.
"""

from __future__ import annotations

import re
from pathlib import Path

from index.errors import UnreadableFile
from index.ingest.common import build_article, clean_text, decode_text
from index.model import Article, Paragraph

NAME = "seed-text"
EXTENSIONS = (".txt",)

_HEADER = re.compile(rb"^\s?date (\d{4}-\d{2}-\d{2}) ")
_HEADER_TEXT = re.compile(r"^\s?date (\d{4}-\d{2}-\d{2}) ")


def sniff(head: bytes) -> bool:
    """The first line starts with `` date YYYY-MM-DD ``."""
    return bool(_HEADER.match(head.lstrip(b"\xef\xbb\xbf")))


def parse_paragraphs(body: str) -> tuple[Paragraph, ...]:
    """Split on blank lines; three or more blank lines join the next paragraph to the previous one."""
    body = body.replace("\r\n", "\n").replace("\r", "\n")
    paragraphs: list[Paragraph] = []
    # Splitting on runs of blank lines keeps the separators, so the number of newlines is known.
    parts = re.split(r"(\n(?:[ \t]*\n)+)", body)
    joined_next = False
    for i in range(0, len(parts), 2):
        text = clean_text(" ".join(parts[i].split("\n")))
        if text:
            paragraphs.append(Paragraph(text, joined=joined_next and bool(paragraphs)))
        sep = parts[i + 1] if i + 1 < len(parts) else ""
        blank_lines = sep.count("\n") - 1
        if text:
            joined_next = blank_lines >= 3
    return tuple(paragraphs)


def read(path: Path, data: bytes) -> list[Article]:
    """One article from a seed-format text file."""
    text = decode_text(data, path)
    m = _HEADER_TEXT.match(text)
    if not m:
        raise UnreadableFile(path, "the first line does not start with ' date YYYY-MM-DD '")
    paragraphs = parse_paragraphs(text[m.end():])
    if not paragraphs:
        raise UnreadableFile(path, "no article text after the date line")
    return [build_article(paragraphs=paragraphs, source=str(path), format=NAME, date=m.group(1))]
