"""Exact facet counts over every matching document, as array operations.

For each faceted field, every (document, value) pair of the index is kept as two arrays. Counting
the values of a result set is then a mask lookup and a ``bincount``, whatever the size of the
result: the top values of 40,000 matches at 100,000 articles take a few milliseconds.

The pairs are read per segment, from one walk of the segment's terms, and saved beside the index
(a segment never changes once written; its deletions are applied when counting). A new process
loads them instead of reading thousands of posting lists again: that read was most of the first
search's time after starting the app.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import numpy as np

from index.search.engine import Columns, unique_ints
from index.store.w3 import Segment

log = logging.getLogger(__name__)

_SEP = "\x00"  # between values in a saved table (facet values never hold it)


class FieldFacet:
    """Counts of one field's values over sets of documents of one opened index."""

    def __init__(self, cols: Columns, field: str, cache_dir: Path | None = None) -> None:
        self.field = field
        names, docs, vals = [], [], []
        for seg in cols.segments:
            seg_names, seg_docs, seg_vals = _segment_table(seg, field, cache_dir)
            names.append(seg_names)
            docs.append(seg_docs.astype(np.int64) + seg.offset)
            vals.append(seg_vals)
        all_names = np.concatenate(names) if names else np.zeros(0, dtype=str)
        # One number per distinct value, in the order of the strings: ties in count go by name.
        unique, inverse = np.unique(all_names, return_inverse=True)
        self.values: list[str] = unique.tolist()
        base, numbered = 0, []
        for seg_names, seg_vals in zip(names, vals, strict=True):
            numbered.append(inverse[base + seg_vals] if seg_vals.size else seg_vals.astype(np.int64))
            base += seg_names.size
        docs_all = np.concatenate(docs) if docs else np.zeros(0, dtype=np.int64)
        vals_all = np.concatenate(numbered) if numbered else np.zeros(0, dtype=np.int64)
        live = cols.live[docs_all]  # deleted documents count for nothing
        self._docs, self._vals = docs_all[live], vals_all[live]
        self.index = {v: i for i, v in enumerate(self.values)}

    def pairs(self) -> tuple[np.ndarray, np.ndarray]:
        """The (document, value number) pairs of the live documents, as two arrays."""
        return self._docs, self._vals

    def documents(self, value: str, limit: int) -> np.ndarray:
        """The first ``limit`` live documents holding ``value``, in document order."""
        number = self.index.get(value)
        if number is None:
            return np.zeros(0, dtype=np.int64)
        docs = self._docs[self._vals == number]
        return np.sort(docs)[:limit]

    def counts(self, mask: np.ndarray, limit: int | None) -> list[tuple[str, int]]:
        """The ``limit`` most frequent values among the documents set in ``mask`` (all for None),
        most frequent first, ties by name."""
        if not self.values:
            return []
        counts = np.bincount(self._vals[mask[self._docs]], minlength=len(self.values))
        present = np.flatnonzero(counts)
        order = present[np.lexsort((present, -counts[present]))]
        if limit is not None:
            order = order[:limit]
        return [(self.values[i], int(counts[i])) for i in order]


