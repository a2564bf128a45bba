"""Errors that frontline reports to users as one line, never as a traceback."""

from __future__ import annotations

from os import PathLike


class FrontlineError(ValueError):
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
