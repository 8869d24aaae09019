"""Near-identical quotes: the same words give or take punctuation, case and trimming are one group."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from index.people import group_quotes, normalise, same_quote


@dataclass(frozen=True)
class Q:
    text: str
    date: dt.date | None
    article_id: str


def test_punctuation_case_apostrophes_and_trimming_are_the_same_quote() -> None:
    base = "We lost by a tram stop, but we put the east side of this city back on the map."
    assert same_quote(base, "we lost by a tram stop — but we put the East Side of this city back on the map")
    assert same_quote("We’re going in, and we won’t leave.", "We're going in and we wont leave")
    # Trimmed by one article: the shorter is contained in the longer.
    assert same_quote(base, "But we put the east side of this city back on the map,")
    assert not same_quote(base, "We lost the vote, and the east side lost its gate.")
    # Short quotes must be equal once normalised: "No." is not every quote that contains "no".
    assert same_quote("No.", "no")
    assert not same_quote("No.", "No, we will not raise the fares this year.")
    assert normalise("“It’s a LOVELY tram,”") == ("its", "a", "lovely", "tram")


def test_groups_list_the_first_appearance_first_and_keep_the_input_order() -> None:
    items = [
        Q("The harbour is open again, and every ferry runs today.", dt.date(2025, 4, 9), "c"),
        Q("Something else entirely was said at the meeting tonight.", dt.date(2025, 4, 1), "x"),
        Q("the harbour is open again and every ferry runs today", dt.date(2025, 4, 7), "a"),
        Q("The harbour is open again, and every ferry runs", None, "z"),
        Q("The harbour is open again, and every ferry runs today!", dt.date(2025, 4, 7), "b"),
    ]
    groups = group_quotes(items)
    assert [len(g) for g in groups] == [4, 1]
    first = groups[0]
    # Oldest first, same day by article id, undated last.
    assert [m.article_id for m in first.members] == ["a", "b", "c", "z"]
    assert first.first.date == dt.date(2025, 4, 7) and first.repeated and not groups[1].repeated


def test_grouping_many_quotes_does_not_compare_every_pair() -> None:
    items = [Q(f"Quote number {i} about topic {i * 7} with words {i * 13} here", None, str(i)) for i in range(3000)]
    items += [Q("Quote number 5 about topic 35 with words 65 here.", None, "dup")]
    groups = group_quotes(items)
    assert len(groups) == 3000
    assert [m.article_id for m in groups[5].members] == ["5", "dup"]
