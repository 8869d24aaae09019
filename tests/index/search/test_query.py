"""The query language's field names: ``entity:`` searches people, organisations and places."""

from __future__ import annotations

import pytest

from index.search.query import QueryParser
from index.store.schema import ArticleSchema


@pytest.fixture(scope="module")
def parser() -> QueryParser:
    return QueryParser(ArticleSchema())


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("entity:Pritzker", "(people:pritzker OR orgs:pritzker OR places:pritzker)"),
        ('Name:"JB Pritzker"', '(people:"jb pritzker" OR orgs:"jb pritzker" OR places:"jb pritzker")'),
        ("entities:pritz*", "(people:pritz* OR orgs:pritz* OR places:pritz*)"),
        ("entity:(chicago title:troops)", "((people:chicago OR orgs:chicago OR places:chicago) AND title:troop)"),
        ("NOT entity:cta", "NOT (people:cta OR orgs:cta OR places:cta)"),
        ("person:pritzker", "people:pritzker"),
    ],
)
def test_entity_searches_every_kind_of_name(parser: QueryParser, text: str, expected: str) -> None:
    assert str(parser.parse(text)) == expected


def test_quote_search_names_only_the_fields_a_quote_can_be_searched_by() -> None:
    from index.errors import QuerySyntaxError
    from index.store.schema import QuoteSchema

    parser = QueryParser(QuoteSchema(), ["text", "speaker"])
    for text in ("title:budget", "person:Okafor", "n:3"):  # stored only, or the articles' fields
        with pytest.raises(QuerySyntaxError, match="use one of: text, date, site, speaker"):
            parser.parse(text)
    assert str(parser.parse("Speaker:Okafor")) == "speaker:okafor"
