"""Export of a selection (articles, a search's results, quotes, bookmarks) as a printable document.

``assemble`` turns a ``Selection`` into an ``ExportDocument``: plain frozen dataclasses with a
title page's facts, a citation for every source and the sections in order. ``to_html`` renders
that document as escaped HTML in the subset Qt's ``QTextDocument`` understands; ``desktop/pdf.py``
lays it out and paints it into a PDF. Nothing here imports Qt, so the CLI, the GUI's export worker
and the tests all share it.

Every section heading carries a named anchor (``s1``, ``s2``, ...; quotes of article ``s1`` are
``s1-q1``, ...): the table of contents links to them, and the PDF outline points at them.
"""

from __future__ import annotations

import datetime as dt
import html
import logging
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import TYPE_CHECKING, Literal
from urllib.parse import quote, urlsplit, urlunsplit

from index.errors import ArchiveError, ArticleNotFound, ExportFailed
from index.export_citation import cite, join_names, long_date
from index.jobs import CancelToken, Progress, ProgressCallback, Throttle
from index.model import Article, Extraction, Post, Quote

if TYPE_CHECKING:  # pragma: no cover
    from index.archive import Archive
    from index.bookmarks import Bookmark, Bookmarks

log = logging.getLogger(__name__)

SelectionKind = Literal["articles", "search", "quotes", "bookmarks"]
DEFAULT_LIMIT = 1000


# --- what to export --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Selection:
    """What a user chose to export. Build one with the class methods."""

    kind: SelectionKind
    article_ids: tuple[str, ...] = ()
    query: str = ""
    filters: tuple[tuple[str, str], ...] = ()
    sort: str = "relevance"
    quotes: tuple[tuple[str, int], ...] = ()  # (article id, quote index)
    bookmark_ids: tuple[int, ...] = ()
    tag: str | None = None
    limit: int = DEFAULT_LIMIT  # at most this many articles from a search
    title: str = ""  # the user's own title for the export, if any

    @classmethod
    def of_articles(cls, ids: Iterable[str], *, title: str = "") -> Selection:
        return cls("articles", article_ids=tuple(dict.fromkeys(ids)), title=title)

    @classmethod
    def of_search(cls, query: str, *, filters: Mapping[str, str] | None = None, sort: str = "relevance",
                  limit: int = DEFAULT_LIMIT, title: str = "") -> Selection:
        return cls("search", query=query, filters=tuple(sorted((filters or {}).items())), sort=sort,
                   limit=limit, title=title)

    @classmethod
    def of_quotes(cls, refs: Iterable[tuple[str, int]], *, title: str = "") -> Selection:
        return cls("quotes", quotes=tuple(dict.fromkeys(refs)), title=title)

    @classmethod
    def of_bookmarks(cls, ids: Iterable[int] = (), *, tag: str | None = None, title: str = "") -> Selection:
        """Bookmarks by id; or all bookmarks with ``tag``; or all bookmarks when neither is given."""
        return cls("bookmarks", bookmark_ids=tuple(dict.fromkeys(ids)), tag=tag or None, title=title)


