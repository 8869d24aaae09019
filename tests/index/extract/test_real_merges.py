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
