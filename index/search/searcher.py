"""Searching the archive: hits with snippets, facet counts, quotes as results.

One ``Searcher`` stays open between queries (Whoosh's searcher and the facet tables are
expensive to open) and refreshes itself when an indexing run has committed.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import functools
import logging
import threading
import weakref
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import numpy as np
from whoosh import index as whoosh_index
from whoosh import query as wq

from index.errors import ArchiveError, IndexCorrupt
from index.model import Hit, QuoteHit, SearchResult, Snippet
from index.search.engine import Columns, Matches, Unsupported, evaluate, expanded, notices, query_terms
from index.search.entities import FILTER_TYPES, SURNAMES, EntityQueries, speaker_surnames, speakers_of
from index.search.facets import EntityFacets, FieldFacet, entity_facets_file, prune_tables
from index.search.highlight import Highlighter, filter_words, name_words, phrases_of, without_phrases
from index.search.query import QueryParser
from index.search.snippets import snippet_of
from index.store import schema
from index.store.w3 import FormatDrift, PublicIndex, open_index, warn_once

if TYPE_CHECKING:
    from index.store.entities import ArchiveEntity, EntityTable

log = logging.getLogger(__name__)
T = TypeVar("T")

SORTS = ("relevance", "date", "date-asc")
FACET_LIMIT = 30
SITE_SAMPLE = 5  # articles read for a site's spelling: the commonest among them wins
# The GUI's structured filters: facet name -> index field holding exact values.
FILTER_FIELDS = {
    "person": "person_facet",
    "org": "org_facet",
    "place": "place_facet",
    "site": "site",
    "year": "year",
    "speaker": "speaker_facet",
    "platform": "platforms",
}
# The result set's facets: the store's, and the platforms of the posts the articles embed.
FACET_FIELDS = {**schema.FACET_FIELDS, "platform": "platforms"}


def snippet_text(snippet: Snippet, mark: tuple[str, str] = ("[", "]")) -> str:
    """A snippet as plain text, matches wrapped in ``mark``."""
    return "".join(f"{mark[0]}{t}{mark[1]}" if m else t for t, m in snippet)


def snippet_html(snippet: Snippet) -> str:
    """A snippet as escaped HTML, matches in ``<b>``."""
    from html import escape

    return "".join(f"<b>{escape(t)}</b>" if m else escape(t) for t, m in snippet)


class Searcher:
    """Queries one archive's Whoosh indexes. Thread-safe; one instance per archive."""

    def __init__(self, ix_dir: Path, body_of: Callable[[Sequence[str]], Mapping[str, str]],
                 entities: Callable[[], EntityTable | None] | None = None,
                 sites_of: Callable[[Sequence[str]], Mapping[str, str]] | None = None) -> None:
        """``body_of`` returns the body text of articles by id, for snippets; ``entities`` the
        archive-wide entity table, which names in queries, filters and facets go through;
        ``sites_of`` the site names of articles by id as the articles write them."""
        self._ix_dir = Path(ix_dir)
        self._facet_dir = self._ix_dir.parent / "facets"  # saved facet tables, one per segment and field
        self._body_of = body_of
        self._lock = threading.RLock()
        self._ix: whoosh_index.Index | None = None
        self._qix: whoosh_index.Index | None = None
        self._searcher = None
        self._qsearcher = None
        # The open Whoosh searchers, closed (their files too) when this object goes away unclosed.
        self._held: list[Any] = []
        weakref.finalize(self, _close_searchers, self._held)
        self._facet_tables: dict[str, FieldFacet] = {}
        self._cols: dict[str, Columns] = {}
        self._parser: QueryParser | None = None
        self._qparser: QueryParser | None = None
        # Set when reading Whoosh's private format failed: Whoosh's own search from then on.
        self._public = False
        self._entity_table = entities
        self._entity_queries: EntityQueries | None = None
        self._entity_facets: EntityFacets | None = None
        self._speaker_names: dict[str, list[str]] | None = None
        self._analyze: Callable[[str], tuple[str, ...]] | None = None
        self._sites_of = sites_of
        self._site_names: dict[str, str] = {}  # a site as the index holds it -> as the articles spell it

    # --- life cycle ------------------------------------------------------------------------------

    def _open(self) -> bool:
        if self._searcher is not None:
            return True
        if not whoosh_index.exists_in(str(self._ix_dir), indexname=schema.ARTICLES):
            return False
        try:
            storage = schema.whoosh_storage(self._ix_dir, readonly=True)  # not memory-mapped
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
                self._entity_facets = None
                self._site_names.clear()
                self._cols.pop("articles", None)
            new = _refreshed(self._qsearcher, self._qix)
            if new is not self._qsearcher:
                self._qsearcher = new
                self._speaker_names = None
                self._cols.pop("quotes", None)
            self._held[:] = [self._searcher, self._qsearcher]

    def close(self) -> None:
        """Close the open searchers; the next query opens the index again."""
        with self._lock:
            _close_searchers(self._held)
            self._searcher = self._qsearcher = None
            self._ix = self._qix = None
            self._facet_tables.clear()
            self._entity_facets = self._entity_queries = self._speaker_names = None
            self._cols.clear()

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

    def _run(self, work: Callable[[], T]) -> T:
        """``work()``; when it meets Whoosh's private format changed, again with Whoosh's own search."""
        try:
            return work()
        except FormatDrift as exc:
            warn_once(f"reading the index failed ({exc})")
            with self._lock:
                self._public = True
                self._cols.clear()
                self._facet_tables.clear()
                self._entity_facets = None
            return work()

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
        return self._run(lambda: self._search(text, page, pagelen, sort, filters, facets, snippets))

    def _search(
        self, text: str, page: int, pagelen: int, sort: str, filters: Mapping[str, str] | None,
        facets: bool, snippets: bool,
    ) -> SearchResult:
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
            browsing = _is_everything(q)
            if browsing and sort == "relevance":
                sort = "date"
            if browsing and filter_q is not None:
                # Every article that passes the filter is the filter's own matches: walking the
                # whole archive to test each one is what made browsing a person take seconds.
                q, filter_q = filter_q, None
            cols = self._columns()
            matches = self._evaluate(*self._resolved(q, filter_q), cols)
            total = len(matches)
            first = (page - 1) * pagelen
            # A page past the end is empty, not the last page again.
            page_ids = _ranked(matches, sort, cols, first + pagelen)[first:] if first < total else []
            s = self._searcher
            stored = [(s.stored_fields(int(d)), float(score)) for d, score in page_ids]
            bodies = self._body_of([f["id"] for f, _ in stored]) if snippets and stored else {}
            # Browsing a filter (a person chip): the snippet shows where the article names them.
            matcher = self._matcher(q, filters) if snippets and stored and (not browsing or filters) else None
            hits = []
            for fields, score in stored:
                snip: Snippet = ()
                if matcher is not None:
                    snip = snippet_of(matcher, bodies.get(fields["id"], ""))
                hits.append(_hit(fields, score if sort == "relevance" else None, snip))
            facet_counts = self._facets(matches.ids) if facets else {}
            spelled = self._spellings([h.site for h in hits] + [v for v, _ in facet_counts.get("site", ())])
            hits = [dataclasses.replace(h, site=spelled[h.site]) if spelled.get(h.site, h.site) != h.site else h
                    for h in hits]
            if "site" in facet_counts:
                facet_counts["site"] = tuple((spelled.get(v, v), n) for v, n in facet_counts["site"])
            return SearchResult(text, total, page, pagelen, tuple(hits), facet_counts, sort, notices(q, cols))

    def _columns(self, quotes: bool = False) -> Columns:
        """The per-document arrays of the open articles (or quotes) index, read once per opening."""
        key = "quotes" if quotes else "articles"
        cols = self._cols.get(key)
        if cols is None:
            searcher = self._qsearcher if quotes else self._searcher
            cols = self._cols[key] = Columns(PublicIndex(searcher) if self._public else open_index(searcher))
            if not cols.index.public:
                ids = {seg.id for seg in cols.segments if seg.id is not None}
                prune_tables(self._facet_dir, ids, f"*{SURNAMES}" if quotes else "*.npz")
        return cols

    def _evaluate(self, q: wq.Query, filter_q: wq.Query | None, cols: Columns) -> Matches:
        """Every match of ``q`` that passes ``filter_q``, with its score."""
        if cols.index.public:
            return Matches(*cols.index.whoosh_search(expanded(q, cols), filter_q))
        try:
            matches = evaluate(q, cols)
            allowed = evaluate(filter_q, cols).ids if filter_q is not None else None
        except Unsupported as exc:
            log.debug("query %r runs in Whoosh itself: %s", q, exc)
            return Matches(*cols.index.whoosh_search(expanded(q, cols), filter_q))
        if allowed is not None:
            keep = np.isin(matches.ids, allowed, assume_unique=True)
            matches = Matches(matches.ids[keep], matches.scores[keep])
        return matches

    def _matcher(self, q: wq.Query, filters: Mapping[str, str] | None = None) -> Highlighter:
        """Finds the words of a text that match ``q`` as the index would (stemmed, expanded), a
        phrase only as a phrase, and the names of its name fields and of ``filters``."""
        assert self._searcher is not None and self._ix is not None
        cols = self._columns()
        if self._analyze is None:
            analyzer = self._ix.schema["body"].analyzer
            # A word's stems never change: kept across queries (the snippets of a page analyse a
            # few hundred words, most of them seen before).
            self._analyze = functools.lru_cache(maxsize=200_000)(lambda word: tuple(t.text for t in analyzer(word)))
        terms = query_terms(without_phrases(q), cols)
        names = name_words(query_terms(q, cols)) + filter_words(filters)
        return Highlighter(terms, phrases_of(q), names, self._analyze)

    # --- facets ----------------------------------------------------------------------------------

    def _facet(self, field: str) -> FieldFacet:
        facet = self._facet_tables.get(field)
        if facet is None:
            facet = self._facet_tables[field] = FieldFacet(self._columns(), field, self._facet_dir)
        return facet

    def _facets(self, ids: np.ndarray) -> dict[str, tuple[tuple[str, int], ...]]:
        cols = self._columns()
        mask = np.zeros(cols.size, dtype=bool)
        mask[ids] = True
        out: dict[str, tuple[tuple[str, int], ...]] = {}
        entities = self._entities_facet()
        for name, field in FACET_FIELDS.items():
            if entities is not None and name in FILTER_TYPES:
                out[name] = tuple(entities.counts(mask, FILTER_TYPES[name], FACET_LIMIT))
            elif name == "year":
                out[name] = tuple(sorted(self._facet(field).counts(mask, None), reverse=True))
            else:
                out[name] = tuple(self._facet(field).counts(mask, FACET_LIMIT))
        return out

    def _spellings(self, sites: Iterable[str]) -> dict[str, str]:
        """Sites as the index holds them (lower-cased) -> as the articles spell them: the commonest
        spelling among a few articles of each, read once per opened index."""
        wanted = list(dict.fromkeys(sites))
        missing = [v for v in wanted if v and v not in self._site_names]
        if missing and self._sites_of is not None and self._searcher is not None:
            facet = self._facet("site")
            docs = {v: facet.documents(v, SITE_SAMPLE) for v in missing}
            ids = {int(d): str(self._searcher.stored_fields(int(d))["id"]) for ds in docs.values() for d in ds}
            written = self._sites_of(list(ids.values()))
            for v, ds in docs.items():
                names = Counter(w for d in ds if (w := written.get(ids[int(d)], "")).lower() == v)
                self._site_names[v] = names.most_common(1)[0][0] if names else v
        return {v: self._site_names.get(v, v) for v in wanted}

    def entity_count(self, facet: str, name: str) -> int:
        """How many articles of the whole archive mention this entity (or site, year)."""
        return self._run(lambda: self._entity_count(facet, name))

    def _entity_count(self, facet: str, name: str) -> int:
        with self._current() as ready:
            if not ready:
                return 0
            q = _filter_query({facet: name})
            assert q is not None and self._searcher is not None
            return len(self._evaluate(self._resolved(q)[0], None, self._columns()))

    def months(self, text: str, filters: Mapping[str, str] | None = None) -> list[tuple[str, int]]:
        """Counts of matching articles by month (``YYYY-MM``), oldest first, for a timeline."""
        return self._run(lambda: self._months(text, filters))

    def _months(self, text: str, filters: Mapping[str, str] | None) -> list[tuple[str, int]]:
        with self._current() as ready:
            if not ready:
                return []
            assert self._parser is not None and self._searcher is not None
            cols = self._columns()
            ids = self._evaluate(*self._resolved(self._parser.parse(text), _filter_query(filters)), cols).ids
            months, dated = cols.months()
            # Undated articles have no place on a timeline.
            ids = ids[dated[ids]]
            values, counts = np.unique(months[ids], return_counts=True)
            return [(f"{1970 + int(m) // 12:04d}-{int(m) % 12 + 1:02d}", int(n))
                    for m, n in zip(values, counts, strict=True)]

    def suggest(self, text: str) -> str | None:
        """The query with its unknown words replaced by the index's nearest words ("did you mean")."""
        from index.search.suggest import suggest

        with self._current() as ready:
            if not ready:
                return None
            assert self._searcher is not None and self._ix is not None
            s, analyzer = self._searcher, self._ix.schema["body"].analyzer
            return suggest(s.reader(), text, lambda w: [t.text for t in analyzer(w)],
                           lambda docnum: str(s.stored_fields(docnum)["id"]), self._body_of)

    def highlights(self, text: str, paragraphs: Sequence[str],
                   filters: Mapping[str, str] | None = None) -> list[tuple[int, int, int]]:
        """Where the query's words (as indexed: stemmed, wildcards expanded; a phrase as a phrase; the
        names of field queries and ``filters``) occur in an article's paragraphs, as (paragraph,
        start, end) character spans, for the reader."""
        return self._run(lambda: self._highlights(text, paragraphs, filters))

    def _highlights(self, text: str, paragraphs: Sequence[str],
                    filters: Mapping[str, str] | None) -> list[tuple[int, int, int]]:
        with self._current() as ready:
            if not ready:
                return []
            assert self._parser is not None and self._searcher is not None
            matcher = self._matcher(self._parser.parse(text), filters)
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

    # --- entities: names through the archive-wide table ------------------------------------------

    def _entities(self) -> EntityQueries | None:
        """The name resolution of the table's current generation (None without a table)."""
        table = self._entity_table() if self._entity_table is not None else None
        if table is None:
            return None
        generation = table.generation()
        if self._entity_queries is None or self._entity_queries.generation != generation:
            self._entity_queries = EntityQueries(table, generation)
        return self._entity_queries

    def _resolved(self, q: wq.Query, filter_q: wq.Query | None = None,
                  quotes: bool = False) -> tuple[wq.Query, wq.Query | None]:
        """The query and the filter with their names resolved to the table's entities
        (``person:Trump`` finds every Donald Trump article); as they are without a table."""
        resolve = self._entities()
        if resolve is None:
            return q, filter_q

        def speakers(entity: ArchiveEntity) -> list[wq.Query]:
            return self._speakers(entity, resolve, quotes)

        return resolve.expand(q, speakers), resolve.expand(filter_q, speakers) if filter_q is not None else None

    def _speakers(self, entity: ArchiveEntity, resolve: EntityQueries, quotes: bool) -> list[wq.Query]:
        """Queries for the speakers whose name means ``entity``, in the quotes or the articles index."""
        if self._speaker_names is None:
            assert self._qsearcher is not None
            segments = self._columns(quotes=True).segments if "speaker_facet" in self._qsearcher.schema else []
            self._speaker_names = speaker_surnames(segments, "speaker_facet", self._facet_dir)
        found = speakers_of(entity, self._speaker_names, resolve)
        if quotes:
            return [wq.Term("speaker_facet", v) for v in found]
        assert self._ix is not None
        analyzer = self._ix.schema["speakers"].analyzer
        words = [[t.text for t in analyzer(v)] for v in found]
        return [wq.Phrase("speakers", w) if len(w) > 1 else wq.Term("speakers", w[0]) for w in words if w]

    def _entities_facet(self) -> EntityFacets | None:
        """The people, organisations and places facet under the table's names (None without a table)."""
        resolve = self._entities()
        if resolve is None:
            return None
        facets = self._entity_facets
        if facets is None or facets.generation != resolve.generation:
            table, searcher = resolve.table, self._searcher
            assert searcher is not None

            def doc_of(article_id: str) -> int | None:
                return searcher.document_number(id=article_id)  # type: ignore[no-any-return]

            saved = entity_facets_file(self._facet_dir, self._columns(), resolve.generation)
            facets = EntityFacets.load(saved, resolve.generation) if saved is not None else None
            if facets is None:
                fields = {etype: self._facet(schema.FACET_FIELDS[name]) for name, etype in FILTER_TYPES.items()}
                facets = EntityFacets(
                    fields, table.names(), table.shared_links(), table.canonical(), doc_of, resolve.generation)
                if saved is not None:
                    facets.save(saved)
            self._entity_facets = facets
        return facets

    def entity(self, facet: str, name: str) -> ArchiveEntity | None:
        """The archive's entity a name means as a person, organisation or place (``facet``), or None."""
        resolve = self._entities()
        etype = FILTER_TYPES.get(facet)
        return resolve.find(name, etype) if resolve is not None and etype is not None else None

    # --- quotes ----------------------------------------------------------------------------------

    def search_quotes(
        self, text: str, *, limit: int = 50, filters: Mapping[str, str] | None = None
    ) -> tuple[int, list[QuoteHit]]:
        """Quotes matching ``text`` (in the quote or its speaker), best first, and their total."""
        return self._run(lambda: self._search_quotes(text, limit, filters))

    def _search_quotes(
        self, text: str, limit: int, filters: Mapping[str, str] | None
    ) -> tuple[int, list[QuoteHit]]:
        with self._current() as ready:
            if not ready:
                return 0, []
            assert self._qparser is not None and self._qsearcher is not None
            q = self._qparser.parse(text)
            if filters and set(filters) - {"speaker", "site"}:
                raise ArchiveError("Quotes can be filtered by speaker and site only.")
            filter_q = _filter_query(filters)
            cols = self._columns(quotes=True)
            matches = self._evaluate(*self._resolved(q, filter_q, quotes=True), cols)
            sort = "date" if _is_everything(q) else "relevance"
            total = len(matches)
            results = [(self._qsearcher.stored_fields(int(d)), score)
                       for d, score in _ranked(matches, sort, cols, limit)]
            hits = []
            for f, score in results:
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
                        score=score if sort == "relevance" else 0.0,
                    )
                )
            spelled = self._spellings(h.site for h in hits)
            return total, [dataclasses.replace(h, site=spelled[h.site]) if spelled.get(h.site, h.site) != h.site
                           else h for h in hits]


