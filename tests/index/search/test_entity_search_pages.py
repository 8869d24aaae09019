"""On real saved pages of ``shared/corpus``: the pages about Donald Trump name him "Donald Trump",
"Donald J. Trump" and (tagged an organisation by the model) "Trump"; every form of his name, a
click on him and the facets give the same articles."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from index.archive import Archive

pytestmark = pytest.mark.slow  # reads the shared corpus and runs the model: `make test-fast` skips it

PAGES = {
    "sondland.html.gz": "scrapinghub/html/82b6d780c792df78dcfb00484d50c86fbc7f324a9eb5835b7615f028edb9a574.html.gz",
    "nytimes.html": "readability/test-pages/nytimes-1/expected.html",
    "breitbart.html": "readability/test-pages/breitbart/expected.html",
    "author-tag.html": "readability/test-pages/article-author-tag/expected.html",
}


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory, shared: Path) -> Archive:
    folder = tmp_path_factory.mktemp("saved")
    for name, path in PAGES.items():
        source = shared / "corpus" / path
        if not source.exists():
            pytest.skip(f"{path} is not in shared/corpus")
        shutil.copy(source, folder / name)
    a = Archive(tmp_path_factory.mktemp("data"))
    a.index([folder], processes=1)
    return a


def ids(archive: Archive, query: str, **kw: object) -> set[str]:
    return {h.id for h in archive.search(query, pagelen=50, **kw).hits}  # type: ignore[arg-type]


def test_every_form_of_his_name_finds_the_four_pages(archive: Archive) -> None:
    every = ids(archive, "")
    assert len(every) == 4
    for query in ("person:Trump", 'person:"Donald J. Trump"', 'person:"President Trump"', 'person:"Donald Trump"'):
        assert ids(archive, query) == every, query
    assert ids(archive, "", filters={"person": "Donald Trump"}) == every
    assert archive.entity_count("person", "Donald Trump") == 4
    facets = archive.search("").facets
    assert dict(facets["person"])["Donald Trump"] == 4
    assert not [n for n, _ in facets["person"] if "Trump" in n and n != "Donald Trump"]
    assert "Trump" not in dict(facets["org"])
    person = archive.resolve_person("Mr. Trump")
    assert person is not None and person.name == "Donald Trump" and person.articles == 4
