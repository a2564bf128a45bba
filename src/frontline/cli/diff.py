"""``frontline diff``: what changed hands between two dates."""

from __future__ import annotations

import click

from frontline.cli._options import timeline_options

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
    curated: bool,
    baseline: str | None,
    aoi_path: str | None,
    max_km: float,
    horizon_days: int,
    stretch: str | None,
    fmt: str,
) -> None:
    """Places that changed side between D1 and D2 (with the events), km² gained per side and
    confidence class, and pockets. D1/D2: any date from the start of the data, or 'latest'."""
    from frontline.control.timeline import ControlTimeline
    from frontline.errors import BadInputError
    from frontline.pipeline import load_events
    from frontline.spatial.areas import area_of_interest
    from frontline.spatial.history import diff
    from frontline.spatial.route import route_control

    ends: tuple[str, str] | None = None
    if stretch is not None:
        parts = [p.strip() for p in stretch.split(":")]
        if len(parts) != 2 or not all(parts):
            raise BadInputError(f"--stretch wants two waypoint names as A:B, not {stretch!r}")
        ends = (parts[0], parts[1])
    events = load_events(paths, curated=curated)
    timeline = ControlTimeline(events, baseline=baseline, horizon_days=horizon_days)
    aoi = area_of_interest(path=aoi_path) if aoi_path else None
    result = diff(timeline, date_from, date_to, aoi=aoi, max_km=max_km)
    areas = result.areas.round({"km2_before": 1, "km2_after": 1, "gained_km2": 1})
    pockets = result.pockets.round({"area_km2": 1})
    shares = None
    if ends is not None:
        shares = route_control(
            timeline, [result.date_from, result.date_to], aoi=aoi, max_km=max_km,
            stretch=ends,
        ).round({"km": 1, "pct": 1, "pct_mapped": 1})  # fmt: skip
    if fmt == "csv":
        for table in (result.places, areas, pockets, shares):
            if table is not None:
                click.echo(table.to_csv(index=False), nl=False)
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
        click.echo(f"Route shares, {stretch} (% of the stretch):")
        click.echo(shares.to_string(index=False))
