"""The SQLite FTS5 reference (stdlib sqlite3), done as well as FTS5 allows, queried like Morgue.

Built from Morgue's own store (``reference.documents``); only the inserts, the indexes, the
vocabulary table and the final ``optimize`` are timed. One search runs MATCH once: a single
statement walks every match in rank order (bm25, title weighted 3), and a small function picks
the first 20 that pass the filters, so ``snippet()`` runs for those 20 only; the total and the
facets come from the same list of row ids. Facets and filters use (row, value) pairs read once
when the database opens (``reference.FacetTable``), not a ``GROUP BY`` per query.

What differs from Morgue, as far as FTS5 goes:
- the porter tokenizer over unicode61: words split on every non-letter or digit ("U.S." is two
  tokens, Whoosh keeps "u.s"); the same Porter stemmer otherwise;
- ``typo~``: FTS5 has no fuzzy match. The typo is stemmed by the same tokenizer and compared
  with a vocabulary table of the index's terms (built from ``fts5vocab`` at build time, as
  spellfix1 keeps its own), first letter kept, distance 1; the matches are ORed;
- speakers are a second FTS5 table with unicode61 alone (names are not stemmed in Morgue);
- the snippet is FTS5's, one window of 32 tokens (Morgue: up to two windows of about 220 characters).
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import numpy as np
import reference as R
from queries import Query

SCHEMA = """
CREATE VIRTUAL TABLE docs USING fts5(title, body, tokenize='porter unicode61');
CREATE VIRTUAL TABLE names USING fts5(speakers, tokenize='unicode61');
CREATE TABLE meta(rowid INTEGER PRIMARY KEY, id TEXT NOT NULL, date INTEGER NOT NULL);
CREATE TABLE facets(kind TEXT NOT NULL, name TEXT NOT NULL, rowid INTEGER NOT NULL);
"""
INDEXES = """
CREATE INDEX facets_name ON facets(kind, name, rowid);
CREATE VIRTUAL TABLE temp.vocab_rows USING fts5vocab(main, docs, 'row');
CREATE TABLE vocab(term TEXT PRIMARY KEY) WITHOUT ROWID;
INSERT INTO vocab SELECT term FROM temp.vocab_rows;
INSERT INTO docs(docs, rank) VALUES ('rank', 'bm25(3.0, 1.0)');
INSERT INTO docs(docs) VALUES ('optimize');
INSERT INTO names(names) VALUES ('optimize');
"""
SNIPPET = "snippet(docs, 1, '[', ']', '…', 32)"


def build(db: Path, data_dir: Path, extractions: bool = True) -> dict:
    """Fill ``db`` from the Morgue archive in ``data_dir``; returns articles, seconds, CPU seconds, bytes."""
    db.unlink(missing_ok=True)
    con = sqlite3.connect(db)
    con.executescript(SCHEMA)
    timed = cpu = 0.0
    n = 0
    batch: tuple[list, list, list, list] = ([], [], [], [])

    def flush() -> None:
        nonlocal timed, cpu
        t, c = time.perf_counter(), time.process_time()
        con.executemany("INSERT INTO docs(rowid, title, body) VALUES (?,?,?)", batch[0])
        con.executemany("INSERT INTO names(rowid, speakers) VALUES (?,?)", batch[1])
        con.executemany("INSERT INTO meta VALUES (?,?,?)", batch[2])
        con.executemany("INSERT INTO facets VALUES (?,?,?)", batch[3])
        timed += time.perf_counter() - t
        cpu += time.process_time() - c
        for b in batch:
            b.clear()

    for d in R.documents(data_dir, extractions):
        n += 1
        batch[0].append((d.n, d.title, d.body))
        if d.speakers:
            batch[1].append((d.n, " ; ".join(d.speakers)))
        batch[2].append((d.n, d.id, d.date))
        batch[3].extend((kind, value, d.n) for kind, value in d.facet_values())
        if len(batch[0]) >= 1000:
            flush()
    flush()
    t, c = time.perf_counter(), time.process_time()
    con.executescript(INDEXES)
    con.commit()
    timed += time.perf_counter() - t
    cpu += time.process_time() - c
    con.close()
    return {"articles": n, "seconds": timed, "cpu_seconds": cpu, "bytes": db.stat().st_size}


def _quoted(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


class Searcher:
    """First pages of the FTS5 reference."""

    name = "FTS5"

    def __init__(self, db: Path) -> None:
        self.con = con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        con.execute("CREATE VIRTUAL TABLE temp.stem USING fts5(w, tokenize='porter unicode61')")
        con.execute("CREATE VIRTUAL TABLE temp.stem_vocab USING fts5vocab(temp, stem, 'row')")
        rows = con.execute("SELECT rowid, id, date FROM meta ORDER BY rowid").fetchall()
        self.size = len(rows)
        self.ids = [""] + [r[1] for r in rows]
        self.dates = np.zeros(self.size + 1, dtype=np.int64)
        self.dates[[r[0] for r in rows]] = [r[2] for r in rows]
        pairs: dict[str, list[tuple[int, str]]] = {k: [] for k in R.FACETS}
        for kind, name, rowid in con.execute("SELECT kind, name, rowid FROM facets"):
            pairs[kind].append((rowid, name))
        self.facets = {k: R.FacetTable(v, self.size) for k, v in pairs.items()}
        self._keep: np.ndarray | None = None
        self._taken = 0
        con.create_function("page", 1, self._page)

    def _page(self, rowid: int) -> int:
        """1 for the first 20 matches (in rank order) that pass the filters: their snippets are made."""
        if self._taken >= R.PAGE or (self._keep is not None and not self._keep[rowid]):
            return 0
        self._taken += 1
        return 1

    def _stem(self, word: str) -> str:
        con = self.con
        con.execute("DELETE FROM temp.stem")
        con.execute("INSERT INTO temp.stem(w) VALUES (?)", (word,))
        row = con.execute("SELECT term FROM temp.stem_vocab").fetchone()
        return row[0] if row else word.lower()

    def match(self, q: Query) -> tuple[str, str] | None:
        """The table and the MATCH expression of a query (None: filters alone)."""
        cols = "{title body}"
        if q.speaker:
            return "names", f"speakers : {_quoted(q.speaker)}"
        if q.phrase:
            return "docs", f"{cols} : {_quoted(' '.join(q.phrase))}"
        if q.prefix:
            return "docs", f"{cols} : {_quoted(q.prefix)}*"
        if q.fuzzy:
            stem = self._stem(q.fuzzy)
            first = stem[0]
            vocab = (t for (t,) in self.con.execute(
                "SELECT term FROM vocab WHERE term >= ? AND term < ?", (first, chr(ord(first) + 1))))
            terms = R.fuzzy_terms(stem, vocab, q.maxdist) or [stem]
            return "docs", f"{cols} : ({' OR '.join(map(_quoted, terms))})"
        if q.words:
            expr = " AND ".join(map(_quoted, q.words))
            if q.exclude:
                expr = f"({expr}) NOT ({' OR '.join(map(_quoted, q.exclude))})"
            return "docs", f"{cols} : ({expr})"
        return None

    def _filter(self, q: Query) -> np.ndarray | None:
        keep = None
        if q.person:
            keep = np.zeros(self.size + 1, dtype=bool)
            keep[self.facets["person"].docs_with(q.person)] = True
        if q.date:
            lo, hi = (int(x.replace("-", "")) for x in q.date)
            in_range = (self.dates >= lo) & (self.dates <= hi)
            keep = in_range if keep is None else keep & in_range
        return keep

    def search(self, q: Query) -> dict:
        keep = self._filter(q)
        found = self.match(q)
        if found is None:  # browsing: the filter's articles, newest first
            ids = np.flatnonzero(keep) if keep is not None else np.arange(1, self.size + 1)
            order = np.lexsort((ids, -self.dates[ids]))[: R.PAGE]
            hits = [self.ids[int(i)] for i in ids[order]]
            snippets = [""] * len(hits)
        else:
            table, expr = found
            self._keep, self._taken = keep, 0
            snippet = SNIPPET if table == "docs" else "''"
            rows = self.con.execute(
                f"SELECT rowid, CASE WHEN page(rowid) THEN {snippet} END FROM {table} "
                f"WHERE {table} MATCH ? ORDER BY rank", (expr,)).fetchall()
            ids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
            if keep is not None:
                ids = ids[keep[ids]]
            page = [r for r in rows if r[1] is not None]
            hits = [self.ids[r[0]] for r in page]
            snippets = [r[1] for r in page]
        return {"total": int(ids.size), "hits": hits, "snippets": snippets,
                "facets": R.facet_counts(self.facets, ids, self.size)}

    def close(self) -> None:
        self.con.close()
