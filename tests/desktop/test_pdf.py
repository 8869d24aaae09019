"""PDF export with Qt: what a reader of the PDF sees, checked with pypdf (and poppler when present)."""

from __future__ import annotations

import logging
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from export_data import (
    HARBOUR,
    HARBOUR_EX,
    UNICODE_LINE,
    WORLD,
    WORLD_EX,
    build_archive,
    flat,
    page_text,
    page_texts,
    quote_of,
)
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from desktop.pdf import export_pdf, render_pdf
from index.archive import Archive
from index.errors import Cancelled, ExportFailed
from index.export import Selection, assemble
from index.jobs import CancelToken, Progress
from index.model import Article, Extraction, Paragraph

pytestmark = pytest.mark.usefixtures("qapp")


@pytest.fixture()
def archive(tmp_path: Path) -> Archive:
    a = build_archive(tmp_path / "data", [(HARBOUR, HARBOUR_EX), (WORLD, WORLD_EX)])
    yield a
    a.close()


def outline(reader: PdfReader) -> list[tuple[str, int, list[tuple[str, int]]]]:
    """(title, page from 1, children) of each top-level outline entry."""
    out: list[tuple[str, int, list[tuple[str, int]]]] = []
    for item in reader.outline:
        if isinstance(item, list):
            out[-1][2].extend((c.title, reader.get_destination_page_number(c) + 1) for c in item)
        else:
            out.append((item.title, reader.get_destination_page_number(item) + 1, []))
    return out


def test_a_pdf_of_articles_has_their_text_quotes_citations_outline_links_and_fonts(
    archive: Archive, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "export.pdf"
    result = export_pdf(archive, Selection.of_articles([HARBOUR.id, WORLD.id]), path)
    with caplog.at_level(logging.WARNING, logger="pypdf"):
        reader = PdfReader(path, strict=True)  # the outline's incremental update reads cleanly
        assert reader.outline and reader.trailer["/Root"]["/PageMode"] == "/UseOutlines"
    assert not caplog.records
    n = len(reader.pages)
    assert result.pages == n >= 3 and result.sections == 2
    assert reader.metadata.title == "2 selected articles" and reader.metadata.creator == "Morgue"
    texts = page_texts(path)
    everything = flat(" ".join(texts))

    # Titles, quotes, speakers and citations, as a reader sees them.
    for expected in (
        "The harbour reopened after the storm", "“We are deploying every crew we have.” — Ana Lima",
        "“The ferries will run by Friday.”", "unknown speaker",
        "Kari Nordmann and Ola Hansen. “The harbour reopened after the storm.” example.org, March 2, 2024. "
        # The file and the hash in a monospace font, without the backticks of the Markdown.
        "https://example.org/news/harbour. Archived copy captured 2 March 2024 (WARC), file harbour.warc.gz, "
        "SHA-256 9f2c0123456789ab….",
        "“Мы продолжим работу.” — Сергей Лавров",
    ):
        assert expected in everything.replace("\ufb01", "fi")  # the text layer keeps the "fi" ligature
    assert "`" not in everything
    # A CJK, curly-quote line comes back out exactly.
    assert any(UNICODE_LINE in t for t in texts)
    assert "记者在北京报道了这条消息。" in everything

    # "Page i of N" on every page, the export's title in the footer.
    for i, t in enumerate(texts, 1):
        assert f"Page {i} of {n}" in t and "2 selected articles" in t

    # The outline: one entry per article, its quotes as children, on the pages the contents give.
    entries = outline(reader)
    assert [e[0] for e in entries] == [HARBOUR.title, WORLD.title]
    assert [c[0] for c in entries[0][2]] == ["“We are deploying every crew we have.” — Ana Lima",
                                            "“The ferries will run by Friday.” — Ana Lima",
                                            "“Nobody was hurt,” — unknown speaker"]
    assert entries[1][2][1][0] == "“记者在北京报道了这条消息。” — 王毅"
    contents = flat(texts[0])
    for title, page, children in entries:
        assert page > 1 and title.split(":")[0] in flat(texts[page - 1])
        assert re.search(re.escape(title.split(":")[0]) + r".*? " + str(page) + r"\b", contents)
        for _child, child_page in children:
            assert child_page >= page

    # Live links: URI annotations, the non-Latin address percent-encoded and IDNA'd.
    uris = set()
    for page in reader.pages:
        for annot in page.get("/Annots", []) or []:
            action = annot.get_object().get("/A")
            if isinstance(action, DictionaryObject) and action.get("/S") == "/URI":
                uris.add(str(action["/URI"]))
    assert "https://example.org/news/harbour" in uris
    assert "https://xn--e1afmkfd.xn--p1ai/%D0%BD%D0%BE%D0%B2%D0%BE%D1%81%D1%82%D0%B8/%E5%8C%97%E4%BA%AC?q=%C3%BC" \
        in uris

    # Every font is embedded.
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            fonts[str(font["/BaseFont"])] = font
    assert {"/DejaVuSerif", "/DejaVuSans-Bold"} <= set(fonts)
    for name, font in fonts.items():
        descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object() \
            if "/DescendantFonts" in font else font["/FontDescriptor"].get_object()
        assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor), f"{name} is not embedded"


