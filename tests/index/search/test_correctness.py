"""What a side-by-side run against Whoosh's own search found (issue 12), one test per finding:
field wildcards, prefixes and stems, fuzzy words and stems, and errors a person can act on."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from whoosh.filedb.filestore import FileStorage

from index.errors import QuerySyntaxError
from index.search.searcher import Searcher
from index.store.schema import ARTICLES, QUOTES, ArticleSchema, QuoteSchema

BODIES = {
    "count": "The count of votes went on all night.",
    "counter": "A counterweight and a counter offer.",
    "sound": "The sound of the harbour at dawn.",
    "soundtrack": "The film's soundtrack was released.",
    "luxury": "A luxury hotel opened by the river.",
    "impeachment": "The impeachment hearing began on Monday.",
    "halden": "Halden Island welcomed the ferry.",
    "house": "The old house by the river.",
    "hour": "An hour later the ferry left.",
    "university": "The university opened a new library.",
    "planned": "The mayor planned a new bridge.",
    "plan": "The plan was estimated at a million.",
}
HANDLES = {"count": ("GovPritzker", 2023), "sound": ("cityhall", 2023), "luxury": ("GovPritzker", 2024)}


@pytest.fixture(scope="module")
def searcher(tmp_path_factory: pytest.TempPathFactory, search_mode: str) -> Iterator[Searcher]:
    ix_dir = tmp_path_factory.mktemp("whoosh")
    storage = FileStorage(str(ix_dir))
    ix = storage.create_index(ArticleSchema(), indexname=ARTICLES)
    storage.create_index(QuoteSchema(), indexname=QUOTES)
    w = ix.writer()
    for n, (name, body) in enumerate(BODIES.items()):
        year = HANDLES.get(name, ("", 2023 + n % 3))[1]
        doc = {"id": name, "title": name.title(), "body": body, "site": "s",
               "date": dt.datetime(year, 1 + n % 12, 1), "year": str(year)}
        if name in HANDLES:
            doc["handles"] = HANDLES[name][0].lower()
        w.add_document(**doc)
    w.commit()
    s = Searcher(Path(ix_dir), lambda ids: {i: BODIES.get(i, "") for i in ids})
    yield s
    s.close()


def ids(searcher: Searcher, text: str, **kw: object) -> set[str]:
    return {h.id for h in searcher.search(text, pagelen=100, **kw).hits}  # type: ignore[arg-type]


def test_1_a_field_wildcard_is_that_field_not_browse_everything(searcher: Searcher) -> None:
    assert ids(searcher, "handle:*") == {"count", "sound", "luxury"}
    assert ids(searcher, "handle:*", filters={"year": "2023"}) == {"count", "sound"}
    result = searcher.search("handle:*")
    assert result.sort == "relevance" and all(h.score > 0 for h in result.hits)
    assert searcher.search("*").total == searcher.search("").total == len(BODIES)
    assert searcher.search("*").sort == "date"  # browsing: newest first


def test_2_a_prefix_finds_the_stems_of_the_words_it_begins_and_no_shorter_ones(searcher: Searcher) -> None:
    assert ids(searcher, "counter*") == {"counter"}  # not "count"
    assert ids(searcher, "soundt*") == {"soundtrack"}  # not "sound"
    assert ids(searcher, "luxury*") == {"luxury"}  # indexed as "luxuri"
    assert ids(searcher, "universit*") == {"university"}  # indexed as "univers"
    assert ids(searcher, "hous*") == {"house"}  # not "hour"
    assert ids(searcher, "coun*") == {"count", "counter"}


def test_3_a_swap_of_two_letters_is_one_edit(searcher: Searcher) -> None:
    assert ids(searcher, "hladen~") == {"halden"}
    assert ids(searcher, "sonud~") == {"sound"}


def test_5_a_one_letter_typo_finds_the_word_through_its_stem(searcher: Searcher) -> None:
    assert ids(searcher, "impeachmnt~") == {"impeachment"}  # indexed as "impeach"
    assert ids(searcher, "luxary~") == {"luxury"}
    assert ids(searcher, "univrsity~") == {"university"}
    spans = searcher.highlights("impeachmnt~", [BODIES["impeachment"]])
    assert [BODIES["impeachment"][s:e] for _, s, e in spans] == ["impeachment"]


def test_6_totals_differ_from_other_engines_where_whoosh_stems_an_inflection_apart(searcher: Searcher) -> None:
    """The cause of the totals off by 1-3 against FTS5, Xapian and Tantivy: Whoosh's Porter
    stemmer keeps a doubled consonant after -ed/-ing ("planned" is "plann") and the -at/-iz of
    -ated/-ized ("estimated" is "estimat"), where Porter's algorithm stems them to "plan" and
    "estim". Documented in the README; fixing it changes the index (a rebuild)."""
    from whoosh.lang.porter import stem

    assert (stem("planned"), stem("estimated"), stem("estimate")) == ("plann", "estimat", "estim")
    assert ids(searcher, "plan") == {"plan"}  # FTS5 also finds "planned"
    assert ids(searcher, "planned") == {"planned"}
    assert ids(searcher, "plan*") == {"plan", "planned"}  # a prefix finds both


def test_7_not_not_says_what_to_change(searcher: Searcher) -> None:
    with pytest.raises(QuerySyntaxError, match=r"NOT NOT: remove it, or put a word"):
        searcher.search("NOT NOT the")
    assert ids(searcher, "NOT (NOT ferry)") == {"halden", "hour"}
