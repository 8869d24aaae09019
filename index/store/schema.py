"""The Whoosh schemas: one index of articles, one of quotes (quotes are results of their own)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

from whoosh.analysis import LowercaseFilter, RegexTokenizer, StandardAnalyzer, StemFilter, StemmingAnalyzer
from whoosh.fields import DATETIME, ID, KEYWORD, STORED, TEXT, FieldType, SchemaClass
from whoosh.filedb.filestore import FileStorage

from index.ingest.common import site_of
from index.model import Article, Extraction

# Bump when the schema or what goes into it changes: the index is rebuilt from the document
# store (no parsing, no NLP) at the next run.
# 2: the sites field, for site: by name or host.
# 3: no entities field (entity: searches people, orgs and places), no unused quote id; a quote's
#    number is only stored and its date indexed as one term, not eight: a quarter fewer postings.
INDEX_VERSION = 3

ARTICLES = "articles"
QUOTES = "quotes"


def whoosh_storage(ix_dir: Path, readonly: bool = False) -> FileStorage:
    """The folder of the Whoosh indexes, not memory-mapped, for every reader and writer: Whoosh reads
    each file of a memory-mapped segment into a private copy (``BufferFile`` wraps it in a
    ``BytesIO``), so opening a 100,000-article index took a process from 30 MB to 1.06 GB, and a
    merge held a copy of every segment it read."""
    return FileStorage(str(ix_dir), supports_mmap=False, readonly=readonly)

# Stemmed text with no stop words removed, so phrases like "going in" still match exactly.
_stemmed = StemmingAnalyzer(stoplist=None, minsize=1)
# Names: lower-cased words, no stemming ("Pritzker" must not become "pritzk").
_names = RegexTokenizer(r"[\w@.'’-]+") | LowercaseFilter()
_plain = StandardAnalyzer(stoplist=None, minsize=1)


class ArticleSchema(SchemaClass):
    """One document per article."""

    id = ID(stored=True, unique=True)
    title = TEXT(analyzer=_stemmed, stored=True, field_boost=3.0, phrase=True)
    body = TEXT(analyzer=_stemmed, phrase=True)
    date = DATETIME(stored=True, sortable=True)
    year = ID(sortable=True)
    site = ID(stored=True, sortable=True)  # exact, lower-cased: for facets and filters
    sites = TEXT(analyzer=_names)  # the site's name and the URL's host, for ``site:`` queries
    url = ID(stored=True)
    authors = TEXT(analyzer=_names, stored=True)
    language = ID(stored=True)
    format = ID(stored=True)
    tags = KEYWORD(commas=True, lowercase=True, stored=True)
    # Filled by extraction.
    quotes = TEXT(analyzer=_stemmed, phrase=True)
    speakers = TEXT(analyzer=_names)
    people = TEXT(analyzer=_names)
    orgs = TEXT(analyzer=_names)
    places = TEXT(analyzer=_names)
    handles = KEYWORD(commas=True, lowercase=True)
    platforms = KEYWORD(commas=True, lowercase=True)
    # Exact canonical names, for facet counts and for the GUI's entity filter.
    person_facet = KEYWORD(commas=True)
    org_facet = KEYWORD(commas=True)
    place_facet = KEYWORD(commas=True)
    # Stored display values that are not searchable themselves.
    authors_display = STORED()


def _day() -> DATETIME:
    """A date indexed as one term per value, where Whoosh writes eight (one per precision, to
    expand wide ranges into few terms). Quote dates are days: a range expands to at most one
    term per day, and the index writes an eighth of the postings."""
    field = DATETIME(stored=True, sortable=True)
    field.shift_step = 0
    return field


class QuoteSchema(SchemaClass):
    """One document per quote."""

    article_id = ID(stored=True)
    n = STORED()  # the quote's place in its article
    text = TEXT(analyzer=_stemmed, stored=True, phrase=True)
    speaker = TEXT(analyzer=_names, stored=True)
    speaker_facet = ID(stored=True)
    title = STORED()
    date = _day()
    site = ID(stored=True)


def is_stemmed(field: FieldType) -> bool:
    """Whether a field's words are indexed as stems (the title, body and quote text)."""
    analyzer = getattr(field, "analyzer", None)
    return any(isinstance(f, StemFilter) for f in getattr(analyzer, "items", ()))


PERSON, ORG, PLACE = "PERSON", "ORG", "PLACE"
FACET_FIELDS = {"person": "person_facet", "org": "org_facet", "place": "place_facet", "site": "site", "year": "year"}


def _names_of(ex: Extraction, kind: str) -> list[str]:
    return [e.name for e in ex.entities if e.type == kind]


def _joined(values: Iterable[str]) -> str:
    return ",".join(v.replace(",", " ") for v in values if v)


def _datetime(d: dt.date | None) -> dt.datetime | None:
    return dt.datetime(d.year, d.month, d.day) if d else None


def article_document(article: Article, ex: Extraction | None) -> dict[str, object]:
    """The fields of an article's document in the articles index."""
    doc: dict[str, object] = {
        "id": article.id,
        "title": article.title,
        "body": article.body,
        "site": article.site.lower(),
        "sites": " ; ".join(dict.fromkeys(x for x in (article.site, site_of(article.url)) if x)),
        "url": article.url,
        "authors": " ; ".join(article.authors),
        "authors_display": list(article.authors),
        "language": article.language,
        "format": article.format,
        "tags": _joined(article.tags),
    }
    if article.date:
        doc["date"] = _datetime(article.date)
        doc["year"] = str(article.date.year)
    if ex is not None:
        people, orgs, places = _names_of(ex, PERSON), _names_of(ex, ORG), _names_of(ex, PLACE)
        speakers = sorted({q.speaker for q in ex.quotes if q.speaker})
        doc.update(
            quotes="\n".join(q.text for q in ex.quotes),
            speakers=" ; ".join(speakers),
            people=" ; ".join(n for e in ex.entities if e.type == PERSON for n in (e.name, *e.mentions)),
            orgs=" ; ".join(n for e in ex.entities if e.type == ORG for n in (e.name, *e.mentions)),
            places=" ; ".join(n for e in ex.entities if e.type == PLACE for n in (e.name, *e.mentions)),
            handles=_joined(p.handle.lstrip("@") for p in ex.posts if p.handle),
            platforms=_joined(sorted({p.platform for p in ex.posts})),
            person_facet=_joined(people),
            org_facet=_joined(orgs),
            place_facet=_joined(places),
        )
    return {k: v for k, v in doc.items() if v not in ("", None, [])}


def quote_documents(article: Article, ex: Extraction) -> list[dict[str, object]]:
    """The documents of an article's quotes in the quotes index."""
    docs = []
    for n, q in enumerate(ex.quotes):
        doc: dict[str, object] = {
            "article_id": article.id,
            "n": n,
            "text": q.text,
            "speaker": q.speaker or "",
            "speaker_facet": q.speaker or "",
            "title": article.title,
            "site": article.site.lower(),
        }
        if article.date:
            doc["date"] = _datetime(article.date)
        docs.append({k: v for k, v in doc.items() if v != ""})
    return docs
