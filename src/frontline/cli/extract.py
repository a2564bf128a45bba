"""``frontline extract``: dated control changes from articles."""

from __future__ import annotations

import sys

import click

from frontline.cli._options import (
    GAZETTEER_OPTION,
    PROFILE_OPTION,
    SIDES_OPTION,
    echo_warnings,
    profile_from_options,
)

__all__ = ["extract_cmd"]


@click.command("extract")
@click.argument("path", type=click.Path(exists=True))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "geojson", "table", "ndjson", "geojsonseq", "parquet"]),
    default="table",
    show_default=True,
    help="csv and geojson carry every column; table is a short view for reading. With -o, "
    "csv, ndjson, geojsonseq (one feature per line) and parquet (GeoParquet) are written "
    "chunk by chunk, in memory that does not grow with the corpus.",
)
@click.option("-o", "--output", type=click.Path(), help="Write here (atomically); default stdout.")
@click.option("--published", metavar="YYYY-MM-DD", help="Publication date of a single .txt file.")
@PROFILE_OPTION
@GAZETTEER_OPTION
@SIDES_OPTION
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes (default: all cores); 1 extracts in this process.",
)
@click.option(
    "--scheduler",
    metavar="ADDRESS",
    help="Run on a Dask cluster (tcp://host:8786, or 'local' for one on this machine); "
    "-o is then a folder of GeoParquet parts. Needs pip install 'frontline[dask]'.",
)
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
    profile: str | None,
    gazetteer_path: str | None,
    sides_path: str | None,
    jobs: int | None,
    scheduler: str | None,
    min_confidence: float,
) -> None:
    """Extract dated control changes from the articles in PATH, one row per mention.

    PATH is a corpus folder (UTF-8 .txt files plus articles.csv with
    file,published,source,url,title), its articles.csv, a .parquet file of articles
    (columns file, published, text; docs/scale.md), or one .txt/.html file (give
    --published, or a dateline with a full date). Places not in the gazetteer are kept
    with empty coordinates and listed on stderr.

    Articles are extracted in chunks on --jobs processes (the rows and their order are the
    serial ones). With -o and --format csv, ndjson, geojsonseq or parquet, events are
    written as they are produced, so memory stays flat however large the corpus;
    --scheduler runs the same code on a Dask cluster (docs/scale.md).
    """
    from frontline import batch
    from frontline.events.extract.rules import ExtractRules
    from frontline.output.export import format_events
    from frontline.output.stream import FORMATS
    from frontline.pipeline import profile_tables

    gazetteer, sides = None, None  # None: the extractor's own defaults (the default profile)
    rules = None
    if profile or gazetteer_path or sides_path:
        prof = profile_from_options(profile, gazetteer_path=gazetteer_path, sides_path=sides_path)
        gazetteer, sides = profile_tables(prof)
        rules = ExtractRules.from_profile(prof)
    if output:
        from frontline._io import refuse_overwriting_inputs

        refuse_overwriting_inputs(output, [path])
    progress = sys.stderr.isatty()
    if scheduler or (output and fmt in FORMATS):
        if min_confidence > 0:
            raise click.UsageError(
                "--min-confidence filters the table, csv and geojson views; streamed output "
                "keeps every mention (filter its confidence column)"
            )
        if not output:
            raise click.UsageError("--scheduler needs -o (a folder for the GeoParquet parts)")
        with echo_warnings():
            if scheduler:
                address = None if scheduler == "local" else scheduler
                rows = batch.extract_dask(
                    path, output, scheduler=address, gazetteer=gazetteer, sides=sides,
                    published=published, rules=rules,
                )  # fmt: skip
            else:
                rows = batch.extract_to_file(
                    path, output, fmt, jobs=jobs, progress=progress, gazetteer=gazetteer,
                    sides=sides, published=published, rules=rules,
                )  # fmt: skip
        click.echo(f"wrote {rows} event mention(s) to {output}", err=True)
        return
    if fmt in ("ndjson", "geojsonseq", "parquet"):
        raise click.UsageError(f"--format {fmt} is written to a file: give -o")
    with echo_warnings():
        frame = batch.extract_corpus(
            path, jobs=jobs, progress=progress, gazetteer=gazetteer, sides=sides,
            published=published, rules=rules,
        )  # fmt: skip
    if min_confidence > 0:
        frame = frame[frame["confidence"] >= min_confidence].reset_index(drop=True)
    text = format_events(frame, fmt)
    if output:
        from frontline._io import atomic_write

        atomic_write(output, text)
        click.echo(f"wrote {len(frame)} event mention(s) to {output}", err=True)
    else:
        click.echo(text, nl=not text.endswith("\n"))
