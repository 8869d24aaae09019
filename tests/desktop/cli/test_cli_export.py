"""``morgue export --pdf``: in a fresh headless process, its errors, and the seed article end to end."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from export_data import HARBOUR, HARBOUR_EX, WORLD, WORLD_EX, build_archive, flat, page_texts
from pypdf import PdfReader

from desktop.cli import main
from index.archive import Archive

pytestmark = pytest.mark.usefixtures("qapp")


@pytest.fixture()
def archive(tmp_path: Path) -> Archive:
    a = build_archive(tmp_path / "data", [(HARBOUR, HARBOUR_EX), (WORLD, WORLD_EX)])
    yield a
    a.close()


def outline_titles(reader: PdfReader) -> list[str]:
    return [item.title for item in reader.outline if not isinstance(item, list)]


def test_cli_exports_headless_in_a_fresh_process(archive: Archive, tmp_path: Path) -> None:
    path = tmp_path / "cli.pdf"
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    out = subprocess.run(
        [sys.executable, "-m", "desktop.cli", "--data", str(archive.data_dir), "export", "--pdf", str(path),
         "--quotes", f"{HARBOUR.id}:0", f"{HARBOUR.id}:9"],
        capture_output=True, text=True, env=env, timeout=120,
    )
    assert out.returncode == 0, out.stderr
    assert f"not in the archive: {HARBOUR.id}:9" in out.stderr and "wrote" in out.stderr
    assert "“We are deploying every crew we have.” — Ana Lima" in flat(" ".join(page_texts(path)))


def test_cli_export_errors(archive: Archive, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = str(archive.data_dir)
    assert main(["--data", data, "export", "--pdf", str(tmp_path / "x.pdf"), "--ids", "nope"]) == 1
    assert "none of the selected items is in the archive (nope)" in capsys.readouterr().err
    assert main(["--data", data, "export", "--pdf", str(tmp_path / "x.pdf"), "--query", "zebra"]) == 1
    assert "no article matches the query 'zebra'" in capsys.readouterr().err
    assert not (tmp_path / "x.pdf").exists()
    assert main(["--data", data, "export", "--pdf", str(tmp_path / "s.pdf"), "--query", "harbour",
                 "--title", "Harbour file"]) == 0
    assert PdfReader(tmp_path / "s.pdf").metadata.title == "Harbour file"


def test_the_seed_article_and_its_quotes_via_the_cli(tmp_path: Path, seed_path: Path) -> None:
    folder = tmp_path / "saved"
    folder.mkdir()
    shutil.copy(seed_path, folder)
    data = tmp_path / "data"
    archive = Archive(data)
    archive.index([folder], extract=True, processes=1)
    aid = archive.search("Klippenstein").hits[0].id
    archive.close()
    path = tmp_path / "seed.pdf"
    assert main(["--data", str(data), "export", "--pdf", str(path), "--ids", aid]) == 0
    everything = flat(" ".join(page_texts(path))).replace("\ufb01", "fi")  # the text layer's "fi" ligature
    assert "Troops might already be in Chicago" in everything
    assert "“We’re going in,” — Trump" in everything or "“We’re going in,” — Donald Trump" in everything
    assert "— Karoline Leavitt" in everything
    assert "“Troops might already be in Chicago, according to a memo leaked to independent journalist Ken " \
           "Klippenstein.” September 3, 2025. Archived copy (no capture time recorded), file " in everything
    # The file's name may wrap; it and the hash are set in monospace, without the Markdown's backticks.
    assert " last modified " in everything and "SHA-256 " in everything and "`" not in everything
    titles = outline_titles(PdfReader(path))
    assert titles == ["Troops might already be in Chicago, according to a memo leaked to independent journalist "
                      "Ken Klippenstein."]
