"""Searching the archive: hits with snippets, facet counts, quotes as results.

One ``Searcher`` stays open between queries (Whoosh's searcher and the facet tables are
expensive to open) and refreshes itself when an indexing run has committed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import threading
import weakref
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path

from whoosh import collectors, sorting
from whoosh import index as whoosh_index
from whoosh import query as wq
from whoosh.filedb.filestore import FileStorage

from index.errors import ArchiveError, IndexCorrupt
from index.model import Hit, QuoteHit, SearchResult, Snippet
from index.search.facets import FieldFacet
from index.search.query import QueryParser
from index.search.snippets import Matcher, snippet_of
from index.store import schema

log = logging.getLogger(__name__)

SORTS = ("relevance", "date", "date-asc")
_DATED_FIRST = sorting.QueryFacet({0: wq.Every("year")}, other=1)  # "year": one term per dated article
FACET_LIMIT = 30
# The GUI's structured filters: facet name -> index field holding exact values.
FILTER_FIELDS = {
    "person": "person_facet",
    "org": "org_facet",
    "place": "place_facet",
    "site": "site",
    "year": "year",
    "speaker": "speaker_facet",
}


def snippet_text(snippet: Snippet, mark: tuple[str, str] = ("[", "]")) -> str:
    """A snippet as plain text, matches wrapped in ``mark``."""
    return "".join(f"{mark[0]}{t}{mark[1]}" if m else t for t, m in snippet)


def snippet_html(snippet: Snippet) -> str:
    """A snippet as escaped HTML, matches in ``<b>``."""
    from html import escape

    return "".join(f"<b>{escape(t)}</b>" if m else escape(t) for t, m in snippet)


class Searcher:
    """Queries one archive's Whoosh indexes. Thread-safe; one instance per archive."""

    def __init__(self, ix_dir: Path, body_of: Callable[[Sequence[str]], Mapping[str, str]]) -> None:
        """``body_of`` returns the body text of articles by id, for snippets."""
        self._ix_dir = Path(ix_dir)
        self._body_of = body_of
        self._lock = threading.RLock()
        self._ix: whoosh_index.Index | None = None
        self._qix: whoosh_index.Index | None = None
        self._searcher = None
        self._qsearcher = None
        # The open Whoosh searchers, closed (their files too) when this object goes away unclosed.
        self._held: list[object] = []
        weakref.finalize(self, _close_searchers, self._held)
        self._facet_tables: dict[str, FieldFacet] = {}
        self._parser: QueryParser | None = None
        self._qparser: QueryParser | None = None

    # --- life cycle ------------------------------------------------------------------------------

    def _open(self) -> bool:
        if self._searcher is not None:
            return True
        if not whoosh_index.exists_in(str(self._ix_dir), indexname=schema.ARTICLES):
            return False
        try:
            # Not memory-mapped: Whoosh's mmap path keeps a private copy of every segment too
            # (a 100,000-article index took the process from 30 MB to 1.06 GB on opening).
            storage = FileStorage(str(self._ix_dir), supports_mmap=False, readonly=True)
            self._ix = storage.open_index(schema.ARTICLES)
            self._qix = storage.open_index(schema.QUOTES)
        except Exception as exc:
            raise IndexCorrupt(
                f"The search index in {self._ix_dir} cannot be opened ({exc}); re-index the archive."
            ) from exc
        self._searcher = self._ix.searcher()
        self._qsearcher = self._qix.searcher()
        self._held[:] = [self._searcher, self._qsearcher]
        self._parser = QueryParser(self._ix.schema)
        self._qparser = QueryParser(self._qix.schema, ["text", "speaker"])
        return True

    def refresh(self) -> None:
        """Pick up what an indexing run committed since the last query."""
        with self._lock:
            if self._searcher is None:
                return
            new = _refreshed(self._searcher, self._ix)
            if new is not self._searcher:
                self._searcher = new
                self._facet_tables.clear()
            self._qsearcher = _refreshed(self._qsearcher, self._qix)
            self._held[:] = [self._searcher, self._qsearcher]

    def close(self) -> None:
        """Close the open searchers; the next query opens the index again."""
        with self._lock:
            _close_searchers(self._held)
            self._searcher = self._qsearcher = None
            self._ix = self._qix = None
            self._facet_tables.clear()

    @contextlib.contextmanager
    def _current(self) -> Iterator[bool]:
        """Hold the lock with the index open and up to date; yields False when there is no index yet."""
        with self._lock:
            ready = self._open()
            if ready:
                self.refresh()
            yield ready

    # --- articles --------------------------------------------------------------------------------

    def parse(self, text: str) -> wq.Query:
        """Parse a query (raises QuerySyntaxError); for checking as the user types."""
        with self._lock:
            if not self._open():
                return QueryParser(schema.ArticleSchema()).parse(text)
            assert self._parser is not None
            return self._parser.parse(text)

    def search(
        self,
        text: str,
        *,
        page: int = 1,
        pagelen: int = 20,
        sort: str = "relevance",
        filters: Mapping[str, str] | None = None,
        facets: bool = True,
        snippets: bool = True,
    ) -> SearchResult:
        """One page of articles matching ``text`` (all articles for an empty text)."""
        if sort not in SORTS:
            raise ArchiveError(f"Unknown sort order {sort!r}; use one of: {', '.join(SORTS)}.")
        if page < 1 or pagelen < 1:
            raise ArchiveError("The page number and the page length must be 1 or more.")
        with self._current() as ready:
            if not ready:
                return SearchResult(text, 0, page, pagelen, (), {}, sort)
            assert self._parser is not None and self._searcher is not None
            q = self._parser.parse(text)
            filter_q = _filter_query(filters)
            browsing = isinstance(q, wq.Every)
            if browsing and sort == "relevance":
                sort = "date"
            if browsing and filter_q is not None:
                # Every article that passes the filter is the filter's own matches: walking the
                # whole archive to test each one is what made browsing a person take seconds.
                q, filter_q = filter_q, None
            sortedby = None
            reverse = False
            if sort in ("date", "date-asc"):
                # Dated articles first in either direction; undated ones after them.
                sortedby = sorting.MultiFacet(
                    [_DATED_FIRST, sorting.FieldFacet("date", reverse=(sort == "date"))]
                )
            s = self._searcher
            first = (page - 1) * pagelen
            # One pass gives the top hits and every match (for the exact total and the facets).
            # Whoosh's own count would run the query again, and it ignores the filter.
            collector: collectors.Collector = (
                _TopAndAllCollector(first + pagelen)
                if sortedby is None
                else collectors.SortingCollector(sortedby, limit=first + pagelen, reverse=reverse)
            )
            if snippets:
                collector = collectors.TermsCollector(collector)
            if filter_q is not None:
                collector = collectors.FilterCollector(collector, allow=filter_q)
            s.search_with_collector(q, collector)
            results = collector.results()
            docs = set(results.docs())
            total = len(docs)
            # A page past the end is empty, not the last page again.
            page_hits = results[first : first + pagelen] if first < total else []
            stored = [(hit.docnum, hit.fields(), hit.score) for hit in page_hits]
            bodies = self._body_of([f["id"] for _, f, _ in stored]) if snippets and stored else {}
            matcher = self._matcher(q) if snippets and stored and not browsing else None
            hits = []
            for _, fields, score in stored:
                snip: Snippet = ()
                if matcher is not None:
                    snip = snippet_of(matcher, bodies.get(fields["id"], ""))
                hits.append(_hit(fields, score, snip))
            facet_counts = self._facets(docs) if facets else {}
            return SearchResult(text, total, page, pagelen, tuple(hits), facet_counts, sort)

    def _matcher(self, q: wq.Query) -> Matcher:
        """Finds the words of a text that match ``q`` as the index would (stemmed, expanded)."""
        assert self._searcher is not None and self._ix is not None
        reader = self._searcher.reader()
        terms = {
            term.decode() if isinstance(term, bytes) else term
            for field, term in q.existing_terms(reader, phrases=True, expand=True)
            if field in ("body", "title", "quotes")
        }
        analyzer = self._ix.schema["body"].analyzer
        return Matcher(terms, lambda word: [t.text for t in analyzer(word)])

    # --- facets ----------------------------------------------------------------------------------

    def _facet(self, field: str) -> FieldFacet:
        facet = self._facet_tables.get(field)
        if facet is None:
            assert self._searcher is not None
            facet = self._facet_tables[field] = FieldFacet(self._searcher.reader(), field)
        return facet

    def _facets(self, docs: set[int]) -> dict[str, tuple[tuple[str, int], ...]]:
        out: dict[str, tuple[tuple[str, int], ...]] = {}
        for name, field in schema.FACET_FIELDS.items():
            if name == "year":
                out[name] = tuple(sorted(self._facet(field).counts(docs, None), reverse=True))
            else:
                out[name] = tuple(self._facet(field).counts(docs, FACET_LIMIT))
        return out

    def entity_count(self, facet: str, name: str) -> int:
        """How many articles of the whole archive mention this entity (or site, year)."""
        with self._current() as ready:
            if not ready:
                return 0
            assert self._searcher is not None
            q = _filter_query({facet: name})
            assert q is not None
            # Not doc_frequency: it counts deleted documents too.
            return sum(1 for _ in self._searcher.docs_for_query(q))

    def months(self, text: str, filters: Mapping[str, str] | None = None) -> list[tuple[str, int]]:
        """Counts of matching articles by month (``YYYY-MM``), oldest first, for a timeline."""
        with self._current() as ready:
            if not ready:
                return []
            assert self._parser is not None and self._searcher is not None
            q = self._parser.parse(text)
            filter_q = _filter_query(filters)
            docs = set(self._searcher.docs_for_query(q))
            if filter_q is not None:
                docs &= set(self._searcher.docs_for_query(filter_q))
            # Undated articles have no place on a timeline (and no value in the date column).
            docs &= set(self._searcher.docs_for_query(wq.Every("year")))
            reader = self._searcher.reader()
            col = reader.column_reader("date") if reader.has_column("date") else None
            counts: Counter[str] = Counter()
            if col is not None:
                for d in docs:
                    value = col[d]
                    if isinstance(value, dt.datetime):
                        counts[f"{value.year:04d}-{value.month:02d}"] += 1
            return sorted(counts.items())

    def highlights(self, text: str, paragraphs: Sequence[str]) -> list[tuple[int, int, int]]:
        """Where the query's words (as indexed: stemmed, wildcards expanded) occur in an article's
        paragraphs, as (paragraph, start, end) character spans, for the reader."""
        with self._current() as ready:
            if not ready:
                return []
            assert self._parser is not None and self._searcher is not None
            matcher = self._matcher(self._parser.parse(text))
            return [(i, start, end) for i, para in enumerate(paragraphs) for start, end in matcher.spans(para)]

    def quote_count(self) -> int:
        """How many quotes the archive holds."""
        with self._current() as ready:
            if not ready:
                return 0
            assert self._qsearcher is not None
            return int(self._qsearcher.doc_count())

    def count(self) -> int:
        with self._current() as ready:
            if not ready:
                return 0
            assert self._searcher is not None
            return int(self._searcher.doc_count())

    # --- quotes ----------------------------------------------------------------------------------

    def search_quotes(
        self, text: str, *, limit: int = 50, filters: Mapping[str, str] | None = None
    ) -> tuple[int, list[QuoteHit]]:
        """Quotes matching ``text`` (in the quote or its speaker), best first, and their total."""
        with self._current() as ready:
            if not ready:
                return 0, []
            assert self._qparser is not None and self._qsearcher is not None
            q = self._qparser.parse(text)
            if filters and set(filters) - {"speaker", "site"}:
                raise ArchiveError("Quotes can be filtered by speaker and site only.")
            filter_q = _filter_query(filters)
            sortedby = (
                sorting.MultiFacet([_DATED_FIRST, sorting.FieldFacet("date", reverse=True)])
                if isinstance(q, wq.Every)
                else None
            )
            results = self._qsearcher.search(q, limit=limit, filter=filter_q, sortedby=sortedby)
            total = len(results)
            if filter_q is not None:  # Whoosh's own count ignores the filter
                total = len(set(self._qsearcher.docs_for_query(q)) & set(self._qsearcher.docs_for_query(filter_q)))
            hits = []
            for hit in results:
                f = hit.fields()
                date = f.get("date")
                hits.append(
                    QuoteHit(
                        article_id=f["article_id"],
                        index=int(f["n"]),
                        text=f["text"],
                        speaker=f.get("speaker") or None,
                        title=f.get("title", ""),
                        date=date.date() if isinstance(date, dt.datetime) else None,
                        site=f.get("site", ""),
                        score=_score(hit.score),
                    )
                )
            return total, hits


