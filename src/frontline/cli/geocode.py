"""``frontline geocode``: place names to coordinates, offline."""

from __future__ import annotations

import sys

import click

from frontline.cli._options import GAZETTEER_OPTION, PROFILE_OPTION, profile_from_options
from frontline.errors import BadInputError

__all__ = ["geocode_cmd"]


@click.command("geocode")
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
@click.option("--admin1", help="Only places in this admin-1 region, e.g. Idlib.")
@click.option(
    "--near", metavar="LAT,LON",
    help="Prefer places near this point (degrees); fuzzy matches beyond 30 km are no answer.",
)  # fmt: skip
@click.option(
    "--details", is_flag=True,
    help="Add status (exact/alias/fuzzy/ambiguous/none), aoi_km and alternatives columns.",
)  # fmt: skip
@PROFILE_OPTION
@GAZETTEER_OPTION
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
    details: bool,
    profile: str | None,
    gazetteer_path: str | None,
    threshold: float,
) -> None:
    """Resolve place NAMEs (any transliteration) to coordinates, offline.

    With several names or --file, names that match nothing get empty fields and the exit
    code stays 0; a single name that matches nothing prints the nearest names and exits 1.
    Statuses: exact (a place's name), alias (another of its names), fuzzy (a close
    spelling, only inside the area of interest, --admin1 and --near), ambiguous (several
    distinct places fit about as well; alternatives lists them), none (no answer).
    """
    from frontline.reference.gazetteer import (
        Gazetteer,
        check_admin1,
        format_matches,
        parse_near,
        read_names,
        resolve_name,
    )

    queries = list(names) + (read_names(names_file) if names_file else [])
    if not queries:
        raise BadInputError("give at least one NAME or --file")
    from frontline.reference.normalize import simplify

    single = len(queries) == 1 and names_file is None
    if single and not queries[0].strip():
        raise BadInputError("empty place name")
    if single and not simplify(queries[0]):
        raise BadInputError(f"place name {queries[0]!r} has no letters or digits to match")
    point = parse_near(near) if near else None
    if profile:
        from frontline.pipeline import profile_gazetteer

        # Every source of the profile (or --gazetteer), biased to its area of interest.
        prof = profile_from_options(profile, gazetteer_path=gazetteer_path)
        gaz = profile_gazetteer(prof, threshold=threshold)
    else:
        gaz = Gazetteer.load(gazetteer_path, threshold=threshold)
    if admin1 is not None:
        check_admin1(gaz, admin1)
    # In a batch, a name with nothing to match (blank, "?", an emoji) gets empty fields like
    # any other miss instead of aborting the whole batch.
    matches = [
        resolve_name(gaz, q, admin1=admin1, near=point) if simplify(q) else None for q in queries
    ]
    if len(queries) == 1 and names_file is None and matches[0] is None:
        # One line per place: a place matched by its name and an alias is listed once.
        hints = list(dict.fromkeys(f"{m.name} ({m.admin1})" for m in gaz.suggest(queries[0], k=5)))
        tail = "; nearest: " + ", ".join(hints) if hints else ""
        click.echo(f"frontline: no place matches {queries[0]!r}{tail}", err=True)
        sys.exit(1)
    click.echo(format_matches(queries, matches, fmt, details=details), nl=False)
