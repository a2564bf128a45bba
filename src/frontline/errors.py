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
