"""Errors and warnings that frontline reports to users as one line, never as a traceback.

Every error is a :class:`FrontlineError`; each kind is also the matching standard exception,
so ``except ValueError`` / ``except LookupError`` / ``except ImportError`` keep working.
"""

from __future__ import annotations

from os import PathLike

__all__ = [
    "BadInputError",
    "FrontlineError",
    "FrontlineWarning",
    "MissingDependencyError",
    "UnknownPlaceError",
    "UnlocatedPlacesWarning",
    "format_error",
    "format_warning",
]


class FrontlineError(Exception):
    """A user error (bad input file, unknown place, bad option).

    The message names the file and line when there is one, as ``path:line: message``,
    so the CLI can print it on one line and exit with code 2.

    Parameters
    ----------
    message : str
        What is wrong and, where possible, how to fix it.
    path : str or PathLike, optional
        The file the error is in.
    line : int, optional
        1-based line number in ``path``.
    """

    def __init__(
        self, message: str, path: str | PathLike[str] | None = None, line: int | None = None
    ) -> None:
        self.message = message
        self.path = None if path is None else str(path)
        self.line = line
        where = ""
        if self.path is not None:
            where = f"{self.path}:{line}: " if line is not None else f"{self.path}: "
        super().__init__(f"{where}{message}")


class BadInputError(FrontlineError, ValueError):
    """An input file, option or value that frontline cannot use (also a ``ValueError``)."""


class UnknownPlaceError(FrontlineError, LookupError):
    """A place name that no gazetteer source knows (also a ``LookupError``)."""


class MissingDependencyError(FrontlineError, ImportError):
    """An optional package a feature needs is not installed (also an ``ImportError``).

    The message says which ``pip install`` brings it.
    """


class FrontlineWarning(UserWarning):
    """Something the user should know that does not stop the run (printed as one line)."""


class UnlocatedPlacesWarning(FrontlineWarning):
    """Place names reported in events that no gazetteer source locates."""


def _one_line(text: str) -> str:
    # Messages may quote user text (a CSV cell, a place name) holding line breaks; the CLI
    # promises one line per error or warning, so every kind of break becomes a space.
    return " ".join(str(text).split())


def format_error(error: BaseException | str) -> str:
    """The one line the CLI prints for an error: ``frontline: error: path:line: message``.

    >>> format_error(BadInputError("not a date", "a.csv", 3))
    'frontline: error: a.csv:3: not a date'
    """
    return f"frontline: error: {_one_line(str(error))}"


def format_warning(message: Warning | str, category: type[Warning] | None = None) -> str:
    """The one line the CLI prints for a warning: ``frontline: warning: message``.

    Warnings that are not :class:`FrontlineWarning` (from a library) keep their class name,
    so the user can tell them apart; no Python source line is ever shown.

    >>> format_warning("3 place(s) not in the gazetteer", UnlocatedPlacesWarning)
    'frontline: warning: 3 place(s) not in the gazetteer'
    >>> format_warning("division by zero", RuntimeWarning)
    'frontline: warning: RuntimeWarning: division by zero'
    """
    text = _one_line(str(message))
    if category is not None and not issubclass(category, FrontlineWarning):
        text = f"{category.__name__}: {text}"
    return f"frontline: warning: {text}"
