"""A quote from a PDF cites its page; the PDF shows a citation's
file and SHA-256 in a monospace font instead of printing their backticks."""

from __future__ import annotations

from pathlib import Path

from index.export.citation import article_citation, citation_html
from index.ingest import read_file

RULING = Path(__file__).parents[1] / "fixtures" / "formats" / "court-ruling.pdf"


def test_a_quote_from_a_pdf_cites_its_page() -> None:
    [ruling] = read_file(RULING)
    n = next(i for i, p in enumerate(ruling.paragraphs) if "not safe for a loaded vessel" in p.text)
    cited = article_citation(ruling, (RULING.parent,), paragraph=n)
    assert ", p. 2. Archived copy" in cited
    assert "p. " not in article_citation(ruling, (RULING.parent,))  # the whole document: no page


def test_code_spans_of_a_citation_are_monospace_in_the_pdf() -> None:
    html = citation_html("Archived copy captured 2 March 2024 (WARC), file `a<b>.warc.gz`, SHA-256 `9f2c…`.")
    assert "`" not in html
    assert '<span style="font-family:monospace; font-size:8pt;">a&lt;b&gt;.warc.gz</span>' in html
