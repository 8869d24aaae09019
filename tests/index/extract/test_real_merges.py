"""Merges on real pages of shared/corpus: within one article, and across articles through the table."""

from __future__ import annotations

from pathlib import Path

import pytest

from index import ingest
from index.extract import Extractor
from index.model import Entity, Extraction
from index.store.db import Store
from index.store.entities import EntityTable

CORPUS = Path(__file__).resolve().parents[3] / ".." / "shared" / "corpus"
HTML = "scrapinghub/html/{}.html.gz"
pytestmark = pytest.mark.skipif(not CORPUS.exists(), reason="shared/corpus is absent")

PAGES = {
    "cook": HTML.format("291a8bf33ee49074f33dcff37544ac40506cae450db83b6cb63f02b9920b51c2"),
    "impeachment": HTML.format("82b6d780c792df78dcfb00484d50c86fbc7f324a9eb5835b7615f028edb9a574"),
    "dwts": HTML.format("7dfc3e359d7c0ca48ac9046ae5759286cedf80abe7526fc6c6e6546b9ba43e33"),
    "tax": "readability/test-pages/nytimes-4/source.html",
    # Trump by his full name / only "Trump"; the Associated Press by name / only "AP"
    "trump_full": HTML.format("1ee91d1fce65e09be8b8d2d29eab771546d98ca2ba5c862941e660e9fec12432"),
    "trump_bare": HTML.format("04a6711caa7c687592777718866e781e976e0fe684faebe8b3cedcef8cd0ea34"),
    "ap_full": HTML.format("4a44ab3e4c41d56ce9b79eb07acb06aed1bc52aba68a950f06e7de7ef848400a"),
    "ap_bare": HTML.format("5caf91b8a4423735f866b089d2611ea14503584cf3b6f487c6d26eb7b9521fca"),
    "korea": "readability/test-pages/schema-org-context-object/source.html",
    "newspapers": HTML.format("8634d1211c3f2b73041e6cadd5d59676619838949999a83a23c51a3195b44892"),
    "instagram": HTML.format("d48aeb9cf2f2ff15769a57513249b4a6a669159f3e50b335e741d4206a824e88"),
    "science": HTML.format("bd673bd7988144f0ab7b9c5e19fed140fb5aaa30d8894cb045b72d3b79a7dc54"),
    "swift": HTML.format("eb62ac8425e5573947ecde962d14433d18e5725cc4a8c908fe22f678e96a65a1"),
}


def extracted(extractor: Extractor, key: str) -> Extraction:
    return extractor.extract(ingest.read_file(CORPUS / PAGES[key])[:1])[0]


def holding(ex: Extraction, form: str) -> list[Entity]:
    return [e for e in ex.entities if form == e.name or form in e.mentions]


@pytest.mark.parametrize(
    ("page", "forms", "name"),
    [
        ("cook", ["Cook", "CEO Tim Cook"], "Tim Cook"),  # "Hosting Cook" opens a sentence: not a second Cook
        ("impeachment", ["AP", "Associated Press"], "Associated Press"),  # an acronym alone joins its name
        ("dwts", ["Brooke", "Ally Brooke"], "Ally Brooke"),  # a surname spaCy tagged as a place
        ("tax", ["Republicans", "Republican"], "Republican Party"),  # NORP or ORG, the party
    ],
)
def test_one_entity_in_one_real_article(extractor: Extractor, page: str, forms: list[str], name: str) -> None:
    ex = extracted(extractor, page)
    found = {e.name for form in forms for e in holding(ex, form)}
    assert found == {name}


