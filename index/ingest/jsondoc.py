"""Articles stored as JSON (``.json``) or JSON Lines (``.jsonl``, ``.ndjson``).

A file holds one article object, a list of them, an object with the list under a key such as
``articles`` or ``items``, an object of article objects keyed by id, or one object per line.
Exports of scrapers, news APIs, JSON Feed, WordPress's REST API and JSON-LD ``NewsArticle``
objects (also inside ``@graph``) are understood. A body stored as HTML is turned into plain
paragraphs. Objects without text are skipped; a file with none is refused.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import re
from collections.abc import Iterator
from pathlib import Path

from index.errors import UnreadableFile
from index.ingest import html
from index.ingest.common import (
    as_strings,
    build_article,
    decode_text,
    split_authors,
    split_paragraphs,
    unique_articles,
)
from index.model import Article, Paragraph

NAME = "json"
EXTENSIONS = (".json", ".jsonl", ".ndjson")

log = logging.getLogger(__name__)

TITLE_KEYS = ("title", "headline")
TEXT_KEYS = ("text", "body", "content", "articleBody", "content_text", "content_html", "fullText", "full_text")
DATE_KEYS = ("date", "published", "published_at", "publishedAt", "datePublished", "date_published", "pubDate")
URL_KEYS = ("url", "link", "source_url", "canonical_url", "mainEntityOfPage", "@id")
AUTHOR_KEYS = ("authors", "author", "byline", "creator")
SITE_KEYS = ("site", "site_name", "siteName", "source", "publisher", "sitename")
TAG_KEYS = ("tags", "keywords", "categories")
LANGUAGE_KEYS = ("language", "lang", "inLanguage")
# Where a collection keeps its articles.
LIST_KEYS = (
    *("articles", "items", "data", "results", "entries", "posts", "stories", "documents", "records", "hits"),
    *("@graph", "itemListElement"),
)

_HTML_TAG = re.compile(r"<(?:p|div|br|span|a|em|strong|b|i|h[1-6]|ul|ol|li|blockquote|figure|img)\b[^>]*>", re.I)


def sniff(head: bytes) -> bool:
    """The file opens with ``{`` or ``[``."""
    return head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"[")


def read(path: Path, data: bytes) -> list[Article]:
    """Every article object of a JSON or JSON Lines file."""
    text = decode_text(data, path)
    objects = [obj for value in load_values(text, path) for obj in article_objects(value)]
    articles = [a for a in (article_from_object(obj, path) for obj in objects) if a is not None]
    if not articles:
        raise UnreadableFile(path, "no article with text in this JSON file (looked for keys such as 'text', 'body')")
    if len(articles) > 1:
        articles = [dataclasses.replace(a, source=f"{path}#{n}") for n, a in enumerate(articles, start=1)]
    return unique_articles(articles)


def load_values(text: str, path: Path) -> list[object]:
    """The file's JSON values: one document, or one value per line for JSON Lines."""
    try:
        return [json.loads(text)]
    except json.JSONDecodeError as exc:
        whole_error = exc
    lines = [(n, line) for n, line in enumerate(text.splitlines(), start=1) if line.strip()]
    values = []
    bad: list[int] = []
    for n, line in lines:
        try:
            values.append(json.loads(line))
        except json.JSONDecodeError:
            bad.append(n)
    if not values or (len(lines) == 1 and bad):
        e = whole_error
        raise UnreadableFile(path, f"not valid JSON (line {e.lineno}, column {e.colno}: {e.msg})")
    if bad:
        log.warning("%s: skipping %d lines that are not valid JSON (first: line %d)", path, len(bad), bad[0])
    return values


def _types(obj: dict[str, object]) -> set[str]:
    return {t.lower() for t in as_strings(obj.get("@type"))}


def article_objects(value: object, depth: int = 0) -> Iterator[dict[str, object]]:
    """The objects in a JSON value that may be articles, in document order."""
    if depth > 4:
        return
    if isinstance(value, list):
        for item in value:
            yield from article_objects(item, depth + 1)
        return
    if not isinstance(value, dict):
        return
    if _text_value(value) is not None:
        yield value
        return
    if "item" in value and "listitem" in _types(value):  # JSON-LD ItemList entries
        yield from article_objects(value["item"], depth + 1)
        return
    for key in LIST_KEYS:
        if isinstance(value.get(key), list | dict):
            yield from article_objects(value[key], depth + 1)
            return
    # {"<id>": {...article...}, "<id>": {...}}: a collection keyed by id.
    children = [v for v in value.values() if isinstance(v, dict)]
    if children and len(children) == len(value):
        for child in children:
            yield from article_objects(child, depth + 1)


def _get(obj: dict[str, object], keys: tuple[str, ...]) -> object:
    for key in keys:
        value = obj.get(key)
        if isinstance(value, dict) and "rendered" in value:  # WordPress REST API
            value = value["rendered"]
        if value not in (None, "", [], {}):
            return value
    return None


def _text_value(obj: dict[str, object]) -> str | list[str] | None:
    value = _get(obj, TEXT_KEYS)
    if isinstance(value, str) and value.strip():
        return value
    if isinstance(value, list):
        texts = [s for s in as_strings(value) if s.strip()]
        return texts or None
    return None


def body_paragraphs(value: str | list[str]) -> tuple[Paragraph, ...]:
    """Paragraphs of a body given as one string (plain or HTML) or as a list of paragraph strings."""
    if isinstance(value, list):
        return tuple(p for item in value for p in body_paragraphs(item))
    if _HTML_TAG.search(value):
        return html.paragraphs_from_html(value)
    if "\n\n" not in value.replace("\r\n", "\n"):
        value = value.replace("\n", "\n\n")  # one paragraph per line
    return split_paragraphs(value)


def _url(obj: dict[str, object]) -> str:
    for value in (obj.get(k) for k in URL_KEYS):
        if isinstance(value, dict):
            value = value.get("@id") or value.get("url")
        if isinstance(value, str) and re.match(r"https?://", value.strip()):
            return value.strip()
    return ""


def _text(obj: dict[str, object], keys: tuple[str, ...]) -> str:
    values = as_strings(_get(obj, keys))
    return values[0] if values else ""


def article_from_object(obj: dict[str, object], path: Path, source: str = "") -> Article | None:
    """An article from one JSON object, or None when it has no text."""
    text = _text_value(obj)
    if text is None:
        return None
    paragraphs = body_paragraphs(text)
    if not paragraphs:
        return None
    title = _text(obj, TITLE_KEYS)
    if _HTML_TAG.search(title) or "&" in title:
        title = " ".join(p.text for p in html.paragraphs_from_html(title))
    site = _text(obj, SITE_KEYS)
    return build_article(
        paragraphs=paragraphs,
        source=source or str(path),
        format=NAME,
        title=title,
        date=_get(obj, DATE_KEYS),
        authors=split_authors(as_strings(_get(obj, AUTHOR_KEYS))),
        site="" if re.match(r"https?://", site) else site,
        url=_url(obj),
        language=_text(obj, LANGUAGE_KEYS),
        tags=_tags(_get(obj, TAG_KEYS)),
    )


def _tags(value: object) -> list[str]:
    """Tags as a list, or as one comma-separated string (JSON-LD ``keywords``)."""
    if isinstance(value, str):
        return [t.strip() for t in value.split(",") if t.strip()]
    return as_strings(value)
