"""What to export: a user's ``Selection`` (articles, a search, quotes, bookmarks) and its file name."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

SelectionKind = Literal["articles", "search", "quotes", "bookmarks", "person"]
DEFAULT_LIMIT = 1000


@dataclass(frozen=True)
class Selection:
    """What a user chose to export. Build one with the class methods."""

    kind: SelectionKind
    article_ids: tuple[str, ...] = ()
    query: str = ""
    filters: tuple[tuple[str, str], ...] = ()
    sort: str = "relevance"
    quotes: tuple[tuple[str, int], ...] = ()  # (article id, quote index)
    bookmark_ids: tuple[int, ...] = ()
    tag: str | None = None
    limit: int = DEFAULT_LIMIT  # at most this many articles from a search
    title: str = ""  # the user's own title for the export, if any
    person: str = ""  # a person's dossier: their name (with ``quotes``: only those of theirs)

    @classmethod
    def of_articles(cls, ids: Iterable[str], *, title: str = "") -> Selection:
        return cls("articles", article_ids=tuple(dict.fromkeys(ids)), title=title)

    @classmethod
    def of_search(cls, query: str, *, filters: Mapping[str, str] | None = None, sort: str = "relevance",
                  limit: int = DEFAULT_LIMIT, title: str = "") -> Selection:
        return cls("search", query=query, filters=tuple(sorted((filters or {}).items())), sort=sort,
                   limit=limit, title=title)

    @classmethod
    def of_quotes(cls, refs: Iterable[tuple[str, int]], *, title: str = "") -> Selection:
        return cls("quotes", quotes=tuple(dict.fromkeys(refs)), title=title)

    @classmethod
    def of_bookmarks(cls, ids: Iterable[int] = (), *, tag: str | None = None, title: str = "") -> Selection:
        """Bookmarks by id; or all bookmarks with ``tag``; or all bookmarks when neither is given."""
        return cls("bookmarks", bookmark_ids=tuple(dict.fromkeys(ids)), tag=tag or None, title=title)


    @classmethod
    def of_person(cls, name: str, refs: Iterable[tuple[str, int]] = (), *, title: str = "") -> Selection:
        """A person's quotes as a dossier: all of them, or those of ``refs`` (article id, index)."""
        return cls("person", person=name, quotes=tuple(dict.fromkeys(refs)), title=title)


def slug(text: str, limit: int = 40) -> str:
    """A file-name-safe form of ``text``: letters and digits of any script, joined by hyphens."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = re.sub(r"[^\w]+", "-", text).strip("-_")
    return text[:limit].rstrip("-_")


def suggested_file_name(selection: Selection, ext: str = "pdf", today: dt.date | None = None) -> str:
    """``morgue-<query, tag or what>-YYYY-MM-DD.<ext>``, safe on every file system."""
    day = (today or dt.date.today()).isoformat()
    base = slug(selection.title or selection.query or selection.tag or selection.person or "")
    if not base:
        base = {"articles": "articles", "search": "all-articles", "quotes": "quotes",
                "bookmarks": "bookmarks", "person": "person"}[selection.kind]
    return f"morgue-{base}-{day}.{ext.lstrip('.')}"
