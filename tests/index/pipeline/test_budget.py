"""Every file is read in a worker process within a budget of time and memory: a file over it is a
problem naming the budget, the worker is replaced, and the rest of the import goes on."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from index.archive import Archive
from index.errors import WorkersUnavailable
from index.jobs import CancelToken
from index.pipeline import workers

HOOKS = Path(__file__).with_name("hooks_budget.py")


def _seed_file(folder: Path, name: str, body: str) -> None:
    (folder / name).write_text(f" date 2024-03-02 {body}\n", encoding="utf-8")


@pytest.fixture()
def folder(tmp_path: Path, seed_path: Path) -> Path:
    root = tmp_path / "saved"
    root.mkdir()
    shutil.copy(seed_path, root / seed_path.name)
    for i in range(10):
        _seed_file(root, f"note{i:02}.txt", f"Harbour note number {i} reopened.\n\nDock workers cheered.")
    for name in ("slow.txt", "greedy.txt", "killed.txt"):
        _seed_file(root, name, f"The {name} article.\n\nIt has a body.")
    return root


def test_files_over_the_budget_are_problems_and_the_import_goes_on(
    tmp_path: Path, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(workers.FAULTS_ENV, str(HOOKS))
    monkeypatch.setenv("MORGUE_SECONDS_PER_FILE", "3")
    archive = Archive(tmp_path / "data")
    started = time.monotonic()
    report = archive.index([folder], extract=False, processes=2)
    assert time.monotonic() - started < 60
    problems = {Path(p.path).name: p.reason for p in report.problems}
    assert problems == {
        "slow.txt": "took longer than 3 s to read",
        "greedy.txt": "needed more than 256 MB of memory to read",
        "killed.txt": "the worker was killed trying to read it (out of memory?)",
    }
    assert report.articles_added == 11  # the seed and the ten notes, none lost with a killed worker
    assert archive.search("harbour").total == 10
    assert sorted(Path(p).name for p, _ in archive.problems()) == ["greedy.txt", "killed.txt", "slow.txt"]


def test_budget_allows_ten_times_a_file_and_never_more_than_1_gb() -> None:
    budget = workers.Budget()
    assert budget.memory_for(50 * 2**20) == 500 * 2**20
    assert budget.memory_for(300 * 2**20) == 2**30
    assert budget.memory_for(1000) == budget.floor
    assert budget.over_memory("read", 300 * 2**20) == "needed more than 1 GB of memory to read"
    assert budget.over_time("read") == "took longer than 60 s to read"


def _double(chunk: list[int]) -> list[int]:
    workers.step(None, "double")
    if 7 in chunk:
        time.sleep(600)
    return [2 * x for x in chunk]


def test_a_step_over_the_whole_chunk_is_retried_item_by_item() -> None:
    chunks = [[1, 2], [3, 7, 4], [5]]
    out = list(workers.ordered_map(_double, chunks, (), 2, CancelToken(), budget=workers.Budget(seconds=2),
                                   over=lambda item, reason: f"{item} {reason}"))
    assert out == [2, 4, 6, "7 took longer than 2 s to double", 8, 10]


def test_the_setting_sets_the_time_budget(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MORGUE_SECONDS_PER_FILE", raising=False)
    archive = Archive(tmp_path / "data")
    assert archive.budget.seconds == 60
    monkeypatch.setenv("MORGUE_SECONDS_PER_FILE", "5")
    assert archive.budget.seconds == 5


def _never(chunk: list[int]) -> list[int]:
    return chunk


def _die_at_start() -> None:
    os._exit(3)


def test_workers_that_die_as_they_start_stop_the_stage_with_an_error() -> None:
    with pytest.raises(WorkersUnavailable, match="exit code 3"):
        list(workers.ordered_map(_never, [[1], [2]], (), 2, CancelToken(), initializer=_die_at_start))


def _niceness(chunk: list[int]) -> list[int]:
    return [os.nice(0) for _ in chunk]


def test_workers_run_at_a_lower_priority_than_the_app() -> None:
    """The app searches while names and quotes are found: the workers yield the CPU to it."""
    mine = os.nice(0)
    found = list(workers.ordered_map(_niceness, [[1], [2]], (), 2, CancelToken()))
    assert found == [min(mine + workers.WORKER_NICENESS, 19)] * 2
