"""One contract for every reader: small fixture files of each format give the articles a user expects."""

from __future__ import annotations

import datetime as dt
import gzip
import importlib.util
import pkgutil
import shutil
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest
from ingest_fixtures import FORMATS, build_all

import index.ingest as ingest
from index.ingest import Reader, _readers, read_file, reader_for, supported_suffixes
from index.ingest.common import build_article, split_paragraphs
from index.model import Article


@dataclass(frozen=True)
class Expected:
    """What one article of a fixture file should look like."""

    file: str
    index: int
    format: str
    title: str
    date: dt.date | None
    url: str
    authors: tuple[str, ...]
    paragraphs: int
    site: str = ""
    language: str = ""
    tags: tuple[str, ...] = ()
    count: int = 1  # articles in the file


EXPECTED = [
    Expected(
        "seed.txt", 0, "seed-text",
        "The harbour authority of Port Elwin voted on Tuesday to close the old ferry pier after engineers "
        "found cracks in its pilings.",
        dt.date(2024, 5, 2), "", (), 3,
    ),
    Expected("plain.txt", 0, "text", "Night trains return to the valley line", None, "", (), 3),
    Expected(
        "clipping.md", 0, "markdown", "Beekeepers count a record spring", dt.date(2024, 4, 18),
        "https://gazette.example.org/2024/04/18/beekeepers-record-spring?utm_source=rss&utm_medium=feed",
        ("Mara Lindqvist", "Tom Okafor"), 7, site="gazette.example.org", tags=("clippings", "nature"),
    ),
    Expected(
        "page.html", 0, "html", "Council approves new cycle lanes", dt.date(2024, 3, 7),
        "https://courier.example.org/news/2024/03/07/council-approves-cycle-lanes", ("Priya Raman",), 5,
        site="The Elwin Courier", language="en",
    ),
    Expected(
        "page.html.gz", 0, "html", "Café owners fight rent rise", dt.date(2023, 11, 21),
        "https://bugle.example.com/food/2023/11/cafe-owners-fight-rent-rise", ("Élodie Marchand",), 4,
        site="The Morning Bugle", language="fr",
    ),
    Expected(
        "page.mhtml", 0, "mhtml", "Library extends opening hours", dt.date(2024, 3, 4),
        "https://aldmoor.example.org/2024/03/04/library-opening-hours/", ("Jo Castell",), 5,
        site="Aldmoor Today", language="en",
    ),
    Expected(
        "pages.warc.gz", 0, "warc", "Wind farm plan wins approval", dt.date(2024, 6, 12),
        "https://moorpost.example.com/news/wind-farm-approved", ("Hannah Weir",), 3,
        site="moorpost.example.com", language="en", count=2,
    ),
    Expected(  # no date in the page: the capture date
        "pages.warc.gz", 1, "warc", "Schools to get free breakfast clubs", dt.date(2024, 6, 13),
        "https://moorpost.example.com/news/breakfast-clubs", (), 3,
        site="moorpost.example.com", language="en", count=2,
    ),
    Expected(
        "articles.json", 0, "json", "Museum returns carved doors to island community", dt.date(2024, 2, 9),
        "https://news.example.net/culture/museum-returns-doors", ("Lena Hartmann", "Samuel Obi"), 3,
        site="Example Net News", language="en", tags=("museums", "heritage"), count=2,
    ),
    Expected(
        "articles.json", 1, "json", "Storm closes mountain pass for third day", dt.date(2024, 1, 14),
        "https://alpinewire.example.com/storm-closes-pass", ("Aiko Tanaka", "Ruth Mensah"), 2,
        site="Alpine Wire", language="en", tags=("weather", "roads"), count=2,
    ),
    Expected(
        "feed.jsonl", 0, "json", "Town library extends weekend hours", dt.date(2024, 3, 4),
        "https://aldmoor.example.org/library-hours", ("Jo Castell",), 2, site="Aldmoor Today", language="en",
        count=2,
    ),
    Expected(
        "feed.jsonl", 1, "json", "Ferry fares to rise in April", dt.date(2024, 3, 1),
        "https://aldmoor.example.org/ferry-fares", ("Jo Castell",), 2, site="aldmoor.example.org", count=2,
    ),
    Expected(  # URL and date (the fallback: the page has none) from SingleFile's header comment
        "singlefile.html", 0, "html", "Ferry crossing reopens after repairs", dt.date(2024, 4, 9),
        "https://valleyherald.example/news/2024/04/ferry-crossing-reopens", (), 3, site="valleyherald.example",
        language="en",
    ),
    Expected(  # the heading without "| The Valley Herald" (the site), the "Excerpt" block left out
        "markdownload.md", 0, "markdown", "Night trains return to the valley line", dt.date(2024, 4, 2),
        "https://valleyherald.example/news/2024/04/02/night-trains-return", ("Cora Lindgren",), 3,
        site="The Valley Herald", tags=("transport", "rail"),
    ),
    Expected(  # LibreOffice writes its creation date: the day the fixture was made
        "court-ruling.pdf", 0, "pdf", "Harbour Authority v. Elwin Ferries: ruling on the pier closure",
        dt.date(2026, 12, 2), "", ("Judge Miriam Osei",), 8, tags=("courts", "ferries"),
    ),
    Expected(
        "long-read.epub", 0, "epub", "The last lighthouse keepers of the Varrow coast", dt.date(2024, 9, 20), "",
        ("Hannah Weir", "Jo Castell"), 6, site="Moor Post Long Reads", language="en",
    ),
    Expected(
        "press-release.docx", 0, "docx", "Aldmoor council opens the new reading room", dt.date(2024, 3, 11), "",
        ("Aldmoor Borough Council Press Office",), 4, language="en",
    ),
    Expected(
        "press-release.eml", 0, "email", "Hosepipe ban lifted across the Varrow valley", dt.date(2024, 8, 29), "",
        ("Varrow Water Press Office",), 3, site="varrowwater.example.com", language="en",
    ),
    Expected(
        "crawl.wacz", 0, "wacz", "Lifeboat station saved by village appeal", dt.date(2024, 7, 2),
        "https://chronicle.example.net/news/lifeboat-station", ("Owen Pryce",), 3, site="The Carrow Chronicle",
        language="en", count=2,
    ),
    Expected(  # no date in the page: the capture time on the WACZ's pages list
        "crawl.wacz", 1, "wacz", "Bus route 41 returns after two years", dt.date(2024, 6, 13),
        "https://chronicle.example.net/news/bus-route-returns", (), 3, site="chronicle.example.net",
        language="en", count=2,
    ),
    Expected(
        "wallabag-export.json", 0, "wallabag", "Library van to reach twenty-two villages", dt.date(2024, 9, 12),
        "https://hillsgazette.example.org/news/2024/09/library-van", ("Gwen Morgan", "Idris Bell"), 3,
        site="hillsgazette.example.org", language="en", tags=("libraries", "rural"), count=2,
    ),
    Expected(  # no published_at: when it was saved
        "wallabag-export.json", 1, "wallabag", "Quarry expansion refused on appeal", dt.date(2024, 9, 20),
        "https://hillsgazette.example.org/news/2024/09/quarry-appeal", (), 2,
        site="hillsgazette.example.org", language="en", count=2,
    ),
    Expected(  # the second item is a bare link without content
        "omnivore-export.zip", 0, "omnivore", "Harbour wall repairs to start in spring", dt.date(2024, 11, 18),
        "https://portelwin.example.com/2024/11/harbour-wall-repairs", ("Sian Evans",), 3,
        site="portelwin.example.com", tags=("harbour", "council"),
    ),
]  # fmt: skip


