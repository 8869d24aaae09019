"""``morgue quotes``, ``morgue entities`` corrections and ``morgue corrections list|export|import``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from export_data import HARBOUR, HARBOUR_EX, build_archive

from desktop.cli import main


@pytest.fixture()
def data(tmp_path: Path) -> str:
    a = build_archive(tmp_path / "data", [(HARBOUR, HARBOUR_EX)])
    a.close()
    return str(a.data_dir)


def test_correct_a_speaker_as_show_numbers_the_quotes_then_list_export_import(
    data: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--data", data, "show", HARBOUR.id]) == 0
    assert "  2. “Nobody was hurt,” — unknown speaker" in capsys.readouterr().out
    assert main(["--data", data, "quotes", "speaker", f"{HARBOUR.id}:2", "the", "harbour", "master",
                 "--description"]) == 0
    assert main(["--data", data, "quotes", "not-a-quote", f"{HARBOUR.id}:1"]) == 0
    capsys.readouterr()
    assert main(["--data", data, "show", HARBOUR.id]) == 0
    out = capsys.readouterr().out
    assert "  1. “Nobody was hurt,” — the harbour master (speaker set by you)" in out
    assert "ferries will run" not in out.split("Quotes:")[1]
    assert main(["--data", data, "search", "speaker:master", "--quotes", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["total"] == 1
    assert main(["--data", data, "corrections", "list", "--json"]) == 0
    items = json.loads(capsys.readouterr().out)["corrections"]
    assert [(c["action"], c["applies"]) for c in items] == [("speaker", True), ("not-a-quote", True)]
    out_file = tmp_path / "c.json"
    assert main(["--data", data, "corrections", "export", str(out_file)]) == 0
    other = build_archive(tmp_path / "other", [(HARBOUR, HARBOUR_EX)])
    other.close()
    assert main(["--data", str(other.data_dir), "corrections", "import", str(out_file)]) == 0
    assert "2 corrections added, 0 already here" in capsys.readouterr().err
    assert main(["--data", str(other.data_dir), "search", "speaker:master", "--quotes", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["total"] == 1


def test_entity_commands_and_their_errors(data: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data", data, "quotes", "speaker", f"{HARBOUR.id}:9", "X"]) == 1
    assert "has 3 quotes" in capsys.readouterr().err
    assert main(["--data", data, "entities", "hide", "Nobody"]) == 1
    assert "No article has an entity" in capsys.readouterr().err
    assert main(["--data", data, "entities", "merge", "Ana M. Lima", "Ana Lima"]) == 0
    assert "Ana Lima merged into Ana M. Lima" in capsys.readouterr().out
    assert main(["--data", data, "search", 'speaker:"ana m. lima"', "--quotes", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["total"] == 2
    assert main(["--data", data, "corrections", "remove", "1"]) == 0
    assert "removed correction 1" in capsys.readouterr().out
    assert main(["--data", data, "search", 'speaker:"ana m. lima"', "--quotes", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["total"] == 0
