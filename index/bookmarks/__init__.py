"""Bookmarks of quotes, social posts and passages, kept in the archive's data directory.

A bookmark keeps its own copy of what it points to (the text, who said it, the article's title,
date, site, URL and authors), so it survives re-indexing, renamed or moved files and even the
removal of its article: then ``Bookmark.article_missing`` is true and the text is intact.

Storage is one small SQLite file (``bookmarks.sqlite``) in WAL mode with ``synchronous=FULL``:
every change is one transaction, so a crash or a kill at any moment leaves every committed
bookmark complete and nothing half-written. The schema version is ``PRAGMA user_version``;
``MIGRATIONS`` are applied in order, each in its own transaction.

Exports (``to_markdown``, ``to_csv``, ``to_json``) share one flat shape per bookmark::

    {"id": 3, "kind": "quote", "text": "…", "speaker": "…", "author": null, "handle": null,
     "platform": null, "post_url": null, "note": "…", "tags": ["a", "b"],
     "article_id": "…", "title": "…", "date": "2025-09-03", "site": "…", "url": "…",
     "authors": ["…"], "paragraph": 4, "start": 12, "end": 40, "quote_index": 1,
     "post_index": null, "created": "2025-09-04T10:00:00+00:00", "updated": "…",
     "article_missing": false, "speaker_corrected_from": null}

``speaker_corrected_from`` is the speaker a quote's bookmark was made with when the user corrected
the quote's speaker since (``index.corrections``; ``Bookmarks.history`` keeps every change).

JSON wraps the list as ``{"version": 1, "exported": ISO time, "count": n, "bookmarks": [...]}``;
CSV has the same columns, lists joined with ``"; "`` (a ``;`` or ``\\`` inside an item is escaped
with a backslash). ``from_json`` and ``from_csv`` read them back.

Modules: ``bookmark`` (the plain data and tags), ``schema`` (the migrations and shared SQL), ``store``
(``Bookmarks``, the SQLite file; open it with ``Archive.bookmarks``), ``formats`` (the exports).
"""

from __future__ import annotations

from index.bookmarks.bookmark import KINDS, Bookmark, BookmarkKind, normalize_tag, parse_tags
from index.bookmarks.formats import (
    FIELDS,
    JSON_VERSION,
    export,
    from_csv,
    from_dict,
    from_json,
    to_csv,
    to_dict,
    to_json,
    to_markdown,
)
from index.bookmarks.schema import MIGRATIONS, SCHEMA_VERSION
from index.bookmarks.store import FILE_NAME, Articles, Bookmarks

__all__ = [
    "FIELDS", "FILE_NAME", "JSON_VERSION", "KINDS", "MIGRATIONS", "SCHEMA_VERSION", "Articles", "Bookmark",
    "BookmarkKind", "Bookmarks", "export",
    "from_csv", "from_dict", "from_json", "normalize_tag", "parse_tags", "to_csv", "to_dict", "to_json", "to_markdown",
]
