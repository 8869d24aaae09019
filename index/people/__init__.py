"""People across the archive: a person's page (``page``), the one function that says which person a
name means (``resolve``, through the archive-wide entity table), the grouping of near-identical
quotes (``groups``), and quote search with the article search's syntax and filters (``quotes``),
which the GUI's Quote search and ``morgue search --quotes`` use too."""

from __future__ import annotations

from index.people.groups import QuoteGroup, group_quotes, normalise, same_quote
from index.people.page import (
    PersonArticle,
    PersonPage,
    PersonPost,
    PersonQuote,
    citation_text,
    person_page,
    quote_refs,
)
from index.people.resolve import Person, resolve_person

__all__ = [
    "Person", "PersonArticle", "PersonPage", "PersonPost", "PersonQuote", "QuoteGroup", "citation_text",
    "group_quotes", "normalise", "person_page", "quote_refs", "resolve_person", "same_quote",
]