@pytest.mark.skipif(shutil.which("pdffonts") is None or shutil.which("pdftotext") is None,
                    reason="poppler-utils (pdffonts, pdftotext) is not installed")
def test_poppler_sees_embedded_fonts_and_exact_text(archive: Archive, tmp_path: Path) -> None:
    path = tmp_path / "export.pdf"
    export_pdf(archive, Selection.of_articles([WORLD.id]), path)
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in out.splitlines()[2:] if line.strip()]
    assert rows and all(r[-5] == "yes" for r in rows), out  # the "emb" column
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert UNICODE_LINE in text
    assert "https://пример.рф/новости/北京?q=ü" in text  # the address as shown, copied without junk
    if "WenQuanYi" in out or "Noto" in out:
        # The quote and its speaker, exactly (the contents list articles only: the quote is in the text).
        assert "“记者在北京报道了这条消息。”\n— 王毅" in text


def _long_archive(data: Path, n: int = 5) -> tuple[Archive, list[str]]:
    items = []
    for k in range(n):
        paras = tuple(Paragraph(f"Paragraph {i} of article {k}. " + "Lorem ipsum dolor sit amet. " * 12)
                      for i in range(25 + 10 * k))
        art = Article(id=f"long{k}", title=f"Long article number {k}", paragraphs=paras)
        items.append((art, Extraction(quotes=(quote_of(art, 3, "Lorem ipsum dolor sit amet.", f"S{k}"),))))
    return build_archive(data, items), [a.id for a, _ in items]


def test_the_contents_list_each_section_with_its_page(tmp_path: Path) -> None:
    archive, ids = _long_archive(tmp_path / "data")
    path = tmp_path / "long.pdf"
    export_pdf(archive, Selection.of_articles(ids), path)
    reader = PdfReader(path)
    entries = outline(reader)
    pages = [page for _t, page, _c in entries]
    assert pages == sorted(pages) and len(set(pages)) == 5 and pages[-1] > 8
    contents = flat(page_text(reader.pages[0]))
    for title, page, children in entries:
        assert re.search(rf"{re.escape(title)} {page}\b", contents), (title, page)
        assert f"Paragraph 0 of article {title[-1]}." in flat(page_text(reader.pages[page - 1]))
        assert children[0][1] == page  # the quote, in paragraph 3, on the article's first page
    archive.close()


