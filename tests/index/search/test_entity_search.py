"""Names in queries, filters and facets go through the archive-wide entity table: ``person:Trump``,
``person:"Donald J. Trump"``, ``person:"President Trump"`` and a click on the entity find the same
articles, and the facets count each entity once under its canonical name."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from index.archive import Archive
from index.model import Article, Entity, Extraction, Paragraph, Quote


def _entity(name: str, etype: str = "PERSON", *mentions: str) -> Entity:
    return Entity(name, etype, tuple(dict.fromkeys((name, *mentions))), 1 + len(mentions))


def _article(aid: str, text: str) -> Article:
    return Article(id=aid, title=f"Story {aid}", paragraphs=(Paragraph(text),), date=dt.date(2024, 5, 1),
                   site="example.org", url=f"https://example.org/{aid}")


def _quote(text: str, speaker: str) -> Quote:
    return Quote(text=text, speaker=speaker, speaker_kind="person", paragraph=0, start=0, end=len(text))


ITEMS = [
    ("full", "President Donald Trump spoke; Trump said more.",
     (_entity("Donald Trump", "PERSON", "Trump", "President Trump"),)),
    ("full2", "Donald Trump flew in.", (_entity("Donald Trump"),)),
    ("full3", "Donald Trump flew out.", (_entity("Donald Trump"),)),
    ("middle", "Donald J. Trump signed it.", (_entity("Donald J. Trump"),)),
    ("bare", "Trump left early.", (_entity("Trump"),)),
    ("as-org", "Trump won the vote.", (_entity("Trump", "ORG"),)),
    # Two Trumps in one article: its bare "Trump" stays apart from Donald Trump.
    ("melania", "Melania Trump arrived; Trump waved.", (_entity("Melania Trump"), _entity("Trump"))),
    # An acronym joins the name an article defines it as ("AP" alone never joins a name it merely spells).
    ("press", "The Associated Press (AP) reported it.", (_entity("Associated Press", "ORG", "AP"),)),
    ("acronym", "AP reported it too.", (_entity("AP", "ORG"),)),
    ("boris", "Boris Johnson spoke.", (_entity("Boris Johnson"),)),
    ("brandon", "Brandon Johnson spoke.", (_entity("Brandon Johnson"),)),
    ("johnson", "Johnson spoke.", (_entity("Johnson"),)),
    ("house", "The House voted.", (_entity("House", "ORG"),)),
    ("white-house", "The White House said no.", (_entity("White House", "ORG"),)),
    ("volker1", "Kurt Volker testified.", (_entity("Kurt Volker"),)),
    ("volker2", "Volker testified again.", (_entity("Volker"),)),
    ("volker3", "Kurt Volker was asked.", (_entity("Kurt Volker"),)),
]
QUOTES = {"volker1": _quote("I was not aware.", "Kurt Volker"), "volker2": _quote("I never heard it.", "Volker")}
TRUMP = {"full", "full2", "full3", "middle", "bare", "as-org"}


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory, search_mode: str) -> Archive:
    a = Archive(tmp_path_factory.mktemp("data"))
    rows = []
    for aid, text, entities in ITEMS:
        article = _article(aid, text)
        quotes = (QUOTES[aid],) if aid in QUOTES else ()
        rows.append((article, article.content_hash, Extraction(quotes=quotes, entities=entities), 1))
    a.store.commit_batch(articles=rows)
    a.rebuild()  # the index and the entity table from the store, no NLP
    return a


def ids(archive: Archive, query: str, **kw: object) -> set[str]:
    return {h.id for h in archive.search(query, pagelen=100, **kw).hits}  # type: ignore[arg-type]


def test_every_form_of_a_name_and_a_click_find_the_same_articles(archive: Archive) -> None:
    for query in ("person:Trump", 'person:"Donald J. Trump"', 'person:"President Trump"', 'person:"Donald Trump"',
                  "person:trump", "entity:Trump"):
        assert ids(archive, query) == TRUMP, query
    assert ids(archive, "", filters={"person": "Donald Trump"}) == TRUMP
    # A filter is a facet's or the panel's canonical name: "Trump" is the one kept apart, beside Melania.
    assert ids(archive, "", filters={"person": "Trump"}) == {"melania"}
    assert archive.entity_count("person", "Donald Trump") == 6 and archive.entity_count("person", "Trump") == 1
    assert ids(archive, "org:AP") == ids(archive, 'org:"Associated Press"') == {"press", "acronym"}
    assert ids(archive, "person:Trump AND NOT person:Melania") == TRUMP
    assert not ids(archive, "NOT person:Trump") & TRUMP and "melania" in ids(archive, "NOT person:Trump")
    assert ids(archive, "person:Trump AND spoke") == {"full"}


def test_a_bare_name_the_table_keeps_apart_still_finds_every_article_with_it(archive: Archive) -> None:
    assert ids(archive, "person:Johnson") == {"boris", "brandon", "johnson"}
    assert ids(archive, 'person:"Boris Johnson"') == {"boris"}
    assert ids(archive, "person:Nobody") == set()
    # A bare name that means one entity is that entity only: not every organisation with the word.
    assert ids(archive, "org:House") == {"house"} and archive.entity_count("org", "House") == 1


def test_facets_count_each_entity_once_under_its_canonical_name(archive: Archive) -> None:
    facets = archive.search("").facets
    people, orgs = dict(facets["person"]), dict(facets["org"])
    assert people["Donald Trump"] == 6
    assert "Donald J. Trump" not in people and "Trump" not in orgs and "AP" not in orgs
    assert orgs["Associated Press"] == 2
    assert people["Kurt Volker"] == 3 and "Volker" not in people
    assert people["Trump"] == 1  # the one kept apart, beside Melania
    # Counts of a result set are exact too.
    assert dict(archive.search("person:Trump").facets["person"]) == {"Donald Trump": 6}
    assert dict(archive.search("spoke").facets["person"]) == {
        "Donald Trump": 1, "Boris Johnson": 1, "Brandon Johnson": 1, "Johnson": 1}


def test_speakers_resolve_to_the_same_person(archive: Archive) -> None:
    by_surname = {(h.article_id, h.speaker) for h in archive.search_quotes("speaker:Volker")[1]}
    assert by_surname == {("volker1", "Kurt Volker"), ("volker2", "Volker")}
    in_full = {(h.article_id, h.speaker) for h in archive.search_quotes('speaker:"Kurt Volker"')[1]}
    assert in_full == by_surname
    assert {h.article_id for h in archive.search_quotes("", filters={"speaker": "Kurt Volker"})[1]} == {
        "volker1", "volker2"}
    assert ids(archive, 'speaker:"Kurt Volker"') == {"volker1", "volker2"}


def test_the_archive_resolves_a_person_for_other_views(archive: Archive) -> None:
    found = archive.resolve_person("President Trump")
    assert found is not None and found.name == "Donald Trump" and found.articles == 6
    assert archive.resolve_person("Nobody Atall") is None
    links = archive.article_entities("as-org")
    assert links[("ORG", "Trump")].name == "Donald Trump" and links[("ORG", "Trump")].type == "PERSON"


def test_facets_follow_the_table_when_it_changes(tmp_path: Path, search_mode: str) -> None:
    a = Archive(tmp_path / "data")
    rows = []
    for aid, text, entities in ITEMS[:7]:
        article = _article(aid, text)
        rows.append((article, article.content_hash, Extraction(entities=entities), 1))
    a.store.commit_batch(articles=rows)
    a.rebuild()
    shown = {"Donald Trump": 6, "Melania Trump": 1, "Trump": 1}
    assert dict(a.search("").facets["person"]) == shown
    a.correct_entity("hide", "Melania Trump")  # the table changes; the facets follow at once
    assert dict(a.search("").facets["person"]) == {"Donald Trump": 7}
    assert ids(a, "person:Trump") == {*TRUMP, "melania"}
    a.rebuild()  # morgue rebuild: the same, without NLP
    assert dict(a.search("").facets["person"]) == {"Donald Trump": 7}
    assert ids(a, 'person:"Donald J. Trump"') == {*TRUMP, "melania"}


def test_the_entity_facets_are_saved_for_the_next_process_and_follow_changes(
        tmp_path: Path, search_mode: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from index.search.facets import EntityFacets

    a = Archive(tmp_path / "data")
    rows = []
    for aid, text, entities in ITEMS:
        article = _article(aid, text)
        rows.append((article, article.content_hash, Extraction(entities=entities), 1))
    a.store.commit_batch(articles=rows)
    a.rebuild()
    computed = a.search("").facets
    saved = sorted((tmp_path / "data" / "facets").glob("*.entities"))
    if search_mode == "fallback":  # Whoosh's own search: no segment ids, nothing saved
        assert saved == []
        return
    assert len(saved) == 1
    a.close()
    b = Archive(tmp_path / "data")  # a new process: the counts come from the file
    with monkeypatch.context() as m:
        m.setattr(EntityFacets, "__init__", lambda *args: pytest.fail("computed again"))
        assert b.search("").facets == computed
    assert dict(b.search("spoke").facets["person"]) == {
        "Donald Trump": 1, "Boris Johnson": 1, "Brandon Johnson": 1, "Johnson": 1}
    b.correct_entity("hide", "Melania Trump")  # a new table generation: computed again, the old file gone
    assert dict(b.search("").facets["person"])["Donald Trump"] == 7
    now = sorted((tmp_path / "data" / "facets").glob("*.entities"))
    assert len(now) == 1 and now != saved
    b.close()
    now[0].write_bytes(b"not a zip")  # unreadable: computed again, not an error
    c = Archive(tmp_path / "data")
    assert dict(c.search("").facets["person"])["Donald Trump"] == 7


def test_the_speakers_by_surname_are_saved_beside_the_index(archive: Archive, search_mode: str,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """A ``speaker:`` query groups every speaker of the quotes by surname: saved per segment of the
    quotes index the first time, read back by the next process, with the same speakers found."""
    from index.search import entities

    before = {(h.article_id, h.speaker) for h in archive.search_quotes("speaker:Volker")[1]}
    saved = sorted((archive.data_dir / "facets").glob(f"*{entities.SURNAMES}"))
    if search_mode == "fallback":  # Whoosh's public reader names no segments: nothing is saved
        assert not saved
        return
    assert saved and all(p.name.startswith("quotes_") for p in saved)

    def no_grouping(values):  # type: ignore[no-untyped-def]
        raise AssertionError("the saved speakers were grouped again")

    monkeypatch.setattr(entities, "by_surname", no_grouping)
    again = Archive(archive.data_dir)
    try:
        assert {(h.article_id, h.speaker) for h in again.search_quotes("speaker:Volker")[1]} == before
        assert ids(again, 'speaker:"Kurt Volker"') == {"volker1", "volker2"}
    finally:
        again.close()
