"""The readers' finer rules: Markdown syntax, title lines, charsets, site names in titles, bylines, JSON shapes."""

from __future__ import annotations

import datetime as dt
import json
import logging
from pathlib import Path

import pytest
from ingest_fixtures import WARC_PAGE_A, arc

from index.ingest import read_file
from index.ingest.common import article_id, clean_bylines, parse_date, split_authors
from index.ingest.html import decode_html, paragraphs_from_html, tidy_title
from index.ingest.markdown import markdown_blocks, strip_inline
from index.ingest.text import title_line
from index.model import Paragraph

# --- Markdown -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("markdown", "plain"),
    [
        ('See [the report](https://x.org/r "Report") now.', "See the report now."),
        ("A ![photo](a.png) picture.", "A  picture."),
        ("**Bold**, __also__, *italic*, _this_ and ~~gone~~.", "Bold, also, italic, this and gone."),
        ("snake_case_name and 2*3*4 stay", "snake_case_name and 2*3*4 stay"),
        ("Use `x = [a](b)` here", "Use x = [a](b) here"),
        ("[[Wiki Page|shown text]] and [[Plain]]", "shown text and Plain"),
        ('Footnote[^1] and <span class="x">inline</span> HTML &amp; entities', "Footnote and inline HTML & entities"),
        ("An autolink <https://example.org/a>.", "An autolink https://example.org/a."),
        ("Escaped \\*stars\\*", "Escaped *stars*"),
    ],
)
def test_markdown_inline_syntax_is_removed(markdown: str, plain: str) -> None:
    assert strip_inline(markdown) == plain


def test_markdown_blocks() -> None:
    body = "\n".join(
        [
            "Title here", "==========", "",
            "Para one", "continues here.", "",
            "> quoted", "> text", ">", "> second quote para", "",
            "1. first", "2. second", "   continued", "",
            "| a | b |", "|---|:-:|", "| 1 | 2 |", "",
            "***", "",
            "~~~python", "x = 1", "", "y = 2", "~~~", "",
            "[ref]: https://example.org",
            "### Sub ###",
        ]
    )  # fmt: skip
    assert markdown_blocks(body) == [
        ("Title here", 1),
        ("Para one continues here.", 0),
        ("quoted text", 0),
        ("second quote para", 0),
        ("first", 0),
        ("second continued", 0),
        ("a | b", 0),
        ("1 | 2", 0),
        ("x = 1\n\ny = 2", 0),
        ("Sub", 3),
    ]


def test_markdown_without_front_matter_takes_the_first_heading(tmp_path: Path) -> None:
    path = tmp_path / "note.md"
    path.write_text("Intro line before.\n\n# The Real Title\n\nBody text.\n", encoding="utf-8")
    article = read_file(path)[0]
    assert article.title == "The Real Title"
    assert [p.text for p in article.paragraphs] == ["Intro line before.", "The Real Title", "Body text."]


def test_markdown_front_matter_variants(tmp_path: Path) -> None:
    path = tmp_path / "download.md"
    path.write_text(
        "---\nTitle: Clipped\nAuthors: Jane Doe, John Roe\ndate: 2023-05-06T07:08:09+02:00\n"
        "source: The Daily Planet\nlang: de-DE\ntags: [a, b]\n---\nText.\n",
        encoding="utf-8",
    )
    article = read_file(path)[0]
    assert (article.title, article.authors, article.date) == ("Clipped", ("Jane Doe", "John Roe"), dt.date(2023, 5, 6))
    assert (article.url, article.site, article.language, article.tags) == ("", "The Daily Planet", "de", ("a", "b"))


# --- plain text ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "is_title"),
    [
        ("Night trains return to the valley line", True),
        ("Is the economy slowing?", True),
        ("He said no. Then he left the room.", False),
        ("A paragraph that ends with a full stop.", False),
        ("x" * 121, False),
    ],
)
def test_text_title_line(line: str, is_title: bool) -> None:
    assert bool(title_line(line)) is is_title


