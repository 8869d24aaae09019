"""Incremental indexing: stat pass, updates, deletions, interruptions, bad files, locks."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from index.archive import Archive
from index.errors import IndexLocked
from index.jobs import CancelToken, Progress
from index.pipeline import read, run, writers


def _seed_file(folder: Path, name: str, date: str, body: str) -> Path:
    path = folder / name
    path.write_text(f" date {date} {body}\n", encoding="utf-8")
    return path


@pytest.fixture()
def folder(tmp_path: Path, seed_path: Path) -> Path:
    root = tmp_path / "saved"
    root.mkdir()
    shutil.copy(seed_path, root / seed_path.name)
    _seed_file(root, "harbour.txt", "2024-03-02", "The harbour reopened after the storm.\n\nDock workers cheered.")
    (root / "sub").mkdir()
    _seed_file(root / "sub", "council.txt", "2024-05-10", "The council voted on the budget.\n\nIt passed narrowly.")
    return root


def _archive(tmp_path: Path) -> Archive:
    return Archive(tmp_path / "data")


def test_first_run_indexes_every_file(tmp_path: Path, folder: Path) -> None:
    archive = _archive(tmp_path)
    report = archive.index([folder], extract=False, processes=1)
    assert report.ok
    assert (report.files_seen, report.files_read, report.articles_added) == (3, 3, 3)
    assert archive.search("").total == 3
    assert archive.search("harbour").hits[0].title == "The harbour reopened after the storm."


def test_unchanged_archive_is_a_stat_pass(tmp_path: Path, folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    archive = _archive(tmp_path)
    archive.index([folder], extract=False, processes=1)

    def no_reading(*args: object, **kwargs: object) -> None:
        raise AssertionError("an unchanged file was read again")

    monkeypatch.setattr(read.ingest, "read_file", no_reading)
    monkeypatch.setattr(read.ingest, "read", no_reading)
    report = archive.index(extract=False, processes=1)
    assert (report.files_seen, report.files_unchanged, report.files_read) == (3, 3, 0)
    assert archive.search("").total == 3


def test_changed_file_is_updated_and_deleted_file_leaves(tmp_path: Path, folder: Path) -> None:
    archive = _archive(tmp_path)
    archive.index([folder], extract=False, processes=1)
    harbour = folder / "harbour.txt"
    _seed_file(folder, "harbour.txt", "2024-03-02", "The harbour stayed closed after the storm.\n\nNo ships came in.")
    os.utime(harbour, ns=(harbour.stat().st_atime_ns, harbour.stat().st_mtime_ns + 10**9))
    (folder / "sub" / "council.txt").unlink()
    report = archive.index(extract=False, processes=1)
    assert report.files_read == 1
    assert report.articles_removed >= 1  # the old harbour text and the council article
    assert archive.search("council").total == 0
    assert archive.search("reopened").total == 0
    assert archive.search('"stayed closed"').total == 1
    assert archive.search("").total == 2


def test_moving_the_archive_keeps_article_ids(tmp_path: Path, folder: Path, seed_path: Path) -> None:
    archive = _archive(tmp_path)
    archive.index([folder], extract=False, processes=1)
    before = {h.id for h in archive.search("", pagelen=50).hits}
    moved = tmp_path / "moved"
    folder.rename(moved)
    (moved / seed_path.name).rename(moved / "renamed.txt")
    archive.remove_root(folder)
    archive.index([moved], extract=False, processes=1)
    after = {h.id for h in archive.search("", pagelen=50).hits}
    assert before == after


def test_bad_files_are_reported_and_the_rest_goes_on(tmp_path: Path, folder: Path) -> None:
    (folder / "empty.txt").write_bytes(b"")
    (folder / "junk.html").write_bytes(bytes(range(256)) * 40)
    (folder / "broken.html.gz").write_bytes(b"\x1f\x8b\x08\x00" + b"\x00" * 20)
    archive = _archive(tmp_path)
    report = archive.index([folder], extract=False, processes=1)
    assert not report.ok
    bad = {Path(p.path).name: p.reason for p in report.problems}
    assert set(bad) == {"empty.txt", "junk.html", "broken.html.gz"}
    assert "empty" in bad["empty.txt"]
    assert all(reason for reason in bad.values())
    assert archive.search("").total == 3
    # Still reported on the next run, without reading them again.
    again = archive.index(extract=False, processes=1)
    assert {Path(p.path).name for p in again.problems} == set(bad)
    assert again.files_read == 0


def test_cancelled_run_keeps_a_usable_index_and_the_next_run_completes_it(
    tmp_path: Path, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for i in range(30):
        _seed_file(folder, f"extra-{i:02}.txt", "2023-01-01", f"Extra article number {i} about ferries.")
    archive = _archive(tmp_path)
    cancel = CancelToken()
    read_file = read.ingest.read
    reads: list[Path] = []

    def read_then_cancel(path: Path) -> object:
        # The user cancels while the 5th file is read (not through progress, which is throttled).
        reads.append(path)
        if len(reads) == 5:
            cancel.cancel()
        return read_file(path)

    monkeypatch.setattr(run, "COMMIT_EVERY_ARTICLES", 4)
    with monkeypatch.context() as m:
        m.setattr(read.ingest, "read", read_then_cancel)
        report = archive.index([folder], extract=False, processes=1, cancel=cancel)
    assert report.cancelled
    assert len(reads) < 33  # stopped at the end of the 5th file's task, not after every file
    partial = archive.search("").total
    assert 0 < partial < 33
    report = archive.index(extract=False, processes=1)
    assert not report.cancelled and report.ok
    assert archive.search("").total == 33
    assert report.files_read == 33 - report.files_unchanged


def test_progress_is_reported(tmp_path: Path, folder: Path) -> None:
    seen: list[Progress] = []
    _archive(tmp_path).index([folder], extract=False, processes=1, on_progress=seen.append)
    reading = [p for p in seen if p.phase == "reading"]
    assert reading and reading[-1].done == reading[-1].total == 3


def test_a_second_writer_gets_a_clear_error(tmp_path: Path, folder: Path) -> None:
    archive = _archive(tmp_path)
    archive.index([folder], extract=False, processes=1)
    _seed_file(folder, "new.txt", "2024-07-01", "A new article to write.")
    held = writers.IndexWriters(archive.ix_dir)
    try:
        with pytest.raises(IndexLocked, match="Another Morgue process"):
            archive.index(extract=False, processes=1)
        with pytest.raises(IndexLocked, match="Another Morgue process"):
            archive.rebuild()
    finally:
        held.cancel()
    assert archive.index(extract=False, processes=1).articles_added == 1


def test_two_processes_give_the_same_index(tmp_path: Path, folder: Path) -> None:
    for i in range(20):
        _seed_file(folder, f"extra-{i:02}.txt", "2023-01-01", f"Extra article number {i} about ferries.")
    one = Archive(tmp_path / "one")
    two = Archive(tmp_path / "two")
    one.index([folder], extract=False, processes=1)
    two.index([folder], extract=False, processes=2)
    ids = lambda a: {h.id for h in a.search("", pagelen=100).hits}  # noqa: E731
    assert ids(one) == ids(two) and len(ids(one)) == 23


def test_rebuild_recreates_the_index_from_the_store(tmp_path: Path, folder: Path) -> None:
    archive = _archive(tmp_path)
    archive.index([folder], extract=False, processes=1)
    assert archive.rebuild() == 3
    assert archive.search("harbour").total == 1


def test_removing_a_folder_removes_its_articles(tmp_path: Path, folder: Path) -> None:
    other = tmp_path / "other"
    other.mkdir()
    _seed_file(other, "quay.txt", "2024-06-01", "The old quay will become a park.")
    archive = _archive(tmp_path)
    archive.index([folder, other], extract=False, processes=1)
    assert archive.search("").total == 4
    archive.remove_root(other)
    report = archive.index(extract=False, processes=1)
    assert report.articles_removed == 1
    assert archive.search("quay").total == 0


def test_a_missing_folder_keeps_its_articles(tmp_path: Path, folder: Path) -> None:
    archive = _archive(tmp_path)
    archive.index([folder], extract=False, processes=1)
    away = tmp_path / "unmounted"
    folder.rename(away)
    report = archive.index(extract=False, processes=1)
    assert report.articles_removed == 0
    assert [p.path for p in report.problems] == [str(folder)]
    assert "not available" in report.problems[0].reason
    assert archive.search("").total == 3
    away.rename(folder)
    assert archive.index(extract=False, processes=1).ok


def test_the_same_article_in_two_new_files_is_one_document(tmp_path: Path, folder: Path, seed_path: Path) -> None:
    shutil.copy(seed_path, folder / "copy-of-seed.txt")
    archive = _archive(tmp_path)
    report = archive.index([folder], extract=False, processes=1)
    assert report.articles_duplicate == 1
    assert archive.search("Klippenstein").total == 1
    (folder / "copy-of-seed.txt").unlink()
    archive.index(extract=False, processes=1)
    assert archive.search("Klippenstein").total == 1


def test_a_crash_between_the_index_and_the_store_leaves_no_duplicates(
    tmp_path: Path, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    archive = _archive(tmp_path)

    def crash(*args: object, **kwargs: object) -> None:
        raise SystemExit("killed after Whoosh committed")

    with monkeypatch.context() as m:
        m.setattr(archive.store, "commit_batch", crash)
        with pytest.raises(SystemExit):
            archive.index([folder], extract=False, processes=1)
    report = archive.index(extract=False, processes=1)
    assert report.files_read == 3
    assert archive.search("").total == 3


def test_a_file_that_becomes_unreadable_keeps_its_article(tmp_path: Path, folder: Path) -> None:
    archive = _archive(tmp_path)
    archive.index([folder], extract=False, processes=1)
    harbour = folder / "harbour.txt"
    harbour.write_bytes(b"")
    report = archive.index(extract=False, processes=1)
    assert [Path(p.path).name for p in report.problems] == ["harbour.txt"]
    assert archive.search("harbour").total == 1
    _seed_file(folder, "harbour.txt", "2024-03-02", "The harbour is open again.")
    assert archive.index(extract=False, processes=1).ok
    assert archive.search('"open again"').total == 1


def test_deleting_one_of_two_saves_of_an_article_shows_the_other(tmp_path: Path) -> None:
    root = tmp_path / "saved"
    root.mkdir()
    for name, word in (("a.md", "zeppelin"), ("b.md", "balloon")):
        (root / name).write_text(f"---\ntitle: Airships\nsource: https://example.com/airships\n---\n\nA {word} flew.\n")
    archive = _archive(tmp_path)
    archive.index([root], extract=False, processes=1)
    assert archive.search("").total == 1
    survivor = "zeppelin" if archive.search("balloon").total else "balloon"
    gone = {"zeppelin": "b.md", "balloon": "a.md"}[survivor]
    (root / gone).unlink()
    archive.index(extract=False, processes=1)
    assert archive.search(survivor).total == 1
    assert archive.search("").total == 1


def test_an_index_of_an_older_schema_is_rebuilt_by_the_next_run(tmp_path: Path, folder: Path) -> None:
    archive = _archive(tmp_path)
    archive.index([folder], extract=False, processes=1)
    archive.store.set_meta("index_version", "1")
    assert archive.needs_rebuild
    report = archive.index(extract=False, processes=1)
    assert report.ok and not archive.needs_rebuild
    assert archive.search("harbour").total == 1


def test_a_fifo_is_reported_as_not_a_regular_file_and_the_rest_goes_on(tmp_path: Path, folder: Path) -> None:
    os.mkfifo(folder / "pipe.html")
    archive = _archive(tmp_path)
    report = archive.index([folder], extract=False, processes=1)  # must not block on the FIFO
    assert [(Path(p.path).name, p.reason) for p in report.problems] == [
        ("pipe.html", "is not a regular file (a pipe, socket or device)")]
    assert archive.search("").total == 3


def test_batches_grow_with_the_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """After the first, a run's batches take half of what it wrote so far, up to a cap: a bulk
    import writes few segments (2, 2, 2, 3, 4, 6, then the rest: 7 commits of 20, not 10)."""
    root = tmp_path / "saved"
    root.mkdir()
    for n in range(20):
        _seed_file(root, f"{n:02d}.txt", "2024-03-02", f"Story number {n} about the harbour.")
    monkeypatch.setattr(run, "COMMIT_EVERY_ARTICLES", 2)
    monkeypatch.setattr(run, "MAX_BATCH_ARTICLES", 100)
    sizes: list[int] = []
    flush = run._Batches.flush

    def counted(self: run._Batches, final: bool = False) -> None:
        sizes.append(len(self.articles))
        flush(self, final)

    monkeypatch.setattr(run._Batches, "flush", counted)
    report = _archive(tmp_path).index([root], extract=False, processes=1)
    assert report.articles_added == 20
    assert [s for s in sizes if s] == [2, 2, 2, 3, 4, 6, 1]
    monkeypatch.setattr(run, "MAX_BATCH_ARTICLES", 3)
    sizes.clear()
    for n in range(20):
        _seed_file(root, f"{n:02d}.txt", "2024-03-03", f"Story number {n} about the harbour, updated.")
    _archive(tmp_path).index([root], extract=False, processes=1)
    assert [s for s in sizes if s] == [2, 2, 2, 3, 3, 3, 3, 2]