def slug(text: str, limit: int = 40) -> str:
    """A file-name-safe form of ``text``: letters and digits of any script, joined by hyphens."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = re.sub(r"[^\w]+", "-", text).strip("-_")
    return text[:limit].rstrip("-_")


def suggested_file_name(selection: Selection, ext: str = "pdf", today: dt.date | None = None) -> str:
    """``morgue-<query, tag or what>-YYYY-MM-DD.<ext>``, safe on every file system."""
    day = (today or dt.date.today()).isoformat()
    base = slug(selection.title or selection.query or selection.tag or "")
    if not base:
        base = {"articles": "articles", "search": "all-articles", "quotes": "quotes",
                "bookmarks": "bookmarks"}[selection.kind]
    return f"morgue-{base}-{day}.{ext.lstrip('.')}"


# --- the document model ----------------------------------------------------------------------------


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
                    label = f"“{_shorten(s.text, 70)}”"
                else:
                    label = _quote_label(s.text, s.who)
                out.append(TocEntry(s.anchor, label))
        return tuple(out)


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0] if " " in text[: limit] else text[:limit]
    return cut.rstrip(" ,.;:") + "…"


def _quote_label(text: str, who: str | None) -> str:
    return f"“{_shorten(text, 70)}” — {who or 'unknown speaker'}"


def plural(n: int, word: str) -> str:
    """``1 article``, ``2 articles``."""
    return f"{n} {word}{'' if n == 1 else 's'}"


# --- assembling ------------------------------------------------------------------------------------


def _quote_spans(article: Article, quotes: Sequence[Quote]) -> dict[int, list[Span]]:
    """Where each quote lies in the paragraphs (a quote over several paragraphs marks each part)."""
    spans: dict[int, list[Span]] = {}
    n = len(article.paragraphs)
    for number, q in enumerate(quotes, 1):
        first = q.paragraph
        last = q.end_paragraph if q.end_paragraph is not None else first
        if not 0 <= first < n:
            continue
        for p in range(first, min(last, n - 1) + 1):
            text = article.paragraphs[p].text
            length = len(text)
            start = q.start
            if p != first:  # a continued quote: its part starts after the paragraph's opening mark
                start = 0
                while start < length and (text[start] in _OPENING_MARKS or text[start].isspace()):
                    start += 1
            end = q.end if p == last else length
            start, end = max(0, min(start, length)), max(0, min(end, length))
            if end > start:
                spans.setdefault(p, []).append(Span(start, end, number))
    for p, items in spans.items():
        # Overlaps cannot be drawn: keep the first of any overlapping pair.
        items.sort(key=lambda s: (s.start, s.end))
        kept: list[Span] = []
        for s in items:
            if not kept or s.start >= kept[-1].end:
                kept.append(s)
        spans[p] = kept
    return spans


def _post_who(post: Post) -> str:
    handle = f"@{post.handle}" if post.handle else ""
    if post.author and handle:
        return f"{post.author} ({handle})"
    return post.author or handle or "unknown account"


def _platform_name(platform: str) -> str:
    return {"x": "X", "youtube": "YouTube", "tiktok": "TikTok"}.get(platform, platform.capitalize())


def article_section(article: Article, ex: Extraction, anchor: str, exported: dt.date) -> ArticleSection:
    """An article as a section: paragraphs with quote spans, quotes numbered, posts listed."""
    spans = _quote_spans(article, ex.quotes)
    post_of: dict[int, tuple[str, int, bool]] = {}
    for k, post in enumerate(ex.posts):
        for n in post.paragraphs:
            post_of[n] = (f"Post by {_post_who(post)} on {_platform_name(post.platform)}", k, post.missing)
    paragraphs = []
    for i, para in enumerate(article.paragraphs):
        label, index, missing = post_of.get(i, ("", None, False))
        paragraphs.append(ExportParagraph(para.text, tuple(spans.get(i, ())), label, index, missing))
    quotes = tuple(
        ExportQuote(n, q.text, q.speaker_as_cited, q.paragraph, f"{anchor}-q{n}") for n, q in enumerate(ex.quotes, 1)
    )
    posts = tuple(
        ExportPost(_platform_name(p.platform), _post_who(p), p.date or "", p.text or "", p.url or "", p.missing)
        for p in ex.posts
    )
    return ArticleSection(
        anchor=anchor, article_id=article.id, title=article.title, date=article.date, authors=article.authors,
        site=article.site, url=article.url, source_name=PurePath(article.source.split("#", 1)[0]).name,
        citation=cite(title=article.title, authors=article.authors, site=article.site, date=article.date,
                      url=article.url, accessed=exported),
        paragraphs=tuple(paragraphs), quotes=quotes, posts=posts,
    )


def bookmark_section(b: Bookmark, anchor: str, exported: dt.date) -> BookmarkSection:
    """A bookmark as a section (its own copy of the text, even if the article has gone)."""
    return BookmarkSection(
        anchor=anchor, bookmark_id=b.id, kind=b.kind, text=b.text, who=b.who, note=b.note, tags=b.tags,
        title=b.title, citation=b.citation(exported), article_missing=b.article_missing, created=b.created,
    )


def _search_ids(archive: Archive, sel: Selection, progress: Throttle, cancel: CancelToken) -> tuple[list[str], int]:
    """The ids of the first ``sel.limit`` articles matching the selection's query, and the total."""
    ids: list[str] = []
    page, pagelen = 1, 100
    filters = dict(sel.filters) or None
    total = 0
    while len(ids) < sel.limit:
        cancel.raise_if_cancelled()
        result = archive.search(sel.query, page=page, pagelen=pagelen, sort=sel.sort, filters=filters,
                                facets=False, snippets=False)
        total = result.total
        ids.extend(h.id for h in result.hits)
        progress(Progress("collecting", min(len(ids), sel.limit, total), min(total, sel.limit)))
        if page >= result.pages or not result.hits:
            break
        page += 1
    return list(dict.fromkeys(ids))[: sel.limit], total


