"""The door into Whoosh's private writer API: with it closed (a Whoosh other than the pin), an
indexing run and a rebuild go through Whoosh's public writer and give the same searchable archive."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from index.archive import Archive
from index.store.w3 import write as w3_writer


def _folder(tmp_path: Path, seed_path: Path) -> Path:
    root = tmp_path / "saved"
    root.mkdir()
    shutil.copy(seed_path, root / seed_path.name)
    for i in range(30):
        (root / f"ferry-{i:02}.txt").write_text(f" date 2024-01-{1 + i % 28:02} Ferry {i} left the harbour.\n\n"
                                                 f"Crew number {i} cheered the captain.\n", encoding="utf-8")
    return root


def _everything(archive: Archive) -> tuple[object, ...]:
    hits = archive.search("", pagelen=100, sort="date").hits
    return (sorted(h.id for h in hits), [h.date for h in hits], archive.search("harbour").total,
            archive.search('"crew number 7"').total,
            archive.search("Klippenstein").total, archive.search_quotes("going")[0])


def test_the_fallback_gives_the_same_archive(tmp_path: Path, seed_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _folder(tmp_path, seed_path)
    fast = Archive(tmp_path / "fast")
    fast.index([folder], processes=1)
    expected = _everything(fast)
    assert fast.rebuild() == 31 and _everything(fast) == expected
    monkeypatch.setattr(w3_writer, "FAST", False)
    assert not w3_writer.can_write_parts()
    slow = Archive(tmp_path / "slow")
    slow.index([folder], processes=1)
    assert _everything(slow) == expected
    assert slow.rebuild() == 31
    assert _everything(slow) == expected
    assert not (tmp_path / "slow" / "whoosh.rebuild").exists()


def test_a_whoosh_that_is_not_the_pin_logs_and_falls_back() -> None:
    code = ("import logging; logging.basicConfig(level=logging.WARNING); import whoosh; whoosh.__version__ = (2, 8, 0);"
            "from index.store.w3 import write; print(write.can_write_parts())")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**os.environ, "MORGUE_WHOOSH_PUBLIC": ""})
    assert out.stdout.strip() == "False"
    assert "Whoosh 2.8.0 is not the 2.7.5 this reads and writes" in out.stderr