def _ranked(matches: Matches, sort: str, cols: Columns, limit: int) -> list[tuple[int, float]]:
    """The first ``limit`` matches in the order asked for, as (document number, score).

    Relevance: by score, ties in index order (as Whoosh). Dates: dated articles first, newest
    (or oldest) first, then the undated ones, each in index order.
    """
    ids, scores = matches.ids, matches.scores
    if not ids.size or limit <= 0:
        return []
    if sort == "relevance":
        if ids.size > 4 * limit:  # only the candidates for the top need sorting
            cut = np.partition(-scores, limit - 1)[limit - 1]
            keep = -scores <= cut
            ids, scores = ids[keep], scores[keep]
        order = np.lexsort((ids, -scores))
    else:
        values, dated = cols.numeric("date")
        key = values[ids] if sort == "date-asc" else -values[ids]
        order = np.lexsort((ids, key, ~dated[ids]))
    order = order[:limit]
    return [(int(d), float(v)) for d, v in zip(ids[order], scores[order], strict=True)]


def _is_everything(q: wq.Query) -> bool:
    """Whether ``q`` is every article (an empty query or ``*``), not a field's ``handle:*``."""
    return isinstance(q, wq.Every) and q.fieldname in (None, "", "*")


def _close_searchers(held: list[Any]) -> None:
    for searcher in held:
        searcher.close()
    held.clear()


def _refreshed(searcher: Any, ix: Any) -> Any:
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
