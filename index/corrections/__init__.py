"""The user's corrections of what the extractors got wrong, kept forever and applied in the index.

Kinds: of a quote, set the speaker (an entity's name or a free description), clear it, or say it
is not a quote; of entities, merge several into one, rename, change the type, split an alias off,
hide one (not an entity). They live in ``corrections.sqlite`` in the archive's data directory
(``store``), beside the store, which keeps the extractor's own extraction.

Anchoring (``anchor``): a quote correction names its article and a text-quote selector (the
quoted text exactly, 32 characters before and after), and is found again by that text, fuzzily
when the extractor's boundaries moved, never by the quote's position; an entity correction names
the alias forms it is about, never a table id. So they survive ``morgue rebuild``, a re-index
after the article's file changed and a new ``EXTRACTOR_VERSION``.

Applying (``apply``): every article the pipeline writes to the Whoosh index passes through them
(``index.pipeline.writers.IndexWriters.put`` and the rebuild's own writer), and
``Archive.extraction`` gives the same corrected extraction, so panels, facets, ``person:`` and
``speaker:`` search, quote search, exports and bookmarks all see them. A corrected quote has
``corrected=True`` and ``corrected_from`` (the extractor's speaker). A new correction re-writes
the articles it changes at once (``rewrite``); while another process writes the index, they stay
``pending`` and are written after its run.

The JSON file of ``morgue corrections export`` (``import`` reads it back, skipping those the
archive has already)::

    {"version": 1, "kind": "morgue-corrections", "exported": "2025-09-04T10:00:00+00:00",
     "corrections": [
       {"id": 1, "target": "quote", "action": "speaker", "article_id": "…",
        "exact": "the quoted text", "prefix": "32 characters before", "suffix": "32 after",
        "speaker": "Kurt Volker", "speaker_kind": "person", "original": "Volker", "created": "…"},
       {"id": 2, "target": "entity", "action": "merge", "name": "Donald Trump",
        "others": ["Trump", "Donald J. Trump"], "value": "PERSON", "created": "…"}]}

``action`` is one of speaker, clear-speaker, not-a-quote (quotes) or merge, rename, type, hide,
split (entities: ``value`` is the new name, the type PERSON/ORG/PLACE, or the alias split off).
"""

from __future__ import annotations

from index.corrections.anchor import CONTEXT, THRESHOLD, anchor, selector_of
from index.corrections.apply import Applier, apply_corrections, apply_quote_corrections
from index.corrections.entities import apply_entity_corrections, corrected_name
from index.corrections.model import (
    ENTITY_ACTIONS,
    ENTITY_TYPES,
    QUOTE_ACTIONS,
    Correction,
    EntityCorrection,
    QuoteCorrection,
    Selector,
    Status,
)
from index.corrections.rewrite import entity_affected, follow_bookmarks, majority_type, rewrite, statuses
from index.corrections.store import FILE_NAME, JSON_VERSION, Corrections, CorrectionsUnavailable, from_json

__all__ = [
    "CONTEXT", "ENTITY_ACTIONS", "ENTITY_TYPES", "FILE_NAME", "JSON_VERSION", "QUOTE_ACTIONS", "THRESHOLD",
    "Applier", "Correction", "Corrections", "CorrectionsUnavailable", "EntityCorrection", "QuoteCorrection",
    "Selector", "Status", "anchor", "apply_corrections", "apply_entity_corrections", "apply_quote_corrections",
    "corrected_name", "entity_affected", "follow_bookmarks", "from_json", "majority_type", "rewrite",
    "selector_of", "statuses",
]