def assemble(
    archive: Archive,
    selection: Selection,
    *,
    bookmarks: Bookmarks | None = None,
    on_progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
    now: dt.datetime | None = None,
) -> ExportDocument:
    """Gather what ``selection`` names from the archive into an ``ExportDocument``.

    Selected things that are no longer in the archive are listed in ``not_found``; when nothing at
    all can be exported, raises ``ExportFailed``. Checks ``cancel`` between items.
    """
    progress = Throttle(on_progress)
    cancel = cancel or CancelToken()
    now = now or dt.datetime.now().astimezone().replace(microsecond=0)
    today = now.date()
    sections: list[Section] = []
    not_found: list[str] = []
    total: int | None = None
    counts: list[tuple[str, int]] = []

    if selection.kind in ("articles", "search"):
        if selection.kind == "search":
            ids, total = _search_ids(archive, selection, progress, cancel)
        else:
            ids = list(selection.article_ids)
        n_quotes = 0
        for i, aid in enumerate(ids, 1):
            cancel.raise_if_cancelled()
            try:
                article = archive.article(aid)
                ex = archive.extraction(aid)
            except ArticleNotFound:
                not_found.append(aid)
                continue
            section = article_section(article, ex, f"s{len(sections) + 1}", today)
            n_quotes += len(section.quotes)
            sections.append(section)
            progress(Progress("assembling", i, len(ids), article.title))
        counts = [("article", len(sections)), ("quote", n_quotes)]
    elif selection.kind == "quotes":
        cache: dict[str, tuple[Article, Extraction] | None] = {}
        for i, (aid, index) in enumerate(selection.quotes, 1):
            cancel.raise_if_cancelled()
            if aid not in cache:
                try:
                    cache[aid] = (archive.article(aid), archive.extraction(aid))
                except ArticleNotFound:
                    cache[aid] = None
            got = cache[aid]
            if got is None or not 0 <= index < len(got[1].quotes):
                not_found.append(f"{aid}:{index}")
                continue
            article, ex = got
            q = ex.quotes[index]
            sections.append(QuoteSection(
                anchor=f"s{len(sections) + 1}", article_id=aid, quote_index=index, text=q.text,
                speaker=q.speaker_as_cited,
                title=article.title, date=article.date, paragraph=q.paragraph,
                citation=cite(title=article.title, authors=article.authors, site=article.site, date=article.date,
                              url=article.url, accessed=today),
            ))
            progress(Progress("assembling", i, len(selection.quotes)))
        counts = [("quote", len(sections))]
    elif selection.kind == "bookmarks":
        from index.bookmarks import BookmarkNotFound, bookmarks_of

        store = bookmarks if bookmarks is not None else bookmarks_of(archive)
        items: list[Bookmark] = []
        if selection.bookmark_ids:
            for bid in selection.bookmark_ids:
                try:
                    items.extend(store.get_many([bid]))
                except BookmarkNotFound:
                    not_found.append(f"bookmark {bid}")
        else:
            items = store.list(tag=selection.tag)
        for i, b in enumerate(items, 1):
            cancel.raise_if_cancelled()
            sections.append(bookmark_section(b, f"s{len(sections) + 1}", today))
            progress(Progress("assembling", i, len(items)))
        counts = [("bookmark", len(sections))]
    else:  # pragma: no cover - Selection's constructors make this impossible
        raise ArchiveError(f"Unknown kind of export {selection.kind!r}.")

    if not sections:
        raise ExportFailed(_nothing_message(selection, not_found))
    title, description = _describe(selection, sections, total)
    log.info("assembled an export of %d sections (%s)", len(sections), selection.kind)
    return ExportDocument(
        title=title, description=description, exported=now, sections=tuple(sections), kind=selection.kind,
        query=selection.query, filters=selection.filters, tag=selection.tag,
        archive_name=getattr(archive, "name", ""), counts=tuple(counts), not_found=tuple(not_found), total=total,
    )


