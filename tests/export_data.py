"""Test data for bookmarks and exports: small articles with their extractions, written straight
into an archive's store (no file reading, no NLP), so tests of what is *done* with quotes do not
depend on how quotes are found. One test in each area still uses the real extractor on the seed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pypdf import PageObject, PdfReader

from index.archive import Archive
from index.model import Article, Extraction, Paragraph, Post, Provenance, Quote

HARBOUR_SHA = "9f2c" + "0123456789abcdef" * 3 + "0123456789ab"

HARBOUR = Article(
    id="harbour01",
    title="The harbour reopened after the storm",
    paragraphs=(
        Paragraph("The harbour reopened on Monday after the storm, officials said."),
        Paragraph("Mayor Ana Lima said, “We are deploying every crew we have.” She added: “The ferries will run "
                  "by Friday.”"),
        Paragraph("“Nobody was hurt,” the harbour master told reporters."),
        Paragraph("Ferries are back, the port authority wrote on X."),
    ),
    date=dt.date(2024, 3, 2),
    authors=("Kari Nordmann", "Ola Hansen"),
    site="example.org",
    url="https://example.org/news/harbour",
    captured="2024-03-02T09:15:00+00:00",
    captured_from="WARC-Date",
    provenance=Provenance("https://example.org/news/harbour", ("/archive/wires/harbour.warc.gz",), HARBOUR_SHA),
)


def quote_of(article: Article, para: int, text: str, speaker: str | None) -> Quote:
    start = article.paragraphs[para].text.index(text)
    return Quote(text=text, speaker=speaker, speaker_kind="person" if speaker else "unknown", paragraph=para,
                 start=start, end=start + len(text))


HARBOUR_EX = Extraction(
    quotes=(
        quote_of(HARBOUR, 1, "We are deploying every crew we have.", "Ana Lima"),
        quote_of(HARBOUR, 1, "The ferries will run by Friday.", "Ana Lima"),
        quote_of(HARBOUR, 2, "Nobody was hurt,", None),
    ),
    posts=(Post(platform="x", author="Port Authority", handle="port_auth", date="2024-03-02",
                text="Ferries are back.", url="https://x.com/port_auth/status/1", paragraphs=(3,)),),
)


def build_archive(data: Path, items: list[tuple[Article, Extraction]] | None = None) -> Archive:
    """An archive whose store holds ``items`` (with their extractions), searchable after a rebuild."""
    archive = Archive(data)
    items = items if items is not None else [(HARBOUR, HARBOUR_EX)]
    archive.store.commit_batch(articles=[(a, a.content_hash, ex, 1) for a, ex in items])
    archive.rebuild()
    return archive


# Scripts, curly quotes and a non-Latin address: all must survive into the PDF and back out.
UNICODE_LINE = "Zoë Łódź 北京 ‘quote’ — dash"
WORLD = Article(
    id="world01",
    title="Zoë in Łódź: “北京” and ‘Москва’",
    paragraphs=(
        Paragraph(f"{UNICODE_LINE}."),
        Paragraph("The minister said, “Мы продолжим работу.” Reporters in Beijing wrote: “记者在北京报道了这条消息。”"),
        Paragraph("قال المتحدث إن الاجتماع سيعقد غدا."),
    ),
    date=dt.date(2025, 2, 14),
    authors=("Zoë Kowalska",),
    site="пример.рф",
    url="https://пример.рф/новости/北京?q=ü",
)
WORLD_EX = Extraction(
    quotes=(
        quote_of(WORLD, 1, "Мы продолжим работу.", "Сергей Лавров"),
        quote_of(WORLD, 1, "记者在北京报道了这条消息。", "王毅"),
    ),
)


# --- reading a PDF back, as a reader would copy it ----------------------------------------------


def page_text(page: PageObject) -> str:
    """The text of a page as a reader would copy it (pypdf's layout mode; its tabs are spaces)."""
    return page.extract_text(extraction_mode="layout").replace("\t", " ")


def page_texts(path: Path) -> list[str]:
    return [page_text(p) for p in PdfReader(path).pages]


def flat(text: str) -> str:
    return " ".join(text.split())