def _id(e: Expected) -> str:
    return f"{e.file}#{e.index + 1}"


@pytest.mark.parametrize("expected", EXPECTED, ids=_id)
def test_fixture_reads_as_expected(expected: Expected) -> None:
    path = FORMATS / expected.file
    articles = read_file(path)
    assert len(articles) == expected.count
    article = articles[expected.index]
    assert article.format == expected.format
    assert article.title == expected.title
    assert article.date == expected.date
    assert article.url == expected.url
    assert article.authors == expected.authors
    assert len(article.paragraphs) == expected.paragraphs, [p.text for p in article.paragraphs]
    assert article.site == expected.site
    assert article.language == expected.language
    assert article.tags == expected.tags
    assert len(article.id) == 16
    suffix = f"#{expected.index + 1}" if expected.count > 1 or expected.format in ("warc", "wacz") else ""
    assert article.source == f"{path}{suffix}"
    assert all(p.text.strip() for p in article.paragraphs)
    if article.format != "seed-text":  # there the first sentence is the title
        assert article.paragraphs[0].text != article.title


@pytest.mark.parametrize("name", sorted({e.file for e in EXPECTED}))
def test_id_is_stable_when_the_file_moves(name: str, tmp_path: Path) -> None:
    original = FORMATS / name
    copy = tmp_path / "elsewhere" / ("renamed" + "".join(original.suffixes))
    copy.parent.mkdir()
    shutil.copyfile(original, copy)
    assert [a.id for a in read_file(copy)] == [a.id for a in read_file(original)]


def test_ids_differ_between_articles() -> None:
    ids = [a.id for name in sorted({e.file for e in EXPECTED}) for a in read_file(FORMATS / name)]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("name", sorted({e.file for e in EXPECTED}))
def test_format_is_found_by_sniffing_without_an_extension(name: str, tmp_path: Path) -> None:
    copy = tmp_path / "saved-article"
    shutil.copyfile(FORMATS / name, copy)
    expected = read_file(FORMATS / name)
    found = read_file(copy)
    assert [(a.format, a.title, a.id) for a in found] == [(a.format, a.title, a.id) for a in expected]


@pytest.mark.parametrize("reader", _readers(), ids=lambda r: r.NAME)
def test_reader_module_contract(reader: Reader) -> None:
    assert isinstance(reader.NAME, str) and reader.NAME
    assert reader.EXTENSIONS and all(s.startswith(".") and s == s.lower() for s in reader.EXTENSIONS)
    assert reader.sniff(b"") is False
    assert reader.read.__doc__ and reader.sniff.__doc__
    for e in EXPECTED:
        if e.format == reader.NAME:
            data = (FORMATS / e.file).read_bytes()
            head = gzip.decompress(data)[:4096] if e.file.endswith(".gz") and e.format != "wacz" else data[:4096]
            assert reader.sniff(head), f"{reader.NAME} does not recognise {e.file}"


