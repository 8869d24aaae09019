"""Bookmarks: add, edit, delete, search, filter; they outlive re-indexing, moves, deleted articles,
killed processes and older schemas; exports round-trip."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest
from export_data import HARBOUR, HARBOUR_EX, build_archive

from index import bookmarks as bm
from index.archive import Archive
from index.bookmarks import Bookmark, Bookmarks
from index.errors import ArticleNotFound, BadBookmark, BookmarkNotFound, BookmarksUnavailable, ExportFailed
from index.model import Article, Paragraph


@pytest.fixture()
def archive(tmp_path: Path) -> Archive:
    a = build_archive(tmp_path / "data")
    yield a
    a.close()


@pytest.fixture()
def store(archive: Archive) -> Bookmarks:
    b = archive.bookmarks
    yield b
    b.close()


def test_an_archive_has_one_bookmarks_instance(archive: Archive) -> None:
    assert archive.bookmarks is archive.bookmarks
    archive.bookmarks.close()
    assert archive.bookmarks.count() == 0  # usable again after a close: it reconnects


# --- adding, editing, deleting --------------------------------------------------------------------


def test_a_quote_bookmark_keeps_a_copy_of_everything(store: Bookmarks, archive: Archive) -> None:
    b = store.add_quote(HARBOUR.id, 0, note="Check with the mayor's office", tags=["Harbour", "storm, 2024"])
    assert store.path == archive.data_dir / "bookmarks.sqlite"
    assert (b.kind, b.text, b.speaker) == ("quote", "We are deploying every crew we have.", "Ana Lima")
    assert (b.article_id, b.title, b.date, b.site, b.url) == (
        HARBOUR.id, HARBOUR.title, HARBOUR.date, "example.org", HARBOUR.url)
    assert b.authors == ("Kari Nordmann", "Ola Hansen")
    assert (b.paragraph, b.start, b.end, b.quote_index) == (1, 22, 58, 0)
    assert b.note == "Check with the mayor's office"
    assert b.tags == ("2024", "Harbour", "storm")
    assert b.created is not None and b.created.tzinfo is not None and b.updated == b.created
    assert not b.article_missing
    assert store.get(b.id) == b


def test_posts_and_passages(store: Bookmarks) -> None:
    post = store.add_post(HARBOUR.id, 0, tags=["x"])
    assert (post.kind, post.text, post.author, post.handle, post.platform) == (
        "post", "Ferries are back.", "Port Authority", "port_auth", "x")
    assert post.who == "Port Authority (@port_auth)" and post.paragraph == 3
    passage = store.add_passage(HARBOUR.id, 0, 4, 31)
    assert passage.text == "harbour reopened on Monday "[:27] and passage.kind == "passage"
    assert (passage.paragraph, passage.start, passage.end) == (0, 4, 31)


def test_a_quote_given_without_its_number_finds_it(store: Bookmarks) -> None:
    b = store.add_quote(HARBOUR.id, None, quote=HARBOUR_EX.quotes[1])
    assert b.quote_index == 1 and b.text == "The ferries will run by Friday."


def test_bookmarking_the_same_quote_twice_gives_one_bookmark(store: Bookmarks) -> None:
    first = store.add_quote(HARBOUR.id, 0, tags=["a"])
    again = store.add_quote(HARBOUR.id, 0, note="new note", tags=["b"])
    assert again.id == first.id and again.tags == ("a", "b") and again.note == "new note"
    assert store.count() == 1


def test_edit_note_and_tags(store: Bookmarks) -> None:
    b = store.add_quote(HARBOUR.id, 0, tags=["one", "two"])
    b2 = store.update(b.id, note="  a note  ", add_tags=["three"], remove_tags=["ONE"])
    assert b2.note == "a note" and b2.tags == ("three", "two")
    assert b2.updated is not None and b2.updated >= b.updated  # type: ignore[operator]
    b3 = store.update(b.id, tags=["#only"])
    assert b3.tags == ("only",) and b3.note == "a note"
    with pytest.raises(BookmarkNotFound, match="no bookmark 999"):
        store.update(999, note="x")


def test_delete_and_restore(store: Bookmarks) -> None:
    a = store.add_quote(HARBOUR.id, 0, note="keep me", tags=["t"])
    b = store.add_quote(HARBOUR.id, 1)
    gone = store.delete([a.id, b.id])
    assert [g.id for g in gone] == [a.id, b.id] and store.count() == 0
    with pytest.raises(BookmarkNotFound):
        store.get(a.id)
    assert store.restore(gone) == gone
    assert store.get(a.id).note == "keep me" and store.get(a.id).tags == ("t",)
    # Ids are never reused, even after a delete.
    c = store.add_passage(HARBOUR.id, 0, 0, 3)
    assert c.id > b.id


def test_bad_requests_say_what_is_wrong(store: Bookmarks) -> None:
    with pytest.raises(BadBookmark, match="has 3 quotes .*no quote 7"):
        store.add_quote(HARBOUR.id, 7)
    with pytest.raises(BadBookmark, match="has 4 paragraphs"):
        store.add_passage(HARBOUR.id, 9, 0, 1)
    with pytest.raises(BadBookmark, match="is not a passage"):
        store.add_passage(HARBOUR.id, 0, 5, 500)
    with pytest.raises(ArticleNotFound):
        store.add_quote("nope", 0)


# --- searching and filtering ----------------------------------------------------------------------


def test_search_matches_words_stems_prefixes_and_substrings(store: Bookmarks) -> None:
    assert store.full_text  # FTS5 is in this Python's SQLite
    deploy = store.add_quote(HARBOUR.id, 0, note="Mayor on crews")
    ferries = store.add_quote(HARBOUR.id, 1, tags=["transport"])
    hurt = store.add_quote(HARBOUR.id, 2)
    cjk = store.add_passage(Article("cjk", "北京新闻", (Paragraph("记者在北京报道了这条消息。"),)), 0, 0, 13)

    def ids(q: str) -> set[int]:
        return {b.id for b in store.search(q)}

    assert ids("deploy") == {deploy.id}  # porter stemming: deploying -> deploy
    assert ids("ferry") == {ferries.id}  # ferries -> ferri <- ferry
    assert ids("fri") == {ferries.id}  # a prefix
    assert ids("crews") == {deploy.id}  # the note
    assert ids("ana lima") == {deploy.id, ferries.id}  # the speaker
    assert ids("harbour reopened") == {deploy.id, ferries.id, hurt.id}  # the article's title
    assert ids("北京") == {cjk.id}  # a substring of a CJK run
    assert ids("ploying ev") == {deploy.id}  # any substring
    assert ids("") == {deploy.id, ferries.id, hurt.id, cjk.id}
    assert ids('"; DROP TABLE bookmarks; --') == set()
    assert store.count() == 4


def test_filters_by_tag_and_speaker_and_counts(store: Bookmarks) -> None:
    a = store.add_quote(HARBOUR.id, 0, tags=["harbour", "mayor"])
    b = store.add_quote(HARBOUR.id, 1, tags=["Harbour"])
    c = store.add_post(HARBOUR.id, 0, tags=["social"])
    assert [x.id for x in store.list(tag="HARBOUR")] == [b.id, a.id]  # newest first, any case
    assert [x.id for x in store.list(speaker="ana lima")] == [b.id, a.id]
    assert [x.id for x in store.list(speaker="@port_auth")] == [c.id]
    assert [x.id for x in store.list(tag="harbour", query="ferries")] == [b.id]
    assert store.tags() == [("harbour", 2), ("mayor", 1), ("social", 1)]
    assert store.speakers() == [("Ana Lima", 2), ("Port Authority", 1)]
    store.rename_tag("harbour", "port")
    assert [t for t, _ in store.tags()] == ["port", "mayor", "social"]


def test_bookmarks_can_be_used_from_several_threads(store: Bookmarks) -> None:
    article = Article("long", "Long", (Paragraph("x" * 400),))
    errors: list[BaseException] = []

    def work(k: int) -> None:
        try:
            for i in range(25):
                store.add_passage(article, 0, k * 50 + i, k * 50 + i + 10, tags=[f"thread{k}"])
                store.list(tag=f"thread{k}")
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert store.count() == 100 and store.check() == "ok"
    store.close()


# --- nothing a user bookmarked is lost --------------------------------------------------------------


@pytest.fixture()
def folder(tmp_path: Path, seed_path: Path) -> Path:
    root = tmp_path / "saved"
    root.mkdir()
    shutil.copy(seed_path, root / seed_path.name)
    (root / "harbour.txt").write_text(" date 2024-03-02 The harbour reopened after the storm.\n\nDock workers "
                                      "cheered.\n", encoding="utf-8")
    return root


def _seed_id(archive: Archive) -> str:
    hits = archive.search("Klippenstein").hits
    assert len(hits) == 1
    return hits[0].id


def test_bookmarks_survive_reindexing_rebuilding_renaming_and_a_deleted_article(
    tmp_path: Path, folder: Path, seed_path: Path
) -> None:
    archive = Archive(tmp_path / "data")
    archive.index([folder], extract=False, processes=1)
    aid = _seed_id(archive)
    store = archive.bookmarks
    text = archive.article(aid).paragraphs[3].text[:40]
    kept = store.add_passage(aid, 3, 0, 40, note="the President's words", tags=["chicago"])
    assert kept.text == text

    archive.index(extract=False, processes=1)  # an unchanged archive
    seed = folder / seed_path.name
    os.utime(seed, ns=(seed.stat().st_atime_ns, seed.stat().st_mtime_ns + 10**9))
    archive.index(extract=False, processes=1)  # the file is read again
    archive.rebuild()  # the search index is rebuilt from the store
    assert store.get(kept.id) == kept

    renamed = folder / "sub" / "renamed.txt"
    renamed.parent.mkdir()
    seed.rename(renamed)
    archive.index(extract=False, processes=1)
    kept_again = store.get(kept.id)
    assert kept_again == kept and not kept_again.article_missing

    renamed.unlink()
    report = archive.index(extract=False, processes=1)
    assert report.articles_removed == 1
    gone = Bookmarks(store.path, archive).get(kept.id)  # a fresh handle reads the same
    assert gone.article_missing
    assert (gone.text, gone.note, gone.tags, gone.title) == (text, kept.note, ("chicago",), kept.title)
    assert store.list(tag="chicago")[0].article_missing

    shutil.copy(seed_path, folder / "back-again.txt")  # the same article saved again: found again
    archive.index(extract=False, processes=1)
    assert not store.get(kept.id).article_missing
    store.close()
    archive.close()



def test_a_real_quote_of_the_seed_survives_its_article(tmp_path: Path, folder: Path, seed_path: Path) -> None:
    archive = Archive(tmp_path / "data")
    archive.index([folder], extract=True, processes=1)
    aid = _seed_id(archive)
    quotes = archive.extraction(aid).quotes
    n = next(i for i, q in enumerate(quotes) if q.text.startswith("We’re going in"))
    store = archive.bookmarks
    b = store.add_quote(aid, n, tags=["trump"])
    assert b.text == "We’re going in," and b.speaker in ("Donald Trump", "Trump", "President Trump")
    assert b.date == dt.date(2025, 9, 3)
    (folder / seed_path.name).unlink()
    archive.index(extract=True, processes=1)
    after = store.get(b.id)
    assert after.article_missing and after.text == "We’re going in," and after.speaker == b.speaker
    store.close()
    archive.close()


WRITER = textwrap.dedent("""
    import sys
    from pathlib import Path
    from index.bookmarks import Bookmarks
    from index.model import Article, Paragraph

    store = Bookmarks(Path(sys.argv[1]))
    article = Article(id="art", title="A long article", paragraphs=(Paragraph("word " * 3000),))
    i = int(sys.argv[2])
    while True:
        b = store.add_passage(article, 0, 0, 1 + i, note=f"note {i} " + "n" * 400,
                              tags=[f"t{i}", "all", f"group{i % 7}"])
        print(f"A {b.id} {i}", flush=True)
        store.update(b.id, note=f"note {i} edited " + "e" * 400)
        print(f"E {b.id}", flush=True)
        if i % 5 == 0:
            store.delete(b.id)
            print(f"D {b.id}", flush=True)
        i += 1
