"""Export of a selection (articles, a search's results, quotes, bookmarks) as a printable document.

``assemble`` (``assemble``) turns a ``Selection`` (``selection``) into an ``ExportDocument``
(``document``): plain frozen dataclasses with a title page's facts, a citation for every source
(``citation``) and the sections in order. ``to_html`` (``render``) renders that document as escaped
HTML in the subset Qt's ``QTextDocument`` understands; ``desktop/pdf.py`` lays it out, paints it into
a PDF and appends its outline (``outline``). Nothing here imports Qt, so the CLI, the GUI's export
worker and the tests all share it.

Every section heading carries a named anchor (``s1``, ``s2``, ...; quotes of article ``s1`` are
``s1-q1``, ...): the table of contents links to them, and the PDF outline points at them.
"""

from __future__ import annotations

from index.export.assemble import article_section, assemble, bookmark_section
from index.export.document import (
    ArticleSection,
    BookmarkSection,
    ExportDocument,
    ExportParagraph,
    ExportPost,
    ExportQuote,
    ExportResult,
    QuoteSection,
    Section,
    Span,
    TocEntry,
    plural,
)
from index.export.render import STYLESHEET, esc, link, safe_href, to_html
from index.export.selection import DEFAULT_LIMIT, Selection, SelectionKind, slug, suggested_file_name

__all__ = [
    "DEFAULT_LIMIT", "STYLESHEET", "ArticleSection", "BookmarkSection", "ExportDocument", "ExportParagraph",
    "ExportPost", "ExportQuote", "ExportResult", "QuoteSection", "Section", "Selection", "SelectionKind", "Span",
    "TocEntry", "article_section", "assemble", "bookmark_section", "esc", "link", "plural", "safe_href", "slug",
    "suggested_file_name", "to_html",
]
