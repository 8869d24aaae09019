"""The Whoosh writers of both indexes (articles and quotes), opened and committed together."""

from __future__ import annotations

import errno
import shutil
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.index import LockError

from index.corrections.apply import Applier
from index.errors import IndexLocked
from index.pipeline import faults
from index.store import schema
from index.store.w3 import write as w3_writer

LOCKED = "Another Morgue process is indexing this archive; try again when it has finished."
DISK_FULL_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT})


def open_index(ix_dir: Path, name: str, readonly: bool = False) -> whoosh_index.Index:
    """The named Whoosh index in ``ix_dir`` (``whoosh.index.EmptyIndexError`` if it is not there)."""
    return schema.whoosh_storage(ix_dir, readonly).open_index(name)


def open_or_create(ix_dir: Path, name: str, schema_obj: object) -> whoosh_index.Index:
    """Open the named Whoosh index in ``ix_dir``, creating it if it is not there."""
    ix_dir.mkdir(parents=True, exist_ok=True)
    if whoosh_index.exists_in(str(ix_dir), indexname=name):
        return open_index(ix_dir, name)
    return schema.whoosh_storage(ix_dir).create_index(schema_obj, indexname=name)


def open_indexes(ix_dir: Path) -> tuple[whoosh_index.Index, whoosh_index.Index]:
    """The articles and quotes indexes in ``ix_dir``, created if they are not there."""
    # Quotes first: a search treats a folder without the articles index as empty, so an index
    # whose creation failed half way (a full disk) still opens.
    quotes = open_or_create(ix_dir, schema.QUOTES, schema.QuoteSchema())
    return open_or_create(ix_dir, schema.ARTICLES, schema.ArticleSchema()), quotes


class IndexWriters:
    """The Whoosh writers of both indexes, holding both write locks until committed or cancelled.
    What they write shows the user's corrections (read once, from the data directory)."""

    # The pools of an import's writers, articles and quotes: 64/32 MB since Morgue's own pool (five
    # times the postings a megabyte of Whoosh's); at 100,000 articles 128/64 peaked at 583 MB for the
    # import's processes, 64/32 at 535 MB, at 220.5 and 252.8 articles/s (one run each).
    def __init__(self, ix_dir: Path, *, limitmb: tuple[int, int] = (64, 32)) -> None:
        self.articles_ix, self.quotes_ix = open_indexes(ix_dir)
        self._limitmb = limitmb
        self.corrections = Applier.for_data_dir(ix_dir.parent)
        self._open()

    def _open(self) -> None:
        opened: list[Any] = []
        failed = self.articles_ix
        try:
            for ix, mb in ((self.articles_ix, self._limitmb[0]), (self.quotes_ix, self._limitmb[1])):
                failed = ix
                opened.append(w3_writer.writer(ix, limitmb=mb))
        except BaseException as exc:
            for writer in opened:
                _drop(writer)
            if not isinstance(exc, LockError):
                # A writer that failed half made (a full disk) may leave its pool's folder.
                shutil.rmtree(Path(failed.storage.folder, f"{failed.indexname}.tmp"), ignore_errors=True)
                raise
            raise IndexLocked(LOCKED) from exc
        self.articles, self.quotes = opened

    def put(self, article: Any, extraction: Any, new: bool) -> None:
        """Add (``new``) or replace an article's document and its quotes."""
        extraction = self.corrections.apply(article, extraction)
        doc = schema.article_document(article, extraction)
        if new:
            self.articles.add_document(**doc)
        else:
            self.articles.update_document(**doc)
            self.quotes.delete_by_term("article_id", article.id)
        if extraction is not None:
            for qdoc in schema.quote_documents(article, extraction):
                self.quotes.add_document(**qdoc)

    def indexed_ids(self) -> set[str]:
        """The ids of every article in the committed articles index."""
        return indexed_ids(self.articles_ix)

    def remove(self, article_id: str) -> None:
        """Delete an article's document and its quotes."""
        self.articles.delete_by_term("id", article_id)
        self.quotes.delete_by_term("article_id", article_id)

    def commit(self, reopen: bool = True) -> None:
        """Commit both indexes (articles first), then take new writers unless ``reopen`` is False."""
        faults.step("whoosh commit articles")
        self.articles.commit()
        faults.step("whoosh commit quotes")
        self.quotes.commit()
        if reopen:
            self._open()

    def cancel(self) -> None:
        """Drop what the writers hold (nothing if they were committed already)."""
        for writer in (self.articles, self.quotes):
            _drop(writer)


def _drop(writer: Any) -> None:
    """Cancel a writer unless it is closed; its lock is released even if the disk is full."""
    if writer.is_closed:
        return
    try:
        w3_writer.cancel(writer)
    except OSError:
        if writer.writelock:
            writer.writelock.release()
        writer.is_closed = True


def indexed_ids(ix: whoosh_index.Index) -> set[str]:
    """The ids of every live article in an articles index."""
    with ix.searcher() as searcher:
        reader = searcher.reader()
        return {doc["id"] for _, doc in reader.iter_docs()} if reader.has_deletions() else {
            t if isinstance(t, str) else t.decode() for t in reader.field_terms("id")}


def lock_indexes(ix_dir: Path) -> list[Any]:
    """Take the write locks of both Whoosh indexes, as their writers would."""
    locks: list[Any] = []
    for ix in open_indexes(ix_dir):
        lock = ix.lock("WRITELOCK")
        if not lock.acquire(blocking=False):
            for held in locks:
                held.release()
            raise IndexLocked(LOCKED)
        locks.append(lock)
    return locks