""")


def test_a_writer_killed_mid_write_leaves_a_sound_database(tmp_path: Path) -> None:
    path = tmp_path / "bookmarks.sqlite"
    added: dict[int, int] = {}
    edited: set[int] = set()
    deleted: set[int] = set()
    start = 0
    for round_ in range(3):
        proc = subprocess.Popen([sys.executable, "-c", WRITER, str(path), str(start)], stdout=subprocess.PIPE,
                                text=True, env=os.environ.copy())
        assert proc.stdout is not None
        for seen, line in enumerate(proc.stdout, 1):
            kind, bid, *rest = line.split()
            if kind == "A":
                added[int(bid)] = int(rest[0])
                start = int(rest[0]) + 1
            elif kind == "E":
                edited.add(int(bid))
            else:
                deleted.add(int(bid))
            if seen >= 150 + 37 * round_:  # a different moment of the loop each round
                os.kill(proc.pid, signal.SIGKILL)
                break
        proc.wait(timeout=30)
        proc.stdout.close()
        assert proc.returncode == -signal.SIGKILL

        conn = sqlite3.connect(path)
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        conn.close()
        store = Bookmarks(path)
        assert store.check() == "ok"
        rows = {b.id: b for b in store.list()}
        for bid, i in added.items():
            if bid in deleted:
                assert bid not in rows
                continue
            b = rows[bid]  # every committed bookmark is there, complete
            assert b.text == ("word " * 3000)[: 1 + i] and b.article_id == "art"
            assert set(b.tags) == {f"t{i}", "all", f"group{i % 7}"}
            if bid in edited:
                assert b.note.startswith(f"note {i} edited ")
        for b in rows.values():  # and nothing half-written: each row came from one whole transaction
            i = len(b.text) - 1
            assert set(b.tags) == {f"t{i}", "all", f"group{i % 7}"}
            assert b.note in (f"note {i} " + "n" * 400, f"note {i} edited " + "e" * 400)
        store.close()
    assert len(added) > 150


# --- schema versions ----------------------------------------------------------------------------------


def test_an_older_schema_is_migrated_with_its_bookmarks(tmp_path: Path) -> None:
    path = tmp_path / "bookmarks.sqlite"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN")
    bm.MIGRATIONS[0](conn)
    conn.execute("PRAGMA user_version = 1")
    conn.execute(
        "INSERT INTO bookmarks (kind, text, article_id, title, speaker, note, created, updated) VALUES "
        "('quote', 'We are deploying every crew', 'a1', 'Harbour', 'Ana Lima', 'old note', "
        "'2024-01-01T00:00:00+00:00', '2024-01-01T00:00:00+00:00')")
    conn.execute("INSERT INTO bookmark_tags VALUES (1, 'old')")
    conn.execute("COMMIT")
    conn.close()

    store = Bookmarks(path)
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == bm.SCHEMA_VERSION
    assert store.full_text
    old = store.get(1)
    assert (old.text, old.speaker, old.note, old.tags) == ("We are deploying every crew", "Ana Lima", "old note",
                                                           ("old",))
    assert [b.id for b in store.search("deploy")] == [1]  # the old rows are in the new full-text index
    store.close()
    Bookmarks(path).close()  # opening again changes nothing


def test_a_newer_schema_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    path = tmp_path / "bookmarks.sqlite"
    Bookmarks(path).close()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 99")
    conn.commit()
    conn.close()
    with pytest.raises(BookmarksUnavailable, match="newer version of Morgue"):
        Bookmarks(path)


def test_a_file_that_is_not_a_database_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "bookmarks.sqlite"
    path.write_bytes(b"this is not SQLite" * 100)
    with pytest.raises(BookmarksUnavailable, match="bookmarks.sqlite"):
        Bookmarks(path)


# --- exports ------------------------------------------------------------------------------------------

TRICKY = "=SUM(A1) “curly” quotes, commas; \"straight\" and a\nnew line — Zoë Łódź 北京"


def _varied(store: Bookmarks) -> list[Bookmark]:
    store.add_quote(HARBOUR.id, 0, note=TRICKY, tags=["-minus", "@at", "plain tag"])
    store.add_post(HARBOUR.id, 0)
    odd = Article("odd", "+Title, with “quotes”", (Paragraph(TRICKY),), authors=("A; B", "C\\D", "E"))
    store.add_passage(odd, 0, 0, len(TRICKY), note="'apostrophe first")
    return store.list()


def test_json_and_csv_round_trip_every_field(store: Bookmarks) -> None:
    items = _varied(store)
    assert bm.from_json(bm.to_json(items)) == items
    doc = json.loads(bm.to_json(items))
    assert doc["version"] == 1 and doc["count"] == 3
    assert set(doc["bookmarks"][0]) == set(bm.FIELDS)
    text = bm.to_csv(items)
    assert text.splitlines()[0] == ",".join(bm.FIELDS)
    assert not text.startswith("\ufeff")
    # Cells a spreadsheet would run as formulas are defused...
    assert "'=SUM(A1)" in text and "'-minus" in text and "''apostrophe" in text
    # ...and come back exactly.
    assert bm.from_csv(text) == items


def test_markdown_shows_text_who_note_tags_and_citation(store: Bookmarks) -> None:
    items = _varied(store)
    md = bm.to_markdown(items, title="Harbour bookmarks", exported=dt.datetime(2025, 1, 2, tzinfo=dt.UTC))
    assert md.startswith("# Harbour bookmarks\n\n3 bookmarks, exported from Morgue on 2025-01-02.")
    assert "> We are deploying every crew we have." in md
    assert "Quote — Ana Lima" in md and "Post — Port Authority (@port\\_auth)" in md
    assert "**Tags:** \\-minus" not in md and "**Tags:** -minus, @at, plain tag" in md
    # The archived copy it quotes, as article exports cite it (not the day of the export); the file
    # and the hash stay code spans in Markdown.
    assert ("Kari Nordmann and Ola Hansen. “The harbour reopened after the storm.” example.org, March 2, 2024. "
            "https://example.org/news/harbour. Archived copy captured 2 March 2024 (WARC), file `harbour.warc.gz`, "
            "SHA-256 `9f2c0123456789ab…`.") in md.replace("\\_", "_")
    assert "accessed" not in md


def test_export_writes_files_atomically_and_names_a_bad_path(store: Bookmarks, tmp_path: Path) -> None:
    items = _varied(store)
    for fmt in ("md", "csv", "json"):
        out = bm.export(items, tmp_path / f"out.{fmt}", fmt)  # type: ignore[arg-type]
        assert out.read_text("utf-8")
    assert bm.from_json((tmp_path / "out.json").read_text("utf-8")) == items
    assert not list(tmp_path.glob(".*.tmp"))
    with pytest.raises(ExportFailed, match=r"Cannot write .*missing.*out\.csv"):
        bm.export(items, tmp_path / "missing" / "out.csv", "csv")
