"""Test set-up shared by every test: headless Qt, a private data directory, the shared corpus."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

# Before anything imports Qt: no display in CI (xvfb-run can still override it).
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Never touch the user's own archives.
os.environ["MORGUE_DATA_ROOT"] = tempfile.mkdtemp(prefix="morgue-test-data-")
os.environ.pop("MORGUE_DATA", None)

REPO = Path(__file__).resolve().parents[1]
SHARED = (REPO / ".." / "shared").resolve()
SAMPLE_ARCHIVE = REPO / "resources" / "sample-archive"
SEED = SHARED / "seed" / "chicago-troops-2025-09-03.txt"


@pytest.fixture(scope="session")
def shared() -> Path:
    """The read-only shared folder beside the checkout (seed, corpus, notes)."""
    if not SHARED.is_dir():
        pytest.skip("../shared is not beside the checkout")
    return SHARED


@pytest.fixture(scope="session")
def seed_path(shared: Path) -> Path:
    return shared / "seed" / "chicago-troops-2025-09-03.txt"


@pytest.fixture(autouse=True)
def _whoosh_private_unless_a_mode_is_asked(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """The search tests run twice, once with ``MORGUE_WHOOSH_PUBLIC=1`` set for their whole package;
    pytest may run other tests while that is set, and they must see the default (the private format)."""
    if "search_mode" not in request.fixturenames:
        monkeypatch.delenv("MORGUE_WHOOSH_PUBLIC", raising=False)
