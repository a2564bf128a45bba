"""Export layers as RFC 7946 GeoJSON, GeoPackage (one layer per kind) or CSV.

Layers: ``places`` (place states with ``basis`` and ``confidence``), ``events``, ``control``
(areas per side and confidence ``class``, with ``confidence``), ``frontline``, ``route``
(route segments by side), ``pockets`` (areas of a side enclosed by another). Formats of the
columns: docs/control-model.md. For one date each layer is that date's state; for a range (the
default is the whole data) every feature carries ``valid_from``/``valid_to`` (ISO,
``valid_to`` exclusive, empty = still valid), so one file holds the whole history.

Formats: ``geojson`` (one file per layer; ``all`` writes a folder with ``<layer>.geojson``),
``gpkg`` (one file, one layer per kind, via pyogrio), ``csv`` (one file per layer; ``all``
writes a folder; points as ``lon``/``lat``, lines and areas as WKT in ``geometry``). Every file
is written atomically.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import math
import os
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry.base import BaseGeometry

from frontline._io import atomic_path, atomic_write, csv_safe
from frontline._validate import check_coordinates, check_date_range
from frontline.control.timeline import ControlTimeline
from frontline.errors import BadInputError
from frontline.ingest.dates import iso_date, next_day
from frontline.spatial.areas import DEFAULT_MAX_KM, AreaEngine, engine_for
from frontline.spatial.fronts import front_lines
from frontline.spatial.history import build_history
from frontline.spatial.pockets import pockets_metric
from frontline.spatial.route import RouteIndex, as_route

__all__ = [
    "FORMATS",
    "LAYERS",
    "build_layers",
    "clean_geometries",
    "export",
    "export_layers",
    "format_events",
    "round_measures",
    "to_geojson",
]

LAYERS = ("places", "events", "control", "frontline", "route", "pockets")
FORMATS = ("geojson", "gpkg", "csv")
PRECISION = 7


def clean_geometries(geoms: Any, precision: int = PRECISION) -> np.ndarray:
    """Valid geometries, rounded to ``precision`` decimals, polygons with CCW exterior rings.

    Returns
    -------
    ndarray of shapely geometries (None stays None)
    """
    arr = np.asarray(geoms, dtype=object)
    # Unlocated places come as None or POINT (NaN NaN): both are written as null geometry.
    present = np.array([g is not None for g in arr], dtype=bool)
    if present.any():
        finite = np.isfinite(shapely.bounds(arr[present])).all(axis=1)
        present[present] = finite
    out = np.full(len(arr), None, dtype=object)
    if not present.any():
        return out
    g = arr[present]
    g = shapely.make_valid(g)
    # set_precision snaps to the grid keeping validity; np.round then makes each value the
    # double nearest its 7-decimal form so JSON shows at most 7 decimals.
    g = shapely.set_precision(g, 10.0**-precision)
    g = np.array([_polygonal(x) for x in g], dtype=object)
    g = shapely.transform(g, lambda c: np.round(c, precision))
    g = shapely.orient_polygons(g, exterior_cw=False)
    out[present] = g
    return out


def _polygonal(geom: BaseGeometry) -> BaseGeometry:
    """The polygons of a collection that holds some: make_valid and snapping to the grid
    leave slivers of an area as lines, which made control areas GeometryCollections (a
    mixed-type layer in QGIS, 'Unknown' in a GeoPackage). Other geometries unchanged."""
    if geom.geom_type != "GeometryCollection":
        return geom
    polys = [p for p in shapely.get_parts(geom) if p.geom_type == "Polygon"]
    polys += [q for p in shapely.get_parts(geom) if p.geom_type == "MultiPolygon" for q in p.geoms]
    if not polys:
        return geom
    return polys[0] if len(polys) == 1 else shapely.MultiPolygon(polys)


def _json_value(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (np.floating, float)):
        return None if not math.isfinite(float(value)) else float(value)
    if isinstance(value, (np.bool_, bool)):
        return bool(value)
    if isinstance(value, (pd.Timestamp, dt.date)):
        return value.isoformat()[:10]
    if value is pd.NA or value is pd.NaT:
        return None
    return value if isinstance(value, (str, int)) else str(value)


#: Decimals kept in exported tables: km to 1 m, km² to 1 m².
KM_DECIMALS, KM2_DECIMALS = 3, 6


def round_measures(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with its distance and area columns rounded as exported tables write them.

    Columns ``km``, ``km_from``, ``km_to`` and ``*_km`` (km) keep 3 decimals (1 m),
    ``*_km2`` (km²) 6 (1 m²), so that a route length reads 39.993, not 39.993051154911626.
    Computations (the route's own length, its breakpoints) are left unrounded.

    Returns
    -------
    DataFrame
        A copy if a column was rounded, else ``frame`` itself.
    """
    digits = {}
    for col in frame.columns:
        name = str(col)
        if not pd.api.types.is_float_dtype(frame[col]):
            continue
        if name in ("km", "km_from", "km_to") or name.endswith("_km"):
            digits[col] = KM_DECIMALS
        elif name.endswith("_km2"):
            digits[col] = KM2_DECIMALS
    return frame.round(digits) if digits else frame


