"""Qt item models over the core's dataclasses: search hits, quotes, social posts, entities.

Every model exposes its data through named role constants (``ResultsModel.TitleRole`` …) and
``roleNames()``, so views, delegates and tests read the same values.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractListModel, QByteArray, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel

from index.model import Entity, Hit, Post, Quote, SearchResult

if TYPE_CHECKING:
    from index.store.entities import ArchiveEntity

log = logging.getLogger(__name__)

_Index = QModelIndex | QPersistentModelIndex
USER = int(Qt.ItemDataRole.UserRole)


def _role_names(roles: dict[int, str]) -> dict[int, QByteArray]:
    return {role: QByteArray(name.encode()) for role, name in roles.items()}


# --- search results -----------------------------------------------------------------------------


class ResultsModel(QAbstractListModel):
    """The hits of the current search, one page at a time (``fetchMore`` asks for the next)."""

    HitRole = USER + 1
    IdRole = USER + 2
    TitleRole = USER + 3
    DateRole = USER + 4  # ISO date text, "" when undated
    SiteRole = USER + 5
    SnippetRole = USER + 6  # the core's ((text, matched), …) runs
    AuthorsRole = USER + 7
    UrlRole = USER + 8
    FormatRole = USER + 9
    ScoreRole = USER + 10
    PeopleRole = USER + 11  # the byline's names that are people: each has a person's page
    OrganisationsRole = USER + 12  # the byline's names that are organisations ("CNN", "Reuters")

    more_requested = Signal(int)  # the page to fetch

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._hits: list[Hit] = []
        self._total = 0
        self._page = 0
        self._pages = 0
        self._request_id = 0
        self._fetching = False
        self._organisations: set[str] = set()

    # --- the current search ----------------------------------------------------------------------

    @property
    def total(self) -> int:
        """How many articles match the search (all pages)."""
        return self._total

    @property
    def request_id(self) -> int:
        return self._request_id

    def set_result(self, request_id: int, result: SearchResult, organisations: Iterable[str] = ()) -> None:
        """Replace the hits with the first page of a new search (``organisations``: its byline names
        that are no person's)."""
        self.beginResetModel()
        self._hits = list(result.hits)
        self._organisations = set(organisations)
        self._total = result.total
        self._page = result.page
        self._pages = result.pages
        self._request_id = request_id
        self._fetching = False
        self.endResetModel()

    def append_page(self, request_id: int, result: SearchResult, organisations: Iterable[str] = ()) -> bool:
        """Add the next page of the current search; False (nothing done) for any other page."""
        if request_id != self._request_id or result.page != self._page + 1:
            return False
        self._fetching = False
        self._organisations.update(organisations)
        known = {h.id for h in self._hits}
        fresh = [h for h in result.hits if h.id not in known]
        self._page = result.page
        self._total = result.total
        if fresh:
            self.beginInsertRows(QModelIndex(), len(self._hits), len(self._hits) + len(fresh) - 1)
            self._hits.extend(fresh)
            self.endInsertRows()
        return True

    def page_failed(self) -> None:
        """The next page could not be fetched: allow another try."""
        self._fetching = False

    def clear(self) -> None:
        self.beginResetModel()
        self._hits, self._total, self._page, self._pages, self._fetching = [], 0, 0, 0, False
        self.endResetModel()

    def hit(self, row: int) -> Hit | None:
        return self._hits[row] if 0 <= row < len(self._hits) else None

    def row_of(self, article_id: str) -> int:
        """The row of an article, or -1."""
        return next((i for i, h in enumerate(self._hits) if h.id == article_id), -1)

    # --- QAbstractListModel ----------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._hits)

    def roleNames(self) -> dict[int, QByteArray]:  # noqa: N802
        return _role_names({
            self.HitRole: "hit", self.IdRole: "id", self.TitleRole: "title", self.DateRole: "date",
            self.SiteRole: "site", self.SnippetRole: "snippet", self.AuthorsRole: "authors",
            self.UrlRole: "url", self.FormatRole: "format", self.ScoreRole: "score",
            self.PeopleRole: "people", self.OrganisationsRole: "organisations",
        })

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        hit = self.hit(index.row()) if index.isValid() else None
        if hit is None:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, self.TitleRole):
            return hit.title or "(untitled)"
        if role == Qt.ItemDataRole.ToolTipRole:
            return "\n".join(x for x in (hit.title, hit.url) if x)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return ", ".join(x for x in (hit.title, hit.date.isoformat() if hit.date else "", hit.site) if x)
        return {
            self.HitRole: hit,
            self.IdRole: hit.id,
            self.DateRole: hit.date.isoformat() if hit.date else "",
            self.SiteRole: hit.site,
            self.SnippetRole: hit.snippet,
            self.AuthorsRole: ", ".join(hit.authors),
            self.UrlRole: hit.url,
            self.FormatRole: hit.format,
            self.ScoreRole: hit.score,
            self.PeopleRole: tuple(a for a in hit.authors if a not in self._organisations),
            self.OrganisationsRole: tuple(a for a in hit.authors if a in self._organisations),
        }.get(role)

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008, N802
        if parent.isValid() or self._fetching:
            return False
        return len(self._hits) < self._total and self._page < self._pages

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: B008, N802
        if self.canFetchMore(parent):
            self._fetching = True
            self.more_requested.emit(self._page + 1)


