"""``morgue check``: is the archive's data whole, and do its parts agree?

Three things are checked: the store (SQLite's own integrity check), the search index against the
store (readable, the same article ids, the same count, the generation the store last recorded),
and the bookmarks database. Each finding is one sentence a user can act on. The quick check (what
the app runs when it opens an archive) compares counts and the generation marker, not every id,
and skips the store's full integrity check. ``repair`` fixes what the store can: it re-indexes
missing or extra documents, and rebuilds an index that cannot be read.
"""

from __future__ import annotations

import logging
import shutil
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from whoosh import index as whoosh_index

from index.errors import ArchiveError
from index.jobs import CancelToken, ProgressCallback
from index.pipeline import agreement
from index.pipeline.rebuild import rebuild
from index.pipeline.writers import indexed_ids, open_index
from index.store import schema
from index.store.db import Store

log = logging.getLogger(__name__)

STORE, INDEX, BOOKMARKS = "store", "search index", "bookmarks"


@dataclass(frozen=True)
class Finding:
    """What one check found: a sentence, whether it is a problem, and whether ``repair`` fixes it."""

    part: str  # STORE, INDEX or BOOKMARKS
    message: str
    problem: bool = False
    repairable: bool = False


@dataclass
class CheckReport:
    """The findings of a check (and of a repair, if one ran)."""

    findings: list[Finding] = field(default_factory=list)
    repaired: list[str] = field(default_factory=list)  # what a repair did, in sentences

    @property
    def ok(self) -> bool:
        return not any(f.problem for f in self.findings)

    @property
    def problems(self) -> list[Finding]:
        return [f for f in self.findings if f.problem]


def _integrity(path: Path, quick: bool) -> str | None:
    """None if SQLite finds the database whole, else what it reports (first lines)."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)
        try:
            rows = [r[0] for r in conn.execute("PRAGMA quick_check" if quick else "PRAGMA integrity_check")]
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return str(exc)
    return None if rows == ["ok"] else "; ".join(map(str, rows[:3]))


def check_store(store: Store, quick: bool = False) -> Finding:
    """The store's integrity (``PRAGMA integrity_check``; ``quick_check`` when ``quick``)."""
    error = _integrity(store.path, quick)
    if error is None:
        return Finding(STORE, f"The store ({store.article_count():,} articles) is whole.")
    return Finding(STORE, f"The store {store.path} is damaged ({error}): restore it from a backup, or delete "
                   "the archive's data folder and run `morgue index` to read every file again.", problem=True)


def check_index(store: Store, ix_dir: Path, quick: bool = False) -> Finding:
    """Whether the search index can be read and holds exactly the store's articles."""
    in_store = store.article_count()
    with agreement.quiet_files() as failed:
        return _check_index(store, ix_dir, in_store, quick, failed)


def _check_index(store: Store, ix_dir: Path, in_store: int, quick: bool, failed: list[bool]) -> Finding:
    try:
        if not whoosh_index.exists_in(str(ix_dir), indexname=schema.ARTICLES):
            if in_store == 0:
                return Finding(INDEX, "The search index is empty, as the store is.")
            raise ArchiveError("it is missing")
        ix = open_index(ix_dir, schema.ARTICLES, readonly=True)
        count = int(ix.doc_count())
        ids = None if quick else indexed_ids(ix)
    except Exception as exc:  # any failure to read it: Whoosh raises many kinds
        log.info("the search index cannot be read: %s", str(exc))
        failed.append(True)
        return Finding(INDEX, f"The search index cannot be read ({exc}): `morgue check --repair` rebuilds it "
                       "from the store.", problem=True, repairable=True)
    fix = "`morgue check --repair` re-indexes them from the store."
    if ids is not None:
        stored = set(store.article_ids())
        missing, extra = len(stored - ids), len(ids - stored)
        if missing or extra:
            return Finding(INDEX, f"The search index lacks {missing:,} of the store's articles and has {extra:,} "
                           f"that the store does not: {fix}", problem=True, repairable=True)
    if count != in_store:
        return Finding(INDEX, f"The search index holds {count:,} articles and the store {in_store:,}: {fix}",
                       problem=True, repairable=True)
    if not agreement.known_to_agree(store, ix_dir):
        return Finding(INDEX, "The search index is not the one the store last recorded (an interrupted write?): "
                       f"{fix}", problem=True, repairable=True)
    return Finding(INDEX, f"The search index holds the store's {count:,} articles.")


def check_bookmarks(path: Path) -> Finding:
    """The bookmarks database's integrity (none yet is fine)."""
    if not path.exists():
        return Finding(BOOKMARKS, "There are no bookmarks yet.")
    error = _integrity(path, quick=False)
    if error is None:
        return Finding(BOOKMARKS, "The bookmarks database is whole.")
    return Finding(BOOKMARKS, f"The bookmarks database {path} is damaged ({error}): restore it from a backup; "
                   "`morgue bookmarks export` may still save what can be read.", problem=True)


def check(store: Store, ix_dir: Path, bookmarks: Path, *, quick: bool = False) -> CheckReport:
    """Check the store, the search index against it, and the bookmarks."""
    return CheckReport([check_store(store, quick), check_index(store, ix_dir, quick), check_bookmarks(bookmarks)])


def repair(
    store: Store,
    ix_dir: Path,
    bookmarks: Path,
    *,
    on_progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
) -> CheckReport:
    """Check everything, fix what the store can (re-index missing or extra documents; rebuild an
    index that cannot be read), and check again. Raises ``IndexLocked`` while another process writes."""
    before = check(store, ix_dir, bookmarks)
    done: list[str] = []
    index = next(f for f in before.findings if f.part == INDEX)
    if index.problem and check_store(store, quick=True).problem:
        done.append("The search index was not repaired: the store it would be repaired from is damaged.")
    elif index.problem and "cannot be read" not in index.message:
        removed, added = agreement.repair(store, ix_dir)
        done.append(f"The search index was repaired from the store: {added:,} articles indexed, {removed:,} removed.")
    elif index.problem:
        # Nothing of it can be trusted: the store holds every article, so it is written anew. (A
        # crash after the removal leaves no index, which opening the archive fills from the store.)
        shutil.rmtree(ix_dir, ignore_errors=True)
        n = rebuild(store, ix_dir, on_progress=on_progress, cancel=cancel)
        done.append(f"The search index was rebuilt from the store ({n:,} articles).")
    after = check(store, ix_dir, bookmarks)
    after.repaired = done
    return after