def test_text_without_title_or_blank_lines(tmp_path: Path) -> None:
    path = tmp_path / "lines.txt"
    path.write_text("First line of a note that runs on and on. It has two sentences.\nSecond line.\n")
    article = read_file(path)[0]
    assert article.title == "First line of a note that runs on and on."
    assert len(article.paragraphs) == 2


# --- HTML ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "declared", "text"),
    [
        ('<meta charset="windows-1252"><p>caf\xe9 \x93quoted\x94</p>'.encode("latin-1"), None, "café “quoted”"),
        ("<meta http-equiv=Content-Type content='text/html; charset=ISO-8859-1'><p>\xe9</p>".encode("latin-1"),
         None, "é"),
        # A page that says Latin-1 but was saved as UTF-8 by the browser.
        ('<meta charset="iso-8859-1"><p>café</p>'.encode(), None, "café"),
        ('<?xml version="1.0" encoding="koi8-r"?><p>мир</p>'.encode("koi8-r"), None, "мир"),
        ("<p>Grüße</p>".encode("utf-16"), None, "Grüße"),
        ("<p>naïve</p>".encode("cp1252"), None, "naïve"),  # no declaration: UTF-8, else Windows-1252
        ("<p>€</p>".encode("cp1252"), "windows-1252", "€"),  # the HTTP header or MIME part's charset
        (b'<meta charset="no-such-charset"><p>ok</p>', None, "ok"),
    ],
)  # fmt: skip
def test_html_charset(data: bytes, declared: str | None, text: str) -> None:
    assert text in decode_html(data, "page.html", declared=declared)


@pytest.mark.parametrize(
    ("title", "site", "tidy"),
    [
        ("Council approves cycle lanes - The Elwin Courier", "The Elwin Courier", "Council approves cycle lanes"),
        ("BBC News | Obama speaks", "BBC News", "Obama speaks"),
        ("Vision Pro hands-on - The Verge", "theverge.com", "Vision Pro hands-on"),
        ("Vision Pro hands-on - The Verge", "Vox", "Vision Pro hands-on - The Verge"),
        ("Rules of Engagement - Spiceworks", "Spiceworks Inc", "Rules of Engagement"),
        ("West Ham hrozí | Aktuálně.cz", "Aktuálně.cz - Víte, co se právě děje", "West Ham hrozí"),
        ("Fact-Checker: 'Un-Angry Supporters?' - Breitbart", "breitbart.com", "Fact-Checker: 'Un-Angry Supporters?'"),
        ("Left - Right", "", "Left - Right"),
    ],
)  # fmt: skip
def test_site_name_is_cut_from_titles(title: str, site: str, tidy: str) -> None:
    assert tidy_title(title, site) == tidy


def test_paragraphs_from_html_fragment() -> None:
    fragment = (
        "<p>One <b>bold</b> line<br>same paragraph</p><div>Two</div><script>x()</script>"
        "Three<br><br>Four<ul><li>Item</li></ul><!-- comment -->"
    )
    assert [p.text for p in paragraphs_from_html(fragment)] == [
        "One bold line same paragraph", "Two", "Three", "Four", "Item",
    ]  # fmt: skip
    deep = "<div>" * 200 + "deep text" + "</div>" * 200
    assert [p.text for p in paragraphs_from_html(deep)] == ["deep text"]


def test_home_page_canonical_does_not_merge_articles(tmp_path: Path) -> None:
    """Some sites put their home page in every article's canonical link; ids stay apart."""
    template = (
        '<html><head><link rel="canonical" href="https://site.example.org/"><title>{0}</title></head>'
        "<body><article><h1>{0}</h1><p>{1}</p></article></body></html>"
    )
    one, two = tmp_path / "one.html", tmp_path / "two.html"
    one.write_text(template.format("First story", "The first story's text is about harbours and boats."))
    two.write_text(template.format("Second story", "The second story's text is about trains and stations."))
    assert read_file(one)[0].id != read_file(two)[0].id
    assert article_id("https://a.example.org/x", "T", [Paragraph("a")]) == article_id(
        "https://a.example.org/x/?utm_source=x", "Other", [Paragraph("b")]
    )


