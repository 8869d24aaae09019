"""``morgue show --json`` gives the page of each paragraph and quote of a PDF."""

from __future__ import annotations

from pathlib import Path

from index.ingest import read_file
from index.model import Extraction, Quote

RULING = Path(__file__).parents[2] / "fixtures" / "formats" / "court-ruling.pdf"


def test_show_json_gives_the_page_of_each_paragraph_and_quote() -> None:
    from desktop.cli.main import article_json

    [ruling] = read_file(RULING)
    n = next(i for i, p in enumerate(ruling.paragraphs) if "not safe for a loaded vessel" in p.text)
    quote = Quote("The pier is not safe for a loaded vessel in a winter storm,", None, "document", n)
    d = article_json(ruling, Extraction(quotes=(quote,)), (RULING.parent,))
    assert [p["page"] for p in d["paragraphs"]] == [p.page for p in ruling.paragraphs]
    assert d["quotes"][0]["page"] == 2
