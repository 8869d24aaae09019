"""The extraction stage: articles searchable before their extraction exists, extracted afterwards,
and an extractor version bump re-extracted through the stage without an import reading files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from index.archive import Archive
from index.pipeline import extraction, read
from index.pipeline.read import Extract

PICKED = Path(__file__).resolve().parents[3] / ".." / "shared" / "corpus" / "picked"
TWEETS = PICKED / "trafilatura__basicthinking.de.tweets.html"


@pytest.fixture()
def folder(tmp_path: Path, seed_path: Path) -> Path:
    root = tmp_path / "saved"
    root.mkdir()
    shutil.copy(seed_path, root / seed_path.name)
    if TWEETS.exists():
        shutil.copy(TWEETS, root / TWEETS.name)
    return root


def test_articles_are_searchable_first_and_extracted_by_the_stage(tmp_path: Path, folder: Path) -> None:
    archive = Archive(tmp_path / "data")
    report = archive.index([folder], extract=Extract.LATER, processes=1)  # type: ignore[arg-type]
    assert report.ok
    ids = [h.id for h in archive.search("", pagelen=10).hits]
    assert ids and archive.search("Klippenstein").total == 1
    assert not any(archive.has_extraction(i) for i in ids)
    assert len(extraction.pending(archive.store)) == len(ids)
    assert archive.extract_pending(processes=1) == len(ids)
    assert all(archive.has_extraction(i) for i in ids)
    assert archive.search_quotes("going")[0] >= 1
    assert archive.search("person:pritzker").total == 1
    if TWEETS.exists():  # its posts come from the markup, which the stage read again
        tweets = next(h.id for h in archive.search("", pagelen=10).hits if "Klippenstein" not in (h.title or ""))
        assert archive.extraction(tweets).posts
    assert extraction.pending(archive.store) == []
    assert archive.extract_pending(processes=1) == 0


def test_a_new_extractor_version_re_extracts_without_an_import_reading_files(
    tmp_path: Path, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    archive = Archive(tmp_path / "data")
    archive.index([folder], processes=1)
    n = archive.search("").total
    assert archive.store.needing_extraction(extraction.current_version()) == []
    monkeypatch.setattr(extraction, "current_version", lambda: 10_000)
    read_by_import: list[object] = []
    monkeypatch.setattr(read, "process_files", lambda *a: read_by_import.append(a) or [])
    report = archive.index(processes=1)
    assert report.ok and not read_by_import
    assert archive.store.needing_extraction(10_000) == []
    assert archive.search("").total == n and archive.search("person:pritzker").total == 1


OL = Path(__file__).resolve().parents[3] / ".." / "shared" / "corpus" / "readability" / "test-pages" / "ol"


@pytest.mark.skipif(not OL.exists(), reason="the shared corpus is not beside the checkout")
def test_an_article_held_by_two_files_is_extracted_from_the_one_that_gives_its_stored_version(
    tmp_path: Path,
) -> None:
    """A page and Readability's copy of it are one article (the same id) with two versions; the store
    keeps one of them, and the stage must read that one again, whichever file the store lists first.
    Before, it read the first file only, found another version there and left the article without
    names and quotes, silently and for good (168 of the corpus's 454 articles)."""
    root = tmp_path / "saved"
    root.mkdir()
    for name in ("expected.html", "source.html"):
        shutil.copy(OL / name, root / name)
    archive = Archive(tmp_path / "data")
    assert archive.index([root], extract=Extract.LATER, processes=1).ok  # type: ignore[arg-type]
    todo = extraction.pending(archive.store)
    assert todo and all(len(paths) == 2 for _, _, paths in todo)
    assert archive.extract_pending(processes=1) == len(todo)
    assert extraction.pending(archive.store) == []
    assert all(archive.has_extraction(aid) for aid, _, _ in todo)


def test_an_article_no_file_gives_again_is_extracted_from_its_stored_text(tmp_path: Path, folder: Path) -> None:
    archive = Archive(tmp_path / "data")
    assert archive.index([folder], extract=Extract.LATER, processes=1).ok  # type: ignore[arg-type]
    for path in folder.iterdir():  # every file changed since it was read: its markup is gone
        path.write_text("<html><body><p>Another page now.</p></body></html>", encoding="utf-8")
    n = len(extraction.pending(archive.store))
    assert archive.extract_pending(processes=1) == n
    assert extraction.pending(archive.store) == []
    assert archive.search_quotes("going")[0] >= 1  # the seed's quotes, from its stored text


SCRAPINGHUB = PICKED.parent / "scrapinghub"
PAGE = SCRAPINGHUB / "html" / "82b6d780c792df78dcfb00484d50c86fbc7f324a9eb5835b7615f028edb9a574.html.gz"


@pytest.mark.skipif(not PAGE.exists(), reason="shared/corpus is absent")
def test_an_article_saved_twice_gets_its_markup_from_the_file_that_has_it() -> None:
    from dataclasses import replace

    from index import ingest

    page = ingest.read_file(PAGE)[0]
    stored = replace(page, html=None)  # as the store keeps it
    assert stored.content_hash != page.content_hash
    export = SCRAPINGHUB / "ground-truth.json"  # the same article, as text only
    # The JSON export listed first was the only file tried, and the article never got extracted;
    # alone, it cannot give the markup: the stored text is extracted, without it.
    assert extraction._with_markup(stored, page.content_hash, (str(export),)) is stored
    found = extraction._with_markup(stored, page.content_hash, (str(export), str(PAGE)))
    assert found is not None and found.content_hash == page.content_hash and found.html
