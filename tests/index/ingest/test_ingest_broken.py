"""Bad input never crashes the import: each file is refused with a reason the user can act on."""

from __future__ import annotations

import gzip
import logging
import resource
import subprocess
import sys
import time
from pathlib import Path
from types import ModuleType

import pytest
from ingest_fixtures import FIXTURES, PNG, chrome_mhtml, warc

import index.ingest as ingest
from index.errors import UnreadableFile
from index.ingest import read_file

BROKEN = FIXTURES / "broken"
FORMATS = FIXTURES / "formats"


def reason(path: Path) -> str:
    """The reason read_file gives for refusing a file (fails the test if it reads it)."""
    with pytest.raises(UnreadableFile) as info:
        read_file(path)
    assert info.value.path == str(path)
    assert str(path) in str(info.value)
    return info.value.reason


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("junk.html", "binary data"),
        ("image.txt", "PNG image"),
        ("truncated.html.gz", "truncated"),
        ("only-image.warc.gz", "no HTML pages"),
        ("shift-jis.txt", "not valid text in UTF-8 or Windows-1252"),
        ("malformed.json", "not valid JSON (line 3, column"),
        ("no-text.json", "no article with text"),
        ("bad-front-matter.md", "YAML front matter is malformed (while scanning a quoted scalar on line 2"),
        ("alias-bomb.md", "uses an alias (*a on line 4), which Morgue does not expand"),
        ("scripts-only.html", "no article text found in the HTML page"),
        ("not-mime.mhtml", "not an MHTML file"),
        ("empty.txt", "the file is empty"),
        ("blank.md", "the file is empty"),
        ("not-a-warc.warc", "does not start with a WARC or ARC record"),
    ],
)
def test_broken_file_is_refused_with_a_reason(name: str, words: str) -> None:
    assert words in reason(BROKEN / name)


def test_latin1_text_is_read_not_refused() -> None:
    """A Latin-1 text file is not broken: it is read as Windows-1252, accents intact."""
    article = read_file(BROKEN / "latin1.txt")[0]
    assert article.title == "Crème brûlée à la carte"
    assert article.body == "Le café est fermé à Noël, déjà."


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (2 * 2**30, 2 * 2**30))


def test_yaml_alias_bomb_is_refused_quickly_and_small() -> None:
    """A "billion laughs" front matter (9**9 strings once expanded) is refused in a fraction of a second,
    in a process that could not hold its expansion; before, the import hung at 2 GB and growing."""
    code = (
        "import resource, sys; from index.ingest import read_file; from index.errors import UnreadableFile\n"
        "try:\n    read_file(sys.argv[1])\nexcept UnreadableFile as exc:\n    print(exc.reason)\n"
        # VmHWM is this process's own peak; ru_maxrss also counts the pytest process it was forked from
        "import pathlib; status = pathlib.Path('/proc/self/status')\n"
        "hwm = [x for x in status.read_text().splitlines() if x.startswith('VmHWM')] if status.exists() else []\n"
        "print(int(hwm[0].split()[1]) // 1024 if hwm else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)"
    )
    started = time.monotonic()
    run = subprocess.run(
        [sys.executable, "-c", code, str(BROKEN / "alias-bomb.md")],
        capture_output=True, text=True, timeout=60, preexec_fn=_limit_memory,
    )
    assert run.returncode == 0, run.stderr
    reason, peak_mb = run.stdout.strip().split("\n")
    assert "uses an alias" in reason
    assert int(peak_mb) < 200
    assert time.monotonic() - started < 20  # the interpreter and its imports; the read itself takes milliseconds


def test_front_matter_is_bounded(tmp_path: Path) -> None:
    path = tmp_path / "long.md"
    path.write_text("---\ntitle: Long\ndescription: " + "x" * 70_000 + "\n---\n\nThe body.\n")
    assert "the YAML front matter is too long (68 KB; the limit is 64 KB)" in reason(path)
    # A long block between two rules that is not front matter is body text, as before.
    path.write_text("---\nJust words " + "and more " * 10_000 + "\n---\n\nThe body.\n")
    assert read_file(path)[0].body.endswith("The body.")


def test_huge_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    huge = tmp_path / "huge.html"
    with huge.open("wb") as f:
        f.truncate(ingest.MAX_FILE_BYTES + 1)  # sparse: takes no disk space
    assert "too large to import" in reason(huge)


def test_gzip_bomb_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ingest, "MAX_FILE_BYTES", 1000)
    bomb = tmp_path / "bomb.html.gz"
    bomb.write_bytes(gzip.compress(b"<p>" + b"a" * 5000 + b"</p>"))
    assert "too large to import once decompressed" in reason(bomb)


def test_missing_file(tmp_path: Path) -> None:
    assert "cannot be read" in reason(tmp_path / "gone.html")