def test_quotes_and_bookmarks_pdf(archive: Archive, tmp_path: Path) -> None:
    store = archive.bookmarks
    store.add_quote(WORLD.id, 1, note="check the translation", tags=["beijing"])
    store.add_passage(HARBOUR.id, 0, 4, 31, tags=["harbour"])
    path = tmp_path / "bookmarks.pdf"
    export_pdf(archive, Selection.of_bookmarks(), path, bookmarks=store)
    everything = flat(" ".join(page_texts(path)))
    assert "BOOKMARK 1 · QUOTE" in everything and "check the translation" in everything
    assert "BOOKMARK 2 · PASSAGE" in everything and "“harbour reopened on Monday" in everything
    # Bookmarks cite the archived copy as article exports do (the harbour page's WARC); one whose
    # article has no capture facts has no archived-copy sentence, never the day of the export.
    assert "Archived copy captured 2 March 2024 (WARC), file harbour.warc.gz" in everything.replace("\ufb01", "fi")
    assert "Archived copy accessed" not in everything
    assert [e[0] for e in outline(PdfReader(path))] == [  # newest first
        "“harbour reopened on Monday”", "“记者在北京报道了这条消息。” — 王毅"]

    path = tmp_path / "quotes.pdf"
    export_pdf(archive, Selection.of_quotes([(HARBOUR.id, 2), (WORLD.id, 0)]), path)
    everything = flat(" ".join(page_texts(path)))
    assert "“Nobody was hurt,” — unknown speaker" in everything
    assert "“Мы продолжим работу.” — Сергей Лавров" in everything
    store.close()


def test_a_bookmark_of_a_deleted_article_says_so(archive: Archive, tmp_path: Path) -> None:
    store = archive.bookmarks
    store.add_quote(HARBOUR.id, 0)
    archive.store.commit_batch(removed_articles=[HARBOUR.id])
    path = tmp_path / "b.pdf"
    export_pdf(archive, Selection.of_bookmarks(), path, bookmarks=store)
    everything = flat(" ".join(page_texts(path)))
    assert "The article is no longer in the archive" in everything
    assert "We are deploying every crew we have." in everything
    store.close()


@pytest.mark.parametrize("phase", ["laying out", "rendering"])
def test_cancelling_leaves_no_file(tmp_path: Path, phase: str) -> None:
    archive, ids = _long_archive(tmp_path / "data", 8)
    doc = assemble(archive, Selection.of_articles(ids))
    path = tmp_path / "out" / "cancelled.pdf"
    path.parent.mkdir()
    cancel = CancelToken()
    seen: list[Progress] = []

    def on_progress(p: Progress) -> None:
        seen.append(p)
        if p.phase == phase and 0 < p.done < p.total or (phase == "laying out" and p == Progress(phase, 1, 1)):
            cancel.cancel()

    with pytest.raises(Cancelled):
        render_pdf(doc, path, on_progress=on_progress, cancel=cancel)
    assert seen[-1].phase == phase
    assert list(path.parent.iterdir()) == []  # neither the PDF nor a part of it
    archive.close()


def test_an_unwritable_place_is_named(archive: Archive, tmp_path: Path) -> None:
    with pytest.raises(ExportFailed, match=r"Cannot write .*nowhere.*the folder .* does not exist"):
        export_pdf(archive, Selection.of_articles([HARBOUR.id]), tmp_path / "nowhere" / "x.pdf")
    (tmp_path / "a-folder.pdf").mkdir()
    with pytest.raises(ExportFailed, match=r"Cannot write .*a-folder\.pdf: Is a directory"):
        export_pdf(archive, Selection.of_articles([HARBOUR.id]), tmp_path / "a-folder.pdf")
    assert not list(tmp_path.glob(".*.part"))


def test_a_read_only_folder_is_named(archive: Archive, tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        if os.access(locked, os.W_OK):
            pytest.skip("running as a user who can write anywhere")
        with pytest.raises(ExportFailed, match="Cannot write .*locked"):
            export_pdf(archive, Selection.of_articles([HARBOUR.id]), locked / "x.pdf")
    finally:
        locked.chmod(0o700)
