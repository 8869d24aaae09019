"""A full disk (ENOSPC, EDQUOT) while Whoosh writes or while archive.json is saved: one sentence
naming the data folder, no temporary files left, nothing corrupted (the next run completes)."""

from __future__ import annotations

import errno
import gc
import os
import shutil
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.structfile import StructFile

from index.archive import Archive
from index.errors import DiskFull
from index.pipeline import run


def _folder(tmp_path: Path, seed_path: Path) -> Path:
    root = tmp_path / "saved"
    root.mkdir()
    shutil.copy(seed_path, root / seed_path.name)
    for i in range(12):
        (root / f"ferry-{i:02}.txt").write_text(f" date 2024-01-{1 + i:02} Ferry {i} left the harbour.\n",
                                                encoding="utf-8")
    return root


def _leftovers(data: Path) -> list[str]:
    return sorted(str(p.relative_to(data)) for p in data.rglob("*") if p.suffix == ".tmp" or ".tmp" in p.parts[-2:])


class _Filling:
    """A file whose writes fail as on a full disk from the disk's n-th write on."""

    writes = 0

    def __init__(self, file: Any, n: int, code: int) -> None:
        self._file, self._n, self._code = file, n, code

    def write(self, data: Any) -> int:
        _Filling.writes += 1
        if _Filling.writes >= self._n:
            raise OSError(self._code, os.strerror(self._code))
        return int(self._file.write(data))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._file, name)


def _fill_disk_at(monkeypatch: pytest.MonkeyPatch, n: int, code: int) -> None:
    """Whoosh's n-th write to a file (and every later one) fails as on a full disk."""
    create = FileStorage.create_file
    _Filling.writes = 0

    def create_file(self: FileStorage, name: str, **kwargs: Any) -> StructFile:
        f = create(self, name, **kwargs)
        f.file = _Filling(f.file, n, code)
        return f

    monkeypatch.setattr(FileStorage, "create_file", create_file)


# Whoosh does not close a file whose write failed: the garbage collector does, with a warning.
leaked_files = pytest.mark.filterwarnings("ignore::ResourceWarning", "ignore::pytest.PytestUnraisableExceptionWarning")


@pytest.fixture(autouse=True)
def close_leaked_files() -> Iterator[None]:
    """Collect the files Whoosh leaked here, so no later test gets their warnings."""
    yield
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        gc.collect()


@leaked_files
@pytest.mark.parametrize(("n", "code"), [(1, errno.ENOSPC), (5, errno.EDQUOT), (40, errno.ENOSPC), (300, errno.ENOSPC),
                                         (2000, errno.ENOSPC), (6000, errno.ENOSPC)])
def test_a_full_disk_while_indexing_says_so_and_leaves_nothing_behind(
    tmp_path: Path, seed_path: Path, monkeypatch: pytest.MonkeyPatch, n: int, code: int
) -> None:
    root = _folder(tmp_path, seed_path)
    data = tmp_path / "data"
    archive = Archive(data)
    archive.add_root(root)
    monkeypatch.setattr(run, "COMMIT_EVERY_ARTICLES", 4)
    with monkeypatch.context() as m:
        _fill_disk_at(m, n, code)
        try:
            archive.index(extract=False, processes=1)
        except DiskFull as exc:
            assert str(exc) == f"The disk holding {data} is full: free space and run `morgue index` again."
        else:
            pytest.skip(f"the run writes fewer than {n} times")
    assert _leftovers(data) == []
    assert archive.search("").total <= 13  # what was committed still opens
    reopened = Archive(data)
    assert reopened.index(extract=False, processes=1).ok
    assert reopened.search("").total == 13
    assert sorted(reopened.store.article_ids()) == sorted({h.id for h in reopened.search("", pagelen=50).hits})


@leaked_files
def test_a_full_disk_while_rebuilding_keeps_the_index(
    tmp_path: Path, seed_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    archive = Archive(data)
    archive.index([_folder(tmp_path, seed_path)], extract=False, processes=1)
    with monkeypatch.context() as m:
        _fill_disk_at(m, 200, errno.ENOSPC)
        with pytest.raises(DiskFull, match="is full: free space"):
            archive.rebuild()
    assert _leftovers(data) == [] and not (data / "whoosh.rebuild").exists()
    assert Archive(data).search("harbour").total == 12


def test_a_full_disk_while_saving_the_settings_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    archive = Archive(data)
    archive.add_root(tmp_path)
    more = tmp_path / "more"
    more.mkdir()

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    with monkeypatch.context() as m:
        m.setattr(os, "fsync", full)
        with pytest.raises(DiskFull, match=f"The disk holding {data} is full"):
            archive.add_root(more)
    assert not (data / "archive.tmp").exists()
    assert Archive(data).roots == (tmp_path,)  # the settings as they were
