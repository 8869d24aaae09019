"""Pocket's export (``ril_export.html``, or the ``part_000000.csv`` of its later exports).

Pocket exports only links: each saved page's URL, title, tags and when it was saved, never its
text. There is no article to import, so the file is refused with a message saying so and how
many links it holds; the pages themselves have to be saved (or fetched) to be read.
"""

from __future__ import annotations

import re
from pathlib import Path

from index.errors import UnreadableFile
from index.model import Article

NAME = "pocket"
EXTENSIONS = (".html", ".csv")

_TITLE = re.compile(rb"<title>\s*Pocket Export\s*</title>", re.I)
_CSV_HEADER = re.compile(rb"^\s*title,url,time_added(?:,[a-z_]+)*\s*$", re.M)


def sniff(head: bytes) -> bool:
    """The page is titled "Pocket Export", or the CSV opens with Pocket's ``title,url,time_added`` header."""
    return bool(_TITLE.search(head) or _CSV_HEADER.match(head.lstrip(b"\xef\xbb\xbf")))


def read(path: Path, data: bytes) -> list[Article]:
    """Never any article: the export is refused, with the number of links it holds."""
    if _TITLE.search(data[:4096]):
        links = len(re.findall(rb"<a\s[^>]*href=", data, re.I))
    elif _CSV_HEADER.match(data[:4096].lstrip(b"\xef\xbb\xbf")):
        links = max(0, len([line for line in data.splitlines() if line.strip()]) - 1)
    else:
        raise UnreadableFile(path, "a CSV file that is not Pocket's export; Morgue does not read CSV tables")
    raise UnreadableFile(
        path,
        f"Pocket's export holds only links ({links} saved links, no article text), so there is nothing to "
        "import; save the pages themselves (as HTML, or with a web archiver) to search them",
    )
