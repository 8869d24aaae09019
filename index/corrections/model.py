"""The user's corrections as plain data: of one quote (anchored by its text), of an entity (by its names)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

QuoteAction = Literal["speaker", "clear-speaker", "not-a-quote"]
EntityAction = Literal["merge", "rename", "type", "hide", "split"]
QUOTE_ACTIONS: tuple[QuoteAction, ...] = ("speaker", "clear-speaker", "not-a-quote")
ENTITY_ACTIONS: tuple[EntityAction, ...] = ("merge", "rename", "type", "hide", "split")
# The entity types a correction may set, in the user's words and as the extractor names them.
ENTITY_TYPES = {"person": "PERSON", "org": "ORG", "place": "PLACE"}
# What a quote's speaker kind becomes when the user names the speaker.
SPEAKER_KINDS = ("person", "organization", "description")


@dataclass(frozen=True)
class Selector:
    """A text-quote selector (as in the W3C Web Annotation model): the quoted text exactly, with
    up to ``CONTEXT`` characters of the article before and after it to tell repeats apart."""

    exact: str
    prefix: str = ""
    suffix: str = ""


@dataclass(frozen=True)
class QuoteCorrection:
    """Set or clear a quote's speaker, or say it is not a quote. ``original`` is the speaker the
    quote had when the user corrected it (for the list and the bookmarks' history)."""

    article_id: str
    selector: Selector
    action: QuoteAction
    speaker: str | None = None  # "speaker": the name or description the user gave
    speaker_kind: str = "person"  # "speaker": person, organization or description
    original: str | None = None
    id: int = 0
    created: dt.datetime | None = None

    @property
    def summary(self) -> str:
        """The correction in a few words, for lists."""
        text = self.selector.exact if len(self.selector.exact) <= 60 else self.selector.exact[:57] + "…"
        if self.action == "speaker":
            return f"“{text}” — speaker set to {self.speaker}"
        if self.action == "clear-speaker":
            return f"“{text}” — speaker cleared"
        return f"“{text}” — not a quote"


@dataclass(frozen=True)
class EntityCorrection:
    """A correction of entities, keyed by the names (alias forms) it names, never by a table id.

    merge: ``others`` become ``name`` (``value``: the type of ``name``, or "" to keep each one's);
    rename: ``name`` becomes ``value``; type: ``name`` gets the type ``value`` ("PERSON", "ORG",
    "PLACE"); hide: ``name`` is not an entity; split: the alias ``value`` leaves ``name`` and is an
    entity of its own.
    """

    action: EntityAction
    name: str
    others: tuple[str, ...] = ()
    value: str = ""
    id: int = 0
    created: dt.datetime | None = None

    @property
    def summary(self) -> str:
        """The correction in a few words, for lists."""
        if self.action == "merge":
            return f"{', '.join(self.others)} merged into {self.name}"
        if self.action == "rename":
            return f"{self.name} renamed {self.value}"
        if self.action == "type":
            return f"{self.name} is a {self.value.lower()}"
        if self.action == "hide":
            return f"{self.name} hidden (not an entity)"
        return f"{self.value} split off {self.name}"


Correction = QuoteCorrection | EntityCorrection


@dataclass(frozen=True)
class Status:
    """Whether a correction applies to the archive as it is now, in words a user can read."""

    correction: Correction
    applies: bool
    detail: str = ""  # "quote 3", "the quote is gone", "12 articles", "the article is gone"
