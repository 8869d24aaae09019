"""A person's page on real pages of ../shared/corpus: the BBC's page on Obama and gun laws, saved
twice (the page as published, dated, and Readability's extract of it, undated): every quote is
found twice, grouped once, with the dated BBC page as its first appearance."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from test_person_sample import index

from index.archive import Archive
from index.people import person_page


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
