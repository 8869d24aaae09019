"""Whoosh and the store hold the same articles: file names that are not UTF-8, failed batches,
and an index that disagrees with the store when the archive opens."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from index.archive import Archive
from index.pipeline import writers
from index.store import schema

PAGE = (b"<html><head><title>Storm over the bay</title></head><body><article>"
        b"<p>The harbour reopened after a long storm in the bay, the port authority said.</p>"
        b"<p>Dock workers cheered as the first ferry came in.</p></article></body></html>")


def _ids_in_whoosh(archive: Archive) -> list[str]:
    ix = writers.open_or_create(archive.ix_dir, schema.ARTICLES, schema.ArticleSchema())
    with ix.searcher() as s:
        return sorted(doc["id"] for doc in s.all_stored_fields())


def test_a_file_name_that_is_not_utf8_is_imported_and_kept_losslessly(tmp_path: Path) -> None:
    root = tmp_path / "saved"
    root.mkdir()
    name = os.path.join(os.fsencode(root), b"bad\xff.html")
    with open(name, "wb") as f:
        f.write(PAGE)
    (root / "harbour.txt").write_text(" date 2024-03-02 The quay was rebuilt.\n", encoding="utf-8")
    archive = Archive(tmp_path / "data")
    report = archive.index([root], extract=False, processes=1)
    assert report.ok and report.articles_added == 2
    hit = archive.search("ferry").hits[0]
    source = archive.article(hit.id).source
    assert os.fsencode(source) == name  # the very bytes of the name
    assert os.fsencode(next(p for p in archive.store.files() if "bad" in p)) == name
    again = archive.index(extract=False, processes=1)
    assert (again.files_read, again.files_unchanged) == (0, 2)
    os.unlink(name)
    gone = archive.index(extract=False, processes=1)
    assert gone.articles_removed == 1 and archive.search("ferry").total == 0
    assert archive.store.files().keys() == {str(root / "harbour.txt")}


def test_an_unreadable_file_with_such_a_name_is_reported_by_its_name(tmp_path: Path) -> None:
    root = tmp_path / "saved"
    root.mkdir()
    name = os.path.join(os.fsencode(root), b"empty\xfe.txt")
    open(name, "wb").close()
    archive = Archive(tmp_path / "data")
    report = archive.index([root], extract=False, processes=1)
    assert [os.fsencode(p.path) for p in report.problems] == [name]
    assert [os.fsencode(p) for p, _ in archive.problems()] == [name]


def test_a_batch_the_store_fails_to_commit_is_undone_in_whoosh(
    tmp_path: Path, seed_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "saved"
    root.mkdir()
    shutil.copy(seed_path, root / seed_path.name)
    archive = Archive(tmp_path / "data")
    archive.index([root], extract=False, processes=1)
    (root / "harbour.txt").write_text(" date 2024-03-02 The harbour reopened.\n", encoding="utf-8")

    def fail(**kwargs: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    with monkeypatch.context() as m:
        m.setattr(archive.store, "commit_batch", fail)
        with pytest.raises(sqlite3.OperationalError):
            archive.index(extract=False, processes=1)
    assert _ids_in_whoosh(archive) == sorted(archive.store.article_ids())
    archive.searcher.refresh()
    assert archive.search("harbour").total == 0  # not half there: the next run reads it
    assert archive.index(extract=False, processes=1).files_read == 1
    assert archive.search("harbour").total == 1 and archive.search("").total == 2


def test_opening_an_archive_repairs_an_index_that_disagrees_with_the_store(tmp_path: Path, seed_path: Path) -> None:
    root = tmp_path / "saved"
    root.mkdir()
    shutil.copy(seed_path, root / seed_path.name)
    for i in range(3):
        (root / f"ferry-{i}.txt").write_text(f" date 2024-01-0{i + 1} Ferry {i} sailed.\n", encoding="utf-8")
    archive = Archive(tmp_path / "data")
    archive.index([root], extract=False, processes=1)
    ids = sorted(archive.store.article_ids())
    archive.close()
    w = writers.IndexWriters(tmp_path / "data" / "whoosh")  # a crash's leftovers: one missing, one extra
    w.remove(ids[0])
    w.articles.add_document(id="0000stray0000000", title="A stray document", body="stray")
    w.commit(reopen=False)
    reopened = Archive(tmp_path / "data")
    assert _ids_in_whoosh(reopened) == ids
    assert reopened.search("").total == 4 and reopened.search("stray").total == 0
