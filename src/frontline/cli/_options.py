"""Options and helpers shared by several commands."""

from __future__ import annotations

import contextlib
import warnings
from collections.abc import Callable, Iterator
from typing import Any

import click

from frontline.errors import FrontlineWarning

__all__ = ["echo_warnings", "timeline_options"]


@contextlib.contextmanager
def echo_warnings() -> Iterator[None]:
    """Print frontline warnings raised inside the block as one ``frontline: warning:`` line each."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", FrontlineWarning)
        yield
    for w in caught:
        if issubclass(w.category, FrontlineWarning):
            click.echo(f"frontline: warning: {w.message}", err=True)


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