def to_geojson(gdf: gpd.GeoDataFrame, *, precision: int = PRECISION) -> str:
    """A GeoDataFrame as an RFC 7946 FeatureCollection.

    Lon/lat WGS84 (reprojected if needed), no ``crs`` member, counter-clockwise exterior
    rings, at most ``precision`` (7) decimals, valid geometries; missing geometries become
    ``null``; NaN properties become ``null``.

    Returns
    -------
    str
        GeoJSON text.
    """
    if gdf.crs is not None and gdf.crs.to_epsg() != 4326:
        gdf = gdf.to_crs(4326)
    geoms = clean_geometries(
        [None if g is None or g.is_empty else g for g in gdf.geometry.values], precision
    )
    props = pd.DataFrame(gdf.drop(columns=gdf.geometry.name))
    records = props.to_dict("records")
    features = []
    for rec, geom in zip(records, geoms, strict=True):
        features.append(
            {
                "type": "Feature",
                "properties": {str(k): _json_value(v) for k, v in rec.items()},
                "geometry": None if geom is None else json.loads(shapely.to_geojson(geom)),
            }
        )
    return json.dumps(
        {"type": "FeatureCollection", "features": features}, ensure_ascii=False, allow_nan=False
    )


def _events_layer(
    events: gpd.GeoDataFrame, date: str | None, start: str | None, end: str | None
) -> gpd.GeoDataFrame:
    ev = events.copy()
    if ev.crs is None:
        ev = ev.set_crs(4326)
    dates = ev["date"].astype(str)
    if date is not None:
        ev = ev[dates <= date]
    else:
        if start is not None:
            ev = ev[dates >= start]
        if end is not None:
            ev = ev[ev["date"].astype(str) <= end]
        ev = ev.assign(
            valid_from=ev["date"].astype(str),
            valid_to=[next_day(d) for d in ev["date"].astype(str)],
        )
    return ev.reset_index(drop=True)


