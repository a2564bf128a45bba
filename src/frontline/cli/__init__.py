"""The ``frontline`` command line: one module per command; each parses arguments and calls the
library, nothing more."""

from __future__ import annotations

import sys

import click

from frontline.cli.diff import diff_cmd
from frontline.cli.evaluate import evaluate_cmd
from frontline.cli.export import export_cmd
from frontline.cli.extract import extract_cmd
from frontline.cli.gazetteer import gazetteer_group
from frontline.cli.geocode import geocode_cmd
from frontline.cli.map import map_cmd
from frontline.errors import FrontlineError

__all__ = ["cli", "main"]


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


for _command in (gazetteer_group, geocode_cmd, extract_cmd, map_cmd, export_cmd, diff_cmd):
    cli.add_command(_command)
cli.add_command(evaluate_cmd)


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
