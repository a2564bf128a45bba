"""``frontline map``: the interactive HTML map with a date slider."""

from __future__ import annotations

import click

__all__ = ["map_cmd"]


@click.command("map")
@click.argument("paths", nargs=-1, type=click.Path(exists=True))
@click.option("--date", help="Map the control on this one date (YYYY-MM-DD).")
@click.option("--from", "date_from", help="Slider starts on this date (YYYY-MM-DD).")
@click.option("--to", "date_to", help="Slider ends on this date (YYYY-MM-DD, inclusive).")
@click.option(
    "--route",
    type=click.Path(exists=True, dir_okay=False),
    help="Route LineString file (GeoJSON etc.; default the shipped M5).",
)
@click.option(
    "--curated/--no-curated",
    default=True,
    show_default=True,
    help="Add the shipped curated event layer.",
)
@click.option(
    "--offline/--cdn",
    default=True,
    show_default=True,
    help="--offline (default): one self-contained page (Leaflet inlined, vector basemap; "
    "no request leaves it until an online tile layer is chosen). --cdn: a small page that "
    "loads Leaflet from the internet.",
)
@click.option("--title", help="Map title (default names the route).")
@click.option(
    "-o", "--output", default="m5.html", show_default=True, type=click.Path(dir_okay=False)
)
def map_cmd(
    paths: tuple[str, ...],
    date: str | None,
    date_from: str | None,
    date_to: str | None,
    route: str | None,
    curated: bool,
    offline: bool,
    title: str | None,
    output: str,
) -> None:
    """Interactive HTML map of who held what, with a date slider.

    PATH: corpus folders, .txt articles or event CSVs (default: the shipped seeds).

    \b
    Examples:
      frontline map -o m5.html                   # the seeds, every date, works offline
      frontline map --cdn -o m5_small.html       # a small page that needs the network
      frontline map corpus/ --from 2019-08-01 --to 2019-09-01 -o aug.html
      frontline map events.csv --date 2020-02-08 --no-curated -o feb8.html
    """
    from frontline._io import refuse_overwriting_inputs
    from frontline._paths import seeds_path
    from frontline.output.maps.render import save_map
    from frontline.pipeline import make_map

    if date and (date_from or date_to):
        raise click.UsageError("use --date D, or --from D1 --to D2, not both")
    refuse_overwriting_inputs(output, paths or (seeds_path(),))
    m = make_map(
        list(paths) or None,
        date=date,
        start=date_from,
        end=date_to,
        route=route,
        curated=curated,
        title=title,
    )
    out = save_map(m, output, self_contained=offline)
    click.echo(f"wrote {out}" + (" (self-contained)" if offline else " (needs the network)"))
