"""Colours and drawing styles of the map, one place for Python and (through the payload) JS.

Every colour that reaches a style or CSS passes :func:`safe_colour`: side colours come from
a user-editable ``sides.csv``, and a value such as ``red;background:url(...)`` must not reach
a ``style`` attribute. The style records built here are what the page draws *and* what the
legend swatches show (the JS draws both from the same record).
"""

from __future__ import annotations

import re
import warnings

from frontline import config
from frontline._io import cell_text
from frontline.errors import FrontlineWarning
from frontline.output.maps.payload import AreaStyle, MarkerStyle, RouteStyle
from frontline.reference.sides import Sides

__all__ = [
    "CONTESTED",
    "CONTESTED_AREA",
    "CONTESTED_FILL",
    "EVENT_COLOUR",
    "OUTSIDE",
    "OUTSIDE_COLOUR",
    "UNKNOWN",
    "UNKNOWN_COLOUR",
    "area_style",
    "is_inferred",
    "marker_style",
    "route_style",
    "safe_colour",
    "side_colour",
    "side_label",
]

UNKNOWN_COLOUR = "#9e9e9e"
OUTSIDE_COLOUR = "#d4d4d4"
CONTESTED_FILL = "#ffffff"
EVENT_COLOUR = "#ff8c00"
# Contested cells and route stretches: a mid-grey, darker than "unknown", and hatched (areas)
# or long-dashed (route) so that it differs from unknown by more than a shade.
CONTESTED_AREA = "#6f6f6f"
# Pseudo-sides of the spatial layer: no report near enough, beyond the area of interest.
UNKNOWN, OUTSIDE, CONTESTED = config.UNKNOWN, config.OUTSIDE, config.CONTESTED
# Route dashes (SVG/canvas dash arrays in px): contested long dashes, unknown dots.
CONTESTED_DASH = "12 6"
UNKNOWN_DASH = "2 6"
# Values of a ``basis`` column (control-model issue) meaning "not reported, inferred".
_INFERRED = {"inferred", "interpolated", "assumed"}

# CSS colour syntax accepted in styles: hex, rgb()/rgba()/hsl()/hsla() with numbers only,
# or a bare colour keyword. Anything else (quotes, ';', 'url(', '}') is rejected.
_COLOUR = re.compile(
    r"#(?:[0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})"
    r"|(?:rgba?|hsla?)\(\s*[0-9.%]+(?:deg)?(?:\s*[,/ ]\s*[0-9.%]+){2,3}\s*\)"
    r"|[a-z]{3,20}",
    re.IGNORECASE,
)


def safe_colour(value: object, fallback: str = UNKNOWN_COLOUR) -> str:
    """``value`` if it is CSS colour syntax, else ``fallback`` (with a warning).

    Parameters
    ----------
    value : object
        A colour from user data (``sides.csv``), e.g. ``"#d62728"``.
    fallback : str
        A known-good colour.

    Returns
    -------
    str
        A string safe inside a ``style`` attribute, CSS or a canvas style.

    Examples
    --------
    >>> safe_colour("#D62728")
    '#D62728'
    >>> safe_colour("rgb(10, 20, 30)")
    'rgb(10, 20, 30)'
    """
    text = cell_text(value).strip()
    if text and _COLOUR.fullmatch(text):
        return text
    if text:
        warnings.warn(
            f"colour {text!r} is not CSS colour syntax; drawn as {fallback}",
            FrontlineWarning,
            stacklevel=2,
        )
    return fallback


def side_colour(side: str, sides: Sides) -> str:
    """Validated colour of a side or pseudo-side (unknown sides are grey)."""
    if side == OUTSIDE:
        return OUTSIDE_COLOUR
    if side == CONTESTED:
        return CONTESTED_AREA
    if side and side in sides:
        return safe_colour(sides.colour(side), UNKNOWN_COLOUR)
    return UNKNOWN_COLOUR


def side_label(side: str, sides: Sides) -> str:
    """Display label (plain text, not escaped) of a side or pseudo-side."""
    if side == OUTSIDE:
        return "outside the mapped area"
    if not side or side == UNKNOWN or side not in sides:
        return side or UNKNOWN
    return sides.label(side)


def marker_style(side: str, status: str, besieger: str, sides: Sides) -> MarkerStyle:
    """Style of a place marker in ``status`` (held, besieged, contested, unknown)."""
    if status == "besieged":
        ring = side_colour(besieger, sides) if besieger in sides else "#333333"
        return MarkerStyle(
            side=side, status=status, besieger=besieger, fill=side_colour(side, sides),
            stroke=ring, weight=4, dash="", radius=7,
        )  # fmt: skip
    if status == CONTESTED:
        ring = side_colour(side, sides) if side in sides else "#333333"
        return MarkerStyle(
            side=side, status=status, besieger="", fill=CONTESTED_FILL, stroke=ring,
            weight=2.5, dash="3 2", radius=6,
        )  # fmt: skip
    if status == UNKNOWN or not side or side not in sides:
        return MarkerStyle(
            side="", status=UNKNOWN, besieger="", fill=UNKNOWN_COLOUR, stroke="#ffffff",
            weight=1.5, dash="", radius=5,
        )  # fmt: skip
    return MarkerStyle(
        side=side, status="held", besieger="", fill=side_colour(side, sides), stroke="#ffffff",
        weight=1.5, dash="", radius=6,
    )  # fmt: skip


def is_inferred(basis: object, confidence: object = "") -> bool:
    """True when a row's ``basis`` (or a textual ``confidence`` class) says it was inferred."""
    b = cell_text(basis).strip().lower()
    if b:
        return b in _INFERRED
    return cell_text(confidence).strip().lower() in _INFERRED | {"low"}


def area_style(side: str, sides: Sides, inferred: bool = False) -> AreaStyle:
    """Style of a control cell held by ``side`` (``contested`` is hatched)."""
    if side == CONTESTED:
        return AreaStyle(
            side="", kind=CONTESTED, colour=CONTESTED_AREA, opacity=1.0, inferred=False
        )
    if not side or side == UNKNOWN or side not in sides:
        return AreaStyle(side="", kind=UNKNOWN, colour=UNKNOWN_COLOUR, opacity=0.4, inferred=False)
    return AreaStyle(
        side=side,
        kind="side",
        colour=side_colour(side, sides),
        opacity=0.45 if inferred else 1.0,
        inferred=inferred,
    )


def route_style(side: str, sides: Sides) -> RouteStyle:
    """Style of a route stretch: side colour solid, contested long dashes, unknown dots."""
    if side == CONTESTED:
        kind, dash = CONTESTED, CONTESTED_DASH
    elif side and side in sides:
        kind, dash = "side", ""
    elif side == OUTSIDE:
        kind, dash = OUTSIDE, UNKNOWN_DASH
    else:
        kind, dash = UNKNOWN, UNKNOWN_DASH
    return RouteStyle(
        side=side if kind == "side" else "",
        kind=kind,
        colour=side_colour(side if kind != UNKNOWN else "", sides),
        dash=dash,
        label=side_label(side if kind != UNKNOWN else "", sides),
    )
