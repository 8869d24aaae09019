"""A bookmark as plain data: what it points to, a copy of its article's metadata, a note and tags."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from index.export.citation import archived_copy, cite

BookmarkKind = Literal["quote", "post", "passage"]
KINDS: tuple[BookmarkKind, ...] = ("quote", "post", "passage")


@dataclass(frozen=True)
class Change:
    """One change of a value a bookmark copied from its article, with why it changed."""

    field: str
    old: str | None
    new: str | None
    reason: str  # "corrected" (the user's correction of the quote) or "uncorrected" (it was removed)
    at: dt.datetime | None = None


@dataclass(frozen=True)
class Bookmark:
    """A saved quote, post or passage with a copy of its article's metadata, a note and tags."""

    id: int
    kind: BookmarkKind
    text: str
    article_id: str
    title: str = ""
    date: dt.date | None = None
    site: str = ""
    url: str = ""
    authors: tuple[str, ...] = ()
    speaker: str | None = None  # quotes: who said it
    author: str | None = None  # posts: the account's display name
    handle: str | None = None  # posts: the account's handle, without "@"
    platform: str | None = None  # posts: "x", "instagram", ...
    post_url: str | None = None  # posts: the post's own address
    paragraph: int | None = None  # where it starts in the article
    start: int | None = None  # character offsets in that paragraph
    end: int | None = None
    quote_index: int | None = None  # position in the article's extracted quotes
    post_index: int | None = None  # position in the article's extracted posts
    note: str = ""
    tags: tuple[str, ...] = ()
    created: dt.datetime | None = None
    updated: dt.datetime | None = None
    article_missing: bool = False  # computed when read: the article is no longer in the archive
    # Computed when read: the speaker the quote had before the user corrected it (its history
    # keeps every change); None when the speaker is the one the bookmark was made with.
    speaker_corrected_from: str | None = None
    # The archived copy it quotes, copied from its article when it was made: when the page was
    # captured and what says so, the saved file (relative to the archive folder), its SHA-256, and
    # the page of a paged document (a PDF) the text is on.
    captured: str = ""
    captured_from: str = ""
    file: str = ""
    sha256: str = ""
    page: int | None = None

    @property
    def speaker_corrected(self) -> bool:
        """Whether the speaker shown was set by the user's correction of the quote."""
        return self.speaker_corrected_from is not None

    @property
    def who(self) -> str:
        """Who the text is by: the speaker of a quote, the author (and handle) of a post."""
        if self.kind == "post":
            handle = f"@{self.handle}" if self.handle else ""
            return " ".join(x for x in (self.author or "", f"({handle})" if self.author and handle else handle) if x)
        return self.speaker or ""

    def citation(self) -> str:
        """The article this bookmark comes from, cited in the house style with its archived copy
        (when it was captured, the file, its SHA-256) and page, as article exports cite it. A
        bookmark that knows none of them (its article left the archive before capture times were
        kept) has no archived-copy sentence: the day of an export is not when a copy was made."""
        archived = archived_copy(captured=self.captured, captured_from=self.captured_from, file=self.file,
                                 sha256=self.sha256)
        return cite(title=self.title, authors=self.authors, site=self.site, date=self.date, url=self.url,
                    page=self.page, archived=archived)


# --- tags ------------------------------------------------------------------------------------------

_TAG_SPLIT = re.compile(r"[,;]")


def normalize_tag(tag: str) -> str:
    """A tag as stored: spaces collapsed, no leading ``#``, no commas or semicolons."""
    tag = " ".join(_TAG_SPLIT.sub(" ", tag).split())
    return tag.lstrip("#").strip()


def parse_tags(text: str | Iterable[str]) -> tuple[str, ...]:
    """Tags from ``"a, b; c"`` or a list, normalised, first spelling kept, duplicates (any case) dropped."""
    items = _TAG_SPLIT.split(text) if isinstance(text, str) else list(text)
    out: dict[str, str] = {}
    for item in items:
        for piece in _TAG_SPLIT.split(item):
            tag = normalize_tag(piece)
            if tag and tag.casefold() not in out:
                out[tag.casefold()] = tag
    return tuple(out.values())


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def parse_time(value: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(value) if value else None
