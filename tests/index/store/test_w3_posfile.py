"""Morgue's positions file beside each segment (``index.store.w3.posfile``): written by Morgue's
writer for new segments, merges and rebuilds, cleaned with its segment, read by phrases; a
segment without one, or with one that is not what it should be, reads Whoosh's positions and
finds the same articles."""

from __future__ import annotations

import datetime as dt
import itertools
import logging
import random
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh.filedb.filestore import FileStorage
from whoosh.formats import Positions

from index.search.engine import Columns, evaluate
from index.search.query import QueryParser
from index.store.schema import ArticleSchema
from index.store.w3 import guard, posfile
from index.store.w3 import read as w3
from index.store.w3 import write as w3_writer

WORDS = ["the", "council", "of", "mayor", "budget", "river", "bridge", "vote", "city", "court"]
PHRASES = ['"the council"', '"council of the"', '"of the"', '"the the"', '"mayor budget river"', '"river city"~3',
           'title:"the mayor"', '"court of the city"', '"bridge vote"~2', '"nothing here"', '"the nothing"']


@pytest.fixture(autouse=True)
def fresh_warnings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(guard, "_warned", set())
    monkeypatch.delenv(w3.PUBLIC_ENV, raising=False)


def _add(w, rng: random.Random, start: int, n: int) -> None:  # type: ignore[no-untyped-def]
    for d in range(start, start + n):
        long = rng.random() < 0.1  # gaps over 127 (two varint bytes) and over 255 (another pickle form)
        k = rng.randint(0, 3000 if long else 120)
        words = rng.choices(WORDS, weights=[1 / (i + 1) for i in range(len(WORDS))], k=k)
        if long:
            words[5:400] = ["filler"] * 395
        date = dt.datetime(2020, 1, 1) + dt.timedelta(days=d)
        w.add_document(id=str(d), title=" ".join(rng.sample(WORDS, 3)), body=" ".join(words), site="s", date=date)


def _index(folder: Path, segments: int = 3, per: int = 120, morgue: tuple[bool, ...] = (True, True, True)):  # type: ignore[no-untyped-def]
    rng = random.Random(3)
    ix = FileStorage(str(folder)).create_index(ArticleSchema(), indexname="articles")
    for n in range(segments):
        w = w3_writer.writer(ix, limitmb=32) if morgue[n] else ix.writer()
        _add(w, rng, n * per, per)
        w.commit(merge=False)
    return ix


def _delete(ix, every: int = 7) -> None:  # type: ignore[no-untyped-def]
    w = ix.writer()
    for d in range(0, ix.doc_count_all(), every):
        w.delete_by_term("id", str(d))
    w.commit(merge=False)


def _same_as_whoosh(ix) -> None:  # type: ignore[no-untyped-def]
    with ix.searcher() as s:
        index = w3.open_index(s)
        assert not index.public
        cols = Columns(index)
        for text in PHRASES:
            q = QueryParser(s.schema).parse(text)
            expected = {hit.docnum: hit.score for hit in s.search(q, limit=None)}
            got = evaluate(q, cols)
            assert got.ids.tolist() == sorted(expected), text
            assert np.allclose(got.scores, [expected[d] for d in got.ids.tolist()]), text


def _files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.suffix == posfile.EXT)


def test_every_term_s_positions_are_whoosh_s(tmp_path: Path) -> None:
    ix = _index(tmp_path)
    fmt = Positions()
    with ix.searcher() as s:
        index = w3.open_index(s)
        for seg in index.segments:
            stored = seg.stored_positions()
            assert stored is not None and set(stored.fields) == {"body", "title"}
            for field, (lo, hi) in stored.fields.items():
                for n in range(lo, hi):
                    btext = stored.key(n)
                    assert stored.term(field, btext) == n
                    m = seg._leaf.postings(field, btext)
                    ids, weights, lists = [], [], []
                    while m.is_active():
                        ids.append(m.id())
                        weights.append(m.weight())
                        lists.append(fmt.decode_positions(m.value()))
                        m.next()
                    got_ids, got_weights, begins, lens = stored.postings(n)
                    assert got_ids.tolist() == ids and got_weights is not None and got_weights.tolist() == weights
                    counts, flat = posfile.decoded(stored, begins, lens)
                    assert [p.tolist() for p in np.split(flat, np.cumsum(counts)[:-1])] == lists
            assert stored.term("body", b"absent") is None and stored.term("site", b"s") is None


