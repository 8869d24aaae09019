"""The bookmarks of one archive in one SQLite file: WAL, one ``BEGIN IMMEDIATE`` transaction per change,
the schema migrated on open; a connection per thread."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging
import re
import sqlite3
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, Protocol

from index.bookmarks.bookmark import Bookmark, BookmarkKind, Change, normalize_tag, parse_tags, parse_time, utc_now
from index.bookmarks.schema import (
    COLUMNS,
    INSERT_ALL,
    MIGRATIONS,
    SEARCHED,
    SELECT,
    fts_query,
    like_pattern,
    row_of,
)
from index.errors import ArchiveError, BadBookmark, BookmarkNotFound, BookmarksUnavailable
from index.export.citation import archive_path, page_of
from index.model import Annotation, Article, Extraction, Post, Quote
from index.userfile import UserFile

log = logging.getLogger(__name__)

FILE_NAME = "bookmarks.sqlite"


class Articles(Protocol):
    """What bookmarks read from their archive: the articles and extractions they are made from."""

    def article(self, article_id: str) -> Article:
        """The stored article; raises ``ArticleNotFound``."""
        ...

    def extraction(self, article_id: str) -> Extraction:
        """What the extractors found in the article."""
        ...

    def has_article(self, article_id: str) -> bool:
        """Whether the article is still in the archive."""
        ...


# ``Bookmarks.list`` shadows the builtin inside the class: its annotations use these names.
BookmarkList = list[Bookmark]
Counts = list[tuple[str, int]]
ChangeList = list[Change]


def _find_passage(article: Article, quote: str) -> tuple[int, int, int] | None:
    """Where a highlight's text is in the article (paragraph, start, end), spaces and case aside."""
    words = quote.split()
    if not words:
        return None
    pattern = re.compile(r"\s+".join(re.escape(w) for w in words), re.I)
    for i, p in enumerate(article.paragraphs):
        m = pattern.search(p.text)
        if m:
            return i, m.start(), m.end()
    return None


# --- the store -------------------------------------------------------------------------------------


