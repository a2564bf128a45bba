"""``frontline export``: places, events, areas, front lines and route as GeoJSON/GPKG/CSV."""

from __future__ import annotations

import click

from frontline.cli._options import (
    horizon_days_for,
    input_files,
    max_km_for,
    profile_from_options,
    timeline_options,
)

__all__ = ["export_cmd"]


@click.command("export")
@timeline_options
@click.option(
    "--layer",
    "layers",
    multiple=True,
    default=("all",),
    show_default=True,
    type=click.Choice(["places", "events", "control", "frontline", "route", "pockets", "all"]),
    help="Layer(s) to export; repeat for several.",
)
@click.option("--date", help="One date (YYYY-MM-DD, from the start of the data on, or 'latest').")
@click.option(
    "--from", "date_from", help="Range start (YYYY-MM-DD); features get valid_from/valid_to."
)
@click.option("--to", "date_to", help="Range end (YYYY-MM-DD, inclusive).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["geojson", "gpkg", "csv"]),
    help="Output format (default from the -o suffix, else geojson).",
)
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(),
    help="Output file; a folder for several layers in geojson/csv.",
)
def export_cmd(
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
    layers: tuple[str, ...],
    date: str | None,
    date_from: str | None,
    date_to: str | None,
    fmt: str | None,
    output: str,
) -> None:
    """Export places, events, control areas (per confidence class), front lines, route control
    and pockets.

    \b
    Examples:
      frontline export --layer all --format gpkg -o nw.gpkg
      frontline export --layer control --date 2020-02-10 -o control.geojson
      frontline export --layer frontline --from 2019-12-01 --to 2020-03-06 -o fl.geojson
      frontline export --profile donetsk --layer places --date 2024-10-15 -o p.geojson
    """
    from frontline._io import refuse_overwriting_inputs
    from frontline._paths import seeds_path
    from frontline.control.timeline import ControlTimeline
    from frontline.output.export import export
    from frontline.pipeline import load_events, profile_tables
    from frontline.spatial.aoi import area_of_interest
    from frontline.spatial.route import load_route

    prof = profile_from_options(
        profile, gazetteer_path=gazetteer_path, sides_path=sides_path, aoi_path=aoi_path,
        route_path=route_path, baseline=baseline, curated_files=curated_files,
        no_curated=no_curated,
    )  # fmt: skip
    refuse_overwriting_inputs(output, [*(paths or (seeds_path(),)), *input_files(prof)])
    gazetteer, sides = profile_tables(prof)
    events = load_events(
        paths, curated=bool(prof.curated), gazetteer=gazetteer, sides=sides, profile=prof
    )
    timeline = ControlTimeline(
        events, baseline=prof.baseline, sides=sides, gazetteer=gazetteer,
        horizon_days=horizon_days_for(horizon_days, prof),
    )  # fmt: skip
    written = export(
        events,
        output,
        layers=layers,
        fmt=fmt,
        date=date,
        start=date_from,
        end=date_to,
        timeline=timeline,
        # no route in the profile: no route layer (never another profile's route)
        route=load_route(prof.route) if prof.route is not None else False,
        aoi=area_of_interest(path=prof.aoi) if prof.aoi is not None else None,
        max_km=max_km_for(max_km, prof),
    )
    for path in written:
        click.echo(str(path))