def _nothing_message(sel: Selection, not_found: Sequence[str]) -> str:
    if not_found:
        shown = ", ".join(not_found[:5]) + (" …" if len(not_found) > 5 else "")
        return f"Nothing to export: none of the selected items is in the archive ({shown})."
    if sel.kind == "search":
        return f"Nothing to export: no article matches the query {sel.query!r}."
    if sel.kind == "bookmarks":
        return f"Nothing to export: there are no bookmarks tagged {sel.tag!r}." if sel.tag else \
            "Nothing to export: there are no bookmarks yet."
    return "Nothing to export: the selection is empty."


def _describe(sel: Selection, sections: Sequence[Section], total: int | None) -> tuple[str, str]:
    """The export's title and a sentence saying what it holds."""
    n = len(sections)
    if sel.kind == "articles":
        first = sections[0]
        title = sel.title or (_shorten(first.title, 90) if n == 1 and isinstance(first, ArticleSection)
                              else f"{plural(n, 'selected article')}")
        return title, f"{plural(n, 'article')} selected in the archive, with {'its' if n == 1 else 'their'} quotes."
    if sel.kind == "search":
        q = sel.query.strip()
        title = sel.title or (f"Search: {q}" if q else "All articles")
        filters = "; ".join(f"{k} = {v}" for k, v in sel.filters)
        what = f"the query “{q}”" if q else "every article"
        desc = f"The {plural(n, 'article')} matching {what}"
        if filters:
            desc += f" (filtered by {filters})"
        if total is not None and total > n:
            desc += f": the first {n} of {total}, by {sel.sort}"
        return title, desc + "."
    if sel.kind == "quotes":
        return sel.title or plural(n, "selected quote"), f"{plural(n, 'quote')} selected in the archive."
    if sel.tag:
        return sel.title or f"Bookmarks tagged “{sel.tag}”", f"The {plural(n, 'bookmark')} tagged “{sel.tag}”."
    if sel.bookmark_ids:
        return sel.title or plural(n, "selected bookmark"), f"{plural(n, 'bookmark')} selected."
    return sel.title or "Bookmarks", f"All {plural(n, 'bookmark')} of the archive."


# --- HTML for QTextDocument ------------------------------------------------------------------------
#
# Qt's rich text knows a small part of CSS, with two traps: margins and paddings in ``pt`` are
# ignored (only ``px``, where 1 px = 1/96 inch, and ``em`` work), and block elements have no
# borders (a coloured bar is a table cell with a background). Font sizes in ``pt`` are fine.
# Headings (``h1``-``h6``; small labels above a section are ``h6``) are kept with what follows
# them by ``desktop/pdf.py``, which moves one left alone at the foot of a page to the next page.
# Long URLs need no help to wrap (Qt breaks a word that does not fit anywhere), and must not get
# any: a zero-width space would be copied along with the URL out of the PDF.

SAFE_SCHEMES = frozenset({"http", "https", "mailto", "ftp"})
SERIF = "'DejaVu Serif', 'Noto Serif', 'Liberation Serif', serif"
SANS = "'DejaVu Sans', 'Noto Sans', 'Liberation Sans', sans-serif"
MONO = "'DejaVu Sans Mono', 'Noto Sans Mono', monospace"
INK = "#1a1a1a"
MUTED = "#5f6368"
ACCENT = "#8a5a00"
MARK = "#fbe9a6"
MISSING = "#a50e0e"
LINK = "#1a56a8"

