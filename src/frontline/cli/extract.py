"""``frontline extract``: dated control changes from articles."""

from __future__ import annotations

import click

from frontline.cli._options import echo_warnings


@click.command("extract")
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
@click.option(
    "--min-confidence",
    type=click.FloatRange(0.0, 1.0),
    default=0.0,
    show_default=True,
    help="Drop mentions below this confidence (see docs/events.md for precision by band).",
)
def extract_cmd(
    path: str,
    fmt: str,
    output: str | None,
    published: str | None,
    gazetteer_path: str | None,
    sides_path: str | None,
    min_confidence: float,
) -> None:
    """Extract dated control changes from the articles in PATH, one row per mention.

    PATH is a corpus folder (UTF-8 .txt files plus articles.csv with
    file,published,source,url,title), its articles.csv, or one .txt/.html file (give
    --published, or a dateline with a full date). Places not in the gazetteer are kept
    with empty coordinates and listed on stderr.
    """
    from frontline.events.extract import extract_events
    from frontline.output.export import format_events

    gazetteer = None
    if gazetteer_path:
        from frontline.reference.gazetteer import Gazetteer

        gazetteer = Gazetteer.load(gazetteer_path)
    sides = None
    if sides_path:
        from frontline.reference.sides import Sides

        sides = Sides.load(sides_path)
    if output:
        from frontline._io import refuse_overwriting_inputs

        refuse_overwriting_inputs(output, [path])
    with echo_warnings():
        frame = extract_events(
            path, gazetteer, sides, published=published, min_confidence=min_confidence
        )
    text = format_events(frame, fmt)
    if output:
        from frontline._io import atomic_write

        atomic_write(output, text)
        click.echo(f"wrote {len(frame)} event mention(s) to {output}", err=True)
    else:
        click.echo(text, nl=not text.endswith("\n"))
