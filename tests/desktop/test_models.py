"""The item models over the core's dataclasses: roles, paging, grouping."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QModelIndex, Qt

from desktop.models import (
    MISSING_TEXT,
    UNKNOWN_SPEAKER,
    EntitiesModel,
    PostsModel,
    QuotesModel,
    ResultsModel,
)
from index.model import Entity, Hit, Post, Quote, SearchResult


def hit(n: int) -> Hit:
    return Hit(id=f"a{n}", title=f"Article {n}", date=dt.date(2025, 9, n % 28 + 1), site="example.org",
               url=f"https://example.org/{n}", authors=("A. Writer",), format="html", score=1.0,
               snippet=(("the ", False), ("troops", True), (" came", False)))


def page(n: int, total: int = 45, pagelen: int = 20) -> SearchResult:
    start = (n - 1) * pagelen
    hits = tuple(hit(i) for i in range(start, min(total, start + pagelen)))
    return SearchResult("troops", total, n, pagelen, hits, {})


def test_results_model_exposes_hits_through_named_roles(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    model = ResultsModel()
    model.set_result(1, page(1))
    qtmodeltester.check(model)
    index = model.index(3)
    assert index.data(ResultsModel.TitleRole) == "Article 3"
    assert index.data(Qt.ItemDataRole.DisplayRole) == "Article 3"
    assert index.data(ResultsModel.DateRole) == "2025-09-04"
    assert index.data(ResultsModel.SiteRole) == "example.org"
    assert index.data(ResultsModel.SnippetRole)[1] == ("troops", True)
    assert index.data(ResultsModel.HitRole).id == "a3"
    assert model.roleNames()[ResultsModel.SnippetRole] == b"snippet"


def test_results_model_fetches_more_pages_and_ignores_other_searches(qtbot) -> None:  # type: ignore[no-untyped-def]
    model = ResultsModel()
    model.set_result(7, page(1))
    assert model.rowCount() == 20 and model.canFetchMore(QModelIndex())
    with qtbot.waitSignal(model.more_requested) as blocker:
        model.fetchMore(QModelIndex())
    assert blocker.args == [2]
    assert not model.canFetchMore(QModelIndex())  # one page at a time
    assert not model.append_page(6, page(2))  # an older search's page
    assert model.append_page(7, page(2))
    assert not model.append_page(7, page(2))  # the same page twice
    assert model.append_page(7, page(3))
    assert model.rowCount() == 45 and not model.canFetchMore(QModelIndex())


def test_quotes_model_groups_by_speaker_in_order_of_appearance() -> None:
    quotes = (
        Quote("We are going in,", "Donald Trump", "person", 3, 1, 16),
        Quote("Clearly, Americans want to serve", "Karoline Leavitt", "person", 18),
        Quote("I did not say when.", "Donald Trump", "person", 3, 20, 40),
        Quote("Somebody said it", None, "unknown", 5),
    )
    model = QuotesModel()
    model.set_quotes("seed", quotes)
    assert model.speakers() == ["Donald Trump", "Karoline Leavitt", UNKNOWN_SPEAKER]
    trump = model.item(0)
    assert trump.rowCount() == 2
    assert trump.child(1).data(QuotesModel.QuoteIndexRole) == 2
    assert model.index_of_quote(3).data(QuotesModel.QuoteRole).speaker is None
    model.set_grouped(False)
    assert model.rowCount() == 4
    assert model.item(1).text().endswith("— Karoline Leavitt")


def test_posts_model_shows_a_lost_post_as_not_in_the_archive() -> None:
    model = PostsModel()
    model.set_posts([
        Post("x", "Governor JB Pritzker", "GovPritzker", "2025-09-03", "Chicagoans reject…",
             media=("pic.twitter.com/NZRktGOdTm",)),
        Post("x", "Donald Trump", missing=True, paragraphs=(5,)),
    ])
    first, lost = model.index(0), model.index(1)
    assert first.data(PostsModel.PlatformRole) == "X"
    assert first.data(PostsModel.HandleRole) == "@GovPritzker"
    assert first.data(PostsModel.MediaRole) == ("pic.twitter.com/NZRktGOdTm",)
    assert lost.data(PostsModel.TextRole) == MISSING_TEXT
    assert lost.data(PostsModel.MissingRole) is True
    assert MISSING_TEXT in lost.data(Qt.ItemDataRole.DisplayRole)


def test_entities_model_groups_by_type_with_counts_and_filters() -> None:
    model = EntitiesModel()
    model.set_entities([
        Entity("Chicago", "PLACE", ("Chicago",), 14),
        Entity("Donald Trump", "PERSON", ("Trump", "President Trump"), 7),
        Entity("Department of Homeland Security", "ORG", ("DHS",), 3),
        Entity("Chicagoans", "NORP", ("Chicagoans",), 2),
    ])
    assert model.groups() == {"PERSON": ["Donald Trump"], "ORG": ["Department of Homeland Security"],
                              "PLACE": ["Chicago"], "OTHER": ["Chicagoans"]}
    people = model.item(0)
    name, count = people.child(0, 0), people.child(0, 1)
    assert name.data(EntitiesModel.FacetRole) == "person"
    assert count.text() == "7"
    assert "President Trump" in name.toolTip()
    other = model.item(3).child(0, 0)
    assert other.data(EntitiesModel.FacetRole) is None  # no search filter for these
