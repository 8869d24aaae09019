"""A form the user splits off an entity ("Councillor Owen Achterberg" is not Owen Achterberg) stays an
entity of its own in the archive-wide table, whose rules would otherwise join it back (a title does
not count): at once, after ``rebuild`` and after a re-index; merging it back joins them again."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from index.archive import Archive
from index.model import Article, Entity, Extraction
from index.pipeline import extraction

PAGES = {
    "launch.md": "# A bid\n\nOwen Achterberg launched his bid. Councillor Owen Achterberg spoke.\n",
    "vote.md": "# A vote\n\nOwen Achterberg voted.\n",
}


def extract(articles: Sequence[Article], model: str | None) -> list[Extraction]:
    out = []
    for a in articles:
        forms = ("Owen Achterberg", "Councillor Owen Achterberg") if "Councillor" in a.body else ("Owen Achterberg",)
        out.append(Extraction(entities=(Entity("Owen Achterberg", "PERSON", forms, len(forms)),)))
    return out


@pytest.fixture()
def archive(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Archive:
    root = tmp_path / "saved"
    root.mkdir()
    for name, text in PAGES.items():
        (root / name).write_text(text, "utf-8")
    monkeypatch.setattr(extraction, "extract_articles", extract)
    a = Archive(tmp_path / "data")
    assert a.index([root], processes=1).ok
    return a


def people(a: Archive) -> dict[str, int]:
    return {e.name: e.articles for e in a.entities.list("person")}


def test_a_split_alias_is_its_own_entity_after_relink_rebuild_and_re_index(archive: Archive) -> None:
    assert people(archive) == {"Owen Achterberg": 2}
    archive.correct_entity("split", "Owen Achterberg", value="Councillor Owen Achterberg")
    assert people(archive) == {"Owen Achterberg": 2, "Councillor Owen Achterberg": 1}
    split = archive.entities.find("Councillor Owen Achterberg", "person")
    assert split is not None and split.name == "Councillor Owen Achterberg"
    assert archive.rebuild() == 2
    assert people(archive) == {"Owen Achterberg": 2, "Councillor Owen Achterberg": 1}
    launch = archive.roots[0] / "launch.md"
    launch.write_text(PAGES["launch.md"] + "\nCouncillor Owen Achterberg left.\n", "utf-8")
    assert archive.index(processes=1).extracted == 1
    assert people(archive) == {"Owen Achterberg": 2, "Councillor Owen Achterberg": 1}


def test_merging_the_split_form_back_makes_one_entity_again(archive: Archive) -> None:
    archive.correct_entity("split", "Owen Achterberg", value="Councillor Owen Achterberg")
    archive.correct_entity("merge", "Owen Achterberg", others=("Councillor Owen Achterberg",))
    assert people(archive) == {"Owen Achterberg": 2}
