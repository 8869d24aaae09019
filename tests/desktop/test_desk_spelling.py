"""Issue 18 after a first day on the corpus: names spelled and typed as the archive has them (sites
in the Facets view, signatures on post cards, organisations in the results' menu)."""

from __future__ import annotations

import functools
from pathlib import Path

from test_main_window import WindowFactory, search

from desktop.bylines import is_organisation
from desktop.panels.posts import PostsPanel
from desktop.reader import ReaderView, repeated_signature
from index.model import Article, Extraction, Paragraph, Post


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


def test_a_flattened_post_in_the_reader_does_not_repeat_its_signature_under_the_header(qtbot) -> None:  # type: ignore[no-untyped-def]
    article = Article("a1", "Election night", (
        Paragraph("The mayor posted late on Monday."),
        Paragraph("Thank you, Port Halden. Four more years."),
        Paragraph("— Ingrid Okafor (@IngridOkaforPH) April 7, 2025"),
        Paragraph("We will see you in the chamber. — Owen Achterberg (@OwenAchterberg) April 7, 2025"),
        Paragraph("Someone else wrote: hi — Ana Lima (@analima) April 8, 2025"),
    ))
    posts = (
        Post("x", "Ingrid Okafor", "IngridOkaforPH", "2025-04-07", "Thank you, Port Halden. Four more years.",
             url="https://x.com/IngridOkaforPH/status/1", paragraphs=(1, 2)),
        Post("x", "Owen Achterberg", "OwenAchterberg", "2025-04-07", "We will see you in the chamber.",
             paragraphs=(3,)),
        # A signature that says more than the card's header (here the date) stays.
        Post("x", "Ana Lima", "analima", None, "Someone else wrote: hi", paragraphs=(4,)),
    )
    view = ReaderView()
    qtbot.addWidget(view)
    view.show_article(article, Extraction(posts=posts))
    text = view.toPlainText()
    assert "X · Ingrid Okafor @IngridOkaforPH · 2025-04-07" in text
    # The post's link right under its text: no empty line where the signature was.
    assert "Thank you, Port Halden. Four more years.\nhttps://x.com/IngridOkaforPH/status/1\n" in text
    assert "(@IngridOkaforPH)" not in text
    assert "We will see you in the chamber." in text and "(@OwenAchterberg)" not in text
    assert "— Ana Lima (@analima) April 8, 2025" in text
    assert view.paragraph_position(3) > view.paragraph_position(2) == view.paragraph_position(1) > 0
    assert repeated_signature("Hi — Ingrid Okafor (@IngridOkaforPH) April 8, 2025", posts[0]) == -1  # not its date
    assert repeated_signature("Hi — Ingrid Okafor (@someoneelse) April 7, 2025", posts[0]) == -1


def test_an_organisation_in_a_byline_gets_no_persons_page(qtbot, make_window: WindowFactory,  # type: ignore[no-untyped-def]
                                                          tmp_path: Path) -> None:
    assert [n for n in ("CNN", "Reuters", "CNN Business", "Associated Press", "Staff Reports", "Port Halden Police",
                        "Ana Lima", "Jill Lawless Associated Press", "Yoav Schumacher")
            if is_organisation(n, "CNN")] == ["CNN", "Reuters", "CNN Business", "Associated Press", "Staff Reports",
                                              "Port Halden Police"]
    assert not is_organisation("Reuters", known_person=lambda name: name == "Reuters")  # the archive knows a person
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "cnn.html").write_text(
        '<html><head><title>Markets slide</title><meta property="og:site_name" content="CNN">'
        '<meta name="author" content="Jill Disis, CNN Business">'
        '<meta property="article:published_time" content="2019-11-18"></head><body><article><h1>Markets slide</h1>'
        + "<p>Asian markets fell on Monday as trade talks stalled again.</p>" * 4 + "</article></body></html>",
        encoding="utf-8")
    window = make_window(tmp_path / "data", extract=False)
    with qtbot.waitSignal(window.results_shown, timeout=30_000):
        window.start_indexing((folder,))
    search(qtbot, window, "markets")
    hit = window.results_model.hit(0)
    assert hit is not None and hit.authors == ("Jill Disis", "CNN Business")
    menu = window.results_view.context_menu(window.results_model.index(0))
    assert menu is not None
    texts = [a.text() for a in menu.actions()]
    assert "Open the page of Jill Disis" in texts and "Open the page of CNN Business" not in texts
    find = next(a for a in menu.actions() if a.text() == "Find Articles by CNN Business")
    with qtbot.waitSignal(window.results_shown, timeout=10_000):
        find.trigger()
    assert window.search_bar.text() == 'author:"CNN Business"' and window.results_model.total == 1


def test_a_bookmarked_passage_opens_scrolled_to_its_paragraph(qtbot) -> None:  # type: ignore[no-untyped-def]
    # Opening a bookmark scrolls the reader to the passage's paragraph: it scrolled to an anchor
    # written before the paragraph, which Qt's HTML reader drops, and the reader stayed at the top.
    article = Article("a1", "Long read", tuple(Paragraph(f"Paragraph {i} of a long  article\nabout the ferry.")
                                              for i in range(120)))
    view = ReaderView()
    qtbot.addWidget(view)
    view.resize(600, 400)
    view.show()
    view.show_article(article, Extraction())
    assert 0 < view.paragraph_position(0) < view.paragraph_position(60) < view.paragraph_position(119)
    view.scroll_to_paragraph(60)
    top = view.cursorForPosition(view.viewport().rect().topLeft()).block().text()
    assert view.verticalScrollBar().value() > 0 and top.startswith(("Paragraph 59 ", "Paragraph 60 "))


def test_a_post_card_of_an_organisations_account_finds_its_posts_instead_of_a_persons_page(  # type: ignore[no-untyped-def]
        qtbot, make_window: WindowFactory, archive_dir: Path) -> None:
    panel = PostsPanel()
    qtbot.addWidget(panel)
    panel.set_posts((Post("x", "Port Halden Police", "PortHaldenPD", "2024-10-15", "Go to the highest floor."),
                     Post("x", "Ingrid Okafor", "IngridOkaforPH", "2024-10-15", "Shelters are open.")))
    police, mayor = panel.cards()
    police_menu, mayor_menu = police.menu(), mayor.menu()
    assert police_menu is not None and mayor_menu is not None
    assert [a.text() for a in police_menu.actions()] == ["Find Articles with Posts by @PortHaldenPD"]
    assert [a.text() for a in mayor_menu.actions()] == ["Open the page of Ingrid Okafor"]
    with qtbot.waitSignal(panel.handle_search_requested) as asked:
        police_menu.actions()[0].trigger()
    assert asked.args == ["PortHaldenPD"]
    window = make_window(archive_dir)
    with qtbot.waitSignal(window.results_shown, timeout=10_000):
        window.posts_panel.handle_search_requested.emit("GovPritzker")  # the seed embeds his posts
    assert window.search_bar.text() == "handle:GovPritzker" and window.results_model.total == 1
