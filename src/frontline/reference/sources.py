"""Gazetteer sources a user adds: OCHA community tables, GeoNames dumps, plain CSVs.

``frontline gazetteer add FILE`` converts a source to the gazetteer's columns and keeps the
result in the user data directory (:func:`user_dir`: ``$FRONTLINE_DATA_DIR`` if set, else
the platform's user data folder from platformdirs). :meth:`Gazetteer.load` merges every
added source into the shipped table: a source row that names the same place as an existing
row (a name or alias with the same folded key, Arabic script included, within
:data:`MERGE_KM`) adds its names, ids (``ocha:<p-code>``, ``gn:<geonameid>``) and source to
that row; any other row is a new place. Namesakes farther apart stay distinct.

The source rows never enter the repository: each user adds the files they have the right
to use (e.g. the OCHA "Syrian Arab Republic - Populated places" COD from HDX, CC BY 3.0 IGO).
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import re
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd

from frontline._io import atomic_path, atomic_write, read_utf8, separator_hint
from frontline._paths import data_path
from frontline.errors import BadInputError
from frontline.reference._index import haversine_km
from frontline.reference._load import check_coordinates, read_geonames, read_table
from frontline.reference.normalize import arabic_keys, fold_tokens, simplify

__all__ = [
    "FORMATS",
    "LINK_KM",
    "MERGE_KM",
    "SourceInfo",
    "add_source",
    "detect_format",
    "list_sources",
    "merge_user_sources",
    "read_source",
    "remove_source",
    "user_dir",
]

#: Source formats ``frontline gazetteer add`` reads.
FORMATS = ("ocha", "geonames", "csv", "crosswalk")
#: A source row and an existing row with a common name key closer than this (km) are one place.
MERGE_KM = 3.0
#: A crosswalk link names a row of the gazetteer when that row lies this close to its point.
LINK_KM = 20.0
_LICENCES = {
    "ocha": "CC BY 3.0 IGO (UN OCHA common operational dataset, per HDX)",
    "geonames": "CC BY 4.0 (GeoNames)",
    "csv": "as stated by its provider",
    "crosswalk": "as stated by its provider (links, no places)",
}
# Column names of the OCHA COD layouts (first match wins; compared case-insensitively).
_OCHA_COLUMNS = {
    "name": ("name", "admin4Name_en", "ADM4_EN", "admin4RefName", "name_en", "NAME_EN"),
    "name_ar": ("name_ar", "admin4Name_ar", "ADM4_AR", "NAME_AR"),
    "pcode": ("pcode", "admin4Pcode", "ADM4_PCODE", "PCODE"),
    "lat": ("lat", "latitude", "y", "Lat_y", "LAT"),
    "lon": ("lon", "long", "longitude", "x", "Long_x", "LON"),
    "admin1": ("admin1", "admin1Name_en", "ADM1_EN"),
    "feature": ("feature",),
}
_OCHA_ALT = ("alt_names", "admin4AltName1_en", "admin4AltName2_en", "admin4RefName",
             "ADM4_REF", "ADM4ALT1EN", "ADM4ALT2EN", "admin4AltName1_ar", "admin4AltName2_ar",
             "ADM4ALT1AR", "ADM4ALT2AR")  # fmt: skip
_NAME_OK = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")
_CODE = re.compile(r"^[A-Z]{2}\.\w+$")


class SourceInfo(dict[str, str]):
    """One added source: ``name, format, file, rows, licence, added`` (all text)."""


def user_dir() -> Path:
    """Where added sources live: ``$FRONTLINE_DATA_DIR/gazetteer`` or the user data dir.

    Returns
    -------
    pathlib.Path
        The folder (not created here).
    """
    base = os.environ.get("FRONTLINE_DATA_DIR")
    if base:
        return Path(base) / "gazetteer"
    import platformdirs

    return platformdirs.user_data_path("frontline") / "gazetteer"


def _manifest_path() -> Path:
    return user_dir() / "sources.json"


def list_sources() -> list[SourceInfo]:
    """The added sources, in the order they merge.

    Returns
    -------
    list of SourceInfo
        Empty if none was added.
    """
    path = _manifest_path()
    if not path.exists():
        return []
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BadInputError(f"cannot read the gazetteer source list: {exc}", path) from None
    return [SourceInfo(d) for d in data]


def _write_manifest(entries: list[SourceInfo]) -> None:
    atomic_write(_manifest_path(), json.dumps(entries, ensure_ascii=False, indent=2) + "\n")


def _column(frame: pd.DataFrame, names: tuple[str, ...]) -> str | None:
    lower = {c.lower(): c for c in frame.columns}
    for name in names:
        if name.lower() in lower:
            return lower[name.lower()]
    return None


def detect_format(path: str | os.PathLike[str]) -> str:
    """Guess a source's format: ``geonames`` (tab-separated, no header), ``crosswalk``
    (``ocha_pcode, wiki_name, wiki_lat, wiki_lon``), ``ocha`` (has an OCHA p-code column),
    else ``csv``."""
    src = Path(path)
    try:
        with open(src, encoding="utf-8-sig") as fh:
            head = fh.readline()
    except OSError as exc:
        raise BadInputError(f"cannot read source: {exc.strerror or exc}", src) from None
    except UnicodeDecodeError:
        read_utf8(src, "source")  # raises naming the first bad byte and its offset
        raise  # not reached: the file decodes whole
    if head.count("\t") >= 18:
        return "geonames"
    columns = {c.strip().lower() for c in head.split(",")}
    if {"ocha_pcode", "wiki_name", "wiki_lat", "wiki_lon"} <= columns:
        return "crosswalk"
    if columns & {n.lower() for n in _OCHA_COLUMNS["pcode"]}:
        return "ocha"
    return "csv"


def _read_csv(src: Path) -> pd.DataFrame:
    try:
        return pd.read_csv(src, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except OSError as exc:
        raise BadInputError(f"cannot read source: {exc.strerror or exc}", src) from None
    except UnicodeDecodeError:
        read_utf8(src, "source")  # raises naming the first bad byte and its offset
        raise  # not reached: the file decodes whole
    except pd.errors.EmptyDataError:
        raise BadInputError("the source file is empty (no header line)", src) from None
    except (pd.errors.ParserError, ValueError) as exc:
        raise BadInputError(f"malformed source CSV: {exc}".splitlines()[0], src) from None


def _read_ocha(src: Path, name: str) -> pd.DataFrame:
    raw = _read_csv(src)
    cols = {k: _column(raw, v) for k, v in _OCHA_COLUMNS.items()}
    missing = [k for k in ("name", "pcode", "lat", "lon") if cols[k] is None]
    if missing:
        raise BadInputError(
            f"not an OCHA communities table: no {', '.join(missing)} column", src, 1
        )
    alts = [c for c in (_column(raw, (a,)) for a in _OCHA_ALT) if c]
    ar = cols["name_ar"]

    def names(row: pd.Series) -> str:
        parts = [row[ar]] if ar else []
        for c in alts:
            parts += str(row[c]).split("|")
        return "|".join(dict.fromkeys(p.strip() for p in parts if p and p.strip()))

    pcode = raw[cols["pcode"]].str.strip()
    return pd.DataFrame(
        {
            "id": "ocha:" + pcode,
            "name": raw[cols["name"]].str.strip(),
            "lat": raw[cols["lat"]],
            "lon": raw[cols["lon"]],
            "admin1": raw[cols["admin1"]] if cols["admin1"] else "",
            "feature": raw[cols["feature"]] if cols["feature"] else "community",
            "population": "",
            "alt_names": raw.apply(names, axis=1) if len(raw) else [],
            "geonameid": "",
            "source": f"{name} (OCHA)",
            "pcode": pcode,
        }
    )


def _read_plain(src: Path, name: str) -> pd.DataFrame:
    raw = _read_csv(src)
    missing = [c for c in ("name", "lat", "lon") if _column(raw, (c,)) is None]
    if missing:
        hint = separator_hint([str(c) for c in raw.columns])
        raise BadInputError(f"source lacks column(s) {', '.join(missing)}{hint}", src, 1)
    frame = raw.rename(columns={c: c.lower() for c in raw.columns})
    ids = frame["id"] if "id" in frame.columns else pd.Series(range(1, len(frame) + 1))
    return pd.DataFrame(
        {
            "id": f"{name}:" + ids.astype(str),
            "name": frame["name"].str.strip(),
            "lat": frame["lat"],
            "lon": frame["lon"],
            "admin1": frame.get("admin1", ""),
            "feature": frame.get("feature", ""),
            "population": frame.get("population", ""),
            "alt_names": frame.get("alt_names", ""),
            "geonameid": "",
            "source": name,
            "pcode": frame.get("pcode", ""),
        }
    )


def _read_crosswalk(src: Path, name: str) -> pd.DataFrame:
    """Links from named points (``wiki_name, wiki_lat, wiki_lon``) to OCHA p-codes: the
    OCHA row of that p-code merges into the place with that name nearest the point."""
    raw = _read_csv(src)
    missing = [c for c in ("ocha_pcode", "wiki_name", "wiki_lat", "wiki_lon") if c not in raw]
    if missing:
        raise BadInputError(f"not a crosswalk: no {', '.join(missing)} column", src, 1)
    return pd.DataFrame(
        {
            "id": f"{name}:" + pd.Series(range(1, len(raw) + 1)).astype(str),
            "name": raw["wiki_name"].str.strip(),
            "lat": raw["wiki_lat"],
            "lon": raw["wiki_lon"],
            "admin1": "", "feature": "link", "population": "", "alt_names": "",
            "geonameid": "", "source": name, "pcode": raw["ocha_pcode"].str.strip(),
        }
    )  # fmt: skip


def read_source(path: str | os.PathLike[str], fmt: str, name: str) -> pd.DataFrame:
    """Read a source as a gazetteer table (plus a ``pcode`` column).

    Parameters
    ----------
    path : path
        The file.
    fmt : str
        ``ocha``, ``geonames`` or ``csv`` (see :data:`FORMATS`).
    name : str
        The source's name (prefix of the ids of a plain CSV, and its ``source`` text).

    Returns
    -------
    pandas.DataFrame
        Columns ``id, name, lat, lon`` (WGS84 degrees) ``, admin1, feature, population,
        alt_names, geonameid, source, pcode``.

    Raises
    ------
    BadInputError
        Unreadable file, missing columns, bad coordinates (file and line).
    """
    src = Path(path)
    if fmt == "geonames":
        frame = read_geonames(src).astype({"population": str, "geonameid": str})
        frame["source"] = f"{name} (GeoNames)"
        frame["pcode"] = ""
        return frame
    if fmt not in FORMATS:
        raise BadInputError(f"unknown source format {fmt!r} (use {', '.join(FORMATS)})")
    if fmt == "crosswalk":
        frame = _read_crosswalk(src, name)
    else:
        frame = _read_ocha(src, name) if fmt == "ocha" else _read_plain(src, name)
    lat = pd.to_numeric(frame["lat"].astype(str).str.strip(), errors="coerce")
    lon = pd.to_numeric(frame["lon"].astype(str).str.strip(), errors="coerce")
    check_coordinates(frame["name"], lat, lon, np.arange(2, len(frame) + 2), src)
    frame["lat"], frame["lon"] = lat.to_numpy(float), lon.to_numpy(float)
    frame = frame.drop_duplicates("id")
    if frame.empty:
        # A header-only file was "added" with 0 rows: almost surely the wrong file.
        raise BadInputError("no places in this source (only a header)", src)
    return frame.fillna("").reset_index(drop=True)


def add_source(
    path: str | os.PathLike[str],
    *,
    fmt: str | None = None,
    name: str | None = None,
    licence: str | None = None,
) -> SourceInfo:
    """Add (or replace) a source in the user gazetteer.

    Parameters
    ----------
    path : path
        The source file; it is converted and copied, the file itself is not changed.
    fmt : str, optional
        ``ocha``, ``geonames`` or ``csv``; default: :func:`detect_format`.
    name : str, optional
        Default: the file name without extension.
    licence : str, optional
        Default: the format's usual licence.

    Returns
    -------
    SourceInfo
        What :func:`list_sources` will show.
    """
    src = Path(path)
    fmt = fmt or detect_format(src)
    name = name or re.sub(r"[^A-Za-z0-9_.-]+", "_", src.stem)
    if not _NAME_OK.match(name):
        raise BadInputError(f"source name {name!r}: use letters, digits, '.', '_' or '-'")
    frame = read_source(src, fmt, name)
    folder = user_dir() / "sources"
    folder.mkdir(parents=True, exist_ok=True)
    atomic_write(folder / f"{name}.csv", frame.to_csv(index=False, lineterminator="\n"))
    info = SourceInfo(
        name=name,
        format=fmt,
        file=str(src.resolve()),
        rows=str(len(frame)),
        licence=licence or _LICENCES[fmt],
        added=datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
    )
    entries = [e for e in list_sources() if e["name"] != name] + [info]
    _write_manifest(entries)
    _warm_merge()
    return info


def _warm_merge() -> None:
    """Merge the user sources into the shipped gazetteer now and cache the result: the
    merge costs a second or more once, so it is paid when a source is added or removed,
    and every later ``Gazetteer.load()`` reads the cache."""
    shipped = data_path("gazetteer.csv")
    merge_user_sources(read_table(shipped), shipped)


def remove_source(name: str) -> SourceInfo:
    """Remove an added source.

    Returns
    -------
    SourceInfo
        The removed entry.

    Raises
    ------
    BadInputError
        If there is no source of that name.
    """
    entries = list_sources()
    hit = [e for e in entries if e["name"] == name]
    if not hit:
        known = ", ".join(e["name"] for e in entries) or "none"
        raise BadInputError(f"no gazetteer source named {name!r} (added: {known})")
    (user_dir() / "sources" / f"{name}.csv").unlink(missing_ok=True)
    _write_manifest([e for e in entries if e["name"] != name])
    return hit[0]


def _keys(form: str) -> tuple[str, ...]:
    key = "".join(fold_tokens(form))
    return (key, *arabic_keys(form)) if key else arabic_keys(form)


def _key_index(names: list[str], alts: list[str]) -> dict[str, list[int]]:
    index: dict[str, list[int]] = {}
    for i, (name, alt) in enumerate(zip(names, alts, strict=True)):
        for form in [name, *alt.split("|")]:
            for key in _keys(form) if form else ():
                rows = index.setdefault(key, [])
                if not rows or rows[-1] != i:
                    rows.append(i)
    return index


def _linked_rows(base: pd.DataFrame, links: pd.DataFrame) -> dict[str, int]:
    """p-code -> the base row a crosswalk links it to: the row with the link's name (as
    name or alias, simplified) nearest the link's point, within ``LINK_KM``."""
    by_name: dict[str, list[int]] = {}
    for i, (n, alt) in enumerate(zip(base["name"].astype(str), base["alt_names"], strict=True)):
        for form in [n, *str(alt).split("|")]:
            if form:
                by_name.setdefault(simplify(form), []).append(i)
    lat, lon = base["lat"].to_numpy(float), base["lon"].to_numpy(float)
    out: dict[str, int] = {}
    for name, plat, plon, pcode in links[["name", "lat", "lon", "pcode"]].itertuples(index=False):
        rows = sorted(set(by_name.get(simplify(str(name)), ())))
        if rows and pcode:
            dist = haversine_km(float(plat), float(plon), lat[rows], lon[rows])
            k = int(np.argmin(dist))
            if dist[k] <= LINK_KM:
                out[str(pcode)] = rows[k]
    return out


