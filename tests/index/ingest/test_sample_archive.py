"""The bundled sample archive (``resources/sample-archive/``, what ``make run`` opens), indexed as a user would:
its articles counted, every file read or listed with its reason, and each kind of saved file read with when it
was captured, what says so, and which file (with its SHA-256) it came from, as ``morgue show --json`` gives it."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

import pytest

from index.archive import Archive
from index.ingest import folders
from index.model import FILE_MTIME, Article

SAMPLE = Path(__file__).resolve().parents[3] / "resources" / "sample-archive"
ARCHIVEBOX_SNAPSHOT = "archivebox/archive/1736407842.0"
SAVED_COMPLETE_FILES = "business/meridian-keeps-brightwell-research-lab_files"

# 46 files give 53 articles: the WARC three, the WACZ two (not its front page), the JSON export and the
# JSON Lines file three each, the ArchiveBox snapshot one (its index.json is the file read).
ARTICLES = 53
FILES_READ = 46
# Every other file is part of a capture read through another file, and listed with the reason.
NOT_READ = {
    **{f"{SAVED_COMPLETE_FILES}/{name}": folders.PAGE_ASSETS for name in (
        "ad-frame.html", "widget-iframe.html", "ledger-app.js", "ledger.4f2a91.css", "old-quay-lab.png")},
    **{f"{ARCHIVEBOX_SNAPSHOT}/{name}": folders.ARCHIVEBOX_OUTPUT for name in (
        "singlefile.html", "output.html", "index.html", "htmltotext.txt", "headers.json", "screenshot.png",
        "readability/content.html", "readability/article.json")},
    "archivebox/ArchiveBox.conf": folders.ARCHIVEBOX_OWN,
    "archivebox/sources/1736407800-import.txt": folders.ARCHIVEBOX_OWN,
}

MTIME = None  # the capture time is the file's modification time, marked as such
# One article of each kind: its file (``#n`` for the n-th article of a file), the reader, what gives the
# capture time and the time it gives.
KINDS = [
    ("courts-and-police/flood-gate-ruling-2024-12-03.pdf", "pdf", FILE_MTIME, MTIME),
    ("lisle-flood/the-year-the-lisle-rose.epub", "epub", FILE_MTIME, MTIME),
    ("city-hall/press-office-statement-2025-04-08.docx", "docx", FILE_MTIME, MTIME),
    ("transit/union-sets-strike-date-2024-03-19.eml", "email", "e-mail Date", "2024-03-19T16:40:00+00:00"),
    ("crawls/harbourwire-session-2025-06.wacz#1", "wacz", "WACZ pages", "2025-06-30T08:01:40+00:00"),
    ("crawls/harbourwire-session-2025-06.wacz#2", "wacz", "WACZ pages", "2025-06-30T08:03:12+00:00"),
    ("crawls/varrowpost-crawl-2025-03.warc.gz#1", "warc", "WARC-Date", "2025-03-06T10:14:02+00:00"),
    ("lisle-flood/storm-edda-evacuations-2024-10-14.mhtml", "mhtml", "MHTML Date", "2024-10-14T17:02:41"),
    ("courts-and-police/body-cameras-by-october-2025-07-15.html", "html", "SingleFile saved date",
     "2025-07-16T09:12:37+01:00"),
    # "Save page as… complete" writes no time of saving
    ("business/meridian-keeps-brightwell-research-lab.html", "html", FILE_MTIME, MTIME),
    (f"{ARCHIVEBOX_SNAPSHOT}/index.json", "archivebox", "ArchiveBox timestamp", "2025-01-09T07:30:42+00:00"),
    ("exports/wallabag-export-2024-10.json", "wallabag", "Wallabag created_at", "2024-10-26T09:12:44+00:00"),
    ("exports/omnivore-export-2025-02.zip", "omnivore", "Omnivore savedAt", "2025-02-11T08:02:00+00:00"),
    # MarkDownload's "created: 2025-03-12T08:41:27 (UTC +00:00)", Obsidian Web Clipper's "created"
    ("transit/ferry-fares-frozen-2025-03-11.md", "markdown", "front matter created", "2025-03-12T08:41:27+00:00"),
    ("transit/transit-workers-vote-to-strike.md", "markdown", "front matter created", "2024-03-19T08:02:11+00:00"),
    ("transit/strike-day-five.html", "html", FILE_MTIME, MTIME),
    ("transit/strike-ends-deal-2024-05-02.html.gz", "html", FILE_MTIME, MTIME),
    ("transit/transit-strike-day-one-2024-04-08.txt", "seed-text", FILE_MTIME, MTIME),
    ("culture-and-sport/lantern-night-2023-12-09.txt", "text", FILE_MTIME, MTIME),
    ("exports/read-later-export-2025-05.json#1", "json", FILE_MTIME, MTIME),
    ("exports/newsletter-clippings.jsonl#2", "json", FILE_MTIME, MTIME),
]


class Indexed:
    """The sample archive indexed once (without extraction: what is tested here is reading)."""

    def __init__(self, data: Path) -> None:
        self.data = data
        self.archive = Archive(data)
        self.report = self.archive.index([SAMPLE], extract=False, processes=1)
        store = self.archive.store
        self.articles: list[Article] = list(store.articles(store.article_ids()).values())
        self.by_source = {_relative(a.source): a for a in self.articles}


def _relative(path: str) -> str:
    name, _, n = path.partition("#")
    return Path(name).relative_to(SAMPLE).as_posix() + (f"#{n}" if n else "")


@pytest.fixture(scope="module")
def indexed(tmp_path_factory: pytest.TempPathFactory) -> Indexed:
    return Indexed(tmp_path_factory.mktemp("sample") / "data")


def test_the_sample_archive_gives_its_articles_and_lists_every_file_it_does_not_read(indexed: Indexed) -> None:
    report = indexed.report
    assert report.problems == []
    assert (report.articles_added, report.articles_duplicate) == (ARTICLES, 0)
    assert len(indexed.articles) == ARTICLES
    read = {Path(p).relative_to(SAMPLE).as_posix() for p in indexed.archive.store.files()}
    not_read = {Path(p.path).relative_to(SAMPLE).as_posix(): p.reason for p in report.skipped}
    assert len(read) == FILES_READ
    assert not_read == NOT_READ
    on_disk = {p.relative_to(SAMPLE).as_posix() for p in SAMPLE.rglob("*") if p.is_file()}
    assert on_disk == read | set(not_read)


def test_every_article_has_a_capture_time_and_its_provenance(indexed: Indexed) -> None:
    for article in indexed.articles:
        assert article.captured and article.captured_from, article.source
        dt.datetime.fromisoformat(article.captured)
        prov = article.provenance
        assert prov is not None and prov.url == article.url, article.source
        first = Path(prov.files[0].split("#")[0])
        assert first.is_file() and first.is_relative_to(SAMPLE), article.source
        assert prov.sha256 == hashlib.sha256(first.read_bytes()).hexdigest(), article.source


def test_the_sample_archive_holds_each_kind_of_saved_file(indexed: Indexed) -> None:
    formats = {a.format for a in indexed.articles}
    assert formats == {kind for _, kind, _, _ in KINDS}
    assert {source for source, *_ in KINDS} <= set(indexed.by_source)


@pytest.mark.parametrize(("source", "kind", "captured_from", "captured"), KINDS, ids=[k[0] for k in KINDS])
def test_morgue_show_says_when_and_from_where_each_kind_was_captured(
    indexed: Indexed, source: str, kind: str, captured_from: str, captured: str | None,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Imported here, not at collection: importing the submodule replaces ``desktop.cli.main`` (the function)
    # for the test modules collected after this one.
    from desktop.cli.main import main

    article = indexed.by_source[source]
    capsys.readouterr()
    assert main(["--data", str(indexed.data), "show", "--json", article.id]) == 0
    shown = json.loads(capsys.readouterr().out)
    file = source.split("#")[0]
    if captured is MTIME:
        mtime = (SAMPLE / file).stat().st_mtime
        captured = dt.datetime.fromtimestamp(mtime, dt.UTC).isoformat(timespec="seconds")
    assert (shown["format"], shown["captured_from"], shown["captured"]) == (kind, captured_from, captured)
    files = [f"{ARCHIVEBOX_SNAPSHOT}/singlefile.html", file] if kind == "archivebox" else [file]
    assert shown["provenance"] == {
        "url": article.url,
        "files": files,  # relative to the archive's folder
        "sha256": hashlib.sha256((SAMPLE / files[0]).read_bytes()).hexdigest(),
    }