STYLESHEET = f"""
body {{ font-family: {SERIF}; font-size: 10.5pt; color: {INK}; }}
p {{ margin-top: 0px; margin-bottom: 8px; line-height: 135%; }}
h1 {{ font-family: {SANS}; font-size: 22pt; font-weight: bold; margin-top: 0px; margin-bottom: 12px; }}
h2 {{ font-family: {SANS}; font-size: 15pt; font-weight: bold; margin-top: 0px; margin-bottom: 14px; }}
h3 {{ font-family: {SANS}; font-size: 11.5pt; font-weight: bold; margin-top: 22px; margin-bottom: 10px; }}
h6 {{ font-size: 7.5pt; font-weight: normal; margin-top: 0px; }}
a {{ color: {LINK}; text-decoration: none; }}
td {{ vertical-align: top; }}
"""

_OPENING_MARKS = "“\"«„‘‚‹「『"
_CLOSING_MARKS = "”\"»“’‹›」』"


def safe_href(url: str) -> str | None:
    """A URL fit for a PDF link: ASCII only (IDNA host, percent-encoded path), or None if it is not
    a web or mail address (``javascript:``, ``file:``, relative ...)."""
    url = url.strip()
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        return None
    if parts.scheme.lower() not in SAFE_SCHEMES:
        return None
    netloc = parts.netloc
    if host and not host.isascii():
        try:
            netloc = netloc.replace(host, host.encode("idna").decode("ascii"))
        except UnicodeError:
            return None
    netloc = quote(netloc, safe="@:[]%")
    path = quote(parts.path, safe="/%:@!$&'()*+,;=~-._")
    query = quote(parts.query, safe="=&%/:?@!$'()*+,;~-._")
    fragment = quote(parts.fragment, safe="=&%/:?@!$'()*+,;~-._#")
    return urlunsplit((parts.scheme.lower(), netloc, path, query, fragment))


def esc(text: str) -> str:
    """Text escaped for HTML (quotes too, so it is safe in attributes)."""
    return html.escape(text, quote=True)


def link(url: str, label: str | None = None) -> str:
    """A live link when the URL is safe, else the escaped text."""
    href = safe_href(url)
    shown = esc(label if label is not None else url)
    return f'<a href="{esc(href)}">{shown}</a>' if href else shown


def _small_caps(text: str, color: str = MUTED, size: str = "7.5pt") -> str:
    return f'<span style="font-family:{SANS}; font-size:{size}; color:{color};">{esc(text.upper())}</span>'


def _dir(text: str) -> str:
    """`` dir="rtl"`` for text whose first strong character is right-to-left (Arabic, Hebrew...).

    Qt lays out such a paragraph right to left but, without the attribute, aligns it left.
    """
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind in ("R", "AL"):
            return ' dir="rtl"'
        if kind == "L":
            return ""
    return ""


def _marked(p: ExportParagraph, anchor: str, placed: set[int]) -> str:
    """A paragraph with each quote highlighted (its quote marks included) and numbered after it.

    The start of each quote carries its anchor (``s1-q2``: where the outline and the contents
    lead); its number links to the quote in the list after the article (``s1-n2``). ``placed``
    collects the quotes whose anchor is set, so a quote over two paragraphs gets one.
    """
    text = p.text
    out: list[str] = []
    pos = 0
    for s in p.spans:
        start, end = s.start, s.end
        if start - 1 >= pos and text[start - 1 : start] in _OPENING_MARKS:
            start -= 1
        if end < len(text) and text[end] in _CLOSING_MARKS:
            end += 1
        out.append(esc(text[pos:start]))
        if s.number not in placed:
            placed.add(s.number)
            out.append(f'<a name="{anchor}-q{s.number}"></a>')
        out.append(f'<span style="background-color:{MARK};">{esc(text[start:end])}</span>'
                   f'<sup><a href="#{anchor}-n{s.number}" style="color:{ACCENT}; font-family:{SANS};">'
                   f"{s.number}</a></sup>")
        pos = end
    out.append(esc(text[pos:]))
    return "".join(out)