class _TopAndAllCollector(collectors.TopCollector):
    """The top hits by score and the set of every matching document, in one pass.

    Whoosh's ``TopCollector`` skips blocks that cannot reach the top, so it knows neither the
    total nor the matches; here every match is needed anyway (facets, exact totals).
    """

    def __init__(self, limit: int) -> None:
        super().__init__(limit, usequality=False, replace=0)  # no skipping: every match is collected

    def _collect(self, global_docnum: int, score: float) -> float:
        self.docset.add(global_docnum)
        return super()._collect(global_docnum, score)  # type: ignore[no-any-return]

    def all_ids(self) -> set[int]:
        return self.docset  # type: ignore[no-any-return]

    def results(self):  # type: ignore[no-untyped-def]
        results = super().results()
        results.docset = self.docset
        return results


def _close_searchers(held: list[object]) -> None:
    for searcher in held:
        searcher.close()  # type: ignore[attr-defined]
    held.clear()


def _refreshed(searcher, ix):  # type: ignore[no-untyped-def]
    """The searcher itself if current, else a new one.

    Not ``Searcher.refresh()``: Whoosh reuses the reader of a segment whose only change is new
    deletions, so deleted articles would still be found.
    """
    if searcher.up_to_date():
        return searcher
    searcher.close()
    return ix.searcher()


def _filter_query(filters: Mapping[str, str] | None) -> wq.Query | None:
    if not filters:
        return None
    terms = []
    for key, value in filters.items():
        field = FILTER_FIELDS.get(key)
        if field is None:
            raise ArchiveError(f"Unknown filter {key!r}; use one of: {', '.join(sorted(FILTER_FIELDS))}.")
        terms.append(wq.Term(field, value.lower() if field == "site" else value))
    return wq.And(terms) if len(terms) > 1 else terms[0]


def _score(value: object) -> float:
    """A hit's relevance; 0 when the results are sorted by date (Whoosh gives the sort key)."""
    return float(value) if isinstance(value, (int, float)) else 0.0


def _hit(fields: Mapping[str, object], score: float | None, snippet: Snippet) -> Hit:
    date = fields.get("date")
    return Hit(
        id=str(fields["id"]),
        title=str(fields.get("title", "")),
        date=date.date() if isinstance(date, dt.datetime) else None,
        site=str(fields.get("site", "")),
        url=str(fields.get("url", "")),
        authors=tuple(fields.get("authors_display", ()) or ()),  # type: ignore[arg-type]
        format=str(fields.get("format", "")),
        score=_score(score),
        snippet=snippet,
    )
