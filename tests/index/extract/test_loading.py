"""The model is loaded lazily, and a missing one gives a message naming what to install."""

from __future__ import annotations

import subprocess
import sys

import pytest

from index.errors import ArchiveError, ModelNotInstalled
from index.extract import Extractor
from index.extract import nlp as nlp_module


def test_importing_extraction_does_not_import_spacy() -> None:
    code = (
        "import sys, index.extract, index.extract.entities, index.extract.quotes, index.extract.nlp; "
        "e = index.extract.Extractor(); "
        "assert 'spacy' not in sys.modules, 'spacy imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_missing_model_names_the_package(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(nlp_module.MODEL_ENV, raising=False)
    missing = Extractor(model="en_core_web_nonexistent")
    assert missing.extract([]) == []  # nothing to do: nothing loaded
    with pytest.raises(ModelNotInstalled) as info:
        missing.nlp  # noqa: B018
    assert isinstance(info.value, ArchiveError)
    assert "'en-core-web-nonexistent'" in str(info.value)
    assert nlp_module.MODEL_ENV in str(info.value)


def test_model_name_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(nlp_module.MODEL_ENV, "en_core_web_lg")
    assert Extractor().model == "en_core_web_lg"
    assert Extractor(model="en_core_web_md").model == "en_core_web_md"
    monkeypatch.delenv(nlp_module.MODEL_ENV)
    assert Extractor().model == nlp_module.DEFAULT_MODEL


def test_only_needed_components(extractor: Extractor) -> None:
    assert set(extractor.nlp.pipe_names) == {"tok2vec", "parser", "ner"}


def test_extractor_pickles_without_its_model(extractor: Extractor) -> None:
    import pickle

    copy = pickle.loads(pickle.dumps(extractor))
    assert copy.model == extractor.model and copy.batch_size == extractor.batch_size
    assert copy._languages == {}  # no pipeline travels with it
