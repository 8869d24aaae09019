"""Quote search with the article search's query syntax and filters (the GUI's Quote search, the
person's page, ``morgue search --quotes``).

A quote is found by its own words and speaker (``tariffs``, ``"exact words"``, ``speaker:Leavitt``,
``quote:``, ``said:``, ``date:``), in the articles that the rest of the query and the filters
select (``person:``, ``org:``, ``place:``, ``entity:``, ``site:``, ``title:``, ``author:``,
``handle:``, …, and the window's person, organisation, place, site and year chips): the article
parts run as an article search, and only the quotes of the articles it finds are kept. The query's
top-level parts are joined with AND, so an OR may join article parts or quote parts, not one of
each: that says so in a sentence.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING

from index.errors import QuerySyntaxError
from index.model import QuoteHit

if TYPE_CHECKING:  # pragma: no cover
    from index.archive import Archive

PAGE = 500  # articles fetched per search page
ID_QUERY_MAX = 250  # articles named in the quote query itself (beyond: the quotes are filtered after)
MAX_QUERY_CHARS = 9_000  # under the query parser's limit

# Field names of the query a quote answers itself, and the quotes index's field for each.
QUOTE_FIELDS = {"text": "text", "quote": "text", "speaker": "speaker", "said": "speaker", "date": "date",
                "published": "date"}
# Filters the quotes index applies itself; the others (person, org, place, year) select articles.
QUOTE_FILTERS = ("speaker", "site")
_FIELD = re.compile(r"(?<![\w\"'])([A-Za-z_]+):")
_PHRASE = re.compile(r'"[^"]*"')
_OPEN, _CLOSE = "([{", ")]}"


def _tokens(text: str) -> list[str]:
    """The query's top-level parts: split at spaces outside phrases, groups and ranges."""
    out: list[str] = []
    current: list[str] = []
    depth, in_phrase = 0, False
    for ch in text:
        if ch == '"':
            in_phrase = not in_phrase
        elif not in_phrase and ch in _OPEN:
            depth += 1
        elif not in_phrase and ch in _CLOSE:
            depth = max(0, depth - 1)
        if ch.isspace() and depth == 0 and not in_phrase:
            if current:
                out.append("".join(current))
                current = []
            continue
        current.append(ch)
    if current:
        out.append("".join(current))
    return out


def _fields(token: str) -> set[str]:
    """The field names a part uses (outside phrases), lower case."""
    return {m.group(1).lower() for m in _FIELD.finditer(_PHRASE.sub('""', token))
            if not m.group(1).lower().startswith("http")}


def _as_quote_fields(token: str) -> str:
    """``quote:``, ``said:``, ``published:`` under the quotes index's own names."""
    parts = re.split(r'("[^"]*")', token)
    return "".join(p if p.startswith('"') else
                   _FIELD.sub(lambda m: QUOTE_FIELDS.get(m.group(1).lower(), m.group(1)) + ":", p) for p in parts)


def split_query(text: str) -> tuple[str, str]:
    """(the quote part, the article part) of a quote search's query; both may be ""."""
    clauses: list[list[str]] = []
    joined = False  # the next part joins the clause before (after an OR)
    pending_not: list[str] = []
    for token in _tokens(text.strip()):
        word = token.upper()
        if word == "AND":
            continue
        if word == "OR":
            joined = bool(clauses)
            continue
        if word == "NOT":
            pending_not.append(token)
            continue
        part = " ".join([*pending_not, token])
        pending_not = []
        if joined:
            clauses[-1].append("OR")
            clauses[-1].append(part)
        else:
            clauses.append([part])
        joined = False
    if pending_not:
        clauses.append(pending_not)  # the parser says what is wrong with a lone NOT
    quote_parts, article_parts = [], []
    for clause in clauses:
        kinds = {bool(_fields(p) - set(QUOTE_FIELDS)) for p in clause if p != "OR"}
        if kinds == {True, False}:
            raise QuerySyntaxError(
                "In a quote search, person:, org:, site: and the other article fields choose the articles the "
                "quotes are in: join them to the quote's words with AND, not OR.")
        if True in kinds:
            article_parts.append(" ".join(clause))
        else:
            quote_parts.append(_as_quote_fields(" ".join(clause)))
    return " ".join(quote_parts), " ".join(article_parts)


def article_ids(archive: Archive, query: str, filters: Mapping[str, str] | None = None) -> set[str]:
    """The ids of every article matching ``query`` and ``filters``."""
    ids: set[str] = set()
    page = 1
    while True:
        result = archive.search(query, page=page, pagelen=PAGE, sort="date", filters=filters, facets=False,
                                snippets=False)
        ids.update(h.id for h in result.hits)
        if page >= result.pages or not result.hits:
            return ids
        page += 1


def find_quotes(archive: Archive, query: str, *, limit: int = 50,
                filters: Mapping[str, str] | None = None) -> tuple[int, list[QuoteHit]]:
    """Quotes matching ``query`` in the articles its article parts and ``filters`` select, best first
    (newest first for no words), and their total."""
    quote_query, article_query = split_query(query)
    filters = dict(filters or {})
    quote_filters = {k: v for k, v in filters.items() if k in QUOTE_FILTERS}
    article_filters = {k: v for k, v in filters.items() if k not in QUOTE_FILTERS}
    if not article_query and not article_filters:
        return archive.search_quotes(quote_query, limit=limit, filters=quote_filters or None)
    ids = article_ids(archive, article_query, article_filters or None)
    if not ids:
        archive.search_quotes(quote_query, limit=1, filters=quote_filters or None)  # its syntax errors too
        return 0, []
    group = "(" + " OR ".join(f"article_id:{i}" for i in sorted(ids)) + ")^0"
    if len(ids) <= ID_QUERY_MAX and len(quote_query) + len(group) < MAX_QUERY_CHARS:
        # The articles as a clause of the query, with no weight: the quote query's own scores and
        # order, and only the quotes of those articles are read (a tenth of the time on the corpus).
        total, hits = _all(archive, f"({quote_query}) {group}" if quote_query else group, quote_filters)
        if not quote_query:  # as every quote is listed: newest first, undated last, else in index order
            hits.sort(key=lambda h: (h.date is None, -(h.date.toordinal() if h.date else 0)))
        return total, hits[:limit]
    total, hits = _all(archive, quote_query, quote_filters)
    kept = [h for h in hits if h.article_id in ids]
    return len(kept), kept[:limit]


def _all(archive: Archive, query: str, filters: Mapping[str, str]) -> tuple[int, list[QuoteHit]]:
    """Every quote matching, in the quote search's order."""
    total, hits = archive.search_quotes(query, limit=1000, filters=filters or None)
    if total > len(hits):
        total, hits = archive.search_quotes(query, limit=total, filters=filters or None)
    return total, hits
