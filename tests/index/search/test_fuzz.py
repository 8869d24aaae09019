"""The query parser and the search under random and mutated queries: a result or an
``ArchiveError`` (a sentence for the user), never another exception, and quickly."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from whoosh.filedb.filestore import FileStorage

from index.errors import ArchiveError, QuerySyntaxError
from index.search import engine
from index.search.searcher import Searcher
from index.store.schema import ARTICLES, QUOTES, ArticleSchema, QuoteSchema

WORDS = ["ferry", "harbour", "council", "budget", "storm", "island", "mayor", "night", "river", "Halden"]
SEEDS = [
    "troops chicago", "troops OR guard", "troops NOT Baltimore", "(a OR b) AND c", '"national guard"',
    "title:memo", "author:klippenstein", "site:example.com", "tag:politics", "lang:en", "format:html",
    'speaker:Pritzker', 'quote:"going in"', 'person:"JB Pritzker"', "org:DHS", "entity:Leavitt",
    "handle:GovPritzker", "platform:instagram", "date:2025", "date:2025-09", "date:[2025-09-01 TO 2025-09-30]",
    "date:>=2025-01-01", "chicag*", "klipenstein~", "ferry~2/3", "*", "handle:*", "ferry^2", '"a b"~3',
]
PIECES = [" ", "*", "?", "~", "^", ":", '"', "(", ")", "[", "]", " TO ", " AND ", " OR ", " NOT ", "-", "+",
          "date:", "title:", "person:", "\udcff", "\x00", "é", "日本", "2025", "12", ">=", "<", "{", "}", "/", "\\"]
SETTINGS = settings(max_examples=250, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@pytest.fixture(scope="module")
def searcher(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Searcher]:
    ix_dir = tmp_path_factory.mktemp("whoosh")
    storage = FileStorage(str(ix_dir))
    ix = storage.create_index(ArticleSchema(), indexname=ARTICLES)
    storage.create_index(QuoteSchema(), indexname=QUOTES)
    w = ix.writer()
    for n in range(60):
        body = " ".join(WORDS[(n * k) % len(WORDS)] for k in range(1, 30)) + f" word{n} w{n}a"
        doc = {"id": str(n), "title": WORDS[n % len(WORDS)], "body": body, "site": "example.com",
               "people": "JB Pritzker", "handles": "govpritzker" if n % 3 else ""}
        if n % 5:
            doc.update(date=dt.datetime(2021 + n % 5, 1 + n % 12, 1 + n % 28), year=str(2021 + n % 5))
        w.add_document(**{k: v for k, v in doc.items() if v})
    w.commit()
    s = Searcher(Path(ix_dir), lambda ids: {i: "ferry harbour" for i in ids})
    yield s
    s.close()


def _run(searcher: Searcher, text: str) -> None:
    # CPU time of this thread, not the wall clock: a pathological query shows as work, while a
    # machine busy with other jobs does not (Hypothesis's own deadline is wall time, so it is off).
    start = time.thread_time()
    try:
        result = searcher.search(text, pagelen=5)
        assert result.total >= len(result.hits)
        searcher.months(text)
        searcher.highlights(text, ["The ferry left the harbour at night."])
    except ArchiveError as exc:
        assert str(exc).endswith((".", ")")) and "\n" not in str(exc), text
    assert time.thread_time() - start < 2.0, text


@SETTINGS
@given(st.lists(st.one_of(st.sampled_from(PIECES), st.sampled_from(WORDS), st.text(max_size=4)), max_size=12))
@example(["\udcff*"])
@example(['date:"x 2025"'])
@example(["NOT NOT the"])
@example(["****"])
@example(["*a*"])
@example(["a~9"])
@example(["date:[2025 TO x]"])
def test_random_queries_give_results_or_a_sentence(searcher: Searcher, pieces: list[str]) -> None:
    _run(searcher, "".join(pieces))


@SETTINGS
@given(st.sampled_from(SEEDS), st.lists(st.tuples(st.integers(0, 60), st.integers(0, 3),
                                                  st.sampled_from(PIECES)), max_size=4))
def test_mutated_queries_give_results_or_a_sentence(searcher: Searcher, seed: str,
                                                    edits: list[tuple[int, int, str]]) -> None:
    text = seed
    for at, kind, piece in edits:
        at = at % (len(text) + 1)
        if kind == 0:
            text = text[:at] + piece + text[at:]  # insert
        elif kind == 1:
            text = text[:at] + text[at + 1 :]  # delete
        elif kind == 2:
            text = text[:at] + piece + text[at + 1 :]  # replace
        else:
            text = f"{text} {piece} {text}"  # repeat around an operator
    _run(searcher, text)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("\udcff*", "not text"),
        ('date:"x 2025"', "a date must look like"),
        (" ".join(["ferry"] * 1001), "too long"),
        ("ferry " * 2000, "too long"),
        ("f" * 10_001, "too long"),
        ("NOT NOT the", "NOT NOT"),
        ("ferry~5", "at most 2 edits"),
    ],
)
def test_queries_that_gave_tracebacks_give_a_sentence(searcher: Searcher, text: str, message: str) -> None:
    with pytest.raises(QuerySyntaxError, match=message):
        searcher.search(text)


def test_a_bare_star_is_every_article_and_a_star_pattern_every_one_with_the_field(searcher: Searcher) -> None:
    everything = searcher.search("")
    assert searcher.search("*").total == searcher.search("****").total == everything.total == 60
    assert searcher.search("handle:****").total == searcher.search("handle:*").total == 40


def test_an_expansion_over_the_limit_is_cut_with_a_notice(searcher: Searcher, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    assert searcher.search("w*a").notices == ()  # 60 words: under the limit
    monkeypatch.setattr(engine, "MAX_EXPANSION", 10)
    searcher.close()  # expansions are cached per opened index
    result = searcher.search("w*a")
    assert result.notices == ("w*a matches more than 10 words; only the first 10 (in alphabetical order) "
                              "were searched: make it longer to narrow it.",)
    assert result.total == 10
    assert searcher.search("ferry").notices == ()
