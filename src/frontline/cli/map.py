"""``frontline map``: the interactive HTML map with a date slider."""

from __future__ import annotations

import click

from frontline.cli._options import (
    horizon_days_for,
    input_files,
    max_km_for,
    profile_from_options,
    timeline_options,
)

__all__ = ["map_cmd"]


@click.command("map")
@timeline_options
@click.option("--date", help="Map the control on this one date (YYYY-MM-DD).")
@click.option("--from", "date_from", help="Slider starts on this date (YYYY-MM-DD).")
@click.option("--to", "date_to", help="Slider ends on this date (YYYY-MM-DD, inclusive).")
@click.option(
    "--offline/--cdn",
    default=True,
    show_default=True,
    help="--offline (default): one self-contained page (Leaflet inlined, vector basemap; "
    "no request leaves it until an online tile layer is chosen). --cdn: a small page that "
    "loads Leaflet from the internet.",
)
@click.option("--title", help="Map title (default: the profile's title and the route's name).")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    help="Output page (default: the profile's [defaults] output, else NAME.html; m5.html for "
    "the default profile).",
)
def map_cmd(
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
    date: str | None,
    date_from: str | None,
    date_to: str | None,
    offline: bool,
    title: str | None,
    output: str | None,
) -> None:
    """Interactive HTML map of who held what, with a date slider.

    PATH: corpus folders, .txt articles or event CSVs (default: the shipped seeds with the
    default profile, the profile's curated layers with another).

    \b
    Examples:
      frontline map -o m5.html                   # the seeds, every date, works offline
      frontline map --cdn -o m5_small.html       # a small page that needs the network
      frontline map corpus/ --from 2019-08-01 --to 2019-09-01 -o aug.html
      frontline map events.csv --date 2020-02-08 --no-curated -o feb8.html
      frontline map --profile donetsk            # another war: writes donetsk.html
    """
    from frontline._io import refuse_overwriting_inputs
    from frontline._paths import seeds_path
    from frontline.output.maps.render import save_map
    from frontline.pipeline import make_map

    if date and (date_from or date_to):
        raise click.UsageError("use --date D, or --from D1 --to D2, not both")
    for opt, value in (("--date", date), ("--from", date_from), ("--to", date_to)):
        if value is not None and not value.strip():  # as `export` does: '' is not "no date"
            raise click.BadParameter("empty; give a date YYYY-MM-DD", param_hint=opt)
    prof = profile_from_options(
        profile, gazetteer_path=gazetteer_path, sides_path=sides_path, aoi_path=aoi_path,
        route_path=route_path, baseline=baseline, curated_files=curated_files,
        no_curated=no_curated,
    )  # fmt: skip
    output = output or prof.map_file
    refuse_overwriting_inputs(output, [*(paths or (seeds_path(),)), *input_files(prof)])
    m = make_map(
        list(paths) or None,
        date=date,
        start=date_from,
        end=date_to,
        curated=bool(prof.curated),
        title=title,
        profile=prof,
        max_km=max_km_for(max_km, prof),
        horizon_days=horizon_days_for(horizon_days, prof),
    )
    out = save_map(m, output, self_contained=offline)
    click.echo(f"wrote {out}" + (" (self-contained)" if offline else " (needs the network)"))
