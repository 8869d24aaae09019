"""Articles and extractions to and from compact JSON, for the document store and the CLI."""

from __future__ import annotations

import datetime as dt
import json
import zlib
from dataclasses import asdict
from typing import Any

from index.model import Annotation, Article, Entity, Extraction, Paragraph, Post, Provenance, Quote


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
        "paragraphs": [_paragraph_to_json(p) for p in article.paragraphs],
        **(
            {"annotations": [asdict(a) | {"created": _iso(a.created)} for a in article.annotations]}
            if article.annotations
            else {}
        ),
        # Articles stored before capture times were kept have none of these: read as "" and None.
        **({"captured": article.captured, "captured_from": article.captured_from} if article.captured else {}),
        **({"provenance": provenance_to_dict(article.provenance)} if article.provenance else {}),
    }


def provenance_to_dict(p: Provenance) -> dict[str, Any]:
    return {"url": p.url, "files": list(p.files), "sha256": p.sha256}


def _provenance_from_dict(d: dict[str, Any] | None) -> Provenance | None:
    if not d:
        return None
    return Provenance(str(d.get("url", "")), tuple(d.get("files", ())), str(d.get("sha256", "")))


def _iso(date: dt.date | None) -> str | None:
    return date.isoformat() if date else None


def _paragraph_to_json(p: Paragraph) -> str | list[Any]:
    """A paragraph as its text, or ``[text, joined]``, or ``[text, joined, page]`` in a paged document."""
    if p.page is not None:
        return [p.text, p.joined, p.page]
    return [p.text, p.joined] if p.joined else p.text


def _paragraph_from_json(p: str | list[Any]) -> Paragraph:
    if isinstance(p, str):
        return Paragraph(p)
    return Paragraph(p[0], bool(p[1]), p[2] if len(p) > 2 else None)


def _annotation_from_json(a: dict[str, Any]) -> Annotation:
    created = dt.date.fromisoformat(a["created"]) if a.get("created") else None
    return Annotation(a.get("quote", ""), a.get("note", ""), tuple(a.get("tags", ())), created)


def article_from_dict(d: dict[str, Any]) -> Article:
    """The inverse of ``article_to_dict``."""
    paragraphs = tuple(_paragraph_from_json(p) for p in d["paragraphs"])
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
        annotations=tuple(_annotation_from_json(a) for a in d.get("annotations", ())),
        captured=d.get("captured", ""),
        captured_from=d.get("captured_from", ""),
        provenance=_provenance_from_dict(d.get("provenance")),
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
    """Compact compressed JSON. Lone surrogates (a file name that is not valid UTF-8, kept as
    ``os.fsdecode`` gives it) are kept too: UTF-8 with surrogates passed through."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    return zlib.compress(text.encode("utf-8", "surrogatepass"), 3)


def unpack(blob: bytes) -> Any:
    """The inverse of ``pack``."""
    return json.loads(zlib.decompress(blob).decode("utf-8", "surrogatepass"))
