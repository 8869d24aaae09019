"""Rebuilding the search index from the store: in one process or several, cancelled, with quotes
and entities (the store is written directly: no files read, no NLP)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from export_data import HARBOUR, HARBOUR_EX, quote_of
from whoosh import index as whoosh_index

from index.archive import Archive
from index.jobs import CancelToken, Progress
from index.model import Article, Entity, Extraction, Paragraph
from index.pipeline import rebuild


def _article(i: int) -> tuple[Article, Extraction]:
    para = f"Ferry {i} left the harbour at dawn. Captain Ana Lima said, “We sail at {i}.”"
    art = Article(id=f"ferry{i:03}", title=f"Ferry number {i}", paragraphs=(Paragraph(para),),
                  date=dt.date(2024, 1 + i % 12, 1 + i % 28), site="example.org", url=f"https://example.org/{i}")
    ex = Extraction(
        quotes=(quote_of(art, 0, f"We sail at {i}.", "Ana Lima"),),
        entities=(Entity("Ana Lima", "PERSON", ("Lima",), 1), Entity("Port Authority", "ORG", (), 1),
                  Entity("Halden", "PLACE", (), 1)),
    )
    return art, ex


def _archive(data: Path, n: int = 12) -> Archive:
    archive = Archive(data)
    harbour_ex = dataclasses.replace(HARBOUR_EX, entities=(Entity("Kari Nordmann", "PERSON", (), 1),))
    items = [(HARBOUR, harbour_ex), *(_article(i) for i in range(n))]
    archive.store.commit_batch(articles=[(a, a.content_hash, ex, 1) for a, ex in items])
    return archive


def _rebuild(archive: Archive, processes: int, cancel: CancelToken | None = None,
             on_progress: object = None) -> int:
    archive.searcher.close()
    return rebuild.rebuild(archive.store, archive.ix_dir, processes=processes, cancel=cancel,
                           on_progress=on_progress)  # type: ignore[arg-type]


def _everything(archive: Archive) -> tuple[object, ...]:
    hits = archive.search("", pagelen=100, sort="date").hits
    total, quotes = archive.search_quotes("sail", limit=100)
    return [h.id for h in hits], archive.search("ferry").total, total, sorted((q.article_id, q.index) for q in quotes)


def test_several_processes_give_the_same_index_as_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    one, two = _archive(tmp_path / "one"), _archive(tmp_path / "two")
    assert _rebuild(one, 1) == 13
    monkeypatch.setattr(rebuild, "REBUILD_MIN_PER_PROCESS", 1)
    seen: list[Progress] = []
    assert _rebuild(two, 2, on_progress=seen.append) == 13
    assert seen[-1].done == seen[-1].total == 13
    assert _everything(one) == _everything(two)
    assert _everything(two)[2] == 12
    assert not (tmp_path / "two" / "whoosh.rebuild").exists()


def test_parts_of_a_bounded_size_each_in_a_fresh_process_give_the_same_index(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A large rebuild is cut into parts of at most ``REBUILD_MAX_PER_PART`` articles, as many for
    each process, each part in a process of its own (its writing's memory never adds to the next's)."""
    one, many = _archive(tmp_path / "one"), _archive(tmp_path / "many")
    _rebuild(one, 1)
    monkeypatch.setattr(rebuild, "REBUILD_MIN_PER_PROCESS", 1)
    monkeypatch.setattr(rebuild, "REBUILD_MAX_PER_PART", 3)
    parts = rebuild._parts(13, 2)
    assert len(parts) == 6 and max(n for _, n in parts) <= 3 and sum(n for _, n in parts) == 13
    assert all(a + n == b for (a, n), (b, _) in zip(parts, parts[1:], strict=False)) and parts[0][0] == 0
    seen: list[Progress] = []
    assert _rebuild(many, 2, on_progress=seen.append) == 13
    assert seen[-1].done == seen[-1].total == 13
    assert _everything(one) == _everything(many)
    ix = whoosh_index.open_dir(str(many.ix_dir), indexname="articles")
    with ix.reader() as reader:
        assert len(reader.leaf_readers()) == 6  # a segment a part
    assert len(rebuild._parts(13, 1)) == 5  # one process: parts in turn


def test_a_cancelled_rebuild_keeps_the_index_it_had(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    archive = _archive(tmp_path / "data")
    _rebuild(archive, 1)
    before = _everything(archive)
    monkeypatch.setattr(rebuild, "REBUILD_MIN_PER_PROCESS", 1)
    for processes in (1, 2):
        cancel = CancelToken()
        cancel.cancel()
        assert _rebuild(archive, processes, cancel) == 0
        assert not (tmp_path / "data" / "whoosh.rebuild").exists()
        assert _everything(archive) == before
    assert _rebuild(archive, 2) == 13  # the lock was released


def test_quotes_by_date_and_entities_by_any_kind(tmp_path: Path) -> None:
    archive = _archive(tmp_path / "data")
    _rebuild(archive, 1)
    total, hits = archive.search_quotes("date:[2024-03-01 TO 2024-03-31]", limit=100)
    assert total == 4 and {h.date.month for h in hits if h.date} == {3}  # the harbour's three and ferry 2
    assert {h.index for h in archive.search_quotes("hurt")[1]} == {2}
    for query in ("entity:lima", "name:\"ana lima\"", "entity:halden", "entity:(authority OR nordmann)"):
        assert archive.search(query).total >= 12, query
    assert archive.search("entity:nordmann").total == 1
    assert archive.search("entity:(lima title:harbour)").total == 0  # the title word keeps its field
    assert archive.search("person:halden").total == 0


def _linked_by(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The ids of the articles the entity table (re)links from now on."""
    from index.store.entities import EntityTable

    linked: list[str] = []
    apply = EntityTable.apply

    def counting(self, updates, removed):  # type: ignore[no-untyped-def]
        updates = list(updates)
        linked.extend(u[0] for u in updates)
        return apply(self, updates, removed)

    monkeypatch.setattr(EntityTable, "apply", counting)
    return linked


def test_a_rebuild_relinks_only_what_changed_unless_the_rules_did(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from index.store import entities

    archive = _archive(tmp_path / "data")
    table = archive.entities  # linked from nothing, by this version's rules
    assert table.rules_current()
    linked = _linked_by(monkeypatch)
    assert _rebuild(archive, 1) == 13
    assert linked == []  # the index was rebuilt, the extractions did not change
    art, ex = _article(99)
    archive.store.commit_batch(articles=[(art, art.content_hash, ex, 1)])
    _rebuild(archive, 1)
    assert linked == ["ferry099"]
    people = {(e.name, e.articles) for e in archive.entities.list("PERSON")}
    assert ("Ana Lima", 13) in people
    monkeypatch.setattr(entities, "RULES_VERSION", entities.RULES_VERSION + 1)
    linked.clear()
    _rebuild(archive, 1)
    assert len(linked) == 14  # new rules: every article again
    assert {(e.name, e.articles) for e in archive.entities.list("PERSON")} == people


def test_a_table_from_before_the_rules_version_is_relinked_by_the_next_rebuild(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from index.store.entities import RULES_KEY

    archive = _archive(tmp_path / "data")
    table = archive.entities
    with table._db:  # noqa: SLF001 - a table an older version wrote: no rules version
        table._db.execute("DELETE FROM meta WHERE key=?", (RULES_KEY,))
    linked = _linked_by(monkeypatch)
    _rebuild(archive, 1)
    assert len(linked) == 13
    assert archive.entities.rules_current()
