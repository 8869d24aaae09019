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
