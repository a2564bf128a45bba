"""``frontline diff``: what changed hands between two dates."""

from __future__ import annotations

import click

from frontline.cli._options import timeline_options


@click.command("diff")
@click.argument("date_from", metavar="D1")
@click.argument("date_to", metavar="D2")
@timeline_options
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
    fmt: str,
) -> None:
    """Places that changed side between D1 and D2 (with the events) and km² gained per side."""
    from frontline.control.timeline import ControlTimeline
    from frontline.pipeline import load_events
    from frontline.spatial.areas import area_of_interest
    from frontline.spatial.history import diff

    events = load_events(paths, curated=curated)
    timeline = ControlTimeline(events, baseline=baseline)
    result = diff(
        timeline,
        date_from,
        date_to,
        aoi=area_of_interest(path=aoi_path) if aoi_path else None,
        max_km=max_km,
    )
    areas = result.areas.round({"km2_before": 1, "km2_after": 1, "gained_km2": 1})
    if fmt == "csv":
        click.echo(result.places.to_csv(index=False), nl=False)
        click.echo()
        click.echo(areas.to_csv(index=False), nl=False)
        return
    click.echo(
        f"Places that changed between {result.date_from} and {result.date_to}: {len(result.places)}"
    )
    if len(result.places):
        shown = result.places.drop(columns=["sources"])
        click.echo(shown.to_string(index=False))
    click.echo()
    click.echo("Area per side (km²):")
    click.echo(areas.to_string(index=False))
