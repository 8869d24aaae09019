"""The user's corrections of one archive in one SQLite file (``corrections.sqlite``, beside the store).

The same care as the bookmarks: WAL with ``synchronous=FULL``, one ``BEGIN IMMEDIATE`` transaction
per change, the schema version in ``PRAGMA user_version`` and ``MIGRATIONS`` applied in order. A
correction is never dropped by Morgue: one that no longer applies stays listed until the user
removes it. ``pending`` holds the articles whose index documents do not show the corrections yet
(written in the same transaction as the correction, cleared once the index is re-written), so a
correction made while another process indexes is applied later, not lost.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from index.corrections.model import (
    ENTITY_ACTIONS,
    QUOTE_ACTIONS,
    Correction,
    EntityCorrection,
    QuoteCorrection,
    Selector,
)
from index.errors import ArchiveError, CorrectionsUnavailable
from index.userfile import UserFile

log = logging.getLogger(__name__)

FILE_NAME = "corrections.sqlite"
JSON_VERSION = 1
JSON_KIND = "morgue-corrections"


def _migration_1(conn: sqlite3.Connection) -> None:
    """The corrections and the articles still to re-write."""
    conn.execute("""
        CREATE TABLE corrections (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            target TEXT NOT NULL CHECK (target IN ('quote', 'entity')),
            action TEXT NOT NULL,
            article_id TEXT,                 -- quote: the article
            exact TEXT, prefix TEXT, suffix TEXT,  -- quote: its text-quote selector
            speaker TEXT, speaker_kind TEXT, original TEXT,  -- quote: the new and the old speaker
            name TEXT,                       -- entity: the name it is about (merge: the one kept)
            others TEXT NOT NULL DEFAULT '[]',  -- entity, merge: the names merged into it (JSON list)
            value TEXT NOT NULL DEFAULT '',  -- entity: the new name, type, or alias split off
            created TEXT NOT NULL
        )""")
    conn.execute("CREATE INDEX corrections_article ON corrections(article_id)")
    conn.execute("CREATE TABLE pending (article_id TEXT PRIMARY KEY) WITHOUT ROWID")


# Applied in order; migration i brings the file to user_version i + 1. Never edit a released one.
MIGRATIONS: tuple[Callable[[sqlite3.Connection], None], ...] = (_migration_1,)

_COLUMNS = ("id", "target", "action", "article_id", "exact", "prefix", "suffix", "speaker", "speaker_kind",
            "original", "name", "others", "value", "created")
_SELECT = "SELECT " + ", ".join(_COLUMNS) + " FROM corrections"


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def _from_row(row: Sequence[Any]) -> Correction:
    d = dict(zip(_COLUMNS, row, strict=True))
    created = dt.datetime.fromisoformat(d["created"]) if d["created"] else None
    if d["target"] == "quote":
        return QuoteCorrection(d["article_id"], Selector(d["exact"] or "", d["prefix"] or "", d["suffix"] or ""),
                               d["action"], d["speaker"], d["speaker_kind"] or "person", d["original"],
                               id=d["id"], created=created)
    return EntityCorrection(d["action"], d["name"], tuple(json.loads(d["others"] or "[]")), d["value"] or "",
                            id=d["id"], created=created)


def _row_of(c: Correction) -> dict[str, Any]:
    created = (c.created or _now()).isoformat()
    if isinstance(c, QuoteCorrection):
        if c.action not in QUOTE_ACTIONS:
            raise ArchiveError(f"{c.action!r} is not a correction of a quote.")
        return {"target": "quote", "action": c.action, "article_id": c.article_id, "exact": c.selector.exact,
                "prefix": c.selector.prefix, "suffix": c.selector.suffix, "speaker": c.speaker,
                "speaker_kind": c.speaker_kind, "original": c.original, "name": None, "others": "[]", "value": "",
                "created": created}
    if c.action not in ENTITY_ACTIONS:
        raise ArchiveError(f"{c.action!r} is not a correction of an entity.")
    return {"target": "entity", "action": c.action, "article_id": None, "exact": None, "prefix": None,
            "suffix": None, "speaker": None, "speaker_kind": None, "original": None, "name": c.name,
            "others": json.dumps(list(c.others), ensure_ascii=False), "value": c.value, "created": created}


def _same(a: Correction, b: Correction) -> bool:
    """The same correction, whenever and wherever it was made."""
    ra, rb = _row_of(a), _row_of(b)
    return all(ra[k] == rb[k] for k in ra if k not in ("created", "original"))


# ``Corrections.list`` shadows the builtin inside the class: its annotations use these names.
CorrectionList = list[Correction]
QuoteCorrectionList = list[QuoteCorrection]
EntityCorrectionList = list[EntityCorrection]
IdList = list[str]


class Corrections(UserFile):
    """The corrections of one archive. Thread-safe: one SQLite connection per thread.

    Open them with ``Archive.corrections``; ``read_only`` opens an existing file without creating
    or migrating it (the indexing workers read corrections this way).
    """

    kind = "corrections"
    error = CorrectionsUnavailable
    migrations = MIGRATIONS

    # --- reading -------------------------------------------------------------------------------

    def list(self) -> CorrectionList:  # noqa: A003
        """Every correction, oldest first (the order they apply in)."""
        return [_from_row(r) for r in self._read(_SELECT + " ORDER BY id")]

    def get(self, correction_id: int) -> Correction:
        rows = self._read(_SELECT + " WHERE id=?", (correction_id,))
        if not rows:
            raise ArchiveError(f"There is no correction {correction_id}; `morgue corrections list` shows them.")
        return _from_row(rows[0])

    def for_article(self, article_id: str) -> QuoteCorrectionList:
        """The quote corrections of one article, oldest first."""
        rows = self._read(_SELECT + " WHERE target='quote' AND article_id=? ORDER BY id", (article_id,))
        return [c for c in map(_from_row, rows) if isinstance(c, QuoteCorrection)]

    def entity_corrections(self) -> EntityCorrectionList:
        """Every entity correction, oldest first."""
        rows = self._read(_SELECT + " WHERE target='entity' ORDER BY id")
        return [c for c in map(_from_row, rows) if isinstance(c, EntityCorrection)]

    def corrected_articles(self) -> set[str]:
        """The ids of the articles with a quote correction."""
        return {r[0] for r in self._read("SELECT DISTINCT article_id FROM corrections WHERE target='quote'")}

    def pending(self) -> IdList:
        """Articles whose index documents do not show the corrections yet."""
        return [r[0] for r in self._read("SELECT article_id FROM pending ORDER BY article_id")]

    def count(self) -> int:
        return int(self._read("SELECT count(*) FROM corrections")[0][0])

    # --- writing -------------------------------------------------------------------------------

    def add(self, correction: Correction, affected: Iterable[str] = ()) -> Correction:
        """Save a correction, and the articles it changes as pending, in one transaction."""
        row = _row_of(correction)
        with self._write() as conn:
            cols = ", ".join(row)
            cur = conn.execute(f"INSERT INTO corrections ({cols}) VALUES ({','.join('?' * len(row))})",
                               list(row.values()))
            new_id = int(cur.lastrowid or 0)
            conn.executemany("INSERT OR IGNORE INTO pending VALUES (?)", [(a,) for a in affected])
        return self.get(new_id)

    def remove(self, correction_id: int, affected: Iterable[str] = ()) -> Correction:
        """Remove a correction (the user's undo); the articles it changed become pending."""
        old = self.get(correction_id)
        with self._write() as conn:
            conn.execute("DELETE FROM corrections WHERE id=?", (correction_id,))
            conn.executemany("INSERT OR IGNORE INTO pending VALUES (?)", [(a,) for a in affected])
        return old

    def restore(self, correction: Correction, affected: Iterable[str] = ()) -> Correction:
        """Put back a removed correction with its id, so it applies in its old place (redo)."""
        row = {"id": correction.id, **_row_of(correction)}
        with self._write() as conn:
            cols = ", ".join(row)
            conn.execute(f"INSERT OR REPLACE INTO corrections ({cols}) VALUES ({','.join('?' * len(row))})",
                         list(row.values()))
            conn.executemany("INSERT OR IGNORE INTO pending VALUES (?)", [(a,) for a in affected])
        return self.get(correction.id)

    def mark_pending(self, article_ids: Iterable[str]) -> None:
        with self._write() as conn:
            conn.executemany("INSERT OR IGNORE INTO pending VALUES (?)", [(a,) for a in article_ids])

    def done(self, article_ids: Iterable[str]) -> None:
        """These articles' index documents show the corrections now."""
        with self._write() as conn:
            conn.executemany("DELETE FROM pending WHERE article_id=?", [(a,) for a in article_ids])

    # --- sharing -------------------------------------------------------------------------------

    def to_json(self) -> str:
        """Every correction as the documented JSON file (see ``index.corrections``)."""
        return json.dumps({"version": JSON_VERSION, "kind": JSON_KIND, "exported": _now().isoformat(),
                           "corrections": [to_dict(c) for c in self.list()]}, ensure_ascii=False, indent=2)

    def import_corrections(self, items: Sequence[Correction], affected: Callable[[Correction], Iterable[str]]
                           ) -> tuple[CorrectionList, int]:
        """Add the corrections this archive does not have yet, in their order; (added, already here)."""
        have = self.list()
        added: CorrectionList = []
        skipped = 0
        for c in items:
            if any(_same(c, h) for h in have):
                skipped += 1
                continue
            new = self.add(c, affected(c))
            have.append(new)
            added.append(new)
        return added, skipped


def to_dict(c: Correction) -> dict[str, Any]:
    """A correction in the JSON shape of exports."""
    created = c.created.isoformat() if c.created else None
    if isinstance(c, QuoteCorrection):
        return {"id": c.id, "target": "quote", "action": c.action, "article_id": c.article_id,
                "exact": c.selector.exact, "prefix": c.selector.prefix, "suffix": c.selector.suffix,
                "speaker": c.speaker, "speaker_kind": c.speaker_kind, "original": c.original, "created": created}
    return {"id": c.id, "target": "entity", "action": c.action, "name": c.name, "others": list(c.others),
            "value": c.value, "created": created}


def from_dict(d: Any) -> Correction:
    """The inverse of ``to_dict``; a malformed item is a user error naming what is wrong."""
    try:
        created = dt.datetime.fromisoformat(d["created"]) if d.get("created") else None
        if d["target"] == "quote":
            if d["action"] not in QUOTE_ACTIONS:
                raise ValueError(f"unknown action {d['action']!r}")
            return QuoteCorrection(str(d["article_id"]), Selector(str(d["exact"]), str(d.get("prefix") or ""),
                                   str(d.get("suffix") or "")), d["action"], d.get("speaker"),
                                   str(d.get("speaker_kind") or "person"), d.get("original"), created=created)
        if d["target"] == "entity":
            if d["action"] not in ENTITY_ACTIONS:
                raise ValueError(f"unknown action {d['action']!r}")
            return EntityCorrection(d["action"], str(d["name"]), tuple(str(x) for x in d.get("others", ())),
                                    str(d.get("value") or ""), created=created)
        raise ValueError(f"unknown target {d['target']!r}")
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ArchiveError(f"A correction in the file is not valid ({exc}).") from exc


def from_json(text: str) -> list[Correction]:
    """Corrections from ``to_json``'s output (a file of another version is refused)."""
    try:
        doc = json.loads(text)
    except ValueError as exc:
        raise ArchiveError(f"The corrections file is not JSON ({exc}).") from exc
    if not isinstance(doc, dict) or doc.get("kind") != JSON_KIND or doc.get("version") != JSON_VERSION:
        raise ArchiveError(f"Not a Morgue corrections file of version {JSON_VERSION}.")
    return [from_dict(d) for d in doc.get("corrections", ())]


def snapshot(data_dir: Path) -> tuple[dict[str, list[QuoteCorrection]], list[EntityCorrection]]:
    """Every correction of the archive in ``data_dir``, read once: quote corrections by article, and
    the entity corrections (both empty when the archive has no corrections file)."""
    path = Path(data_dir) / FILE_NAME
    if not path.exists():
        return {}, []
    store = Corrections(path, read_only=True)
    try:
        by_article: dict[str, list[QuoteCorrection]] = {}
        entities: list[EntityCorrection] = []
        for c in store.list():
            if isinstance(c, QuoteCorrection):
                by_article.setdefault(c.article_id, []).append(c)
            else:
                entities.append(c)
        return by_article, entities
    except CorrectionsUnavailable as exc:
        if "no such table" in str(exc):  # created this instant by another process, not migrated yet
            return {}, []
        raise
    finally:
        store.close()
