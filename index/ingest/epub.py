"""E-books (``.epub``): articles sent to an e-reader, long reads, reports.

An EPUB is a ZIP container: ``META-INF/container.xml`` names the package file (OPF), whose
metadata gives the title, authors (``dc:creator``), date, language, publisher (the site) and a
source URL (``dc:source``), and whose spine lists the chapters in reading order. The chapters'
text is read in that order, headings included; the navigation document, cover and title page are
left out. The standard library's ``zipfile`` and lxml do it all (see the README on why not EbookLib).
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from urllib.parse import unquote

from lxml import etree

from index.errors import UnreadableFile
from index.ingest import html
from index.ingest.common import (
    build_article,
    open_zip,
    parse_xml,
    split_authors,
    without_title,
    zip_member,
)
from index.model import Article, Paragraph

NAME = "epub"
EXTENSIONS = (".epub",)

_NS = {
    "c": "urn:oasis:names:tc:opendocument:xmlns:container",
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
}
_EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
# Parts of a book that are not its text.
_NOT_TEXT = frozenset(["cover", "titlepage", "toc", "landmarks", "loi", "lot", "index", "halftitlepage"])
_HTML_TYPES = ("application/xhtml+xml", "text/html")


def sniff(head: bytes) -> bool:
    """A ZIP file whose first entry is the ``mimetype`` file saying ``application/epub+zip``."""
    return head.startswith(b"PK\x03\x04") and b"mimetypeapplication/epub+zip" in head[:100]


def read(path: Path, data: bytes) -> list[Article]:
    """One article from an EPUB book: its chapters' text in reading order, metadata from the OPF."""
    with open_zip(path, data, "EPUB book") as book:
        container = parse_xml(zip_member(book, "META-INF/container.xml", path), path, "META-INF/container.xml")
        rootfile = container.find("c:rootfiles/c:rootfile", _NS)
        opf_name = rootfile.get("full-path", "") if rootfile is not None else ""
        if not opf_name:
            raise UnreadableFile(path, "the EPUB's container.xml names no package (OPF) file")
        opf = parse_xml(zip_member(book, opf_name, path), path, opf_name)
        meta = opf.find("opf:metadata", _NS)
        if meta is None:
            raise UnreadableFile(path, f"the EPUB's package file {opf_name} has no metadata")
        paragraphs: list[Paragraph] = []
        for name in _spine(opf, opf_name):
            if name in book.namelist():
                paragraphs.extend(_chapter(zip_member(book, name, path)))
    title = _dc(meta, "title")
    if not paragraphs:
        raise UnreadableFile(path, "the EPUB book holds no text")
    source = _dc(meta, "source")
    return [
        build_article(
            paragraphs=without_title(paragraphs, title),
            source=str(path),
            format=NAME,
            title=title,
            date=_date(meta),
            authors=split_authors(_creators(meta)),
            site=_dc(meta, "publisher"),
            url=source if re.match(r"https?://", source) else "",
            language=_dc(meta, "language"),
            tags=[s for s in (e.text or "" for e in meta.findall("dc:subject", _NS)) if s.strip()],
        )
    ]


def _dc(meta: etree._Element, name: str) -> str:
    element = meta.find(f"dc:{name}", _NS)
    return (element.text or "").strip() if element is not None else ""


def _creators(meta: etree._Element) -> list[str]:
    """The authors: ``dc:creator`` entries, without those whose role is not author (an editor, say)."""
    roles = {
        (m.get("refines") or "").lstrip("#"): (m.text or "").strip()
        for m in meta.findall("opf:meta[@property='role']", _NS)
    }
    out = []
    for creator in meta.findall("dc:creator", _NS):
        role = creator.get(f"{{{_NS['opf']}}}role") or roles.get(creator.get("id") or "", "aut")
        if role in ("aut", "") and (creator.text or "").strip():
            out.append((creator.text or "").strip())
    return out


def _date(meta: etree._Element) -> str:
    """The publication date (EPUB 2 marks it with ``opf:event``), else the first ``dc:date``."""
    dates = meta.findall("dc:date", _NS)
    for element in dates:
        if element.get(f"{{{_NS['opf']}}}event") == "publication":
            return element.text or ""
    return (dates[0].text or "") if dates else ""


def _spine(opf: etree._Element, opf_name: str) -> list[str]:
    """The container paths of the book's text documents, in reading order."""
    base = posixpath.dirname(opf_name)
    manifest = {}
    for item in opf.findall("opf:manifest/opf:item", _NS):
        if item.get("media-type") in _HTML_TYPES and "nav" not in (item.get("properties") or "").split():
            manifest[item.get("id")] = posixpath.normpath(posixpath.join(base, unquote(item.get("href") or "")))
    return [
        manifest[ref.get("idref")]
        for ref in opf.findall("opf:spine/opf:itemref", _NS)
        if ref.get("idref") in manifest and ref.get("linear") != "no"
    ]


def _chapter(data: bytes) -> list[Paragraph]:
    """The paragraphs of one chapter, or none for a cover, title page or table of contents."""
    import lxml.html

    try:
        tree = lxml.html.document_fromstring(data)
    except (etree.ParserError, ValueError):
        return []
    body = tree.find("body")
    if body is None:
        return []
    for element in (body, *body.iterfind("section")):
        kinds = set((element.get("epub:type") or element.get(_EPUB_TYPE) or "").split())
        if kinds & _NOT_TEXT:
            return []
    return list(html.paragraphs_from_html(etree.tostring(body, encoding="unicode")))
