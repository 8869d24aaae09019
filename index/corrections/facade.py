"""The corrections side of the archive's facade: ``Archive`` inherits these methods, which correct
a quote or an entity, undo and redo, list, export and import corrections, and write what a
correction changes into the index at once (``index.corrections`` does the work)."""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from index.errors import ArchiveError, IndexLocked

if TYPE_CHECKING:  # pragma: no cover
    from contextlib import AbstractContextManager

    from index.bookmarks import Bookmarks
    from index.corrections import Correction, Corrections, EntityCorrection, QuoteCorrection, Status
    from index.model import Article, Extraction, Quote
    from index.search.searcher import Searcher
    from index.store.db import Store
    from index.store.entities import EntityTable

log = logging.getLogger("index.archive")


class CorrectionsFacade:
    """``Archive``'s corrections methods (a mixin: every method takes the archive as ``self``)."""

    if TYPE_CHECKING:  # what they use of the archive, which defines them
        store: Store
        data_dir: Path
        ix_dir: Path
        searcher: Searcher
        _corrections: Corrections | None
        _bookmarks: Bookmarks | None

        @property
        def corrections(self) -> Corrections: ...
        @property
        def bookmarks(self) -> Bookmarks: ...
        def article(self, article_id: str) -> Article: ...
        def extraction(self, article_id: str) -> Extraction: ...
        def quote(self, article_id: str, n: int) -> Quote: ...
        def _full_disk_as_error(self) -> AbstractContextManager[None]: ...
        def _table(self) -> EntityTable: ...

    def _has_corrections(self) -> bool:
        from index.corrections import FILE_NAME

        return self._corrections is not None or (self.data_dir / FILE_NAME).exists()

    def correct_quote(self, article_id: str, n: int, action: str, speaker: str | None = None,
                      speaker_kind: str = "person") -> QuoteCorrection:
        """Set (``action`` "speaker") or clear ("clear-speaker") the speaker of the ``n``-th quote,
        or say it is not a quote ("not-a-quote"); saved for good and written to the index at once."""
        from index.corrections import QUOTE_ACTIONS, QuoteCorrection, selector_of

        if action not in QUOTE_ACTIONS:
            raise ArchiveError(f"{action!r} is not a correction of a quote ({', '.join(QUOTE_ACTIONS)}).")
        name = " ".join((speaker or "").split())
        if action == "speaker" and not name:
            raise ArchiveError("Give the speaker's name or a description of the speaker.")
        q = self.quote(article_id, n)
        c = QuoteCorrection(article_id, selector_of(self.article(article_id), q), action,  # type: ignore[arg-type]
                            name if action == "speaker" else None, speaker_kind, q.speaker)
        added = self.corrections.add(c, [article_id])
        self.apply_pending_corrections()
        assert isinstance(added, QuoteCorrection)
        return added

    def correct_entity(self, action: str, name: str, others: Sequence[str] = (), value: str = "") -> EntityCorrection:
        """Merge ``others`` into ``name``, rename ``name`` to ``value``, set its type (``value``:
        person, org or place), hide it, or split the alias ``value`` off it; written at once."""
        from index.corrections import ENTITY_ACTIONS, ENTITY_TYPES, EntityCorrection, entity_affected, majority_type

        if action not in ENTITY_ACTIONS:
            raise ArchiveError(f"{action!r} is not a correction of an entity ({', '.join(ENTITY_ACTIONS)}).")
        name, value = " ".join(name.split()), " ".join(value.split())
        others = tuple(dict.fromkeys(" ".join(o.split()) for o in others if o.strip() and o.strip() != name))
        if not name or (action == "merge" and not others) or (action in ("rename", "split", "type") and not value):
            raise ArchiveError(f"`entities {action}` needs more names; see `morgue entities {action} --help`.")
        if action == "type":
            if value.lower() not in ENTITY_TYPES:
                raise ArchiveError(f"{value!r} is not a type: use person, org or place.")
            value = ENTITY_TYPES[value.lower()]
        if action == "merge":
            value = majority_type(self.store, name)
        c = EntityCorrection(action, name, others, value)  # type: ignore[arg-type]
        before = self.corrections.entity_corrections()
        affected = entity_affected(self.store, before, [*before, c])
        if not affected:
            raise ArchiveError(f"No article has an entity {name!r} this would change; `morgue show` lists an"
                               " article's entities.")
        added = self.corrections.add(c, affected)
        self.apply_pending_corrections()
        assert isinstance(added, EntityCorrection)
        return added

    def _affected(self, c: Correction, without: Correction | None = None) -> list[str]:
        """The articles a correction changes (with it against without it)."""
        from index.corrections import EntityCorrection, entity_affected

        if not isinstance(c, EntityCorrection):
            return [c.article_id]
        now = [e for e in self.corrections.entity_corrections() if without is None or e.id != without.id]
        return entity_affected(self.store, now, sorted([*now, c], key=lambda e: (e.id == 0, e.id)))

    def remove_correction(self, correction_id: int) -> Correction:
        """Remove a correction (undo): the extractor's values come back, in the index at once."""
        c = self.corrections.get(correction_id)
        removed = self.corrections.remove(correction_id, self._affected(c, without=c))
        self.apply_pending_corrections()
        return removed

    def restore_correction(self, correction: Correction) -> Correction:
        """Put a removed correction back (redo), in its old place."""
        restored = self.corrections.restore(correction, self._affected(correction))
        self.apply_pending_corrections()
        return restored

    def correction_statuses(self) -> list[Status]:
        """Every correction with whether it applies to the archive as it is now."""
        from index.corrections import statuses

        return statuses(self.corrections, self.store)

    def export_corrections(self, path: Path | str) -> int:
        """Write every correction to a JSON file (documented in ``index.corrections``); returns how many."""
        from index.errors import ExportFailed

        text = self.corrections.to_json()
        path = Path(path)
        tmp = path.with_name(f".{path.name}.tmp")
        try:
            tmp.write_text(text + "\n", "utf-8")
            os.replace(tmp, path)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise ExportFailed(f"The corrections cannot be written to {path} ({exc.strerror or exc}).") from exc
        return self.corrections.count()

    def import_corrections(self, path: Path | str) -> tuple[int, int]:
        """Add the corrections of a JSON file this archive lacks; (added, already here)."""
        from index.corrections import from_json

        try:
            text = Path(path).read_text("utf-8")
        except OSError as exc:
            raise ArchiveError(f"{path} cannot be read ({exc.strerror or exc}).") from exc
        added, skipped = self.corrections.import_corrections(from_json(text), self._affected)
        self.apply_pending_corrections()
        return len(added), skipped

    def apply_pending_corrections(self) -> bool:
        """Re-write the articles whose index documents lack a correction, and let the bookmarks of
        their quotes follow; False if another process is writing the index (they stay pending)."""
        if not self._has_corrections():
            return True
        from index.corrections import follow_bookmarks, rewrite

        pending = self.corrections.pending()
        if not pending:
            return True
        articles = self.store.articles(pending)
        if self._bookmarks is not None or (self.data_dir / "bookmarks.sqlite").exists():
            for aid, article in articles.items():
                follow_bookmarks(self.bookmarks, article, self.extraction(aid).quotes)
        try:
            with self._full_disk_as_error():
                rewrite(self.store, self.ix_dir, articles)
                self._table().relink(articles)  # the entity table follows a merge, rename or hide
        except IndexLocked:
            log.info("corrections: the index is being written; %d articles stay pending", len(pending))
            return False
        finally:
            self.searcher.refresh()
        self.corrections.done(pending)
        return True
