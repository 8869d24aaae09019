"""Wallabag's JSON export (``.json``: "Export: JSON" on any list of entries).

The export is a list of entries: ``title``, ``url``, ``content`` (the article as HTML),
``published_by`` (the authors), ``published_at`` (else ``created_at``) as the date, ``created_at``
(when the user saved it) as the capture time, ``tags``, ``language``, and ``annotations``, the
user's highlights (``quote``) with their notes (``text``), kept on the article as
``Article.annotations`` for bookmarks. An entry without content (a link Wallabag could not fetch)
is skipped.
"""

from __future__ import annotations

import dataclasses
import logging
import re
from pathlib import Path

from index.errors import UnreadableFile
from index.ingest import html, jsondoc
from index.ingest.common import (
    as_strings,
    build_article,
    decode_text,
    parse_date,
    split_authors,
    unique_articles,
    with_capture,
    without_title,
)
from index.model import Annotation, Article

NAME = "wallabag"
EXTENSIONS = (".json",)

# Keys of Wallabag's entries before their content: "given_url" (the address as it was given) is its own.
_GIVEN_URL = re.compile(rb'"given_url"\s*:')
_FLAGS = re.compile(rb'"(?:is_archived|is_starred|is_public)"\s*:')

CAPTURED_FROM = "Wallabag created_at"

log = logging.getLogger(__name__)


def sniff(head: bytes) -> bool:
    """A JSON list whose first object has Wallabag's keys (``given_url`` and ``is_archived`` or ``is_starred``)."""
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"["
    return start and _GIVEN_URL.search(head) is not None and _FLAGS.search(head) is not None


def read(path: Path, data: bytes) -> list[Article]:
    """Every entry of a Wallabag export that has content, with its annotations."""
    [value] = jsondoc.load_values(decode_text(data, path), path)[:1]
    listed = value if isinstance(value, list) else [value]
    entries = [e for e in listed if isinstance(e, dict)]
    if len(entries) != len(listed):
        raise UnreadableFile(path, "not a Wallabag export (a list of entry objects was expected)")
    if not any("content" in e for e in entries):
        return jsondoc.read(path, data)  # another read-later tool's JSON with similar keys
    articles = []
    for n, entry in enumerate(entries, start=1):
        article = _entry(entry, str(path))
        if article is None:
            log.info("%s: entry %d (%s) has no content; skipped", path, n, entry.get("url") or "no URL")
        else:
            articles.append(article)
    if not articles:
        raise UnreadableFile(path, f"none of the {len(entries)} entries of this Wallabag export has content")
    if len(articles) > 1:
        articles = [dataclasses.replace(a, source=f"{path}#{n}") for n, a in enumerate(articles, start=1)]
    return unique_articles(articles)


def _entry(entry: dict[str, object], source: str) -> Article | None:
    content = entry.get("content")
    if not isinstance(content, str) or not content.strip():
        return None
    paragraphs = html.paragraphs_from_html(content)
    if not paragraphs:
        return None
    title = str(entry.get("title") or "")
    url = str(entry.get("url") or entry.get("given_url") or "")
    article = build_article(
        paragraphs=without_title(paragraphs, title),
        source=source,
        format=NAME,
        title=title,
        date=entry.get("published_at") or entry.get("created_at"),
        authors=split_authors(as_strings(entry.get("published_by"))),
        url=url if re.match(r"https?://", url) else "",
        language=str(entry.get("language") or ""),
        tags=as_strings(entry.get("tags")),
        annotations=_annotations(entry.get("annotations")),
    )
    return with_capture(article, entry.get("created_at"), CAPTURED_FROM)


def _annotations(value: object) -> list[Annotation]:
    """Wallabag's annotations (annotator.js objects) as highlights with their notes."""
    out = []
    for item in value if isinstance(value, list) else []:
        if not isinstance(item, dict):
            continue
        quote = str(item.get("quote") or "").strip()
        note = str(item.get("text") or "").strip()
        if quote or note:
            out.append(Annotation(quote, note, tuple(as_strings(item.get("tags"))), parse_date(item.get("created_at"))))
    return out