@pytest.mark.parametrize(
    ("page", "surname", "full", "others"),
    [
        # "Lee" after Lee Jae-myung, and "Lee, the leader of the Democratic Party" four paragraphs
        # after Interior Minister Lee Sang-min: the Lee named first
        ("korea", "Lee", "Lee Jae-myung", ["Lee Sang-min"]),
        # "Yoon, Kim and ..." right after "defense minister Kim Yong-hyun": not Margie Kim, named before
        ("korea", "Kim", "Kim Yong-hyun", ["Margie Kim", "Stella Kim"]),
        # "Vice President Biden", six paragraphs after Hunter Biden and nineteen after Joe Biden
        ("impeachment", "Vice President Biden", "Joe Biden", ["Hunter Biden"]),
    ],
)
def test_a_bare_surname_of_two_namesakes_is_the_one_it_stands_for(
        extractor: Extractor, page: str, surname: str, full: str, others: list[str]) -> None:
    ex = extracted(extractor, page)
    assert [e.name for e in holding(ex, surname)] == [full]
    for other in others:
        assert surname not in holding(ex, other)[0].mentions


@pytest.mark.parametrize(
    ("page", "forms", "name"),
    [
        ("korea", ["South", "South Korea"], "South Korea"),  # "the North", "the South"
        ("swift", ["Big Machine", "Big Machine Records", "Big Machine Label Group"], "Big Machine Label Group"),
        ("swift", ["Braun", "Scooter Braun"], "Scooter Braun"),  # both tagged ORG but "Braun" once PERSON
        ("impeachment", ["Volker", "Kurt Volker"], "Kurt Volker"),  # "special envoy to Ukraine Kurt Volker" ORG
    ],
)
def test_short_forms_on_real_pages(extractor: Extractor, page: str, forms: list[str], name: str) -> None:
    ex = extracted(extractor, page)
    assert {e.name for form in forms for e in holding(ex, form)} == {name}


def test_a_name_stops_at_a_word_no_name_holds(extractor: Extractor) -> None:
    ex = extracted(extractor, "swift")  # "the upcoming American Music Awards after Swift publicly scolded"
    assert holding(ex, "American Music Awards")
    assert not [e for e in ex.entities if "after" in e.name]
    assert not [e for e in ex.entities if e.name.endswith(",")]


def test_a_month_is_no_entity(extractor: Extractor) -> None:
    ex = extracted(extractor, "impeachment")  # "July" ORG
    assert not holding(ex, "July") and not holding(ex, "Ukraine Kurt Volker")


def test_a_firm_tagged_org_is_not_a_surname(extractor: Extractor) -> None:
    ex = extracted(extractor, "newspapers")  # "Tribune, the owner of the Chicago Tribune"
    assert [e.name for e in holding(ex, "Tribune")] == ["Tribune"]


@pytest.mark.parametrize(
    ("page", "outlets"),
    [
        ("instagram", {"WIRED"}),  # "confirmed to WIRED"
        ("swift", {"E! News"}),  # "according to a new report by E! News"
        ("science", {"BMJ Case Reports", "Live Science"}),  # "in the journal ...", "Originally published on ..."
        ("trump_full", {"Polygraph.info"}),  # "told Polygraph.info"
    ],
)
def test_outlets_the_model_misses_after_a_cue(extractor: Extractor, page: str, outlets: set[str]) -> None:
    ex = extracted(extractor, page)
    assert {e.name for e in ex.entities if e.type == "ORG"} >= outlets


def test_trump_and_the_associated_press_are_one_entity_each_across_real_articles(
        extractor: Extractor, tmp_path: Path) -> None:
    table = EntityTable(Store(tmp_path / "store.sqlite"))
    for key in PAGES:
        table.update(key, extracted(extractor, key).entities)
    trump = table.find("Trump", "person")
    assert trump is not None and trump.name == "Donald Trump" and trump.articles >= 2
    assert table.articles_of("Trump") >= {"trump_full", "trump_bare"}
    ap = table.find("AP", "org")
    assert ap is not None and ap.name == "Associated Press"
    assert table.articles_of("AP") >= {"ap_full", "ap_bare", "impeachment"}
    assert not [e for e in table.list() if e.name in ("Trump", "AP")]
