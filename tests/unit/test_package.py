"""The public API: every name in ``__all__`` resolves, and the package is typed."""

from __future__ import annotations

import frontline


def test_every_public_name_resolves() -> None:
    for name in frontline.__all__:
        assert getattr(frontline, name) is not None, name


def test_unknown_name_is_an_attribute_error() -> None:
    try:
        frontline.no_such_name  # noqa: B018
    except AttributeError as exc:
        assert "no_such_name" in str(exc)
    else:  # pragma: no cover
        raise AssertionError("expected AttributeError")


def test_py_typed_marker_ships(repo_root) -> None:
    assert (repo_root / "src" / "frontline" / "py.typed").exists()


def test_wheel_ships_data_seeds_templates_and_nothing_private(repo_root, tmp_path) -> None:
    """Build the wheel (no network: the installed hatchling) and read its file list."""
    import subprocess
    import sys
    import zipfile

    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(tmp_path), str(repo_root)],
        check=True, capture_output=True,
    )  # fmt: skip
    (wheel,) = tmp_path.glob("frontline-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in (
        "frontline/py.typed",
        "frontline/data/gazetteer.csv",
        "frontline/data/sides.csv",
        "frontline/data/events/nw_syria_2019_2020.csv",
        "frontline/data/seeds/articles.csv",
        "frontline/output/maps/templates/frontline_map.js",
        "frontline/cli/__init__.py",
    ):
        assert needed in names, needed
    # Third-party texts and validation-only data never ship.
    assert not [n for n in names if n.startswith(("eval/", "tests/")) or "deepstate" in n.lower()]
    assert not [n for n in names if "ocha" in n.lower()]
