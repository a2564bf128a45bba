"""frontline: turn war reporting into dated, sourced maps of territorial control.

Data flows one way: articles -> events -> control -> geometry -> maps/exports.
"""

from __future__ import annotations

from .errors import FrontlineError
from .sides import Side, Sides

__version__ = "0.1.0"

__all__ = [
    "FrontlineError",
    "Side",
    "Sides",
    "__version__",
]