def _quote_block(text: str, attribution: str, *, size: str = "11pt") -> str:
    """A quotation set off by a coloured bar on its left (a table: Qt has no borders on blocks)."""
    text = text.strip()
    body = "<br/>".join(esc(part) for part in text.split("\n\n")) if text else ""
    shown = f"“{body}”" if body else f'<i style="color:{MUTED};">(the content is not in the archive)</i>'
    return (
        '<table width="100%" cellspacing="0" cellpadding="0" style="margin-top:2px; margin-bottom:6px;">'
        f'<tr><td width="4" bgcolor="{ACCENT}"></td><td width="14"></td>'
        f'<td><p{_dir(text)} style="font-size:{size}; margin-bottom:4px;">{shown}</p>{attribution}</td></tr></table>'
    )


def _meta_table(rows: Sequence[tuple[str, str]], key_width: str = "18%", top: int = 0) -> str:
    cells = "".join(
        f'<tr><td width="{key_width}" style="padding-top:2px; padding-bottom:3px;">{_small_caps(k, size="7.5pt")}</td>'
        f'<td style="font-size:9.5pt; padding-bottom:3px;">{v}</td></tr>'
        for k, v in rows if v
    )
    return (f'<table width="100%" cellspacing="0" cellpadding="0" style="margin-top:{top}px; margin-bottom:8px;">'
            f"{cells}</table>")


def _citation(text: str, indent: int = 0) -> str:
    margin = f" margin-left:{indent}px;" if indent else ""
    return (f'<p style="font-size:9pt; color:{MUTED};{margin}">'
            f"{_small_caps('Cite as')}&nbsp;&nbsp;{esc(text)}</p>")


def _title_page(doc: ExportDocument, pages: Mapping[str, int] | None) -> str:
    h: list[str] = [
        f'<p style="margin-top:40px; margin-bottom:14px;">{_small_caps("Morgue · export", ACCENT, "8.5pt")}</p>',
        f"<h1>{esc(doc.title)}</h1>",
        f'<p style="font-size:11.5pt; color:{MUTED}; margin-bottom:22px;">{esc(doc.description)}</p>',
    ]
    rows: list[tuple[str, str]] = []
    if doc.kind == "search":
        rows.append(("Query", esc(doc.query) if doc.query.strip() else "(all articles)"))
        if doc.filters:
            rows.append(("Filters", esc("; ".join(f"{k} = {v}" for k, v in doc.filters))))
        if doc.total is not None:
            rows.append(("Matches", plural(doc.total, "article")))
    if doc.tag:
        rows.append(("Tag", esc(doc.tag)))
    rows.append(("Contains", esc(", ".join(plural(n, w) for w, n in doc.counts))))
    when = doc.exported
    zone = f" ({when:%Z})" if when.tzinfo and when.strftime("%Z") else ""
    rows.append(("Exported", esc(f"{long_date(when.date())}, {when:%H:%M}{zone}")))
    if doc.archive_name:
        rows.append(("Archive", esc(doc.archive_name)))
    if doc.not_found:
        more = len(doc.not_found) - 20
        shown = ", ".join(doc.not_found[:20]) + (f" and {more} more" if more > 0 else "")
        rows.append(("Not in the archive", f'<span style="color:{MISSING};">{esc(shown)}</span>'))
    h.append(_meta_table(rows))
    h.append('<hr style="margin-top:14px; margin-bottom:14px;"/>')
    h.append("<h2>Contents</h2>")
    h.append(_toc(doc, pages))
    return "\n".join(h)


