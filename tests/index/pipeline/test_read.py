"""The reading workers: what they load, since every one of them holds it for the whole run."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path


def test_a_reader_without_nlp_loads_neither_spacy_nor_the_index_writer(tmp_path: Path, shared: Path) -> None:
    """A worker of an import without NLP reads real pages without importing spaCy, Whoosh or numpy
    (each is held by every worker for the whole run: Whoosh and numpy were 35 MB of each one's 75)."""
    from index.store.db import Store

    Store(tmp_path / "store.sqlite").close()
    pages = sorted(str(p) for p in (shared / "corpus" / "picked").glob("*.html"))[:6]
    code = (
        "import json, os, sys\n"
        "from index.pipeline.read import Extract, process_files\n"
        f"pages = {pages!r}\n"
        "files = [(p, os.path.getsize(p), 0) for p in pages]\n"
        f"results = process_files(files, {str(tmp_path / 'store.sqlite')!r}, Extract.OFF, None)\n"
        "loaded = [m for m in ('spacy', 'whoosh', 'numpy') if m in sys.modules]\n"
        "print(json.dumps([sum(len(r.articles) for r in results), loaded]))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    articles, loaded = json.loads(out.stdout.strip().splitlines()[-1])
    assert len(pages) == 6 and articles >= 6
    assert loaded == []
