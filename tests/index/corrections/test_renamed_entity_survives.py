"""A rename of an entity the archive-wide table made of several articles' names (the canonical name
the table chose, not one article's) stays the entity's name: at once, after ``rebuild`` (which
recomputes the table) and after a re-index of a changed file, in a new process too."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest

from index.archive import Archive
from index.model import Article, Entity, Extraction
from index.pipeline import extraction

PAGES = {
    "full.md": "# The president\n\nDonald Trump spoke. Trump left.\n",
    "bare1.md": "# A speech\n\nTrump spoke again.\n",
    "bare2.md": "# Another speech\n\nMr. Trump spoke once more.\n",
}


def extract(articles: Sequence[Article], model: str | None) -> list[Extraction]:
    """Donald Trump where the text names him in full, a bare Trump elsewhere."""
    out = []
    for a in articles:
        if "Donald Trump" in a.body:
            ents: tuple[Entity, ...] = (Entity("Donald Trump", "PERSON", ("Donald Trump", "Trump"), 2),)
        else:
            ents = (Entity("Trump", "PERSON", ("Mr. Trump",) if "Mr." in a.body else ("Trump",), 1),)
        out.append(Extraction(entities=ents))
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


def canonical(a: Archive) -> tuple[str, int, int]:
    people = [e for e in a.entities.list("person")]
    assert len(people) == 1  # one entity of the three articles
    found = a.entities.find("Trump", "person")
    assert found is not None and found.id == people[0].id
    return people[0].name, people[0].articles, a.search(f'person:"{people[0].name}"').total


def test_the_table_makes_one_entity_of_the_three_articles(archive: Archive) -> None:
    assert canonical(archive) == ("Donald Trump", 3, 3)


def test_a_rename_of_the_canonical_name_stays_after_rebuild_and_re_index(archive: Archive) -> None:
    archive.correct_entity("rename", "Donald Trump", value="Donald J. Trump")
    assert canonical(archive) == ("Donald J. Trump", 3, 3)
    assert archive.rebuild() == 3  # the table is recomputed from the stored extractions
    assert canonical(archive) == ("Donald J. Trump", 3, 3)
    full = archive.roots[0] / "full.md"
    full.write_text(PAGES["full.md"] + "\nDonald Trump spoke at length.\n", "utf-8")
    report = archive.index(processes=1)
    assert report.files_read == 1 and report.extracted == 1  # re-extracted, relinked
    assert canonical(archive) == ("Donald J. Trump", 3, 3)
    code = ("import sys; from index.archive import Archive; a = Archive(sys.argv[1]);"
            " print(a.entities.find('Trump', 'person').name)")
    shown = subprocess.run([sys.executable, "-c", code, str(archive.data_dir)], capture_output=True, text=True,
                           check=True).stdout.strip()
    assert shown == "Donald J. Trump"


def test_removing_the_rename_gives_the_table_its_own_name_back(archive: Archive) -> None:
    c = archive.correct_entity("rename", "Donald Trump", value="Donald J. Trump")
    archive.remove_correction(c.id)
    assert canonical(archive) == ("Donald Trump", 3, 3)
    assert archive.rebuild() == 3
    assert canonical(archive) == ("Donald Trump", 3, 3)
