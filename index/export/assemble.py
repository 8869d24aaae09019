"""Assembly: a ``Selection`` read from the archive (and its bookmarks) into an ``ExportDocument``."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from pathlib import PurePath
from typing import TYPE_CHECKING

from index.errors import ArchiveError, ArticleNotFound, ExportFailed
from index.export.citation import article_citation, long_date
from index.export.document import (
    OPENING_MARKS,
    ArticleSection,
    BookmarkSection,
    ExportDocument,
    ExportParagraph,
    ExportPost,
    ExportQuote,
    QuoteSection,
    Section,
    Span,
    plural,
    shorten,
)
from index.export.selection import Selection
from index.jobs import CancelToken, Progress, ProgressCallback, Throttle
from index.model import Article, Extraction, Post, Quote

if TYPE_CHECKING:  # pragma: no cover
    from index.archive import Archive
    from index.bookmarks import Bookmark, Bookmarks

log = logging.getLogger(__name__)


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
                while start < length and (text[start] in OPENING_MARKS or text[start].isspace()):
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


def article_section(
    article: Article, ex: Extraction, anchor: str, exported: dt.date, roots: Sequence[PurePath | str] = ()
) -> ArticleSection:
    """An article as a section: paragraphs with quote spans, quotes numbered, posts listed.

    Its citation names the archived copy: when it was captured, its file (relative to the one of
    ``roots`` holding it) and its SHA-256; ``exported`` is not part of it (the export date is not
    when the copy was made).
    """
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
        citation=article_citation(article, roots),
        paragraphs=tuple(paragraphs), quotes=quotes, posts=posts,
    )


def bookmark_section(b: Bookmark, anchor: str, exported: dt.date) -> BookmarkSection:
    """A bookmark as a section (its own copy of the text, even if the article has gone)."""
    return BookmarkSection(
        anchor=anchor, bookmark_id=b.id, kind=b.kind, text=b.text, who=b.who, note=b.note, tags=b.tags,
        title=b.title, citation=b.citation(), article_missing=b.article_missing, created=b.created,
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
    facts: tuple[tuple[str, str], ...] = ()
    description = ""

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
            section = article_section(article, ex, f"s{len(sections) + 1}", today, archive.roots)
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
                citation=article_citation(article, archive.roots, paragraph=q.paragraph),  # a PDF's page
            ))
            progress(Progress("assembling", i, len(selection.quotes)))
        counts = [("quote", len(sections))]
    elif selection.kind == "person":
        sections, not_found, facts, description = _person_sections(archive, selection, today, progress, cancel)
        counts = [("quote", len(sections))]
    elif selection.kind == "bookmarks":
        from index.errors import BookmarkNotFound

        store = bookmarks if bookmarks is not None else archive.bookmarks
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
    title, described = _describe(selection, sections, total)
    description = description or described
    log.info("assembled an export of %d sections (%s)", len(sections), selection.kind)
    return ExportDocument(
        title=title, description=description, exported=now, sections=tuple(sections), kind=selection.kind,
        query=selection.query, filters=selection.filters, tag=selection.tag,
        archive_name=getattr(archive, "name", ""), counts=tuple(counts), not_found=tuple(not_found), total=total,
        facts=facts,
    )


def _person_sections(
    archive: Archive, sel: Selection, today: dt.date, progress: Throttle, cancel: CancelToken
) -> tuple[list[Section], list[str], tuple[tuple[str, str], ...], str]:
    """A person's quotes (all, or those of ``sel.quotes``) as sections of a dossier, newest first,
    each with its capture facts, the evidence of an inferred attribution and its repeats; the
    title page's facts about the person; and the sentence saying what the dossier holds."""
    from index.people import person_page

    page = person_page(archive, sel.person, cancel=cancel)
    chosen = page.selected(sel.quotes) if sel.quotes else page.quotes
    found = {q.ref for q in chosen}
    not_found = [f"{aid}:{n}" for aid, n in sel.quotes if (aid, n) not in found]
    group_of = {q.ref: g for g in page.groups for q in g.members}
    sections: list[Section] = []
    for i, q in enumerate(chosen, 1):
        cancel.raise_if_cancelled()
        capture = tuple((k, v) for k, v in (
            ("Site", q.site), ("Address", q.url), ("Saved file", q.source_name), ("Format", q.format),
            ("Article id", q.article_id), ("Quote", f"{q.index} of the article (as morgue show numbers them)"),
        ) if v)
        group = group_of.get(q.ref)
        repeats: tuple[str, ...] = ()
        if group is not None and group.repeated:
            repeats = tuple(
                ("first: " if m is group.first else "")
                + ", ".join(x for x in (m.site or "unknown site", long_date(m.date) if m.date else "undated") if x)
                + f" — “{shorten(m.title, 70)}”" + (" (this one)" if m.ref == q.ref else "")
                for m in group.members)
        sections.append(QuoteSection(
            anchor=f"s{len(sections) + 1}", article_id=q.article_id, quote_index=q.index, text=q.text,
            speaker=q.quote.speaker_as_cited, title=q.title, date=q.date, paragraph=q.quote.paragraph,
            # When and where the page was captured (the file and its SHA-256), not the day of the export.
            citation=article_citation(archive.article(q.article_id), archive.roots, paragraph=q.quote.paragraph),
            confidence=q.quote.confidence, evidence=q.quote.evidence, capture=capture, repeats=repeats,
        ))
        progress(Progress("assembling", i, len(chosen)))
    person = page.person
    dated = [q.date for q in chosen if q.date]
    span = f", {long_date(min(dated))} to {long_date(max(dated))}" if dated else ""
    inferred = sum(1 for q in chosen if q.inferred)
    facts: list[tuple[str, str]] = [("Person", person.name)]
    if person.type:
        facts.append(("Type", person.type))
    if page.aliases:
        facts.append(("Also named", "; ".join(f"{a} ({n})" for a, n in page.aliases[:12])))
    facts.append(("In the archive", f"{plural(len(page.quotes), 'quote')} ({page.inferred} inferred), "
                  f"{plural(len(page.posts), 'post')}, named in {plural(len(page.articles), 'article')}"))
    facts.append(("Identity from", person.source))
    description = (f"{plural(len(chosen), 'quote')} of {person.name} in the archive{span}: "
                   f"{len(chosen) - inferred} stated, {inferred} inferred rather than stated (their evidence given), "
                   f"from {plural(len({q.article_id for q in chosen}), 'article')}.")
    return sections, not_found, tuple(facts), description


