"""The Xapian reference (Recoll's engine, Debian's ``python3-xapian``), queried like Morgue.

Built from Morgue's own store (``reference.documents``); only Xapian's calls are timed. Title and
body go through one TermGenerator with the Porter stemmer (Morgue's and FTS5's) and STEM_ALL_Z:
every word indexed as its stem, with positions, so phrases are of stems as in Morgue; title words
count three times. Speakers (``XS``, lower-cased, not stemmed), people (``XP``, exact names) are
boolean terms; the date (``YYYYMMDD``), site and year are values. The body is the document's data,
for ``MSet.snippet``.

A search asks for an exact count (``checkatleast`` = every document): site and year are counted by
Xapian's ``ValueCountMatchSpy``; people, organisations and places (several a document: no value
slot holds them) by a spy that keeps the matches' document numbers, counted over (document,
value) pairs read once when the database opens, as Morgue and the FTS5 reference do.

What differs from Morgue: Xapian's own tokenizer (apostrophes stay inside words: "don't" is one
term); ``typo~`` is expanded here against the ``Z`` terms beginning with the stem's first letter
(Xapian 1.4 has no fuzzy query); prefixes are ``OP_WILDCARD`` over the stems; the snippet is
Xapian's, about 220 characters.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import numpy as np
import reference as R
from queries import Query

xapian, WHY_NOT = R.import_optional("xapian")
SLOT_DATE, SLOT_SITE, SLOT_YEAR = 0, 1, 2
NAME_WORD = re.compile(r"[\w@.'’-]+")  # Morgue's names analyzer


def available() -> tuple[bool, str]:
    return xapian is not None, WHY_NOT


def build(path: Path, data_dir: Path, extractions: bool = True) -> dict:
    """Write the database in ``path`` from the archive in ``data_dir``; articles, seconds, bytes."""
    import shutil

    assert xapian is not None
    shutil.rmtree(path, ignore_errors=True)
    timed = cpu = 0.0
    t, c = time.perf_counter(), time.process_time()
    db = xapian.WritableDatabase(str(path), xapian.DB_CREATE_OR_OVERWRITE | xapian.DB_NO_SYNC)
    tg = xapian.TermGenerator()
    tg.set_stemmer(xapian.Stem("porter"))
    tg.set_stemming_strategy(xapian.TermGenerator.STEM_ALL_Z)
    timed += time.perf_counter() - t
    cpu += time.process_time() - c
    n = 0
    entities = []
    for d in R.documents(data_dir, extractions):
        n += 1
        t, c = time.perf_counter(), time.process_time()
        doc = xapian.Document()
        tg.set_document(doc)
        tg.index_text(d.title, 3)
        tg.increase_termpos()
        tg.index_text(d.body)
        for speaker in d.speakers:
            for word in NAME_WORD.findall(speaker.lower()):
                doc.add_boolean_term("XS" + word)
        for name in d.names.get("person", ()):
            doc.add_boolean_term("XP" + name)
        doc.add_value(SLOT_DATE, f"{d.date:08d}")
        if d.site:
            doc.add_value(SLOT_SITE, d.site)
        if d.date:
            doc.add_value(SLOT_YEAR, d.year)
        doc.set_data(d.body)
        db.replace_document(d.n, doc)
        timed += time.perf_counter() - t
        cpu += time.process_time() - c
        entities.extend((d.n, kind, value) for kind, value in d.facet_values() if kind in ("person", "org", "place"))
    t, c = time.perf_counter(), time.process_time()
    db.commit()
    db.close()
    timed += time.perf_counter() - t
    cpu += time.process_time() - c
    # The (document, value) pairs of the entity facets, beside the database (not part of Xapian's time).
    import json

    (path / "entities.json").write_text(json.dumps(entities))
    size = sum(f.stat().st_size for f in path.iterdir() if f.name != "entities.json")
    return {"articles": n, "seconds": timed, "cpu_seconds": cpu, "bytes": size}


class Searcher:
    """First pages of the Xapian reference."""

    name = "Xapian"

    def __init__(self, path: Path) -> None:
        import json

        assert xapian is not None
        self.db = xapian.Database(str(path))
        self.size = self.db.get_lastdocid()
        self.stem = xapian.Stem("porter")
        pairs: dict[str, list[tuple[int, str]]] = {k: [] for k in ("person", "org", "place")}
        for docid, kind, value in json.loads((path / "entities.json").read_text()):
            pairs[kind].append((docid, value))
        self.entities = {k: R.FacetTable(v, self.size) for k, v in pairs.items()}
        self._ids: list[int] = []
        ids = self._ids

        class Keep(xapian.MatchSpy):  # type: ignore[misc,name-defined]
            def __call__(self, doc, wt):  # type: ignore[no-untyped-def]
                ids.append(doc.get_docid())

        self._keep_spy = Keep()

    def _z(self, word: str) -> str:
        return "Z" + self.stem(word.lower()).decode()

    def query(self, q: Query):  # type: ignore[no-untyped-def]
        X = xapian.Query
        parts = []
        if q.speaker:
            parts.append(X("XS" + q.speaker.lower()))
        if q.phrase:
            parts.append(X(X.OP_PHRASE, [self._z(w) for w in q.phrase], len(q.phrase)))
        if q.prefix:
            parts.append(X(X.OP_WILDCARD, "Z" + q.prefix.lower(), 0, X.WILDCARD_LIMIT_ERROR, X.OP_SYNONYM))
        if q.fuzzy:
            stem = self._z(q.fuzzy)[1:]
            vocab = (t.term.decode()[1:] for t in self.db.allterms("Z" + stem[0]))
            terms = R.fuzzy_terms(stem, vocab, q.maxdist) or [stem]
            parts.append(X(X.OP_SYNONYM, ["Z" + t for t in terms]))
        if q.words:
            parts.append(X(X.OP_AND, [X(self._z(w)) for w in q.words]))
        top = X(X.OP_AND, parts) if len(parts) > 1 else parts[0] if parts else None
        if q.exclude:
            top = X(X.OP_AND_NOT, top, X(X.OP_OR, [X(self._z(w)) for w in q.exclude]))
        filters = []
        if q.person:
            filters.append(X("XP" + q.person))
        if q.date:
            lo, hi = (x.replace("-", "") for x in q.date)
            filters.append(X(X.OP_VALUE_RANGE, SLOT_DATE, lo, hi))
        if filters:
            f = X(X.OP_AND, filters) if len(filters) > 1 else filters[0]
            top = f if top is None else X(X.OP_FILTER, top, f)
        return top, top is not None and bool(q.words or q.phrase or q.prefix or q.fuzzy or q.speaker)

    def search(self, q: Query) -> dict:
        query, scored = self.query(q)
        enquire = xapian.Enquire(self.db)
        enquire.set_query(query)
        if not scored:  # browsing: newest first
            enquire.set_sort_by_value_then_relevance(SLOT_DATE, True)
        sites, years = xapian.ValueCountMatchSpy(SLOT_SITE), xapian.ValueCountMatchSpy(SLOT_YEAR)
        enquire.add_matchspy(sites)
        enquire.add_matchspy(years)
        self._ids.clear()
        enquire.add_matchspy(self._keep_spy)
        mset = enquire.get_mset(0, R.PAGE, self.size)
        assert mset.get_matches_lower_bound() == mset.get_matches_upper_bound()
        total = mset.get_matches_estimated()
        hits, snippets = [], []
        for m in mset:
            doc = m.document
            hits.append(m.docid)
            snippets.append(mset.snippet(doc.get_data(), R.SNIPPET_CHARS, self.stem, xapian.MSet.SNIPPET_EXHAUSTIVE,
                                         "[", "]", "…").decode() if scored and not q.speaker else "")
        ids = np.array(self._ids, dtype=np.int64)
        mask = np.zeros(self.size + 1, dtype=bool)
        mask[ids] = True
        facets = {k: t.counts(mask, R.FACET_LIMIT) for k, t in self.entities.items()}
        facets["site"] = sorted(((v.term.decode(), v.termfreq) for v in sites.top_values(R.FACET_LIMIT)),
                                key=lambda x: (-x[1], x[0]))
        facets["year"] = sorted(((v.term.decode(), v.termfreq) for v in years.values()), reverse=True)
        return {"total": int(total), "hits": hits, "snippets": snippets, "facets": facets}

    def close(self) -> None:
        self.db.close()
