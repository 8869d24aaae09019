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
     "article_missing": false}

JSON wraps the list as ``{"version": 1, "exported": ISO time, "count": n, "bookmarks": [...]}``;
CSV has the same columns, lists joined with ``"; "`` (a ``;`` or ``\\`` inside an item is escaped
with a backslash). ``from_json`` and ``from_csv`` read them back.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import json
import logging
import re
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from index.errors import ArchiveError
from index.export_citation import cite
from index.model import Article, Post, Quote

if TYPE_CHECKING:  # pragma: no cover
    from index.archive import Archive

log = logging.getLogger(__name__)

FILE_NAME = "bookmarks.sqlite"
JSON_VERSION = 1

BookmarkKind = Literal["quote", "post", "passage"]
KINDS: tuple[BookmarkKind, ...] = ("quote", "post", "passage")


class BookmarkNotFound(ArchiveError):
    """No bookmark with that id."""

    def __init__(self, bookmark_id: int) -> None:
        self.bookmark_id = bookmark_id
        super().__init__(f"There is no bookmark {bookmark_id}; `morgue bookmarks list` shows them.")


class BookmarksUnavailable(ArchiveError):
    """The bookmarks file cannot be opened or written."""


class BadBookmark(ArchiveError):
    """A bookmark cannot be made from what was given (no such quote, passage out of range...)."""


# --- the plain data --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Bookmark:
    """A saved quote, post or passage with a copy of its article's metadata, a note and tags."""

    id: int
    kind: BookmarkKind
    text: str
    article_id: str
    title: str = ""
    date: dt.date | None = None
    site: str = ""
    url: str = ""
    authors: tuple[str, ...] = ()
    speaker: str | None = None  # quotes: who said it
    author: str | None = None  # posts: the account's display name
    handle: str | None = None  # posts: the account's handle, without "@"
    platform: str | None = None  # posts: "x", "instagram", ...
    post_url: str | None = None  # posts: the post's own address
    paragraph: int | None = None  # where it starts in the article
    start: int | None = None  # character offsets in that paragraph
    end: int | None = None
    quote_index: int | None = None  # position in the article's extracted quotes
    post_index: int | None = None  # position in the article's extracted posts
    note: str = ""
    tags: tuple[str, ...] = ()
    created: dt.datetime | None = None
    updated: dt.datetime | None = None
    article_missing: bool = False  # computed when read: the article is no longer in the archive

    @property
    def who(self) -> str:
        """Who the text is by: the speaker of a quote, the author (and handle) of a post."""
        if self.kind == "post":
            handle = f"@{self.handle}" if self.handle else ""
            return " ".join(x for x in (self.author or "", f"({handle})" if self.author and handle else handle) if x)
        return self.speaker or ""

    def citation(self, accessed: dt.date | None = None) -> str:
        """The article this bookmark comes from, cited in the house style."""
        return cite(title=self.title, authors=self.authors, site=self.site, date=self.date, url=self.url,
                    accessed=accessed)


# --- tags ------------------------------------------------------------------------------------------

_TAG_SPLIT = re.compile(r"[,;]")


def normalize_tag(tag: str) -> str:
    """A tag as stored: spaces collapsed, no leading ``#``, no commas or semicolons."""
    tag = " ".join(_TAG_SPLIT.sub(" ", tag).split())
    return tag.lstrip("#").strip()


def parse_tags(text: str | Iterable[str]) -> tuple[str, ...]:
    """Tags from ``"a, b; c"`` or a list, normalised, first spelling kept, duplicates (any case) dropped."""
    items = _TAG_SPLIT.split(text) if isinstance(text, str) else list(text)
    out: dict[str, str] = {}
    for item in items:
        for piece in _TAG_SPLIT.split(item):
            tag = normalize_tag(piece)
            if tag and tag.casefold() not in out:
                out[tag.casefold()] = tag
    return tuple(out.values())


# --- schema ----------------------------------------------------------------------------------------


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


# Applied in order; migration i brings the file to user_version i + 1. Never edit a released one:
# add a new function at the end.
MIGRATIONS: tuple[Callable[[sqlite3.Connection], None], ...] = (_migration_1, _migration_2)
SCHEMA_VERSION = len(MIGRATIONS)

