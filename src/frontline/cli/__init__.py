"""The ``frontline`` command line: one module per command; each parses arguments and calls the
library, nothing more."""

from __future__ import annotations

import functools
import os
import sys
from pathlib import Path
from typing import Any

import click

from frontline.cli._options import one_line_warnings
from frontline.cli.diff import diff_cmd
from frontline.cli.evaluate import evaluate_cmd
from frontline.cli.export import export_cmd
from frontline.cli.extract import extract_cmd
from frontline.cli.gazetteer import gazetteer_build_cmd, gazetteer_group
from frontline.cli.geocode import geocode_cmd
from frontline.cli.init import init_cmd
from frontline.cli.map import map_cmd
from frontline.errors import FrontlineError, format_error

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
      frontline init mywar --country AZ --bbox 45.9,38.8,47.6,40.4   # another war
      frontline map reports/ --profile mywar  # after filling mywar/sides.csv
    """


for _command in (gazetteer_group, geocode_cmd, extract_cmd, map_cmd, export_cmd, diff_cmd):
    cli.add_command(_command)
cli.add_command(init_cmd)
cli.add_command(evaluate_cmd)


def _products(command: click.Command) -> list[Path]:
    # The one output a command exists to rebuild inside the shipped data.
    if command is gazetteer_build_cmd:
        from frontline.reference.build import default_output

        return [default_output()]
    return []


#: Path options a command writes (every other path option is an input it reads).
_OUTPUTS = ("output", "errors_path")


def _guarded(command: click.Command) -> None:
    """Wrap ``command`` so its output is checked against every path it reads, and its
    warnings print as one line each.

    Every ``click.Path`` option or argument except ``-o/--output`` is an input; the shipped
    data is an input of every command. The check runs before any work, and again at write
    time for files a writer names itself (layers of an export folder).
    """
    from frontline._io import guard_inputs, refuse_overwriting_inputs

    callback = command.callback
    if callback is None:  # pragma: no cover - every command has one
        return
    names = [
        p.name
        for p in command.params
        if isinstance(p.type, click.Path) and p.name not in (None, *_OUTPUTS)
    ]

    @functools.wraps(callback)
    def run(*args: Any, **kwargs: Any) -> Any:
        inputs: list[str] = []
        for name in names:
            value = kwargs.get(name)
            if isinstance(value, tuple | list):
                inputs.extend(str(v) for v in value)
            elif value:
                inputs.append(str(value))
        products = _products(command)
        for out in _OUTPUTS:
            if kwargs.get(out):
                refuse_overwriting_inputs(kwargs[out], inputs, products=products)
        with guard_inputs(inputs, products=products), one_line_warnings():
            return callback(*args, **kwargs)

    command.callback = run


def _guard_all(group: click.Group) -> None:
    for command in group.commands.values():
        if isinstance(command, click.Group):
            _guard_all(command)
        else:
            _guarded(command)


_guard_all(cli)


# click >= 8.2 raises this (a UsageError) for a group called without a command
_NO_ARGS: type[Exception] = getattr(click.exceptions, "NoArgsIsHelpError", LookupError)


def _usage_line(exc: click.exceptions.UsageError) -> str:
    where = exc.ctx.command_path if exc.ctx is not None else "frontline"
    return format_error(f"{exc.format_message()} (see '{where} --help')")


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the CLI, turning user errors into one line and exit code 2.

    Bad input (a :class:`FrontlineError`, an unreadable file, a click usage error) prints
    ``frontline: error: ...`` on one line and exits 2; an unexpected failure prints
    ``frontline: internal error: ...`` and exits 1 (set ``FRONTLINE_DEBUG=1`` for the
    traceback).
    """
    try:
        cli.main(args=argv, prog_name="frontline", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("frontline: aborted", err=True)
        sys.exit(130)
    except click.exceptions.UsageError as exc:
        if isinstance(exc, _NO_ARGS) and exc.ctx is not None:  # `frontline`, `... gazetteer`
            click.echo(exc.ctx.get_help())  # the help as click lays it out, not one line
        else:
            click.echo(_usage_line(exc), err=True)
        sys.exit(2)
    except click.exceptions.ClickException as exc:
        click.echo(format_error(exc.format_message()), err=True)
        sys.exit(exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except FrontlineError as exc:
        click.echo(format_error(exc), err=True)
        sys.exit(2)
    except OSError as exc:
        name = f"{exc.filename}: " if exc.filename else ""
        click.echo(format_error(f"{name}{exc.strerror or exc}"), err=True)
        sys.exit(2)
    except (KeyboardInterrupt, SystemExit, MemoryError):
        raise
    except Exception as exc:
        if os.environ.get("FRONTLINE_DEBUG"):
            raise
        text = " ".join(f"{type(exc).__name__}: {exc}".split())
        click.echo(
            f"frontline: internal error: {text}; please report it (FRONTLINE_DEBUG=1 shows "
            "the traceback)",
            err=True,
        )
        sys.exit(1)
