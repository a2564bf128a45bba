"""Build the curated event layer data/events/nw_syria_2019_2020.csv from the sourced reference.

Input: ``data/sources/nw_syria_control_changes.csv`` (138 dated control changes with their
citations; a copy of ``../shared/reference``). Output: one row per place event, geocoded
through the shipped gazetteer with the row's governorate as the admin-1 hint.

Decisions (also in README.md, "Events"):

* ``kind``: captured/recaptured -> ``control_change``; entered -> ``entered`` (the place is
  contested until the next capture); besieged/encircled -> ``siege``.
  The 4 ``ceasefire line`` rows are agreements about lines, not place events: dropped.
* ``side``/``from_side``: normalised with ``Sides.normalise`` (``"government (SAA + allies)"``
  -> ``government``; ``"n/a (Turkish Armed Forces post)"`` -> ``turkey``; ``"n/a"`` -> empty).
  The one row whose gaining side is "Russia (military police)" becomes ``government`` (the
  shipped sides table counts Russian military police as a government ally), with a note.
* ``date_precision``: ``day`` for every row. The reference's "approximate" dates come from a
  dated report's "last night" / weekday / "a day before", so they are off by a day or two,
  not by weeks; a ``week`` precision would (by frontline's start-of-period convention) move
  them to a Monday up to six days earlier. Approximate rows say so in ``note``.
* Rows that name several places ("Northern Hama pocket (Kafr Zita - Lataminah - Morek, ...)",
  "Tal A / Tal B / Tal C (...)") become one row per place; parenthetical remarks are dropped
  from the name and kept in ``note``.
* A Turkish observation post is not a place that changes hands: its siege row keeps the
  reference's name ("Turkish observation post at Morek (OP 9)"), no ``place_id`` and no
  point, so it cannot alter the town's own control status; the note names the town.
* Geocoding accepts a gazetteer match only inside the row's governorate(s), and a folded or
  fuzzy match only when its spelling is close (rapidfuzz ratio >= 84: Sarman vs the distinct
  Sarmin scores 83, al-Sheikh Mustafa vs Ash Shaykh Mustafa 85) to one of the row's
  spellings; otherwise the row keeps empty lat/lon and is listed at the end of the run.

Run: ``python scripts/build_curated_events.py [-o data/events/nw_syria_2019_2020.csv]``
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import sys
from functools import lru_cache
from pathlib import Path
from typing import Any

import geopandas as gpd
from rapidfuzz import fuzz
from shapely.geometry import Point

from frontline._io import atomic_write
from frontline.reference.gazetteer import Gazetteer, Match
from frontline.reference.normalize import ARTICLES, simplify
from frontline.reference.sides import Sides

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "data" / "sources" / "nw_syria_control_changes.csv"
OUT = ROOT / "data" / "events" / "nw_syria_2019_2020.csv"
COLUMNS = [
    "date",
    "date_precision",
    "place",
    "kind",
    "side",
    "from_side",
    "source",
    "place_id",
    "lat",
    "lon",
    "governorate",
    "note",
]
KINDS = {
    "captured": "control_change",
    "recaptured": "control_change",
    "entered": "entered",
    "besieged/encircled": "siege",
}
# Sides that Sides.normalise cannot read, decided here with a reason (see module docstring).
SIDE_OVERRIDES = {
    "Russia (military police)": (
        "government",
        "gaining side 'Russia (military police)' counted as government (an allied force)",
    ),
}
_OP = re.compile(r"^Turkish observation post (?:at|near) (?P<town>.+?)\s*(?:\((?P<op>[^)]*)\))?$")
_PAREN = re.compile(r"\s*\((?P<inner>[^)]*)\)\s*")


def _compact(name: str) -> str:
    words = simplify(name).split()
    return "".join(w for i, w in enumerate(words) if not (w in ARTICLES and i + 1 < len(words)))


def split_places(place: str) -> tuple[list[str], str, bool]:
    """Names of the places a reference row speaks of, a note, and whether it is a post."""
    op = _OP.match(place)
    if op:
        return [op.group("town")], "", True
    m = _PAREN.search(place)
    remark = m.group("inner") if m else ""
    head = _PAREN.sub(" ", place).strip()
    if "pocket" in head.lower() and remark:
        names = [n.strip() for n in remark.split(",")[0].split(" - ") if n.strip()]
        return names, f"part of the {head} ({remark})", False
    if " / " in head:
        return [n.strip() for n in head.split(" / ")], f"{place}", False
    return [head], (f"{remark}" if remark else ""), False


@lru_cache(maxsize=1)
def _governorate_areas() -> dict[str, Any]:
    """Governorate polygons (Natural Earth, shipped) in a metric CRS, by casefolded name."""
    frame = gpd.read_file(ROOT / "data" / "syria_admin1_ne10m.geojson")
    metric = frame.to_crs(frame.estimate_utm_crs())
    return {
        str(n).casefold(): g for n, g in zip(frame["name_en"], metric.geometry, strict=True)
    } | {"_crs": metric.crs}


def _km_outside(match: Match, governorates: list[str]) -> float:
    areas = _governorate_areas()
    point = gpd.GeoSeries([Point(match.lon, match.lat)], crs="EPSG:4326").to_crs(areas["_crs"])
    dists = [point.iloc[0].distance(areas[g.casefold()]) / 1000.0
             for g in governorates if g.casefold() in areas]  # fmt: skip
    return min(dists) if dists else float("inf")


def geocode(
    gazetteer: Gazetteer, names: list[str], governorates: list[str]
) -> tuple[Match | None, str]:
    """Best match for any of ``names`` in ``governorates``; returns (match, why).

    A match in another governorate is accepted only when its spelling is very close and it
    lies within 15 km of the row's governorate: villages near a border are reported under
    either (Tal Hawash, Sheikh Idris sit on the Hama/Idlib line).
    """
    wanted = {g.casefold() for g in governorates}
    best: tuple[float, Match] | None = None
    for name in names:
        if not simplify(name):
            continue
        for hint in governorates or [None]:
            for c in gazetteer.candidates(name, k=5, admin1=hint):
                close = max(fuzz.ratio(_compact(n), _compact(c.matched or c.name)) for n in names)
                if c.tier in ("folded", "fuzzy") and close < 84:
                    continue
                if wanted and c.admin1.casefold() not in wanted:
                    outside = _km_outside(c, governorates)
                    if close < 88 or outside > 15.0:
                        continue
                    close -= 10 + outside  # prefer a namesake inside, or nearest to, it
                rank = {"exact": 3, "alias": 2, "folded": 1, "fuzzy": 0}[c.tier] * 100 + close
                if best is None or rank > best[0]:
                    best = (rank, c)
    if best is None:
        return None, "no gazetteer place with a close spelling in the governorate"
    return best[1], f"{best[1].tier} match on '{best[1].matched or best[1].name}'"


def build(source: Path = SOURCE) -> tuple[list[dict[str, str]], list[str], int]:
    """Rows of the curated layer, the names left unlocated, and the dropped row count."""
    gazetteer = Gazetteer.load()
    sides = Sides.load()
    rows: list[dict[str, str]] = []
    unlocated: list[str] = []
    dropped = 0
    with open(source, encoding="utf-8", newline="") as fh:
        for ref in csv.DictReader(fh):
            kind = KINDS.get(ref["kind"].strip())
            if kind is None:
                dropped += 1  # 'ceasefire line': not a place event
                continue
            notes = []
            to_side = ref["to_side"].strip()
            if to_side in SIDE_OVERRIDES:
                side, why = SIDE_OVERRIDES[to_side]
                notes.append(why)
            else:
                side = sides.normalise(to_side) or ""
            from_raw = ref["from_side"].strip()
            from_side = "" if from_raw == "n/a" else (sides.normalise(from_raw) or "")
            if not side:
                raise SystemExit(f"cannot normalise side {to_side!r}")
            if ref["date_exact"].strip() == "approximate":
                notes.append("approximate date (within a day or two; see source)")
            names, remark, is_post = split_places(ref["place"].strip())
            if remark:
                notes.append(remark)
            governorates = [g.strip() for g in ref["governorate"].split("/") if g.strip()]
            alts = [a.strip() for a in ref["alt_spellings"].split(";") if a.strip()]
            for name in names:
                spellings = [name] + (alts if len(names) == 1 else [])
                match, why = geocode(gazetteer, spellings, governorates)
                row_notes = list(notes)
                if match is None and not is_post:
                    unlocated.append(f"{ref['date']} {name}: {why}")
                if is_post:
                    # A post is not a place that changes hands: no place_id and no point, so
                    # it cannot alter the town's status; the town is named in the note.
                    town = f" ({match.place_id})" if match is not None else ""
                    row_notes.append(
                        f"Turkish observation post near {name}{town}; not a place that "
                        "changes hands, so no place_id or point"
                    )
                    match = None
                rows.append(
                    {
                        "date": ref["date"].strip(),
                        "date_precision": "day",
                        "place": ref["place"].strip() if is_post else name,
                        "kind": kind,
                        "side": side,
                        "from_side": from_side,
                        "source": ref["source"].strip(),
                        "place_id": "" if (match is None or is_post) else match.place_id,
                        "lat": "" if match is None else f"{match.lat:.5f}",
                        "lon": "" if match is None else f"{match.lon:.5f}",
                        "governorate": ref["governorate"].strip(),
                        "note": "; ".join(row_notes),
                    }
                )
    return rows, unlocated, dropped


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-o", "--output", type=Path, default=OUT)
    parser.add_argument("--source", type=Path, default=SOURCE)
    args = parser.parse_args(argv)
    rows, unlocated, dropped = build(args.source)
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(args.output, buf.getvalue())
    print(f"wrote {len(rows)} events to {args.output} ({dropped} ceasefire-line rows dropped)")
    if unlocated:
        print(f"{len(unlocated)} place(s) not located (kept with empty lat/lon):", file=sys.stderr)
        for line in unlocated:
            print(f"  {line}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