def test_the_file_does_not_depend_on_the_chunk_it_is_written_in(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """The recorder writes its postings a chunk at a time and decodes their positions a few bytes
    at a time (to bound its memory): chunks of a few postings, which split the terms' data many
    times over, and terms decoded a posting or a few at a time give the same bytes as one chunk."""
    contents = []
    for n, (chunk, decode) in enumerate(((1, 1), (7, 40), (10**9, 1), (10**9, 60), (10**9, 10**9))):
        monkeypatch.setattr(posfile, "_CHUNK", chunk)
        monkeypatch.setattr(posfile, "_DECODE_BYTES", decode)
        folder = tmp_path / str(n)
        folder.mkdir()
        _index(folder)
        contents.append(sorted((folder / name).read_bytes() for name in _files(folder)))
    assert len(contents[0]) == 3
    assert all(c == contents[-1] for c in contents)


def test_the_lexicon_from_the_files_is_whoosh_s(tmp_path: Path) -> None:
    """Prefixes and fuzzy words list a field's terms from the positions files (Whoosh's where a
    segment has none): the same terms, in the same order, with deletions and mixed segments."""
    ix = _index(tmp_path, morgue=(True, False, True))
    _delete(ix)
    with ix.searcher() as s:
        index = w3.open_index(s)
        assert [seg.stored_positions() is not None for seg in index.segments][:3] == [True, False, True]
        for field in ("body", "title", "site", "id"):
            assert index.lexicon(field) == list(s.reader().lexicon(field)), field
        one = index.segments[0]
        assert one.terms("body") == list(one._leaf.lexicon("body"))
        assert index.lexicon("absent") == []


def test_varints_of_large_values() -> None:
    values = np.array([0, 1, 127, 128, 255, 16383, 16384, 2**21, 2**28 + 5, 2**32 - 1], dtype=np.int64)
    data, sizes = posfile.varints(values)
    assert sizes.tolist() == [1, 1, 1, 2, 2, 2, 3, 4, 5, 5]
    assert data[:4].tolist() == [0, 1, 127, 0x80]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.integers(0, 70_000), min_size=1, max_size=40).map(sorted), min_size=1, max_size=30),
       st.data())
def test_keys_from_varints_are_the_positions_plus_their_base(lists: list[list[int]], data: st.DataObject) -> None:
    """``keyed`` (one gather, one-byte gaps as they are, longer varints mended apart, one running
    sum restarting at each posting) against each posting's positions added up one by one."""
    gaps = [[p[0], *np.diff(p).tolist()] for p in lists]
    blobs = [posfile.varints(np.array(g, dtype=np.int64))[0] for g in gaps]
    lens = np.array([b.size for b in blobs], dtype=np.int64)
    begins = np.cumsum(lens) - lens
    stored = SimpleNamespace(data=np.concatenate(blobs))
    picked = sorted(data.draw(st.sets(st.integers(0, len(lists) - 1), min_size=1)))
    bases = np.array(data.draw(st.lists(st.integers(0, 5), min_size=len(picked), max_size=len(picked))),
                     dtype=np.int64).cumsum() << 32
    counts, keys = posfile.keyed(stored, begins[picked], lens[picked], bases)  # type: ignore[arg-type]
    assert counts.tolist() == [len(lists[n]) for n in picked]
    assert keys.tolist() == [int(b) + p for n, b in zip(picked, bases, strict=True) for p in lists[n]]


