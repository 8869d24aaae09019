"""The one facade the CLI and the GUI call: an archive, its index, its searches.

An archive is one or more folder trees of saved articles. Morgue never writes into them: the
index, the document store and the bookmarks live in the archive's data directory.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import re
import sqlite3
import threading
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from index.corrections.facade import CorrectionsFacade
from index.errors import ArchiveError, ArticleNotFound, DiskFull
from index.jobs import CancelToken, ProgressCallback
from index.model import Article, Extraction, ImportReport, Quote, QuoteHit, SearchResult
from index.pipeline import agreement, extraction
from index.pipeline.check import CheckReport
from index.pipeline.check import check as check_archive
from index.pipeline.check import repair as repair_archive
from index.pipeline.read import Extract
from index.pipeline.rebuild import rebuild as rebuild_index
from index.pipeline.run import run as run_index
from index.pipeline.workers import Budget
from index.pipeline.writers import DISK_FULL_ERRNOS
from index.store import schema
from index.store.db import Store

if TYPE_CHECKING:
    from index.bookmarks import Bookmarks
    from index.corrections import Corrections
    from index.store.entities import ArchiveEntity, EntityTable

log = logging.getLogger(__name__)

CONFIG_NAME = "archive.json"
EXTRACTION = "extraction"  # the store's meta key: "off" when the last run indexed without extraction


def data_root() -> Path:
    """Where Morgue keeps its archives' data: ``$MORGUE_DATA_ROOT`` or the user data directory."""
    env = os.environ.get("MORGUE_DATA_ROOT")
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_data_dir("morgue", appauthor=False))


def default_data_dir() -> Path:
    """The data directory of the default archive (``$MORGUE_DATA`` overrides it)."""
    env = os.environ.get("MORGUE_DATA")
    return Path(env) if env else data_root() / "archives" / "default"


def data_dir_for_folder(folder: Path) -> Path:
    """The data directory Morgue uses for an archive opened from this folder."""
    folder = Path(folder).resolve()
    slug = re.sub(r"[^\w.-]+", "-", folder.name).strip("-") or "archive"
    digest = hashlib.sha1(str(folder).encode()).hexdigest()[:8]
    return data_root() / "archives" / f"{slug}-{digest}"


@dataclass(frozen=True)
class ArchiveStats:
    """Figures about an archive, for ``morgue stats`` and the status bar."""

    data_dir: str
    roots: tuple[str, ...]
    articles: int
    files: int
    unreadable_files: int
    quotes: int
    index_bytes: int
    store_bytes: int