def _nothing_message(sel: Selection, not_found: Sequence[str]) -> str:
    if not_found:
        shown = ", ".join(not_found[:5]) + (" …" if len(not_found) > 5 else "")
        return f"Nothing to export: none of the selected items is in the archive ({shown})."
    if sel.kind == "search":
        return f"Nothing to export: no article matches the query {sel.query!r}."
    if sel.kind == "person":
        return f"Nothing to export: the archive holds no quote of {sel.person!r}."
    if sel.kind == "bookmarks":
        return f"Nothing to export: there are no bookmarks tagged {sel.tag!r}." if sel.tag else \
            "Nothing to export: there are no bookmarks yet."
    return "Nothing to export: the selection is empty."


def _describe(sel: Selection, sections: Sequence[Section], total: int | None) -> tuple[str, str]:
    """The export's title and a sentence saying what it holds."""
    n = len(sections)
    if sel.kind == "articles":
        first = sections[0]
        title = sel.title or (shorten(first.title, 90) if n == 1 and isinstance(first, ArticleSection)
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
    if sel.kind == "person":
        return sel.title or f"{sel.person}: quotes in the archive", f"{plural(n, 'quote')} of {sel.person}."
    if sel.tag:
        return sel.title or f"Bookmarks tagged “{sel.tag}”", f"The {plural(n, 'bookmark')} tagged “{sel.tag}”."
    if sel.bookmark_ids:
        return sel.title or plural(n, "selected bookmark"), f"{plural(n, 'bookmark')} selected."
    return sel.title or "Bookmarks", f"All {plural(n, 'bookmark')} of the archive."
