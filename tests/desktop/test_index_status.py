"""The status bar's indexing corner: what it says in each phase."""

from __future__ import annotations

from desktop.index_status import IndexStatus
from index.jobs import Progress


def test_the_second_phase_counts_names_and_quotes(qtbot) -> None:  # type: ignore[no-untyped-def]
    status = IndexStatus()
    qtbot.addWidget(status)
    status.on_job_progressed(Progress("reading", 10, 40, "a.html"))
    assert (status.label.text(), status.progress.text()) == ("Reading", "10 / 40")
    status.on_job_progressed(Progress("extracting", 0, 100_000))
    assert status.label.text() == "Names and quotes: loading the language model"
    status.on_job_progressed(Progress("extracting", 12_340, 100_000))
    assert status.label.text() == "Names and quotes: 12,340 of 100,000"
    assert status.progress.text() == "12%"
