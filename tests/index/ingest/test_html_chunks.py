"""An article body split in chunks (one container class, an advertisement between): the reader keeps
every chunk, not only the first one trafilatura takes, and nothing of a closing box of links."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.ingest import read_file
from index.ingest.html import article_from_html

CORPUS = Path(__file__).resolve().parents[3] / ".." / "shared" / "corpus"

# The shape of a Condé Nast page (Wired), with sentences of its article on Instagram's analytics.
_CHUNK = '<div class="grid"><div class="article__body grid-layout__content">{}</div><div class="aside"></div></div>'
_FIRST = [
    "Instagram began testing hiding public like counts globally on Thursday, after experimenting with the"
    " design tweak in several countries earlier this year.",
    "Instagram first introduced business accounts in 2016. There are now 140 million monthly active"
    " businesses across Facebook's apps, and millions of them are on Instagram.",
    "I changed my personal Instagram profile, which I started in 2013, into a professional one several"
    " weeks ago. Instagram asked me which category best described my account.",
]
_LATER = [
    "I learned that over a dozen people tapped on the profile of a coworker after I tagged us eating"
    " Mexican food in my story.",
    "“I was stunned just to see how many people visited my profile even without posting for several"
    " months,” said Joseph Minga, a friend who recently switched to a professional Instagram account.",
]


_AD = '<div class="row full-bleed-ad"><span>Advertisement</span></div>'


def _page(chunks: list[list[str]]) -> str:
    body = _AD.join(_CHUNK.format("".join(f"<p>{t}</p>" for t in texts)) for texts in chunks)
    return (
        "<html><head><title>Instagram's analytics</title></head><body><main><article>"
        f'<h1>Instagram\'s analytics</h1><div class="article__chunks">{body}</div>'
        "</article></main></body></html>"
    )


def test_a_body_split_in_chunks_is_read_whole() -> None:
    article = article_from_html(_page([_FIRST, _LATER]), source="chunks.html")
    texts = [p.text for p in article.paragraphs]
    assert texts[-2:] == _LATER
    assert texts.index(_FIRST[-1]) < texts.index(_LATER[0])


def test_a_single_body_gains_nothing() -> None:
    article = article_from_html(_page([_FIRST + _LATER]), source="one.html")
    assert [p.text for p in article.paragraphs].count(_LATER[1]) == 1


@pytest.mark.slow
def test_the_wired_page_keeps_its_quoted_paragraphs() -> None:
    found = sorted((CORPUS / "scrapinghub" / "html").glob("d48aeb9c*.html.gz"))
    if not found:
        pytest.skip("the page is not in shared/corpus")
    text = "\n".join(p.text for p in read_file(found[0])[0].paragraphs)
    assert "I was stunned just to see how many people visited my profile" in text
    assert "Maybe Instagram likes it that way." in text
    assert "More Great WIRED Stories" not in text
