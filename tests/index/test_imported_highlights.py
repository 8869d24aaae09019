"""Highlights and notes of read-later exports (Wallabag, Omnivore) become bookmarks of their article
when the export is indexed: with the note, the tags and the archived copy they cite; importing the
export again adds none twice and never changes or brings back what the user did with them."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

from index.archive import Archive
from index.bookmarks import FILE_NAME, MIGRATIONS

FORMATS = Path(__file__).parents[1] / "fixtures" / "formats"


def _index(tmp_path: Path, *names: str) -> Archive:
    root = tmp_path / "saved"
    root.mkdir(exist_ok=True)
    for name in names:
        shutil.copy(FORMATS / name, root / name)
    archive = Archive(tmp_path / "data")
    archive.index([root], extract=False, processes=1)
    return archive


def _reindex(archive: Archive, tmp_path: Path) -> None:
    for f in (tmp_path / "saved").iterdir():  # the export saved again: every file is read again
        st = f.stat()
        os.utime(f, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
    archive.index(extract=False, processes=1)


def test_wallabag_annotations_become_passage_bookmarks_with_their_notes(tmp_path: Path) -> None:
    archive = _index(tmp_path, "wallabag-export.json")
    marks = sorted(archive.bookmarks.list(), key=lambda b: b.text)
    assert [(b.kind, b.text, b.note) for b in marks] == [
        ("passage", "For many older people in the hills this is the only library they can reach", ""),
        ("passage", "It replaces a vehicle that was retired in 2019.",
         "Check the 2019 retirement date with the council"),
    ]
    for b in marks:
        article = archive.article(b.article_id)
        assert b.paragraph is not None and b.start is not None and b.end is not None
        assert article.paragraphs[b.paragraph].text[b.start : b.end] == b.text  # found in the text
        assert b.captured == article.captured and b.file == "wallabag-export.json"
        assert b.sha256 == article.provenance.sha256  # type: ignore[union-attr]
    assert marks[1].created is not None and marks[1].created.date().isoformat() == "2024-09-14"
    archive.close()


def test_omnivore_highlights_keep_their_labels_and_a_second_import_adds_nothing(tmp_path: Path) -> None:
    archive = _index(tmp_path, "omnivore-export.zip")
    store = archive.bookmarks
    first = {b.text: b for b in store.list()}
    wall = first["The wall protects forty houses on Quay Street."]
    assert (wall.note, wall.tags) == ("Ask the council for the list of the forty houses.", ("flood-risk",))
    assert len(first) == 2
    # The user's own changes: a new note on one, the other deleted.
    store.update(wall.id, note="Asked on 3 May; no answer yet.", tags=["council"])
    other = next(b for b in first.values() if b.id != wall.id)
    store.delete(other.id)
    _reindex(archive, tmp_path)
    again = store.list()
    assert [b.id for b in again] == [wall.id]
    assert (again[0].note, again[0].tags) == ("Asked on 3 May; no answer yet.", ("council",))
    archive.close()


def test_a_highlight_the_user_bookmarked_already_is_not_bookmarked_twice(tmp_path: Path) -> None:
    archive = _index(tmp_path, "omnivore-export.zip")
    store = archive.bookmarks
    wall = next(b for b in store.list() if b.text.startswith("The wall protects"))
    store.delete(wall.id)
    with sqlite3.connect(store.path) as conn:  # as if the export had never been imported
        conn.execute("DELETE FROM imported_annotations")
    mine = store.add_passage(wall.article_id, wall.paragraph or 0, wall.start or 0, wall.end or 0, note="my note")
    _reindex(archive, tmp_path)
    same = [b for b in store.list() if b.text == wall.text]
    assert [(b.id, b.note) for b in same] == [(mine.id, "my note")]
    archive.close()


def test_the_bookmarks_file_gains_the_imported_table_by_migration(tmp_path: Path) -> None:
    archive = _index(tmp_path, "wallabag-export.json")
    with sqlite3.connect(archive.data_dir / FILE_NAME) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
        assert conn.execute("SELECT count(*) FROM imported_annotations").fetchone()[0] == 2
    archive.close()