def test_keys_in_pieces_are_the_keys(tmp_path: Path) -> None:
    """A phrase reads a common word's keys a piece at a time: pieces of any size, over Morgue's
    segments and one of Whoosh's, add up to the keys of each posting's positions."""
    ix = _index(tmp_path, morgue=(True, False, True))
    rng = random.Random(5)
    with ix.searcher() as s:
        index = w3.open_index(s)
        words = list(s.reader().lexicon("body"))
        assert len(words) == len(WORDS) + 1  # with the long pages' filler
        for word in words:
            where = index.positions("body", word)
            ids = where.ids
            docs = np.array(sorted(rng.sample(ids.tolist(), max(1, ids.size // 3))), dtype=np.int64)
            labels = np.arange(docs.size, dtype=np.int64) * 2
            expected = [(int(label) << 32) + p for d, label in zip(docs.tolist(), labels, strict=True)
                        for p in _positions(s, word, d)]
            span = np.int64(1 << 32)
            assert where.keys(docs, labels, span).tolist() == expected, word
            for size in (1, 5, 1000):
                pieces = list(where.chunks(docs, labels, span, positions=size))
                assert np.concatenate(pieces).tolist() == expected, (word, size)
                assert all(a[-1] < b[0] for a, b in itertools.pairwise(pieces)), (word, size)
            assert len(list(where.chunks(docs, labels, span, positions=1))) == docs.size


def _positions(s, word: bytes, doc: int) -> list[int]:  # type: ignore[no-untyped-def]
    m = s.reader().postings("body", word)
    m.skip_to(doc)
    assert m.id() == doc
    return list(Positions().decode_positions(m.value()))


def test_phrases_with_deletions_and_mixed_segments(tmp_path: Path) -> None:
    """Morgue's segments and one of Whoosh's own writer (an older index) side by side, deletions."""
    ix = _index(tmp_path, morgue=(True, False, True))
    assert len(_files(tmp_path)) == 2
    _delete(ix)
    _same_as_whoosh(ix)


def test_phrases_matched_a_piece_at_a_time_are_whoosh_s(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A phrase matches a later word's keys a piece at a time: pieces of two positions, which cut
    every candidate's positions apart, find what Whoosh finds (mixed segments, deletions)."""
    monkeypatch.setattr(posfile, "CHUNK_POSITIONS", 2)
    ix = _index(tmp_path, morgue=(True, False, True))
    _delete(ix)
    _same_as_whoosh(ix)


def test_a_merge_by_morgue_s_writer_writes_the_merged_segment_s_file(tmp_path: Path) -> None:
    ix = _index(tmp_path)
    _delete(ix)
    before = _files(tmp_path)
    w = w3_writer.writer(ix, limitmb=32)
    _add(w, random.Random(9), 1000, 10)
    w.commit(optimize=True)
    after = _files(tmp_path)
    assert len(after) == 1 and not set(after) & set(before)  # the old files went with their segments
    with ix.searcher() as s:
        (seg,) = w3.open_index(s).segments
        assert seg.stored_positions() is not None
    _same_as_whoosh(ix)


def test_a_merge_by_whoosh_s_own_writer_leaves_a_segment_without_a_file(tmp_path: Path) -> None:
    ix = _index(tmp_path)
    _delete(ix)
    w = ix.writer()
    _add(w, random.Random(9), 1000, 10)
    w.commit(optimize=True)
    assert _files(tmp_path) == []
    with ix.searcher() as s:
        (seg,) = w3.open_index(s).segments
        assert seg.stored_positions() is None
    _same_as_whoosh(ix)


def test_a_broken_file_is_not_used(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    ix = _index(tmp_path)
    first = tmp_path / _files(tmp_path)[0]
    first.write_bytes(first.read_bytes()[:100])  # cut short
    with caplog.at_level(logging.WARNING, "index.store.w3.posfile"), ix.searcher() as s:
        stored = [seg.stored_positions() is not None for seg in w3.open_index(s).segments]
    assert sorted(stored) == [False, True, True]
    assert "not used" in caplog.text
    _same_as_whoosh(ix)


def test_a_file_that_disagrees_with_whoosh_is_dropped_at_open(tmp_path: Path,
                                                               caplog: pytest.LogCaptureFixture) -> None:
    """The check at open compares a few terms of each file with Whoosh's postings."""
    ix = _index(tmp_path, segments=1, per=300)
    (name,) = _files(tmp_path)
    with ix.searcher() as s:
        stored = w3.open_index(s).segments[0].stored_positions()
        assert stored is not None
        lo, _ = stored.fields["body"]
        _, _, begins, _ = stored.postings(lo)
        at = posfile._HEADER_SIZE + int(begins[0])
    raw = bytearray((tmp_path / name).read_bytes())
    raw[at] = (raw[at] + 1) % 0x80  # another first position, still a valid varint
    (tmp_path / name).write_bytes(bytes(raw))
    with caplog.at_level(logging.WARNING, "index.store.w3.read"), ix.searcher() as s:
        index = w3.open_index(s)
        assert not index.public and index.segments[0].stored_positions() is None
    assert "positions files are not the expected ones" in caplog.text
    _same_as_whoosh(ix)


def test_the_public_writer_writes_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(w3.PUBLIC_ENV, "1")
    _index(tmp_path, segments=1)
    assert _files(tmp_path) == []


def test_weights_that_are_not_one_factor_of_the_positions_come_from_whoosh(tmp_path: Path) -> None:
    """A boosted document's postings weigh more than their positions: the term's weights are Whoosh's."""
    ix = FileStorage(str(tmp_path)).create_index(ArticleSchema(), indexname="articles")
    w = w3_writer.writer(ix, limitmb=32)
    for d in range(40):
        w.add_document(id=str(d), title="the council", body="the council of the city " * (d % 5 + 1), site="s",
                       _boost=2.0 if d % 3 == 0 else 1.0)
    w.commit()
    with ix.searcher() as s:
        stored = w3.open_index(s).segments[0].stored_positions()
        assert stored is not None
        n = stored.term("body", b"council")
        assert n is not None and stored.postings(n)[1] is None
    _same_as_whoosh(ix)
