"""Copy with citation: a quote, a passage or a bookmark on the clipboard with who said it, the
outlet, the date and the URL, as plain text or as Markdown (``index.export.citation.cite_excerpt``)."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication

from index.bookmarks import Bookmark
from index.export.citation import cite_excerpt
from index.model import Article


def article_citation(text: str, article: Article, speaker: str | None = None, markdown: bool = False) -> str:
    return cite_excerpt(text, speaker=speaker, title=article.title, site=article.site, date=article.date,
                        url=article.url, markdown=markdown)


def bookmark_citation(b: Bookmark, markdown: bool = False) -> str:
    who = b.speaker if b.kind == "quote" else (b.author or (f"@{b.handle}" if b.handle else None))
    return cite_excerpt(b.text, speaker=who, title=b.title, site=b.site, date=b.date, url=b.url,
                        markdown=markdown)


def copy_text(text: str) -> None:
    QGuiApplication.clipboard().setText(text)
