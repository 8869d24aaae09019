"""When Whoosh's private format is not what ``index.store.w3`` expects (a check at open, or a
decoding error at search time), searches run in Whoosh's own search instead, logged once, and
find the same articles. The known differences of that fallback are listed here and checked."""

from __future__ import annotations

import datetime as dt
import logging
import random
import struct

import numpy as np
import pytest
from whoosh.filedb.filestore import RamStorage

from index.archive import Archive
from index.search.engine import Columns, evaluate, expanded
from index.search.query import QueryParser
from index.store.schema import ArticleSchema
from index.store.w3 import guard, pin, posfile, poslists
from index.store.w3 import read as w3

WORDS = ["council", "mayor", "budget", "police", "safety", "public", "housing", "river", "bridge", "school", "vote"]

# The fallback's known differences (the module docstring of index.store.w3 lists them too):
# - facet tables are not saved beside the index (``test_facets`` checks the counts themselves);
# - a query kind the engine does not evaluate already ran in Whoosh: nothing changes for it;
# - scores: the same for every query below (Whoosh's matchers add in another order: 1e-9).
# Matches, totals, dates and field lengths are the same: checked below.


@pytest.fixture(autouse=True)
def fresh_warnings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(guard, "_warned", set())
    monkeypatch.delenv(w3.PUBLIC_ENV, raising=False)


@pytest.fixture(scope="module")
def searcher():  # type: ignore[no-untyped-def]
    rng = random.Random(5)
    ix = RamStorage().create_index(ArticleSchema())
    for start in (0, 150, 300):  # three segments, then deletions
        w = ix.writer()
        for n in range(start, start + 150):
            body = " ".join(rng.choices(WORDS, k=rng.randint(5, 400)))
            date = dt.datetime(2020, 1, 1) + dt.timedelta(days=rng.randint(0, 1500))
            w.add_document(id=str(n), title=" ".join(rng.sample(WORDS, 2)), body=body, site="s", date=date)
        w.commit(merge=False)
    w = ix.writer()
    for n in range(0, 450, 11):
        w.delete_by_term("id", str(n))
    w.commit(merge=False)
    with ix.searcher() as s:
        yield s


QUERIES = ["council", "public safety", '"public safety"', "council OR river", "council AND NOT mayor",
           "NOT council", "counc*", "c*l", "budgit~", "title:river", "date:2021", '"council budget"~3']


def test_the_self_check_passes_on_a_sound_index(searcher) -> None:  # type: ignore[no-untyped-def]
    index = w3.open_index(searcher)
    assert not index.public and w3.self_check(index) is None


@pytest.mark.parametrize("text", QUERIES)
def test_the_fallback_finds_what_the_engine_finds(searcher, text: str) -> None:  # type: ignore[no-untyped-def]
    q = QueryParser(searcher.schema).parse(text)
    fast = Columns(w3.Index(searcher))
    public = Columns(w3.PublicIndex(searcher))
    got = evaluate(q, fast)
    ids, scores = public.index.whoosh_search(expanded(q, public), None)
    assert ids.tolist() == got.ids.tolist()
    assert np.allclose(scores, got.scores), text
    # The columns read through the public API are the same.
    assert np.array_equal(public.live, fast.live)
    assert all(np.array_equal(a, b) for a, b in zip(public.numeric("date"), fast.numeric("date"), strict=True))
    assert np.array_equal(public.lengths("body"), fast.lengths("body"))


def test_a_failed_self_check_opens_whoosh_public_search(searcher, monkeypatch, caplog) -> None:  # type: ignore[no-untyped-def]
    real = w3._decode_postings

    def drifted(postfile, info, positions):  # type: ignore[no-untyped-def]
        ids, weights, values = real(postfile, info, positions)
        return ids + 1, weights, values  # as if the id encoding had changed

    monkeypatch.setattr(w3, "_decode_postings", drifted)
    with caplog.at_level(logging.WARNING, logger=w3.__name__):
        assert w3.open_index(searcher).public
        assert w3.open_index(searcher).public
    assert len([r for r in caplog.records if "own (slower) search" in r.getMessage()]) == 1


def test_another_whoosh_version_opens_the_public_search(searcher, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(pin.whoosh, "__version__", (2, 7, 6))
    assert w3.open_index(searcher).public


def _archive(tmp_path, seed_path) -> Archive:  # type: ignore[no-untyped-def]
    import shutil

    root = tmp_path / "saved"
    root.mkdir()
    shutil.copy(seed_path, root)
    (root / "ferry.txt").write_text(" date 2024-01-15 Ferry service resumed.\n\nThe harbour master spoke.\n")
    a = Archive(tmp_path / "data")
    assert a.index([root], extract=False, processes=1).ok
    return a


def test_a_decoding_error_at_search_time_falls_back_once(tmp_path, seed_path, monkeypatch, caplog) -> None:  # type: ignore[no-untyped-def]
    a = _archive(tmp_path, seed_path)
    before = {q: [h.id for h in a.search(q).hits] for q in ("ferry", "harbour", "Klippenstein")}
    assert a.search("ferry").total == 1  # opened on the engine, ferry's postings cached

    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise struct.error("unpack requires a buffer of 4 bytes")

    monkeypatch.setattr(w3, "_decode_postings", broken)
    a.searcher.close()  # a fresh searcher: nothing cached, the self-check fails too
    with caplog.at_level(logging.WARNING, logger=w3.__name__):
        after = {q: [h.id for h in a.search(q).hits] for q in before}
    assert after == before
    assert a.searcher._columns().index.public


def test_a_decoding_error_after_opening_is_not_a_crash(tmp_path, seed_path, monkeypatch, caplog) -> None:  # type: ignore[no-untyped-def]
    a = _archive(tmp_path, seed_path)
    assert a.search("ferry").total == 1  # opened and checked on the engine
    expected = [h.id for h in a.search("harbour").hits]

    a.searcher._columns()._postings.clear()
    monkeypatch.setattr(poslists, "_positions", lambda *args: (_ for _ in ()).throw(IndexError("bad opcode")))
    monkeypatch.setattr(w3, "_decode_postings", lambda *args: (_ for _ in ()).throw(struct.error("short")))
    # A body word's documents come from the positions file: broken the same way.
    monkeypatch.setattr(posfile.Stored, "postings", lambda *args: (_ for _ in ()).throw(struct.error("short")))
    with caplog.at_level(logging.WARNING, logger=w3.__name__):
        assert [h.id for h in a.search("harbour").hits] == expected
        assert a.search('"harbour master"').total == 1
        assert a.months("ferry") == [("2024-01", 1)]
    warnings = [r.getMessage() for r in caplog.records if "own (slower) search" in r.getMessage()]
    assert len(warnings) == 1 and "harbour" in warnings[0]
