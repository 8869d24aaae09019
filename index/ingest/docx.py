"""Word documents (``.docx``): press releases, statements, reports sent as attachments.

A DOCX is a ZIP container of XML: ``word/document.xml`` holds the paragraphs (``w:p``, in tables
too), ``docProps/core.xml`` the title, author (``dc:creator``), creation date, language and
keywords. Paragraphs are read in document order; a heading or "Title" paragraph gives the title
when the properties have none. The standard library's ``zipfile`` and lxml do it (see the README
on why not python-docx, mammoth or docx2python).
"""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

from index.errors import UnreadableFile
from index.ingest.common import build_article, open_zip, parse_xml, split_authors, without_title, zip_member
from index.model import Article, Paragraph

NAME = "docx"
EXTENSIONS = (".docx",)

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_NS = {
    "w": _W,
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dc": "http://purl.org/dc/elements/1.1/",
    "dcterms": "http://purl.org/dc/terms/",
}
_TITLE_STYLES = re.compile(r"^(?:title|heading ?1|berschrift ?1|titre ?1?)$", re.I)


def sniff(head: bytes) -> bool:
    """A ZIP file with a ``word/`` part among its first entries (LibreOffice writes ``[Content_Types].xml`` last)."""
    return head.startswith(b"PK\x03\x04") and b"word/" in head


def read(path: Path, data: bytes) -> list[Article]:
    """One article from a Word document: its paragraphs in order, metadata from its core properties."""
    with open_zip(path, data, "Word document") as document:
        names = set(document.namelist())
        if "word/document.xml" not in names:
            raise UnreadableFile(path, "not a Word document (the ZIP container has no word/document.xml)")
        body = parse_xml(zip_member(document, "word/document.xml", path), path, "word/document.xml")
        core = None
        if "docProps/core.xml" in names:
            core = parse_xml(zip_member(document, "docProps/core.xml", path), path, "docProps/core.xml")
    paragraphs, heading = _paragraphs(body)
    if not paragraphs:
        raise UnreadableFile(path, "the Word document holds no text")
    title = _core(core, "dc:title") or heading
    return [
        build_article(
            paragraphs=without_title(paragraphs, title),
            source=str(path),
            format=NAME,
            title=title,
            date=_core(core, "dcterms:created"),
            authors=split_authors([_core(core, "dc:creator")]),
            language=_core(core, "dc:language"),
            tags=[t.strip() for t in re.split(r"[,;]", _core(core, "cp:keywords")) if t.strip()],
        )
    ]


def _core(core: etree._Element | None, name: str) -> str:
    element = core.find(name, _NS) if core is not None else None
    return (element.text or "").strip() if element is not None else ""


def _paragraphs(root: etree._Element) -> tuple[list[Paragraph], str]:
    """The document's paragraphs and the text of its first title or heading paragraph."""
    out: list[Paragraph] = []
    heading = ""
    for p in root.iter(f"{{{_W}}}p"):
        parts = []
        for node in p.iter(f"{{{_W}}}t", f"{{{_W}}}tab", f"{{{_W}}}br", f"{{{_W}}}cr", f"{{{_W}}}noBreakHyphen"):
            tag = etree.QName(node).localname
            if tag == "t":
                parts.append(node.text or "")
            elif tag == "noBreakHyphen":
                parts.append("-")
            else:
                parts.append(" ")
        text = "".join(parts).strip()
        if not text:
            continue
        style = p.find("w:pPr/w:pStyle", _NS)
        if not heading and style is not None and _TITLE_STYLES.match(style.get(f"{{{_W}}}val", "")):
            heading = text
        out.append(Paragraph(text))
    return out, heading
