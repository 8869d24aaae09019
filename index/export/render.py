"""HTML rendering: an ``ExportDocument`` as escaped HTML in the subset Qt's ``QTextDocument`` understands."""

from __future__ import annotations

import html
import unicodedata
from collections.abc import Mapping, Sequence
from urllib.parse import quote, urlsplit, urlunsplit

from index.export.citation import citation_html, join_names, long_date
from index.export.document import (
    CLOSING_MARKS,
    OPENING_MARKS,
    ArticleSection,
    BookmarkSection,
    ExportDocument,
    ExportParagraph,
    QuoteSection,
    plural,
)

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
        if start - 1 >= pos and text[start - 1 : start] in OPENING_MARKS:
            start -= 1
        if end < len(text) and text[end] in CLOSING_MARKS:
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
            f"{_small_caps('Cite as')}&nbsp;&nbsp;{citation_html(text)}</p>")


# Up to this many quotes or bookmarks follow the title on its page, without a table of contents.
SMALL_EXPORT = 3


def is_small(doc: ExportDocument) -> bool:
    """A few quotes or bookmarks: no contents page, the first starts under the title."""
    return len(doc.sections) <= SMALL_EXPORT and not any(isinstance(s, ArticleSection) for s in doc.sections)


def _title_page(doc: ExportDocument, pages: Mapping[str, int] | None) -> str:
    h: list[str] = [
        f'<p style="margin-top:40px; margin-bottom:14px;">'
        f'{_small_caps("Morgue · dossier" if doc.kind == "person" else "Morgue · export", ACCENT, "8.5pt")}</p>',
        f"<h1>{esc(doc.title)}</h1>",
        f'<p style="font-size:11.5pt; color:{MUTED}; margin-bottom:22px;">{esc(doc.description)}</p>',
    ]
    rows: list[tuple[str, str]] = [(k, esc(v)) for k, v in doc.facts]
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
    if not is_small(doc):
        h.append("<h2>Contents</h2>")
        h.append(_toc(doc, pages))
    return "\n".join(h)


def _toc(doc: ExportDocument, pages: Mapping[str, int] | None) -> str:
    """One line a section: an article's quotes are in the PDF outline, not on pages of contents
    (listing every quote of a whole archive took 100 pages)."""
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
    parts = [_kicker(s.anchor, _small_caps(f"Quote {number}", ACCENT), first), _quote_block(s.text, attribution)]
    if s.confidence in ("inferred", "guessed"):
        why = esc(s.evidence) if s.evidence else "no evidence recorded"
        parts.append(f'<p style="margin-left:22px; font-size:9.5pt;">{_small_caps(f"Attribution {s.confidence}")}'
                     f"&nbsp;&nbsp;the sentence does not name the speaker; the evidence: <i>{why}</i></p>")
    elif s.evidence:
        parts.append(f'<p style="margin-left:22px; font-size:9pt; color:{MUTED};">{_small_caps("Attribution")}'
                     f"&nbsp;&nbsp;{esc(s.evidence)}</p>")
    if s.repeats:
        items = "<br/>".join(esc(r) for r in s.repeats)
        parts.append(f'<p style="margin-left:22px; font-size:9pt;">'
                     f"{_small_caps(f'The same quote in {len(s.repeats)} articles')}<br/>{items}</p>")
    if s.capture:
        parts.append('<div style="margin-left:22px;">'
                     + _meta_table([(k, link(v) if k == "Address" else esc(v)) for k, v in s.capture], "16%")
                     + "</div>")
    parts.append(_citation(s.citation, indent=22))
    return "\n".join(parts)


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
    first_flow = not is_small(doc)
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
