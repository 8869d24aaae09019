"""The array evaluation of queries finds exactly what Whoosh finds, with Whoosh's scores."""

from __future__ import annotations

import datetime as dt
import random

import numpy as np
import pytest
from whoosh.filedb.filestore import RamStorage

from index.search.engine import Columns, Unsupported, evaluate
from index.search.query import QueryParser
from index.store.schema import ArticleSchema
from index.store.w3 import PUBLIC_ENV, Index
from index.store.w3 import write as w3_writer

WORDS = [
    "council", "mayor", "budget", "police", "safety", "public", "housing", "river", "bridge", "school", "vote",
    "court", "judge", "election", "storm", "flood", "city", "county", "state", "federal", "plan", "tax",
]
DOCS = 600


# Segments written by Whoosh's own writer (no positions file: phrases read Whoosh's positions),
# by Morgue's (each with its positions file), and both in one index.
WRITERS = ("whoosh", "morgue", "mixed")


def _writer(ix, kind: str, n: int):  # type: ignore[no-untyped-def]
    if kind == "morgue" or (kind == "mixed" and n % 2):
        with pytest.MonkeyPatch.context() as mp:  # Morgue's own writer even in the fallback's run
            mp.delenv(PUBLIC_ENV, raising=False)
            return w3_writer.writer(ix, limitmb=32)
    return ix.writer()


