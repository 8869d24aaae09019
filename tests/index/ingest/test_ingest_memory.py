"""Reading a file costs at most 10 times its size in memory: large saved pages are slimmed before
trafilatura parses them, and MHTML is not split into lines by the ``email`` parser."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from big_pages import big_html, measure, write
from ingest_fixtures import FORMATS

import index.ingest.html as html_reader
from index.ingest.html import article_from_html

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="measures memory through /proc")

SIZE = 8 * 2**20  # well above the size where pages are slimmed (3 MB), small enough for every test run


@pytest.fixture(scope="module")
def big_files(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return write(tmp_path_factory.mktemp("big"), SIZE)


@pytest.mark.parametrize("index", [0, 1], ids=["html", "mhtml"])
def test_a_large_page_costs_less_than_ten_times_its_size(big_files: list[Path], index: int) -> None:
    path = big_files[index]
    warm_up = FORMATS / ("page.html" if index == 0 else "page.mhtml")
    before, peak, seconds, body = measure(path, warm_up)
    size = path.stat().st_size
    assert peak - before <= 10 * size, f"{(peak - before) / size:.1f}x the file"
    print(f"{path.name}: {size / 2**20:.0f} MB, +{(peak - before) / 2**20:.0f} MB ({(peak - before) / size:.1f}x)")
    assert peak < 2**30
    assert body > 10_000  # the article's 30 paragraphs, no menus


def test_slimming_keeps_the_article_and_its_metadata(monkeypatch: pytest.MonkeyPatch) -> None:
    """The same article from a slimmed page as from the whole page."""
    markup = big_html(2**20).decode()
    whole = article_from_html(markup, source="big.html")
    monkeypatch.setattr(html_reader, "_SLIM_ABOVE", 2**18)
    slimmed = article_from_html(markup, source="big.html")
    assert slimmed.body == whole.body
    assert (slimmed.title, slimmed.url, slimmed.date, slimmed.site, slimmed.language) == (
        whole.title, whole.url, whole.date, whole.site, whole.language,
    )  # fmt: skip
    assert slimmed.html == markup  # embeds are found in the page as saved


def test_slimming_drops_scripts_styles_menus_and_data_uris() -> None:
    markup = (
        "<html><head><title>T</title><style>p{color:red}</style>"
        "<script type='application/ld+json'>{\"@type\": \"NewsArticle\"}</script><script>var x = 1;</script></head>"
        "<body><nav><a href='/'>Home</a></nav><ul>" + "".join(f"<li><a href='/{i}'>Link {i}</a></li>" for i in range(5))
        + "</ul><img src='data:image/png;base64,AAAA'><p>The article's text, <a href='/x'>with a link</a>.</p>"
        "</body></html>"
    )
    _, slim = html_reader.slim_page(markup)
    assert "NewsArticle" in slim and "The article's text, <a href=\"/x\">with a link</a>." in slim
    for gone in ("color:red", "var x", "Home", "Link 3", "base64"):
        assert gone not in slim
