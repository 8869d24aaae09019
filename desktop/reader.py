"""The reader: an article as text, with search matches, quotes and social posts marked.

The article is shown in a ``QTextBrowser`` that never follows a link and never loads a resource:
saved pages are archive material, and Morgue stays offline. Everything from the article is
escaped; the only markup is what this module writes.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from html import escape
from typing import Any

from PySide6.QtCore import QEvent, QPoint, QUrl, Signal
from PySide6.QtGui import QContextMenuEvent, QHelpEvent, QTextCursor
from PySide6.QtWidgets import QMenu, QTextBrowser, QToolTip, QWidget

from desktop.models import MISSING_TEXT, attribution_label, platform_name
from desktop.theme import Tints, current_tints
from index.export.citation import archive_path, archived_copy
from index.model import Article, Extraction, Post, Quote, Snippet

log = logging.getLogger(__name__)

QUOTE_TIP = "Quote: "  # how a quote's tooltip begins (paragraph_html)
# The corrections a quote's context menu offers: (action, its text); "speaker" asks for the name.
QUOTE_CORRECTIONS = (("speaker", "Set speaker…"), ("clear-speaker", "Clear speaker"), ("not-a-quote", "Not a quote"))


def matched_terms(snippet: Snippet) -> tuple[str, ...]:
    """The words a search matched in a hit's snippet, to mark them in the whole article."""
    seen: dict[str, None] = {}
    for text, matched in snippet:
        word = text.strip()
        if matched and word:
            seen.setdefault(word.lower(), None)
    return tuple(seen)


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    kind: str  # "quote" or "hit"
    quote: int = -1  # the quote's index, for its anchor and tooltip


def _quote_spans(quotes: Sequence[Quote], paragraph: int, length: int) -> list[_Span]:
    spans = []
    for n, q in enumerate(quotes):
        last = q.end_paragraph if q.end_paragraph is not None else q.paragraph
        if not q.paragraph <= paragraph <= last:
            continue
        start = q.start if paragraph == q.paragraph else 0
        end = q.end if paragraph == last else length
        start, end = max(0, min(start, length)), max(0, min(end, length))
        if end > start:
            spans.append(_Span(start, end, "quote", n))
    return spans


def _hit_spans(text: str, pattern: re.Pattern[str] | None) -> list[_Span]:
    if pattern is None:
        return []
    return [_Span(m.start(), m.end(), "hit") for m in pattern.finditer(text)]


def _terms_pattern(terms: Iterable[str]) -> re.Pattern[str] | None:
    words = sorted({t for t in terms if t}, key=len, reverse=True)
    if not words:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in words) + r")(?!\w)", re.IGNORECASE)


def _color(c: Any) -> str:
    return str(c.name())


def paragraph_html(text: str, spans: Sequence[_Span], quotes: Sequence[Quote], tints: Tints) -> str:
    """A paragraph's text as HTML, each character range wrapped in the spans that cover it."""
    cuts = sorted({0, len(text), *(s.start for s in spans), *(s.end for s in spans)})
    out: list[str] = []
    anchored: set[int] = set()
    for a, b in zip(cuts, cuts[1:], strict=False):
        piece = escape(text[a:b])
        covering = [s for s in spans if s.start <= a and b <= s.end]
        for s in covering:
            if s.kind == "quote" and s.quote not in anchored and s.start == a:
                anchored.add(s.quote)
                out.append(f'<a name="q{s.quote}"></a>')
        quote = next((s for s in covering if s.kind == "quote"), None)
        hit = any(s.kind == "hit" for s in covering)
        if hit:
            piece = f'<span style="background-color:{_color(tints.hit)}; font-weight:600">{piece}</span>'
        if quote is not None:
            speaker = attribution_label(quotes[quote.quote])
            piece = (f'<span style="background-color:{_color(tints.quote)}" '
                     f'title="{QUOTE_TIP}{escape(speaker, quote=True)}">{piece}</span>')
        out.append(piece)
    return "".join(out)


def _post_header(post: Post) -> str:
    who = " ".join(x for x in (post.author or "", f"@{post.handle.lstrip('@')}" if post.handle else "") if x)
    parts = [f"<b>{escape(platform_name(post.platform))}</b>", escape(who or "unknown author")]
    if post.date:
        parts.append(escape(post.date))
    return " · ".join(parts)