_COLUMNS = (
    "id", "kind", "text", "article_id", "title", "date", "site", "url", "authors", "speaker", "author",
    "handle", "platform", "post_url", "paragraph", "start", "end", "quote_index", "post_index", "note",
    "created", "updated",
)
_SELECT = ", ".join(f'b."{c}"' for c in _COLUMNS)
_SEARCHED = ("text", "note", "speaker", "author", "handle", "title")
_QUOTED = ", ".join(f'"{c}"' for c in _COLUMNS)
_INSERT_ALL = f"INSERT OR REPLACE INTO bookmarks ({_QUOTED}) VALUES ({','.join('?' * len(_COLUMNS))})"


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def _parse_time(value: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(value) if value else None


def _fts_query(text: str) -> str:
    """A user's words as an FTS5 query: every word must match, as a prefix, literally."""
    words = re.findall(r"\w+", text)
    return " ".join('"' + w.replace('"', '""') + '"*' for w in words)


def _like(text: str) -> str:
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


# ``Bookmarks.list`` shadows the builtin inside the class: its annotations use these names.
BookmarkList = list[Bookmark]
Counts = list[tuple[str, int]]


# --- the store -------------------------------------------------------------------------------------


class Bookmarks:
    """The bookmarks of one archive. Thread-safe: one SQLite connection per thread.

    ``archive`` is used to read the articles and extractions that bookmarks are made from and to
    flag bookmarks whose article has left the archive; without it, nothing is flagged.
    """

    def __init__(self, path: Path | str, archive: Archive | None = None) -> None:
        self.path = Path(path)
        self.archive = archive
        self._local = threading.local()
        self._all: list[sqlite3.Connection] = []
        self._all_lock = threading.Lock()
        self._fts: bool | None = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise BookmarksUnavailable(
                f"The folder for bookmarks {self.path.parent} cannot be created ({exc}).") from exc
        self._migrate()

    @classmethod
    def for_archive(cls, archive: Archive) -> Bookmarks:
        """The bookmarks of an archive, in its data directory."""
        return cls(archive.data_dir / FILE_NAME, archive=archive)

    # --- connections and transactions ----------------------------------------------------------

    def _conn(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            try:
                # Autocommit mode: transactions are explicit (BEGIN IMMEDIATE ... COMMIT). Each
                # connection is used by its own thread only; not checking lets ``close`` end them all.
                conn = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=False)
                conn.execute("PRAGMA journal_mode=WAL")
                conn.execute("PRAGMA synchronous=FULL")
                conn.execute("PRAGMA foreign_keys=ON")
            except sqlite3.DatabaseError as exc:
                raise BookmarksUnavailable(f"The bookmarks file {self.path} cannot be opened ({exc}).") from exc
            self._local.conn = conn
            with self._all_lock:
                self._all.append(conn)
        return conn

    @contextlib.contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: all of it lands or none of it does."""
        conn = self._conn()
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise BookmarksUnavailable(f"The bookmarks file {self.path} is busy or read-only ({exc}).") from exc
        try:
            yield conn
        except sqlite3.OperationalError as exc:  # disk full, I/O error, read-only file...
            with contextlib.suppress(sqlite3.DatabaseError):
                conn.execute("ROLLBACK")
            raise BookmarksUnavailable(f"The bookmarks file {self.path} cannot be written ({exc}).") from exc
        except BaseException:
            with contextlib.suppress(sqlite3.DatabaseError):
                conn.execute("ROLLBACK")
            raise
        else:
            try:
                conn.execute("COMMIT")
            except sqlite3.DatabaseError as exc:
                with contextlib.suppress(sqlite3.DatabaseError):
                    conn.execute("ROLLBACK")
                raise BookmarksUnavailable(f"The bookmarks file {self.path} cannot be written ({exc}).") from exc

    def close(self) -> None:
        """Close every connection opened by any thread (call once, at shutdown)."""
        with self._all_lock:
            conns, self._all = self._all, []
        for conn in conns:
            with contextlib.suppress(sqlite3.Error):
                conn.close()
        self._local = threading.local()

    def _migrate(self) -> None:
        conn = self._conn()
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise BookmarksUnavailable(
                    f"The bookmarks file {self.path} was written by a newer version of Morgue "
                    f"(schema {version}, this one knows {SCHEMA_VERSION}); update Morgue to use it."
                )
            for target in range(version + 1, SCHEMA_VERSION + 1):
                with self._write() as c:
                    # Another process may have migrated while this one waited for the lock.
                    if c.execute("PRAGMA user_version").fetchone()[0] >= target:
                        continue
                    MIGRATIONS[target - 1](c)
                    c.execute(f"PRAGMA user_version = {target:d}")
                log.info("bookmarks %s: schema version %d", self.path, target)
        except sqlite3.DatabaseError as exc:
            raise BookmarksUnavailable(f"The bookmarks file {self.path} cannot be read ({exc}).") from exc

    @property
    def full_text(self) -> bool:
        """Whether search uses the FTS5 index (else substring matching only)."""
        if self._fts is None:
            row = self._conn().execute(
                "SELECT 1 FROM sqlite_master WHERE type='table' AND name='bookmarks_fts'").fetchone()
            self._fts = row is not None
        return self._fts

    # --- reading -------------------------------------------------------------------------------

    def _tags_of(self, ids: Sequence[int]) -> dict[int, tuple[str, ...]]:
        out: dict[int, list[str]] = {}
        conn = self._conn()
        for i in range(0, len(ids), 500):
            chunk = list(ids[i : i + 500])
            q = f"SELECT bookmark_id, tag FROM bookmark_tags WHERE bookmark_id IN ({','.join('?' * len(chunk))})"
            for bid, tag in conn.execute(q, chunk):
                out.setdefault(bid, []).append(tag)
        return {k: tuple(sorted(v, key=str.casefold)) for k, v in out.items()}

    def _missing(self, article_ids: Iterable[str]) -> set[str]:
        if self.archive is None:
            return set()
        store = self.archive.store
        return {aid for aid in set(article_ids) if store.content_hash(aid) is None}

    def _rows_to_bookmarks(self, rows: Sequence[tuple[Any, ...]]) -> BookmarkList:
        tags = self._tags_of([r[0] for r in rows])
        missing = self._missing(r[3] for r in rows)
        out = []
        for r in rows:
            d = dict(zip(_COLUMNS, r, strict=True))
            out.append(Bookmark(
                id=d["id"], kind=d["kind"], text=d["text"], article_id=d["article_id"], title=d["title"],
                date=dt.date.fromisoformat(d["date"]) if d["date"] else None, site=d["site"], url=d["url"],
                authors=tuple(json.loads(d["authors"] or "[]")), speaker=d["speaker"], author=d["author"],
                handle=d["handle"], platform=d["platform"], post_url=d["post_url"], paragraph=d["paragraph"],
                start=d["start"], end=d["end"], quote_index=d["quote_index"], post_index=d["post_index"],
                note=d["note"], tags=tags.get(d["id"], ()), created=_parse_time(d["created"]),
                updated=_parse_time(d["updated"]), article_missing=d["article_id"] in missing,
            ))
        return out

    def get(self, bookmark_id: int) -> Bookmark:
        """One bookmark. Raises ``BookmarkNotFound``."""
        rows = self._conn().execute(f"SELECT {_SELECT} FROM bookmarks b WHERE b.id=?", (bookmark_id,)).fetchall()
        if not rows:
            raise BookmarkNotFound(bookmark_id)
        return self._rows_to_bookmarks(rows)[0]

    def get_many(self, ids: Iterable[int]) -> BookmarkList:
        """Bookmarks by id, in the order given; unknown ids raise ``BookmarkNotFound``."""
        ids = list(dict.fromkeys(ids))
        found: dict[int, Bookmark] = {}
        conn = self._conn()
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            rows = conn.execute(
                f"SELECT {_SELECT} FROM bookmarks b WHERE b.id IN ({','.join('?' * len(chunk))})", chunk).fetchall()
            found.update((b.id, b) for b in self._rows_to_bookmarks(rows))
        for bid in ids:
            if bid not in found:
                raise BookmarkNotFound(bid)
        return [found[bid] for bid in ids]

    def list(
        self,
        *,
        query: str = "",
        tag: str | None = None,
        speaker: str | None = None,
        kind: BookmarkKind | None = None,
        article_id: str | None = None,
        limit: int | None = None,
    ) -> BookmarkList:
        """Bookmarks, newest first, matching all the filters given.

        ``query`` matches words (as prefixes, stemmed) of the text, note, speaker, post author and
        article title, or any substring of them; ``tag`` and ``speaker`` match exactly, ignoring case
        (``speaker`` also matches a post's author or handle).
        """
        where: list[str] = []
        args: list[Any] = []
        query = query.strip()
        if query:
            like = _like(query)
            subs = " OR ".join(f"b.{c} LIKE ? ESCAPE '\\'" for c in _SEARCHED)
            clause = f"({subs})"
            args_q: list[Any] = [like] * len(_SEARCHED)
            fts = _fts_query(query)
            if self.full_text and fts:
                clause = f"(b.id IN (SELECT rowid FROM bookmarks_fts WHERE bookmarks_fts MATCH ?) OR {subs})"
                args_q = [fts, *args_q]
            where.append(clause)
            args.extend(args_q)
        if tag:
            where.append("b.id IN (SELECT bookmark_id FROM bookmark_tags WHERE tag = ?)")
            args.append(normalize_tag(tag))
        if speaker:
            s = speaker.strip().lstrip("@")
            where.append("(b.speaker = ? COLLATE NOCASE OR b.author = ? COLLATE NOCASE OR b.handle = ? COLLATE NOCASE)")
            args.extend([s, s, s])
        if kind:
            where.append("b.kind = ?")
            args.append(kind)
        if article_id:
            where.append("b.article_id = ?")
            args.append(article_id)
        sql = f"SELECT {_SELECT} FROM bookmarks b"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY b.created DESC, b.id DESC"
        if limit is not None:
            sql += f" LIMIT {int(limit):d}"
        try:
            rows = self._conn().execute(sql, args).fetchall()
        except sqlite3.OperationalError as exc:
            raise BookmarksUnavailable(f"The bookmarks in {self.path} cannot be searched ({exc}).") from exc
        return self._rows_to_bookmarks(rows)

    def search(self, query: str, **filters: Any) -> BookmarkList:
        """Bookmarks matching ``query`` (see ``list`` for the filters)."""
        return self.list(query=query, **filters)

    def tags(self) -> Counts:
        """Every tag with the number of bookmarks carrying it, most used first."""
        rows = self._conn().execute(
            "SELECT tag, count(*) AS n FROM bookmark_tags GROUP BY tag ORDER BY n DESC, tag COLLATE NOCASE")
        return [(t, n) for t, n in rows]

    def speakers(self) -> Counts:
        """Every speaker of a bookmarked quote (and author of a bookmarked post) with a count."""
        rows = self._conn().execute(
            "SELECT who, count(*) AS n FROM (SELECT coalesce(speaker, author) AS who FROM bookmarks) "
            "WHERE who IS NOT NULL AND who != '' GROUP BY who COLLATE NOCASE ORDER BY n DESC, who COLLATE NOCASE")
        return [(s, n) for s, n in rows]

    def count(self) -> int:
        return int(self._conn().execute("SELECT count(*) FROM bookmarks").fetchone()[0])

    # --- writing -------------------------------------------------------------------------------

    def _article(self, article: Article | str) -> Article:
        if isinstance(article, Article):
            return article
        if self.archive is None:
            raise BadBookmark("Bookmarks opened without an archive can only be made from an article.")
        return self.archive.article(article)

    def _extraction_item(self, article: Article, what: str, index: int) -> Quote | Post:
        if self.archive is None:
            raise BadBookmark(f"Pass the {what} itself: these bookmarks were opened without an archive.")
        ex = self.archive.extraction(article.id)
        items: Sequence[Quote | Post] = ex.quotes if what == "quote" else ex.posts
        if not 0 <= index < len(items):
            raise BadBookmark(
                f"The article {article.id} has {len(items)} {what}s (numbered 0 to {len(items) - 1}); "
                f"there is no {what} {index}."
                if items else f"The article {article.id} has no {what}s (was it indexed without extraction?).")
        return items[index]

    def add_quote(
        self, article: Article | str, index: int | None, *, quote: Quote | None = None, note: str = "",
        tags: Iterable[str] = (),
    ) -> Bookmark:
        """Bookmark the ``index``-th quote of an article (read from the archive unless ``quote`` is given;
        with a ``quote`` and no ``index``, its position is looked up in the archive's extraction)."""
        art = self._article(article)
        if quote is None:
            if index is None:
                raise BadBookmark("Say which quote to bookmark: its number, or the quote itself.")
            q = self._extraction_item(art, "quote", index)
        else:
            q = quote
            if index is None and self.archive is not None:
                quotes = self.archive.extraction(art.id).quotes
                index = next((i for i, x in enumerate(quotes) if x == q), None)
        assert isinstance(q, Quote)
        return self._add(art, kind="quote", text=q.text, speaker=q.speaker, paragraph=q.paragraph,
                         start=q.start, end=q.end, quote_index=index, note=note, tags=tags)

    def add_post(
        self, article: Article | str, index: int, *, post: Post | None = None, note: str = "",
        tags: Iterable[str] = (),
    ) -> Bookmark:
        """Bookmark the ``index``-th social post of an article (a lost post keeps an empty text)."""
        art = self._article(article)
        p = post if post is not None else self._extraction_item(art, "post", index)
        assert isinstance(p, Post)
        # A lost post (``missing``) keeps an empty text: the views say its content is not in the archive.
        return self._add(art, kind="post", text=p.text or "", author=p.author, handle=p.handle, platform=p.platform,
                         post_url=p.url, paragraph=p.paragraphs[0] if p.paragraphs else None,
                         post_index=index, note=note, tags=tags)

    def add_passage(
        self, article: Article | str, paragraph: int, start: int, end: int, *, note: str = "",
        tags: Iterable[str] = (),
    ) -> Bookmark:
        """Bookmark characters ``start:end`` of a paragraph of an article."""
        art = self._article(article)
        if not 0 <= paragraph < len(art.paragraphs):
            raise BadBookmark(
                f"The article {art.id} has {len(art.paragraphs)} paragraphs; there is no paragraph {paragraph}.")
        ptext = art.paragraphs[paragraph].text
        if not 0 <= start < end <= len(ptext):
            raise BadBookmark(
                f"Paragraph {paragraph} of {art.id} has {len(ptext)} characters; {start}:{end} is not a passage of it.")
        return self._add(art, kind="passage", text=ptext[start:end], paragraph=paragraph, start=start, end=end,
                         note=note, tags=tags)

    def _add(self, article: Article, *, kind: BookmarkKind, text: str, note: str, tags: Iterable[str],
             **extra: Any) -> Bookmark:
        """Insert a bookmark, or return the existing one for the same thing (its tags merged, its note
        replaced when a new one is given)."""
        tag_list = parse_tags(tags)
        now = _now().isoformat()
        with self._write() as conn:
            row = conn.execute(
                'SELECT id FROM bookmarks WHERE kind=? AND article_id=? AND text=? AND paragraph IS ? AND start IS ? '
                'AND "end" IS ?',
                (kind, article.id, text, extra.get("paragraph"), extra.get("start"), extra.get("end")),
            ).fetchone()
            if row is not None:
                bid = int(row[0])
                if note.strip():
                    conn.execute("UPDATE bookmarks SET note=?, updated=? WHERE id=?", (note.strip(), now, bid))
            else:
                values = {
                    "kind": kind, "text": text, "article_id": article.id, "title": article.title,
                    "date": article.date.isoformat() if article.date else None, "site": article.site,
                    "url": article.url, "authors": json.dumps(list(article.authors), ensure_ascii=False),
                    "note": note.strip(), "created": now, "updated": now, **extra,
                }
                cols = ", ".join(f'"{c}"' for c in values)
                cur = conn.execute(f"INSERT INTO bookmarks ({cols}) VALUES ({','.join('?' * len(values))})",
                                   list(values.values()))
                bid = int(cur.lastrowid or 0)
            conn.executemany("INSERT OR IGNORE INTO bookmark_tags VALUES (?, ?)", [(bid, t) for t in tag_list])
        log.info("bookmark %d: %s of %s", bid, kind, article.id)
        return self.get(bid)

    def update(
        self,
        bookmark_id: int,
        *,
        note: str | None = None,
        tags: Iterable[str] | None = None,
        add_tags: Iterable[str] = (),
        remove_tags: Iterable[str] = (),
    ) -> Bookmark:
        """Change a bookmark's note and tags (``tags`` replaces them all; then add, then remove)."""
        with self._write() as conn:
            if conn.execute("SELECT 1 FROM bookmarks WHERE id=?", (bookmark_id,)).fetchone() is None:
                raise BookmarkNotFound(bookmark_id)
            if note is not None:
                conn.execute("UPDATE bookmarks SET note=? WHERE id=?", (note.strip(), bookmark_id))
            if tags is not None:
                conn.execute("DELETE FROM bookmark_tags WHERE bookmark_id=?", (bookmark_id,))
                conn.executemany("INSERT OR IGNORE INTO bookmark_tags VALUES (?, ?)",
                                 [(bookmark_id, t) for t in parse_tags(tags)])
            conn.executemany("INSERT OR IGNORE INTO bookmark_tags VALUES (?, ?)",
                             [(bookmark_id, t) for t in parse_tags(add_tags)])
            conn.executemany("DELETE FROM bookmark_tags WHERE bookmark_id=? AND tag=?",
                             [(bookmark_id, t) for t in parse_tags(remove_tags)])
            conn.execute("UPDATE bookmarks SET updated=? WHERE id=?", (_now().isoformat(), bookmark_id))
        return self.get(bookmark_id)

    def rename_tag(self, old: str, new: str) -> int:
        """Rename a tag on every bookmark (merging into ``new`` if it exists); returns how many changed."""
        old_t, new_t = normalize_tag(old), normalize_tag(new)
        if not new_t:
            raise BadBookmark("A tag cannot be empty.")
        with self._write() as conn:
            ids = [r[0] for r in conn.execute("SELECT bookmark_id FROM bookmark_tags WHERE tag=?", (old_t,))]
            conn.execute("DELETE FROM bookmark_tags WHERE tag=?", (old_t,))
            conn.executemany("INSERT OR IGNORE INTO bookmark_tags VALUES (?, ?)", [(i, new_t) for i in ids])
        return len(ids)

    def delete(self, bookmark_ids: int | Iterable[int]) -> BookmarkList:
        """Delete bookmarks; returns them as they were, so ``restore`` can undo it."""
        ids = [bookmark_ids] if isinstance(bookmark_ids, int) else list(bookmark_ids)
        gone = self.get_many(ids)
        with self._write() as conn:
            conn.executemany("DELETE FROM bookmarks WHERE id=?", [(i,) for i in ids])
        log.info("deleted bookmarks %s", ids)
        return gone

    def restore(self, bookmarks: Iterable[Bookmark]) -> BookmarkList:
        """Put deleted bookmarks back with their ids, notes, tags and times (the undo of ``delete``)."""
        items = list(bookmarks)
        with self._write() as conn:
            for b in items:
                conn.execute(_INSERT_ALL, _row_of(b))
                conn.execute("DELETE FROM bookmark_tags WHERE bookmark_id=?", (b.id,))
                conn.executemany("INSERT OR IGNORE INTO bookmark_tags VALUES (?, ?)", [(b.id, t) for t in b.tags])
        return self.get_many(b.id for b in items)

    def check(self) -> str:
        """SQLite's integrity check of the file (``"ok"`` when sound), FTS index included."""
        conn = self._conn()
        result = conn.execute("PRAGMA integrity_check").fetchone()[0]
        if result == "ok" and self.full_text:
            try:
                conn.execute("INSERT INTO bookmarks_fts(bookmarks_fts) VALUES ('integrity-check')")
            except sqlite3.DatabaseError as exc:
                return f"full-text index: {exc}"
        return str(result)


def bookmarks_of(archive: Archive) -> Bookmarks:
    """The archive's bookmarks."""
    return archive.bookmarks


def _row_of(b: Bookmark) -> list[Any]:
    return [
        b.id, b.kind, b.text, b.article_id, b.title, b.date.isoformat() if b.date else None, b.site, b.url,
        json.dumps(list(b.authors), ensure_ascii=False), b.speaker, b.author, b.handle, b.platform, b.post_url,
        b.paragraph, b.start, b.end, b.quote_index, b.post_index, b.note,
        (b.created or _now()).isoformat(), (b.updated or _now()).isoformat(),
    ]


# --- exports -------------------------------------------------------------------------------------

FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Bookmark))


def to_dict(b: Bookmark) -> dict[str, Any]:
    """A bookmark in the documented flat JSON shape (see the module docstring)."""
    d: dict[str, Any] = {}
    for name in FIELDS:
        value = getattr(b, name)
        if isinstance(value, dt.date | dt.datetime):
            value = value.isoformat()
        elif isinstance(value, tuple):
            value = list(value)
        d[name] = value
    return d


def from_dict(d: dict[str, Any]) -> Bookmark:
    """The inverse of ``to_dict``."""
    kw: dict[str, Any] = {k: d.get(k) for k in FIELDS if k in d}
    kw["date"] = dt.date.fromisoformat(d["date"]) if d.get("date") else None
    for k in ("created", "updated"):
        kw[k] = _parse_time(d.get(k))
    kw["authors"] = tuple(d.get("authors") or ())
    kw["tags"] = tuple(d.get("tags") or ())
    kw["article_missing"] = bool(d.get("article_missing"))
    for k in ("note", "title", "site", "url"):
        kw[k] = kw.get(k) or ""
    return Bookmark(**kw)


def to_json(bookmarks: Iterable[Bookmark], *, exported: dt.datetime | None = None) -> str:
    """Bookmarks as a JSON document: ``{"version", "exported", "count", "bookmarks": [...]}``."""
    items = [to_dict(b) for b in bookmarks]
    doc = {"version": JSON_VERSION, "exported": (exported or _now()).isoformat(), "count": len(items),
           "bookmarks": items}
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def from_json(text: str) -> list[Bookmark]:
    """Bookmarks from ``to_json``'s output."""
    doc = json.loads(text)
    if not isinstance(doc, dict) or doc.get("version") != JSON_VERSION:
        raise ArchiveError(f"Not a Morgue bookmarks file of version {JSON_VERSION}.")
    return [from_dict(d) for d in doc["bookmarks"]]


# A cell starting with one of these is a formula to spreadsheets: it gets a leading apostrophe,
# which ``from_csv`` removes again (so a round trip is exact).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "'")
_LIST_SEP = "; "
_TEXT_FIELDS = frozenset({"text", "article_id", "title", "site", "url", "speaker", "author", "handle", "platform",
                          "post_url", "note", "tags", "authors"})


def _join_list(items: Iterable[str]) -> str:
    """Items joined with ``"; "``; a backslash or a semicolon inside an item is backslash-escaped."""
    return _LIST_SEP.join(i.replace("\\", "\\\\").replace(";", "\\;") for i in items)


def _split_list(text: str) -> list[str]:
    """The inverse of ``_join_list``."""
    items: list[str] = []
    current: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text):
            current.append(text[i + 1])
            i += 2
            continue
        if ch == ";":
            items.append("".join(current))
            current = []
            i += 2 if text[i + 1 : i + 2] == " " else 1
            continue
        current.append(ch)
        i += 1
    if current or items:
        items.append("".join(current))
    return [x for x in items if x]


