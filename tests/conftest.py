"""Shared fixtures. Tests never touch the network."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return ROOT / "seeds"


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    return ROOT / "tests" / "fixtures"


@pytest.fixture(autouse=True, scope="session")
def _no_user_gazetteer_sources(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Tests see the shipped gazetteer only, never sources added on the developer's machine
    (``frontline gazetteer add``); a test that adds sources sets its own directory."""
    import os

    os.environ["FRONTLINE_DATA_DIR"] = str(tmp_path_factory.mktemp("frontline-data"))