# --- quotes -------------------------------------------------------------------------------------

UNKNOWN_SPEAKER = "Unknown speaker"


CORRECTED_MARK = "✎"  # beside a speaker the user set or cleared, in the panel and the tooltips


def attribution_label(quote: Quote, *, with_speaker: bool = True) -> str:
    """The speaker as the user should weigh it: "Leavitt · inferred from ‘She said’" unless stated,
    "Leavitt · ✎ speaker set by you" when the user corrected it."""
    who = quote.speaker or UNKNOWN_SPEAKER
    if quote.corrected:
        how = f"{CORRECTED_MARK} {quote.evidence or 'corrected by you'}"
        return f"{who} · {how}" if with_speaker else how
    if quote.speaker is None or quote.confidence not in ("inferred", "guessed"):
        return who
    how = f"{quote.confidence} from {quote.evidence.split(' → ')[0]}" if quote.evidence else quote.confidence
    return f"{who} · {how}" if with_speaker else how


def attribution_tooltip(quote: Quote) -> str:
    """The quote's tooltip: speaker, kind, how it was found, and where the quote is."""
    parts = [f"{quote.speaker or UNKNOWN_SPEAKER} ({quote.speaker_kind})"]
    if quote.corrected:
        was = f"“{quote.corrected_from}”" if quote.corrected_from else "no speaker"
        parts.append(f"{CORRECTED_MARK} {quote.evidence or 'corrected by you'} (Morgue had found {was})")
        parts.append(f"paragraph {quote.paragraph + 1}")
        return ", ".join(parts)
    if quote.speaker_text and quote.speaker_text != quote.speaker:
        parts.append(f"written as “{quote.speaker_text}”")
    if quote.speaker and quote.confidence:
        parts.append(f"{quote.confidence}: {quote.evidence}" if quote.evidence else quote.confidence)
    parts.append(f"paragraph {quote.paragraph + 1}")
    return ", ".join(parts)


