"""A file read only in part (a truncated WARC) is indexed as far as it goes and reported as a problem."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from ingest_fixtures import FORMATS

from desktop.cli import main
from index.archive import Archive


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "saved"
    root.mkdir()
    shutil.copy(FORMATS / "plain.txt", root / "plain.txt")
    return root


def _cut_warc(folder: Path) -> Path:
    data = (FORMATS / "pages.warc.gz").read_bytes()
    path = folder / "crawl.warc.gz"
    path.write_bytes(data[: len(data) - 300])
    return path


def test_a_truncated_warc_is_indexed_and_reported(tmp_path: Path, folder: Path) -> None:
    warc = _cut_warc(folder)
    archive = Archive(tmp_path / "data")
    report = archive.index([folder], extract=False, processes=1)
    assert not report.ok
    [problem] = report.problems
    assert problem.path == str(warc)
    assert problem.reason.startswith("read in part: the file ends early after 5 records")
    assert archive.search('"wind farm"').total == 1
    assert archive.problems() == [(str(warc), problem.reason)]
    # The next run, with nothing changed, still says so.
    again = archive.index(extract=False, processes=1)
    assert [p.path for p in again.problems] == [str(warc)] and archive.search('"wind farm"').total == 1


def test_a_warc_truncated_after_indexing_keeps_every_article(tmp_path: Path, folder: Path) -> None:
    warc = folder / "crawl.warc.gz"
    shutil.copy(FORMATS / "pages.warc.gz", warc)
    archive = Archive(tmp_path / "data")
    assert archive.index([folder], extract=False, processes=1).ok
    assert archive.search('"breakfast clubs"').total == 1
    _cut_warc(folder)  # a sync that stopped half way
    report = archive.index(extract=False, processes=1)
    assert [p.path for p in report.problems] == [str(warc)]
    assert archive.search('"breakfast clubs"').total == 1  # the page after the break is not lost
    assert archive.search('"wind farm"').total == 1


def test_the_import_command_says_so_in_its_exit_status(
    tmp_path: Path, folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    warc = _cut_warc(folder)
    assert main(["--data", str(tmp_path / "data"), "index", "--no-extract", "--processes", "1", str(folder)]) == 1
    err = capsys.readouterr().err
    assert f"{warc}: read in part: the file ends early after 5 records" in err
    assert "; 1 unreadable;" in err
