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
