"""``morgue bookmarks``: add, list, edit, delete, export and tags, and errors a user can act on."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from export_data import HARBOUR, build_archive

from desktop.cli import main
from index import bookmarks as bm
from index.archive import Archive


@pytest.fixture()
def archive(tmp_path: Path) -> Archive:
    a = build_archive(tmp_path / "data")
    yield a
    a.close()


def test_cli_add_list_edit_delete_export(archive: Archive, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = str(archive.data_dir)
    assert main(["--data", data, "bookmarks", "add", "--quote", f"{HARBOUR.id}:0", "--note", "first",
                 "--tag", "harbour", "--tag", "mayor"]) == 0
    assert main(["--data", data, "bookmarks", "add", "--post", f"{HARBOUR.id}:0"]) == 0
    assert main(["--data", data, "bookmarks", "add", "--passage", f"{HARBOUR.id}:0:4:11", "--tag", "harbour"]) == 0
    capsys.readouterr()
    assert main(["--data", data, "bookmarks", "list", "--tag", "harbour", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [b["text"] for b in listed["bookmarks"]] == ["harbour", "We are deploying every crew we have."]
    assert main(["--data", data, "bookmarks", "list", "--speaker", "Ana Lima"]) == 0
    out = capsys.readouterr().out
    assert "“We are deploying every crew we have.” — Ana Lima" in out and "tags: harbour, mayor" in out
    assert main(["--data", data, "bookmarks", "edit", "1", "--note", "changed", "--untag", "mayor",
                 "--tag", "storm"]) == 0
    assert main(["--data", data, "bookmarks", "delete", "2"]) == 0
    out_file = tmp_path / "b.csv"
    assert main(["--data", data, "bookmarks", "export", "--csv", str(out_file), "--tag", "harbour"]) == 0
    rows = bm.from_csv(out_file.read_text("utf-8"))
    assert [(b.id, b.note, b.tags) for b in rows] == [(3, "", ("harbour",)), (1, "changed", ("harbour", "storm"))]
    capsys.readouterr()
    assert main(["--data", data, "bookmarks", "tags"]) == 0
    assert capsys.readouterr().out.split() == ["2", "harbour", "1", "storm"]


def test_cli_errors_name_the_problem_and_set_the_exit_code(archive: Archive, tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    data = str(archive.data_dir)
    assert main(["--data", data, "bookmarks", "add", "--quote", f"{HARBOUR.id}:5"]) == 1
    assert "has 3 quotes" in capsys.readouterr().err
    assert main(["--data", data, "bookmarks", "delete", "42"]) == 1
    assert "no bookmark 42" in capsys.readouterr().err
    assert main(["--data", data, "bookmarks", "export", "--md", str(tmp_path / "no" / "x.md")]) == 1
    assert "Cannot write" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exc:
        main(["--data", data, "bookmarks", "add", "--quote", "no-number"])
    assert exc.value.code == 2
    assert "ARTICLE_ID:N" in capsys.readouterr().err
