"""Fixtures of the ingest tests: the real pages in ``../shared/corpus``, each read once per session."""

from __future__ import annotations

from pathlib import Path

import pytest
from ingest_fixtures import CORPUS, CorpusReader

_READER = CorpusReader()


@pytest.fixture(scope="session")
def corpus(shared: Path) -> Path:
    """The shared corpus folder; the test is skipped when it is not checked out beside the repository."""
    if not CORPUS.is_dir():
        pytest.skip(f"the shared corpus is not at {CORPUS.resolve()} (check out shared/ beside the repository)")
    return CORPUS.resolve()


@pytest.fixture(scope="session")
def corpus_reader(corpus: Path) -> CorpusReader:
    """Reads corpus files, each once per session: several tests look at the same pages."""
    return _READER