def test_unsupported_files(tmp_path: Path) -> None:
    path = tmp_path / "photo.jpeg"
    path.write_bytes(PNG)
    assert "unsupported file type '.jpeg'" in reason(path)
    path = tmp_path / "photo"
    path.write_bytes(PNG)
    assert "unsupported file type '(no extension)'" in reason(path)


def _cut(tmp_path: Path, data: bytes, size: int, suffix: str = ".warc.gz") -> Path:
    path = tmp_path / f"cut-{size}{suffix}"
    path.write_bytes(data[:size])
    return path


def test_truncated_warc_keeps_the_pages_before_the_break(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    data = (FORMATS / "pages.warc.gz").read_bytes()
    with caplog.at_level(logging.WARNING, logger="index.ingest.warc"):
        articles = read_file(_cut(tmp_path, data, len(data) - 300))
    assert [a.title for a in articles] == ["Wind farm plan wins approval"]
    assert "breaks off after 1 pages" in caplog.text


def test_warc_truncated_in_the_first_page_is_refused(tmp_path: Path) -> None:
    data = (FORMATS / "pages.warc.gz").read_bytes()
    # Cut inside the first HTML response (records: warcinfo, request, response...).
    assert "truncated" in reason(_cut(tmp_path, data, 900))
    raw = gzip.decompress(data)
    assert "truncated" in reason(_cut(tmp_path, raw, 1300, ".warc"))
    assert "truncated" in reason(_cut(tmp_path, data, 5))


def test_every_cut_of_a_warc_gives_pages_or_a_reason(tmp_path: Path) -> None:
    data = (FORMATS / "pages.warc.gz").read_bytes()
    for size in range(1, len(data), 97):
        try:
            articles = read_file(_cut(tmp_path, data, size))
        except UnreadableFile as exc:
            assert exc.reason
        else:
            assert [a.title for a in articles] in (["Wind farm plan wins approval"],)


def test_big_warc_record_is_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from index.ingest import warc as warc_reader

    monkeypatch.setattr(warc_reader, "MAX_RECORD_BYTES", 2000)
    page = b"<html><head><title>Big</title></head><body>" + b"<p>Long text here.</p>" * 200 + b"</body></html>"
    small = b"<html><head><title>Small</title></head><body><p>A short page with a sentence.</p></body></html>"
    path = tmp_path / "two.warc.gz"
    path.write_bytes(
        warc(
            [
                ("response", "https://big.example.com/a", 200, "text/html", page),
                ("response", "https://small.example.com/b", 200, "text/html", small),
            ]
        )
    )
    assert [a.url for a in read_file(path)] == ["https://small.example.com/b"]


def test_mhtml_without_html_part(tmp_path: Path) -> None:
    data = chrome_mhtml("x", "https://example.org/", "S", "Mon, 4 Mar 2024 12:30:00 -0000")
    path = tmp_path / "no-html.mhtml"
    path.write_bytes(data.replace(b"Content-Type: text/html\r\n", b"Content-Type: text/plain\r\n", 1))
    assert "holds no HTML page" in reason(path)


def test_jsonl_with_some_bad_lines_keeps_the_good_ones(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_text('{"title": "One", "text": "First article text."}\n{broken\n{"title": "Two", "text": "More."}\n')
    assert [a.title for a in read_file(path)] == ["One", "Two"]


def test_front_matter_that_is_not_yaml_is_body_text(tmp_path: Path) -> None:
    path = tmp_path / "rules.md"
    path.write_text("---\nA paragraph between two rules: nothing: here [ok\n---\n\nThe rest of the text.\n")
    article = read_file(path)[0]
    assert article.body.endswith("The rest of the text.")


class _Exploding(ModuleType):
    """A reader whose parser fails the way third-party parsers do."""

    NAME = "html"
    EXTENSIONS = (".html",)

    def __init__(self, exc: BaseException) -> None:
        super().__init__("exploding")
        self.exc = exc

    def sniff(self, head: bytes) -> bool:
        return True

    def read(self, path: Path, data: bytes) -> list:
        raise self.exc


@pytest.mark.parametrize(
    ("exc", "words"),
    [
        (ValueError("bad tree"), "could not be parsed as html (ValueError: bad tree)"),
        (KeyError("x"), "could not be parsed as html (KeyError"),
        (RecursionError(), "nested too deeply"),
    ],
)
def test_parser_failures_become_unreadable_file(
    exc: BaseException, words: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ingest, "reader_for", lambda path, head: _Exploding(exc))
    assert words in reason(FORMATS / "page.html")


def test_memory_error_is_not_hidden(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ingest, "reader_for", lambda path, head: _Exploding(MemoryError()))
    with pytest.raises(MemoryError):
        read_file(FORMATS / "page.html")
