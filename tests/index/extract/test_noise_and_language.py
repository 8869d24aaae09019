"""The noise list, placeholder text and the language gate, on real pages of shared/corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

from index import ingest
from index.extract import Extractor
from index.extract.language import (
    SAMPLE_CHARS,
    _get_detector,
    article_language,
    clearly_english,
    detect,
    skipped_message,
)
from index.extract.noise import NOT_ENTITIES, PLATFORMS, as_company, gives_no_entities, is_placeholder, noise_type
from index.model import Article, Extraction, Paragraph

CORPUS = Path(__file__).resolve().parents[3] / ".." / "shared" / "corpus"
pytestmark = pytest.mark.skipif(not CORPUS.exists(), reason="shared/corpus is absent")


def run(extractor: Extractor, page: str, **changes: object) -> tuple[Article, Extraction]:
    article = ingest.read_file(CORPUS / page)[0]
    if changes:
        from dataclasses import replace

        article = replace(article, **changes)  # type: ignore[arg-type]
    return article, extractor.extract([article])[0]


@pytest.mark.parametrize(
    "name", ["Twitter", "Facebook", "Instagram", "TikTok", "YouTube", "Chrome", "Firefox", "JSON", "Email", "Brexit"]
)
def test_platforms_products_formats_and_common_words_are_never_people(name: str) -> None:
    key = name.lower()
    assert key in NOT_ENTITIES or key in PLATFORMS
    for etype in ("PERSON", "ORG", "PLACE"):
        assert noise_type(key, etype) is None  # no entity where a platform is only where something was posted
        assert noise_type(key, etype, company=True) in (None, "ORG")  # the company at most


@pytest.mark.parametrize(
    ("text", "company"),
    [
        ("Twitter CEO Jack Dorsey has spoken out.", True),
        ("Instagram began testing hiding public like counts.", True),
        ("But the Facebook-owned company has also quietly encouraged some users.", True),
        ("Businesses across Facebook’s various platforms.", True),
        ("Follow NBC Latino on Facebook, Twitter and Instagram.", False),
        ("In his initial Instagram announcement of the pregnancy.", False),
        ("She said on Twitter that she was leaving.", False),
        ("The production of a Netflix documentary she has been working on.", False),
    ],
)
def test_a_platform_is_the_company_only_where_the_article_writes_about_it(text: str, company: bool) -> None:
    name = next(p for p in ("Twitter", "Instagram", "Facebook", "Netflix") if p in text)
    start = text.index(name)
    assert as_company(text, start, start + len(name)) is company


def test_companies_the_model_calls_people_or_places_are_organisations() -> None:
    assert noise_type("spacex", "PERSON") == "ORG"
    assert noise_type("netflix", "PLACE", company=True) == "ORG"
    assert noise_type("moon", "PERSON") is None and noise_type("moon", "PLACE") == "PLACE"


def test_placeholder_and_boilerplate_paragraphs() -> None:
    assert is_placeholder("Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor.")
    assert is_placeholder("Duis aute irure dolor in reprehenderit in voluptate velit esse cillum dolore.")
    assert gives_no_entities("Excerpt") and gives_no_entities("ADVERTISEMENT")
    assert not gives_no_entities("Donald Trump said on Tuesday that the deal was off.")


@pytest.mark.parametrize(
    ("page", "absent"),
    [
        ("readability/test-pages/aclu/source.html", {"Chrome", "Firefox"}),
        ("readability/test-pages/firefox-nightly-blog/source.html", {"Firefox"}),
        ("readability/test-pages/citylab-1/source.html", {"Twitter"}),
        ("readability/test-pages/google-sre-book-1/source.html", {"Email"}),
        ("picked/trafilatura__latimes.com.bloomberg.html", {"Twitter"}),
    ],
)
def test_real_pages_lose_their_noise(extractor: Extractor, page: str, absent: set[str]) -> None:
    _, ex = run(extractor, page)
    names = {e.name for e in ex.entities} | {m for e in ex.entities for m in e.mentions}
    assert not names & absent
    assert ex.entities  # the page still names people, organisations or places


@pytest.mark.parametrize(
    "page", ["readability/test-pages/base-url/source.html", "readability/test-pages/embedded-videos/source.html"]
)
def test_lorem_ipsum_pages_name_no_one(extractor: Extractor, page: str) -> None:
    _, ex = run(extractor, page)
    assert not [e for e in ex.entities if e.name in ("Lorem", "Duis") or e.type == "PERSON"]


def test_a_german_page_gets_posts_and_quotes_but_no_entities(extractor: Extractor) -> None:
    article, ex = run(extractor, "readability/test-pages/heise/source.html")
    assert article.language == "de"
    assert ex.language == "de" and ex.nlp_skipped_reason == "language"
    assert ex.entities == ()
    assert all(q.speaker is None for q in ex.quotes)
    assert skipped_message(ex) == "No entity recognition for German articles."


def test_a_german_page_without_metadata_is_detected(extractor: Extractor) -> None:
    article, ex = run(extractor, "picked/trafilatura__beige.de.suedfrankreich.html", language="")
    assert article_language(article) == "de"
    assert ex.entities == () and ex.nlp_skipped_reason == "language"


def test_a_polish_page_without_metadata_is_detected(extractor: Extractor) -> None:
    page = "picked/trafilatura__Jest zgoda PE na umowę handlową między UE a Londynem.html"
    article, ex = run(extractor, page)
    assert article_language(article) == "pl"
    assert ex.entities == ()


@pytest.mark.parametrize("page", [
    "readability/test-pages/heise/source.html",
    "picked/trafilatura__beige.de.suedfrankreich.html",
    "picked/trafilatura__Jest zgoda PE na umowę handlową między UE a Londynem.html",
    "readability/test-pages/citylab-1/source.html",
])
def test_the_english_shortcut_answers_only_what_the_detector_would(page: str) -> None:
    # The cheap test says "English" only for text lingua calls English; anything else goes to lingua.
    article = ingest.read_file(CORPUS / page)[0]
    sample = (article.title + "\n" + "\n".join(p.text for p in article.paragraphs[:40]))[:SAMPLE_CHARS]
    found = _get_detector().detect_language_of(sample)
    assert clearly_english(sample) == (found.iso_code_639_1.name == "EN")


def test_a_foreign_text_quoting_some_english_is_left_to_the_detector() -> None:
    german = ("Der Bundestag hat am Donnerstag über das neue Gesetz beraten, das die Regierung im Frühjahr "
              "vorgelegt hatte. Die Opposition kritisierte den Entwurf scharf und kündigte Widerstand an. ") * 6
    quoted = '"We have said that this is not the deal they wanted, and it has been hard," sagte er. '
    assert not clearly_english(german + quoted)
    assert detect(german + quoted) == "de"
    assert clearly_english("He said that the vote, which they had wanted, was not the end of it. " * 4)


def test_english_without_metadata_and_short_texts_keep_the_model(extractor: Extractor) -> None:
    _, ex = run(extractor, "readability/test-pages/citylab-1/source.html", language="")
    assert ex.language == "en" and not ex.nlp_skipped_reason and ex.entities
    assert detect("Pritzker said no.") == ""  # too short to judge: the default model's language
    short = Article(id="s", title="t", paragraphs=(Paragraph("JB Pritzker spoke in Chicago."),))
    assert extractor.extract([short])[0].entities


def test_a_model_per_language_is_a_setting() -> None:
    mine = Extractor(model={"de": "de_core_news_sm"})
    assert mine.models["de"] == "de_core_news_sm" and mine.model == Extractor().model


@pytest.mark.parametrize("word", ["GUI", "UI", "API", "URL", "CPU", "IP", "SDK"])
def test_technical_words_are_no_entities(word: str) -> None:
    for etype in ("PERSON", "ORG", "PLACE"):
        assert noise_type(word.lower(), etype) is None


def test_a_platform_with_a_thing_of_it_is_no_name() -> None:
    for key in ("twitter feed", "instagram account", "facebook page"):
        assert noise_type(key, "PERSON") is None and noise_type(key, "ORG", company=True) is None
    assert noise_type("twitter", "ORG", company=True) == "ORG"


def test_a_table_of_contents_line_names_no_one() -> None:
    assert gives_no_entities("2.2. Initial PUT ............................................... 12")
    assert gives_no_entities("Initial PUT. . . . . . . . . . 12")
    assert gives_no_entities("12.5. Initial PUT")  # a numbered heading of a specification
    assert not gives_no_entities("He paused... then the Senate voted.")
    assert not gives_no_entities("2. Donald Trump said on Tuesday that the deal was off, and the Senate voted.")


@pytest.mark.parametrize(
    ("page", "absent"),
    [
        # "Initial PUT.............................................." of the contents, IP, GUI, UI
        ("readability/test-pages/ietf-1/source.html", {"Initial PUT", "IP"}),
        ("readability/test-pages/table-style-attributes/source.html", {"GUI", "UI"}),
        ("readability/test-pages/blogger/source.html", {"GUI", "IP"}),
        # "Alice commits a draft changeset ... Bob pulls": the stand-ins of a tutorial
        ("readability/test-pages/mercurial/source.html", {"Alice", "Bob"}),
        ("readability/test-pages/medium-3/source.html", {"Twitter Feed"}),
    ],
)
def test_real_pages_lose_their_technical_noise(extractor: Extractor, page: str, absent: set[str]) -> None:
    _, ex = run(extractor, page)
    names = {e.name for e in ex.entities} | {m for e in ex.entities for m in e.mentions}
    assert not {n for n in names if n.rstrip(". ") in absent}, sorted(names)


def test_one_alice_is_a_name(extractor: Extractor) -> None:
    article = Article(id="a", title="t", paragraphs=(
        Paragraph("Alice Waters opened the restaurant in 1971. Alice still cooks there on Sundays."),))
    ex = extractor.extract([article])[0]
    assert [e.name for e in ex.entities if e.type == "PERSON"] == ["Alice Waters"]