def build_layers(
    events: gpd.GeoDataFrame,
    *,
    layers: Sequence[str] = ("all",),
    date: str | dt.date | None = None,
    start: str | dt.date | None = None,
    end: str | dt.date | None = None,
    timeline: ControlTimeline | None = None,
    route: Any = None,
    aoi: BaseGeometry | None = None,
    max_km: float = DEFAULT_MAX_KM,
) -> dict[str, gpd.GeoDataFrame]:
    """The requested layers for one date, or for a range with ``valid_from``/``valid_to``.

    Parameters
    ----------
    events : GeoDataFrame
        Event table.
    layers : list of str
        Names from :data:`LAYERS`, or ``"all"``.
    date : str or date, optional
        One date (ISO, any date from the start of the data on, or ``"latest"``). Without
        ``date``, the range ``start``..``end`` (default: all data).
    timeline : ControlTimeline, optional
        Default: built from ``events``.
    route, aoi, max_km
        As for :func:`frontline.route.route_control`; ``route=False``: there is no route
        (``"all"`` leaves the route layer out; asking for it is an error).

    Returns
    -------
    dict
        Layer name -> GeoDataFrame (WGS84).

    Raises
    ------
    FrontlineError
        For an unknown layer, an empty event set or a date outside the data.
    """
    names = _layer_names(layers)
    if route is False:  # no route at all (a profile without one): never the shipped M5
        asked = [layers] if isinstance(layers, str) else list(layers)
        if "route" in asked:
            raise BadInputError("no route to export: the profile has none (give --route FILE)")
        names = [n for n in names if n != "route"]
    if events is None or len(events) == 0:
        raise BadInputError("the event set is empty: nothing to export")
    if date is not None and (start is not None or end is not None):
        raise BadInputError("give either a date or a range (--from/--to), not both")
    check_date_range(start, end)  # harden: a reversed range is refused, never swapped
    if {"lat", "lon"} <= set(events.columns):  # harden: lat=inf was a JSON error
        check_coordinates(events["lat"], events["lon"], what="events")
    tl = timeline if timeline is not None else ControlTimeline(events)
    out: dict[str, gpd.GeoDataFrame] = {}
    if date is not None:
        day = tl.check_date(date)
        out = _one_date(events, names, day, tl, route, engine_for(aoi, max_km))
        return _labelled(out, route, day)
    first = tl.check_date(start) if start is not None else None
    last = tl.check_date(end) if end is not None else None
    needs_history = any(n != "events" for n in names)
    history = (
        build_history(
            tl,
            route=route if "route" in names else False,
            aoi=aoi,
            max_km=max_km,
            start=first,
            end=last,
        )
        if needs_history
        else None
    )
    for name in names:
        if name == "events":
            out[name] = _events_layer(events, None, first, last)
        elif history is not None:
            # the control layer of a range carries the confidence class of each area
            out[name] = history.control_classes if name == "control" else getattr(history, name)
    return _labelled(out, route, None)


def _labelled(
    out: dict[str, gpd.GeoDataFrame], route: Any, day: str | None
) -> dict[str, gpd.GeoDataFrame]:
    """Name the route on its layer (``route`` column) and, for one date, put that ``date``
    on every layer without one, so a file read on its own says what and when it shows."""
    if "route" in out and "route" not in out["route"].columns:
        frame = as_route(route)
        name = frame["name"].iloc[0] if "name" in frame.columns else ""
        out["route"] = out["route"].copy()
        out["route"].insert(0, "route", str(name or "route"))
    if day is not None:
        for key, gdf in out.items():
            if "date" not in gdf.columns:
                out[key] = gdf.copy()
                out[key].insert(0, "date", day)
    return out


def _one_date(
    events: gpd.GeoDataFrame,
    names: list[str],
    day: str,
    tl: ControlTimeline,
    route: Any,
    engine: AreaEngine,
) -> dict[str, gpd.GeoDataFrame]:
    control = tl.control_at(day)
    layout, labels = engine.labels_of(control, tl.regions_at(day))
    order = tl.sides.keys
    out: dict[str, gpd.GeoDataFrame] = {}
    for name in names:
        if name == "places":
            out[name] = control
        elif name == "events":
            out[name] = _events_layer(events, day, None, None)
        elif name == "control":
            out[name] = engine.areas_frame(
                engine.areas_metric(layout, labels, order, by_class=True)
            )
        elif name == "frontline":
            out[name] = front_lines(engine.areas(control, tl.sides), sides=tl.sides)
        elif name == "route":
            index = RouteIndex(as_route(route), engine)
            out[name] = index.segments_frame(index.segments(layout, labels))
        elif name == "pockets":
            items = pockets_metric(engine, layout, labels, order)
            geoms = np.array([g for _, _, g in items], dtype=object)
            out[name] = gpd.GeoDataFrame(
                {
                    "side": [s for s, _, _ in items],
                    "enclosed_by": [b for _, b, _ in items],
                    "area_km2": shapely.area(geoms) / 1e6 if len(geoms) else [],
                },
                geometry=engine.proj.to_wgs84(geoms) if len(geoms) else [],
                crs="EPSG:4326",
            )
    return out


