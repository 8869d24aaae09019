"""The extractor registry: stages run in order, each sees what the earlier ones found."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from index.extract import STAGES, Extractor, Found, Stage
from index.model import Article, Paragraph

ARTICLE = Article(
    id="t",
    title="Test",
    paragraphs=(
        Paragraph("Mayor Brandon Johnson spoke on Tuesday."),
        Paragraph("“We will not be intimidated by anyone at all,” Johnson said."),
    ),
)


def test_the_registered_stages_in_order() -> None:
    assert [s.name for s in STAGES] == ["posts", "entities", "quotes", "post authors"]
    assert [s.parsed for s in STAGES] == [False, True, True, True]


def test_a_new_stage_sees_earlier_results_and_can_replace_them(extractor: Extractor) -> None:
    seen: list[Found] = []

    def shout(found: Found) -> dict[str, Any]:
        seen.append(found)
        return {"quotes": tuple(replace(q, text=q.text.upper()) for q in found["quotes"])}

    mine = Extractor(model=extractor.model, stages=(*STAGES, Stage("shout", shout)))
    mine._language = extractor.nlp  # the session's loaded model
    (ex,) = mine.extract([ARTICLE])
    assert [q.text for q in ex.quotes] == ["WE WILL NOT BE INTIMIDATED BY ANYONE AT ALL,"]
    assert ex.quotes[0].speaker == "Brandon Johnson"
    (found,) = seen
    assert len(found.docs) == 2 and {"posts", "entities", "resolver"} <= set(found.results)


def test_an_extractor_without_the_quote_stages_finds_no_quotes(extractor: Extractor) -> None:
    mine = Extractor(model=extractor.model, stages=[s for s in STAGES if s.name in ("posts", "entities")])
    mine._language = extractor.nlp
    (ex,) = mine.extract([ARTICLE])
    assert ex.quotes == () and any(e.name == "Brandon Johnson" for e in ex.entities)