def merge(
    base: pd.DataFrame,
    extra: pd.DataFrame,
    max_km: float = MERGE_KM,
    links: dict[str, int] | None = None,
) -> pd.DataFrame:
    """Merge ``extra`` rows into ``base``: same place -> one row, else a new row.

    ``links`` (p-code -> base row, from a crosswalk) joins rows whatever their names.

    Returns
    -------
    pandas.DataFrame
        ``base``'s rows (names, ids and sources extended) followed by the new places.
    """
    base = base.copy()
    for col in ("pcode", "other_ids"):
        if col not in base.columns:
            base[col] = ""
    for col in ("alt_names", "source", "admin1"):
        base[col] = base[col].fillna("").astype(str)
    base_names = base["name"].astype(str).tolist()
    index = _key_index(base_names, base["alt_names"].tolist())
    lat, lon = base["lat"].to_numpy(float), base["lon"].to_numpy(float)
    alts, sources = base["alt_names"].tolist(), base["source"].tolist()
    pcodes, others = base["pcode"].astype(str).tolist(), base["other_ids"].astype(str).tolist()
    new_rows: list[int] = []
    columns = [extra[c].astype(str).tolist() for c in ("id", "name", "alt_names", "source")]
    xlat, xlon = extra["lat"].to_numpy(float).tolist(), extra["lon"].to_numpy(float).tolist()
    xpcode = extra["pcode"].astype(str).tolist() if "pcode" in extra else [""] * len(extra)
    for j, (pid, name, alt, source) in enumerate(zip(*columns, strict=True)):
        forms = [name, *alt.split("|")]
        rows = sorted({i for f in forms if f for k in _keys(f) for i in index.get(k, ())})
        target = (links or {}).get(xpcode[j].split("|")[0]) if xpcode[j] else None
        if target is None and rows:
            dist = haversine_km(xlat[j], xlon[j], lat[rows], lon[rows])
            k = int(np.argmin(dist))
            target = rows[k] if dist[k] <= max_km else None
        if target is None:
            new_rows.append(j)
            continue
        have = set(alts[target].split("|")) | {base_names[target]}
        add = [f for f in forms if f and f not in have]
        alts[target] = "|".join(filter(None, [alts[target], *dict.fromkeys(add)]))
        if source not in sources[target]:
            sources[target] = f"{sources[target]} | {source}"
        others[target] = "|".join(filter(None, [others[target], pid]))
        pcodes[target] = "|".join(filter(None, [pcodes[target], xpcode[j]]))
    base["alt_names"], base["source"], base["pcode"], base["other_ids"] = (
        alts, sources, pcodes, others
    )  # fmt: skip
    added = extra.iloc[new_rows].copy()
    added = added[~added["id"].isin(set(base["id"]))]
    return pd.concat([base, added], ignore_index=True).fillna("")


