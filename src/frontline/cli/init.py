"""``frontline init``: scaffold a conflict profile for any country from GeoNames, offline."""

from __future__ import annotations

import click

from frontline.errors import BadInputError

__all__ = ["init_cmd"]


def _parse_bbox(text: str | None) -> tuple[float, float, float, float] | None:
    if text is None:
        return None
    parts = text.split(",")
    try:
        west, south, east, north = (float(p) for p in parts)
    except ValueError:
        raise BadInputError(f"--bbox must be W,S,E,N in degrees, not {text!r}") from None
    return west, south, east, north


@click.command("init")
@click.argument("folder", type=click.Path(file_okay=False))
@click.option("--country", required=True, help="ISO 3166-1 alpha-2 country code, e.g. UA.")
@click.option("--bbox", metavar="W,S,E,N", help="Keep places in this box (degrees); also the AOI.")
@click.option(
    "--admin1",
    multiple=True,
    help="Keep places of this admin-1 region (repeatable; any language or a code like UA.05).",
)
@click.option("--name", help="Profile name (default: the folder's name).")
@click.option("--title", help="Title shown on maps (default: the name).")
@click.option(
    "--route",
    metavar="PLACE,PLACE[,...]",
    help="Write route.geojson through these gazetteer places (straight lines between their "
    "GeoNames points; names in any script or gn: ids) and make it the default route.",
)
def init_cmd(
    folder: str,
    country: str,
    bbox: str | None,
    admin1: tuple[str, ...],
    name: str | None,
    title: str | None,
    route: str | None,
) -> None:
    """Write a new conflict profile into FOLDER: gazetteer, AOI, empty sides table.

    \b
    Example:
      frontline init donetsk --country UA --bbox 36.3,47.4,38.4,48.9
      frontline init kharkiv --country UA --admin1 Kharkiv
      frontline init karabakh --country AZ --bbox 45.9,38.8,47.6,40.4 --route Horadiz,Fuzuli,Shusha
    """
    from frontline.reference.scaffold import scaffold_profile

    stops = [s for s in (route or "").split(",") if s.strip()]
    profile = scaffold_profile(
        folder, country, bbox=_parse_bbox(bbox), admin1=admin1, name=name, title=title,
        route=stops,
    )  # fmt: skip
    with open(profile.gazetteer[0], encoding="utf-8") as fh:
        places = sum(1 for _ in fh) - 1
    click.echo(f"wrote profile {profile.name!r} to {profile.folder}: {places} GeoNames places")
    if profile.default_route:
        click.echo(f"route {profile.default_route!r}: {profile.route}")
    click.echo(f"next: fill {profile.folder / 'sides.csv'} (side,label,colour,aliases)")
