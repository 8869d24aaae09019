"""A correction reaches the index at once: the articles it changes are found and re-written
(their Whoosh documents, from the store's extraction through the corrections), and the bookmarks
of their quotes follow the corrected speaker."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from index.corrections.anchor import anchor
from index.corrections.apply import apply_corrections, apply_quote_corrections
from index.corrections.entities import forms_named, key
from index.corrections.model import Correction, EntityCorrection, QuoteCorrection, Selector, Status
from index.corrections.store import Corrections
from index.model import Article, Extraction, Quote
from index.store.db import Store

if TYPE_CHECKING:
    from index.bookmarks import Bookmarks

log = logging.getLogger(__name__)


def _names(ex: Extraction) -> set[str]:
    out = {key(n) for e in ex.entities for n in (e.name, *e.mentions)}
    out.update(key(q.speaker) for q in ex.quotes if q.speaker)
    return out


def entity_affected(store: Store, before: Sequence[EntityCorrection], after: Sequence[EntityCorrection]) -> list[str]:
    """The articles whose corrected extraction differs between two lists of entity corrections."""
    forms = forms_named([*before, *after])
    out = []
    for article, _, ex in store.iter_articles_with_extractions():
        if ex is None or not (_names(ex) & forms):
            continue
        old, new = apply_corrections(article, ex, (), before), apply_corrections(article, ex, (), after)
        if old != new:
            out.append(article.id)
    return out


def _entity_counts(store: Store, corrections: Sequence[EntityCorrection]) -> dict[int, int]:
    """How many articles each entity correction changes, applied after the ones before it."""
    counts = {c.id: 0 for c in corrections}
    forms = forms_named(corrections)
    for article, _, ex in store.iter_articles_with_extractions():
        if ex is None or not (_names(ex) & forms):
            continue
        prev = ex
        for c in corrections:  # one at a time: each applies to what the ones before made
            now = apply_corrections(article, prev, (), [c])
            if now != prev:
                counts[c.id] += 1
            prev = now
    return counts


def rewrite(store: Store, ix_dir: Path, article_ids: Iterable[str]) -> int:
    """Re-write these articles' index documents (which apply the corrections); raises
    ``IndexLocked`` while another process writes the index. Returns how many were written."""
    from index.pipeline import agreement
    from index.pipeline.writers import IndexWriters

    ids = sorted(set(article_ids))
    if not ids:
        return 0
    writers = IndexWriters(ix_dir)
    try:
        n = 0
        for article, _, ex in store.articles_with_extractions(ids):
            writers.put(article, ex, new=False)
            n += 1
        writers.commit(reopen=False)
        store.commit_batch(meta=agreement.agreed(ix_dir))
    finally:
        writers.cancel()  # a no-op once committed
    log.info("corrections: re-wrote %d articles", n)
    return n


def follow_bookmarks(bookmarks: Bookmarks, article: Article, quotes: Sequence[Quote]) -> int:
    """Bookmarks of the article's quotes show the speaker the user set, or (the correction removed)
    the extractor's again; each change stays in the bookmark's history. Returns how many changed."""
    changed = 0
    for b in bookmarks.list():
        if b.kind != "quote" or b.article_id != article.id:
            continue
        i = anchor(Selector(b.text), article, quotes)
        if i is None:
            continue
        q = quotes[i]
        if q.corrected and q.speaker != b.speaker:
            bookmarks.set_speaker(b.id, q.speaker, "corrected")
            changed += 1
        elif not q.corrected and b.speaker_corrected and q.speaker != b.speaker:
            bookmarks.set_speaker(b.id, q.speaker, "uncorrected")
            changed += 1
    return changed


def statuses(corrections: Corrections, store: Store) -> list[Status]:
    """Every correction with whether it applies now: a quote correction whose quote (or article)
    is gone is listed as such, never dropped."""
    out: list[Status] = []
    entity_list: list[EntityCorrection] = []
    cache: dict[str, tuple[Article, Extraction] | None] = {}
    for c in corrections.list():
        if isinstance(c, EntityCorrection):
            entity_list.append(c)
            out.append(Status(c, True, ""))
            continue
        if c.article_id not in cache:
            got = next(iter(store.articles_with_extractions([c.article_id])), None)
            cache[c.article_id] = (got[0], got[2] or Extraction()) if got else None
        item = cache[c.article_id]
        if item is None:
            out.append(Status(c, False, "the article is no longer in the archive"))
            continue
        article, ex = item
        _, outcomes = apply_quote_corrections(article, ex.quotes, [c])
        i = outcomes[0].index
        out.append(Status(c, i is not None, "the quote is gone" if i is None else "applies"))
    if entity_list:
        counts = _entity_counts(store, entity_list)
        out = [Status(s.correction, counts[s.correction.id] > 0,
                      f"changes {counts[s.correction.id]} articles" if counts[s.correction.id]
                      else "no article has these names") if isinstance(s.correction, EntityCorrection) else s
               for s in out]
    return out


def quote_affected(c: Correction) -> list[str]:
    """The article a quote correction changes (none for an entity correction)."""
    return [c.article_id] if isinstance(c, QuoteCorrection) else []


def majority_type(store: Store, name: str) -> str:
    """The type most of the archive's articles give an entity of this name ("" if none has it)."""
    k = key(name)
    counts: dict[str, int] = {}
    for _, _, ex in store.iter_articles_with_extractions():
        for e in ex.entities if ex is not None else ():
            if key(e.name) == k:
                counts[e.type] = counts.get(e.type, 0) + 1
    return max(counts, key=lambda t: (counts[t], t)) if counts else ""
