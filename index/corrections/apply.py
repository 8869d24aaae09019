"""Corrections applied to an article's extraction as it is written to the index.

``apply_corrections`` is pure: the extractor's extraction of an article and the corrections in, the
corrected extraction out (speakers set or cleared and marked ``corrected``, non-quotes left out,
entities merged, renamed, retyped, hidden or split). ``Applier`` reads the archive's corrections
once and applies them to each article the pipeline writes; the store keeps the extractor's own
extraction, so removing a correction gives the extractor's values back.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from index.corrections.anchor import anchor
from index.corrections.entities import apply_entity_corrections, corrected_name
from index.corrections.model import EntityCorrection, QuoteCorrection
from index.corrections.store import snapshot
from index.model import Article, Extraction, Quote

SET_BY_YOU = "speaker set by you"
CLEARED_BY_YOU = "speaker cleared by you"


@dataclass(frozen=True)
class Outcome:
    """Where one quote correction landed in an article: the quote's index before corrections
    (None: the quote is gone)."""

    correction: QuoteCorrection
    index: int | None


def _corrected(q: Quote, c: QuoteCorrection) -> Quote:
    original = q.corrected_from if q.corrected else q.speaker
    if c.action == "clear-speaker":
        return replace(q, speaker=None, speaker_kind="unknown", speaker_text=None, evidence=CLEARED_BY_YOU,
                       confidence="", corrected=True, corrected_from=original)
    kind = c.speaker_kind if c.speaker_kind in ("person", "organization", "description") else "person"
    return replace(q, speaker=c.speaker, speaker_kind=kind,  # type: ignore[arg-type]
                   speaker_text=c.speaker if kind == "description" else None, evidence=SET_BY_YOU,
                   confidence="stated", corrected=True, corrected_from=original)


def apply_quote_corrections(
    article: Article, quotes: Sequence[Quote], corrections: Sequence[QuoteCorrection]
) -> tuple[tuple[Quote, ...], list[Outcome]]:
    """The article's quotes with its quote corrections applied in order, and where each landed.

    Each correction is anchored in the extractor's quotes (never by position); a later correction
    of the same quote wins."""
    current: list[Quote | None] = list(quotes)
    outcomes = []
    for c in corrections:
        i = anchor(c.selector, article, quotes)
        outcomes.append(Outcome(c, i))
        if i is None or current[i] is None:
            continue
        q = current[i]
        assert q is not None
        current[i] = None if c.action == "not-a-quote" else _corrected(q, c)
    return tuple(q for q in current if q is not None), outcomes


def _rename_speakers(quotes: Sequence[Quote], corrections: Sequence[EntityCorrection]) -> tuple[Quote, ...]:
    out = []
    for q in quotes:
        if q.speaker and not q.corrected and q.speaker_kind != "description":
            name = corrected_name(q.speaker, corrections)
            if name is not None and name != q.speaker:
                q = replace(q, speaker=name)
        out.append(q)
    return tuple(out)


def apply_corrections(
    article: Article,
    ex: Extraction,
    quote_corrections: Sequence[QuoteCorrection],
    entity_corrections: Sequence[EntityCorrection],
) -> Extraction:
    """An article's extraction as the index holds it: the user's corrections applied (pure)."""
    if not quote_corrections and not entity_corrections:
        return ex
    quotes = ex.quotes
    if quote_corrections:
        quotes, _ = apply_quote_corrections(article, quotes, quote_corrections)
    if entity_corrections:
        quotes = _rename_speakers(quotes, entity_corrections)
        return replace(ex, quotes=quotes, entities=apply_entity_corrections(ex.entities, entity_corrections))
    return replace(ex, quotes=quotes)


class Applier:
    """The archive's corrections, read once, applied to each article written to the index."""

    def __init__(self, by_article: dict[str, list[QuoteCorrection]], entities: list[EntityCorrection]) -> None:
        self.by_article = by_article
        self.entities = entities

    @classmethod
    def for_data_dir(cls, data_dir: Path) -> Applier:
        """The corrections of the archive whose data is in ``data_dir`` (none if it has no file)."""
        return cls(*snapshot(data_dir))

    def __bool__(self) -> bool:
        return bool(self.by_article or self.entities)

    def apply(self, article: Article, ex: Extraction | None) -> Extraction | None:
        """The article's extraction with the corrections applied (None stays None)."""
        if ex is None or not self:
            return ex
        return apply_corrections(article, ex, self.by_article.get(article.id, ()), self.entities)
