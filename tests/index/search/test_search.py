"""The search API on a small archive: syntax, sorting, paging, facets, snippets, errors."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from index.archive import Archive
from index.errors import QuerySyntaxError
from index.search.searcher import snippet_text

ARTICLES = {
    "ferry-2024-01.txt": (
        "2024-01-15",
        "Ferry service to Halden Island resumed on Monday.\n\nThe harbour master welcomed the first boat.",
    ),
    "ferry-2024-02.txt": (
        "2024-02-03",
        "A second ferry joined the Halden Island route.\n\nPassengers praised the new timetable.",
    ),
    "budget-2025.txt": (
        "2025-09-12",
        "The city council passed the budget after a long night.\n\nThe mayor called it a fair compromise.",
    ),
    "storm-2025.txt": (
        "2025-09-28",
        "A storm closed the harbour and cancelled every ferry.\n\nThe council met in emergency session.",
    ),
}


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory, seed_path: Path, search_mode: str) -> Archive:
    root = tmp_path_factory.mktemp("saved")
    shutil.copy(seed_path, root)
    for name, (date, body) in ARTICLES.items():
        (root / name).write_text(f" date {date} {body}\n", encoding="utf-8")
    a = Archive(tmp_path_factory.mktemp("data"))
    assert a.index([root], extract=False, processes=1).ok
    return a


def titles(archive: Archive, query: str, **kw: object) -> list[str]:
    return [h.title for h in archive.search(query, pagelen=50, **kw).hits]  # type: ignore[arg-type]


def test_klippenstein_finds_the_seed_with_a_highlighted_snippet(archive: Archive, search_mode: str) -> None:
    result = archive.search("Klippenstein")
    assert archive.searcher._columns().index.public == (search_mode == "fallback")
    assert result.total == 1
    hit = result.hits[0]
    assert hit.title.startswith("Troops might already be in Chicago")
    assert hit.date and hit.date.isoformat() == "2025-09-03"
    assert ("Klippenstein", True) in hit.snippet
    assert "[Klippenstein]" in snippet_text(hit.snippet)


def test_words_are_stemmed_and_all_required(archive: Archive) -> None:
    assert len(titles(archive, "ferries")) == 3
    assert titles(archive, "ferry timetable") == ["A second ferry joined the Halden Island route."]


def test_boolean_operators(archive: Archive) -> None:
    assert len(titles(archive, "ferry OR budget")) == 4
    assert len(titles(archive, "ferry AND NOT storm")) == 2
    assert len(titles(archive, "(budget OR storm) AND council")) == 2


def test_phrases(archive: Archive) -> None:
    assert len(titles(archive, '"Halden Island"')) == 2
    assert titles(archive, '"island halden"') == []


def test_field_queries_and_aliases(archive: Archive) -> None:
    assert titles(archive, "title:storm") == ["A storm closed the harbour and cancelled every ferry."]
    assert titles(archive, "headline:storm") == titles(archive, "title:storm")
    assert len(titles(archive, "format:seed-text")) == 5


def test_date_ranges(archive: Archive) -> None:
    assert len(titles(archive, "date:[2025-09-01 TO 2025-09-30]")) == 3
    assert len(titles(archive, "date:2024")) == 2
    assert len(titles(archive, "date:2024-02")) == 1
    assert len(titles(archive, "ferry date:>=2025-01-01")) == 1
    # > and < leave out the day (month, year) itself.
    assert len(titles(archive, "date:>=2024-01-15")) == 5
    assert len(titles(archive, "date:>2024-01-15")) == 4
    assert len(titles(archive, "date:<2024-02-03")) == 1
    assert len(titles(archive, "date:<=2024-02")) == 2
    assert len(titles(archive, "date:>2024")) == 3
    assert len(titles(archive, "date:{2024-01 TO 2025-09]")) == 4


def test_wildcards_and_fuzzy(archive: Archive) -> None:
    assert len(titles(archive, "harb*")) == 2
    assert titles(archive, "klipenstein~") == titles(archive, "Klippenstein")


def test_sort_by_date_and_paging(archive: Archive) -> None:
    newest = [h.date for h in archive.search("", sort="date", pagelen=50).hits]
    assert newest == sorted(newest, reverse=True)
    oldest = [h.date for h in archive.search("", sort="date-asc", pagelen=50).hits]
    assert oldest == sorted(oldest)
    page1 = archive.search("", sort="date", pagelen=2, page=1)
    page3 = archive.search("", sort="date", pagelen=2, page=3)
    assert page1.total == 5 and page1.pages == 3
    assert len(page3.hits) == 1 and page3.hits[0].id not in {h.id for h in page1.hits}


def test_facets_count_every_match(archive: Archive) -> None:
    result = archive.search("", pagelen=1)
    assert dict(result.facets["year"]) == {"2025": 3, "2024": 2}
    filtered = archive.search("", filters={"year": "2024"})
    assert filtered.total == 2
    assert dict(filtered.facets["year"]) == {"2024": 2}


def test_months_for_the_timeline(archive: Archive) -> None:
    assert archive.months("") == [("2024-01", 1), ("2024-02", 1), ("2025-09", 3)]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ('"unclosed phrase', "unclosed quotation"),
        ("(ferry OR storm", "unclosed parenthesis"),
        ("ferry)", "closing parenthesis"),
        ("date:[2025-01-01 TO", "unclosed range"),
        ("date:[soon TO later]", "2025-09-03"),
        ("colour:blue", "Unknown field 'colour'"),
    ],
)
def test_malformed_queries_raise_a_clear_error(archive: Archive, query: str, message: str) -> None:
    with pytest.raises(QuerySyntaxError, match=message):
        archive.search(query)


def test_a_url_in_the_query_is_not_an_unknown_field(tmp_path: Path, search_mode: str) -> None:
    root = tmp_path / "saved"
    root.mkdir()
    (root / "link.txt").write_text("Ferry links\n\nThe timetable is at https://example.com/a today.\n")
    (root / "other.txt").write_text("Ferry news\n\nThe timetable is at https://example.org/b today.\n")
    a = Archive(tmp_path / "data")
    a.index([root], extract=False, processes=1)
    for query in ('"https://example.com/a"', "https://example.com/a"):
        assert titles(a, query) == ["Ferry links"], query


def test_undated_articles_come_last_and_stay_off_the_timeline(tmp_path: Path, search_mode: str) -> None:
    root = tmp_path / "saved"
    root.mkdir()
    (root / "undated.txt").write_text("Ferry news without a date\n\nThe ferry ran late.\n", encoding="utf-8")
    for name, (date, body) in list(ARTICLES.items())[:2]:
        (root / name).write_text(f" date {date} {body}\n", encoding="utf-8")
    a = Archive(tmp_path / "data")
    a.index([root], extract=False, processes=1)
    for sort in ("date", "date-asc"):
        hits = a.search("ferry", sort=sort).hits
        assert [h.date is None for h in hits] == [False, False, True], sort
    assert a.months("ferry") == [("2024-01", 1), ("2024-02", 1)]
    # The date column stops at the last dated article: the self-check at open reads it right.
    assert a.searcher._columns().index.public == (search_mode == "fallback")


def test_highlights_in_the_whole_article(archive: Archive) -> None:
    hit = archive.search('"harbour master"').hits[0]
    article = archive.article(hit.id)
    spans = archive.highlights(hit.id, "ferries")
    words = {(article.title if p < 0 else article.paragraphs[p].text)[s:e].lower() for p, s, e in spans}
    assert words == {"ferry"}
    harbour = archive.highlights(hit.id, "harb*")
    assert [(p, article.paragraphs[p].text[s:e]) for p, s, e in harbour] == [(1, "harbour")]
    title = archive.highlights(hit.id, "island")
    assert [(p, article.title[s:e]) for p, s, e in title if p < 0] == [(-1, "Island")]
    assert archive.highlights(hit.id, "nothinglikethis") == []


def test_filters_count_only_what_they_let_through(archive: Archive) -> None:
    result = archive.search("ferry", filters={"year": "2024"}, pagelen=1)
    assert result.total == 2 and result.pages == 2
    assert archive.search("ferry", filters={"year": "1999"}, pagelen=1).total == 0


def test_a_page_past_the_end_is_empty(archive: Archive) -> None:
    assert archive.search("", pagelen=2, page=3).hits
    assert archive.search("", pagelen=2, page=9).hits == ()


def test_field_names_ignore_case_and_site_matches_name_or_host(archive: Archive) -> None:
    assert titles(archive, "Title:storm") == titles(archive, "title:storm") != []
    assert titles(archive, "FORMAT:seed-text") == titles(archive, "format:seed-text")


def test_bad_arguments_are_user_errors(archive: Archive) -> None:
    from index.errors import ArchiveError

    with pytest.raises(ArchiveError, match="Unknown filter"):
        archive.search("", filters={"colour": "blue"})
    with pytest.raises(ArchiveError, match="1 or more"):
        archive.search("", pagelen=0)
    with pytest.raises(ArchiveError, match="sort order"):
        archive.search("", sort="random")


def test_not_leaves_out_what_the_word_finds_and_nothing_else(archive: Archive) -> None:
    """``a NOT b`` is ``a`` less ``a b``: both sides search the default fields (title and body).
    (Totals of NOT that differ from other engines' come from the stems, next test.)"""
    total = lambda q: archive.search(q, facets=False, snippets=False).total  # noqa: E731
    for a, b in [("ferry", "storm"), ("harbour", "ferry"), ("council", "harbour"), ("the", "island"), ("the", "x")]:
        assert total(f"{a} NOT {b}") == total(a) - total(f"{a} {b}"), (a, b)
    assert total("NOT ferry") == total("") - total("ferry")


def test_not_leaves_out_deleted_articles(tmp_path: Path, seed_path: Path, search_mode: str) -> None:
    root = tmp_path / "saved"
    root.mkdir()
    for name, (date, body) in ARTICLES.items():
        (root / name).write_text(f" date {date} {body}\n", encoding="utf-8")
    a = Archive(tmp_path / "data")
    assert a.index([root], extract=False, processes=1).ok
    assert a.search("NOT budget").total == 3 and a.search("council NOT budget").total == 1
    (root / "storm-2025.txt").unlink()
    assert a.index([root], extract=False, processes=1).ok
    assert a.search("NOT budget").total == 2 and a.search("council NOT budget").total == 0
    assert a.search("ferry NOT budget").total == 2


@pytest.mark.xfail(strict=True, reason="Whoosh's Porter stemmer (whoosh.lang.porter, step 1b) tests its endings "
                   "with re.match, so a doubled consonant stays ('shipping' -> 'shipp', 'planned' -> 'plann') and "
                   "'ship' does not find 'shipping' as FTS5, Xapian and Tantivy do; fixing it changes the analyzer "
                   "and needs a re-index")
def test_a_word_finds_its_forms_with_a_doubled_consonant() -> None:
    from index.store.schema import ArticleSchema

    analyzer = ArticleSchema()["body"].analyzer
    stems = {w: [t.text for t in analyzer(w)] for w in ("ship", "shipping", "shipped", "plan", "planned")}
    assert stems == {"ship": ["ship"], "shipping": ["ship"], "shipped": ["ship"], "plan": ["plan"],
                     "planned": ["plan"]}


def test_snippets_read_the_bodies_the_articles_have(archive: Archive) -> None:
    ids = [h.id for h in archive.search("", pagelen=50).hits]
    assert len(ids) == 5 and archive.store.bodies([*ids, "no-such-id"]) == {i: archive.article(i).body for i in ids}


def test_sites_are_spelled_as_most_of_their_articles_spell_them(tmp_path: Path, search_mode: str) -> None:
    # The index keeps sites lower-cased (filters ignore case); facets, hits and quote hits give the
    # articles' own spelling, the commonest where they differ, also for sites off the results' page.
    root = tmp_path / "saved"
    root.mkdir()
    spellings = ["Los Angeles Times"] * 3 + ["LOS ANGELES TIMES"] + ["The Halden Herald"] * 2
    for n, site in enumerate(spellings):
        (root / f"a{n}.md").write_text(
            f"---\ntitle: Ferry story {n}\nsite: {site}\ndate: 2025-01-0{n + 1}\n---\n\n"
            f"The ferry ran late, the mayor said. “We are sorry,” said Ana Lima.\n", encoding="utf-8")
    a = Archive(tmp_path / "data")
    assert a.index([root], processes=1).ok
    result = a.search("ferry", pagelen=1)
    assert dict(result.facets["site"]) == {"Los Angeles Times": 4, "The Halden Herald": 2}
    assert {h.site for h in a.search("ferry", pagelen=10).hits} == {"Los Angeles Times", "The Halden Herald"}
    assert a.search("ferry", filters={"site": "Los Angeles Times"}).total == 4
    _, quotes = a.search_quotes("sorry")
    assert quotes and {q.site for q in quotes} <= {"Los Angeles Times", "The Halden Herald"}
    assert a.store.sites(["nope"]) == {}