def repeated_signature(text: str, post: Post) -> int:
    """Where the last paragraph of a flattened post repeats the card's header as the tweet's own
    signature ("— Name (@handle) date"), or -1: only the author, handle and date the header shows."""
    # Imported when an article has a flattened post: the extractors' modules are not needed to start.
    from index.extract.posts.dates import parse_post_date
    from index.extract.posts.flattened import text_signature

    m = text_signature(text) if post.handle else None
    if m is None or m.group("handle").casefold() != (post.handle or "").lstrip("@").casefold():
        return -1
    name, date = " ".join(m.group("name").split()), m.group("date")
    if name and name != " ".join((post.author or "").split()):
        return -1
    if date and parse_post_date(date) != post.date:
        return -1
    return m.start()


def _inside_posts(extraction: Extraction) -> dict[int, int]:
    """The paragraphs drawn inside a post's block (a post flattened to text): paragraph -> post."""
    inside: dict[int, int] = {}
    for n, post in enumerate(extraction.posts):
        if post.paragraphs and not post.missing:
            for p in post.paragraphs:
                inside.setdefault(p, n)
    return inside


def shown_text(article: Article, extraction: Extraction, i: int, inside: dict[int, int] | None = None) -> str:
    """A paragraph's text as the reader shows it: the last one of a post's block without the
    signature its header repeats."""
    inside = _inside_posts(extraction) if inside is None else inside
    text = article.paragraphs[i].text
    n = inside.get(i)
    if n is not None and inside.get(i + 1) != n and (cut := repeated_signature(text, extraction.posts[n])) >= 0:
        text = text[:cut].rstrip()
    return text


def _post_block(post: Post, body_html: str, tints: Tints, n: int) -> str:
    links = [f"Media: {escape(m)}" for m in post.media] + ([escape(post.url)] if post.url else [])
    # The links right under the text, as text (never opened), with no empty line before them.
    extra = (f'<p style="margin:0; color:{_color(tints.muted)}">{"<br/>".join(links)}</p>' if links else "")
    if post.missing:
        body_html = f"<i>{MISSING_TEXT}</i>"
    return (
        f'<a name="post{n}"></a>'
        f'<table width="100%" cellspacing="0" cellpadding="10" border="1" '
        f'style="border-color:{_color(tints.post_border)}; border-style:solid; border-collapse:collapse; '
        f'margin-top:6px; margin-bottom:12px" '
        f'bgcolor="{_color(tints.post)}"><tr><td>'
        f'<p style="margin:0 0 6px 0; color:{_color(tints.muted)}">{_post_header(post)}</p>'
        f"{body_html}{extra}"
        "</td></tr></table>"
    )


def provenance_line(article: Article) -> str:
    """``Archived copy captured 12 November 2019 (WARC), file ap-1120.warc.gz, SHA-256 9f2c…``, the
    archived-copy sentence of the article's citation (with the file's name only); "" when unknown."""
    prov = article.provenance
    text = archived_copy(
        captured=article.captured,
        captured_from=article.captured_from,
        file=archive_path(prov.files[0]) if prov and prov.files else "",
        sha256=prov.sha256 if prov else "",
    )
    return text.replace("`", "").removesuffix(".")


def article_html(
    article: Article, extraction: Extraction, terms: Sequence[str] = (), tints: Tints | None = None,
    spans: Sequence[tuple[int, int, int]] | None = None,
) -> str:
    """The reader's HTML for an article: title, metadata line, paragraphs, quotes and posts marked.

    The search's matches are ``spans`` ((paragraph, start, end), -1 the title) where the core found
    them, else every occurrence of ``terms``.
    """
    tints = tints or current_tints()
    pattern = _terms_pattern(terms) if spans is None else None
    at: dict[int, list[_Span]] = {}
    for p, start, end in spans or ():
        at.setdefault(p, []).append(_Span(start, end, "hit"))
    quotes = extraction.quotes
    meta = [article.date.isoformat() if article.date else "undated", article.site,
            ", ".join(article.authors)]
    meta_line = " · ".join(escape(m) for m in meta if m)
    title = paragraph_html(article.title, _hit_spans(article.title, pattern) + at.get(-1, []), (), tints)
    out = [
        f'<h2 style="margin-bottom:4px">{title}</h2>',
        f'<p style="color:{_color(tints.muted)}; margin-top:0">{meta_line}',
    ]
    if article.url:
        # Shown as text: Morgue never opens it.
        out.append(f"<br/>{escape(article.url)}")
    if line := provenance_line(article):
        out.append(f'<br/><small>{escape(line)}</small>')
    out.append("</p>")

    # Paragraphs inside a post (flattened to text) are drawn inside the post's block; a lost
    # post's block follows the paragraph that announced it.
    inside = _inside_posts(extraction)
    after: dict[int, list[int]] = {}
    unplaced: list[int] = []
    for n, post in enumerate(extraction.posts):
        if not post.paragraphs:
            unplaced.append(n)
        elif post.missing:
            after.setdefault(max(post.paragraphs), []).append(n)

    def body(i: int) -> str:
        text = shown_text(article, extraction, i, inside)
        marks = _quote_spans(quotes, i, len(text)) + _hit_spans(text, pattern) + at.get(i, [])
        marks = [m for m in marks if m.start < len(text)]
        return paragraph_html(text, [_Span(m.start, min(m.end, len(text)), m.kind, m.quote) for m in marks],
                              quotes, tints)

    i = 0
    count = len(article.paragraphs)
    while i < count:
        if i in inside:
            n = inside[i]
            block: list[str] = []
            while i < count and inside.get(i) == n:
                html = body(i)
                if html:  # not a signature alone, which the header says
                    block.append(f'<p style="margin:0 0 6px 0">{html}</p>')
                i += 1
            out.append(_post_block(extraction.posts[n], "".join(block), tints, n))
            continue
        out.append(f"<p>{body(i)}</p>")
        for n in after.get(i, ()):
            out.append(_post_block(extraction.posts[n], "", tints, n))
        i += 1
    for n in unplaced:
        post = extraction.posts[n]
        out.append(_post_block(post, f"<p style='margin:0'>{escape(post.text or '')}</p>", tints, n))
    return "\n".join(out)