class QuotesModel(QStandardItemModel):
    """The quotes of one article, as a tree grouped by speaker or as a flat list in reading order."""

    QuoteRole = USER + 1  # the Quote (None on a speaker row)
    QuoteIndexRole = USER + 2  # the quote's position in the article's extraction
    SpeakerRole = USER + 3
    IsSpeakerRole = USER + 4

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._quotes: tuple[Quote, ...] = ()
        self._grouped = True
        self.article_id = ""

    def roleNames(self) -> dict[int, QByteArray]:  # noqa: N802
        names = dict(super().roleNames())
        names.update(_role_names({self.QuoteRole: "quote", self.QuoteIndexRole: "quoteIndex",
                                  self.SpeakerRole: "speaker", self.IsSpeakerRole: "isSpeaker"}))
        return names

    @property
    def quotes(self) -> tuple[Quote, ...]:
        return self._quotes

    @property
    def grouped(self) -> bool:
        return self._grouped

    def set_quotes(self, article_id: str, quotes: Sequence[Quote]) -> None:
        """Show the quotes of an article."""
        self.article_id = article_id
        self._quotes = tuple(quotes)
        self._rebuild()

    def set_grouped(self, grouped: bool) -> None:
        """Group quotes under their speaker (speakers in order of first appearance), or list them."""
        if grouped != self._grouped:
            self._grouped = grouped
            self._rebuild()

    def _quote_item(self, n: int, quote: Quote, with_speaker: bool) -> QStandardItem:
        text = f"“{quote.text}”"
        if with_speaker:
            text += f"\n— {attribution_label(quote)}"
        elif quote.corrected or quote.confidence in ("inferred", "guessed"):
            text += f"\n— {attribution_label(quote, with_speaker=False)}"
        item = QStandardItem(text)
        item.setEditable(False)
        item.setData(quote, self.QuoteRole)
        item.setData(n, self.QuoteIndexRole)
        item.setData(quote.speaker or UNKNOWN_SPEAKER, self.SpeakerRole)
        item.setData(False, self.IsSpeakerRole)
        item.setToolTip(attribution_tooltip(quote))
        return item

    def _rebuild(self) -> None:
        self.clear()
        root = self.invisibleRootItem()
        if not self._grouped:
            for n, q in enumerate(self._quotes):
                root.appendRow(self._quote_item(n, q, with_speaker=True))
            return
        groups: dict[str, list[tuple[int, Quote]]] = {}
        for n, q in enumerate(self._quotes):
            groups.setdefault(q.speaker or UNKNOWN_SPEAKER, []).append((n, q))
        # The unknown speaker's quotes come last.
        order = sorted(groups, key=lambda s: s == UNKNOWN_SPEAKER)
        for speaker in order:
            members = groups[speaker]
            head = QStandardItem(f"{speaker}  ({len(members)})")
            head.setEditable(False)
            head.setSelectable(False)
            head.setData(None, self.QuoteRole)
            head.setData(speaker, self.SpeakerRole)
            head.setData(True, self.IsSpeakerRole)
            font = head.font()
            font.setBold(True)
            head.setFont(font)
            for n, q in members:
                head.appendRow(self._quote_item(n, q, with_speaker=False))
            root.appendRow(head)

    def speakers(self) -> list[str]:
        """The speaker rows, in order (grouped mode)."""
        return [self.item(r).data(self.SpeakerRole) for r in range(self.rowCount())] if self._grouped else []

    def index_of_quote(self, n: int) -> QModelIndex:
        """The model index of the quote at position ``n`` of the extraction."""
        for row in range(self.rowCount()):
            item = self.item(row)
            if item.data(self.QuoteIndexRole) == n and not item.data(self.IsSpeakerRole):
                return item.index()
            for child_row in range(item.rowCount()):
                child = item.child(child_row)
                if child.data(self.QuoteIndexRole) == n:
                    return child.index()
        return QModelIndex()


# --- social posts -------------------------------------------------------------------------------

PLATFORM_NAMES = {
    "x": "X", "twitter": "X", "instagram": "Instagram", "facebook": "Facebook", "tiktok": "TikTok",
    "youtube": "YouTube", "bluesky": "Bluesky", "mastodon": "Mastodon", "threads": "Threads",
}
MISSING_TEXT = "content not in the archive"


def platform_name(platform: str) -> str:
    """How a platform is named to the user ("x" → "X")."""
    return PLATFORM_NAMES.get(platform.lower(), platform.capitalize() or "Social post")


