"""Articles and extractions to and from compact JSON, for the document store and the CLI."""

from __future__ import annotations

import datetime as dt
import json
import zlib
from dataclasses import asdict
from typing import Any

from index.model import Article, Entity, Extraction, Paragraph, Post, Quote


def article_to_dict(article: Article) -> dict[str, Any]:
    """Everything about an article but its raw HTML, as plain JSON types."""
    return {
        "id": article.id,
        "title": article.title,
        "date": article.date.isoformat() if article.date else None,
        "authors": list(article.authors),
        "site": article.site,
        "url": article.url,
        "language": article.language,
        "format": article.format,
        "source": article.source,
        "tags": list(article.tags),
        "paragraphs": [[p.text, p.joined] if p.joined else p.text for p in article.paragraphs],
    }


def article_from_dict(d: dict[str, Any]) -> Article:
    """The inverse of ``article_to_dict``."""
    paragraphs = tuple(Paragraph(p[0], bool(p[1])) if isinstance(p, list) else Paragraph(p) for p in d["paragraphs"])
    return Article(
        id=d["id"],
        title=d["title"],
        paragraphs=paragraphs,
        date=dt.date.fromisoformat(d["date"]) if d.get("date") else None,
        authors=tuple(d.get("authors", ())),
        site=d.get("site", ""),
        url=d.get("url", ""),
        language=d.get("language", ""),
        format=d.get("format", ""),
        source=d.get("source", ""),
        tags=tuple(d.get("tags", ())),
    )


def extraction_to_dict(ex: Extraction) -> dict[str, Any]:
    """An extraction as plain JSON types (all fields, for the cache)."""
    return asdict(ex)


def extraction_from_dict(d: dict[str, Any]) -> Extraction:
    """The inverse of ``extraction_to_dict``."""
    return Extraction(
        quotes=tuple(Quote(**q) for q in d.get("quotes", ())),
        posts=tuple(
            Post(**{**p, "media": tuple(p.get("media", ())), "paragraphs": tuple(p.get("paragraphs", ()))})
            for p in d.get("posts", ())
        ),
        entities=tuple(Entity(**{**e, "mentions": tuple(e.get("mentions", ()))}) for e in d.get("entities", ())),
        language=d.get("language", ""),
        nlp_skipped_reason=d.get("nlp_skipped_reason", ""),
    )


def pack(obj: Any) -> bytes:
    """Compact compressed JSON."""
    return zlib.compress(json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode(), 3)


def unpack(blob: bytes) -> Any:
    """The inverse of ``pack``."""
    return json.loads(zlib.decompress(blob))