def _fill_admin1(base: pd.DataFrame, extra: pd.DataFrame) -> pd.DataFrame:
    """Admin-1 codes (GeoNames ``SY.10``) or blanks -> the admin-1 of the nearest base row."""
    need = extra["admin1"].astype(str).str.match(_CODE) | extra["admin1"].astype(str).eq("")
    if not need.any() or not len(base):
        return extra
    lat, lon = base["lat"].to_numpy(float), base["lon"].to_numpy(float)
    names = base["admin1"].astype(str).tolist()
    xlat, xlon = extra["lat"].to_numpy(float), extra["lon"].to_numpy(float)
    admin1 = extra["admin1"].astype(str).tolist()
    for i in np.flatnonzero(need.to_numpy()).tolist():
        d = haversine_km(float(xlat[i]), float(xlon[i]), lat, lon)
        admin1[i] = names[int(np.argmin(d))]
    extra = extra.copy()
    extra["admin1"] = admin1
    return extra


def merge_user_sources(base: pd.DataFrame, base_path: Path | None = None) -> pd.DataFrame:
    """``base`` with every added source merged in (see the module docstring).

    The merged table is cached in the user directory (a pickle keyed by the base file's and
    the sources' sizes and modification times): merging costs seconds, reading the cache
    a few tens of milliseconds.

    Returns
    -------
    pandas.DataFrame
        ``base`` itself when no source was added.
    """
    entries = list_sources()
    if not entries:
        return base
    paths = [user_dir() / "sources" / f"{e['name']}.csv" for e in entries]
    stamp = hashlib.sha256()
    for path in [base_path, *paths]:
        if path is not None:
            st = path.stat()
            stamp.update(f"{path}|{st.st_size}|{st.st_mtime_ns}|".encode())
    stamp.update(f"{len(base)}|{MERGE_KM}".encode())
    cache = user_dir() / f"merged-{stamp.hexdigest()[:16]}.pkl"
    if cache.exists():
        try:
            cached = pd.read_pickle(cache)  # written by this function, in the user's own dir
            if isinstance(cached, pd.DataFrame):
                return cached
        except (OSError, ValueError, EOFError, pickle.UnpicklingError):
            pass  # rebuild below
    crosswalks = [
        read_table(p) for p, e in zip(paths, entries, strict=True) if e["format"] == "crosswalk"
    ]
    links = _linked_rows(base, pd.concat(crosswalks)) if crosswalks else {}
    for path, entry in zip(paths, entries, strict=True):
        if entry["format"] == "crosswalk":
            continue
        extra = read_table(path)
        extra = _fill_admin1(base, extra.fillna(""))
        base = merge(base, extra, links=links)
    try:
        for old in user_dir().glob("merged-*.pkl"):
            old.unlink(missing_ok=True)
        with atomic_path(cache) as tmp:
            base.to_pickle(tmp)
    except OSError:
        pass  # a read-only data folder: merge again next time
    return base