def test_every_reader_module_is_registered() -> None:
    """A module in index/ingest/ that is not a helper is a reader, and the registry lists it."""
    helpers = {"common", "folders", "chunks"}
    modules = {m.name for m in pkgutil.iter_modules(ingest.__path__)} - helpers
    assert modules == {getattr(r, "__name__", "").rsplit(".", 1)[-1] for r in _readers()}


class _Gemtext:
    """A reader written as an object rather than a module: the registry takes either."""

    NAME = "gemtext"
    EXTENSIONS = (".gmi",)

    def sniff(self, head: bytes) -> bool:
        """Gemini text opens with a ``# `` heading."""
        return head.startswith(b"# ")

    def read(self, path: Path, data: bytes) -> list[Article]:
        """One article; the heading is its title."""
        title, _, body = data.decode().partition("\n")
        return [build_article(paragraphs=split_paragraphs(body), source=str(path), format=self.NAME, title=title[2:])]


def test_a_new_format_is_one_reader_in_the_registry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    readers = _readers()
    monkeypatch.setattr(ingest, "_readers", lambda: (*readers, _Gemtext()))
    suffixes = supported_suffixes() | {".gmi"}
    monkeypatch.setattr(ingest, "supported_suffixes", lambda: suffixes)
    path = tmp_path / "capsule.gmi"
    path.write_text("# Gemini notes\n\nA first paragraph of the capsule.\n")
    assert ingest.is_candidate(path)
    [article] = read_file(path)
    assert (article.format, article.title) == ("gemtext", "Gemini notes")
    assert article.body == "A first paragraph of the capsule."


@pytest.mark.skipif(importlib.util.find_spec("mypy") is None, reason="mypy is not installed (the dev extras)")
def test_mypy_checks_a_reader_against_the_protocol(tmp_path: Path) -> None:
    """A reader whose ``read`` lacks the ``data`` argument is a type error, not a failure at import time."""
    snippet = tmp_path / "readers.py"
    snippet.write_text(textwrap.dedent('''
        from pathlib import Path
        from index.ingest import Reader
        from index.model import Article

        class Good:
            NAME = "good"
            EXTENSIONS = (".good",)
            def sniff(self, head: bytes) -> bool: return False
            def read(self, path: Path, data: bytes) -> list[Article]: return []

        class Bad(Good):
            def read(self, path: Path) -> list[Article]: return []  # type: ignore[override]

        good: Reader = Good()
        bad: Reader = Bad()
    '''))
    root = Path(__file__).resolve().parents[3]
    run = subprocess.run(
        [sys.executable, "-m", "mypy", "--cache-dir", str(tmp_path / "cache"), "--no-error-summary", str(snippet)],
        cwd=root, capture_output=True, text=True, timeout=120,
    )
    errors = [line for line in run.stdout.splitlines() if ": error:" in line]
    assert len(errors) == 1 and "readers.py:16:" in errors[0] and '"Reader"' in errors[0], run.stdout


def test_extensions_pick_the_reader() -> None:
    assert {".txt", ".md", ".markdown", ".html", ".htm", ".xhtml", ".mhtml", ".mht", ".warc", ".arc", ".json",
            ".jsonl", ".ndjson", ".pdf", ".epub", ".docx", ".eml", ".wacz", ".zip",
            ".csv"} <= supported_suffixes()  # fmt: skip
    assert reader_for(Path("a.html"), b"").NAME == "html"
    assert reader_for(Path("a.txt"), b" date 2024-01-02 Text").NAME == "seed-text"
    assert reader_for(Path("a.txt"), b"Just text").NAME == "text"


def test_html_is_kept_for_embed_detection() -> None:
    page = read_file(FORMATS / "page.mhtml")[0]
    # The quoted-printable encoding is undone: the embed's markup reads as in the browser.
    assert page.html is not None and '<blockquote class="twitter-tweet">' in page.html
    assert read_file(FORMATS / "page.html")[0].html == (FORMATS / "page.html").read_text(encoding="utf-8")
    assert read_file(FORMATS / "articles.json")[0].html is None


def test_generated_fixtures_are_reproducible() -> None:
    """The committed gzip, MHTML and WARC fixtures are what ``ingest_fixtures.py`` writes."""
    for path, data in build_all().items():
        committed = path.read_bytes()
        if path.name.endswith(".gz") and "truncated" not in path.name:
            # zlib builds may compress differently; the content is what matters.
            assert gzip.decompress(committed) == gzip.decompress(data), path.name
        else:
            assert committed == data, path.name


def test_articles_are_plain_data(tmp_path: Path) -> None:
    for name in sorted({e.file for e in EXPECTED}):
        for article in read_file(FORMATS / name):
            assert isinstance(article, Article)
            assert "\x00" not in article.body
            assert article.content_hash
