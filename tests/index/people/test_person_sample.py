"""A person's page on the sample archive's city-hall folder (indexed with extraction, as a user would):
its numbers equal to the quote search's, its repeated quotes, the CLI and the PDF dossier's document;
quote search with the article search's syntax and filters; the page after the user's corrections."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.cli import main
from index.archive import Archive
from index.errors import ExportFailed, QuerySyntaxError
from index.export import QuoteSection, Selection, assemble
from index.people import person_page, resolve_person
from index.people.quotes import find_quotes

REPO = Path(__file__).resolve().parents[3]
CITY_HALL = REPO / "resources" / "sample-archive" / "city-hall"
NAME = "Owen Achterberg"


def index(folder: Path, data: Path) -> None:
    """``morgue index FOLDER`` in a subprocess: spaCy never loads into the test process."""
    out = subprocess.run([sys.executable, "-m", "desktop.cli", "--data", str(data), "index", str(folder),
                          "--processes", "1"], capture_output=True, text=True, env=os.environ.copy(), timeout=600)
    assert out.returncode == 0, out.stderr


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("city-hall-data")
    index(CITY_HALL, data)
    return data


@pytest.fixture()
def archive(data: Path) -> Iterator[Archive]:
    a = Archive(data)
    yield a
    a.close()


def cli_json(data: Path, capsys: pytest.CaptureFixture[str], *args: str) -> dict:
    capsys.readouterr()
    assert main(["--data", str(data), *args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_the_page_counts_the_same_quotes_as_the_quote_search(archive: Archive, data: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    page = person_page(archive, NAME)
    searched = cli_json(data, capsys, "search", "--quotes", f'speaker:"{NAME}"', "--limit", "1000")
    assert len(page.quotes) == searched["total"] == len(searched["quotes"]) > 10
    assert {q.ref for q in page.quotes} == {(q["article_id"], q["index"]) for q in searched["quotes"]}
    # Inferred: the attributions not stated in the quote's own sentence, counted from the store.
    stated = sum(1 for q in page.quotes if q.quote.confidence == "stated")
    assert page.inferred == len(page.quotes) - stated - sum(1 for q in page.quotes if not q.quote.confidence)
    assert 0 < page.inferred < len(page.quotes)
    # Newest first, each with its article's title, date and site, and the attribution's evidence.
    dates = [q.date for q in page.quotes if q.date]
    assert dates == sorted(dates, reverse=True)
    assert all(q.title and q.quote.evidence for q in page.quotes)
    # The articles that name him: the person facet's own count, on a timeline of the same total.
    assert len(page.articles) == archive.entity_count("person", NAME)
    assert sum(n for _, n in page.timeline) == sum(1 for a in page.articles if a.date)
    assert ("Councillor Owen Achterberg" in dict(page.aliases)) and page.person.type == "person"


def test_a_quote_repeated_in_two_articles_is_one_group_with_its_first_appearance(archive: Archive) -> None:
    page = person_page(archive, NAME)
    repeated = [g for g in page.groups if g.repeated]
    tram = next(g for g in repeated if "tram stop" in g.first.text)
    # Said on election night (the text article of April 7), repeated by the Ledger the next day.
    assert [str(m.date) for m in tram.members] == ["2025-04-07", "2025-04-08"]
    assert tram.members[1].site == "Halden Ledger" and tram.members[0].source_name.endswith(".txt")
    assert sum(len(g) for g in page.groups) == len(page.quotes)
    topics = page.by_topic()
    assert sum(len(gs) for _, gs in topics) == len(page.groups)
    assert sum(len(qs) for _, qs in page.by_article()) == len(page.quotes)


def test_names_resolve_through_one_function(archive: Archive) -> None:
    assert resolve_person(archive, "  owen   ACHTERBERG ").name == NAME
    unknown = resolve_person(archive, "Nobody Ever")
    assert unknown.name == "Nobody Ever" and unknown.type == ""
    page = person_page(archive, "Nobody Ever")
    assert not page.quotes and not page.articles and not page.posts


def test_the_posts_are_his_own(archive: Archive) -> None:
    page = person_page(archive, NAME)
    assert page.posts
    assert all(p.post.author == NAME or (p.post.handle or "").lower().startswith("owenachterberg")
               for p in page.posts)


def test_morgue_person_json(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = cli_json(data, capsys, "person", "owen achterberg")
    assert out["person"]["name"] == NAME
    counts = out["counts"]
    assert counts["quotes"] == len(out["quotes"]) and counts["inferred"] == sum(
        1 for q in out["quotes"] if q["confidence"] in ("inferred", "guessed"))
    assert counts["repeated_groups"] == len(out["groups"]) >= 1
    first = out["groups"][0]["first"]
    assert first["date"] == min(q["date"] for q in out["quotes"] if [q["article_id"], q["index"]]
                                in out["groups"][0]["appearances"])
    capsys.readouterr()
    assert main(["--data", str(data), "person", NAME, "--limit", "3"]) == 0
    text = capsys.readouterr().out
    assert f"{counts['quotes']} quotes ({counts['inferred']} inferred rather than stated)" in text
    assert "first of 2 appearances" in text


def test_the_dossier_holds_every_quote_with_its_evidence(archive: Archive) -> None:
    page = person_page(archive, NAME)
    doc = assemble(archive, Selection.of_person(NAME))
    assert doc.kind == "person" and doc.title == f"{NAME}: quotes in the archive"
    facts = dict(doc.facts)
    assert facts["Person"] == NAME and "Councillor Owen Achterberg" in facts["Also named"]
    sections = [s for s in doc.sections if isinstance(s, QuoteSection)]
    assert [(s.article_id, s.quote_index) for s in sections] == [q.ref for q in page.quotes]
    inferred = [s for s in sections if s.confidence in ("inferred", "guessed")]
    assert len(inferred) == page.inferred and all(s.evidence for s in inferred)
    assert all(s.speaker and "not named in the sentence" in s.speaker for s in inferred)
    assert all(dict(s.capture).get("Saved file") for s in sections)
    assert any(s.repeats and s.repeats[0].startswith("first: ") for s in sections)
    assert f"{len(page.quotes) - page.inferred} stated, {page.inferred} inferred" in doc.description
    # A selection: only those quotes; one that is not his is listed as not found.
    refs = [page.quotes[0].ref, ("nope", 3)]
    doc = assemble(archive, Selection.of_person(NAME, refs))
    assert len(doc.sections) == 1 and doc.not_found == ("nope:3",)
    with pytest.raises(ExportFailed, match="no quote"):
        assemble(archive, Selection.of_person("Nobody Ever"))


def test_quote_search_takes_the_article_searchs_query_syntax_and_filters(
        archive: Archive, data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    def refs(query: str, **filters: str) -> set[tuple[str, int]]:
        total, hits = find_quotes(archive, query, limit=1000, filters=filters)
        assert total == len(hits)
        return {(h.article_id, h.index) for h in hits}

    def in_articles(query: str, article_query: str, **filters: str) -> set[tuple[str, int]]:
        """The quotes of ``query`` in the articles the article search finds, counted by hand."""
        ids = {h.id for h in archive.search(article_query, pagelen=1000, filters=filters).hits}
        _, hits = archive.search_quotes(query, limit=1000)
        return {(h.article_id, h.index) for h in hits if h.article_id in ids}

    everything = refs("tram")
    # A chip of the window, or the same field in the query: the quotes of the articles it selects.
    ledger = refs("tram", site="Halden Ledger")
    assert ledger == refs('tram site:"Halden Ledger"') == in_articles("tram", 'site:"Halden Ledger"')
    assert 0 < len(ledger) < len(everything)
    in_2025 = refs("tram", year="2025")
    assert in_2025 == refs("tram date:2025") == in_articles("tram", "", year="2025")
    assert 0 < len(in_2025) < len(everything)
    person = refs("", person="Ingrid Okafor")
    assert person == refs('person:"Ingrid Okafor"') == in_articles("", "", person="Ingrid Okafor")
    assert refs("tram", person="Ingrid Okafor", year="2025") == in_articles("tram", "", person="Ingrid Okafor",
                                                                            year="2025")
    assert refs(f'tram NOT person:"{NAME}"') == everything - in_articles("", f'person:"{NAME}"')
    # The quote's own fields under the article search's names.
    assert refs("quote:tram said:Okafor") == refs("text:tram speaker:Okafor") != set()
    # The command line is the same search.
    out = cli_json(data, capsys, "search", "--quotes", "tram", "--filter", "year=2025", "--limit", "1000")
    assert {(q["article_id"], q["index"]) for q in out["quotes"]} == in_2025 and out["total"] == len(in_2025)
    # An OR between the article's fields and the quote's words cannot be split: a sentence says so.
    with pytest.raises(QuerySyntaxError, match="with AND, not OR"):
        find_quotes(archive, "person:Okafor OR tram")


def test_the_page_shows_the_quotes_as_corrected(data: Path, tmp_path: Path) -> None:
    own = tmp_path / "data"
    shutil.copytree(data, own)
    with Archive(own) as archive:
        before = person_page(archive, NAME)
        # One of his quotes is not a quote: the article's later quotes move up a number.
        gone = before.quotes[-1]
        archive.correct_quote(gone.article_id, gone.index, "not-a-quote")
        # Someone else's quote, given to him.
        _, hits = archive.search_quotes('speaker:"Ingrid Okafor"', limit=1)
        given = hits[0]
        archive.correct_quote(given.article_id, given.index, "speaker", NAME)
        page = person_page(archive, NAME)
        total, searched = archive.search_quotes(f'speaker:"{NAME}"', limit=1000)
        assert len(page.quotes) == total == len(before.quotes) and {q.ref for q in page.quotes} == {
            (h.article_id, h.index) for h in searched}
        by_ref = {(h.article_id, h.index): h.text for h in searched}
        assert all(q.text == by_ref[q.ref] for q in page.quotes)  # the index's numbers, the index's words
        assert gone.text not in {q.text for q in page.quotes if q.article_id == gone.article_id}
        mine = next(q for q in page.quotes if q.text == given.text)
        assert mine.quote.corrected and mine.quote.evidence == "speaker set by you" and not mine.inferred
        # A type changed by the user: still their page, with what it says they are.
        archive.correct_entity("type", NAME, value="org")
        page = person_page(archive, NAME)
        assert page.person.type == "organisation" and len(page.quotes) == total
        assert len(page.articles) == archive.entity_count("org", NAME) > 0
        assert "Councillor Owen Achterberg" in dict(page.aliases)


@pytest.mark.parametrize(("query", "filters"), [
    ("", {"person": "Ingrid Okafor"}), ("tram", {"year": "2025"}), ('flood site:"Halden Ledger"', {}),
    ("", {"site": "Halden Ledger", "year": "2025"}),
])
def test_quotes_in_few_articles_come_in_the_same_order_either_way(
        archive: Archive, monkeypatch: pytest.MonkeyPatch, query: str, filters: dict[str, str]) -> None:
    """The articles as a clause of the quote query (few of them), or the quotes filtered after."""
    import index.people.quotes as quotes

    def found() -> tuple[int, list[tuple[str, int]]]:
        total, hits = find_quotes(archive, query, limit=20, filters=filters)
        return total, [(h.article_id, h.index) for h in hits]

    as_clause = found()
    monkeypatch.setattr(quotes, "ID_QUERY_MAX", 0)
    assert found() == as_clause and as_clause[0] > 0
