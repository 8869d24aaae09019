"""The archive-wide entity table: resolution across articles, incremental upkeep, rebuild without NLP."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from index.model import Article, Entity, Extraction, Paragraph
from index.store.db import Store
from index.store.entities import EntityTable


def person(name: str, *mentions: str, type: str = "PERSON") -> Entity:  # noqa: A002
    return Entity(name, type, tuple(dict.fromkeys((name, *mentions))), 1 + len(mentions))


def org(name: str, *mentions: str) -> Entity:
    return person(name, *mentions, type="ORG")


def place(name: str, *mentions: str) -> Entity:
    return person(name, *mentions, type="PLACE")


@pytest.fixture()
def table(tmp_path: Path) -> EntityTable:
    return EntityTable(Store(tmp_path / "store.sqlite"))


def names(table: EntityTable) -> dict[str, tuple[str, int]]:
    return {e.name: (e.type, e.articles) for e in table.list()}


def test_titles_middle_initials_and_case_make_one_entity(table: EntityTable) -> None:
    table.update("a1", [person("Donald Trump", "President Trump", "Trump")])
    table.update("a2", [person("Donald J. Trump", "Mr. Trump")])
    table.update("a3", [place("Washington", "WASHINGTON")])
    table.update("a4", [place("WASHINGTON")])
    assert names(table) == {"Donald Trump": ("PERSON", 2), "Washington": ("PLACE", 2)}
    assert table.resolve("Donald J. Trump") == table.resolve("President Trump") == "Donald Trump"
    # What search needs: one set of articles whatever the form, and every form to look for.
    assert table.articles_of("Trump", "person") == table.articles_of("Donald J. Trump") == {"a1", "a2"}
    assert table.forms_of("Mr. Trump")[0] == "Donald Trump" and "President Trump" in table.forms_of("Trump")
    assert table.resolve("Nobody Known") == "Nobody Known" and table.articles_of("Nobody Known") == set()


def test_a_bare_surname_joins_the_dominant_full_name_and_the_type_is_the_majority(table: EntityTable) -> None:
    for i in range(4):
        table.update(f"full{i}", [person("Donald Trump", "Trump")])
    table.update("bare", [person("Trump")])
    table.update("org", [org("Trump")])  # spaCy's bare "Trump" ORG
    table.update("melania", [person("Melania Trump")])
    assert names(table) == {"Donald Trump": ("PERSON", 6), "Melania Trump": ("PERSON", 1)}
    assert table.find("Trump", "person").name == "Donald Trump"  # type: ignore[union-attr]


def test_two_people_of_a_surname_keep_the_bare_surname_apart_and_the_change_is_logged(
    table: EntityTable, caplog: pytest.LogCaptureFixture
) -> None:
    table.update("b1", [person("Boris Johnson", "Johnson")])
    table.update("bare1", [person("Johnson")])
    table.update("bare2", [person("Johnson")])
    assert names(table)["Boris Johnson"] == ("PERSON", 3)
    with caplog.at_level(logging.INFO, logger="index.store.entities"):
        relinks = table.apply([("c1", "", 0, [person("Brandon Johnson", "Johnson")])], ())
    assert names(table) == {"Boris Johnson": ("PERSON", 1), "Brandon Johnson": ("PERSON", 1),
                            "Johnson": ("PERSON", 2)}
    assert [(r.lookup, r.links, r.old, r.new) for r in relinks] == [("johnson", 2, "Boris Johnson", "Johnson")]
    assert "moved from 'Boris Johnson' to 'Johnson'" in caplog.text
    # The second Johnson leaves: the bare name is Boris's again.
    table.remove("c1")
    assert names(table) == {"Boris Johnson": ("PERSON", 3)}


def test_an_article_with_two_candidates_keeps_its_bare_surname_apart(table: EntityTable) -> None:
    table.update("a", [person("Mike Ford"), person("Dale Ford"), person("Ford")])
    assert set(names(table)) == {"Mike Ford", "Dale Ford", "Ford"}


def test_acronyms_defined_anywhere_and_handles(table: EntityTable) -> None:
    table.update("a1", [org("Associated Press", "AP"), person("JB Pritzker", "@GovPritzker")])
    table.update("a2", [org("AP"), person("@GovPritzker")])
    table.update("a3", [org("Immigration and Customs Enforcement")])
    table.update("a4", [org("ICE")])  # the one name of the archive it spells, but never defined as it
    assert names(table) == {"Associated Press": ("ORG", 2), "JB Pritzker": ("PERSON", 2),
                            "Immigration and Customs Enforcement": ("ORG", 1), "ICE": ("ORG", 1)}
    assert table.resolve("AP", "org") == "Associated Press"
    # An article defines it ("Immigration and Customs Enforcement (ICE)"): the bare ICE joins the name.
    table.update("a5", [org("Immigration and Customs Enforcement", "ICE")])
    assert names(table)["Immigration and Customs Enforcement"] == ("ORG", 3) and "ICE" not in names(table)


def test_an_acronym_is_not_a_name_whose_initials_only_spell_it(table: EntityTable) -> None:
    table.update("nyt", [org("Urban Institute")])
    for i in range(3):  # pages about a user interface
        table.update(f"ui{i}", [org("UI")])
    assert names(table) == {"Urban Institute": ("ORG", 1), "UI": ("ORG", 3)}


def test_a_word_merged_once_into_a_longer_name_stays_itself(table: EntityTable) -> None:
    table.update("ads", [org("Google Ads", "Google")])
    for i in range(5):
        table.update(f"g{i}", [org("Google")])
    assert names(table) == {"Google": ("ORG", 5), "Google Ads": ("ORG", 1)}


def test_a_place_never_joins_a_person_by_surname(table: EntityTable) -> None:
    table.update("g", [person("George Washington")])
    table.update("w", [place("Washington")])
    assert names(table) == {"George Washington": ("PERSON", 1), "Washington": ("PLACE", 1)}


def test_aliases_carry_article_counts(table: EntityTable) -> None:
    table.update("a1", [person("Joe Biden", "Biden")])
    table.update("a2", [person("Biden")])
    (biden,) = table.list("person")
    assert dict(biden.aliases) == {"Joe Biden": 1, "Biden": 2}


def _store_with(tmp_path: Path, n: int) -> Store:
    store = Store(tmp_path / "store.sqlite")
    rows = []
    for i in range(n):
        a = Article(id=f"a{i}", title="t", paragraphs=(Paragraph(f"text {i}"),))
        ex = Extraction(entities=(person("Joe Biden", "Biden") if i % 2 else person("Biden"), place("Ohio")))
        rows.append((a, a.content_hash, ex, 3))
    store.commit_batch(articles=rows)
    return store


def test_sync_reads_only_what_changed_and_rebuild_needs_no_nlp(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    store = _store_with(tmp_path, 10)
    table = EntityTable(store)
    table.sync()
    assert names(table) == {"Joe Biden": ("PERSON", 10), "Ohio": ("PLACE", 10)}
    seen: list[int] = []
    apply = EntityTable.apply

    def spy(self: EntityTable, updates, removed):  # type: ignore[no-untyped-def]
        updates = list(updates)
        seen.append(len(updates))
        return apply(self, updates, removed)

    monkeypatch.setattr(EntityTable, "apply", spy)
    new = Article(id="new", title="t", paragraphs=(Paragraph("x"),))
    store.commit_batch(articles=[(new, new.content_hash, Extraction(entities=(place("Ohio"),)), 3)],
                       removed_articles=["a0"])
    table.sync()
    assert seen == [1]  # one article read, not eleven
    assert names(table) == {"Joe Biden": ("PERSON", 9), "Ohio": ("PLACE", 10)}
    assert table.sync() == [] and seen == [1]
    before = [(e.name, e.type, e.articles, e.aliases) for e in table.list()]
    table.rebuild()
    assert [(e.name, e.type, e.articles, e.aliases) for e in table.list()] == before


def _seed(folder: Path, name: str, body: str) -> None:
    (folder / name).write_text(f" date 2024-03-02 {body}\n", encoding="utf-8")


def test_indexing_keeps_the_table_and_rebuild_recomputes_it_without_nlp(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from index.archive import Archive

    folder = tmp_path / "saved"
    folder.mkdir()
    _seed(folder, "one.txt", "Pritzker speaks\n\nIllinois Gov. JB Pritzker said on Tuesday that Chicago would"
          " not accept the troops. Pritzker spoke in Springfield.")
    _seed(folder, "two.txt", "Guard arrives\n\nPritzker said the Guard was not needed, according to"
          " officials in Springfield.")
    archive = Archive(tmp_path / "data")
    archive.index([folder], processes=1)
    table = archive.entities
    assert table.resolve("Pritzker", "person") == "JB Pritzker"
    assert table.articles_of("Gov. Pritzker") == table.articles_of("JB Pritzker")
    assert len(table.articles_of("Pritzker")) == 2
    (folder / "two.txt").unlink()
    archive.index(processes=1)
    assert len(archive.entities.articles_of("Pritzker")) == 1
    before = [(e.name, e.type, e.articles, e.aliases) for e in archive.entities.list()]

    def no_nlp(*args: object, **kwargs: object) -> None:
        raise AssertionError("the model ran")

    monkeypatch.setattr("index.extract.Extractor.extract", no_nlp)
    archive.rebuild()
    assert [(e.name, e.type, e.articles, e.aliases) for e in archive.entities.list()] == before


def _links(table: EntityTable) -> list[tuple[str, str, str]]:
    return sorted(table._db.execute(  # noqa: SLF001
        "SELECT l.article_id, l.name, e.key FROM entity_links l JOIN entities e ON e.id = l.entity_id").fetchall())


def test_linking_many_articles_at_once_ends_as_linking_them_one_by_one(tmp_path: Path) -> None:
    """A bulk link decides each bare name once and revisits it at the end: where the archive's
    answer changes on the way (a bare "Lima" before, between and after the full names that claim
    it, two of them in one article, an acronym defined late), the links end as one by one."""
    articles = [
        ("b0", [person("Lima")]), ("b1", [person("Lima"), org("PA")]),
        ("f0", [person("Ana Lima", "Lima")]), ("f1", [person("Ana Lima", "Lima")]),
        ("b2", [person("Lima")]), ("two", [person("Ana Lima"), person("Rui Lima"), person("Lima")]),
        ("r0", [person("Rui Lima", "Lima")]), ("b3", [person("Lima")]),
        ("f2", [person("Ana Lima")]), ("def", [org("Port Authority", "PA")]), ("b4", [org("PA")]),
        ("x", [place("Lima")]),
    ]
    bulk = EntityTable(Store(tmp_path / "bulk.sqlite"))
    bulk.apply([(aid, "", 1, ents) for aid, ents in articles], ())
    single = EntityTable(Store(tmp_path / "single.sqlite"))
    for aid, ents in articles:
        single.update(aid, ents)
    assert _links(bulk) == _links(single)
    assert names(bulk) == names(single)


def test_every_query_of_the_bare_name_rules_reads_an_index(table: EntityTable) -> None:
    """The rules weigh each candidate by the articles naming it in full: counted through an index
    of those links alone, not every link of the entity (a first speaker: query at 100,000 articles
    counted 32,000 links of one Perez)."""
    table.update("a1", [person("Kurt Volker")])
    table.update("a2", [person("Volker")])
    db = table._db
    ran: list[str] = []  # each statement as SQLite ran it, its parameters in place
    db.set_trace_callback(ran.append)
    try:
        assert list(table._candidates("volker"))
    finally:
        db.set_trace_callback(None)
    plans = [row[-1] for sql in ran for row in db.execute("EXPLAIN QUERY PLAN " + sql)]
    assert any("entity_links_named" in p for p in plans), plans
    assert not any(p.startswith("SCAN") for p in plans), plans


def test_an_entity_s_names_are_those_of_its_links_after_updates_and_removals(table: EntityTable) -> None:
    """``links_by_name`` takes an entity's names and types from its row (counted with every link):
    they are the (type, name) pairs of its links, as updates, a type vote and removals change them."""
    table.update("a1", [person("Donald Trump", "Trump")])
    table.update("a2", [person("Trump"), person("Melania Trump")])
    table.update("a3", [person("Trump", type="ORG")])
    table.update("a4", [person("Donald J. Trump")])
    table.update("a5", [person("Melania Trump"), person("Trump")])
    table.update("a4", [person("Donald Trump")])
    table.remove("a3")
    db = table._db
    for (eid,) in db.execute("SELECT id FROM entities").fetchall():
        links = db.execute("SELECT type, name, entity_id FROM entity_links").fetchall()
        mine = sorted({(t, n) for t, n, e in links if e == eid})
        got = table.links_by_name(eid)
        assert sorted(got) == mine, eid
        for pair, split in got.items():
            others = [e for t, n, e in links if (t, n) == pair and e != eid]
            assert (split is None) == (not others), (eid, pair)