def _layer_names(layers: Sequence[str] | str) -> list[str]:
    if isinstance(layers, str):
        layers = [layers]
    names: list[str] = []
    for layer in layers:
        if layer == "all":
            names.extend(LAYERS)
        elif layer in LAYERS:
            names.append(layer)
        else:
            raise BadInputError(f"unknown layer {layer!r}; choose {', '.join(LAYERS)} or all")
    return list(dict.fromkeys(names))


def _csv_frame(gdf: gpd.GeoDataFrame) -> pd.DataFrame:
    if gdf.crs is not None and gdf.crs.to_epsg() != 4326:
        gdf = gdf.to_crs(4326)
    geoms = gdf.geometry.values
    frame = pd.DataFrame(gdf.drop(columns=gdf.geometry.name))
    types = {g.geom_type for g in geoms if g is not None and not g.is_empty}
    if types <= {"Point"}:
        if "lon" not in frame.columns:
            frame["lon"] = [None if g is None or g.is_empty else round(g.x, 7) for g in geoms]
            frame["lat"] = [None if g is None or g.is_empty else round(g.y, 7) for g in geoms]
        return frame
    clean = clean_geometries(list(geoms))
    frame["geometry"] = [
        "" if g is None else shapely.to_wkt(g, rounding_precision=PRECISION, trim=True)
        for g in clean
    ]
    return frame


def export_layers(
    layers: Mapping[str, gpd.GeoDataFrame],
    path: str | os.PathLike[str],
    fmt: str | None = None,
) -> list[Path]:
    """Write layers atomically.

    Parameters
    ----------
    layers : dict
        Layer name -> GeoDataFrame (from :func:`build_layers`).
    path : path
        Output file; with several layers in ``geojson``/``csv``, a folder (created if missing)
        that receives ``<layer>.geojson``/``<layer>.csv``.
    fmt : str, optional
        ``geojson``, ``gpkg`` or ``csv``; default from the file suffix (else geojson).

    Returns
    -------
    list of Path
        The files written.

    Raises
    ------
    FrontlineError
        For an unknown format or an unwritable path.
    """
    target = Path(path)
    fmt = (fmt or _format_from_suffix(target)).lower()
    if fmt not in FORMATS:
        raise BadInputError(f"unknown format {fmt!r}; choose {', '.join(FORMATS)}")
    if not layers:
        raise BadInputError("no layers to export")
    if fmt == "gpkg":
        if target.is_dir():
            raise BadInputError("a GeoPackage output must be a file, not a folder", target)
        with atomic_path(target, suffix=".gpkg") as tmp, _gpkg_timestamp():
            for name, gdf in layers.items():
                frame = _gpkg_frame(round_measures(gdf))
                frame.to_file(tmp, layer=name, driver="GPKG", engine="pyogrio")
        return [target]
    ext = ".geojson" if fmt == "geojson" else ".csv"
    if len(layers) == 1 and not target.is_dir():
        ((name, gdf),) = layers.items()
        files = {target: gdf}
    else:
        if target.exists() and not target.is_dir():
            raise BadInputError(
                f"several layers in {fmt} go to a folder; {target} is a file", target
            )
        if not target.exists() and target.suffix.lower() in _FILE_SUFFIXES:
            # `-o nw.geojson --layer all` made a folder named nw.geojson that QGIS and
            # every other reader fail to open as a file.
            raise BadInputError(
                f"several layers in {fmt} go to a folder, but {target.name} names a file: "
                f"give a folder (e.g. {target.with_suffix('')}/) or --format gpkg for one file",
                target,
            )
        target.mkdir(parents=True, exist_ok=True)
        files = {target / f"{name}{ext}": gdf for name, gdf in layers.items()}
    written = []
    for file, table in files.items():
        gdf = round_measures(table)
        if fmt == "geojson":
            atomic_write(file, to_geojson(gdf) + "\n")
        else:
            with atomic_path(file, suffix=".csv") as tmp:
                csv_safe(_csv_frame(gdf)).to_csv(tmp, index=False)
        written.append(file)
    return written


