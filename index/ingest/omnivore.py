"""Omnivore's export: the ZIP it mailed (``.zip``), or that ZIP unpacked (its ``metadata_*.json``).

The export holds ``metadata_<from>_to_<to>.json`` (a list of items: ``title``, ``author``,
``url``, ``labels``, ``savedAt`` (the capture time), ``publishedAt``, ``slug``),
``content/<slug>.html`` (the text as Omnivore's reader showed it) and ``highlights/<slug>.md``
(each highlight a ``> quote`` block, followed by its ``#label`` lines and its note). Each item with
content is an article, its highlights kept as ``Article.annotations``; an item without content is
a bare link and skipped.
In an unpacked export, the ``content/`` and ``highlights/`` folders beside the metadata file are read.
"""

from __future__ import annotations

import dataclasses
import logging
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

from index.errors import UnreadableFile
from index.ingest import html, jsondoc
from index.ingest.common import (
    as_strings,
    build_article,
    decode_text,
    open_zip,
    split_authors,
    unique_articles,
    with_capture,
    without_title,
    zip_member,
)
from index.model import Annotation, Article

NAME = "omnivore"
EXTENSIONS = (".zip", ".json")

_METADATA_NAME = re.compile(r"^metadata_\d+_to_\d+\.json$")
_SNIFF_JSON = re.compile(rb'"(?:slug|savedAt|readingProgress|labels)"\s*:')
MAX_ITEM_BYTES = 32 * 1024 * 1024
CAPTURED_FROM = "Omnivore savedAt"

log = logging.getLogger(__name__)

# Reads one file of the export by its name inside it ("content/x.html"); None when it is not there.
Member = Callable[[str], bytes | None]


def sniff(head: bytes) -> bool:
    """Omnivore's ZIP (a ``metadata_*.json`` among its first entries) or its metadata JSON list."""
    if head.startswith(b"PK\x03\x04"):
        return re.search(rb"metadata_\d+_to_\d+\.json", head[:200]) is not None
    return head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"[" and len(set(_SNIFF_JSON.findall(head))) >= 3


def read(path: Path, data: bytes) -> list[Article]:
    """Every item of an Omnivore export that has content, with its highlights."""
    if data.startswith(b"PK\x03\x04"):
        with open_zip(path, data, "Omnivore export") as export:
            names = [n for n in export.namelist() if _METADATA_NAME.match(n.rsplit("/", 1)[-1])]
            if not names:
                raise UnreadableFile(path, "a ZIP archive that is not an Omnivore export (no metadata_*.json in it)")
            prefix = names[0].rsplit("/", 1)[0] + "/" if "/" in names[0] else ""
            items = [item for name in sorted(names) for item in _items(zip_member(export, name, path), path)]
            return _articles(path, items, lambda name: _zip_member(export, prefix + name, path))
    if not _METADATA_NAME.match(path.name) and not sniff(data[:4096]):
        raise UnreadableFile(path, "not an Omnivore export (its metadata files are named metadata_N_to_M.json)")
    folder = path.parent
    return _articles(path, _items(data, path), lambda name: _file_member(folder / name))


def _items(data: bytes, path: Path) -> list[dict[str, object]]:
    [value] = jsondoc.load_values(decode_text(data, path), path)[:1]
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise UnreadableFile(path, "not an Omnivore export (its metadata is not a list of items)")
    return value


def _zip_member(export: zipfile.ZipFile, name: str, path: Path) -> bytes | None:
    if name not in export.NameToInfo:
        return None
    return zip_member(export, name, path, MAX_ITEM_BYTES)


def _file_member(file: Path) -> bytes | None:
    try:
        if file.stat().st_size > MAX_ITEM_BYTES:
            log.warning("%s is too large to import; skipped", file)
            return None
        return file.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        log.warning("%s cannot be read (%s); skipped", file, exc.strerror or exc)
        return None


def _articles(path: Path, items: list[dict[str, object]], member: Member) -> list[Article]:
    articles = []
    for item in items:
        slug = str(item.get("slug") or "")
        content = member(f"content/{slug}.html") if slug and "/" not in slug else None
        paragraphs = html.paragraphs_from_html(content.decode("utf-8", errors="replace")) if content else ()
        if not paragraphs:
            log.info("%s: %s has no saved content (a bare link); skipped", path, item.get("url") or slug)
            continue
        highlights = member(f"highlights/{slug}.md")
        title = str(item.get("title") or "")
        url = str(item.get("url") or "")
        article = build_article(
            paragraphs=without_title(paragraphs, title),
            source=str(path),
            format=NAME,
            title=title,
            date=item.get("publishedAt") or item.get("savedAt"),
            authors=split_authors(as_strings(item.get("author"))),
            url=url if re.match(r"https?://", url) else "",
            tags=as_strings(item.get("labels")),
            annotations=parse_highlights(highlights.decode("utf-8", errors="replace")) if highlights else (),
        )
        articles.append(with_capture(article, item.get("savedAt"), CAPTURED_FROM))
    if not articles:
        raise UnreadableFile(path, f"this Omnivore export lists {len(items)} items but holds the content of none")
    if len(articles) > 1:
        articles = [dataclasses.replace(a, source=f"{path}#{n}") for n, a in enumerate(articles, start=1)]
    return unique_articles(articles)


def parse_highlights(text: str) -> tuple[Annotation, ...]:
    """Omnivore's highlights file: ``> quote`` blocks, each followed by ``#label`` lines and a note.

    Text before the first quote is a note on the whole article (an annotation without a quote).
    """
    out: list[Annotation] = []
    quote: str | None = None
    tags: list[str] = []
    notes: list[str] = []

    def flush() -> None:
        if quote is not None or notes:
            out.append(Annotation(quote or "", "\n\n".join(notes), tuple(tags), None))

    for block in re.split(r"\n\s*\n", text.replace("\r\n", "\n").strip()):
        lines = [line.strip() for line in block.strip().split("\n")]
        if lines[0].startswith(">"):
            flush()
            quote = " ".join(line.lstrip(">").strip() for line in lines).strip()
            tags, notes = [], []
        elif all(re.match(r"#[^\s#]", line) for line in lines):
            tags.extend(t.lstrip("#") for line in lines for t in line.split())
        elif block.strip():
            notes.append(" ".join(lines))
    flush()
    return tuple(out)
