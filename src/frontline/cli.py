"""The ``frontline`` command line. It parses arguments and calls the library, nothing more."""

from __future__ import annotations

import sys

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

# --- extract (issue 3) ----------------------------------------------------------------------

# --- export & diff (issue 4) ----------------------------------------------------------------

# --- map (issue 5) --------------------------------------------------------------------------

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