def _gpkg_frame(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    frame = gdf.copy()
    if frame.crs is None:
        frame = frame.set_crs(4326)
    frame[frame.geometry.name] = clean_geometries(
        [None if g is None or g.is_empty else g for g in frame.geometry.values]
    )
    for col in frame.columns:
        if col != frame.geometry.name and frame[col].dtype == object:
            frame[col] = frame[col].map(lambda v: None if v is None else _json_value(v))
    return frame


_FILE_SUFFIXES = (".geojson", ".json", ".csv", ".gpkg")


def _format_from_suffix(path: Path) -> str:
    suffix = path.suffix.lower()
    return {".gpkg": "gpkg", ".csv": "csv", ".geojson": "geojson", ".json": "geojson"}.get(
        suffix, "geojson"
    )


@contextlib.contextmanager
def _gpkg_timestamp() -> Iterator[None]:
    """Within the block GDAL stamps GeoPackage tables (``gpkg_contents.last_change``) with a
    fixed time instead of now, so the same export is the same file byte for byte.

    The time is ``SOURCE_DATE_EPOCH`` (seconds, the reproducible-builds convention) when set,
    else the Unix epoch. GDAL's ``OGR_CURRENT_DATE`` config option is process-wide, so the
    previous value is restored after the write.
    """
    import pyogrio

    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    seconds = int(epoch) if epoch.isdigit() else 0
    stamp = dt.datetime.fromtimestamp(seconds, dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    before = pyogrio.get_gdal_config_option("OGR_CURRENT_DATE")
    pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": stamp})
    try:
        yield
    finally:
        pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": before})


def export(
    events: gpd.GeoDataFrame,
    path: str | os.PathLike[str],
    *,
    layers: Sequence[str] = ("all",),
    fmt: str | None = None,
    date: str | dt.date | None = None,
    start: str | dt.date | None = None,
    end: str | dt.date | None = None,
    timeline: ControlTimeline | None = None,
    route: Any = None,
    aoi: BaseGeometry | None = None,
    max_km: float = DEFAULT_MAX_KM,
) -> list[Path]:
    """Build and write layers in one call (:func:`build_layers` then :func:`export_layers`).

    Returns
    -------
    list of Path
        The files written.
    """
    if date is not None and not (isinstance(date, str) and date.strip().lower() == "latest"):
        date = iso_date(date)
    frames = build_layers(
        events,
        layers=layers,
        date=date,
        start=start,
        end=end,
        timeline=timeline,
        route=route,
        aoi=aoi,
        max_km=max_km,
    )
    return export_layers(frames, path, fmt)


_TABLE_COLUMNS = ["article", "date", "date_precision", "kind", "place", "side", "distance_km",
                  "confidence"]  # fmt: skip


def format_events(frame: gpd.GeoDataFrame, fmt: str = "table") -> str:
    """Render an event table as ``csv`` (all columns, lat/lon), ``geojson`` (RFC 7946) or
    ``table`` (a short fixed-width view).

    Returns
    -------
    str
    """
    if fmt == "geojson":
        return to_geojson(frame)
    plain = frame.drop(columns="geometry")
    if fmt == "csv":
        return str(csv_safe(plain).to_csv(index=False, lineterminator="\n"))
    if not len(plain):
        return "no events found\n"
    view = plain[_TABLE_COLUMNS].copy()
    view["distance_km"] = [
        "" if math.isnan(v) else f"{v:g}" for v in view["distance_km"].to_numpy(dtype=float)
    ]
    view["place"] = [
        p if pid else f"{p} (unlocated)" for p, pid in zip(plain["place"], plain["place_id"],
                                                          strict=True)
    ]  # fmt: skip
    return str(view.to_string(index=False)) + "\n"
