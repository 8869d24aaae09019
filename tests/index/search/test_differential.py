"""Morgue's engine against Whoosh's own search, on a few hundred queries of every kind drawn
from a small real archive's own words (seeded): the same matches and totals, and Whoosh's
scores where the engine means to score as Whoosh does.

The intended differences, each checked for what it is rather than skipped:
- prefixes, wildcards and fuzzy words expand to more words than Whoosh's: a prefix also to the
  stems of the words it begins (``luxury*``: "luxuri"), a fuzzy word also to the stems of the
  words one edit away (``impeachmnt~``: "impeach"), a swap of two letters counts as one edit.
  So Whoosh's own expansion must be a subset of the engine's, and with the engine's words
  Whoosh must find exactly the engine's matches; their scores differ on purpose (the engine
  adds the words' scores, each with the field's boost);
- scores of every other query kind are Whoosh's (1e-6); undated articles sorting last in date
  order (Whoosh puts them first) is a matter of order, tested in test_search.
"""

from __future__ import annotations

import random
import re
import shutil
from pathlib import Path

import numpy as np
import pytest
from whoosh import query as wq

from index.archive import Archive
from index.errors import QuerySyntaxError
from index.search.engine import Columns, evaluate, expanded
from index.search.searcher import _filter_query
from index.store.w3 import Index

pytestmark = pytest.mark.slow  # reads the shared corpus: `make test-fast` skips it

SEED = 1203
PAGES = 40
PER_KIND = 30

_WORD = re.compile(r"[A-Za-z]{3,}")


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory, shared: Path) -> Archive:
    pages = sorted((shared / "corpus").rglob("*.html"))[:PAGES]
    root = tmp_path_factory.mktemp("pages")
    for n, page in enumerate(pages):
        shutil.copy(page, root / f"{n:03d}-{page.name}")
    a = Archive(tmp_path_factory.mktemp("data"))
    a.index([root], extract=False, processes=1)
    assert a.search("").total >= PAGES // 2
    return a


def _queries(archive: Archive) -> list[tuple[str, dict[str, str] | None]]:
    rng = random.Random(SEED)
    hits = archive.search("", pagelen=500, facets=False, snippets=False).hits
    texts = []
    for hit in hits:
        article = archive.article(hit.id)
        texts.append([article.title, *(p.text for p in article.paragraphs)])
    words = sorted({w.lower() for t in texts for para in t for w in _WORD.findall(para)})
    common = [w for w in words if len(w) > 3]
    paragraphs = [p for t in texts for p in t if len(_WORD.findall(p)) > 4]
    sites = sorted({h.site for h in hits if h.site})
    years = sorted({str(h.date.year) for h in hits if h.date})
    months = sorted({h.date.isoformat()[:7] for h in hits if h.date})

    def w() -> str:
        return rng.choice(common)

    def typo(word: str) -> str:
        i = rng.randrange(1, len(word))
        kind = rng.randrange(4)
        if kind == 0:
            return word[:i] + word[i + 1 :]
        if kind == 1 and i < len(word) - 1:
            return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
        return word[:i] + rng.choice("aeioustrn") + word[i + (kind == 2) :]

    def phrase() -> str:
        found = _WORD.findall(rng.choice(paragraphs))
        i = rng.randrange(len(found) - 2)
        return '"' + " ".join(found[i : i + rng.choice((2, 3))]) + '"'

    kinds = {
        "word": lambda: w(),
        "words": lambda: f"{w()} {w()}",
        "or": lambda: f"{w()} OR {w()}",
        "not": lambda: f"{w()} AND NOT {w()}",
        "nested": lambda: f"({w()} OR ({w()} AND {w()})) AND NOT ({w()} OR {w()})",
        "maybe": lambda: f"{w()} ANDMAYBE {w()}",
        "phrase": phrase,
        "slop": lambda: phrase() + "~3",
        "prefix": lambda: w()[: rng.randint(3, 6)] + "*",
        "wildcard": lambda: w()[:3] + "*" + w()[-2:],
        "fuzzy": lambda: typo(w()) + "~",
        "title": lambda: f"title:{w()}",
        "site": lambda: f"site:{rng.choice(sites)}" if sites else w(),
        "format": lambda: rng.choice(["format:html", "lang:en", f"{w()} format:html"]),
        "date": lambda: rng.choice([f"date:{rng.choice(years)}", f"date:{rng.choice(months)}",
                                    f"date:[{rng.choice(years)}-01-01 TO {rng.choice(years)}-12-31]",
                                    f"{w()} date:>={rng.choice(months)}-01"]),
        "every": lambda: rng.choice(["title:*", "author:*", "*", f"{w()} title:*"]),
    }
    out: list[tuple[str, dict[str, str] | None]] = []
    for make in kinds.values():
        for _ in range(PER_KIND):
            filters = {"year": rng.choice(years)} if years and rng.random() < 0.2 else None
            out.append((make(), filters))
    return out


def _whoosh(s, q: wq.Query, filter_q: wq.Query | None) -> set[int]:  # type: ignore[no-untyped-def]
    found = set(s.docs_for_query(q))
    if filter_q is not None:
        found &= set(s.docs_for_query(filter_q))
    return found


def _expands(q: wq.Query) -> bool:
    return any(isinstance(leaf, wq.MultiTerm) and not isinstance(leaf, wq.NumericRange) for leaf in q.leaves()) \
        or isinstance(q, wq.MultiTerm)


def test_the_engine_agrees_with_whoosh_on_generated_queries(archive: Archive) -> None:
    queries = _queries(archive)
    assert len(queries) >= 400
    searcher = archive.searcher
    checked = 0
    with searcher._current():
        s = searcher._searcher
        cols = Columns(Index(s))
        for text, filters in queries:
            try:
                q = searcher.parse(text)
            except QuerySyntaxError:
                continue
            filter_q = _filter_query(filters)
            got = evaluate(q, cols)
            if filter_q is not None:
                got_ids = set(got.ids.tolist()) & set(evaluate(filter_q, cols).ids.tolist())
            else:
                got_ids = set(got.ids.tolist())
            total = archive.search(text, filters=filters, pagelen=1, facets=False, snippets=False).total
            assert total == len(got_ids), text
            if _expands(q):
                # Whoosh's own words are among the engine's; with the engine's, the same matches.
                for leaf in [q, *q.leaves()]:
                    if isinstance(leaf, wq.MultiTerm) and not isinstance(leaf, wq.NumericRange):
                        mine = set(cols.expand(leaf).terms)
                        theirs = {t.encode() if isinstance(t, str) else t for t in leaf._btexts(s.reader())}
                        assert theirs <= mine, (text, leaf)
                assert _whoosh(s, expanded(q, cols), filter_q) == got_ids, text
            else:
                assert _whoosh(s, q, filter_q) == got_ids, text
                if filter_q is None and not isinstance(q, wq.Every):
                    expected = {h.docnum: h.score for h in s.search(q, limit=None)}
                    assert np.allclose(got.scores, [expected[d] for d in got.ids.tolist()], atol=1e-6), text
            checked += 1
    assert checked >= 400
