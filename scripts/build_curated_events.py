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
import dataclasses
import io
import re
import sys
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

import geopandas as gpd
from rapidfuzz import fuzz
from shapely.geometry import Point

from frontline._io import atomic_write
from frontline.reference._index import haversine_one
from frontline.reference.gazetteer import Gazetteer, Match, resolve_name
from frontline.reference.normalize import compact, fold, simplify
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
# A village reported under the neighbouring governorate: accepted this close to it (km).
BORDER_KM = 2.0
CLOSE_RATIO = 84
# A fuzzy match (or a border match) farther than this from the centroid of the places the
# same report names is taken for a namesake elsewhere (km): one report covers one front.
CONTEXT_KM = 50.0
_PAREN = re.compile(r"\s*\((?P<inner>[^)]*)\)\s*")


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


def _km_outside(lat: float, lon: float, governorates: list[str]) -> float:
    areas = _governorate_areas()
    point = gpd.GeoSeries([Point(lon, lat)], crs="EPSG:4326").to_crs(areas["_crs"])
    dists = [point.iloc[0].distance(areas[g.casefold()]) / 1000.0
             for g in governorates if g.casefold() in areas]  # fmt: skip
    return min(dists) if dists else float("inf")


def _close(match: Match, names: list[str]) -> bool:
    """Whether a fuzzy match's spelling is close to one of the row's (rapidfuzz ratio >= 84:
    Sarman vs the distinct Sarmin scores 83, al-Sheikh Mustafa vs Ash Shaykh Mustafa 85)."""
    matched = compact(match.matched or match.name)
    return max(fuzz.ratio(compact(n), matched) for n in names if simplify(n)) >= CLOSE_RATIO


def _region_settled(m: Match | None, hint: str) -> Match | None:
    """The fuzzy answer of a row whose only namesakes lie outside its governorate.

    With ``admin1`` the geocoder marks a fuzzy answer ``ambiguous`` when the name without
    the region fits places elsewhere too (the region alone chose it). Here the governorate
    is the report's own evidence, so such an answer is taken back as ``fuzzy`` and passes
    the fuzzy checks (close spelling, near the report's other places); namesakes inside
    the governorate still make it ambiguous.
    """
    if m is None or m.status != "ambiguous" or m.tier not in ("folded", "fuzzy"):
        return m
    region = fold(hint)
    if any(fold(a.admin1) == region for a in m.alternatives):
        return m
    return dataclasses.replace(m, status="fuzzy", alternatives=())


def _acceptable(
    m: Match | None, names: list[str], near: tuple[float, float] | None, border: bool = False
) -> str:
    """Why a resolved answer is not taken for the layer, or "" if it is."""
    if m is None:
        return "no gazetteer place with a close spelling in the governorate"
    if m.status == "ambiguous":
        alts = ", ".join(f"{a.name} ({a.place_id})" for a in m.alternatives)
        return f"ambiguous: {m.name} ({m.place_id}) or {alts}"
    if m.status == "fuzzy" and (m.tier == "fuzzy" or not _close(m, names)):
        return f"only a distant spelling: {m.name} ({m.place_id})"
    if near is not None and (m.status == "fuzzy" or border):
        km = haversine_one(near[0], near[1], m.lat, m.lon)
        if km > CONTEXT_KM:
            return f"{m.name} ({m.place_id}) is {km:.0f} km from the report's other places"
    return ""


def geocode(
    gazetteer: Gazetteer,
    names: list[str],
    governorates: list[str],
    near: tuple[float, float] | None = None,
) -> tuple[Match | None, str]:
    """Resolve a row's place with :func:`resolve_name`, constrained to its governorate(s).

    Each spelling is resolved with each governorate as the ``admin1`` filter. The answer is
    taken unless it is ``ambiguous``, or ``fuzzy`` and either its spelling is not close to
    one of the row's or it lies more than ``CONTEXT_KM`` from the centroid of the places
    the same report names (``near``). A village reported under the neighbouring governorate
    (Tal Hawash on the Hama/Idlib line) is taken from the candidates without the filter
    when it lies within ``BORDER_KM`` outside the row's governorate (and within
    ``CONTEXT_KM`` of ``near``). Returns (match, why).
    """
    why = ""
    spellings = [n for n in names if simplify(n)]
    for hint in governorates:
        for name in spellings:
            m = _region_settled(resolve_name(gazetteer, name, admin1=hint), hint)
            reason = _acceptable(m, names, near)
            if m is not None and not reason:
                return m, f"{m.status} match on '{m.matched or m.name}' in {hint}"
            why = why or reason
    if why.startswith("ambiguous"):
        return None, why  # namesakes inside the governorate: no border guess either
    for name in spellings:  # border villages: the best candidate just outside
        for c in gazetteer.candidates(name, k=10):
            if (
                not _acceptable(c, names, near)
                and _km_outside(c.lat, c.lon, governorates) <= BORDER_KM
            ):
                return c, f"{c.status} match on '{c.matched}', near the governorate border"
    return None, why or "no gazetteer place with a close spelling in the governorate"


def _source_key(ref: dict[str, str]) -> str:
    m = re.search(r"https?://\S+", ref["source"])
    return m.group(0).rstrip(";,)") if m else ref["source"].strip()


def _anchors(
    gazetteer: Gazetteer, refs: list[dict[str, str]]
) -> dict[str, list[tuple[str, float, float]]]:
    """Per cited report, and per ``date|governorate``: (name, lat, lon) of the places that
    resolve exactly (name or alias) in their governorate, the context for the others."""
    out: dict[str, list[tuple[str, float, float]]] = {}
    for ref in refs:
        names, _, is_post = split_places(ref["place"].strip())
        governorates = [g.strip() for g in ref["governorate"].split("/") if g.strip()]
        for name in names if not is_post else []:
            for hint in governorates:
                m = resolve_name(gazetteer, name, admin1=hint)
                if m is not None and m.status in ("exact", "alias"):
                    for key in (
                        _source_key(ref),
                        f"{ref['date'].strip()}|{ref['governorate'].strip()}",
                    ):
                        out.setdefault(key, []).append((name, m.lat, m.lon))
                    break
    return out


def _near(
    anchors: dict[str, list[tuple[str, float, float]]], ref: dict[str, str], name: str
) -> tuple[float, float] | None:
    """Centroid (lat, lon) of the other places the same report names, else of the places
    reported in the same governorate within a day; None if none resolved."""
    points = [(lat, lon) for n, lat, lon in anchors.get(_source_key(ref), []) if n != name]
    if not points:
        day = date.fromisoformat(ref["date"].strip())
        keys = [f"{day + timedelta(days=d)}|{ref['governorate'].strip()}" for d in (-1, 0, 1)]
        points = [(lat, lon) for k in keys for n, lat, lon in anchors.get(k, []) if n != name]
    if not points:
        return None
    return (sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points))


def build(source: Path = SOURCE) -> tuple[list[dict[str, str]], list[str], int]:
    """Rows of the curated layer, the names left unlocated, and the dropped row count.

    Only the shipped gazetteer is used (never sources a user added): the layer is shipped.
    """
    gazetteer = Gazetteer.load(user_sources=False)
    sides = Sides.load()
    rows: list[dict[str, str]] = []
    unlocated: list[str] = []
    dropped = 0
    with open(source, encoding="utf-8", newline="") as fh:
        refs = list(csv.DictReader(fh))
    anchors = _anchors(gazetteer, refs)
    for ref in refs:
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
            near = _near(anchors, ref, name)
            match, why = geocode(gazetteer, spellings, governorates, near)
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
