"""The writer's pool gives Whoosh's sorted postings back, held in memory or spilled to runs on disk."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from whoosh.filedb.filestore import FileStorage

from index.store.w3.pool import Pool

Posting = tuple[str, bytes, int, float, bytes]


def _pool(tmp_path: Path) -> Pool:
    return Pool(FileStorage(str(tmp_path)), None, limitmb=1)


def _as_added(n_docs: int, seed: int) -> list[Posting]:
    """Postings as a writer adds them: document after document, each field's distinct terms."""
    rng = random.Random(seed)
    out = []
    for doc in range(n_docs):
        for field in ("body", "id", "title"):
            terms = {b"t%03d" % rng.randrange(300) for _ in range(rng.randrange(8))}
            for t in terms:
                n = rng.randrange(1, 4)
                out.append((field, t, doc, n * 1.5, bytes([0, 0, 0, n]) + bytes(rng.randrange(256) for _ in range(n))))
    return out


@pytest.mark.parametrize("runs", [0, 1, 5])
def test_postings_come_back_as_whoosh_sorts_them(tmp_path: Path, runs: int) -> None:
    postings = _as_added(400, seed=runs)
    pool = _pool(tmp_path)
    step = len(postings) // (runs + 1)
    for k, p in enumerate(postings, 1):
        pool.add(p)
        if runs and k % step == 0 and len(pool.runs) < runs:
            pool.save()
    assert len(pool.runs) == runs
    out = list(pool.items(maxfiles=2))  # more runs than open at once: some are merged first
    assert out == sorted(postings)
    values = [p[4] for p in out]
    assert len({id(v) for v in values}) == len(values)  # each its own object, as Whoosh pickles them


def test_postings_added_out_of_order_come_back_sorted(tmp_path: Path) -> None:
    postings = _as_added(200, seed=7)
    shuffled = postings[:]
    random.Random(3).shuffle(shuffled)
    for save_every in (None, 997):
        pool = Pool(FileStorage(str(tmp_path)), None, limitmb=1)
        for k, p in enumerate(shuffled, 1):
            pool.add(p)
            if save_every and k % save_every == 0:
                pool.save()
        assert list(pool.items(maxfiles=3)) == sorted(postings)


def test_a_full_pool_spills_and_the_runs_are_removed(tmp_path: Path) -> None:
    storage = FileStorage(str(tmp_path))
    pool = Pool(storage, None, limitmb=1)
    postings = _as_added(8000, seed=1)
    for p in postings:
        pool.add(p)
    assert pool.runs  # a megabyte holds fewer postings than these
    assert list(pool.iter_postings()) == sorted(postings)
    assert not list(tmp_path.glob("*.run"))
