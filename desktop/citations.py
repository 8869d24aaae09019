"""Copy with citation: a quote, a passage or a bookmark on the clipboard with who said it, the
outlet, the date and the URL, as plain text or as Markdown (``index.export.citation.cite_excerpt``)."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication

from index.bookmarks import Bookmark
from index.export.citation import cite, cite_excerpt, join_names, long_date
from index.model import Article, Hit


def article_citation(text: str, article: Article, speaker: str | None = None, markdown: bool = False) -> str:
    return cite_excerpt(text, speaker=speaker, title=article.title, site=article.site, date=article.date,
                        url=article.url, markdown=markdown)


def bookmark_citation(b: Bookmark, markdown: bool = False) -> str:
    who = b.speaker if b.kind == "quote" else (b.author or (f"@{b.handle}" if b.handle else None))
    return cite_excerpt(b.text, speaker=who, title=b.title, site=b.site, date=b.date, url=b.url,
                        markdown=markdown)


def hit_citation(hit: Hit, markdown: bool = False) -> str:
    """A result's article cited on its own: authors, title, outlet, date, URL (plain or Markdown)."""
    if not markdown:
        return cite(title=hit.title, authors=hit.authors, site=hit.site, date=hit.date, url=hit.url)
    title = " ".join(hit.title.split()).replace("“", "‘").replace("”", "’")
    parts = [join_names(hit.authors)] if hit.authors else []
    if title:
        parts.append(f"[“{title}”]({hit.url})" if hit.url else f"“{title}”")
    elif hit.url:
        parts.append(f"<{hit.url}>")
    parts += [f"*{hit.site.strip()}*"] if hit.site.strip() else []
    parts += [long_date(hit.date)] if hit.date else []
    return ", ".join(parts)


def copy_text(text: str) -> None:
    QGuiApplication.clipboard().setText(text)
