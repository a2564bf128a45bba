"""Options and helpers shared by several commands."""

from __future__ import annotations

import contextlib
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TextIO

import click

from frontline.errors import FrontlineWarning, format_warning
from frontline.reference.profile import Profile, load_profile

__all__ = [
    "GAZETTEER_OPTION",
    "PROFILE_OPTION",
    "SIDES_OPTION",
    "echo_warnings",
    "horizon_days_for",
    "input_files",
    "max_km_for",
    "one_line_warnings",
    "profile_from_options",
    "profile_options",
    "timeline_options",
]


@contextlib.contextmanager
def echo_warnings() -> Iterator[None]:
    """Print frontline warnings raised inside the block as one ``frontline: warning:`` line each."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", FrontlineWarning)
        yield
    for w in caught:
        if issubclass(w.category, FrontlineWarning):
            click.echo(format_warning(w.message, w.category), err=True)


@contextlib.contextmanager
def one_line_warnings() -> Iterator[None]:
    """Print every warning raised inside the block as one ``frontline: warning:`` line.

    Frontline warnings are always shown; other warnings follow the active filters (under
    pytest they stay errors). Python's default display adds the source line of the
    ``warn`` call, which means nothing to a user of the command line.
    """

    def show(
        message: Warning | str,
        category: type[Warning],
        filename: str,
        lineno: int,
        file: TextIO | None = None,
        line: str | None = None,
    ) -> None:
        click.echo(format_warning(message, category), err=True)

    with warnings.catch_warnings():
        warnings.simplefilter("always", FrontlineWarning)
        warnings.showwarning = show
        yield


def _positive_km(ctx: click.Context, param: click.Parameter, value: float | None) -> float | None:
    from frontline._validate import check_finite

    return None if value is None else check_finite(value, "--max-km", low=0.001)


def max_km_for(max_km: float | None, profile: Profile) -> float:
    """``--max-km``, else the profile's ``[defaults] max_km``, else the library default (km)."""
    from frontline.spatial.areas import DEFAULT_MAX_KM

    if max_km is not None:
        return max_km
    return profile.max_km if profile.max_km is not None else DEFAULT_MAX_KM


def horizon_days_for(horizon_days: int | None, profile: Profile) -> int:
    """``--horizon-days``, else the profile's ``[defaults] horizon_days``, else the library
    default (days)."""
    from frontline.control.timeline import DEFAULT_HORIZON_DAYS

    if horizon_days is not None:
        return horizon_days
    return profile.horizon_days if profile.horizon_days is not None else DEFAULT_HORIZON_DAYS


def timeline_options(f: Callable[..., Any]) -> Callable[..., Any]:
    for option in reversed(
        [
            click.argument("paths", nargs=-1, type=click.Path(exists=True)),
            profile_options,
            click.option(
                "--max-km",
                type=float,
                callback=_positive_km,
                default=None,
                help="No estimate farther than this from any known place (km); nearer, each "
                "point gets a confidence class (docs/control-model.md). Default: the "
                "profile's max_km, else 40.",
            ),
            click.option(
                "--horizon-days",
                type=click.IntRange(min=0),
                default=None,
                help="States implied from a later event reach at most this many days back. "
                "Default: the profile's horizon_days, else 60.",
            ),
        ]
    ):
        f = option(f)  # type: ignore[operator]
    return f


_FILE = click.Path(exists=True, dir_okay=False)


PROFILE_OPTION = click.option(
    "--profile",
    metavar="PATH|NAME",
    help="Conflict profile: a folder with profile.toml, the TOML file, or a shipped name "
    "(nw_syria, donetsk). Default: nw_syria (docs/profiles.md).",
)
GAZETTEER_OPTION = click.option(
    "--gazetteer",
    "gazetteer_path",
    type=click.Path(dir_okay=False),
    help="Gazetteer CSV (overrides the profile's).",
)
SIDES_OPTION = click.option(
    "--sides", "sides_path", type=_FILE, help="Sides CSV (overrides the profile's)."
)


def profile_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """``--profile`` and the per-file options that override its files (one meaning everywhere).

    The command receives ``profile``, ``gazetteer_path``, ``sides_path``, ``aoi_path``,
    ``route_path``, ``baseline``, ``curated_files`` and ``no_curated``; pass them to
    :func:`profile_from_options`.
    """
    for option in reversed(
        [
            PROFILE_OPTION,
            GAZETTEER_OPTION,
            SIDES_OPTION,
            click.option(
                "--aoi",
                "aoi_path",
                type=_FILE,
                help="Area-of-interest polygon file (overrides the profile's).",
            ),  # fmt: skip
            click.option(
                "--route",
                "route_path",
                type=_FILE,
                help="Route LineString file (overrides the profile's default route).",
            ),  # fmt: skip
            click.option(
                "--baseline",
                type=_FILE,
                help="Baseline: CSV place,side,as_of,source or polygons (GeoJSON/GeoPackage: "
                "side,valid_from,source); overrides the profile's.",
            ),  # fmt: skip
            click.option(
                "--curated",
                "curated_files",
                type=_FILE,
                multiple=True,
                help="Curated event CSV instead of the profile's curated layers (repeatable).",
            ),  # fmt: skip
            click.option(
                "--no-curated",
                is_flag=True,
                help="Add no curated event layer (neither the profile's nor --curated).",
            ),  # fmt: skip
        ]
    ):
        f = option(f)
    return f


def profile_from_options(
    profile: str | None,
    *,
    gazetteer_path: str | None = None,
    sides_path: str | None = None,
    aoi_path: str | None = None,
    route_path: str | None = None,
    baseline: str | None = None,
    curated_files: tuple[str, ...] = (),
    no_curated: bool = False,
) -> Profile:
    """The profile named by ``--profile`` (default nw_syria) with the per-file options applied.

    Returns
    -------
    Profile
        A per-file option replaces the profile's file; ``--no-curated`` empties its curated
        layers.
    """
    from frontline.reference.profile import with_files

    return with_files(
        load_profile(profile),
        gazetteer=gazetteer_path,
        sides=sides_path,
        aoi=aoi_path,
        route=route_path,
        baseline=baseline,
        curated=() if no_curated else (curated_files or None),
    )


def input_files(profile: Profile) -> list[Path]:
    """Every file a profile names (outputs must not overwrite any of them)."""
    named = [profile.sides, profile.aoi, profile.path]
    return [
        *profile.gazetteer,
        *(p for p in named if p is not None),
        *profile.routes.values(),
        *profile.baselines.values(),
        *profile.curated,
        *profile.basemap,
    ]
