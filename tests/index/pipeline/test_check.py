"""``Archive.check``: the store's integrity, the search index against the store, the bookmarks;
``repair`` re-indexes missing or extra documents and rebuilds an index that cannot be read."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from index.archive import Archive
from index.pipeline import agreement
from index.pipeline.writers import IndexWriters


@pytest.fixture()
def archive(tmp_path: Path, seed_path: Path) -> Archive:
    root = tmp_path / "saved"
    root.mkdir()
    shutil.copy(seed_path, root / seed_path.name)
    for i in range(3):
        (root / f"n{i}.txt").write_text(f" date 2024-03-0{i + 1} Harbour note {i}.\n\nBody {i}.\n", "utf-8")
    a = Archive(tmp_path / "data")
    a.index([root], extract=False, processes=1)
    return a


def test_a_whole_archive_checks_clean(archive: Archive) -> None:
    for quick in (False, True):
        report = archive.check(quick=quick)
        assert report.ok, report.findings
        assert [f.message for f in report.findings] == [
            "The store (4 articles) is whole.", "The search index holds the store's 4 articles.",
            "There are no bookmarks yet."]


def test_no_segment_is_copied_into_memory(archive: Archive, monkeypatch: pytest.MonkeyPatch) -> None:
    """Whoosh reads every file of a memory-mapped segment into a private copy: the check (run each
    time an archive opens), indexing and a rebuild open segments without the map."""
    from whoosh.filedb import compound

    opened = compound.CompoundStorage.__init__
    mapped: list[bool] = []

    def spy(self: object, dbfile: object, use_mmap: bool = True, basepos: int = 0) -> None:
        mapped.append(use_mmap)
        opened(self, dbfile, use_mmap, basepos)

    monkeypatch.setattr(compound.CompoundStorage, "__init__", spy)
    for quick in (True, False):
        assert archive.check(quick=quick).ok
    (archive.roots[0] / "n9.txt").write_text("Harbour note 9.\n\nBody 9.\n", "utf-8")
    archive.index(extract=False, processes=1)
    archive.rebuild()
    assert mapped and not any(mapped)


def _drop_document(archive: Archive) -> str:
    """Remove one article from Whoosh behind the store's back, keeping the generation it records."""
    aid = archive.store.article_ids()[0]
    writers = IndexWriters(archive.ix_dir)
    writers.remove(aid)
    writers.commit(reopen=False)
    archive.store.set_meta(agreement.GENERATION, str(agreement.generation(archive.ix_dir)))
    return aid


def test_a_missing_document_is_found_and_repaired(archive: Archive) -> None:
    _drop_document(archive)
    quick = archive.check(quick=True)
    assert not quick.ok
    assert quick.problems[0].message.startswith("The search index holds 3 articles and the store 4")
    full = archive.check()
    assert "lacks 1 of the store's articles and has 0" in full.problems[0].message
    assert "`morgue check --repair`" in full.problems[0].message
    repaired = archive.check(repair=True)
    assert repaired.ok
    assert repaired.repaired == ["The search index was repaired from the store: 1 articles indexed, 0 removed."]
    assert archive.search("").total == 4


def test_an_unreadable_index_is_rebuilt(archive: Archive) -> None:
    archive.searcher.close()
    for toc in archive.ix_dir.glob("_*.toc"):
        toc.write_bytes(b"garbage")
    reopened = Archive(archive.data_dir)  # opens, leaving the index to the check
    report = reopened.check(quick=True)
    assert [f.part for f in report.problems] == ["search index"]
    assert "cannot be read" in report.problems[0].message
    repaired = reopened.check(repair=True)
    assert repaired.ok and repaired.repaired == ["The search index was rebuilt from the store (4 articles)."]
    assert reopened.search("harbour").total == 3


def test_a_damaged_bookmarks_database_is_a_problem(archive: Archive) -> None:
    (archive.data_dir / "bookmarks.sqlite").write_bytes(b"SQLite format 3\0" + b"\xff" * 200)
    report = archive.check()
    assert [f.part for f in report.problems] == ["bookmarks"]
    assert "is damaged" in report.problems[0].message
