"""Fault injection: an indexing run and a rebuild killed at each of their write and rename steps
(``faults.step``, replaced in a forked child by one that kills it at the N-th step) leave an
archive that, reopened, holds every article once: at once after a rebuild, after the next run
after an indexing run."""

from __future__ import annotations

import multiprocessing
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from index.archive import Archive
from index.pipeline import faults, rebuild, run, writers
from index.store import schema

KILLED = 137


def _killed_at(n: int, data: Path, job: Callable[[Archive], object]) -> bool:
    """Run ``job`` in a forked child killed at its ``n``-th step; whether the kill happened."""

    def child() -> None:
        count = 0

        def step(name: str) -> None:
            nonlocal count
            count += 1
            if count == n:
                os._exit(KILLED)  # no clean-up, no flush: as a SIGKILL

        faults.step = step
        job(Archive(data))
        os._exit(0)

    proc = multiprocessing.get_context("fork").Process(target=child)
    proc.start()
    proc.join(60)
    assert proc.exitcode in (0, KILLED), f"the child failed at step {n} (exit code {proc.exitcode})"
    return proc.exitcode == KILLED


def _whoosh_ids(archive: Archive) -> list[str]:
    ix = writers.open_or_create(archive.ix_dir, schema.ARTICLES, schema.ArticleSchema())
    with ix.searcher() as s:
        return sorted(doc["id"] for doc in s.all_stored_fields())


def _holds_each_once(archive: Archive, expected: set[str]) -> None:
    ids = _whoosh_ids(archive)
    assert len(ids) == len(set(ids)), "an article is in the index twice"
    assert set(ids) == expected
    assert sorted(archive.store.article_ids()) == sorted(expected)
    assert archive.search("", pagelen=200).total == len(expected)
    assert not list(archive.data_dir.glob("whoosh.*")), "a rebuild's folder was left behind"


def _folder(tmp_path: Path, seed_path: Path, n: int) -> Path:
    root = tmp_path / "saved"
    root.mkdir(exist_ok=True)
    shutil.copy(seed_path, root / seed_path.name)
    for i in range(n):
        (root / f"ferry-{i:02}.txt").write_text(f" date 2024-01-{1 + i % 28:02} Ferry {i} left the harbour.\n",
                                                encoding="utf-8")
    return root


def _reference(tmp_path: Path, root: Path) -> set[str]:
    ref = Archive(tmp_path / "reference")
    ref.index([root], extract=False, processes=1)
    ids = set(ref.store.article_ids())
    ref.close()
    return ids


@pytest.fixture(autouse=True)
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(run, "COMMIT_EVERY_ARTICLES", 4)  # several batches, so kills land between them


def test_an_indexing_run_killed_at_any_step(tmp_path: Path, seed_path: Path) -> None:
    root = _folder(tmp_path, seed_path, 9)
    expected = _reference(tmp_path, root)
    steps = 0
    for n in range(1, 100):
        data = tmp_path / f"data-{n}"
        Archive(data).add_root(root)
        if not _killed_at(n, data, lambda a: a.index(extract=False, processes=1)):
            break
        steps += 1
        reopened = Archive(data)
        ids = _whoosh_ids(reopened)
        assert len(ids) == len(set(ids)) and set(ids) <= expected
        assert ids == sorted(reopened.store.article_ids()), f"Whoosh and the store disagree after step {n}"
        reopened.index(extract=False, processes=1)
        _holds_each_once(reopened, expected)
        reopened.close()
    assert steps >= 9  # three batches of three commits each, at least


def test_an_update_run_killed_at_any_step(tmp_path: Path, seed_path: Path) -> None:
    root = _folder(tmp_path, seed_path, 6)
    base = tmp_path / "base"
    Archive(base).index([root], extract=False, processes=1)
    (root / "ferry-00.txt").unlink()
    (root / "ferry-01.txt").write_text(" date 2024-02-01 Ferry one was renamed the Gull.\n", encoding="utf-8")
    (root / "quay.txt").write_text(" date 2024-02-02 The quay will become a park.\n", encoding="utf-8")
    expected = _reference(tmp_path, root)
    for n in range(1, 100):
        data = tmp_path / f"data-{n}"
        shutil.copytree(base, data)
        if not _killed_at(n, data, lambda a: a.index(extract=False, processes=1)):
            break
        reopened = Archive(data)
        reopened.index(extract=False, processes=1)
        _holds_each_once(reopened, expected)
        assert reopened.search("gull").total == 1 and reopened.search('"ferry 0"').total == 0
        reopened.close()
    assert n > 3


def test_a_rebuild_killed_at_any_step(tmp_path: Path, seed_path: Path) -> None:
    root = _folder(tmp_path, seed_path, 6)
    base = tmp_path / "base"
    Archive(base).index([root], extract=False, processes=1)
    expected = _reference(tmp_path, root)
    for n in range(1, 100):
        data = tmp_path / f"data-{n}"
        shutil.copytree(base, data)
        if not _killed_at(n, data, lambda a: a.rebuild()):
            break
        reopened = Archive(data)  # at once: no run needed
        _holds_each_once(reopened, expected)
        assert reopened.rebuild() == len(expected)
        _holds_each_once(reopened, expected)
        reopened.close()
    assert n > 6, "the rebuild has fewer steps than expected"
    assert rebuild.COMPLETE not in os.listdir(tmp_path / f"data-{n}" / "whoosh")


def test_opening_recovers_a_swap_interrupted_between_the_renames(tmp_path: Path, seed_path: Path) -> None:
    root = _folder(tmp_path, seed_path, 3)
    archive = Archive(tmp_path / "data")
    archive.index([root], extract=False, processes=1)
    expected = set(archive.store.article_ids())
    archive.close()
    ix = tmp_path / "data" / "whoosh"
    shutil.copytree(ix, rebuild.new_dir(ix))
    (rebuild.new_dir(ix) / rebuild.COMPLETE).touch()
    ix.rename(rebuild.old_dir(ix))  # killed here: no whoosh/, the new index complete beside it
    _holds_each_once(Archive(tmp_path / "data"), expected)
    shutil.copytree(ix, rebuild.new_dir(ix))  # an unfinished new index, and the old one moved away
    ix.rename(rebuild.old_dir(ix))
    _holds_each_once(Archive(tmp_path / "data"), expected)
