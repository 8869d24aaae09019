"""What the reference engines (SQLite FTS5, Xapian, Tantivy) share: the same input, the same answer.

Every reference is built from Morgue's own document store (parsed text and extractions), so all
engines index the same articles; a builder times only its engine's calls. A search returns what
Morgue's first page returns: 20 article ids, their snippets, the exact total, and facet counts
over every match (person, org, place, site: top 30, ties by name; year: all).

Fuzzy words (``typo~``) mean what they mean in Morgue: the word is stemmed, then every indexed
stem that begins with its first letter and is within Damerau-Levenshtein distance 1 (``~2``: 2)
of it matches. Engines with no fuzzy query of their own expand it against their vocabulary here.
"""

from __future__ import annotations

import datetime as dt
import importlib
import importlib.util
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

PAGE = 20
FACET_LIMIT = 30
FACETS = ("person", "org", "place", "site", "year")
ENTITY_KINDS = {"PERSON": "person", "ORG": "org", "PLACE": "place"}
SNIPPET_CHARS = 220
# Debian's python3-xapian: an extension built for the system's Python 3. The benchmark loads that
# one package from there (nothing else of the system's site-packages), so the venv needs no
# --system-site-packages and Debian's numpy or spaCy never shadow the venv's.
DEBIAN_DIST = Path("/usr/lib/python3/dist-packages")


@dataclass(frozen=True)
class Doc:
    """One article as every reference indexes it."""

    n: int  # 1-based, in store order: the references' row or document number
    id: str
    title: str
    body: str
    date: int  # YYYYMMDD, 0 when undated
    site: str
    speakers: tuple[str, ...]
    names: dict[str, tuple[str, ...]]  # person, org, place -> canonical names

    @property
    def year(self) -> str:
        return str(self.date // 10000) if self.date else ""

    def facet_values(self) -> Iterator[tuple[str, str]]:
        """(facet, value) pairs of this article, as Morgue's facet fields hold them."""
        for kind in ("person", "org", "place"):
            for name in dict.fromkeys(self.names.get(kind, ())):
                yield kind, name
        if self.site:
            yield "site", self.site
        if self.date:
            yield "year", self.year


def _yyyymmdd(d: dt.date | None) -> int:
    return d.year * 10000 + d.month * 100 + d.day if d else 0


def documents(data_dir: Path, extractions: bool = True) -> Iterator[Doc]:
    """The articles of a Morgue archive with their stored extractions (none with ``extractions=False``)."""
    from index.store.db import Store

    store = Store(data_dir / "store.sqlite", readonly=True)
    try:
        for n, (article, _chash, ex) in enumerate(store.iter_articles_with_extractions(), start=1):
            names: dict[str, list[str]] = {"person": [], "org": [], "place": []}
            speakers: tuple[str, ...] = ()
            if ex is not None and extractions:
                speakers = tuple(sorted({q.speaker for q in ex.quotes if q.speaker}))
                for e in ex.entities:
                    kind = ENTITY_KINDS.get(e.type)
                    if kind:
                        names[kind].append(e.name)
            yield Doc(n, article.id, article.title, article.body, _yyyymmdd(article.date), article.site.lower(),
                      speakers, {k: tuple(v) for k, v in names.items()})
    finally:
        store.close()


def import_optional(name: str) -> tuple[object | None, str]:
    """The module, or None and why not (a reference that is not installed is skipped)."""
    try:
        module = importlib.import_module(name)
        if getattr(module, "__file__", None):  # not a folder of that name on the path
            return module, ""
        del sys.modules[name]
        reason = f"ModuleNotFoundError: No module named {name!r}"
    except ImportError as exc:
        reason = f"{type(exc).__name__}: {exc}"
    if name == "xapian" and (DEBIAN_DIST / "xapian" / "__init__.py").exists():
        spec = importlib.util.spec_from_file_location(
            "xapian", DEBIAN_DIST / "xapian" / "__init__.py", submodule_search_locations=[str(DEBIAN_DIST / "xapian")])
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules["xapian"] = module
        try:
            spec.loader.exec_module(module)
            return module, ""
        except ImportError as exc:  # built for another Python
            del sys.modules["xapian"]
            reason = f"{DEBIAN_DIST / 'xapian'} does not load here ({exc})"
    return None, reason


# --- fuzzy words ------------------------------------------------------------------------------------------


def within(a: str, b: str, maxdist: int) -> bool:
    """Whether the optimal-string-alignment (Damerau-Levenshtein) distance of a and b is at most maxdist."""
    if abs(len(a) - len(b)) > maxdist:
        return False
    if a == b:
        return True
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            v = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                v = min(v, prev2[j - 2] + 1)
            cur[j] = v
        if min(cur) > maxdist:
            return False
        prev2, prev = prev, cur
    return prev[-1] <= maxdist


def fuzzy_terms(stem: str, vocabulary: Iterator[str], maxdist: int = 1) -> list[str]:
    """The terms of ``vocabulary`` (those beginning with the stem's first letter) near ``stem``."""
    return [t for t in vocabulary if abs(len(t) - len(stem)) <= maxdist and within(t, stem, maxdist)]


# --- facets over precomputed (document, value) pairs -----------------------------------------------------


class FacetTable:
    """Every (document number, value) pair of one facet as two arrays: counting the values of a
    result set is a mask lookup and a bincount (what Morgue does over its own index)."""

    def __init__(self, pairs: list[tuple[int, str]], size: int) -> None:
        self.size = size
        names = sorted({v for _, v in pairs})
        number = {v: i for i, v in enumerate(names)}
        self.values = names
        self.docs = np.fromiter((d for d, _ in pairs), dtype=np.int64, count=len(pairs))
        self.vals = np.fromiter((number[v] for _, v in pairs), dtype=np.int64, count=len(pairs))
        self.number = number

    def counts(self, mask: np.ndarray, limit: int | None) -> list[tuple[str, int]]:
        if not self.values:
            return []
        counts = np.bincount(self.vals[mask[self.docs]], minlength=len(self.values))
        present = np.flatnonzero(counts)
        order = present[np.lexsort((present, -counts[present]))]
        if limit is not None:
            order = order[:limit]
        return [(self.values[i], int(counts[i])) for i in order]

    def docs_with(self, value: str) -> np.ndarray:
        i = self.number.get(value)
        return np.zeros(0, dtype=np.int64) if i is None else np.unique(self.docs[self.vals == i])


def facet_counts(tables: dict[str, FacetTable], ids: np.ndarray, size: int) -> dict[str, list[tuple[str, int]]]:
    """Morgue's facets of a result set: top 30 of person, org, place and site; every year, newest first."""
    mask = np.zeros(size + 1, dtype=bool)
    mask[ids] = True
    out = {}
    for name, table in tables.items():
        if name == "year":
            out[name] = sorted(table.counts(mask, None), reverse=True)
        else:
            out[name] = table.counts(mask, FACET_LIMIT)
    return out
