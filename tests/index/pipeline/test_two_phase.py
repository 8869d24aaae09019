"""Two-phase import: an article is searchable as soon as it is read; its names, quotes and posts
are found afterwards with their own progress, or left for later and found by ``extract_pending``."""

from __future__ import annotations

import shutil
from pathlib import Path

from index.archive import Archive
from index.jobs import Progress


def _folder(tmp_path: Path, seed_path: Path) -> Path:
    root = tmp_path / "saved"
    root.mkdir()
    shutil.copy(seed_path, root / seed_path.name)
    return root


def test_articles_are_searchable_before_their_names_and_quotes_are_found(tmp_path: Path, seed_path: Path) -> None:
    archive = Archive(tmp_path / "data")
    seen: list[tuple[str, int, int]] = []
    during: list[tuple[int, bool]] = []

    def progress(p: Progress) -> None:
        seen.append((p.phase, p.done, p.total))
        if p.phase == "extracting" and p.done == 0:  # phase 2 starts: phase 1 is searchable
            hit = archive.search("Pritzker").hits[0]
            during.append((archive.search("Pritzker").total, archive.is_extracted(hit.id)))

    report = archive.index([_folder(tmp_path, seed_path)], processes=1, on_progress=progress)
    assert during == [(1, False)]
    phases = [phase for phase, *_ in seen]
    assert phases.index("reading") < phases.index("extracting")
    assert ("extracting", 1, 1) in seen
    assert (report.extracted, report.extraction_pending) == (1, 0)
    aid = archive.search("Pritzker").hits[0].id
    assert archive.is_extracted(aid) and archive.extraction(aid).quotes
    assert archive.search("person:pritzker").total == 1


def test_later_leaves_the_second_phase_to_extract_pending(tmp_path: Path, seed_path: Path) -> None:
    archive = Archive(tmp_path / "data")
    report = archive.index([_folder(tmp_path, seed_path)], later=True, processes=1)
    assert (report.extracted, report.extraction_pending) == (0, 1)
    aid = archive.search("Pritzker").hits[0].id
    assert not archive.is_extracted(aid) and not archive.extraction_off
    assert archive.extraction_pending() == 1
    assert archive.extract_pending(processes=1) == 1
    assert archive.is_extracted(aid) and archive.extraction_pending() == 0


def test_an_archive_indexed_without_extraction_is_not_pending(tmp_path: Path, seed_path: Path) -> None:
    archive = Archive(tmp_path / "data")
    archive.index([_folder(tmp_path, seed_path)], extract=False, processes=1)
    assert archive.extraction_off
    assert archive.extract_pending(processes=1) == 0
