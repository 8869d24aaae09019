"""The document store: one SQLite file per archive.

It holds what the Whoosh index does not: the files seen at the last run (to make re-indexing a
stat pass), every article's text and metadata (for the reader and for snippets), and the
extraction cache keyed by content hash (so NLP never runs twice on unchanged text).
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from index.errors import IndexCorrupt
from index.model import Article, Extraction
from index.store.codec import (
    article_from_dict,
    article_to_dict,
    extraction_from_dict,
    extraction_to_dict,
    pack,
    unpack,
)

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS files (
    path TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    article_ids TEXT NOT NULL,   -- JSON list
    error TEXT                   -- the reason it could not be read, or NULL
);
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    doc BLOB NOT NULL            -- packed article_to_dict
);
CREATE TABLE IF NOT EXISTS skipped (   -- files the last run skipped (not a supported format, a FIFO)
    path TEXT PRIMARY KEY,
    reason TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS extractions (
    content_hash TEXT PRIMARY KEY,
    version INTEGER NOT NULL,
    data BLOB NOT NULL           -- packed extraction_to_dict
);
"""


def to_db(text: str) -> str | bytes:
    """A path or message as SQLite stores it: the text, or, for a name that is not valid UTF-8
    (its bytes kept as surrogate escapes, as ``os.fsdecode`` gives them), its bytes as a BLOB."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogateescape" if _escapes_only(text) else "surrogatepass")


def from_db(value: str | bytes | None) -> str | None:
    """The inverse of ``to_db``."""
    return value.decode("utf-8", "surrogateescape") if isinstance(value, bytes) else value


def _escapes_only(text: str) -> bool:
    return all(not 0xD800 <= ord(c) <= 0xDFFF or 0xDC80 <= ord(c) <= 0xDCFF for c in text)


@dataclass(frozen=True)
class FileRecord:
    """A file as seen by the last indexing run."""

    path: str
    size: int
    mtime_ns: int
    article_ids: tuple[str, ...]
    error: str | None


class Store:
    """The archive's SQLite document store. One connection per thread."""

    def __init__(self, path: Path, *, readonly: bool = False) -> None:
        self.path = Path(path)
        self.readonly = readonly
        self._local = threading.local()
        if not readonly:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self._conn() as conn:
                conn.executescript(_SCHEMA)
                conn.execute("INSERT OR IGNORE INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))

    def _conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            try:
                if self.readonly:
                    conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, timeout=30)
                else:
                    conn = sqlite3.connect(self.path, timeout=30)
                    conn.execute("PRAGMA journal_mode=WAL")
                    conn.execute("PRAGMA synchronous=NORMAL")
            except sqlite3.DatabaseError as exc:
                raise IndexCorrupt(f"The archive's store {self.path} cannot be opened ({exc}).") from exc
            self._local.conn = conn
        return conn

    def close(self) -> None:
        """Close this thread's connection."""
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None

    # --- meta ------------------------------------------------------------------------------------

    def get_meta(self, key: str, default: str | None = None) -> str | None:
        row = self._conn().execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return row[0] if row else default

    def set_meta(self, key: str, value: str) -> None:
        with self._conn() as conn:
            conn.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    # --- files -----------------------------------------------------------------------------------

    def files(self) -> dict[str, FileRecord]:
        """Every file recorded by earlier runs, by path."""
        rows = self._conn().execute("SELECT path, size, mtime_ns, article_ids, error FROM files")
        records = (FileRecord(str(from_db(r[0])), r[1], r[2], tuple(json.loads(r[3])), from_db(r[4])) for r in rows)
        return {rec.path: rec for rec in records}

    def file_errors(self) -> list[tuple[str, str]]:
        """Files that could not be read at the last run, with the reason."""
        rows = self._conn().execute("SELECT path, error FROM files WHERE error IS NOT NULL ORDER BY path")
        return [(str(from_db(r[0])), str(from_db(r[1]))) for r in rows]

    def skipped(self) -> list[tuple[str, str]]:
        """Files the last run skipped, with the reason."""
        rows = self._conn().execute("SELECT path, reason FROM skipped ORDER BY path")
        return [(str(from_db(r[0])), r[1]) for r in rows]

    def set_skipped(self, skipped: Iterable[tuple[str, str]]) -> None:
        """Replace the list of skipped files."""
        with self._conn() as conn:
            conn.execute("DELETE FROM skipped")
            conn.executemany("INSERT OR REPLACE INTO skipped VALUES (?, ?)", ((to_db(p), r) for p, r in skipped))

    # --- articles --------------------------------------------------------------------------------

    def article(self, article_id: str) -> Article | None:
        row = self._conn().execute("SELECT doc FROM articles WHERE id=?", (article_id,)).fetchone()
        return article_from_dict(unpack(row[0])) if row else None

    def _docs(self, ids: Iterable[str]) -> Iterator[tuple[str, dict[str, Any]]]:
        """(id, the stored document as a dict) of several articles, 500 ids to a query (missing
        ids are left out)."""
        ids = list(ids)
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            q = f"SELECT id, doc FROM articles WHERE id IN ({','.join('?' * len(chunk))})"
            for aid, doc in self._conn().execute(q, chunk):
                yield aid, unpack(doc)

    def articles(self, ids: Iterable[str]) -> dict[str, Article]:
        """Several articles at once, by id (missing ids are left out)."""
        return {aid: article_from_dict(doc) for aid, doc in self._docs(ids)}

    def bodies(self, ids: Iterable[str]) -> dict[str, str]:
        """The body text (``Article.body``) of several articles, by id, without building the
        articles: what a page of search results needs for its snippets."""
        return {aid: "\n\n".join(p if isinstance(p, str) else p[0] for p in doc["paragraphs"])
                for aid, doc in self._docs(ids)}

    def sites(self, ids: Iterable[str]) -> dict[str, str]:
        """The site name of several articles as they spell it, by id, without building the articles."""
        return {aid: str(doc.get("site") or "") for aid, doc in self._docs(ids)}

    def content_hash(self, article_id: str) -> str | None:
        row = self._conn().execute("SELECT content_hash FROM articles WHERE id=?", (article_id,)).fetchone()
        return row[0] if row else None

    def iter_articles(self) -> Iterator[tuple[Article, str]]:
        """Every stored article with its content hash, in id order."""
        cur = self._conn().cursor()
        for doc, chash in cur.execute("SELECT doc, content_hash FROM articles ORDER BY id"):
            yield article_from_dict(unpack(doc)), chash

    def iter_articles_with_extractions(
        self, first: int = 0, count: int | None = None
    ) -> Iterator[tuple[Article, str, Extraction | None]]:
        """Stored articles in id order from the ``first``-th, at most ``count`` of them, each with its
        content hash and stored extraction (any extractor version): one query, not one per article."""
        cur = self._conn().cursor()
        rows = cur.execute(
            "SELECT a.doc, a.content_hash, e.data FROM articles a"
            " LEFT JOIN extractions e ON e.content_hash = a.content_hash ORDER BY a.id LIMIT ? OFFSET ?",
            (-1 if count is None else count, first),
        )
        for doc, chash, data in rows:
            yield article_from_dict(unpack(doc)), chash, extraction_from_dict(unpack(data)) if data else None

    def article_ids(self) -> list[str]:
        """The ids of every stored article."""
        return [r[0] for r in self._conn().execute("SELECT id FROM articles")]

    def articles_with_extractions(self, ids: Iterable[str]) -> Iterator[tuple[Article, str, Extraction | None]]:
        """The stored articles with these ids, each with its content hash and stored extraction."""
        ids = list(ids)
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            rows = self._conn().execute(
                "SELECT a.doc, a.content_hash, e.data FROM articles a LEFT JOIN extractions e"
                f" ON e.content_hash = a.content_hash WHERE a.id IN ({','.join('?' * len(chunk))})", chunk)
            for doc, chash, data in rows.fetchall():
                yield article_from_dict(unpack(doc)), chash, extraction_from_dict(unpack(data)) if data else None

    def needing_extraction(self, version: int) -> list[tuple[str, str]]:
        """(id, content hash) of stored articles whose extraction is missing or not of ``version``."""
        rows = self._conn().execute(
            "SELECT a.id, a.content_hash FROM articles a LEFT JOIN extractions e ON e.content_hash = a.content_hash"
            " WHERE e.version IS NULL OR e.version != ? ORDER BY a.id", (version,))
        return [(r[0], r[1]) for r in rows]

    def article_count(self) -> int:
        return int(self._conn().execute("SELECT count(*) FROM articles").fetchone()[0])

    # --- extractions -----------------------------------------------------------------------------

    def extraction(self, content_hash: str, version: int) -> Extraction | None:
        """The cached extraction of this content by this extractor version, if any."""
        row = (
            self._conn()
            .execute("SELECT data FROM extractions WHERE content_hash=? AND version=?", (content_hash, version))
            .fetchone()
        )
        return extraction_from_dict(unpack(row[0])) if row else None

    def extraction_any(self, content_hash: str) -> tuple[Extraction | None, int]:
        """The cached extraction of this content by any extractor version, and that version (0 if none)."""
        row = self._conn().execute(
            "SELECT data, version FROM extractions WHERE content_hash=?", (content_hash,)).fetchone()
        return (extraction_from_dict(unpack(row[0])), int(row[1])) if row else (None, 0)

    def article_extraction(self, article_id: str) -> Extraction | None:
        """The extraction stored for an article (any extractor version)."""
        row = (
            self._conn()
            .execute(
                "SELECT e.data FROM articles a JOIN extractions e ON e.content_hash = a.content_hash WHERE a.id=?",
                (article_id,),
            )
            .fetchone()
        )
        return extraction_from_dict(unpack(row[0])) if row else None

    # --- writing ---------------------------------------------------------------------------------

    def commit_batch(
        self,
        *,
        articles: Iterable[tuple[Article, str, Extraction | None, int]] = (),
        files: Iterable[FileRecord] = (),
        removed_files: Iterable[str] = (),
        removed_articles: Iterable[str] = (),
        meta: Mapping[str, str] | None = None,
    ) -> None:
        """Write one batch in a single transaction: articles (with their content hash, their
        extraction and its version), file records, removals and meta values. All of it lands or
        none does."""
        with self._conn() as conn:
            for key, value in (meta or {}).items():
                conn.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))
            for article, chash, extraction, version in articles:
                conn.execute(
                    "INSERT OR REPLACE INTO articles VALUES (?, ?, ?, ?)",
                    (article.id, to_db(article.source), chash, pack(article_to_dict(article))),
                )
                if extraction is not None:
                    conn.execute(
                        "INSERT OR REPLACE INTO extractions VALUES (?, ?, ?)",
                        (chash, version, pack(extraction_to_dict(extraction))),
                    )
            for f in files:
                conn.execute(
                    "INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?)",
                    (to_db(f.path), f.size, f.mtime_ns, json.dumps(list(f.article_ids)),
                     None if f.error is None else to_db(f.error)),
                )
            conn.executemany("DELETE FROM files WHERE path=?", ((to_db(p),) for p in removed_files))
            conn.executemany("DELETE FROM articles WHERE id=?", ((a,) for a in removed_articles))

    def prune_extractions(self) -> int:
        """Drop cached extractions no article uses any more; returns how many."""
        with self._conn() as conn:
            cur = conn.execute("DELETE FROM extractions WHERE content_hash NOT IN (SELECT content_hash FROM articles)")
            return cur.rowcount
