"""Capture time and provenance: when each saved page was captured, by what, from which file, with its hash."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
from pathlib import Path

import pytest
from ingest_fixtures import FORMATS

from index.export.citation import archive_path, archived_copy, article_citation
from index.ingest import read_file
from index.ingest.common import capture_time
from index.model import FILE_MTIME, Article, Paragraph, Provenance
from index.store.codec import article_from_dict, article_to_dict


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2019-11-12T10:04:00Z", "2019-11-12T10:04:00+00:00"),  # WARC-Date
        ("20191112100400", "2019-11-12T10:04:00+00:00"),  # a CDX / WACZ timestamp
        ("1573553040.0", "2019-11-12T10:04:00+00:00"),  # ArchiveBox's Unix timestamp
        ("Tue Nov 12 2019 10:04:00 GMT+0100 (Central European Standard Time)", "2019-11-12T10:04:00+01:00"),
        ("2019-11-12T10:04:00 (UTC +01:00)", "2019-11-12T10:04:00+01:00"),  # MarkDownload's "created"
        (dt.datetime(2019, 11, 12, 10, 4, tzinfo=dt.UTC), "2019-11-12T10:04:00+00:00"),  # MHTML Date, parsed
        ("2019-11-12", "2019-11-12"),
        ("not a date", ""),
        (None, ""),
    ],
)
def test_capture_times_as_tools_write_them(value: object, expected: str) -> None:
    assert capture_time(value) == expected


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize(
    ("name", "captured", "captured_from"),
    [
        ("pages.warc.gz", "2024-06-13T10:02:00+00:00", "WARC-Date"),
        ("page.mhtml", "2024-03-04T12:30:00", "MHTML Date"),  # "-0000": the zone is unknown
        ("singlefile.html", "2024-04-09T18:22:07+02:00", "SingleFile saved date"),
        # when the user saved it (created_at), not when it was published (published_at) or last edited
        ("wallabag-export.json", "2024-09-13T07:41:02+00:00", "Wallabag created_at"),
        ("omnivore-export.zip", "2024-11-19T20:14:03+00:00", "Omnivore savedAt"),  # not publishedAt
        ("markdownload.md", "2024-04-02T09:14:55+02:00", "front matter created"),  # "… (UTC +02:00)"
        ("clipping.md", "2024-04-20", "front matter created"),  # Obsidian Web Clipper: a day only
    ],
)
def test_each_container_says_when_its_page_was_captured(name: str, captured: str, captured_from: str) -> None:
    first = read_file(FORMATS / name)[0]
    assert (first.captured, first.captured_from) == (captured, captured_from)
    assert first.provenance == Provenance(first.url, (str(FORMATS / name),), _sha(FORMATS / name))
    assert first.provenance.url.startswith("https://")


def test_an_email_was_captured_when_it_was_sent() -> None:
    [article] = read_file(FORMATS / "press-release.eml")
    assert (article.captured, article.captured_from) == ("2024-08-29T11:05:00+00:00", "e-mail Date")
    path = FORMATS / "press-release.eml"
    assert article.provenance == Provenance("", (str(path),), _sha(path))


def test_wacz_pages_give_the_capture_time() -> None:
    for article in read_file(FORMATS / "crawl.wacz"):
        assert article.captured_from == "WACZ pages" and article.captured[:4] == "2024"
        assert article.provenance is not None and article.provenance.sha256 == _sha(FORMATS / "crawl.wacz")


def test_a_file_with_no_capture_time_gets_its_modification_time_marked_as_such(tmp_path: Path) -> None:
    path = tmp_path / "plain.txt"
    shutil.copy(FORMATS / "plain.txt", path)
    os.utime(path, (1573553040, 1573553040))
    [article] = read_file(path)
    assert (article.captured, article.captured_from) == ("2019-11-12T10:04:00+00:00", FILE_MTIME)
    assert article.provenance == Provenance(article.url, (str(path),), _sha(path))


ARTICLE = Article(
    id="a1", title="Storm closes the pass", paragraphs=(Paragraph("Text."),), date=dt.date(2019, 11, 11),
    authors=("Dana Whitfield",), site="AP", url="https://apnews.example/storm",
    captured="2019-11-12T10:04:00+00:00", captured_from="WARC-Date",
    provenance=Provenance("https://apnews.example/storm", ("/srv/morgue/wires/ap-1120.warc.gz#1",), "9f2c" * 16),
)


def test_the_store_keeps_capture_and_provenance_and_reads_old_articles() -> None:
    assert article_from_dict(article_to_dict(ARTICLE)) == ARTICLE
    old = article_to_dict(ARTICLE)
    for key in ("captured", "captured_from", "provenance"):
        del old[key]  # an article stored before these were kept
    back = article_from_dict(old)
    assert (back.captured, back.captured_from, back.provenance) == ("", "", None)


def test_citations_name_the_capture_the_file_and_its_hash() -> None:
    assert article_citation(ARTICLE, ["/srv/morgue"]) == (
        "Dana Whitfield. “Storm closes the pass.” AP, November 11, 2019. https://apnews.example/storm. "
        "Archived copy captured 12 November 2019 (WARC), file `wires/ap-1120.warc.gz`, SHA-256 `9f2c9f2c9f2c9f2c…`."
    )
    # Under no root: the file's name alone, never a path of this machine.
    assert archive_path("/srv/morgue/wires/ap-1120.warc.gz#3") == "ap-1120.warc.gz"
    assert archived_copy(captured="2019-11-12T10:04:00+00:00", captured_from=FILE_MTIME, file="notes/a.txt",
                         sha256="ab" * 32) == (
        "Archived copy (no capture time recorded), file `notes/a.txt` last modified 12 November 2019, "
        "SHA-256 `abababababababab…`."
    )
    assert archived_copy() == ""  # an article indexed before: nothing is claimed


def test_a_warc_keeps_the_saved_page_not_the_home_page_redirects_or_assets(tmp_path: Path) -> None:
    from ingest_fixtures import PNG, WARC_PAGE_A, warc

    home = (
        b"<html><head><title>The Moor Post</title></head><body><main><p>Latest news from the moor and the "
        b"valley, every day of the week, with weather and sport.</p><p>More stories below, sorted by "
        b"section and by date of publication.</p></main></body></html>"
    )
    path = tmp_path / "capture.warc.gz"
    path.write_bytes(warc([
        ("request", "https://moorpost.example.com/", 0, "", b""),
        ("response", "https://moorpost.example.com/", 200, "text/html", home),
        ("response", "https://moorpost.example.com/old-link", 301, "text/html", b"<p>Moved.</p>"),
        ("response", "https://moorpost.example.com/img/turbine.png", 200, "image/png", PNG),
        ("request", "https://moorpost.example.com/news/wind-farm-approved", 0, "", b""),
        ("response", "https://moorpost.example.com/news/wind-farm-approved", 200, "text/html",
         WARC_PAGE_A.encode()),
    ]))
    articles = read_file(path)
    assert [a.url for a in articles] == ["https://moorpost.example.com/news/wind-farm-approved"]
    # A capture of the home page alone is kept: it is what was saved.
    alone = tmp_path / "home.warc.gz"
    alone.write_bytes(warc([("response", "https://moorpost.example.com/", 200, "text/html", home)]))
    assert [a.url for a in read_file(alone)] == ["https://moorpost.example.com/"]


def test_a_citation_names_the_read_later_tool_or_clipper_that_saved_the_page() -> None:
    for captured_from, by in [("Wallabag created_at", "Wallabag"), ("Omnivore savedAt", "Omnivore"),
                              ("front matter created", "web clipper"), ("e-mail Date", "e-mail")]:
        assert archived_copy(captured="2024-10-26T09:12:44+00:00", captured_from=captured_from) == (
            f"Archived copy captured 26 October 2024 ({by})."
        )