class Archive(CorrectionsFacade):
    """An archive of saved articles and everything Morgue derived from it.

    Opening is cheap (no index scan, no NLP import): the searcher opens on the first query.
    """

    def __init__(self, data_dir: Path | str | None = None) -> None:
        self.data_dir = Path(data_dir) if data_dir else default_data_dir()
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self._config_path = self.data_dir / CONFIG_NAME
        self._config = self._load_config()
        self.store = Store(self.data_dir / "store.sqlite")
        self.ix_dir = self.data_dir / "whoosh"
        # What opening repaired (documents removed, added), for ``check`` to say.
        self.repaired_on_open = agreement.check_on_open(self.store, self.ix_dir)
        from index.search.searcher import Searcher

        self._entity_table: EntityTable | None = None
        self.searcher = Searcher(self.ix_dir, self._bodies, entities=self._table, sites_of=self._sites)
        self._bookmarks: Bookmarks | None = None
        self._bookmarks_lock = threading.Lock()
        self._corrections: Corrections | None = None

    @classmethod
    def for_folder(cls, folder: Path | str) -> Archive:
        """The archive whose data lives in Morgue's data directory for this folder (created if new)."""
        archive = cls(data_dir_for_folder(Path(folder)))
        archive.add_root(folder)
        return archive

    # --- configuration ---------------------------------------------------------------------------

    def _load_config(self) -> dict[str, object]:
        if self._config_path.exists():
            try:
                data = json.loads(self._config_path.read_text("utf-8"))
                if isinstance(data, dict):
                    return data
            except (OSError, ValueError) as exc:
                raise ArchiveError(f"The archive settings {self._config_path} cannot be read ({exc}).") from exc
        return {"version": 1, "roots": []}

    def _save_config(self) -> None:
        tmp = self._config_path.with_suffix(".tmp")
        text = json.dumps(self._config, indent=2, ensure_ascii=False)
        try:
            with open(tmp, "w", encoding="utf-8", errors="surrogateescape") as f:
                f.write(text)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, self._config_path)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise self._disk_full(exc) from exc

    @contextlib.contextmanager
    def _full_disk_as_error(self) -> Iterator[None]:
        """Turn a full disk (Whoosh's writer, SQLite) into ``DiskFull`` naming the data folder."""
        try:
            yield
        except (OSError, sqlite3.OperationalError) as exc:
            error = self._disk_full(exc)
            if error is exc:
                raise
            raise error from exc

    def _disk_full(self, exc: BaseException) -> BaseException:
        """``DiskFull`` naming the data folder if ``exc`` says the disk is full, else ``exc``."""
        if isinstance(exc, OSError) and exc.errno in DISK_FULL_ERRNOS:
            return DiskFull(self.data_dir)
        if isinstance(exc, sqlite3.OperationalError) and getattr(exc, "sqlite_errorcode", None) == sqlite3.SQLITE_FULL:
            return DiskFull(self.data_dir)
        return exc

    @property
    def roots(self) -> tuple[Path, ...]:
        """The folders (or single files) this archive is made of."""
        roots = self._config.get("roots", [])
        return tuple(Path(p) for p in roots) if isinstance(roots, list) else ()

    @property
    def name(self) -> str:
        roots = self.roots
        return roots[0].name if len(roots) == 1 else self.data_dir.name

    def add_root(self, path: Path | str) -> bool:
        """Add a folder or file to the archive; returns False if it was there already."""
        p = Path(path).expanduser().resolve()
        if not p.exists():
            raise ArchiveError(f"{p} does not exist.")
        roots = [str(r) for r in self.roots]
        if str(p) in roots:
            return False
        self._config["roots"] = [*roots, str(p)]
        self._save_config()
        return True

    def remove_root(self, path: Path | str) -> None:
        """Stop indexing a folder; its articles leave the index at the next run."""
        p = str(Path(path).expanduser().resolve())
        self._config["roots"] = [r for r in map(str, self.roots) if r != p]
        self._save_config()

    @property
    def spacy_model(self) -> str | None:
        """The spaCy model used for extraction (``$MORGUE_SPACY_MODEL`` or the archive setting)."""
        return os.environ.get("MORGUE_SPACY_MODEL") or self._config.get("spacy_model") or None  # type: ignore[return-value]

    @property
    def spacy_models(self) -> dict[str, str]:
        """The spaCy model per language: English's as ``spacy_model``, others from the archive's
        ``spacy_models`` setting ({"de": "de_core_news_sm"}); articles in other languages get no NLP."""
        from index.extract.language import models

        extra = self._config.get("spacy_models")
        return models(extra if isinstance(extra, dict) else None, english=self.spacy_model)

    @property
    def entities(self) -> EntityTable:
        """The archive-wide entity table, brought up to date with the stored extractions (no NLP)."""
        table = self._table()
        table.sync()
        return table

    def _table(self) -> EntityTable:
        """The entity table as the indexing runs left it (the searcher's: no sync per query)."""
        if self._entity_table is None:
            from index.store.entities import EntityTable

            self._entity_table = EntityTable(self.store)
        return self._entity_table

    def resolve_person(self, name: str) -> ArchiveEntity | None:
        """The person of the whole archive a name means ("Trump", "Donald J. Trump", "President
        Trump" are one), with their canonical name, aliases and article count; None if unknown."""
        return self._table().find(name, "PERSON")

    def resolve_entity(self, facet: str, name: str) -> ArchiveEntity | None:
        """The person, organisation or place (``facet`` "person", "org", "place") a name means, or None."""
        return self.searcher.entity(facet, name)

    def article_entities(self, article_id: str) -> dict[tuple[str, str], ArchiveEntity]:
        """The archive entity of each of an article's entities, by (type, name) as the article has
        them: for the Entities panel's canonical names and archive-wide counts."""
        return {(etype, name): e for name, etype, e in self._table().links_of(article_id)}

    @property
    def budget(self) -> Budget:
        """What reading one file may cost: ``seconds_per_file`` (setting or ``$MORGUE_SECONDS_PER_FILE``,
        60 by default) and at most ten times its size in memory, never more than 1 GB."""
        value = os.environ.get("MORGUE_SECONDS_PER_FILE") or self._config.get("seconds_per_file")
        try:
            seconds = float(value) if isinstance(value, (int, float, str)) else Budget.seconds
        except ValueError:
            log.warning("seconds_per_file %r is not a number: using %g", value, Budget.seconds)
            seconds = Budget.seconds
        return Budget(seconds=seconds if seconds > 0 else Budget.seconds)

    @property
    def bookmarks(self) -> Bookmarks:
        """The archive's bookmarks: one instance, opened on first use, for the CLI, the GUI and exports."""
        with self._bookmarks_lock:
            if self._bookmarks is None:
                from index.bookmarks import FILE_NAME, Bookmarks

                self._bookmarks = Bookmarks(self.data_dir / FILE_NAME, articles=self)
            return self._bookmarks

    @property
    def corrections(self) -> Corrections:
        """The user's corrections of speakers and entities (``corrections.sqlite``), opened on first use."""
        with self._bookmarks_lock:
            if self._corrections is None:
                from index.corrections import FILE_NAME, Corrections

                self._corrections = Corrections(self.data_dir / FILE_NAME)
            return self._corrections

    # --- indexing --------------------------------------------------------------------------------

    @property
    def is_indexed(self) -> bool:
        return self.store.get_meta("index_version") is not None

    @property
    def needs_rebuild(self) -> bool:
        """The index was written by another schema version and must be rebuilt from the store."""
        v = self.store.get_meta("index_version")
        return v is not None and v != str(schema.INDEX_VERSION)

    def index(
        self,
        paths: Sequence[Path | str] = (),
        *,
        extract: bool = True,
        later: bool = False,
        processes: int | None = None,
        on_progress: ProgressCallback | None = None,
        cancel: CancelToken | None = None,
    ) -> ImportReport:
        """Add ``paths`` as roots (if given), then bring the index up to date with all roots, in
        two phases: read every new or changed file (each article searchable once its batch is
        written), then find the names, quotes and posts of every article that lacks current ones
        (phase "extracting"; ``later`` leaves it to ``extract_pending``, which the app runs when it
        opens the archive). ``extract=False`` indexes without extraction."""
        if extract is Extract.LATER:
            later = True
        for p in paths:
            self.add_root(p)
        if self.needs_rebuild:
            self.rebuild(on_progress=on_progress, cancel=cancel)
        cancel = cancel or CancelToken()
        try:
            with self._full_disk_as_error():
                report = run_index(self.store, self.ix_dir, self.roots, extract=Extract.LATER if extract else False,
                                   model=self.spacy_models, processes=processes, on_progress=on_progress,
                                   cancel=cancel, budget=self.budget)
                self.store.set_meta(EXTRACTION, "on" if extract else "off")
                self.searcher.refresh()  # phase 1 is searchable while phase 2 runs
                if extract and not later and not report.cancelled:
                    report.extracted = extraction.run(
                        self.store, self.ix_dir, model=self.spacy_models, processes=processes,
                        on_progress=on_progress, cancel=cancel, budget=self.budget, problems=report.problems)
                    report.cancelled = cancel.cancelled
                if extract:
                    report.extraction_pending = self.extraction_pending()
        finally:
            self.searcher.refresh()
        if not report.cancelled:
            self.apply_pending_corrections()
        if report.annotated:  # the highlights of read-later exports, as bookmarks (once each)
            self.bookmarks.import_annotations(self.store.articles(report.annotated).values())
        return report

    def rebuild(self, *, on_progress: ProgressCallback | None = None, cancel: CancelToken | None = None) -> int:
        """Rebuild the search index from the stored articles and extractions (no parsing, no NLP)."""
        self.searcher.close()
        with self._full_disk_as_error():
            n = rebuild_index(self.store, self.ix_dir, on_progress=on_progress, cancel=cancel)
        if n and self._has_corrections():
            self.corrections.done(self.corrections.pending())  # the new index was written with them all
        return n

    def extract_pending(
        self,
        *,
        processes: int | None = None,
        on_progress: ProgressCallback | None = None,
        cancel: CancelToken | None = None,
    ) -> int:
        """Extract the stored articles whose extraction is missing or older than the extractor
        (the second phase of ``index``, on its own: the archive stays searchable meanwhile);
        nothing if the archive was indexed without extraction."""
        if self.extraction_off:
            return 0
        try:
            with self._full_disk_as_error():
                return extraction.run(self.store, self.ix_dir, model=self.spacy_models, processes=processes,
                                      on_progress=on_progress, cancel=cancel, budget=self.budget)
        finally:
            self.searcher.refresh()

    def check(
        self,
        *,
        quick: bool = False,
        repair: bool = False,
        on_progress: ProgressCallback | None = None,
        cancel: CancelToken | None = None,
    ) -> CheckReport:
        """Check the store, the search index against it and the bookmarks (``quick``: counts and
        the generation marker only); with ``repair``, fix what the store can first."""
        from index.bookmarks import FILE_NAME

        bookmarks = self.data_dir / FILE_NAME
        if not repair:
            report = check_archive(self.store, self.ix_dir, bookmarks, quick=quick)
        else:
            self.searcher.close()
            try:
                with self._full_disk_as_error():
                    report = repair_archive(self.store, self.ix_dir, bookmarks, on_progress=on_progress,
                                            cancel=cancel)
            finally:
                self.searcher.refresh()
        removed, added = self.repaired_on_open
        if removed or added:
            report.repaired.insert(0, f"Opening the archive repaired the search index from the store: {added:,} "
                                   f"articles indexed, {removed:,} removed.")
        return report

    def extraction_pending(self) -> int:
        """How many articles wait for their names, quotes and posts (missing or of an older extractor)."""
        return len(self.store.needing_extraction(extraction.current_version()))

    def is_extracted(self, article_id: str) -> bool:
        """Whether the article's names, quotes and posts are found (by the current extractor or an
        older one); if not, ``extraction_off`` says whether they will be."""
        return self.has_extraction(article_id)

    @property
    def extraction_off(self) -> bool:
        """The archive was indexed without extraction (its panels stay empty for that reason)."""
        return self.store.get_meta(EXTRACTION) == "off"

    def problems(self) -> list[tuple[str, str]]:
        """Files that could not be read or were skipped (not a supported format), with the reason."""
        return sorted(self.store.file_errors() + self.store.skipped())

    # --- reading ---------------------------------------------------------------------------------

    def article(self, article_id: str) -> Article:
        """The stored article (without its HTML). Raises ``ArticleNotFound``."""
        article = self.store.article(article_id)
        if article is None:
            raise ArticleNotFound(article_id)
        return article

    def extraction(self, article_id: str) -> Extraction:
        """What the extractors found in the article, with the user's corrections applied, as the
        index holds it (empty if it was indexed without extraction)."""
        ex = self.store.article_extraction(article_id)
        if ex is None:
            if self.store.content_hash(article_id) is None:
                raise ArticleNotFound(article_id)
            return Extraction()
        if not self._has_corrections():
            return ex
        from index.corrections import apply_corrections

        c = self.corrections
        return apply_corrections(self.article(article_id), ex, c.for_article(article_id), c.entity_corrections())

    def quote(self, article_id: str, n: int) -> Quote:
        """The ``n``-th quote of an article (from 0, as ``morgue show`` numbers them and bookmarks name them)."""
        quotes = self.extraction(article_id).quotes
        if not 0 <= n < len(quotes):
            raise ArchiveError(f"The article {article_id} has {len(quotes)} quotes; there is no quote {n}"
                               " (`morgue show` numbers them from 0).")
        return quotes[n]

    def has_article(self, article_id: str) -> bool:
        """Whether the article is in the archive (a bookmark's article may have left it)."""
        return self.store.content_hash(article_id) is not None

    def has_extraction(self, article_id: str) -> bool:
        """Whether the extractors ran on the article (else its panels are empty for that reason)."""
        return self.store.article_extraction(article_id) is not None

    def highlights(self, article_id: str, query: str,
                   filters: Mapping[str, str] | None = None) -> list[tuple[int, int, int]]:
        """Where the query's words (and the names of ``filters``) occur in the article:
        (paragraph, start, end) spans; the paragraph is -1 for the title."""
        article = self.article(article_id)
        spans = self.searcher.highlights(query, [article.title, *(p.text for p in article.paragraphs)], filters)
        return [(p - 1, start, end) for p, start, end in spans]

    def _bodies(self, ids: Sequence[str]) -> dict[str, str]:
        return self.store.bodies(ids)

    def _sites(self, ids: Sequence[str]) -> dict[str, str]:
        return self.store.sites(ids)

    # --- searching -------------------------------------------------------------------------------

    def search(
        self,
        query: str,
        *,
        page: int = 1,
        pagelen: int = 20,
        sort: str = "relevance",
        filters: Mapping[str, str] | None = None,
        facets: bool = True,
        snippets: bool = True,
    ) -> SearchResult:
        """A page of articles matching the query, with snippets and facet counts."""
        return self.searcher.search(
            query, page=page, pagelen=pagelen, sort=sort, filters=filters, facets=facets, snippets=snippets
        )

    def search_quotes(
        self, query: str, *, limit: int = 50, filters: Mapping[str, str] | None = None
    ) -> tuple[int, list[QuoteHit]]:
        """Quotes matching the query in their text or speaker, with their total count."""
        return self.searcher.search_quotes(query, limit=limit, filters=filters)

    def suggest(self, query: str) -> str | None:
        """A query to try instead when ``query`` found nothing: its unknown words spelt as the archive spells them."""
        return self.searcher.suggest(query)

    def entity_count(self, facet: str, name: str) -> int:
        """How many articles in the whole archive mention this person, organisation or place."""
        return self.searcher.entity_count(facet, name)

    def months(self, query: str, filters: Mapping[str, str] | None = None) -> list[tuple[str, int]]:
        """Matching articles by month, for the timeline."""
        return self.searcher.months(query, filters)

    def stats(self) -> ArchiveStats:
        """Counts and sizes of the archive's data."""
        files = self.store.files()

        def size(path: Path) -> int:
            if path.is_file():
                return path.stat().st_size
            return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) if path.exists() else 0

        return ArchiveStats(
            data_dir=str(self.data_dir),
            roots=tuple(map(str, self.roots)),
            articles=self.searcher.count(),
            files=len(files),
            unreadable_files=sum(1 for f in files.values() if f.error),
            quotes=self.searcher.quote_count(),
            index_bytes=size(self.ix_dir),
            store_bytes=sum(size(p) for p in self.data_dir.glob("store.sqlite*")),
        )

    # --- corrections -----------------------------------------------------------------------------

    def close(self) -> None:
        """Close the searcher, the bookmarks, the corrections and the store connection of this thread."""
        self.searcher.close()
        if self._bookmarks is not None:
            self._bookmarks.close()
        if self._corrections is not None:
            self._corrections.close()
        self.store.close()

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