class PostsModel(QAbstractListModel):
    """The social posts embedded in one article (lost ones included), in reading order."""

    PostRole = USER + 1
    PlatformRole = USER + 2  # the display name, "X"
    AuthorRole = USER + 3
    HandleRole = USER + 4  # with its "@", "" when unknown
    DateRole = USER + 5
    TextRole = USER + 6  # the post's text, or MISSING_TEXT for a lost post
    MediaRole = USER + 7  # tuple of media links, as text
    UrlRole = USER + 8
    MissingRole = USER + 9
    ParagraphsRole = USER + 10

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._posts: tuple[Post, ...] = ()

    def set_posts(self, posts: Sequence[Post]) -> None:
        self.beginResetModel()
        self._posts = tuple(posts)
        self.endResetModel()

    def post(self, row: int) -> Post | None:
        return self._posts[row] if 0 <= row < len(self._posts) else None

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._posts)

    def roleNames(self) -> dict[int, QByteArray]:  # noqa: N802
        return _role_names({
            self.PostRole: "post", self.PlatformRole: "platform", self.AuthorRole: "author",
            self.HandleRole: "handle", self.DateRole: "date", self.TextRole: "text", self.MediaRole: "media",
            self.UrlRole: "url", self.MissingRole: "missing", self.ParagraphsRole: "paragraphs",
        })

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        post = self.post(index.row()) if index.isValid() else None
        if post is None:
            return None
        text = MISSING_TEXT if post.missing else (post.text or "")
        if role == Qt.ItemDataRole.DisplayRole:
            who = " ".join(x for x in (post.author or "", f"@{post.handle}" if post.handle else "") if x)
            return f"{platform_name(post.platform)} · {who or 'unknown author'}: {text}"
        return {
            self.PostRole: post,
            self.PlatformRole: platform_name(post.platform),
            self.AuthorRole: post.author or "",
            self.HandleRole: f"@{post.handle.lstrip('@')}" if post.handle else "",
            self.DateRole: post.date or "",
            self.TextRole: text,
            self.MediaRole: post.media,
            self.UrlRole: post.url or "",
            self.MissingRole: post.missing,
            self.ParagraphsRole: post.paragraphs,
        }.get(role)


# --- entities -----------------------------------------------------------------------------------

# Entity types shown as groups, with the search filter each one maps to.
ENTITY_GROUPS: tuple[tuple[str, str, str | None], ...] = (
    ("PERSON", "People", "person"),
    ("ORG", "Organisations", "org"),
    ("PLACE", "Places", "place"),
)
OTHER_GROUP = "Other names"


