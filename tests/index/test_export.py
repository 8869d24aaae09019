"""The export document (no Qt): what a selection becomes, citations, safe HTML, file names."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from export_data import HARBOUR, HARBOUR_EX, build_archive, quote_of

from index.archive import Archive
from index.errors import Cancelled, ExportFailed
from index.export import (
    ArticleSection,
    BookmarkSection,
    QuoteSection,
    Selection,
    assemble,
    safe_href,
    suggested_file_name,
    to_html,
)
from index.export.citation import cite
from index.jobs import CancelToken, Progress
from index.model import Article, Extraction, Paragraph, Quote

NOW = dt.datetime(2025, 11, 26, 14, 5, tzinfo=dt.UTC)

NASTY = Article(
    id="nasty01",
    title="<script>alert('x')</script> & “friends”",
    paragraphs=(Paragraph("He wrote “<b>not bold</b> & fine,” she said."), Paragraph("Second & last.")),
    date=dt.date(2025, 1, 31),
    url="javascript:alert(1)",
)
NASTY_EX = Extraction(quotes=(quote_of(NASTY, 0, "<b>not bold</b> & fine,", "Zoë"),))


@pytest.fixture()
def archive(tmp_path: Path) -> Archive:
    a = build_archive(tmp_path / "data", [(HARBOUR, HARBOUR_EX), (NASTY, NASTY_EX)])
    yield a
    a.close()


def test_citations_are_chicago_like_and_leave_out_what_is_missing() -> None:
    assert cite(title="The harbour reopened", authors=["Kari Nordmann"], site="example.org",
                date=dt.date(2024, 3, 2), url="https://example.org/a", accessed=dt.date(2025, 1, 2)) == (
        "Kari Nordmann. “The harbour reopened.” example.org, March 2, 2024. https://example.org/a. "
        "Archived copy accessed January 2, 2025.")
    assert cite(title="Why?", authors=["A", "B", "C"], date=dt.date(2024, 3, 2)) == (
        "A, B, and C. “Why?” March 2, 2024.")
    assert cite(title="He said “no”") == "“He said ‘no’.” n.d."


def test_articles_become_sections_with_marked_quotes(archive: Archive) -> None:
    doc = assemble(archive, Selection.of_articles([HARBOUR.id, "gone-id"]), now=NOW)
    assert doc.not_found == ("gone-id",)
    assert doc.title == "The harbour reopened after the storm" and doc.counts == (("article", 1), ("quote", 3))
    (s,) = doc.sections
    assert isinstance(s, ArticleSection) and s.anchor == "s1"
    assert s.citation == ("Kari Nordmann and Ola Hansen. “The harbour reopened after the storm.” example.org, "
                          "March 2, 2024. https://example.org/news/harbour. Archived copy captured 2 March 2024 "
                          "(WARC), file `harbour.warc.gz`, SHA-256 `9f2c0123456789ab…`.")
    assert "accessed" not in s.citation  # the export date is not when the copy was made
    assert [q.speaker for q in s.quotes] == ["Ana Lima", "Ana Lima", None]
    p1 = s.paragraphs[1]
    assert [(p1.text[x.start:x.end], x.number) for x in p1.spans] == [
        ("We are deploying every crew we have.", 1), ("The ferries will run by Friday.", 2)]
    assert s.paragraphs[3].post == "Post by Port Authority (@port_auth) on X"
    assert [(e.anchor, e.title) for e in doc.toc()[0].children] == [
        ("s1-q1", "“We are deploying every crew we have.” — Ana Lima"),
        ("s1-q2", "“The ferries will run by Friday.” — Ana Lima"),
        ("s1-q3", "“Nobody was hurt,” — unknown speaker"),
    ]


def test_a_search_exports_its_results_up_to_a_limit(archive: Archive) -> None:
    doc = assemble(archive, Selection.of_search("harbour OR friends", limit=1), now=NOW)
    assert len(doc.sections) == 1 and doc.total == 2
    assert doc.title == "Search: harbour OR friends"
    assert "the first 1 of 2" in doc.description
    with pytest.raises(ExportFailed, match="no article matches the query 'zebra'"):
        assemble(archive, Selection.of_search("zebra"))


def test_quotes_and_bookmarks_become_sections(archive: Archive) -> None:
    doc = assemble(archive, Selection.of_quotes([(HARBOUR.id, 1), (HARBOUR.id, 9)]), now=NOW)
    (q,) = doc.sections
    assert isinstance(q, QuoteSection) and (q.text, q.speaker, q.paragraph) == (
        "The ferries will run by Friday.", "Ana Lima", 1)
    assert doc.not_found == (f"{HARBOUR.id}:9",)

    store = archive.bookmarks
    b1 = store.add_quote(HARBOUR.id, 0, note="call the mayor", tags=["harbour"])
    store.add_quote(HARBOUR.id, 2, tags=["other"])
    doc = assemble(archive, Selection.of_bookmarks(tag="harbour"), bookmarks=store, now=NOW)
    (b,) = doc.sections
    assert isinstance(b, BookmarkSection) and (b.bookmark_id, b.note, b.tags, b.who) == (
        b1.id, "call the mayor", ("harbour",), "Ana Lima")
    assert doc.title == "Bookmarks tagged “harbour”"
    assert len(assemble(archive, Selection.of_bookmarks(), bookmarks=store).sections) == 2
    with pytest.raises(ExportFailed, match="no bookmarks tagged 'nothing'"):
        assemble(archive, Selection.of_bookmarks(tag="nothing"), bookmarks=store)
    store.close()


def test_nothing_to_export_is_an_error_naming_what_was_missing(archive: Archive) -> None:
    with pytest.raises(ExportFailed, match="none of the selected items is in the archive .a, b."):
        assemble(archive, Selection.of_articles(["a", "b"]))


def test_progress_and_cancel(archive: Archive) -> None:
    seen: list[Progress] = []
    assemble(archive, Selection.of_articles([HARBOUR.id, NASTY.id]), on_progress=seen.append)
    assert seen[-1] == Progress("assembling", 2, 2, NASTY.title)
    cancel = CancelToken()
    cancel.cancel()
    with pytest.raises(Cancelled):
        assemble(archive, Selection.of_articles([HARBOUR.id]), cancel=cancel)


def test_html_escapes_everything_and_links_only_web_addresses(archive: Archive) -> None:
    doc = assemble(archive, Selection.of_articles([NASTY.id, HARBOUR.id]), now=NOW)
    html = to_html(doc, {"s1": 2, "s2": 3})
    assert "<script>" not in html and "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; “friends”" in html
    assert "<b>not bold</b>" not in html and "&lt;b&gt;not bold&lt;/b&gt; &amp; fine," in html
    assert "javascript:" not in html.replace("javascript:alert(1)", "")  # shown as text, never a link
    assert 'href="javascript' not in html
    assert 'href="https://example.org/news/harbour"' in html
    assert '<a name="s1"></a>' in html and '<a name="s2-q1"></a>' in html
    # The table of contents carries the page numbers it was given.
    assert re.search(r'href="#s2"[^>]*>The harbour reopened after the storm</a></td><td[^>]*>3</td>', html)


def test_urls_are_made_ascii_for_pdf_links() -> None:
    assert safe_href("https://例え.jp/パス?q=北京#frag") == (
        "https://xn--r8jz45g.jp/%E3%83%91%E3%82%B9?q=%E5%8C%97%E4%BA%AC#frag")
    assert safe_href("https://example.org/a%20b?x=1&y=ü") == "https://example.org/a%20b?x=1&y=%C3%BC"
    assert safe_href("file:///etc/passwd") is None
    assert safe_href("javascript:alert(1)") is None
    assert safe_href("/relative") is None


def test_suggested_file_names_are_safe() -> None:
    day = dt.date(2025, 9, 3)
    assert suggested_file_name(Selection.of_search('speaker:Pritzker "national guard"'), today=day) == (
        "morgue-speaker-pritzker-national-guard-2025-09-03.pdf")
    assert suggested_file_name(Selection.of_bookmarks(tag="Chicago/Troops"), "csv", day) == (
        "morgue-chicago-troops-2025-09-03.csv")
    assert suggested_file_name(Selection.of_search("北京 记者"), today=day) == "morgue-北京-记者-2025-09-03.pdf"
    assert suggested_file_name(Selection.of_articles(["x"]), today=day) == "morgue-articles-2025-09-03.pdf"
    assert suggested_file_name(Selection.of_search("../../etc/passwd"), today=day) == (
        "morgue-etc-passwd-2025-09-03.pdf")


def test_a_quote_over_two_paragraphs_is_marked_in_both(tmp_path: Path) -> None:
    art = Article("two", "Two", (Paragraph("He said: “First part"), Paragraph("“second part.” Then.")))
    q = Quote(text="First part\n\nsecond part.", speaker="He", speaker_kind="person", paragraph=0, start=10,
              end=13, end_paragraph=1)
    archive = build_archive(tmp_path / "d", [(art, Extraction(quotes=(q,)))])
    (s,) = assemble(archive, Selection.of_articles(["two"])).sections
    assert isinstance(s, ArticleSection)
    assert [(p.text[x.start:x.end]) for p in s.paragraphs for x in p.spans] == ["First part", "second part."]
    archive.close()
