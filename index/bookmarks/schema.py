"""The bookmarks file's schema: its migrations (``PRAGMA user_version``) and the SQL shared by the store."""

from __future__ import annotations

import json
import logging
import re
import sqlite3
from collections.abc import Callable
from typing import Any

from index.bookmarks.bookmark import Bookmark, utc_now

log = logging.getLogger(__name__)

def _fts5_available(conn: sqlite3.Connection) -> bool:
    try:
        conn.execute("CREATE VIRTUAL TABLE temp._fts5_probe USING fts5(x)")
        conn.execute("DROP TABLE temp._fts5_probe")
        return True
    except sqlite3.OperationalError:
        return False


def _migration_1(conn: sqlite3.Connection) -> None:
    """The bookmarks and their tags."""
    conn.execute("""
        CREATE TABLE bookmarks (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            kind TEXT NOT NULL CHECK (kind IN ('quote', 'post', 'passage')),
            text TEXT NOT NULL,
            article_id TEXT NOT NULL,
            title TEXT NOT NULL DEFAULT '',
            date TEXT,
            site TEXT NOT NULL DEFAULT '',
            url TEXT NOT NULL DEFAULT '',
            authors TEXT NOT NULL DEFAULT '[]',
            speaker TEXT,
            author TEXT,
            handle TEXT,
            platform TEXT,
            post_url TEXT,
            paragraph INTEGER,
            start INTEGER,
            "end" INTEGER,
            quote_index INTEGER,
            post_index INTEGER,
            note TEXT NOT NULL DEFAULT '',
            created TEXT NOT NULL,
            updated TEXT NOT NULL
        )""")
    conn.execute("CREATE INDEX bookmarks_article ON bookmarks(article_id)")
    conn.execute("CREATE INDEX bookmarks_speaker ON bookmarks(speaker COLLATE NOCASE)")
    conn.execute("""
        CREATE TABLE bookmark_tags (
            bookmark_id INTEGER NOT NULL REFERENCES bookmarks(id) ON DELETE CASCADE,
            tag TEXT NOT NULL COLLATE NOCASE,
            PRIMARY KEY (bookmark_id, tag)
        ) WITHOUT ROWID""")
    conn.execute("CREATE INDEX bookmark_tags_tag ON bookmark_tags(tag)")


def _migration_2(conn: sqlite3.Connection) -> None:
    """Full-text search over text, note, speaker, post author and title (FTS5, porter stemming)."""
    if not _fts5_available(conn):
        log.warning("this SQLite has no FTS5: bookmark search falls back to substring matching")
        return
    conn.execute("""
        CREATE VIRTUAL TABLE bookmarks_fts USING fts5(
            text, note, speaker, author, handle, title,
            content='bookmarks', content_rowid='id',
            tokenize='porter unicode61 remove_diacritics 2'
        )""")
    cols = "text, note, speaker, author, handle, title"
    new = "new.text, new.note, new.speaker, new.author, new.handle, new.title"
    old = "old.text, old.note, old.speaker, old.author, old.handle, old.title"
    conn.execute(f"""CREATE TRIGGER bookmarks_fts_insert AFTER INSERT ON bookmarks BEGIN
        INSERT INTO bookmarks_fts(rowid, {cols}) VALUES (new.id, {new}); END""")
    conn.execute(f"""CREATE TRIGGER bookmarks_fts_delete AFTER DELETE ON bookmarks BEGIN
        INSERT INTO bookmarks_fts(bookmarks_fts, rowid, {cols}) VALUES ('delete', old.id, {old}); END""")
    conn.execute(f"""CREATE TRIGGER bookmarks_fts_update AFTER UPDATE ON bookmarks BEGIN
        INSERT INTO bookmarks_fts(bookmarks_fts, rowid, {cols}) VALUES ('delete', old.id, {old});
        INSERT INTO bookmarks_fts(rowid, {cols}) VALUES (new.id, {new}); END""")
    conn.execute("INSERT INTO bookmarks_fts(bookmarks_fts) VALUES ('rebuild')")


def _migration_3(conn: sqlite3.Connection) -> None:
    """The history of a bookmark's copied values: a speaker the user corrected keeps the old one here."""
    conn.execute("""
        CREATE TABLE bookmark_history (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            bookmark_id INTEGER NOT NULL REFERENCES bookmarks(id) ON DELETE CASCADE,
            field TEXT NOT NULL,
            old TEXT,
            new TEXT,
            reason TEXT NOT NULL,  -- "corrected": the user's correction; "uncorrected": it was removed
            at TEXT NOT NULL
        )""")
    conn.execute("CREATE INDEX bookmark_history_bookmark ON bookmark_history(bookmark_id)")


def _migration_4(conn: sqlite3.Connection) -> None:
    """The archived copy a bookmark cites (capture time, file, SHA-256, PDF page), and the read-later
    highlights imported as bookmarks, so a second import adds none twice (nor one the user deleted)."""
    for column in ("captured", "captured_from", "file", "sha256"):
        conn.execute(f"ALTER TABLE bookmarks ADD COLUMN {column} TEXT NOT NULL DEFAULT ''")
    conn.execute("ALTER TABLE bookmarks ADD COLUMN page INTEGER")
    conn.execute("""
        CREATE TABLE imported_annotations (
            article_id TEXT NOT NULL,
            key TEXT NOT NULL,        -- the highlight's text (or its note, for a note on the article)
            bookmark_id INTEGER,      -- the bookmark it became or matched (NULL once deleted)
            imported TEXT NOT NULL,
            PRIMARY KEY (article_id, key)
        ) WITHOUT ROWID""")


# Applied in order; migration i brings the file to user_version i + 1. Never edit a released one:
# add a new function at the end.
MIGRATIONS: tuple[Callable[[sqlite3.Connection], None], ...] = (_migration_1, _migration_2, _migration_3, _migration_4)
SCHEMA_VERSION = len(MIGRATIONS)

COLUMNS = (
    "id", "kind", "text", "article_id", "title", "date", "site", "url", "authors", "speaker", "author",
    "handle", "platform", "post_url", "paragraph", "start", "end", "quote_index", "post_index", "note",
    "created", "updated", "captured", "captured_from", "file", "sha256", "page",
)
SELECT = ", ".join(f'b."{c}"' for c in COLUMNS)
SEARCHED = ("text", "note", "speaker", "author", "handle", "title")
QUOTED = ", ".join(f'"{c}"' for c in COLUMNS)
INSERT_ALL = f"INSERT OR REPLACE INTO bookmarks ({QUOTED}) VALUES ({','.join('?' * len(COLUMNS))})"


def fts_query(text: str) -> str:
    """A user's words as an FTS5 query: every word must match, as a prefix, literally."""
    words = re.findall(r"\w+", text)
    return " ".join('"' + w.replace('"', '""') + '"*' for w in words)


def like_pattern(text: str) -> str:
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def row_of(b: Bookmark) -> list[Any]:
    return [
        b.id, b.kind, b.text, b.article_id, b.title, b.date.isoformat() if b.date else None, b.site, b.url,
        json.dumps(list(b.authors), ensure_ascii=False), b.speaker, b.author, b.handle, b.platform, b.post_url,
        b.paragraph, b.start, b.end, b.quote_index, b.post_index, b.note,
        (b.created or utc_now()).isoformat(), (b.updated or utc_now()).isoformat(),
        b.captured, b.captured_from, b.file, b.sha256, b.page,
    ]