def _csv_cell(name: str, value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        value = _join_list(value)
    elif isinstance(value, bool):
        value = "true" if value else "false"
    value = str(value)
    if name in _TEXT_FIELDS and value.startswith(_FORMULA_START):
        value = "'" + value
    return value


def to_csv(bookmarks: Iterable[Bookmark]) -> str:
    """Bookmarks as CSV (UTF-8 text, a header row, one row per bookmark; safe to open in a spreadsheet)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(FIELDS)
    for b in bookmarks:
        d = to_dict(b)
        writer.writerow([_csv_cell(k, d[k]) for k in FIELDS])
    return out.getvalue()


def from_csv(text: str) -> list[Bookmark]:
    """Bookmarks from ``to_csv``'s output."""
    out = []
    for row in csv.DictReader(io.StringIO(text)):
        d: dict[str, Any] = {}
        for k, v in row.items():
            if k in _TEXT_FIELDS and v.startswith("'") and v[1:].startswith(_FORMULA_START):
                v = v[1:]
            d[k] = v
        for k in ("id", "paragraph", "start", "end", "quote_index", "post_index"):
            d[k] = int(d[k]) if d.get(k) else None
        for k in ("speaker", "author", "handle", "platform", "post_url"):
            d[k] = d.get(k) or None
        d["tags"] = _split_list(d.get("tags") or "")
        d["authors"] = _split_list(d.get("authors") or "")
        d["article_missing"] = d.get("article_missing") == "true"
        out.append(from_dict(d))
    return out


def _md_escape(text: str) -> str:
    """Text safe inside Markdown: characters that would start markup are backslash-escaped."""
    return re.sub(r"([\\`*_\[\]<>#|])", r"\\\1", text)


def to_markdown(bookmarks: Iterable[Bookmark], *, title: str = "Bookmarks", exported: dt.datetime | None = None) -> str:
    """Bookmarks as a Markdown document: each one quoted, with who, note, tags and a citation."""
    when = exported or _now()
    items = list(bookmarks)
    lines = [f"# {_md_escape(title)}", "", f"{len(items)} bookmark{'s' if len(items) != 1 else ''}, "
             f"exported from Morgue on {when.date().isoformat()}.", ""]
    for b in items:
        label = {"quote": "Quote", "post": "Post", "passage": "Passage"}[b.kind]
        who = f" — {b.who}" if b.who else ""
        lines.append(f"## {b.id}. {label}{_md_escape(who)}")
        lines.append("")
        for para in b.text.split("\n") if b.text else [""]:
            lines.append(f"> {_md_escape(para)}" if para else ">")
        lines.append("")
        if b.note:
            lines.append(f"**Note:** {_md_escape(b.note)}")
            lines.append("")
        if b.tags:
            lines.append("**Tags:** " + ", ".join(_md_escape(t) for t in b.tags))
            lines.append("")
        lines.append(f"**Source:** {_md_escape(b.citation(when.date()))}")
        lines.append("")
        if b.article_missing:
            lines.append("*The article is no longer in the archive; the text above is the copy kept with the "
                         "bookmark.*")
            lines.append("")
    return "\n".join(lines)


def export(bookmarks: Iterable[Bookmark], path: Path | str, fmt: Literal["md", "csv", "json"], *,
           title: str = "Bookmarks") -> Path:
    """Write bookmarks to ``path`` as Markdown, CSV or JSON, atomically. Raises ``ExportFailed``."""
    from index.errors import ExportFailed

    items = list(bookmarks)
    if fmt == "md":
        text = to_markdown(items, title=title)
    elif fmt == "csv":
        text = to_csv(items)
    elif fmt == "json":
        text = to_json(items)
    else:
        raise ExportFailed(f"Unknown export format {fmt!r}: use md, csv or json.")
    path = Path(path)
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        with open(tmp, "w", encoding="utf-8", newline="") as f:
            f.write(text)
        tmp.replace(path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise ExportFailed(f"Cannot write {path}: {exc.strerror or exc}.") from exc
    log.info("exported %d bookmarks to %s", len(items), path)
    return path


__all__ = [
    "FILE_NAME", "KINDS", "MIGRATIONS", "SCHEMA_VERSION", "BadBookmark", "Bookmark", "BookmarkKind",
    "BookmarkNotFound", "Bookmarks", "BookmarksUnavailable", "bookmarks_of", "export", "from_csv", "from_dict",
    "from_json", "normalize_tag", "parse_tags", "to_csv", "to_dict", "to_json", "to_markdown",
]
