"""Fixtures for the extraction tests: one spaCy model per test session."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from index.extract import Extractor
from index.model import Article, Extraction, Paragraph


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    """An Extractor with its model loaded once for the whole session."""
    ex = Extractor()
    ex.nlp  # noqa: B018 - load now, so a missing model fails here with its own message
    return ex


@pytest.fixture(scope="session")
def extract(extractor: Extractor) -> Callable[..., Extraction]:
    """Extract from an article made of the given paragraphs."""

    def run(*paragraphs: str | Paragraph, title: str = "Test") -> Extraction:
        paras = tuple(p if isinstance(p, Paragraph) else Paragraph(p) for p in paragraphs)
        article = Article(id="t", title=title, paragraphs=paras)
        return extractor.extract([article])[0]

    return run
