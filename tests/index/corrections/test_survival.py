"""Each kind of correction survives ``morgue rebuild``, a re-index after the article's file changed and
a new EXTRACTOR_VERSION whose quote boundaries differ by a few words; it reaches search, facets,
bookmarks and exports, in a new process too; export and import round-trip."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest

from index.archive import Archive
from index.model import Article, Entity, Extraction, Quote
from index.pipeline import extraction

TEXT = """---
url: https://example.org/envoy
---
# Envoy testifies on the phone call

Volker said, “I never heard anyone ask for an investigation of the Bidens.”

Sondland told the committee, “We followed the president's orders, and everyone was in the loop.”

“This is not a quote at all,” the caption read under a photo of the hearing room.
"""


def fake_extractor(longer: bool) -> object:
    """Quotes by their marks, every speaker 'Volker'; ``longer``: a later version whose quotes
    reach a few words further back (moved boundaries)."""

    def extract(articles: Sequence[Article], model: str | None) -> list[Extraction]:
        out = []
        for a in articles:
            quotes = []
            for i, p in enumerate(a.paragraphs):
                for m in re.finditer(r"“([^”]+)”", p.text):
                    start, end = m.start(1), m.end(1)
                    if longer:
                        start = max(0, start - 8)
                    quotes.append(Quote(text=p.text[start:end], speaker="Volker", speaker_kind="person",
                                        paragraph=i, start=start, end=end))
            ents = (Entity("Volker", "PERSON", ("Volker",), 1), Entity("Kurt Volker", "PERSON", ("Kurt Volker",), 1),
                    Entity("Sondland", "ORG", ("Sondland",), 1), Entity("Bidens", "PERSON", ("Bidens",), 1))
            out.append(Extraction(quotes=tuple(quotes), entities=ents))
        return out

    return extract


@pytest.fixture()
def archive(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Archive:
    root = tmp_path / "saved"
    root.mkdir()
    (root / "envoy.md").write_text(TEXT, "utf-8")
    monkeypatch.setattr(extraction, "extract_articles", fake_extractor(longer=False))
    a = Archive(tmp_path / "data")
    assert a.index([root], processes=1).ok
    return a


def the_id(a: Archive) -> str:
    return a.search("").hits[0].id


def correct_everything(a: Archive) -> str:
    aid = the_id(a)
    a.correct_quote(aid, 0, "speaker", "Kurt Volker")
    a.correct_quote(aid, 1, "speaker", "Gordon Sondland")
    a.correct_quote(aid, 2, "not-a-quote")
    a.correct_entity("merge", "Kurt Volker", ["Volker"])
    a.correct_entity("type", "Sondland", value="person")
    a.correct_entity("rename", "Sondland", value="Gordon Sondland")
    a.correct_entity("hide", "Bidens")
    return aid


def assert_corrected(a: Archive, aid: str) -> None:
    ex = a.extraction(aid)
    assert [q.speaker for q in ex.quotes] == ["Kurt Volker", "Gordon Sondland"]
    assert all(q.corrected and q.corrected_from == "Volker" for q in ex.quotes)
    assert not any("not a quote" in q.text for q in ex.quotes)
    names = {e.name: e for e in ex.entities}
    assert set(names) == {"Kurt Volker", "Gordon Sondland"} and names["Gordon Sondland"].type == "PERSON"
    assert a.search('speaker:"gordon sondland"').total == 1
    assert a.search_quotes("investigation")[1][0].speaker == "Kurt Volker"
    assert a.search_quotes("caption")[0] == 0 and a.search_quotes("quote")[0] == 0
    facets = dict(a.search("").facets["person"])
    assert facets == {"Kurt Volker": 1, "Gordon Sondland": 1}
    assert a.search('person:"kurt volker"').total == 1 and a.search("person:bidens").total == 0
    assert all(s.applies for s in a.correction_statuses())
    table = {e.name: e for e in a.entities.list()}  # the archive-wide table follows them too
    assert set(table) == {"Kurt Volker", "Gordon Sondland"} and table["Gordon Sondland"].type == "PERSON"


def test_corrections_reach_the_index_at_once_and_survive_a_rebuild(archive: Archive) -> None:
    aid = correct_everything(archive)
    assert_corrected(archive, aid)
    assert archive.rebuild() == 1
    assert_corrected(archive, aid)


def test_corrections_survive_a_re_index_after_the_file_changed(archive: Archive) -> None:
    aid = correct_everything(archive)
    path = archive.roots[0] / "envoy.md"
    path.write_text(TEXT.replace("the committee", "the House committee") + "\nA new paragraph.\n", "utf-8")
    report = archive.index(processes=1)
    assert report.articles_updated == 1
    assert the_id(archive) == aid
    assert_corrected(archive, aid)


def test_corrections_survive_a_new_extractor_that_moves_quote_boundaries(
    archive: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    aid = correct_everything(archive)
    monkeypatch.setattr(extraction, "current_version", lambda: 10_000)
    monkeypatch.setattr(extraction, "extract_articles", fake_extractor(longer=True))
    assert archive.index(processes=1).ok
    assert archive.store.needing_extraction(10_000) == []
    assert archive.extraction(aid).quotes[0].text.startswith(" said, “")  # the boundaries moved
    assert_corrected(archive, aid)


def test_a_quote_that_is_gone_is_listed_as_no_longer_applying(archive: Archive) -> None:
    correct_everything(archive)
    path = archive.roots[0] / "envoy.md"
    path.write_text(TEXT.replace("“We followed the president's orders, and everyone was in the loop.”", "nothing."),
                    "utf-8")
    archive.index(processes=1)
    gone = [s for s in archive.correction_statuses() if not s.applies]
    assert [s.correction.summary for s in gone] == [
        "“We followed the president's orders, and everyone was in t…” — speaker set to Gordon Sondland"]
    assert gone[0].detail == "the quote is gone"
    assert archive.corrections.count() == 7  # never dropped


def test_an_existing_bookmark_shows_the_corrected_speaker_and_keeps_the_old(archive: Archive) -> None:
    aid = the_id(archive)
    b = archive.bookmarks.add_quote(aid, 0)
    assert b.speaker == "Volker"
    c = archive.correct_quote(aid, 0, "speaker", "Kurt Volker")
    b = archive.bookmarks.get(b.id)
    assert b.speaker == "Kurt Volker" and b.speaker_corrected_from == "Volker"
    assert [(h.old, h.new, h.reason) for h in archive.bookmarks.history(b.id)] == [("Volker", "Kurt Volker",
                                                                                  "corrected")]
    from index.bookmarks import to_markdown

    assert "— Kurt Volker (corrected)" in to_markdown([b])
    archive.remove_correction(c.id)  # undo: the extractor's speaker again, the history kept
    b = archive.bookmarks.get(b.id)
    assert b.speaker == "Volker" and not b.speaker_corrected and len(archive.bookmarks.history(b.id)) == 2
    assert archive.extraction(aid).quotes[0].speaker == "Volker"


def test_an_export_prints_the_corrected_speaker_marked_as_corrected(archive: Archive) -> None:
    aid = the_id(archive)
    archive.correct_quote(aid, 0, "speaker", "Kurt Volker")
    quotes = archive.extraction(aid).quotes
    assert quotes[0].speaker_as_cited == "Kurt Volker (corrected)"
    assert quotes[1].speaker_as_cited == "Volker"


def test_export_and_import_round_trip(archive: Archive, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    aid = correct_everything(archive)
    out = tmp_path / "corrections.json"
    assert archive.export_corrections(out) == 7
    doc = json.loads(out.read_text("utf-8"))
    assert doc["version"] == 1 and doc["kind"] == "morgue-corrections" and len(doc["corrections"]) == 7
    other = Archive(tmp_path / "other")
    assert other.index(archive.roots, processes=1).ok
    assert other.extraction(aid).quotes[0].speaker == "Volker"
    assert other.import_corrections(out) == (7, 0)
    assert_corrected(other, aid)
    assert other.import_corrections(out) == (0, 7)
    assert [c.summary for c in other.corrections.list()] == [c.summary for c in archive.corrections.list()]


def test_person_and_facets_reflect_a_merge_in_a_new_process(archive: Archive) -> None:
    archive.correct_entity("merge", "Kurt Volker", ["Volker"])
    data = str(archive.data_dir)
    archive.close()
    code = (
        "import json, sys\n"
        "from index.archive import Archive\n"
        f"a = Archive({data!r})\n"
        "r = a.search('person:volker')\n"
        "print(json.dumps([r.total, dict(r.facets['person'])]))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    total, facets = json.loads(out.stdout)
    assert total == 1 and facets["Kurt Volker"] == 1 and "Volker" not in facets