def _segment_table(seg: Segment, field: str, cache_dir: Path | None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A segment's values of ``field`` and its (document, value number) pairs, saved or read
    (not saved when the segment has no id: Whoosh's public search, see ``index.store.w3``)."""
    if seg.id is None:
        cache_dir = None
    path = cache_dir / f"{seg.id}.{field}.npz" if cache_dir is not None else None
    if path is not None and path.exists():
        try:
            with np.load(path) as saved:
                text = saved["names"].tobytes().decode()
                names = np.array(text.split(_SEP) if text else [], dtype=str)
                return names, saved["docs"], saved["vals"]
        except (OSError, ValueError, KeyError) as exc:
            log.info("facet table %s unreadable (%s); reading the index", path, exc)
    found: list[str] = []
    docs, vals = [], []
    for btext, ids in seg.field_postings(field):
        docs.append(ids.astype(np.int32))
        vals.append(np.full(ids.size, len(found), dtype=np.int32))
        found.append(btext.decode())
    names = np.array(found, dtype=str)
    seg_docs = np.concatenate(docs) if docs else np.zeros(0, dtype=np.int32)
    seg_vals = np.concatenate(vals) if vals else np.zeros(0, dtype=np.int32)
    if path is not None:
        _save(path, found, seg_docs, seg_vals)
    return names, seg_docs, seg_vals


def _save(path: Path, names: list[str], docs: np.ndarray, vals: np.ndarray) -> None:
    save_atomically(path, lambda fh: np.savez(fh, names=np.frombuffer(_SEP.join(names).encode(), dtype=np.uint8),
                                              docs=docs, vals=vals))


def save_atomically(path: Path, write: Callable[[Any], None]) -> bool:
    """Write a table beside the index atomically (``write`` fills the open file): whether it was
    written. A read-only or full disk only costs the next start its time (logged)."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(tmp, "wb") as fh:
            write(fh)
        os.replace(tmp, path)
        return True
    except OSError as exc:
        log.info("table %s not saved: %s", path, exc)
        with contextlib.suppress(OSError):
            tmp.unlink()
        return False


def prune_tables(cache_dir: Path, segment_ids: set[str], pattern: str = "*.npz") -> None:
    """Remove the saved tables (files matching ``pattern``) of segments the index no longer has."""
    with contextlib.suppress(OSError):
        for f in cache_dir.glob(pattern):
            if f.name.split(".", 1)[0] not in segment_ids:
                with contextlib.suppress(OSError):
                    f.unlink()


class EntityFacets:
    """Counts of the archive's entities (people, organisations, places) over sets of documents,
    under their canonical names and types, from the facet fields and the entity table.

    Each (document, value) pair of the three facet fields is remapped to the entity the table
    links it to (a value linked to another entity in some articles, by those articles' ids), and
    each (document, entity) pair counts once: "Trump" ORG and "Donald Trump" PERSON in one article
    are one Donald Trump. Values the table does not know count as themselves.
    """

    def __init__(self, fields: Mapping[str, FieldFacet], names: Iterable[tuple[str, str, int, int]],
                 shared: Iterable[tuple[str, str, str, int]], entities: Mapping[int, tuple[str, str]],
                 doc_of: Callable[[str], int | None], generation: int) -> None:
        """``fields``: the facet of each type (PERSON, ORG, PLACE); ``names``: (type, name, entity,
        articles) of the table; ``shared``: (article, type, name, entity) of the links whose value
        names several entities; ``entities``: id -> (type, canonical name); ``doc_of``: an article's document."""
        self.generation = generation
        dominant: dict[tuple[str, str], tuple[int, int]] = {}
        for etype, name, eid, n in names:
            key = (etype, _value(name))
            if eid in entities and (key not in dominant or n > dominant[key][1]):
                dominant[key] = (eid, n)
        codes: dict[tuple[str, object], int] = {}  # ("E", entity id) or (type, value) -> number
        labels: list[tuple[str, str]] = []  # number -> (type, name)

        def code(key: tuple[str, object], label: tuple[str, str]) -> int:
            got = codes.get(key)
            if got is None:
                got = codes[key] = len(labels)
                labels.append(label)
            return got

        exceptions: dict[tuple[str, str], list[tuple[int, int]]] = {}
        for aid, etype, name, eid in shared:
            key = (etype, _value(name))
            if key in dominant and eid != dominant[key][0] and eid in entities:
                doc = doc_of(aid)
                if doc is not None:
                    exceptions.setdefault(key, []).append((doc, code(("E", eid), entities[eid])))
        docs_parts, code_parts = [], []
        for etype, facet in fields.items():
            value_codes = np.empty(len(facet.values), dtype=np.int64)
            for i, v in enumerate(facet.values):
                hit = dominant.get((etype, v))
                value_codes[i] = (code(("E", hit[0]), entities[hit[0]]) if hit is not None
                                  else code((etype, v), (etype, v)))
            docs, vals = facet.pairs()
            pair_codes = value_codes[vals] if vals.size else vals.astype(np.int64)
            for (t, v), moved in exceptions.items():
                if t != etype or v not in facet.index:
                    continue
                where = np.flatnonzero(vals == facet.index[v])
                for doc, c in moved:
                    pair_codes[where[docs[where] == doc]] = c
            docs_parts.append(docs)
            code_parts.append(pair_codes)
        docs_all = np.concatenate(docs_parts) if docs_parts else np.zeros(0, dtype=np.int64)
        codes_all = np.concatenate(code_parts) if code_parts else np.zeros(0, dtype=np.int64)
        n = max(len(labels), 1)
        unique = unique_ints(docs_all * n + codes_all)  # each (document, entity) once
        self._docs, self._codes = unique // n, unique % n
        self.labels = labels
        # Per type, the numbers of its names in name order: ties in count go by name.
        self._by_type: dict[str, np.ndarray] = {}
        for etype in fields:
            mine = [i for i, (t, _) in enumerate(labels) if t == etype]
            mine.sort(key=lambda i: labels[i][1])
            self._by_type[etype] = np.array(mine, dtype=np.int64)

    # --- saved beside the index: a new process on an unchanged archive reads them in milliseconds,
    # where building them (the table's names grouped, a unique over every pair) took 1.3 s at
    # 30,000 articles, most of the first search after the app starts.

    def save(self, path: Path) -> None:
        """Write these counts' arrays atomically (``load`` reads them); a failure is only logged."""
        types = sorted(self._by_type)
        text = _SEP.join(f"{t}{_SEP}{n}" for t, n in self.labels)
        arrays: dict[str, Any] = {"docs": self._docs, "codes": self._codes,
                  "labels": np.frombuffer(text.encode(), dtype=np.uint8),
                  "types": np.frombuffer(_SEP.join(types).encode(), dtype=np.uint8),
                  **{f"by{i}": self._by_type[t] for i, t in enumerate(types)}}
        if save_atomically(path, lambda fh: np.savez(fh, **arrays)):
            with contextlib.suppress(OSError):
                for old in path.parent.glob(f"*{_ENTITIES}"):  # an older table or index's
                    if old != path:
                        old.unlink(missing_ok=True)

    @classmethod
    def load(cls, path: Path, generation: int) -> EntityFacets | None:
        """The counts ``save`` wrote, or None when there are none (or they cannot be read)."""
        if not path.exists():
            return None
        try:
            with np.load(path) as saved:
                words = saved["labels"].tobytes().decode().split(_SEP) if saved["labels"].size else []
                types = saved["types"].tobytes().decode().split(_SEP) if saved["types"].size else []
                self = cls.__new__(cls)
                self.generation = generation
                self._docs, self._codes = saved["docs"], saved["codes"]
                self.labels = list(zip(words[::2], words[1::2], strict=True))
                self._by_type = {t: saved[f"by{i}"] for i, t in enumerate(types)}
        except (OSError, ValueError, KeyError) as exc:
            log.info("entity facets %s unreadable (%s); computing them", path, exc)
            return None
        if self._codes.size and int(self._codes.max()) >= len(self.labels):
            log.info("entity facets %s do not add up; computing them", path)
            return None
        return self

    def counts(self, mask: np.ndarray, etype: str, limit: int | None) -> list[tuple[str, int]]:
        """The ``limit`` most frequent entities of a type among the documents set in ``mask``,
        most frequent first, ties by name."""
        ids = self._by_type.get(etype)
        if ids is None or not ids.size:
            return []
        counts = np.bincount(self._codes[mask[self._docs]], minlength=len(self.labels))[ids]
        present = np.flatnonzero(counts)
        order = present[np.lexsort((present, -counts[present]))]
        if limit is not None:
            order = order[:limit]
        return [(self.labels[ids[i]][1], int(counts[i])) for i in order]


_ENTITIES = ".entities"  # the suffix of saved entity facets (not a segment's ``.npz``: kept by prune_tables)


def entity_facets_file(cache_dir: Path, cols: Columns, generation: int) -> Path | None:
    """Where the entity facets of this table generation over this index are saved, named by what
    they depend on: the generation, the segments (ids and sizes) and how many documents are live;
    None on Whoosh's public search (no segment ids)."""
    if any(seg.id is None for seg in cols.segments):
        return None
    parts = ",".join(f"{seg.id}:{seg.size}" for seg in cols.segments) + f";{int(cols.live.sum())}"
    digest = hashlib.sha1(parts.encode(), usedforsecurity=False).hexdigest()[:16]
    return cache_dir / f"{generation}-{digest}{_ENTITIES}"


def _value(name: str) -> str:
    """A name as the facet fields hold it (``index.store.schema``: no commas)."""
    return name.replace(",", " ").strip()