@pytest.fixture(scope="module", params=WRITERS)
def searcher(request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    rng = random.Random(11)
    ix = RamStorage().create_index(ArticleSchema())
    for start in range(0, DOCS, DOCS // 3):  # three segments
        w = _writer(ix, request.param, start // (DOCS // 3))
        for n in range(start, start + DOCS // 3):
            body = " ".join(rng.choices(WORDS, weights=[1 / (i + 1) for i in range(len(WORDS))], k=rng.randint(5, 80)))
            doc = {"id": str(n), "title": " ".join(rng.sample(WORDS, 3)), "body": body, "site": "s"}
            if n % 7:
                date = dt.datetime(2020, 1, 1) + dt.timedelta(days=rng.randint(0, 1500))
                doc.update(date=date, year=str(date.year))
            w.add_document(**doc)
        w.commit(merge=False)
    w = ix.writer()
    for n in range(3, DOCS, 13):
        w.delete_by_term("id", str(n))
    w.commit(merge=False)
    with ix.searcher() as s:
        yield s


def test_segments_of_morgue_s_writer_have_a_positions_file(searcher, request: pytest.FixtureRequest) -> None:  # type: ignore[no-untyped-def]
    kind = request.node.callspec.params["searcher"]
    index = Index(searcher)
    stored = [seg.stored_positions() is not None for seg in index.segments]
    assert stored == [kind == "morgue" or (kind == "mixed" and n % 2 == 1) for n in range(3)]


QUERIES = [
    "council", "public safety", '"public safety"', "council AND NOT mayor", "council OR river",
    "NOT council", "counc*", "c*l", "budgit~", "title:river", "date:2021", "date:[2021-03 TO 2022-06]",
    "(police OR court) AND (vote OR tax)", "council ANDMAYBE mayor", "title:(flood storm)^3 body:county",
    '"safety public"', '"council mayor budget"', "nothingatall", "date:>2023-01-01", '"council budget"~3',
    '"city city"', 'title:"river bridge"',
]


@pytest.mark.parametrize("text", QUERIES)
def test_same_documents_and_scores_as_whoosh(searcher, text: str) -> None:  # type: ignore[no-untyped-def]
    q = QueryParser(searcher.schema).parse(text)
    cols = Columns(Index(searcher))
    got = evaluate(q, cols)
    expected = {hit.docnum: hit.score for hit in searcher.search(q, limit=None)}
    assert got.ids.tolist() == sorted(expected)
    # Scores as Whoosh's, phrases included, except prefixes, wildcards and fuzzy words, on
    # purpose: the engine scores them as the Or of their words, each with the field's boost;
    # Whoosh gives each word a flat weight when several expand (constantscore) and drops the
    # field boost when one does.
    if not any(ch in text for ch in "*~"):
        assert np.allclose(got.scores, [expected[d] for d in got.ids.tolist()])
    assert not set(got.ids.tolist()) & {d for d in range(cols.size) if not cols.live[d]}


def test_dates_and_months_come_from_the_column(searcher) -> None:  # type: ignore[no-untyped-def]
    cols = Columns(Index(searcher))
    values, dated = cols.months()
    for d in range(0, cols.size, 17):
        date = searcher.stored_fields(d).get("date")
        assert dated[d] == (date is not None)
        if date is not None:
            assert values[d] == (date.year - 1970) * 12 + date.month - 1


def test_unknown_query_kinds_fall_back(searcher) -> None:  # type: ignore[no-untyped-def]
    from whoosh import query as wq

    with pytest.raises(Unsupported):
        evaluate(wq.Ordered([wq.Term("body", "council"), wq.Term("body", "mayor")]), Columns(Index(searcher)))


@pytest.mark.parametrize("writer", WRITERS[:2])
def test_phrases_with_far_apart_positions_match_as_in_whoosh(writer: str) -> None:
    """Positions 256 or more apart are stored in another pickle form than short gaps (and take
    two varint bytes in Morgue's positions file)."""
    ix = RamStorage().create_index(ArticleSchema())
    w = _writer(ix, writer, 1)
    filler = ["filler"] * 300
    bodies = [
        " ".join(filler + ["alpha", "beta"] + filler + ["alpha", "beta"]),  # far apart, twice
        " ".join(["alpha", "beta"]),  # a single position each
        " ".join(["alpha"] + filler + ["beta"]),  # both words, not a phrase
        " ".join(filler * 3 + ["beta", "alpha", "beta"]),  # a gap over 255
        " ".join(["alpha", "gamma", "beta"] + filler + ["alpha", "beta", "gamma"]),
    ]
    for n, body in enumerate(bodies):
        w.add_document(id=str(n), title="t", body=body, site="s")
    w.commit()
    with ix.searcher() as s:
        for text in ('"alpha beta"', '"beta alpha beta"', '"alpha beta gamma"', '"alpha beta"~3'):
            q = QueryParser(s.schema).parse(text)
            expected = sorted(hit.docnum for hit in s.search(q, limit=None))
            assert evaluate(q, Columns(Index(s))).ids.tolist() == expected, text


def test_a_prefix_is_not_stemmed_but_finds_the_stems_it_begins_with() -> None:
    ix = RamStorage().create_index(ArticleSchema())
    w = ix.writer()
    bodies = ["the old house", "households grew", "an hour later", "the university", "new housing", "universal"]
    for n, body in enumerate(bodies):
        w.add_document(id=str(n), title="t", body=body, site="s")
    w.commit()
    with ix.searcher() as s:
        parser = QueryParser(s.schema)
        found = {text: evaluate(parser.parse(text), Columns(Index(s))).ids.tolist() for text in ("hous*", "Universit*")}
    assert found["hous*"] == [0, 1, 4]  # not "hour"
    assert found["Universit*"] == [3, 5]  # "university" and "universal" are both indexed as "univers"


def test_an_index_with_no_documents_yet_matches_nothing() -> None:
    from index.search.facets import FieldFacet

    ix = RamStorage().create_index(ArticleSchema())
    with ix.searcher() as s:
        cols = Columns(Index(s))
        for text in ("council", '"public safety"', "counc*", "mayor~", "date:2024", "NOT council"):
            assert len(evaluate(QueryParser(s.schema).parse(text), cols)) == 0
        assert FieldFacet(cols, "person_facet").counts(np.zeros(0, dtype=bool), 10) == []


def test_positions_are_decoded_as_whoosh_decodes_them() -> None:
    """Gaps under 256, of two and four bytes, long lists, empty ones: the same positions as Whoosh's
    own ``decode_positions``, posting by posting."""
    import random

    from whoosh.formats import Positions

    from index.store.w3 import positions

    fmt, rng = Positions(), random.Random(7)
    values = []
    for _ in range(1500):
        top = rng.choice([300, 70_000, 10**7])
        values.append(fmt.encode(sorted(rng.sample(range(top), min(rng.choice([0, 1, 2, 3, 40, 300, 1500]), top)))))
    counts, flat = positions(values)
    assert np.split(flat, np.cumsum(counts)[:-1]) and [
        list(p) for p in np.split(flat, np.cumsum(counts)[:-1])] == [fmt.decode_positions(v) for v in values]


def test_unique_ints_is_numpys_unique() -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from index.search.engine import unique_ints

    @settings(max_examples=200, derandomize=True, deadline=None)
    @given(values=st.lists(st.integers(-(2**40), 2**40), max_size=50))
    def check(values: list[int]) -> None:
        a = np.asarray(values, dtype=np.int64)
        assert np.array_equal(unique_ints(a), np.unique(a))
        assert np.array_equal(unique_ints(np.sort(a), ascending=True), np.unique(a))

    check()
