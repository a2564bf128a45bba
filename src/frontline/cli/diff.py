"""``frontline diff``: what changed hands between two dates."""

from __future__ import annotations

import click

from frontline.cli._options import (
    horizon_days_for,
    max_km_for,
    profile_from_options,
    timeline_options,
)

__all__ = ["diff_cmd"]


@click.command("diff")
@click.argument("date_from", metavar="D1")
@click.argument("date_to", metavar="D2")
@timeline_options
@click.option(
    "--stretch",
    help="Route shares on a stretch between two route waypoints, e.g. Hama:Aleppo.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv"]),
    default="table",
    show_default=True,
    help="Print aligned tables or CSV.",
)
def diff_cmd(
    date_from: str,
    date_to: str,
    paths: tuple[str, ...],
    profile: str | None,
    gazetteer_path: str | None,
    sides_path: str | None,
    aoi_path: str | None,
    route_path: str | None,
    baseline: str | None,
    curated_files: tuple[str, ...],
    no_curated: bool,
    max_km: float | None,
    horizon_days: int | None,
    stretch: str | None,
    fmt: str,
) -> None:
    """Places that changed side between D1 and D2 (with the events), km² gained per side and
    confidence class, and pockets. D1/D2: any date from the start of the data, or 'latest'."""
    from frontline._io import csv_safe
    from frontline.control.timeline import ControlTimeline
    from frontline.errors import BadInputError
    from frontline.pipeline import load_events, profile_tables
    from frontline.spatial.aoi import area_of_interest
    from frontline.spatial.history import diff
    from frontline.spatial.route import route_control

    ends: tuple[str, str] | None = None
    if stretch is not None:
        parts = [p.strip() for p in stretch.split(":")]
        if len(parts) != 2 or not all(parts):
            raise BadInputError(f"--stretch wants two waypoint names as A:B, not {stretch!r}")
        ends = (parts[0], parts[1])
    prof = profile_from_options(
        profile, gazetteer_path=gazetteer_path, sides_path=sides_path, aoi_path=aoi_path,
        route_path=route_path, baseline=baseline, curated_files=curated_files,
        no_curated=no_curated,
    )  # fmt: skip
    if ends is not None and prof.route is None:
        raise BadInputError(f"--stretch needs a route: profile {prof.name} has none (--route FILE)")
    max_km = max_km_for(max_km, prof)
    gazetteer, sides = profile_tables(prof)
    events = load_events(
        paths, curated=bool(prof.curated), gazetteer=gazetteer, sides=sides, profile=prof
    )
    timeline = ControlTimeline(
        events,
        baseline=prof.baseline,
        sides=sides,
        gazetteer=gazetteer,
        horizon_days=horizon_days_for(horizon_days, prof),
    )
    aoi = area_of_interest(path=prof.aoi) if prof.aoi is not None else None
    result = diff(timeline, date_from, date_to, aoi=aoi, max_km=max_km)
    areas = result.areas.round({"km2_before": 1, "km2_after": 1, "gained_km2": 1})
    pockets = result.pockets.round({"area_km2": 1})
    shares = None
    # A route named on the command line (or a stretch of the profile's) is reported; the
    # profile's own route alone is not, so a plain diff stays a list of places and areas.
    if ends is not None or route_path is not None:
        shares = route_control(
            timeline, [result.date_from, result.date_to], route=prof.route, aoi=aoi, max_km=max_km,
            stretch=ends,
        ).round({"km": 1, "pct": 1, "pct_mapped": 1})  # fmt: skip
    if fmt == "csv":
        for table in (result.places, areas, pockets, shares):
            if table is not None:
                click.echo(csv_safe(table).to_csv(index=False), nl=False)
                click.echo()
        return
    click.echo(
        f"Places that changed between {result.date_from} and {result.date_to}: {len(result.places)}"
    )
    if len(result.places):
        shown = result.places.drop(columns=["sources"])
        click.echo(shown.to_string(index=False))
    click.echo()
    click.echo("Area per side and confidence class (km²):")
    click.echo(areas.to_string(index=False))
    click.echo()
    click.echo(f"Pockets (areas of a side enclosed by another): {len(pockets)}")
    if len(pockets):
        click.echo(pockets.to_string(index=False))
    if shares is not None:
        click.echo()
        what = f"{stretch} (% of the stretch)" if stretch else "whole route (%)"
        click.echo(f"Route shares, {what}:")
        click.echo(shares.to_string(index=False))