def _toc(doc: ExportDocument, pages: Mapping[str, int] | None) -> str:
    def number(anchor: str) -> str:
        if pages is None:
            return "000"  # a placeholder as wide as the real numbers, so the layout does not shift
        return str(pages.get(anchor, ""))

    rows: list[str] = []
    for i, entry in enumerate(doc.toc(), 1):
        rows.append(
            f'<tr><td width="5%" style="padding-top:5px; font-family:{SANS}; font-size:9pt; color:{MUTED};">{i}</td>'
            f'<td style="padding-top:5px;"><a href="#{entry.anchor}" style="color:{INK};">{esc(entry.title)}</a></td>'
            f'<td width="8%" align="right" style="padding-top:5px; font-family:{SANS}; font-size:9.5pt;">'
            f"{number(entry.anchor)}</td></tr>"
        )
        for child in entry.children:
            rows.append(
                f'<tr><td></td><td style="padding-left:14px; padding-top:2px; font-size:9pt;">'
                f'<a href="#{child.anchor}" style="color:{MUTED};">{esc(child.title)}</a></td>'
                f'<td align="right" style="padding-top:2px; font-family:{SANS}; font-size:8.5pt; color:{MUTED};">'
                f"{number(child.anchor)}</td></tr>"
            )
    return f'<table width="100%" cellspacing="0" cellpadding="0">{"".join(rows)}</table>'


def _article_html(s: ArticleSection) -> str:
    h = [f'<h6 style="page-break-before:always; margin-bottom:6px;">{_small_caps("Article", ACCENT)}</h6>',
         f'<h2><a name="{s.anchor}"></a>{esc(s.title or "(untitled)")}</h2>']
    rows = [
        ("Date", esc(long_date(s.date)) if s.date else "undated"),
        ("By", esc(join_names(s.authors))),
        ("Site", esc(s.site)),
        ("Address", link(s.url) if s.url else ""),
        ("Saved file", esc(s.source_name)),
        ("Article id", f'<span style="font-family:{MONO}; font-size:8.5pt;">{esc(s.article_id)}</span>'),
    ]
    h.append(_meta_table(rows, top=8))
    h.append(_citation(s.citation))
    h.append('<hr style="margin-top:4px; margin-bottom:14px;"/>')
    placed: set[int] = set()
    previous_post: int | None = None
    for p in s.paragraphs:
        if p.post and p.post_missing:
            # The post is lost: the paragraph is the article's own text, followed by a note.
            h.append(f"<p{_dir(p.text)}>{_marked(p, s.anchor, placed)}</p>")
            h.append(f'<p style="margin-left:22px;">{_small_caps(p.post + " — content not in the archive")}</p>')
        elif p.post:
            # One label for the paragraphs of one post, set off from the article's text.
            # A run-in label (a label on a line of its own could be left alone at a page's foot).
            label = f"{_small_caps(p.post)}&nbsp;&nbsp;" if p.post_index != previous_post else ""
            h.append(f'<p style="margin-left:22px; color:#3c4043; font-size:9.5pt;">'
                     f"{label}{_marked(p, s.anchor, placed)}</p>")
        else:
            h.append(f"<p{_dir(p.text)}>{_marked(p, s.anchor, placed)}</p>")
        previous_post = p.post_index if p.post and not p.post_missing else None
    if s.quotes:
        h.append(f"<h3>Quotes ({len(s.quotes)})</h3>")
        for q in s.quotes:
            # The list's own anchor; the quote's anchor too when it could not be placed in the text.
            names = f'<a name="{s.anchor}-n{q.number}"></a>'
            if q.number not in placed:
                names += f'<a name="{q.anchor}"></a>'
            who = esc(q.speaker) if q.speaker else f'<i style="color:{MUTED};">unknown speaker</i>'
            h.append(
                '<table width="100%" cellspacing="0" cellpadding="0" style="margin-bottom:8px;"><tr>'
                f'<td width="5%" style="font-family:{SANS}; font-size:9pt;">{names}'
                f'<a href="#{q.anchor}" style="color:{ACCENT};">{q.number}</a></td>'
                f'<td><p style="margin-bottom:2px;">“{esc(q.text)}”</p>'
                f'<p style="font-size:9.5pt; margin-bottom:0px;">— <b>{who}</b>'
                f'<span style="color:{MUTED}; font-size:8.5pt;">&nbsp;&nbsp;paragraph {q.paragraph + 1}</span>'
                "</p></td></tr></table>"
            )
    if s.posts:
        h.append(f"<h3>Social posts ({len(s.posts)})</h3>")
        for post in s.posts:
            if post.text:
                body = esc(post.text)
            elif post.missing:
                body = f'<i style="color:{MUTED};">content not in the archive (lost when the page was saved)</i>'
            else:
                body = ""
            meta = " · ".join(x for x in (post.platform, post.date) if x)
            url = f"<br/>{link(post.url)}" if post.url else ""
            h.append(f'<p style="font-size:9.5pt;"><b>{esc(post.who)}</b> '
                     f'<span style="color:{MUTED};">{esc(meta)}</span><br/>{body}{url}</p>')
    return "\n".join(h)


