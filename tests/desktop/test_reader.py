"""The reader: escaped text, quotes and matches marked, posts as blocks, nothing ever loaded."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QUrl
from PySide6.QtGui import QTextDocument

from desktop.reader import ReaderView, article_html, matched_terms
from index.model import Article, Extraction, Paragraph, Post, Quote

ARTICLE = Article(
    id="a1",
    title="Troops <b>might</b> be in Chicago",
    paragraphs=(
        Paragraph("President Trump replied, “We’re going in,” adding more."),
        Paragraph("He posted on X:"),
        Paragraph("Chicagoans reject the plan."),
        Paragraph("No troops are needed.", joined=True),
        Paragraph('<img src="https://tracker.example/pixel.gif"> stays text.'),
    ),
    date=dt.date(2025, 9, 3),
    site="example.org",
    url="https://example.org/troops",
)
EXTRACTION = Extraction(
    quotes=(Quote("We’re going in,", "Donald Trump", "person", 0, 26, 41),),
    posts=(
        Post("x", "Donald Trump", missing=True, paragraphs=(1,)),
        Post("x", "Governor JB Pritzker", "GovPritzker", "2025-09-03", "Chicagoans reject the plan.",
             media=("pic.twitter.com/NZRktGOdTm",), paragraphs=(2, 3)),
    ),
)


def test_matched_terms_come_from_the_snippet() -> None:
    assert matched_terms((("the ", False), ("Troops", True), (" and ", False), ("troops", True))) == ("troops",)


def test_article_html_escapes_the_article_and_marks_quotes_hits_and_posts(qtbot) -> None:  # type: ignore[no-untyped-def]
    html = article_html(ARTICLE, EXTRACTION, ("troops",))
    assert "&lt;b&gt;might&lt;/b&gt;" in html
    assert "<img" not in html and "&lt;img" in html
    assert 'title="Quote: Donald Trump"' in html
    assert '<a name="q0"></a>' in html
    assert html.count("font-weight:600") == 2  # "Troops" in the title, "troops" in paragraph 3
    doc = QTextDocument()
    doc.setHtml(html)
    text = doc.toPlainText()
    assert "content not in the archive" in text
    assert "GovPritzker" in text and "Media: pic.twitter.com/NZRktGOdTm" in text
    assert "https://example.org/troops" in text  # shown as text, never a link
    # The quote's characters carry the speaker as a tooltip.
    cursor = doc.find("going in")
    assert cursor.charFormat().toolTip() == "Quote: Donald Trump"


def test_reader_follows_no_link_and_loads_no_resource(qtbot) -> None:  # type: ignore[no-untyped-def]
    reader = ReaderView()
    qtbot.addWidget(reader)
    assert not reader.openLinks() and not reader.openExternalLinks()
    for url in ("https://example.org/a.png", "http://tracker.example/p.gif", "file:///etc/passwd", "data:x"):
        assert reader.loadResource(2, QUrl(url)) is None
    reader.show_article(ARTICLE, EXTRACTION, ("troops",))
    assert reader.toPlainText().startswith("Troops <b>might</b> be in Chicago")


def test_the_reader_shows_where_the_copy_comes_from() -> None:
    from export_data import HARBOUR

    from desktop.reader import provenance_line

    assert provenance_line(HARBOUR) == (
        "Archived copy captured 2 March 2024 (WARC), file harbour.warc.gz, SHA-256 9f2c0123456789ab…"
    )
    assert "Archived copy captured 2 March 2024" in article_html(HARBOUR, Extraction())
