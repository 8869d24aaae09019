"""Facet counts from the (document, value) arrays equal brute-force counts, across segments."""

from __future__ import annotations

import random
from collections import Counter

import numpy as np
import pytest
from whoosh.fields import ID, KEYWORD, Schema
from whoosh.filedb.filestore import RamStorage

from index.search.engine import Columns
from index.search.facets import FieldFacet
from index.store.w3 import Index, PublicIndex

DOCS = 3000


@pytest.fixture(scope="module", params=[Index, PublicIndex], ids=["engine", "fallback"])
def cols(request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    rng = random.Random(7)
    names = [f"Person {i}" for i in range(300)]
    weights = [1 / (i + 1) for i in range(len(names))]  # Zipf-like
    ix = RamStorage().create_index(Schema(id=ID(stored=True, unique=True), people=KEYWORD(commas=True, stored=True)))
    for start in (0, DOCS // 2):  # two segments
        w = ix.writer()
        for n in range(start, start + DOCS // 2):
            people = sorted(set(rng.choices(names, weights, k=rng.randint(0, 6))))
            w.add_document(id=str(n), people=",".join(people))
        w.commit(merge=False)
    w = ix.writer()
    for n in range(0, DOCS, 10):  # deleted documents count for nothing
        w.delete_by_term("id", str(n))
    w.commit(merge=False)
    with ix.searcher() as s:
        assert len(s.reader().leaf_readers()) == 2
        yield Columns(request.param(s))


def brute_force(cols: Columns, docs: set[int]) -> Counter[str]:
    c: Counter[str] = Counter()
    for d in docs:
        if cols.live[d]:
            c.update(v for v in cols.index.stored_fields(d)["people"].split(",") if v)
    return c


def mask_of(cols: Columns, docs: set[int]) -> np.ndarray:
    mask = np.zeros(cols.size, dtype=bool)
    mask[list(docs)] = True
    return mask


@pytest.mark.parametrize("fraction", [0.02, 0.3, 1.0])
def test_counts_are_exact_and_ties_go_by_name(cols: Columns, fraction: float) -> None:
    rng = random.Random(int(fraction * 100))
    docs = {d for d in range(DOCS) if rng.random() < fraction}
    expected = brute_force(cols, docs)
    got = FieldFacet(cols, "people").counts(mask_of(cols, docs), 15)
    assert got == sorted(expected.items(), key=lambda kv: (-kv[1], kv[0]))[:15]


def test_all_values_when_no_limit(cols: Columns) -> None:
    docs = set(range(0, DOCS, 7))
    assert dict(FieldFacet(cols, "people").counts(mask_of(cols, docs), None)) == dict(brute_force(cols, docs))


def test_no_documents_no_counts(cols: Columns) -> None:
    assert FieldFacet(cols, "people").counts(mask_of(cols, set()), 10) == []
    assert FieldFacet(cols, "nothing").counts(mask_of(cols, {1, 2}), 10) == []


def test_saved_tables_give_the_same_counts_and_old_segments_are_pruned(cols: Columns, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from index.search.facets import prune_tables

    docs = set(range(0, DOCS, 3))
    fresh = FieldFacet(cols, "people").counts(mask_of(cols, docs), None)
    FieldFacet(cols, "people", tmp_path)  # reads the index and saves one table per segment
    saved = sorted(p.name for p in tmp_path.iterdir())
    if cols.index.public:  # the fallback saves nothing (it knows no segment ids)
        assert saved == [] and FieldFacet(cols, "people", tmp_path).counts(mask_of(cols, docs), None) == fresh
        return
    assert len(saved) == 2
    assert FieldFacet(cols, "people", tmp_path).counts(mask_of(cols, docs), None) == fresh
    (tmp_path / saved[0]).write_bytes(b"not a table")  # a damaged table is read again from the index
    assert FieldFacet(cols, "people", tmp_path).counts(mask_of(cols, docs), None) == fresh
    prune_tables(tmp_path, {saved[1].split(".")[0]})
    assert sorted(p.name for p in tmp_path.iterdir()) == [saved[1]]
