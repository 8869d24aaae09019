"""Progress passed on at a bounded rate without losing what a user must see."""

from __future__ import annotations

from index.jobs import Progress, Throttle


def test_throttle_passes_the_first_and_last_step_of_every_phase_and_drops_the_rest() -> None:
    seen: list[Progress] = []
    throttle = Throttle(seen.append, rate=0.001)  # one update per ~17 minutes: only the rule's steps pass
    for phase in ("reading", "writing"):
        for i in range(1, 6):
            throttle(Progress(phase, i, 5))
    assert seen == [Progress("reading", 1, 5), Progress("reading", 5, 5),
                    Progress("writing", 1, 5), Progress("writing", 5, 5)]