class EntitiesModel(QStandardItemModel):
    """The named entities of one article: a tree of people, organisations and places.

    Column 0 is the name, column 1 the number of mentions in the article, column 2 the number of
    articles of the archive that name it. Given the archive's entities, each is shown under its
    canonical name and type ("Trump" ORG is Donald Trump, a person), two names of one entity as one.
    """

    EntityRole = USER + 1
    FacetRole = USER + 2  # the search filter this entity can be used in ("person", …) or None
    CountRole = USER + 3
    GroupRole = USER + 4  # the group's entity type on a group row
    ArchiveRole = USER + 5  # the archive's entity (index.store.entities.ArchiveEntity) or None
    ALIASES_SHOWN = 8  # the archive's other names for it, in the tooltip

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setHorizontalHeaderLabels(["Name", "Mentions", "Articles"])
        self._entities: tuple[Entity, ...] = ()
        self._archive: dict[int, ArchiveEntity] = {}

    def roleNames(self) -> dict[int, QByteArray]:  # noqa: N802
        names = dict(super().roleNames())
        names.update(_role_names({self.EntityRole: "entity", self.FacetRole: "facet", self.CountRole: "count",
                                  self.GroupRole: "group", self.ArchiveRole: "archiveEntity"}))
        return names

    @property
    def entities(self) -> tuple[Entity, ...]:
        return self._entities

    def set_entities(self, entities: Sequence[Entity],
                     archive: Mapping[tuple[str, str], ArchiveEntity] | None = None) -> None:
        """Show an article's entities, most mentioned first within each group; ``archive``: the
        archive's entity of each, by (type, name) as the article has it (``Archive.article_entities``)."""
        self._entities, self._archive = _canonical(entities, archive or {})
        self.removeRows(0, self.rowCount())
        known = {t for t, _, _ in ENTITY_GROUPS}
        groups = [*ENTITY_GROUPS, ("", OTHER_GROUP, None)]
        for etype, label, facet in groups:
            members = [e for e in self._entities if (e.type == etype if etype else e.type not in known)]
            if not members:
                continue
            members.sort(key=lambda e: (-e.count, e.name.lower()))
            head = QStandardItem(f"{label}  ({len(members)})")
            head.setEditable(False)
            head.setSelectable(False)
            head.setData(etype or "OTHER", self.GroupRole)
            font = head.font()
            font.setBold(True)
            head.setFont(font)
            blanks = []
            for _ in range(2):
                blank = QStandardItem()
                blank.setEditable(False)
                blank.setSelectable(False)
                blanks.append(blank)
            for e in members:
                name = QStandardItem(e.name)
                name.setEditable(False)
                name.setData(e, self.EntityRole)
                name.setData(facet, self.FacetRole)
                name.setData(e.count, self.CountRole)
                found = self._archive.get(id(e))
                name.setData(found, self.ArchiveRole)
                name.setToolTip(self._tooltip(e, found, facet))
                count = QStandardItem(str(e.count))
                count.setEditable(False)
                count.setData(e, self.EntityRole)
                count.setData(facet, self.FacetRole)
                count.setData(e.count, self.CountRole)
                count.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                count.setToolTip(f"{e.count} mentions in this article")
                articles = QStandardItem(str(found.articles) if found is not None else "")
                articles.setEditable(False)
                articles.setData(e, self.EntityRole)
                articles.setData(facet, self.FacetRole)
                articles.setData(found, self.ArchiveRole)
                articles.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if found is not None:
                    articles.setToolTip(f"Named in {_articles(found.articles)} of the archive")
                head.appendRow([name, count, articles])
            self.invisibleRootItem().appendRow([head, *blanks])

    def _tooltip(self, e: Entity, found: ArchiveEntity | None, facet: str | None) -> str:
        """The name and type, how this article and the archive write it, and what a click does."""
        variants = ", ".join(m for m in e.mentions if m != e.name)
        tip = f"{e.name} ({e.type})" + (f"\nAlso written: {variants}" if variants else "")
        if found is not None:
            tip += f"\nNamed in {_articles(found.articles)} of the archive"
            aliases = [(f, n) for f, n in found.aliases if f != e.name][: self.ALIASES_SHOWN]
            if aliases:
                tip += "\nIn the archive also: " + ", ".join(f"{f} ({n})" for f, n in aliases)
        tip += "\nClick to show only articles mentioning it." if facet else ""
        return tip

    def archive_entity(self, name: str) -> ArchiveEntity | None:
        """The archive's entity shown under ``name``, or None."""
        return next((a for a in self._archive.values() if a.name == name), None)

    def groups(self) -> dict[str, list[str]]:
        """Entity names by group type ("PERSON", "ORG", "PLACE", "OTHER"), as shown."""
        out: dict[str, list[str]] = {}
        for row in range(self.rowCount()):
            head = self.item(row)
            out[head.data(self.GroupRole)] = [head.child(r).text() for r in range(head.rowCount())]
        return out


def _canonical(entities: Sequence[Entity], archive: Mapping[tuple[str, str], ArchiveEntity]
               ) -> tuple[tuple[Entity, ...], dict[int, ArchiveEntity]]:
    """The article's entities under their archive names and types, those of one archive entity
    merged (mentions added), and the archive entity of each (by ``id()`` of the shown entity)."""
    merged: dict[object, tuple[Entity, ArchiveEntity | None]] = {}
    for e in entities:
        found = archive.get((e.type, e.name))
        key: object = ("archive", found.id) if found is not None else ("article", e.type, e.name)
        shown = Entity(found.name, found.type, e.mentions, e.count) if found is not None else e
        if key in merged:
            before = merged[key][0]
            shown = Entity(before.name, before.type, tuple(dict.fromkeys((*before.mentions, e.name, *e.mentions))),
                           before.count + e.count)
        elif found is not None and e.name != found.name:
            shown = Entity(found.name, found.type, tuple(dict.fromkeys((e.name, *e.mentions))), e.count)
        merged[key] = (shown, found)
    shown_all = tuple(e for e, _ in merged.values())
    return shown_all, {id(e): a for e, a in merged.values() if a is not None}


def _articles(n: int) -> str:
    return f"{n} article{'s' if n != 1 else ''}"
