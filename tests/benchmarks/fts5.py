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


def build(db: Path, data_dir: Path, extractions: bool = True) -> dict:
    """Fill ``db`` from the Morgue archive in ``data_dir``; returns articles, seconds, bytes.

    ``extractions=False`` leaves out speakers, people and quotes (when Morgue's index has none).
    """
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
        ex = store.article_extraction(article.id) if extractions else None
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
        """The matches go to a temporary table first, then the filters remove rows from it: a filter
        joined into the MATCH query lets SQLite run the full-text query once per candidate row."""
        con = self.con
        con.execute("DELETE FROM temp.hits")
        if q.fts_match:
            con.execute("INSERT INTO temp.hits SELECT rowid FROM docs WHERE docs MATCH ?", (q.fts_match,))
        elif q.fts_person:
            con.execute("INSERT OR IGNORE INTO temp.hits SELECT rowid FROM facets WHERE kind = 'person' AND name = ?",
                        (q.fts_person,))
        else:
            con.execute("INSERT INTO temp.hits SELECT rowid FROM meta")
        if q.fts_person and q.fts_match:
            con.execute("DELETE FROM temp.hits WHERE rowid NOT IN "
                        "(SELECT rowid FROM facets WHERE kind = 'person' AND name = ?)", (q.fts_person,))
        if q.fts_date:
            con.execute("DELETE FROM temp.hits WHERE rowid NOT IN (SELECT rowid FROM meta WHERE date BETWEEN ? AND ?)",
                        q.fts_date)
        filtered = bool(q.fts_person or q.fts_date)
        if q.fts_match:
            # CROSS JOIN keeps the full-text scan as the outer loop
            join = "CROSS JOIN temp.hits h ON h.rowid = docs.rowid " if filtered else ""
            top = [r[0] for r in con.execute(
                f"SELECT docs.rowid FROM docs {join}WHERE docs MATCH ? ORDER BY bm25(docs, 3.0, 1.0, 1.0) "
                f"LIMIT {PAGE}", (q.fts_match,))]
            marks = ",".join("?" * len(top))
            rows = {r[0]: r for r in con.execute(
                f"SELECT docs.rowid, m.id, docs.title, snippet(docs, 1, '[', ']', '…', 24), m.date "
                f"FROM docs CROSS JOIN meta m ON m.rowid = docs.rowid WHERE docs MATCH ? AND docs.rowid IN ({marks})",
                [q.fts_match, *top])} if top else {}
            hits = [rows[i] for i in top if i in rows]
        else:
            hits = con.execute(f"SELECT m.rowid, m.id, '', '', m.date FROM temp.hits h CROSS JOIN meta m "
                               f"ON m.rowid = h.rowid ORDER BY m.date DESC LIMIT {PAGE}").fetchall()
        total = con.execute("SELECT count(*) FROM temp.hits").fetchone()[0]
        counts: dict[str, list[tuple[str, int]]] = defaultdict(list)
        for kind, name, c in con.execute(
            "SELECT f.kind, f.name, count(*) AS c FROM temp.hits h CROSS JOIN facets f ON f.rowid = h.rowid "
            "GROUP BY f.kind, f.name ORDER BY c DESC"
        ):
            if len(counts[kind]) < FACET_LIMIT or kind == "year":
                counts[kind].append((name, c))
        return {"total": total, "hits": len(hits), "facets": dict(counts)}

    def close(self) -> None:
        self.con.close()
