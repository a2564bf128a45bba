"""Text in and out of the geocoder: names files, ``--near`` points, result tables."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from frontline.errors import BadInputError
from frontline.reference.normalize import fold

if TYPE_CHECKING:
    from frontline.reference.gazetteer import Gazetteer, Match

__all__ = [
    "DETAIL_FIELDS",
    "MATCH_FIELDS",
    "check_admin1",
    "format_matches",
    "parse_near",
    "read_names",
]

#: Fields of a match in CSV/JSON output.
MATCH_FIELDS = ("query", "name", "lat", "lon", "score", "admin1", "id")
#: Extra fields with ``details=True``: how sure the answer is and how far from the AOI.
DETAIL_FIELDS = ("status", "aoi_km", "alternatives")


def parse_near(text: str) -> tuple[float, float]:
    """Parse ``"LAT,LON"`` (degrees) into a tuple.

    Raises
    ------
    FrontlineError
        If it is not two numbers in range.
    """
    try:
        lat_s, lon_s = text.split(",")
        lat, lon = float(lat_s), float(lon_s)
    except ValueError:
        raise BadInputError(f"--near wants LAT,LON in degrees, got {text!r}") from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise BadInputError(f"--near {text!r} is out of range")
    return lat, lon


def read_names(path: str | os.PathLike[str]) -> list[str]:
    """Read place names, one per line (blank lines and ``#`` comments skipped).

    Raises
    ------
    FrontlineError
        If the file cannot be read or is not UTF-8 text.
    """
    src = Path(path)
    try:
        text = src.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise BadInputError(f"cannot read names file: {exc.strerror or exc}", src) from None
    except UnicodeDecodeError:
        raise BadInputError("names file is not UTF-8 text", src) from None
    names = [s for s in (line.strip() for line in text.splitlines()) if s and not s.startswith("#")]
    if not names:
        raise BadInputError("no names in this file (one a line; blank and # lines skipped)", src)
    return names


def check_admin1(gazetteer: Gazetteer, admin1: str) -> None:
    """Refuse an ``admin1`` region the gazetteer has no place in (compared folded, so
    ``idlib`` is ``Idlib``); the message lists the regions it has.

    Raises
    ------
    BadInputError
        If no place of ``gazetteer`` is in ``admin1``.
    """
    names = gazetteer.admin1_names
    if fold(admin1) not in {fold(n) for n in names}:
        shown = ", ".join(names[:20]) + (", ..." if len(names) > 20 else "")
        raise BadInputError(
            f"--admin1 {admin1!r}: no place of the gazetteer is in that region"
            + (f"; its regions: {shown}" if names else "; it records no admin-1 regions")
        )


def format_matches(
    queries: Sequence[str],
    matches: Sequence[Match | None],
    fmt: str = "table",
    *,
    details: bool = False,
) -> str:
    """Render geocoding results as ``table``, ``csv`` or ``json`` text.

    Fields :data:`MATCH_FIELDS` (``query,name,lat,lon,score,admin1,id``), plus
    :data:`DETAIL_FIELDS` with ``details`` (``status``: exact, alias, fuzzy, ambiguous or
    none; ``aoi_km``: distance to the area of interest in km; ``alternatives``: the other
    places of an ambiguous answer, ``name (admin1) id``, ``;``-separated). Every field but
    ``query`` (and ``status``) is empty (``null`` in JSON) where nothing matched.

    Returns
    -------
    str
        The text, ending with a newline.
    """
    fields = MATCH_FIELDS + (DETAIL_FIELDS if details else ())
    rows: list[dict[str, Any]] = []
    for q, m in zip(queries, matches, strict=True):
        if m is None:
            row: dict[str, Any] = {f: None for f in fields}
            row.update({"query": q, **({"status": "none"} if details else {})})
        else:
            row = {**m.as_dict(), "query": q}
            if details:
                row["status"] = m.status
                row["aoi_km"] = None if m.aoi_km is None else round(m.aoi_km, 1)
                row["alternatives"] = "; ".join(
                    f"{a.name} ({a.admin1}) {a.place_id}" for a in m.alternatives
                )
        rows.append(row)
    if fmt == "json":
        import json

        return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        import csv
        import io

        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=list(fields), lineterminator="\n")
        writer.writeheader()
        writer.writerows({k: "" if v is None else v for k, v in r.items()} for r in rows)
        return buf.getvalue()
    if fmt != "table":
        raise BadInputError(f"unknown format {fmt!r} (use table, csv or json)")
    cells = [list(fields)] + [
        ["" if r[f] is None else (f"{r[f]:.5f}" if f in ("lat", "lon") else str(r[f]))
         for f in fields]
        for r in rows
    ]  # fmt: skip
    widths = [max(len(row[c]) for row in cells) for c in range(len(fields))]
    lines = ["  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip()
             for row in cells]  # fmt: skip
    return "\n".join(lines) + "\n"


# --- helpers ----------------------------------------------------------------------------
