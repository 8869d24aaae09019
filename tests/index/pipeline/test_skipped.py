"""Files no reader takes are listed as skipped with their reason, counted, and kept for
``morgue problems``; a FIFO is "not a regular file"; a saved page's asset folder is listed as its part."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from index import ingest
from index.archive import Archive
from index.ingest import folders


def test_unsupported_files_are_skipped_with_their_reason(tmp_path: Path, seed_path: Path) -> None:
    root = tmp_path / "saved"
    (root / "page_files").mkdir(parents=True)
    shutil.copy(seed_path, root / seed_path.name)
    names = [n for n in ("slides.pptx", "sheet.xlsx", "talk.mp3", "scan.tiff", "book.mobi")
             if not ingest.is_candidate(Path(n))]  # a reader added for one of them takes it
    for name in names:
        (root / name).write_bytes(b"PK\x03\x04 not an article")
    (root / "page_files" / "logo.png").write_bytes(b"\x89PNG")
    (root / ".DS_Store").write_bytes(b"\0")
    os.mkfifo(root / "pipe.html")
    archive = Archive(tmp_path / "data")
    report = archive.index([root], extract=False, processes=1)
    # No page.html beside page_files: its image is a file like any other.
    assert sorted((Path(p.path).name, p.reason) for p in report.skipped) == sorted(
        [*((n, "not a supported format") for n in names), ("logo.png", "not a supported format")])
    assert archive.search("").total == 1
    listed = {Path(p).name: reason for p, reason in archive.problems()}
    assert listed == {**{n: "not a supported format" for n in names}, "logo.png": "not a supported format",
                      "pipe.html": "is not a regular file (a pipe, socket or device)"}
    # The list is the last run's: a file that left leaves it.
    (root / names[0]).unlink()
    archive.index(extract=False, processes=1)
    assert names[0] not in {Path(p).name for p, _ in archive.problems()}


def test_a_page_saved_complete_is_one_article_without_its_helper_pages(tmp_path: Path) -> None:
    from index.pipeline.scan import scan

    root = tmp_path / "saved"
    (root / "storm_files" / "sub").mkdir(parents=True)
    (root / "storm.html").write_text("<html><body><p>The storm closed the pass.</p></body></html>")
    (root / "storm_files" / "widget-iframe.html").write_text("<html><body><p>Twitter Widget Iframe</p></body></html>")
    (root / "storm_files" / "sub" / "ad.html").write_text("<html><body><p>Advertisement</p></body></html>")
    # A folder that only happens to end in "_files", with no page beside it, is read as any other.
    (root / "case_files").mkdir()
    (root / "case_files" / "ruling.html").write_text("<html><body><p>The court ruled.</p></body></html>")
    found = scan([root], {})
    assert sorted(Path(p).relative_to(root).as_posix() for p, _, _ in found.to_read) == [
        "case_files/ruling.html", "storm.html"]
    assert sorted((Path(p.path).relative_to(root).as_posix(), p.reason) for p in found.skipped) == [
        ("storm_files/sub/ad.html", folders.PAGE_ASSETS), ("storm_files/widget-iframe.html", folders.PAGE_ASSETS)]
