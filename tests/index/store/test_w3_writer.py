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


TRICKY = ("İstanbul's U.S. e-mail ÆON straße ǅemal x*y 3.14 1,000 _under_ O’Brien @handle ΣΊΣΥΦΟΣ 東京都 "
          "naïve café NAÏVE Ⅻ ﬁne")


def test_the_fast_terms_are_the_analyzers_own() -> None:
    from index.store import schema

    fields = schema.ArticleSchema()
    for name in ("title", "body", "quotes", "authors", "people", "sites"):
        terms = w3_writer._recognise(fields[name])
        assert terms is not None, name
        expected = [t.text.encode("utf-8") for t in fields[name].analyzer(TRICKY)]
        assert terms(TRICKY) == terms(TRICKY) == expected, name  # the second from the table


def _segment_files(ix_dir: Path, name: str) -> dict[str, bytes]:
    from whoosh import index as whoosh_index

    ix = whoosh_index.open_dir(str(ix_dir), indexname=name)
    out = {}
    for seg in ix._segments():
        storage = seg.open_compound_file(ix.storage) if seg.is_compound() else ix.storage
        for f in storage.list():
            if seg.segid in f:
                out[f.replace(seg.segid, "S")] = storage.open_file(f).read()
    return out


def test_the_fast_writer_writes_whooshs_bytes(tmp_path: Path, shared: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Real pages through both writers, with a pool small enough to spill to disk: the same files."""
    from index.model import Extraction, Quote
    from index.pipeline.writers import IndexWriters

    source = Archive(tmp_path / "source")
    source.index([shared / "corpus" / "picked"], processes=1, extract=False)
    items = list(source.store.iter_articles_with_extractions())
    assert len(items) > 10
    quote = Quote(text="We are going in, and we are going in now", speaker="J. B. Pritzker", speaker_kind="person",
                  paragraph=0)
    for fast in (True, False):
        monkeypatch.setattr(w3_writer, "FAST", fast)
        writers = IndexWriters(tmp_path / str(fast), limitmb=(1, 1))
        for article, _, _ in items:
            writers.put(article, Extraction(quotes=(quote,)), new=True)
        writers.commit(reopen=False)
    for name in ("articles", "quotes"):
        fast_files, whoosh_files = _segment_files(tmp_path / "True", name), _segment_files(tmp_path / "False", name)
        assert fast_files.keys() == whoosh_files.keys()
        assert [k for k in fast_files if fast_files[k] != whoosh_files[k]] == []
