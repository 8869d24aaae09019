"""Issue 18 after a first day on the corpus: names spelled and typed as the archive has them (sites
in the Facets view, signatures on post cards, organisations in the results' menu)."""

from __future__ import annotations

import functools
from pathlib import Path

from test_main_window import WindowFactory, search


def write_page(folder: Path, name: str, site: str, date: str) -> None:
    (folder / f"{name}.html").write_text(
        f'<html><head><title>Ferry strike {name}</title><meta property="og:site_name" content="{site}">'
        f'<meta property="article:published_time" content="{date}"></head><body><article>'
        f"<h1>Ferry strike {name}</h1>" + "<p>The ferry crews stopped work on Monday over pay and hours.</p>" * 4
        + "</article></body></html>", encoding="utf-8")


def test_the_facets_spell_sites_as_their_articles_do_off_the_first_page_too(  # type: ignore[no-untyped-def]
        qtbot, make_window: WindowFactory, tmp_path: Path, monkeypatch) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    write_page(folder, "a", "The Halden Herald", "2024-05-02")
    write_page(folder, "b", "The Halden Herald", "2024-05-03")
    write_page(folder, "c", "Los Angeles Times", "2024-05-01")
    window = make_window(tmp_path / "data", extract=False)
    client = window.client
    # One result a page: "Los Angeles Times" is on no page the window has fetched.
    monkeypatch.setattr(client, "search", functools.partial(type(client).search, client, pagelen=1))
    with qtbot.waitSignal(window.results_shown, timeout=30_000):
        window.start_indexing((folder,))
    search(qtbot, window, "ferry")
    assert window.results_model.rowCount() == 1
    facets = window.extras.facets
    qtbot.waitUntil(lambda: len(facets.values("site")) == 2, timeout=10_000)
    assert [v for v, _ in facets.values("site")] == ["The Halden Herald", "Los Angeles Times"]
    item = facets.item_of("site", "Los Angeles Times")
    assert item is not None and item.text(0) == "Los Angeles Times"
    with qtbot.waitSignal(window.results_shown, timeout=10_000):
        facets._on_item(item, 0)
    assert window.results_model.total == 1 and window.results_model.hit(0).site == "Los Angeles Times"
    assert facets.item_of("site", "Los Angeles Times").text(0) == "✓ Los Angeles Times"