def _kicker(anchor: str, label: str, first: bool) -> str:
    """The small line above a quote or a bookmark, carrying its anchor; a new page for the first."""
    brk = "page-break-before:always; " if first else "margin-top:26px; "
    return f'<h6 style="{brk}margin-bottom:4px;"><a name="{anchor}"></a>{label}</h6>'


def _quote_html(s: QuoteSection, number: int, first: bool) -> str:
    who = esc(s.speaker) if s.speaker else f'<i style="color:{MUTED};">unknown speaker</i>'
    attribution = (f'<p style="font-size:10pt; margin-bottom:0px;">— <b>{who}</b>'
                   f'<span style="color:{MUTED}; font-size:8.5pt;">&nbsp;&nbsp;paragraph {s.paragraph + 1}</span></p>')
    return "\n".join([_kicker(s.anchor, _small_caps(f"Quote {number}", ACCENT), first),
                      _quote_block(s.text, attribution), _citation(s.citation, indent=22)])


def _bookmark_html(s: BookmarkSection, first: bool) -> str:
    label = _small_caps(f"Bookmark {s.bookmark_id} · {s.kind}", ACCENT)
    if s.created:
        label += _small_caps(f" · saved {long_date(s.created.date())}")
    attribution = f'<p style="font-size:10pt; margin-bottom:0px;">— <b>{esc(s.who)}</b></p>' if s.who else ""
    h = [_kicker(s.anchor, label, first), _quote_block(s.text, attribution)]
    if s.note:
        h.append(f'<p style="margin-left:22px; font-size:10pt;">{_small_caps("Note")}&nbsp;&nbsp;'
                 f"<i>{esc(s.note)}</i></p>")
    if s.tags:
        tags = " ".join(f'<span style="background-color:#eceff1;">&nbsp;{esc(t)}&nbsp;</span>' for t in s.tags)
        h.append(f'<p style="margin-left:22px; font-family:{SANS}; font-size:8.5pt;">{tags}</p>')
    if s.article_missing:
        h.append(f'<p style="margin-left:22px; font-family:{SANS}; font-size:8.5pt; color:{MISSING};">'
                 "The article is no longer in the archive: the text above is the copy kept with the bookmark.</p>")
    h.append(_citation(s.citation, indent=22))
    return "\n".join(h)


def to_html(doc: ExportDocument, pages: Mapping[str, int] | None = None) -> str:
    """The document as HTML for ``QTextDocument``: a title page with the contents, then the sections.

    ``pages`` maps anchors to page numbers for the table of contents (placeholders when None).
    """
    parts = [f'<html><head><meta charset="utf-8"><title>{esc(doc.title)}</title></head><body>',
             _title_page(doc, pages)]
    first_flow = True
    for number, s in enumerate(doc.sections, 1):
        if isinstance(s, ArticleSection):
            parts.append(_article_html(s))
            first_flow = True
        elif isinstance(s, QuoteSection):
            parts.append(_quote_html(s, number, first_flow))
            first_flow = False
        else:
            parts.append(_bookmark_html(s, first_flow))
            first_flow = False
    parts.append("</body></html>")
    return "\n".join(parts)


@dataclass(frozen=True)
class ExportResult:
    """What an export wrote."""

    path: str
    pages: int = 0
    sections: int = 0
    not_found: tuple[str, ...] = field(default_factory=tuple)