def test_trafilatura_warnings_are_debug_messages(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "thin.html"
    path.write_text("<html><head><title>T</title></head><body><div><p>Just one short line.</p></div></body></html>")
    with caplog.at_level(logging.INFO):
        read_file(path)
    assert not [r for r in caplog.records if r.name.startswith(("trafilatura", "htmldate", "courlan"))]
    with caplog.at_level(logging.DEBUG):
        read_file(path)  # at debug level they are kept, as debug records


def test_arc_file(tmp_path: Path) -> None:
    """The older ARC format is read like a WARC; the archive date is the fallback date."""
    path = tmp_path / "old.arc"
    path.write_bytes(arc([("http://old.example.org/wind", "text/html", WARC_PAGE_A.encode())]))
    (article,) = read_file(path)
    assert (article.format, article.title, article.url) == (
        "warc", "Wind farm plan wins approval", "http://old.example.org/wind",
    )  # fmt: skip
    assert article.source == f"{path}#1"


# --- bylines and dates ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "names"),
    [
        (["By Jane Doe and John Roe"], ["Jane Doe", "John Roe"]),
        (["[[Jane Doe]]", "[[Tom Okafor]]"], ["Jane Doe", "Tom Okafor"]),
        (["Doe, Jane"], ["Doe, Jane"]),
        (["Ann Lee, Bo Chen"], ["Ann Lee", "Bo Chen"]),
        (["Sandee LaMotte; CNN"], ["Sandee LaMotte", "CNN"]),
        (["Leigh Tauss August"], ["Leigh Tauss"]),
        (["Theresa May"], ["Theresa May"]),
        (["Username", "https://facebook.com/someone", "Dec"], []),
    ],
)
def test_split_authors(raw: list[str], names: list[str]) -> None:
    assert split_authors(raw) == names


@pytest.mark.parametrize(
    ("value", "date"),
    [
        ("2025-09-03T10:00:00Z", dt.date(2025, 9, 3)),
        ("Wed, 03 Sep 2025 10:00:00 GMT", dt.date(2025, 9, 3)),
        ("September 3rd, 2025", dt.date(2025, 9, 3)),
        ("3 Sept. 2025", dt.date(2025, 9, 3)),
        ("2025-02-30", None),
        ("yesterday", None),
    ],
)
def test_parse_date(value: str, date: dt.date | None) -> None:
    assert parse_date(value) == date


# --- JSON shapes --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "document",
    [
        {"id1": {"articleBody": "Text one.", "url": "https://a.example.org/1"},
         "id2": {"articleBody": "Text two.", "url": "https://a.example.org/2"}},
        [{"title": {"rendered": "WP &amp; co"}, "content": {"rendered": "<p>Text one.</p>"},
          "link": "https://a.example.org/1"},
         {"title": {"rendered": "Second"}, "content": {"rendered": "<p>Text two.</p>"},
          "link": "https://a.example.org/2"}],
        {"@context": "https://schema.org", "@graph": [
            {"@type": "WebPage", "name": "Page"},
            {"@type": "NewsArticle", "headline": "One", "articleBody": "Text one.", "url": "https://a.example.org/1"},
            {"@type": "NewsArticle", "headline": "Two", "articleBody": "Text two.", "url": "https://a.example.org/2"}]},
        {"version": "https://jsonfeed.org/version/1.1", "items": [
            {"id": "1", "content_text": "Text one.", "url": "https://a.example.org/1", "date_published": "2024-01-01"},
            {"id": "2", "content_html": "<p>Text two.</p>", "url": "https://a.example.org/2"}]},
    ],
    ids=["keyed-by-id", "wordpress", "json-ld-graph", "json-feed"],
)  # fmt: skip
def test_json_shapes(document: object, tmp_path: Path) -> None:
    path = tmp_path / "export.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    articles = read_file(path)
    assert [a.body for a in articles] == ["Text one.", "Text two."]
    assert [a.url for a in articles] == ["https://a.example.org/1", "https://a.example.org/2"]
    assert [a.source for a in articles] == [f"{path}#1", f"{path}#2"]


