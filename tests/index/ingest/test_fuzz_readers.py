"""Fuzzing every reader: random bytes and damaged copies of the format fixtures are read or refused
with an ``ArchiveError``, never anything else, and each in bounded time.

The damage: truncation, flipped bits, inserted NUL bytes, a huge attribute, deep nesting, repeated
slices. Hypothesis runs derandomized (the same examples on every run) without its database, so a
failure here is reproducible and the suite's time is fixed. ``pytest --hypothesis-show-statistics``
prints how many examples each reader ran.
"""

from __future__ import annotations

import gzip
import tempfile
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ingest_fixtures import FIXTURES

import index.ingest.html as html_reader
from index.errors import ArchiveError
from index.ingest import read_file
from index.model import Article

FORMATS = FIXTURES / "formats"

# (reader, file suffix, fixtures, what nests in the format)
CASES = {
    "html": (".html", ["page.html"], b"<div><span>"),
    "html-gz": (".html.gz", ["page.html.gz"], b"<div>"),
    "mhtml": (".mhtml", ["page.mhtml"], b"<div><b>"),
    "warc": (".warc", ["pages.warc.gz!"], b"<div>"),  # "!": the fixture decompressed
    "warc-gz": (".warc.gz", ["pages.warc.gz"], b"<div>"),
    "json": (".json", ["articles.json"], b'[{"a":'),
    "jsonl": (".jsonl", ["feed.jsonl"], b"["),
    "markdown": (".md", ["clipping.md"], b"> - "),
    "front-matter": (".md", ["clipping.md"], b"[{a: "),
    "seed-text": (".txt", ["seed.txt"], b"\n\n\n\n"),
    "text": (".txt", ["plain.txt"], b"\r\n"),
}


def _fixture(name: str) -> bytes:
    if name.endswith("!"):
        return gzip.decompress((FORMATS / name[:-1]).read_bytes())
    return (FORMATS / name).read_bytes()


SETTINGS = settings(
    derandomize=True,
    database=None,
    deadline=10_000,  # ms; a reader that loops or backtracks fails here, a slow shared machine does not
    max_examples=40,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@st.composite
def damaged(draw: st.DrawFn, original: bytes, nesting: bytes) -> bytes:
    """A copy of ``original`` with one to three kinds of damage."""
    data = bytearray(original)
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(data)))
        kind = draw(st.sampled_from(["truncate", "flip", "nul", "attribute", "nesting", "repeat", "bytes"]))
        if kind == "truncate":
            del data[at:]
        elif kind == "flip" and data:
            for position in draw(st.lists(st.integers(0, len(data) - 1), min_size=1, max_size=8)):
                data[position] ^= 1 << draw(st.integers(0, 7))
        elif kind == "nul":
            data[at:at] = b"\x00" * draw(st.integers(1, 64))
        elif kind == "attribute":
            data[at:at] = b' data-x="' + b"A" * draw(st.integers(10_000, 300_000)) + b'" '
        elif kind == "nesting":
            data[at:at] = nesting * draw(st.integers(100, 5000))
        elif kind == "repeat":
            end = draw(st.integers(at, min(len(data), at + 2000)))
            data[at:at] = data[at:end] * draw(st.integers(2, 50))
        else:
            data[at:at] = draw(st.binary(min_size=1, max_size=200))
    return bytes(data)


RUNS: dict[str, int] = {}  # examples run, by test: printed with -s, checked at the end of each test


def _check(data: bytes, suffix: str, name: str) -> None:
    """Read the bytes as a file with this suffix: articles or an ArchiveError, nothing else."""
    RUNS[name] = RUNS.get(name, 0) + 1
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp, "fuzzed" + suffix)
        path.write_bytes(data)
        try:
            articles = read_file(path)
        except ArchiveError as exc:
            assert str(exc).strip()
            return
    assert all(isinstance(a, Article) and a.paragraphs for a in articles)


@pytest.mark.parametrize("case", sorted(CASES))
def test_random_bytes(case: str) -> None:
    suffix, _, _ = CASES[case]

    @SETTINGS
    @given(st.binary(max_size=4096))
    def run(data: bytes) -> None:
        _check(data, suffix, f"random {case}")

    run()
    _report(f"random {case}")


def _report(name: str) -> None:
    print(f"{name}: {RUNS.get(name, 0)} examples")
    assert RUNS.get(name, 0) >= 10


@pytest.mark.parametrize("case", sorted(CASES))
def test_damaged_fixtures(case: str) -> None:
    suffix, names, nesting = CASES[case]
    originals = [_fixture(n) for n in names]
    if case == "front-matter":  # the damage goes into the YAML
        originals = [o[: o.index(b"\n---", 4)] + b"\n" + o[o.index(b"\n---", 4) :] for o in originals]

    @settings(SETTINGS, max_examples=80)
    @given(st.sampled_from(originals).flatmap(lambda o: damaged(o, nesting)))
    def run(data: bytes) -> None:
        _check(data, suffix, f"damaged {case}")

    run()
    _report(f"damaged {case}")


def test_damaged_large_pages_through_the_slimming() -> None:
    """The slimming of large pages, on small pages: the same promise."""
    original = _fixture("page.html")

    @settings(SETTINGS, max_examples=80)
    @given(damaged(original, b"<ul><li><a href=x>"))
    def run(data: bytes) -> None:
        _check(data, ".html", "damaged slimmed html")

    with mock.patch.object(html_reader, "_SLIM_ABOVE", 0):
        run()
    _report("damaged slimmed html")
