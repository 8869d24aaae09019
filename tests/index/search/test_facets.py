"""Facet counts: the pruned path for large result sets gives exactly the brute-force counts."""

from __future__ import annotations

import random
from collections import Counter

import pytest
from whoosh.fields import ID, KEYWORD, Schema
from whoosh.filedb.filestore import RamStorage

from index.search import facets
from index.search.facets import FieldFacet


@pytest.fixture(scope="module")
def reader():  # type: ignore[no-untyped-def]
    rng = random.Random(7)
    names = [f"Person {i}" for i in range(300)]
    weights = [1 / (i + 1) for i in range(len(names))]  # Zipf-like
    ix = RamStorage().create_index(Schema(id=ID(stored=True), people=KEYWORD(commas=True, stored=True)))
    w = ix.writer()
    for n in range(3000):
        people = sorted(set(rng.choices(names, weights, k=rng.randint(0, 6))))
        w.add_document(id=str(n), people=",".join(people))
    w.commit()
    with ix.searcher() as s:
        yield s.reader()


def brute_force(reader, docs) -> Counter[str]:  # type: ignore[no-untyped-def]
    c: Counter[str] = Counter()
    for d in docs:
        value = reader.stored_fields(d)["people"]
        c.update(v for v in value.split(",") if v)
    return c


@pytest.mark.parametrize("small", [0, 10**9])
@pytest.mark.parametrize("fraction", [0.02, 0.3, 1.0])
def test_counts_are_exact(reader, monkeypatch: pytest.MonkeyPatch, small: int, fraction: float) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(facets, "SMALL_RESULT", small)
    rng = random.Random(int(fraction * 100))
    docs = {d for d in range(3000) if rng.random() < fraction}
    expected = brute_force(reader, docs)
    got = FieldFacet(reader, "people").counts(docs, 15)
    assert len(got) == 15
    # The top counts are the true top counts (ties at the boundary may pick either value).
    assert [n for _, n in got] == sorted(expected.values(), reverse=True)[:15]
    assert all(expected[v] == n for v, n in got)


def test_all_values_when_no_limit(reader) -> None:  # type: ignore[no-untyped-def]
    docs = set(range(0, 3000, 7))
    assert dict(FieldFacet(reader, "people").counts(docs, None)) == dict(brute_force(reader, docs))
