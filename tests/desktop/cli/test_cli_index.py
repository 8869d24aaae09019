"""``morgue index`` and ``morgue problems``: skipped files counted, names that are not UTF-8 escaped."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.cli.common import shown


def test_skipped_files_are_counted_and_bad_names_escaped(
    tmp_path: Path, seed_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "saved"
    root.mkdir()
    shutil.copy(seed_path, root / seed_path.name)
    for name in ("a.xyz", "b.qqq", "c.zzz"):
        (root / name).write_bytes(b"%PDF-1.4")
    bad = os.path.join(os.fsencode(root), b"bad\xff.xyz")
    with open(bad, "wb") as f:
        f.write(b"x")
    data = str(tmp_path / "data")
    assert main(["--data", data, "index", "--no-extract", "--processes", "1", str(root)]) == 0
    err = capsys.readouterr().err
    assert "4 files skipped: not a supported format" in err.splitlines()[-1]
    assert "skipped: " + str(root / "bad\\xff.xyz") + ": not a supported format" in err
    assert main(["--data", data, "problems"]) == 1
    out = capsys.readouterr().out
    assert str(root / "bad\\xff.xyz") + ": not a supported format" in out
    assert "\udcff" not in out + err


def test_a_name_is_shown_without_raw_bytes_or_control_characters() -> None:
    assert shown(os.fsdecode(b"/a/bad\xff.html")) == "/a/bad\\xff.html"
    assert shown("/a/new\nline.html") == "/a/new\\nline.html"
    assert shown("/a/café ok.html") == "/a/café ok.html"


def test_check_says_what_it_found_and_repair_fixes_it(
    tmp_path: Path, seed_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "saved"
    root.mkdir()
    shutil.copy(seed_path, root / seed_path.name)
    data = str(tmp_path / "data")
    assert main(["--data", data, "index", "--no-extract", "--processes", "1", str(root)]) == 0
    assert main(["--data", data, "check"]) == 0
    out = capsys.readouterr().out
    assert "The store (1 articles) is whole." in out and out.strip().endswith("No problems found.")
    for toc in (tmp_path / "data" / "whoosh").glob("_*.toc"):
        toc.write_bytes(b"garbage")
    assert main(["--data", data, "check"]) == 1
    out = capsys.readouterr().out
    assert "problem: The search index cannot be read" in out and "1 problem(s) found." in out
    assert main(["--data", data, "check", "--repair"]) == 0
    assert "The search index was rebuilt from the store (1 articles)." in capsys.readouterr().out
    assert main(["--data", data, "search", "Pritzker"]) == 0


def test_index_shows_both_phases_and_later_leaves_the_second(
    tmp_path: Path, seed_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "saved"
    root.mkdir()
    shutil.copy(seed_path, root / seed_path.name)
    data = str(tmp_path / "data")
    assert main(["--data", data, "index", "--later", "--processes", "1", str(root)]) == 0
    err = capsys.readouterr().err
    assert "names and quotes: 0 articles done, 1 left for later" in err
    assert main(["--data", data, "index", "--processes", "1"]) == 0
    err = capsys.readouterr().err
    assert "The articles are searchable; finding names and quotes in 1 article" in err
    assert "names and quotes: 1 of 1" in err
    assert err.strip().endswith("names and quotes: 1 article done")
