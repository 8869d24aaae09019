"""The baseline: the same articles and extractions in SQLite FTS5 (stdlib sqlite3), queried like Morgue.

It is built from Morgue's own document store (parsed text and extractions), so both engines index
the same input; only the inserts, the commit and the final ``optimize`` are timed. A search returns
what Morgue's first page returns: 20 hits ranked by bm25 (title weighted 3) with a ``snippet()`` of
the body, the total, and facet counts (person, org, place: top 30; site; year) over all matches.
"""

from __future__ import annotations

import sqlite3
import time
from collections import defaultdict
from pathlib import Path

from queries import Query

SCHEMA = """
CREATE VIRTUAL TABLE docs USING fts5(title, body, quotes, speakers, people, orgs, places,
                                     tokenize='porter unicode61');
CREATE TABLE meta(rowid INTEGER PRIMARY KEY, id TEXT NOT NULL, date TEXT, year TEXT, site TEXT);
CREATE TABLE facets(rowid INTEGER NOT NULL, kind TEXT NOT NULL, name TEXT NOT NULL);
"""
INDEXES = """
CREATE INDEX meta_date ON meta(date);
CREATE INDEX facets_name ON facets(kind, name, rowid);
CREATE INDEX facets_rowid ON facets(rowid);
"""
KINDS = {"PERSON": "person", "ORG": "org", "PLACE": "place"}
FACET_LIMIT = 30
PAGE = 20


def build(db: Path, data_dir: Path) -> dict:
    """Fill ``db`` from the Morgue archive in ``data_dir``; returns articles, seconds, bytes."""
    from index.store.db import Store

    db.unlink(missing_ok=True)
    con = sqlite3.connect(db)
    con.executescript(SCHEMA)
    store = Store(data_dir / "store.sqlite", readonly=True)
    timed = 0.0
    n = 0
    batch: tuple[list, list, list] = ([], [], [])

    def flush() -> None:
        nonlocal timed
        t = time.perf_counter()
        con.executemany("INSERT INTO docs(rowid, title, body, quotes, speakers, people, orgs, places) "
                        "VALUES (?,?,?,?,?,?,?,?)", batch[0])
        con.executemany("INSERT INTO meta VALUES (?,?,?,?,?)", batch[1])
        con.executemany("INSERT INTO facets VALUES (?,?,?)", batch[2])
        timed += time.perf_counter() - t
        for b in batch:
            b.clear()

    for article, _chash in store.iter_articles():
        n += 1
        ex = store.article_extraction(article.id)
        quotes = speakers = ""
        names: dict[str, list[str]] = defaultdict(list)
        if ex is not None:
            quotes = "\n".join(q.text for q in ex.quotes)
            speakers = " ; ".join(sorted({q.speaker for q in ex.quotes if q.speaker}))
            for e in ex.entities:
                kind = KINDS.get(e.type)
                if kind:
                    names[kind].append(e.name)
                    batch[2].append((n, kind, e.name))
        year = str(article.date.year) if article.date else None
        batch[0].append((n, article.title, article.body, quotes, speakers,
                         " ; ".join(names["person"]), " ; ".join(names["org"]), " ; ".join(names["place"])))
        batch[1].append((n, article.id, article.date.isoformat() if article.date else None, year,
                         article.site.lower()))
        if year:
            batch[2].append((n, "year", year))
        if article.site:
            batch[2].append((n, "site", article.site.lower()))
        if len(batch[0]) >= 1000:
            flush()
    flush()
    t = time.perf_counter()
    con.executescript(INDEXES)
    con.execute("INSERT INTO docs(docs) VALUES ('optimize')")
    con.commit()
    timed += time.perf_counter() - t
    con.close()
    store.close()
    return {"articles": n, "seconds": timed, "bytes": db.stat().st_size}


class Searcher:
    """First pages of the FTS5 baseline."""

    def __init__(self, db: Path) -> None:
        self.con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        self.con.execute("CREATE TEMP TABLE hits(rowid INTEGER PRIMARY KEY)")

    def search(self, q: Query) -> dict:
        where: list[str] = []
        params: list[object] = []
        if q.fts_match:
            base, rid = "docs JOIN meta m ON m.rowid = docs.rowid", "docs.rowid"
            where.append("docs MATCH ?")
            params.append(q.fts_match)
        else:
            base, rid = "meta m", "m.rowid"
        if q.fts_date:
            where.append("m.date BETWEEN ? AND ?")
            params.extend(q.fts_date)
        if q.fts_person:
            where.append(f"{rid} IN (SELECT rowid FROM facets WHERE kind = 'person' AND name = ?)")
            params.append(q.fts_person)
        cond = " AND ".join(where) or "1"
        con = self.con
        if q.fts_match:
            top = [r[0] for r in con.execute(
                f"SELECT {rid} FROM {base} WHERE {cond} ORDER BY bm25(docs, 3.0, 1.0, 1.0) LIMIT {PAGE}", params)]
            # snippet() only for the page, not for every match
            marks = ",".join("?" * len(top))
            rows = {r[0]: r for r in con.execute(
                f"SELECT docs.rowid, m.id, docs.title, snippet(docs, 1, '[', ']', '…', 24), m.date "
                f"FROM docs JOIN meta m ON m.rowid = docs.rowid WHERE docs MATCH ? AND docs.rowid IN ({marks})",
                [q.fts_match, *top])} if top else {}
            hits = [rows[i] for i in top if i in rows]
        else:
            hits = con.execute(f"SELECT m.rowid, m.id, '', '', m.date FROM {base} WHERE {cond} "
                               f"ORDER BY m.date DESC LIMIT {PAGE}", params).fetchall()
        con.execute("DELETE FROM temp.hits")
        con.execute(f"INSERT INTO temp.hits SELECT {rid} FROM {base} WHERE {cond}", params)
        total = con.execute("SELECT count(*) FROM temp.hits").fetchone()[0]
        counts: dict[str, list[tuple[str, int]]] = defaultdict(list)
        for kind, name, c in con.execute(
            "SELECT f.kind, f.name, count(*) AS c FROM facets f JOIN temp.hits h ON h.rowid = f.rowid "
            "GROUP BY f.kind, f.name ORDER BY c DESC"
        ):
            if len(counts[kind]) < FACET_LIMIT or kind == "year":
                counts[kind].append((name, c))
        return {"total": total, "hits": len(hits), "facets": dict(counts)}

    def close(self) -> None:
        self.con.close()
