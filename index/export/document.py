"""The document model of an export: plain frozen dataclasses for the title page, the sections and the
table of contents, whatever the output format."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from index.export.selection import SelectionKind

# Quote marks that open and close a quotation in any of the languages of the archive.
OPENING_MARKS = "“\"«„‘‚‹「『"
CLOSING_MARKS = "”\"»“’‹›」』"


@dataclass(frozen=True)
class Span:
    """Characters ``start:end`` of a paragraph quoted by quote number ``number`` of its article."""

    start: int
    end: int
    number: int


@dataclass(frozen=True)
class ExportParagraph:
    """A paragraph of an article, its quoted spans marked.

    ``post`` names the social post the paragraph belongs to ("Post by X on Y"), ``post_index`` is
    that post's position in the extraction (consecutive paragraphs of one post share it), and
    ``post_missing`` says the post's content was lost (the paragraph is the article's own text).
    """

    text: str
    spans: tuple[Span, ...] = ()
    post: str = ""
    post_index: int | None = None
    post_missing: bool = False


@dataclass(frozen=True)
class ExportQuote:
    """A quote of an article, numbered from 1 as marked in its paragraphs."""

    number: int
    text: str
    speaker: str | None
    paragraph: int
    anchor: str


@dataclass(frozen=True)
class ExportPost:
    """A social post embedded in an article."""

    platform: str
    who: str
    date: str
    text: str
    url: str
    missing: bool


@dataclass(frozen=True)
class ArticleSection:
    """A whole article: its metadata, a citation, its paragraphs with quotes marked, its quotes."""

    anchor: str
    article_id: str
    title: str
    date: dt.date | None
    authors: tuple[str, ...]
    site: str
    url: str
    source_name: str
    citation: str
    paragraphs: tuple[ExportParagraph, ...]
    quotes: tuple[ExportQuote, ...] = ()
    posts: tuple[ExportPost, ...] = ()


@dataclass(frozen=True)
class QuoteSection:
    """One quote with its speaker and a citation of its article."""

    anchor: str
    article_id: str
    quote_index: int
    text: str
    speaker: str | None
    title: str
    date: dt.date | None
    paragraph: int
    citation: str
    # A person's dossier fills these; other exports leave them empty.
    confidence: str = ""  # "stated", "inferred", "guessed"
    evidence: str = ""  # the words the attribution rests on
    capture: tuple[tuple[str, str], ...] = ()  # what is known of the saved copy: (label, value)
    repeats: tuple[str, ...] = ()  # the same quote elsewhere in the archive, first appearance first


@dataclass(frozen=True)
class BookmarkSection:
    """One bookmark: its text, who it is by, the user's note and tags, and a citation."""

    anchor: str
    bookmark_id: int
    kind: str
    text: str
    who: str
    note: str
    tags: tuple[str, ...]
    title: str
    citation: str
    article_missing: bool
    created: dt.datetime | None


Section = ArticleSection | QuoteSection | BookmarkSection


@dataclass(frozen=True)
class TocEntry:
    """A line of the table of contents and an entry of the PDF outline."""

    anchor: str
    title: str
    children: tuple[TocEntry, ...] = ()


@dataclass(frozen=True)
class ExportDocument:
    """Everything an exported file shows, in order: the title page's facts, then the sections."""

    title: str
    description: str
    exported: dt.datetime
    sections: tuple[Section, ...]
    kind: SelectionKind = "articles"
    query: str = ""
    filters: tuple[tuple[str, str], ...] = ()
    tag: str | None = None
    archive_name: str = ""
    counts: tuple[tuple[str, int], ...] = ()
    not_found: tuple[str, ...] = ()  # what was selected but is not in the archive
    total: int | None = None  # search: how many articles matched (more than exported when limited)
    facts: tuple[tuple[str, str], ...] = ()  # more rows of the title page (a dossier's person, aliases)

    def toc(self) -> tuple[TocEntry, ...]:
        """One entry per section; an article's quotes as its children."""
        out = []
        for s in self.sections:
            if isinstance(s, ArticleSection):
                kids = tuple(TocEntry(q.anchor, _quote_label(q.text, q.speaker)) for q in s.quotes)
                out.append(TocEntry(s.anchor, s.title or "(untitled)", kids))
            elif isinstance(s, QuoteSection):
                out.append(TocEntry(s.anchor, _quote_label(s.text, s.speaker)))
            else:
                if not s.text:
                    label = f"{s.kind.capitalize()} by {s.who or 'unknown'} (content not in the archive)"
                elif s.kind == "passage":
                    label = f"“{shorten(s.text, 70)}”"
                else:
                    label = _quote_label(s.text, s.who)
                out.append(TocEntry(s.anchor, label))
        return tuple(out)


def shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0] if " " in text[: limit] else text[:limit]
    return cut.rstrip(" ,.;:") + "…"


def _quote_label(text: str, who: str | None) -> str:
    return f"“{shorten(text, 70)}” — {who or 'unknown speaker'}"


def plural(n: int, word: str) -> str:
    """``1 article``, ``2 articles``."""
    return f"{n} {word}{'' if n == 1 else 's'}"


@dataclass(frozen=True)
class ExportResult:
    """What an export wrote."""

    path: str
    pages: int = 0
    sections: int = 0
    not_found: tuple[str, ...] = field(default_factory=tuple)
