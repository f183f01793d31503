"""Shared fixtures: the real public data in ../shared/data, read in place, never copied."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def shared_data_dir() -> Path:
    """``../shared/data`` beside the project (override with BOUWSTROOM_SHARED_DATA)."""
    return Path(os.environ.get("BOUWSTROOM_SHARED_DATA", ROOT.parent / "shared" / "data"))


@pytest.fixture(scope="session")
def shared_data() -> Path:
    path = shared_data_dir()
    if not path.is_dir():
        pytest.fail(
            f"real test data not found at {path}: put the shared data folder beside the "
            "project or set BOUWSTROOM_SHARED_DATA"
        )
    return path


@pytest.fixture(autouse=True, scope="session")
def _shared_data_stays_untouched():
    """GDAL must never write .gfs (or anything else) next to the shared inputs."""
    path = shared_data_dir()
    before = sorted(p.name for p in path.rglob("*")) if path.is_dir() else []
    yield
    after = sorted(p.name for p in path.rglob("*")) if path.is_dir() else []
    assert after == before, f"tests wrote into {path}: {sorted(set(after) - set(before))}"
