"""Where the shipped data lives, in a source checkout and after a wheel install."""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DATA = Path(__file__).resolve().parent / "data"
# In an editable install or a checkout the data sits at the repository root.
_REPO_DATA = Path(__file__).resolve().parents[2] / "data"
_REPO_SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def data_path(name: str) -> Path:
    """Return the path of a shipped data file, e.g. ``data_path("gazetteer.csv")``."""
    for base in (_PACKAGE_DATA, _REPO_DATA):
        candidate = base / name
        if candidate.exists():
            return candidate
    raise FileNotFoundError(
        f"shipped data file {name!r} not found in {_PACKAGE_DATA} or {_REPO_DATA}"
    )


def seeds_path() -> Path:
    """Return the folder of the shipped seed corpus (``seeds/``)."""
    for candidate in (_PACKAGE_DATA / "seeds", _REPO_SEEDS):
        if (candidate / "articles.csv").exists():
            return candidate
    raise FileNotFoundError("the seed corpus (seeds/articles.csv) is not installed")


def shipped_roots() -> list[Path]:
    """The folders of shipped data (``data/`` and the seed corpus) that exist here.

    Every command reads them, so no output may be written inside them (except the file a
    command exists to rebuild, see :func:`frontline._io.refuse_overwriting_inputs`).
    """
    roots = [_PACKAGE_DATA, _REPO_DATA, _REPO_SEEDS, _REPO_DATA.parent / "profiles"]
    return [r for r in roots if r.is_dir()]


def profile_path(name: str) -> Path:
    """Return the folder of a shipped conflict profile, e.g. ``profile_path("nw_syria")``."""
    for base in (_PACKAGE_DATA / "profiles", _REPO_DATA.parent / "profiles"):
        candidate = base / name
        if (candidate / "profile.toml").exists():
            return candidate
    raise FileNotFoundError(f"no shipped conflict profile named {name!r}")
