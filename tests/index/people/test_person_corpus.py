"""A person's page on real pages of ../shared/corpus: the BBC's page on Obama and gun laws, saved
twice (the page as published, dated, and Readability's extract of it, undated): every quote is
found twice, grouped once, with the dated BBC page as its first appearance; every speaker's page counts
the quote search's quotes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from test_person_sample import index

from index.archive import Archive
from index.people import person_page
from index.people.quotes import find_quotes

pytestmark = pytest.mark.slow  # the shared corpus


@pytest.fixture(scope="module")
def archive(shared: Path, tmp_path_factory: pytest.TempPathFactory) -> Archive:
    pages = shared / "corpus" / "readability" / "test-pages" / "bbc-1"
    folder = tmp_path_factory.mktemp("bbc") / "bbc-1"
    folder.mkdir()
    for name in ("source.html", "expected.html"):
        shutil.copy(pages / name, folder / name)
    data = tmp_path_factory.mktemp("bbc-data")
    index(folder.parent, data)
    a = Archive(data)
    yield a
    a.close()


def test_the_same_quotes_twice_are_grouped_first_where_they_were_published(archive: Archive) -> None:
    page = person_page(archive, "barack obama")
    total, _ = archive.search_quotes('speaker:"Barack Obama"', limit=1)
    assert page.name == "Barack Obama" and len(page.quotes) == total >= 10
    assert page.quoted_in == 2
    repeated = [g for g in page.groups if g.repeated]
    assert len(repeated) >= len(page.quotes) // 2 - 1
    for g in repeated:
        assert g.first.site == "BBC News" and str(g.first.date) == "2015-07-24"
        assert g.members[-1].date is None  # the undated copy comes after
    assert 0 < page.inferred < len(page.quotes)
    assert "Obama" in dict(page.aliases) or "President Barack Obama" in dict(page.aliases)


# Two news pages of the corpus with many speakers (a court story, a NASA hearing).
NEWS = ("scrapinghub__c58aa507c4deebd660f69905f9abb8f96d935f6e7210f597ed4cd32b3f39f7f7.html",
        "scrapinghub__c00962aabe7bdd1fca78f5360ea7fa93cd7674863b05157e00827506a7aa58c4.html")


@pytest.fixture(scope="module")
def news(shared: Path, tmp_path_factory: pytest.TempPathFactory) -> Archive:
    folder = tmp_path_factory.mktemp("news") / "news"
    folder.mkdir()
    for name in NEWS:
        shutil.copy(shared / "corpus" / "picked" / name, folder / name)
    data = tmp_path_factory.mktemp("news-data")
    index(folder.parent, data)
    a = Archive(data)
    yield a
    a.close()


@pytest.mark.parametrize("which", ["bbc", "news"])
def test_every_speakers_page_counts_the_quote_searchs_quotes(which: str, request: pytest.FixtureRequest) -> None:
    archive = request.getfixturevalue("archive" if which == "bbc" else "news")
    total, hits = archive.search_quotes("", limit=1000)
    speakers = sorted({h.speaker for h in hits if h.speaker})
    assert total == len(hits) and len(speakers) >= (1 if which == "bbc" else 15)
    for name in speakers:
        page = person_page(archive, name)
        # The page's quotes are the quote search's for each of its names (the table's for this person).
        searched = {(q.article_id, q.index) for n in page.person.names
                    for q in find_quotes(archive, f'speaker:"{n}"', limit=1000)[1] if q.speaker == n}
        assert {q.ref for q in page.quotes} == searched and len(page.quotes) == len(searched), name
        assert page.inferred == sum(1 for q in page.quotes if q.quote.confidence in ("inferred", "guessed"))
        # In the articles that name them (the window's person chip), the Quote search finds the
        # page's quotes of those articles.
        if page.articles and page.person.names == (name,):
            named = {a.article_id for a in page.articles}
            in_them, _ = find_quotes(archive, f'speaker:"{name}"', limit=1000, filters={"person": page.name})
            assert in_them == sum(1 for q in page.quotes if q.article_id in named), name
