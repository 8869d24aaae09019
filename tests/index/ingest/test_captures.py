"""Folders that are one capture, as a user indexes them: an ArchiveBox data folder gives one article
per snapshot from its best output (with index.json's URL, title and timestamp), an unpacked
Omnivore export gives its items once, and every file not read is listed with its reason."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path

import pytest
from ingest_fixtures import FORMATS

from index.archive import Archive
from index.errors import UnreadableFile
from index.ingest import folders, read_file

ARCHIVEBOX = FORMATS / "archivebox"
SNAPSHOT = ARCHIVEBOX / "archive" / "1573553040.0"
DREDGING = "https://harbourgazette.example/news/2019/11/dredging-plan-approved"


def test_an_archivebox_snapshot_is_one_article_from_its_singlefile_page() -> None:
    [article] = read_file(SNAPSHOT / "index.json")
    assert article.format == "archivebox"
    assert article.url == DREDGING
    assert article.title == "Harbour dredging plan approved after two-year dispute"  # not "… | The Harbour Gazette"
    assert article.authors == ("Iona Farquhar",)
    assert article.site == "The Harbour Gazette"
    assert article.tags == ("harbour", "kessock")
    # index.json's timestamp (when ArchiveBox added the page), not SingleFile's own comment.
    assert (article.captured, article.captured_from) == ("2019-11-12T10:04:00+00:00", "ArchiveBox timestamp")
    assert article.paragraphs[0].text.startswith("The port authority approved a plan on Monday")
    assert len(article.paragraphs) == 4  # no navigation, no footer
    prov = article.provenance
    assert prov is not None
    assert prov.files == (str(SNAPSHOT / "singlefile.html"), str(SNAPSHOT / "index.json"))
    import hashlib

    assert prov.sha256 == hashlib.sha256((SNAPSHOT / "singlefile.html").read_bytes()).hexdigest()


def test_a_snapshot_whose_page_captures_failed_is_read_from_readability() -> None:
    snapshot = ARCHIVEBOX / "archive" / "1573640400.0"
    [article] = read_file(snapshot / "index.json")
    # ArchiveBox never fetched a title (its title is the URL): Readability's, and its byline.
    assert article.title == "Winter ferry timetable cuts late crossings"
    assert article.authors == ("Calum Drummond",)
    assert article.captured == "2019-11-13T10:20:00+00:00"
    assert article.provenance is not None and article.provenance.files[0] == str(snapshot / "readability/content.html")


def test_the_next_output_is_read_when_the_best_one_is_missing(tmp_path: Path) -> None:
    snap = tmp_path / "archive" / "1573553040.0"
    shutil.copytree(SNAPSHOT, snap)
    (snap / "singlefile.html").unlink()
    [article] = read_file(snap / "index.json")
    assert article.provenance is not None and article.provenance.files[0] == str(snap / "output.html")
    assert article.url == DREDGING and article.authors == ("Iona Farquhar",)


def test_a_snapshot_without_outputs_says_so(tmp_path: Path) -> None:
    snap = tmp_path / "1573553040.0"
    snap.mkdir()
    shutil.copy(SNAPSHOT / "index.json", snap / "index.json")
    with pytest.raises(UnreadableFile) as info:
        read_file(snap / "index.json")
    assert "holds no output Morgue reads" in info.value.reason


def test_an_archivebox_folder_gives_one_article_per_snapshot_and_lists_the_rest(tmp_path: Path) -> None:
    archive = Archive(tmp_path / "data")
    report = archive.index([ARCHIVEBOX], extract=False, processes=1)
    assert not report.problems
    assert report.articles_added == 2
    urls = sorted(h.url for h in archive.search("").hits)
    assert urls == [DREDGING, "https://harbourgazette.example/news/2019/11/ferry-timetable"]
    reasons = {Path(p.path).relative_to(ARCHIVEBOX).as_posix(): p.reason for p in report.skipped}
    # Every other file is listed with its reason: the outputs (the helper pages too), ArchiveBox's own files.
    assert reasons["archive/1573553040.0/singlefile.html"] == folders.ARCHIVEBOX_OUTPUT
    assert reasons["archive/1573553040.0/readability/content.html"] == folders.ARCHIVEBOX_OUTPUT
    assert reasons["archive/1573553040.0/screenshot.png"] == folders.ARCHIVEBOX_OUTPUT
    assert reasons["sources/1573553000-import.txt"] == folders.ARCHIVEBOX_OWN
    assert reasons["index.html"] == folders.ARCHIVEBOX_OWN
    every = {p.relative_to(ARCHIVEBOX).as_posix() for p in ARCHIVEBOX.rglob("*") if p.is_file()}
    read = {"archive/1573553040.0/index.json", "archive/1573640400.0/index.json"}
    assert set(reasons) == every - read  # nothing unaccounted for
    assert Counter(reasons.values()) == {folders.ARCHIVEBOX_OUTPUT: 18, folders.ARCHIVEBOX_OWN: 4}
    listed = dict(archive.problems())
    assert listed[str(SNAPSHOT / "output.html")] == folders.ARCHIVEBOX_OUTPUT


def test_an_unpacked_omnivore_export_is_read_once_through_its_metadata(tmp_path: Path) -> None:
    import zipfile

    with zipfile.ZipFile(FORMATS / "omnivore-export.zip") as z:
        z.extractall(tmp_path / "omnivore")
    archive = Archive(tmp_path / "data")
    report = archive.index([tmp_path / "omnivore"], extract=False, processes=1)
    assert not report.problems
    hits = archive.search("").hits
    assert all(h.format == "omnivore" for h in hits)
    assert (
        len(hits)
        == report.articles_added
        == len(
            [
                i
                for i in json.loads(next((tmp_path / "omnivore").rglob("metadata_*.json")).read_text())
                if (tmp_path / "omnivore" / "content" / f"{i['slug']}.html").exists()
            ]
        )
    )
    reasons = Counter(p.reason for p in report.skipped)
    contents = [
        p for p in (tmp_path / "omnivore").rglob("*") if p.is_file() and p.parent.name in ("content", "highlights")
    ]
    assert reasons == {folders.OMNIVORE_PART: len(contents)}


def test_a_page_saved_complete_lists_its_helper_files(tmp_path: Path) -> None:
    root = tmp_path / "saved"
    (root / "storm_files").mkdir(parents=True)
    (root / "storm.html").write_text("<html><body><p>The storm closed the pass above the valley.</p></body></html>")
    (root / "storm_files" / "widget-iframe.html").write_text("<html><body><p>Twitter Widget Iframe</p></body></html>")
    (root / "storm_files" / "logo.png").write_bytes(b"\x89PNG")
    archive = Archive(tmp_path / "data")
    report = archive.index([root], extract=False, processes=1)
    assert report.articles_added == 1
    assert sorted((Path(p.path).name, p.reason) for p in report.skipped) == [
        ("logo.png", folders.PAGE_ASSETS),
        ("widget-iframe.html", folders.PAGE_ASSETS),
    ]


def test_the_files_not_read_are_still_listed_after_a_run_where_nothing_changed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from desktop.cli.main import main  # at run time: importing the submodule hides desktop.cli's own main

    root = tmp_path / "saved"
    (root / "storm_files").mkdir(parents=True)
    (root / "storm.html").write_text("<html><body><p>The storm closed the pass above the valley.</p></body></html>")
    (root / "storm_files" / "widget-iframe.html").write_text("<html><body><p>Twitter Widget Iframe</p></body></html>")
    (root / "notes.xyz").write_text("not an article")
    (root / "broken.html.gz").write_bytes(b"\x1f\x8b\x08\x00broken")
    data = str(tmp_path / "data")
    expected = [
        f"unreadable: {root / 'broken.html.gz'}: the gzip file is truncated",
        f"skipped: {root / 'notes.xyz'}: not a supported format",
        f"skipped: {root / 'storm_files' / 'widget-iframe.html'}: {folders.PAGE_ASSETS}",
    ]
    listings = []
    for run in ("first", "second"):
        main(["--data", data, "index", "--no-extract", "--processes", "1", str(root)])
        err = capsys.readouterr().err.splitlines()
        assert all(any(line.startswith(e) for line in err) for e in expected), (run, err)
        main(["--data", data, "problems"])
        listings.append(capsys.readouterr().out)
    assert "2 files (2 unchanged, 0 read)" in err[-1] and "1 unreadable; 1 file skipped: not a supported" in err[-1]
    assert listings[0] == listings[1]
    assert all(str(p) in listings[1] for p in (root / "broken.html.gz", root / "notes.xyz"))
    archive = Archive(tmp_path / "data")
    assert [Path(p).name for p, _ in archive.problems()] == ["broken.html.gz", "notes.xyz", "widget-iframe.html"]
