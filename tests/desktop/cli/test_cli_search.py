"""``morgue search``, ``show``, ``stats`` and ``bookmarks``: what they print, and that they never load Qt."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from export_data import HARBOUR, HARBOUR_EX, WORLD, WORLD_EX, build_archive

from desktop.cli import main


@pytest.fixture()
def data(tmp_path: Path) -> str:
    a = build_archive(tmp_path / "data", [(HARBOUR, HARBOUR_EX), (WORLD, WORLD_EX)])
    a.close()
    return str(a.data_dir)


@pytest.mark.parametrize(
    "argv",
    [
        ["search", "harbour"],
        ["search", "harbour", "--json"],
        ["search", "crew", "--quotes"],
        ["show", HARBOUR.id],
        ["stats"],
        ["bookmarks", "list"],
        ["--help"],
    ],
    ids=lambda argv: " ".join(argv[:2]),
)
def test_a_command_without_the_gui_never_imports_qt(data: str, argv: list[str]) -> None:
    code = (
        "import sys\n"
        "from desktop.cli import main\n"
        "try:\n"
        f"    code = main(['--data', {data!r}, *{argv!r}])\n"
        "except SystemExit as exc:\n"
        "    code = exc.code\n"
        "bad = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6')))\n"
        "print('QT:' + ','.join(bad), file=sys.stderr)\n"
        "sys.exit(code)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stderr.strip().splitlines()[-1] == "QT:"


def test_search_prints_the_count_the_titles_and_the_matches(data: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data", data, "search", "harbour", "--no-facets"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "1 article"
    assert HARBOUR.title in out and f"[{HARBOUR.id}]" in out and "[harbour]" in out.lower()
    assert main(["--data", data, "search", "harbour", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["version"] == 1 and doc["total"] == 1 and doc["hits"][0]["id"] == HARBOUR.id


def test_a_malformed_filter_is_a_user_error(data: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data", data, "search", "harbour", "--filter", "person"]) == 1
    assert "must look like FACET=VALUE" in capsys.readouterr().err


def test_search_prints_a_pattern_cut_short_on_stderr(
    data: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from index.search import engine

    monkeypatch.setattr(engine, "MAX_EXPANSION", 2)
    for extra in ([], ["--json"]):
        assert main(["--data", data, "search", "*a*", "--no-facets", *extra]) == 0
        captured = capsys.readouterr()
        assert captured.err.splitlines() == [
            "morgue: note: *a* matches more than 2 words; only the first 2 (in alphabetical order) were searched: "
            "make it longer to narrow it."
        ]
        if extra:
            json.loads(captured.out)  # still one JSON document
    assert main(["--data", data, "search", "harbour", "--no-facets"]) == 0
    assert capsys.readouterr().err == ""


def test_show_json_gives_capture_time_and_provenance(data: str, capsys: pytest.CaptureFixture[str]) -> None:
    from export_data import HARBOUR_SHA

    assert main(["--data", data, "show", HARBOUR.id, "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert (doc["captured"], doc["captured_from"]) == ("2024-03-02T09:15:00+00:00", "WARC-Date")
    # The file under no folder of this archive: its name, never a path of the machine it was read on.
    assert doc["provenance"] == {"url": HARBOUR.url, "files": ["harbour.warc.gz"], "sha256": HARBOUR_SHA}
    assert main(["--data", data, "show", WORLD.id, "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["captured"] is None and doc["provenance"] is None  # stored without them: null, not invented