def test_wordpress_title_entities_are_decoded(tmp_path: Path) -> None:
    path = tmp_path / "wp.json"
    path.write_text(json.dumps({"title": {"rendered": "Q&amp;A: rates"}, "content": {"rendered": "<p>Text.</p>"}}))
    assert read_file(path)[0].title == "Q&A: rates"


def test_plain_text_date_from_a_dateline_or_the_file_name(tmp_path: Path) -> None:
    from index.ingest import text

    dated = tmp_path / "notes.txt"
    dated.write_text("Lantern Night draws a crowd\n\nPORT HALDEN — 9 December 2023\n\nThousands came.\n", "utf-8")
    assert str(text.read(dated, dated.read_bytes())[0].date) == "2023-12-09"
    named = tmp_path / "tram-opens-2025-05-19.txt"
    named.write_text("Tram opens\n\nThe line opened on Monday.\n", "utf-8")
    assert str(text.read(named, named.read_bytes())[0].date) == "2025-05-19"
    undated = tmp_path / "undated.txt"
    undated.write_text("Tram opens\n\nThe line opened on Monday.\n", "utf-8")
    assert text.read(undated, undated.read_bytes())[0].date is None


@pytest.mark.parametrize(
    ("raw", "site", "url", "names"),
    [
        # Markup labels, a host spelt out, a site's own name: no one a citation can name.
        (["Meta name author", "Dublin Core name author"], "", "", []),
        (["Facebook Com", "Evgenia Karp"], "1000Things", "https://www.1000things.at/x", ["Evgenia Karp"]),
        (["CBS News"], "CBS News", "https://www.cbsnews.com/x", []),
        (["CNN", "Rob Picheta"], "CNN", "https://edition.cnn.com/x", ["Rob Picheta"]),
        (["Android Developers"], "Android Developers", "https://developer.android.com/x", []),
        # A personal site's name is its author's.
        (["Haki Benita"], "Haki Benita", "https://hakibenita.com/x", ["Haki Benita"]),
        # Stray punctuation, a trailing word of the date line, a job after the name, a sentence.
        (["Dana Whitfield ·"], "AP", "", ["Dana Whitfield"]),
        (["Aleš Vávra před"], "", "", ["Aleš Vávra"]),
        (["Ben Silverman Games Editor"], "", "", ["Ben Silverman"]),
        (["Tom Gillespie News reporter"], "Sky News", "", ["Tom Gillespie"]),
        (["Phil Helsel is a reporter"], "NBC News", "", ["Phil Helsel"]),
        (["F", "Michiel de Jong", "Ludwig van"], "", "", ["Michiel de Jong", "Ludwig van"]),
        (["Jane Doe", "JANE DOE"], "", "", ["Jane Doe"]),
    ],
)
def test_bylines_a_citation_can_carry(raw: list[str], site: str, url: str, names: list[str]) -> None:
    assert clean_bylines(raw, site, url) == tuple(names)


def test_a_byline_marked_up_in_the_page_is_read_when_the_metadata_has_none(tmp_path: Path) -> None:
    page = tmp_path / "story.html"
    page.write_text(
        "<html><head><title>Budget passes</title></head><body><article><h1>Budget passes</h1>"
        '<span class="pb-byline">By <a href="/people/erin">Erin Cunningham</a></span>'
        "<p>The council passed the budget on Tuesday after a debate that ran past midnight, by nine votes to four.</p>"
        "<p>The mayor said the vote would let the library reopen in the spring, as the council had promised.</p>"
        "</article></body></html>"
    )
    [article] = read_file(page)
    assert article.authors == ("Erin Cunningham",)