WELCOME_HTML = """
<h3>Morgue</h3>
<p>Type in the search field to find articles; pick one to read it here, with its quotes,
social posts and the people, organisations and places it names in the side panels.</p>
<p>F1 shows the query syntax. Ctrl+N and Ctrl+Shift+N move through the results; a right click on a
result offers what can be done with it.</p>
"""

SAMPLE_NOTE = """
<p><i>This is the sample archive that comes with Morgue.</i> To browse your own saved articles,
open their folder with File › Open Archive Folder (Ctrl+O), or drop the folder on this window.</p>
"""


MEASURE = 72  # characters a line, at most: a book's measure, not a screen's width


class ReaderView(QTextBrowser):
    """Shows one article. Follows no link, loads no resource, shows quote speakers as tooltips;
    a quote's context menu offers its corrections."""

    quote_correction_requested = Signal(str, int)  # the action (QUOTE_CORRECTIONS), the quote's index

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setReadOnly(True)
        self.document().setDocumentMargin(18)
        self.setObjectName("reader")
        self._article: Article | None = None
        self._extraction = Extraction()
        self._terms: tuple[str, ...] = ()
        self._spans: tuple[tuple[int, int, int], ...] | None = None
        # More entries for the context menu (reader_actions.py): each is given the menu and the position.
        self.menu_extenders: list[Callable[[QMenu, QPoint], None]] = []
        self.show_welcome()

    # Nothing is ever loaded: no images, style sheets or fonts, local or remote.
    def loadResource(self, type: int, name: QUrl | str) -> Any:  # noqa: A002, N802
        log.debug("refused to load %s", name.toString() if isinstance(name, QUrl) else name)
        return None

    @property
    def article(self) -> Article | None:
        return self._article

    def show_welcome(self, html: str = WELCOME_HTML) -> None:
        self._article = None
        self._extraction = Extraction()
        self.setHtml(html)

    def show_article(self, article: Article, extraction: Extraction, terms: Sequence[str] = (),
                     keep_scroll: bool = False, spans: Sequence[tuple[int, int, int]] | None = None) -> None:
        """Show an article with ``terms`` (the search's matched words) highlighted; from its top
        unless ``keep_scroll`` (the same article with new highlights)."""
        y = self.verticalScrollBar().value()
        self._article, self._extraction, self._terms = article, extraction, tuple(terms)
        self._spans = None if spans is None else tuple(spans)
        self._render()
        self.verticalScrollBar().setValue(y if keep_scroll else 0)

    def _render(self) -> None:
        if self._article is None:
            return
        self.setHtml(article_html(self._article, self._extraction, self._terms, current_tints(), self._spans))

    def scroll_to_quote(self, n: int) -> None:
        """Scroll so the ``n``-th quote of the extraction is in view, and select its text."""
        self.scrollToAnchor(f"q{n}")
        start = self._anchor_position(f"q{n}")
        if start < 0 or not 0 <= n < len(self._extraction.quotes):
            return
        cursor = QTextCursor(self.document())
        cursor.setPosition(start)
        end = min(start + len(self._extraction.quotes[n].text), self.document().characterCount() - 1)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)

    def quote(self, n: int) -> Quote | None:
        """The ``n``-th quote of the article shown (as the panels number them), or None."""
        quotes = self._extraction.quotes
        return quotes[n] if self._article is not None and 0 <= n < len(quotes) else None

    def quote_at(self, pos: QPoint) -> int:
        """The index of the quote under ``pos`` (viewport coordinates), or -1."""
        target = self.cursorForPosition(pos).position()
        if self._article is None or not self.cursorForPosition(pos).charFormat().toolTip().startswith(QUOTE_TIP):
            return -1
        # A quote's text follows its anchor "q<n>" (repeated in each of its paragraphs), and quotes
        # do not overlap: the last such anchor before the position is the quote's.
        found = -1
        block = self.document().begin()
        while block.isValid() and block.position() <= target:
            it = block.begin()
            while not it.atEnd():
                fragment = it.fragment()
                if fragment.position() > target:
                    break
                for name in fragment.charFormat().anchorNames():
                    if name[:1] == "q" and name[1:].isdigit():
                        found = int(name[1:])
                it += 1
            block = block.next()
        return found

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:  # noqa: N802
        menu = self.menu_at(event.pos())
        self.menu = menu  # kept for tests
        menu.exec(event.globalPos())

    def menu_at(self, pos: QPoint) -> QMenu:
        """The context menu at ``pos``: copy and select, and over a quote its corrections."""
        menu = self.createStandardContextMenu(pos)
        n = self.quote_at(pos)
        if n >= 0:
            menu.addSeparator()
            for action, text in QUOTE_CORRECTIONS:
                item = menu.addAction(text)
                item.setObjectName(f"{action}Action")
                item.triggered.connect(lambda _=False, a=action: self.quote_correction_requested.emit(a, n))
        for extend in self.menu_extenders:
            extend(menu, pos)
        return menu

    def _anchor_position(self, name: str) -> int:
        """Where the anchor ``name`` is in the document, or -1."""
        block = self.document().begin()
        while block.isValid():
            it = block.begin()
            while not it.atEnd():
                fragment = it.fragment()
                if name in fragment.charFormat().anchorNames():
                    return int(fragment.position())
                it += 1
            block = block.next()
        return -1

    def selected_passage(self) -> tuple[int, int, int] | None:
        """(paragraph, start, end) of the text selected in the article (within its first paragraph), or None."""
        article = self._article
        text = self.textCursor().selectedText().replace("\u2029", "\n").strip()
        if article is None or not text:
            return None
        first = text.split("\n", 1)[0].strip()
        for i, paragraph in enumerate(article.paragraphs):
            start = paragraph.text.find(first)
            if start >= 0:
                return i, start, start + len(first)
        return None

    def resizeEvent(self, event: Any) -> None:  # noqa: N802
        # A readable measure at any width: at most MEASURE characters a line, the column centred.
        width = self.width() - self.verticalScrollBar().sizeHint().width()
        column = self.fontMetrics().averageCharWidth() * MEASURE + 2 * int(self.document().documentMargin())
        extra = max(0, width - column)
        self.setViewportMargins(extra // 2, 0, extra - extra // 2, 0)
        super().resizeEvent(event)

    def scroll_to_paragraph(self, p: int) -> None:
        """Scroll so the article's paragraph ``p`` is at the top (a bookmark's passage, say)."""
        start = self.paragraph_position(p)
        if start >= 0:
            cursor = QTextCursor(self.document())
            cursor.setPosition(start)
            bar = self.verticalScrollBar()
            bar.setValue(bar.value() + self.cursorRect(cursor).top())

    def paragraph_position(self, p: int) -> int:
        """Where the article's paragraph ``p`` starts in the document, or -1. Found by the texts of
        the paragraphs up to it, block after block: Qt's HTML reader keeps no anchor that stands
        before a paragraph, and one inside would split the paragraph's first word in two fragments."""
        article = self._article
        if article is None or not 0 <= p < len(article.paragraphs):
            return -1
        inside = _inside_posts(self._extraction)
        block, found = self.document().begin(), -1
        for i in range(p + 1):
            # As HTML lays text out: runs of white space are one space.
            text, at = " ".join(shown_text(article, self._extraction, i, inside).split()), block
            while at.isValid() and not (text and " ".join(at.text().split()) == text):
                at = at.next()
            # A paragraph not shown (empty, a post's signature alone) is where the one before is.
            if at.isValid():
                found, block = at.position(), at.next()
        return found

    def scroll_to_post(self, n: int) -> None:
        self.scrollToAnchor(f"post{n}")

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._render()

    def viewportEvent(self, event: QEvent) -> bool:  # noqa: N802
        # QTextBrowser does not show the tooltips of its text; quotes carry their speaker in one.
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            tip = self.cursorForPosition(event.pos()).charFormat().toolTip()
            if tip:
                QToolTip.showText(event.globalPos(), tip, self.viewport())
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().viewportEvent(event)