class Bookmarks(UserFile):
    """The bookmarks of one archive. Thread-safe: one SQLite connection per thread.

    Open them with ``Archive.bookmarks`` (one instance per archive). ``articles`` (the archive) gives
    the articles and extractions that bookmarks are made from and flags bookmarks whose article has
    left the archive; without it, nothing is flagged.
    """

    kind = "bookmarks"
    error = BookmarksUnavailable
    migrations = MIGRATIONS
    pragmas = ("PRAGMA foreign_keys=ON",)

    def __init__(self, path: Path | str, articles: Articles | None = None) -> None:
        self.articles = articles
        self._fts: bool | None = None
        super().__init__(path)

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
        if self.articles is None:
            return set()
        return {aid for aid in set(article_ids) if not self.articles.has_article(aid)}

    def _corrected_from(self, ids: Sequence[int]) -> dict[int, str]:
        """For bookmarks whose speaker is the user's correction: the speaker they were made with."""
        out: dict[int, str] = {}
        for i in range(0, len(ids), 500):
            chunk = list(ids[i : i + 500])
            rows = self._conn().execute(
                "SELECT bookmark_id, old, reason FROM bookmark_history WHERE field='speaker' AND bookmark_id IN"
                f" ({','.join('?' * len(chunk))}) ORDER BY id", chunk).fetchall()
            first: dict[int, str] = {}
            last: dict[int, str] = {}
            for bid, old, reason in rows:
                first.setdefault(bid, old or "")
                last[bid] = reason
            out.update((bid, first[bid]) for bid, reason in last.items() if reason == "corrected")
        return out

    def _rows_to_bookmarks(self, rows: Sequence[tuple[Any, ...]]) -> BookmarkList:
        tags = self._tags_of([r[0] for r in rows])
        corrected = self._corrected_from([r[0] for r in rows])
        missing = self._missing(r[3] for r in rows)
        out = []
        for r in rows:
            d = dict(zip(COLUMNS, r, strict=True))
            out.append(Bookmark(
                id=d["id"], kind=d["kind"], text=d["text"], article_id=d["article_id"], title=d["title"],
                date=dt.date.fromisoformat(d["date"]) if d["date"] else None, site=d["site"], url=d["url"],
                authors=tuple(json.loads(d["authors"] or "[]")), speaker=d["speaker"], author=d["author"],
                handle=d["handle"], platform=d["platform"], post_url=d["post_url"], paragraph=d["paragraph"],
                start=d["start"], end=d["end"], quote_index=d["quote_index"], post_index=d["post_index"],
                note=d["note"], tags=tags.get(d["id"], ()), created=parse_time(d["created"]),
                updated=parse_time(d["updated"]), article_missing=d["article_id"] in missing,
                speaker_corrected_from=corrected.get(d["id"]),
                captured=d["captured"] or "", captured_from=d["captured_from"] or "", file=d["file"] or "",
                sha256=d["sha256"] or "", page=d["page"],
            ))
        return [self._with_copy_of_article(b) if not (b.captured or b.sha256) else b for b in out]

    def _with_copy_of_article(self, b: Bookmark) -> Bookmark:
        """A bookmark made before capture times were kept: its article's, while it is in the archive."""
        if b.article_missing or self.articles is None:
            return b
        try:
            return dataclasses.replace(b, **self._copy_facts(self.articles.article(b.article_id), b.paragraph))
        except ArchiveError:
            return b

    def _copy_facts(self, article: Article, paragraph: int | None) -> dict[str, Any]:
        """What a bookmark copies of its article's archived copy (see ``Bookmark.captured``)."""
        prov = article.provenance
        roots = getattr(self.articles, "roots", ())
        return {
            "captured": article.captured, "captured_from": article.captured_from,
            "file": archive_path(prov.files[0], roots) if prov and prov.files else "",
            "sha256": prov.sha256 if prov else "", "page": page_of(article, paragraph),
        }

    def get(self, bookmark_id: int) -> Bookmark:
        """One bookmark. Raises ``BookmarkNotFound``."""
        rows = self._conn().execute(f"SELECT {SELECT} FROM bookmarks b WHERE b.id=?", (bookmark_id,)).fetchall()
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
                f"SELECT {SELECT} FROM bookmarks b WHERE b.id IN ({','.join('?' * len(chunk))})", chunk).fetchall()
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
            like = like_pattern(query)
            subs = " OR ".join(f"b.{c} LIKE ? ESCAPE '\\'" for c in SEARCHED)
            clause = f"({subs})"
            args_q: list[Any] = [like] * len(SEARCHED)
            fts = fts_query(query)
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
        sql = f"SELECT {SELECT} FROM bookmarks b"
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
        if self.articles is None:
            raise BadBookmark("Bookmarks opened without an archive can only be made from an article.")
        return self.articles.article(article)

    def _extraction_item(self, article: Article, what: str, index: int) -> Quote | Post:
        if self.articles is None:
            raise BadBookmark(f"Pass the {what} itself: these bookmarks were opened without an archive.")
        ex = self.articles.extraction(article.id)
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
            if index is None and self.articles is not None:
                quotes = self.articles.extraction(art.id).quotes
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
        now = utc_now().isoformat()
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
                    "note": note.strip(), "created": now, "updated": now,
                    **self._copy_facts(article, extra.get("paragraph")), **extra,
                }
                cols = ", ".join(f'"{c}"' for c in values)
                cur = conn.execute(f"INSERT INTO bookmarks ({cols}) VALUES ({','.join('?' * len(values))})",
                                   list(values.values()))
                bid = int(cur.lastrowid or 0)
            conn.executemany("INSERT OR IGNORE INTO bookmark_tags VALUES (?, ?)", [(bid, t) for t in tag_list])
        log.info("bookmark %d: %s of %s", bid, kind, article.id)
        return self.get(bid)

    def import_annotations(self, articles: Iterable[Article]) -> int:
        """Make the highlights and notes a read-later export kept (``Article.annotations``) bookmarks
        of their article: a passage bookmark where the highlight is found in the text (else one
        keeping the highlight's text, with no place), its note and tags; a note on the whole
        article a bookmark without text. Idempotent: each highlight is imported once per article,
        so importing the export again adds nothing, a bookmark the user has already made of the
        same passage is left as it is, and one they changed or deleted stays so. Returns how many
        bookmarks were added."""
        added = 0
        for article in articles:
            for a in article.annotations:
                key = ("quote\x00" + " ".join(a.quote.split())) if a.quote.strip() else "note\x00" + a.note.strip()
                with self._write() as conn:
                    if conn.execute("SELECT 1 FROM imported_annotations WHERE article_id=? AND key=?",
                                    (article.id, key)).fetchone():
                        continue
                    bid, new = self._annotation_bookmark(conn, article, a)
                    conn.execute("INSERT INTO imported_annotations VALUES (?, ?, ?, ?)",
                                 (article.id, key, bid, utc_now().isoformat()))
                added += new
        if added:
            log.info("%d highlights of read-later exports became bookmarks", added)
        return added

    def _annotation_bookmark(self, conn: sqlite3.Connection, article: Article, a: Annotation) -> tuple[int, bool]:
        """The bookmark of one highlight (inserted, or the user's own of the same passage) and whether it is new."""
        place = _find_passage(article, a.quote) if a.quote.strip() else None
        paragraph: int | None = None
        start: int | None = None
        end: int | None = None
        text = " ".join(a.quote.split())
        if place is not None:
            paragraph, start, end = place
            text = article.paragraphs[paragraph].text[start:end]
        row = conn.execute(
            'SELECT id FROM bookmarks WHERE kind=\'passage\' AND article_id=? AND text=? AND paragraph IS ? '
            'AND start IS ? AND "end" IS ?', (article.id, text, paragraph, start, end)).fetchone()
        if row is not None:
            return int(row[0]), False
        created = (dt.datetime.combine(a.created, dt.time(), dt.UTC) if a.created else utc_now()).isoformat()
        values = {
            "kind": "passage", "text": text, "article_id": article.id, "title": article.title,
            "date": article.date.isoformat() if article.date else None, "site": article.site, "url": article.url,
            "authors": json.dumps(list(article.authors), ensure_ascii=False), "note": a.note.strip(),
            "created": created, "updated": utc_now().isoformat(), "paragraph": paragraph, "start": start, "end": end,
            **self._copy_facts(article, paragraph),
        }
        cols = ", ".join(f'"{c}"' for c in values)
        cur = conn.execute(f"INSERT INTO bookmarks ({cols}) VALUES ({','.join('?' * len(values))})",
                           list(values.values()))
        bid = int(cur.lastrowid or 0)
        conn.executemany("INSERT OR IGNORE INTO bookmark_tags VALUES (?, ?)", [(bid, t) for t in parse_tags(a.tags)])
        return bid, True

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
            conn.execute("UPDATE bookmarks SET updated=? WHERE id=?", (utc_now().isoformat(), bookmark_id))
        return self.get(bookmark_id)

    def set_speaker(self, bookmark_id: int, speaker: str | None, reason: str) -> Bookmark:
        """Show another speaker on a quote's bookmark (the user corrected the quote: ``reason`` is
        "corrected", or removed the correction: "uncorrected"); the old one stays in its history."""
        with self._write() as conn:
            row = conn.execute("SELECT speaker FROM bookmarks WHERE id=?", (bookmark_id,)).fetchone()
            if row is None:
                raise BookmarkNotFound(bookmark_id)
            now = utc_now().isoformat()
            conn.execute("UPDATE bookmarks SET speaker=?, updated=? WHERE id=?", (speaker, now, bookmark_id))
            conn.execute("INSERT INTO bookmark_history (bookmark_id, field, old, new, reason, at)"
                         " VALUES (?, 'speaker', ?, ?, ?, ?)", (bookmark_id, row[0], speaker, reason, now))
        return self.get(bookmark_id)

    def history(self, bookmark_id: int) -> ChangeList:
        """How the values a bookmark copied from its article changed, oldest first."""
        rows = self._conn().execute(
            "SELECT field, old, new, reason, at FROM bookmark_history WHERE bookmark_id=? ORDER BY id",
            (bookmark_id,)).fetchall()
        return [Change(f, o, n, r, parse_time(at)) for f, o, n, r, at in rows]

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
                conn.execute(INSERT_ALL, row_of(b))
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
