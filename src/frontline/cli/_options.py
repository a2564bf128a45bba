"""Options and helpers shared by several commands."""

from __future__ import annotations

import contextlib
import warnings
from collections.abc import Callable, Iterator
from typing import Any, TextIO

import click

from frontline.errors import FrontlineWarning, format_warning

__all__ = ["echo_warnings", "one_line_warnings", "timeline_options"]


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


def _positive_km(ctx: click.Context, param: click.Parameter, value: float) -> float:
    from frontline._validate import check_finite

    return check_finite(value, "--max-km", low=0.001)


def timeline_options(f: Callable[..., Any]) -> Callable[..., Any]:
    for option in reversed(
        [
            click.argument("paths", nargs=-1, type=click.Path(exists=True)),
            click.option(
                "--curated/--no-curated",
                default=True,
                show_default=True,
                help="Add the shipped curated event layer.",
            ),
            click.option(
                "--baseline",
                type=click.Path(exists=True, dir_okay=False),
                help="Baseline: CSV place,side,as_of,source or polygons (GeoJSON/GeoPackage: "
                "side,valid_from,source).",
            ),
            click.option(
                "--aoi",
                "aoi_path",
                type=click.Path(exists=True, dir_okay=False),
                help="Area-of-interest polygon file (default data/aoi.geojson).",
            ),
            click.option(
                "--max-km",
                type=float,
                callback=_positive_km,
                default=40.0,
                show_default=True,
                help="No estimate farther than this from any known place (km); nearer, each "
                "point gets a confidence class (docs/control-model.md).",
            ),
            click.option(
                "--horizon-days",
                type=int,
                default=60,
                show_default=True,
                help="States implied from a later event reach at most this many days back.",
            ),
        ]
    ):
        f = option(f)
    return f
