"""Places and offline geocoding: resolve the many spellings of a place name to coordinates.

A :class:`Gazetteer` holds one row per place (``data/gazetteer.csv`` by default, or a
GeoNames dump) and answers ``geocode(name)`` in tiers: exact name -> alias -> folded key
(:func:`frontline.normalize.fold`) -> fuzzy (rapidfuzz, 0-100). Places that share a name are
ranked by context: an area-of-interest bias box, an admin-1 hint and proximity to a point.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from rapidfuzz import fuzz

from frontline._paths import data_path
from frontline._validate import check_finite, check_text
from frontline.errors import BadInputError, UnknownPlaceError
from frontline.reference.normalize import (
    compact,
    compact_words,
    fold,
    fold_tokens,
    fold_words,
    simplify,
)

if TYPE_CHECKING:
    import geopandas as gpd

__all__ = [
    "resolve_name",
    "MATCH_FIELDS",
    "TIERS",
    "Gazetteer",
    "Match",
    "Place",
    "format_matches",
    "parse_near",
    "read_names",
]

#: Fields of a match in CSV/JSON output.
MATCH_FIELDS = ("query", "name", "lat", "lon", "score", "admin1", "id")
#: Match tiers, strongest first.
TIERS = ("exact", "alias", "folded", "fuzzy")
_TIER_SCORE = {"exact": 100.0, "alias": 97.0}
# Context bonuses added to the name score when ranking candidates (not reported as score).
_ADMIN1_BONUS = 25.0
_NEAR_BONUS = 20.0
_NEAR_SCALE_KM = 25.0
_BOX_BONUS = 5.0
_REQUIRED = ("id", "name", "lat", "lon")
_OPTIONAL = ("admin1", "feature", "population", "alt_names", "geonameid", "source")
GEONAMES_COLUMNS = (
    "geonameid", "name", "asciiname", "alternatenames", "latitude", "longitude",
    "feature_class", "feature_code", "country_code", "cc2", "admin1_code", "admin2_code",
    "admin3_code", "admin4_code", "population", "elevation", "dem", "timezone",
    "modification_date",
)  # fmt: skip
# alternateNamesV2 "languages" that are codes or links, not names.
_NOT_NAMES = {"link", "wkdt", "post", "iata", "icao", "faac", "abbr", "unlc", "tcid", "fr_1793"}
_GEONAMES_FEATURES = {
    "HLL": "hill", "HLLS": "hill", "MT": "mountain", "MTS": "mountain", "PK": "peak",
    "MILB": "base", "AIRB": "airbase", "AIRF": "airfield", "AIRP": "airport", "INSM": "base",
    "PASS": "pass", "CMP": "camp",
}  # fmt: skip


@dataclass(frozen=True)
class Place:
    """One gazetteer row: a named point (WGS84 degrees) with its admin-1 region and names."""

    id: str
    name: str
    lat: float
    lon: float
    admin1: str
    feature: str
    population: int | None
    alt_names: tuple[str, ...]
    geonameid: int | None
    source: str


@dataclass(frozen=True)
class Match:
    """A resolved name.

    Attributes
    ----------
    query : str
        The name as asked.
    place_id, name, lat, lon, admin1, feature
        The place (lat/lon in WGS84 degrees).
    score : float
        How well the name matches, 0-100 (100 exact; context does not change it).
    tier : str
        ``exact``, ``alias``, ``folded`` or ``fuzzy``.
    matched : str
        The gazetteer name or alias that matched.
    distance_km : float or None
        Distance to the ``near`` point when one was given, in km.
    rank_score : float
        Score plus context bonuses, used to order candidates.
    """

    query: str
    place_id: str
    name: str
    lat: float
    lon: float
    admin1: str
    feature: str
    score: float
    tier: str
    matched: str = ""
    distance_km: float | None = None
    rank_score: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        """The CLI fields ``query, name, lat, lon, score, admin1, id``."""
        return {
            "query": self.query,
            "name": self.name,
            "lat": self.lat,
            "lon": self.lon,
            "score": round(self.score, 1),
            "admin1": self.admin1,
            "id": self.place_id,
        }


def _haversine_km(lat: float, lon: float, lats: np.ndarray, lons: np.ndarray) -> np.ndarray:
    p1, p2 = math.radians(lat), np.radians(lats)
    dlat, dlon = p2 - p1, np.radians(lons - lon)
    a = np.sin(dlat / 2) ** 2 + math.cos(p1) * np.cos(p2) * np.sin(dlon / 2) ** 2
    return 6371.0088 * 2 * np.arcsin(np.sqrt(a))


def _haversine_one(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 6371.0088 * 2 * math.asin(math.sqrt(a))


class _FuzzyIndex:
    """Character-trigram blocking in front of rapidfuzz.

    Scoring every name with rapidfuzz per query (``process.extractOne``) costs a full scan;
    here an inverted trigram index picks the few dozen forms sharing the most trigrams with
    the query, and only those are scored. numpy's ``bincount`` does the counting.
    """

    def __init__(self, forms: Sequence[str], shortlist: int = 40) -> None:
        self.forms = list(forms)
        self.shortlist = shortlist
        postings: dict[str, list[int]] = {}
        for i, form in enumerate(self.forms):
            for gram in self._grams(form):
                postings.setdefault(gram, []).append(i)
        self.postings = {g: np.asarray(ix, dtype=np.int32) for g, ix in postings.items()}

    @staticmethod
    def _grams(form: str) -> set[str]:
        padded = f"^{form}$"
        return {padded[i : i + 3] for i in range(len(padded) - 2)}

    def search(self, query: str, cutoff: float) -> list[tuple[int, float]]:
        lists = [self.postings[g] for g in self._grams(query) if g in self.postings]
        if not lists:
            return []
        counts = np.bincount(np.concatenate(lists), minlength=len(self.forms))
        n = min(self.shortlist, int(np.count_nonzero(counts)))
        top = np.argpartition(-counts, n - 1)[:n] if n < len(counts) else np.arange(len(counts))
        out = []
        for i in top:
            if counts[i] == 0:
                continue
            score = fuzz.ratio(query, self.forms[i], score_cutoff=cutoff)
            if score:
                out.append((int(i), float(score)))
        return out


# A ranked index hit: (-rank_score, row, score, tier, matched form); tuples order by rank.
_Hit = tuple[float, int, float, str, str]


class Gazetteer:
    """A table of places with fast, transliteration-tolerant look-up.

    Parameters
    ----------
    table : pandas.DataFrame
        Columns ``id, name, lat, lon`` (WGS84 degrees) and optionally ``admin1, feature,
        population, alt_names`` (pipe-separated), ``geonameid, source``.
    bias_box : tuple of float, optional
        ``(min_lon, min_lat, max_lon, max_lat)``: places inside rank above namesakes outside.
        Default: the table's own extent (no bias).
    threshold : float
        Minimum fuzzy score (0-100) for a fuzzy match.
    path : path, optional
        Where the table came from (for messages).
    """

    def __init__(
        self,
        table: pd.DataFrame,
        *,
        bias_box: tuple[float, float, float, float] | None = None,
        threshold: float = 80.0,
        path: str | os.PathLike[str] | None = None,
    ) -> None:
        self.path = None if path is None else Path(path)
        table = table.reset_index(drop=True)
        for col in _OPTIONAL:
            if col not in table.columns:
                table[col] = ""
        self._table = table
        self._ids: list[str] = table["id"].astype(str).tolist()
        self._names: list[str] = table["name"].astype(str).tolist()
        self._lat = table["lat"].to_numpy(dtype=float)
        self._lon = table["lon"].to_numpy(dtype=float)
        self._admin1: list[str] = table["admin1"].fillna("").astype(str).tolist()
        self._feature: list[str] = table["feature"].fillna("").astype(str).tolist()
        pop = pd.to_numeric(table["population"], errors="coerce").fillna(0).to_numpy(float)
        # < 1 point: a tie-breaker. Python lists: candidates are ranked one by one.
        self._pop_bonus: list[float] = (np.log10(np.maximum(pop, 1.0)) / 10.0).tolist()
        self._alts: list[tuple[str, ...]] = [
            tuple(a for a in str(s).split("|") if a) if isinstance(s, str) else ()
            for s in table["alt_names"].tolist()
        ]
        self._row_of = {pid: i for i, pid in enumerate(self._ids)}
        if len(self._row_of) != len(self._ids):
            dup = pd.Series(self._ids)[pd.Series(self._ids).duplicated()].iloc[0]
            line = self._ids.index(dup) + 2
            raise BadInputError(f"duplicate id {dup!r}", self.path, line)
        self.threshold = float(threshold)
        if bias_box is None and len(table):
            bias_box = (
                float(self._lon.min()),
                float(self._lat.min()),
                float(self._lon.max()),
                float(self._lat.max()),
            )
        self.bias_box = bias_box
        self._in_box: list[float] = self._box_mask(bias_box).tolist()
        # The Match fields of each row in one tuple (Python floats): the geocoding hot path
        # builds a Match with one index instead of six (numpy scalar indexing is slower still).
        self._match_fields: list[tuple[str, str, float, float, str, str]] = list(
            zip(
                self._ids, self._names, self._lat.tolist(), self._lon.tolist(), self._admin1,
                self._feature, strict=True,
            )
        )  # fmt: skip

    # --- construction ---------------------------------------------------------------------

    @classmethod
    def load(
        cls,
        path: str | os.PathLike[str] | None = None,
        *,
        bias_box: tuple[float, float, float, float] | None = None,
        threshold: float = 80.0,
    ) -> Gazetteer:
        """Load a gazetteer CSV (default: the shipped ``data/gazetteer.csv``).

        Parameters
        ----------
        path : path, optional
            A CSV with at least ``id,name,lat,lon``.
        bias_box : tuple of float, optional
            ``(min_lon, min_lat, max_lon, max_lat)`` in degrees. Default for the shipped
            gazetteer: the bounds of the shipped area of interest (``data/aoi.geojson``) if
            present; otherwise the table's extent.
        threshold : float
            Minimum fuzzy score, 0-100.

        Returns
        -------
        Gazetteer

        Raises
        ------
        FrontlineError
            If the file cannot be read or a row is malformed (names file and line).
        """
        src = Path(path) if path is not None else data_path("gazetteer.csv")
        try:
            table = pd.read_csv(
                src, dtype=str, keep_default_na=False, na_filter=False, encoding="utf-8"
            )
        except OSError as exc:
            raise BadInputError(f"cannot read gazetteer: {exc.strerror or exc}", src) from None
        except (pd.errors.ParserError, UnicodeDecodeError, ValueError) as exc:
            line = _parser_line(str(exc))
            raise BadInputError(f"malformed gazetteer CSV: {_first_line(exc)}", src, line) from None
        table = _validate(table, src)
        if not len(table):  # harden: an empty gazetteer was silently replaced by the shipped one
            raise BadInputError("the gazetteer has no places (header only)", src)
        check_finite(threshold, "threshold", low=0, high=100)
        if bias_box is None and path is None:
            bias_box = _shipped_aoi_box()
        return cls(table, bias_box=bias_box, threshold=threshold, path=src)

    @classmethod
    def from_geonames(
        cls,
        path: str | os.PathLike[str],
        *,
        country: str | Iterable[str] | None = None,
        feature_classes: Iterable[str] | None = ("P",),
        alternate_names: str | os.PathLike[str] | None = None,
        admin1_codes: str | os.PathLike[str] | None = None,
        bias_box: tuple[float, float, float, float] | None = None,
        threshold: float = 80.0,
    ) -> Gazetteer:
        """Read a GeoNames dump (``SY.txt``, ``allCountries.txt``: 19 tab-separated columns).

        Parameters
        ----------
        path : path
            The dump, as downloaded from https://download.geonames.org/export/dump/.
        country : str or iterable of str, optional
            ISO 3166-1 alpha-2 code(s) to keep; default all.
        feature_classes : iterable of str, optional
            GeoNames feature classes to keep (``P`` populated places, ``T`` hills and
            mountains, ``S`` spots such as bases); ``None`` keeps all. Default ``("P",)``.
        alternate_names : path, optional
            ``alternateNamesV2.txt`` (or a per-country extract): more names per place.
        admin1_codes : path, optional
            ``admin1CodesASCII.txt``: gives ``admin1`` as a name (``Idlib``) rather than the
            code (``SY.10``).

        Returns
        -------
        Gazetteer
            Ids ``gn:<geonameid>``.

        Raises
        ------
        FrontlineError
            A row with the wrong number of columns or bad coordinates (file and line).
        """
        src = Path(path)
        raw = _read_tsv(src, GEONAMES_COLUMNS)
        raw["_line"] = np.arange(1, len(raw) + 1)
        # pandas pads short rows with empty fields; GeoNames always fills the last column.
        short = raw["modification_date"].eq("").to_numpy()
        if short.any():
            line = int(raw["_line"].to_numpy()[np.argmax(short)])
            raise BadInputError(
                f"not a {len(GEONAMES_COLUMNS)}-column GeoNames row (too few columns)", src, line
            )
        if country is not None:
            codes = {country} if isinstance(country, str) else set(country)
            raw = raw[raw["country_code"].isin(codes)]
        if feature_classes is not None:
            raw = raw[raw["feature_class"].isin(set(feature_classes))]
        lat = pd.to_numeric(raw["latitude"], errors="coerce")
        lon = pd.to_numeric(raw["longitude"], errors="coerce")
        _check_coordinates(raw["name"], lat, lon, raw["_line"].to_numpy(), src)
        population = pd.to_numeric(raw["population"], errors="coerce").fillna(0).astype("int64")
        alts = [
            [a for a in (asc, *str(al).split(",")) if a]
            for asc, al in zip(raw["asciiname"], raw["alternatenames"], strict=True)
        ]
        if alternate_names is not None:
            extra = _read_alternate_names(Path(alternate_names), set(raw["geonameid"]))
            for names, gid in zip(alts, raw["geonameid"], strict=True):
                names.extend(extra.get(gid, ()))
        admin1 = raw["country_code"] + "." + raw["admin1_code"]
        if admin1_codes is not None:
            table = _read_tsv(Path(admin1_codes), ("code", "name", "asciiname", "geonameid"))
            admin1 = admin1.map(dict(zip(table["code"], table["asciiname"], strict=True))).fillna(
                admin1
            )
        feature = [
            _GEONAMES_FEATURES.get(code)
            or (
                (
                    "city"
                    if p >= 100_000
                    else "town"
                    if p >= 10_000
                    else "village"
                    if p > 0
                    else "populated place"
                )  # fmt: skip
                if cls_ == "P"
                else code.lower()
            )
            for cls_, code, p in zip(
                raw["feature_class"], raw["feature_code"], population, strict=True
            )
        ]
        frame = pd.DataFrame(
            {
                "id": "gn:" + raw["geonameid"],
                "name": raw["name"].to_numpy(),
                "lat": lat.to_numpy(),
                "lon": lon.to_numpy(),
                "admin1": admin1.to_numpy(),
                "feature": feature,
                "population": population.to_numpy(),
                "alt_names": ["|".join(dict.fromkeys(a)) for a in alts],
                "geonameid": raw["geonameid"].to_numpy(),
                "source": f"GeoNames dump {src.name} (CC BY 4.0)",
            }
        )
        return cls(frame, bias_box=bias_box, threshold=threshold, path=src)

    # --- indexes (built on first use) -----------------------------------------------------

    @cached_property
    def _exact(self) -> dict[str, tuple[int, ...]]:
        index: dict[str, list[int]] = {}
        for i, name in enumerate(self._names):
            index.setdefault(simplify(name), []).append(i)
        return {k: tuple(v) for k, v in index.items()}

    @cached_property
    def _alias(self) -> dict[str, tuple[tuple[int, str], ...]]:
        index: dict[str, dict[int, str]] = {}
        for i, alts in enumerate(self._alts):
            for alt in alts:
                index.setdefault(simplify(alt), {}).setdefault(i, alt)
        return {k: tuple(v.items()) for k, v in index.items()}

    @cached_property
    def _forms(self) -> list[tuple[str, int]]:
        """Every (name or alias, row) pair, names first."""
        out = [(n, i) for i, n in enumerate(self._names)]
        out += [(a, i) for i, alts in enumerate(self._alts) for a in alts]
        return out

    @cached_property
    def _folded(self) -> dict[str, tuple[tuple[int, str, str], ...]]:
        """Folded key (no spaces) -> (row, form, compact form), the compact form precomputed
        because every folded hit is scored against it."""
        index: dict[str, dict[int, str]] = {}
        for form, i in self._forms:
            key = "".join(fold_tokens(form))
            if key:
                index.setdefault(key, {}).setdefault(i, form)
        return {
            k: tuple((i, form, compact(form)) for i, form in v.items()) for k, v in index.items()
        }

    @cached_property
    def _best_hit(self) -> tuple[dict[str, _Hit], dict[str, _Hit]]:
        """The answer of :meth:`geocode` without context for every name and alias.

        Without ``admin1``/``near`` an exact or alias hit depends only on the simplified
        name, so it is ranked once here and a look-up answers the query. Two dicts: one keyed
        by the forms as written (a hit skips even :func:`simplify`), one by simplified form.
        """
        by_simple: dict[str, _Hit] = {}
        for key in {**self._exact, **self._alias}:
            if not key:
                continue  # an empty query is an error, never a hit
            found: dict[int, tuple[float, str, str]] = {}
            for i in self._exact.get(key, ()):
                found[i] = (_TIER_SCORE["exact"], "exact", self._names[i])
            for i, alt in self._alias.get(key, ()):
                if i not in found:  # alias (97) never beats exact (100) for the same row
                    found[i] = (_TIER_SCORE["alias"], "alias", alt)
            by_simple[key] = min(
                (-self._static_rank(i, score), i, score, tier, matched)
                for i, (score, tier, matched) in found.items()
            )
        by_form: dict[str, _Hit] = {}
        for form, _ in self._forms:
            hit = by_simple.get(simplify(form))
            if hit is not None:
                by_form[form] = hit
        return by_form, by_simple

    def _static_rank(self, i: int, score: float) -> float:
        """Rank of row ``i`` at name score ``score`` without admin-1/near context."""
        return score + self._pop_bonus[i] + _BOX_BONUS * self._in_box[i]

    @cached_property
    def _fuzzy(self) -> tuple[_FuzzyIndex, list[tuple[tuple[int, str], ...]]]:
        owners: dict[str, dict[int, str]] = {}
        for form, i in self._forms:
            c = compact(form)
            if c:
                owners.setdefault(c, {}).setdefault(i, form)
        keys = list(owners)
        return _FuzzyIndex(keys), [tuple(owners[k].items()) for k in keys]

    @cached_property
    def folded_index(self) -> dict[str, tuple[str, ...]]:
        """Folded form (:func:`~frontline.normalize.fold`, words joined by one space) -> ids.

        For text scanning: fold the text's words the same way and look word sequences up.
        """
        index: dict[str, dict[str, None]] = {}
        for form, i in self._forms:
            key = fold(form)
            if key:
                index.setdefault(key, {})[self._ids[i]] = None
        return {k: tuple(v) for k, v in index.items()}

    # --- look-up --------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._ids)

    def __contains__(self, place_id: object) -> bool:
        return place_id in self._row_of

    @property
    def ids(self) -> list[str]:
        """All place ids, in table order."""
        return list(self._ids)

    @cached_property
    def admin1_names(self) -> list[str]:
        """The distinct admin-1 names (sorted), e.g. ``["Aleppo", "Hama", "Idlib", ...]``."""
        return sorted({a for a in self._admin1 if a})

    def get(self, place_id: str) -> Place:
        """Return the place with id ``place_id``.

        Raises
        ------
        FrontlineError
            If there is no such id.
        """
        i = self._row_of.get(place_id)
        if i is None:
            raise UnknownPlaceError(f"unknown place id {place_id!r}", self.path)
        row = self._table.iloc[i]
        pop = pd.to_numeric(str(row.get("population") or ""), errors="coerce")
        gid = pd.to_numeric(str(row.get("geonameid") or ""), errors="coerce")
        return Place(
            id=self._ids[i],
            name=self._names[i],
            lat=float(self._lat[i]),
            lon=float(self._lon[i]),
            admin1=self._admin1[i],
            feature=self._feature[i],
            population=None if pd.isna(pop) or pop == 0 else int(pop),
            alt_names=self._alts[i],
            geonameid=None if pd.isna(gid) else int(gid),
            source=str(row.get("source") or ""),
        )

    def surface_forms(self) -> Iterator[tuple[str, str]]:
        """Yield ``(form, place_id)`` for every name and alias (Latin and Arabic script)."""
        for form, i in self._forms:
            yield form, self._ids[i]

    def candidates(
        self,
        name: str,
        k: int = 5,
        *,
        admin1: str | None = None,
        near: tuple[float, float] | None = None,
        fuzzy: bool | None = None,
    ) -> list[Match]:
        """All places ``name`` may refer to, best first.

        Parameters
        ----------
        name : str
            A place name in any common transliteration, or Arabic script.
        k : int
            How many candidates to return at most.
        admin1 : str, optional
            Admin-1 hint (``"Idlib"``): places in it rank first.
        near : (lat, lon), optional
            A point (WGS84 degrees) known from context: nearer places rank first.
        fuzzy : bool, optional
            Whether to run the fuzzy tier; default: only when no index tier matched.

        Returns
        -------
        list of Match
            Sorted by ``rank_score`` (name score plus context), highest first.
        """
        query = name
        simple = simplify(name)
        if not simple:
            raise BadInputError("empty place name")
        found: dict[int, tuple[float, str, str]] = {}  # row -> (score, tier, matched)

        def offer(i: int, score: float, tier: str, matched: str) -> None:
            if i not in found or found[i][0] < score:
                found[i] = (score, tier, matched)

        for i in self._exact.get(simple, ()):
            offer(i, _TIER_SCORE["exact"], "exact", self._names[i])
        for i, alt in self._alias.get(simple, ()):
            offer(i, _TIER_SCORE["alias"], "alias", alt)
        # A name or alias hit outranks any folded hit unless context could reorder them.
        index_only = found and k == 1 and admin1 is None and near is None
        hits = () if index_only else self._folded.get("".join(fold_tokens(name)), ())
        if hits:
            compact_name = compact(name)
            for i, form, form_compact in hits:
                # Folded keys are lossy: how close the spelling is decides between namesakes.
                ratio = fuzz.ratio(compact_name, form_compact)
                offer(i, 85.0 + 0.11 * ratio, "folded", form)
        if fuzzy or (fuzzy is None and not found):
            index, owners = self._fuzzy
            for j, score in index.search(compact(name), self.threshold):
                for i, form in owners[j]:
                    offer(i, min(score, 95.0), "fuzzy", form)
        if not found:
            return []
        # Candidate sets are small (a handful of namesakes): plain Python beats numpy here.
        want = admin1.casefold() if admin1 else None
        ranked = []
        for i, (score, tier, matched) in found.items():
            rank = self._static_rank(i, score)
            if want is not None and self._admin1[i].casefold() == want:
                rank += _ADMIN1_BONUS
            dist = None
            if near is not None:
                dist = _haversine_one(near[0], near[1], self._lat[i], self._lon[i])
                rank += _NEAR_BONUS * math.exp(-dist / _NEAR_SCALE_KM)
            ranked.append((-rank, i, score, tier, matched, dist))
        ranked.sort()
        return [
            Match(
                query=query,
                place_id=self._ids[i],
                name=self._names[i],
                lat=float(self._lat[i]),
                lon=float(self._lon[i]),
                admin1=self._admin1[i],
                feature=self._feature[i],
                score=float(score),
                tier=tier,
                matched=matched,
                distance_km=dist,
                rank_score=float(-neg_rank),
            )
            for neg_rank, i, score, tier, matched, dist in ranked[:k]
        ]

    def geocode(
        self,
        name: str,
        *,
        admin1: str | None = None,
        near: tuple[float, float] | None = None,
    ) -> Match | None:
        """Resolve ``name`` to the most likely place, or ``None``.

        Parameters
        ----------
        name : str
            A place name (any common transliteration, or Arabic script).
        admin1 : str, optional
            Admin-1 hint, e.g. ``"Idlib"`` from "in Idlib province".
        near : (lat, lon), optional
            A point (WGS84 degrees) from context, e.g. a place resolved in the same text.

        Returns
        -------
        Match or None
            The best candidate (see :meth:`candidates`), or ``None`` if nothing scores at
            least :attr:`threshold`.

        Raises
        ------
        FrontlineError
            If ``name`` is empty.
        """
        check_text(name, "place name")  # harden: geocode(None) was a TypeError
        if admin1 is None and near is None:
            # Fast path for index hits, same answer as candidates(name, k=1) (which the
            # tests check): exact/alias hits are pre-ranked in _best_hit; a folded hit needs
            # only its few namesakes scored.
            by_form, by_simple = self._best_hit
            hit = by_form.get(name)
            if hit is None:
                simple = simplify(name)
                if simple:
                    hit = by_simple.get(simple) or self._best_folded(simple)
            if hit is not None:
                neg_rank, i, score, tier, matched = hit
                return Match(name, *self._match_fields[i], score, tier, matched, None, -neg_rank)
        best = self.candidates(name, k=1, admin1=admin1, near=near)
        return best[0] if best else None

    def _best_folded(self, simple: str) -> _Hit | None:
        """The best folded-tier hit, without context, for a simplified name; or None."""
        words = simple.split()
        hits = self._folded.get("".join(fold_words(words)))
        if not hits:
            return None
        compact = compact_words(words)
        pop_bonus, in_box = self._pop_bonus, self._in_box
        best: _Hit | None = None
        for i, form, form_compact in hits:
            score = 85.0 + 0.11 * fuzz.ratio(compact, form_compact)
            # Inlined _static_rank (same expression, so the same float).
            hit = (-(score + pop_bonus[i] + _BOX_BONUS * in_box[i]), i, score, "folded", form)
            # Rows are unique within a key, so hits never tie on (-rank, row).
            if best is None or hit < best:
                best = hit
        return best

    def geocode_many(
        self, names: Iterable[str], *, admin1: str | None = None
    ) -> list[Match | None]:
        """:meth:`geocode` each name; blank names give ``None`` instead of an error."""
        return [self.geocode(n, admin1=admin1) if simplify(n) else None for n in names]

    def suggest(self, name: str, k: int = 5) -> list[Match]:
        """Nearest names to ``name`` even below the fuzzy threshold (for "did you mean")."""
        index, owners = self._fuzzy
        scored = sorted(index.search(compact(name), 0.0), key=lambda t: -t[1])[:k]
        out = []
        for j, score in scored:
            i, form = owners[j][0]
            out.append(
                Match(
                    query=name,
                    place_id=self._ids[i],
                    name=self._names[i],
                    lat=float(self._lat[i]),
                    lon=float(self._lon[i]),
                    admin1=self._admin1[i],
                    feature=self._feature[i],
                    score=score,
                    tier="fuzzy",
                    matched=form,
                    rank_score=score,
                )
            )
        return out

    # --- tables ---------------------------------------------------------------------------

    def to_frame(self) -> pd.DataFrame:
        """The table as a plain DataFrame (copy)."""
        return self._table.copy()

    def to_geodataframe(self) -> gpd.GeoDataFrame:
        """The places as points.

        Returns
        -------
        geopandas.GeoDataFrame
            The table's columns plus ``geometry`` (Points), crs EPSG:4326.
        """
        import geopandas as gpd

        frame = self._table.copy()
        frame["lat"] = self._lat
        frame["lon"] = self._lon
        for col in ("population", "geonameid"):
            frame[col] = pd.to_numeric(frame[col], errors="coerce").astype("Int64")
        return gpd.GeoDataFrame(
            frame, geometry=gpd.points_from_xy(self._lon, self._lat), crs="EPSG:4326"
        )

    def _box_mask(self, box: tuple[float, float, float, float] | None) -> np.ndarray:
        if box is None:
            return np.zeros(len(self._ids))
        minx, miny, maxx, maxy = box
        inside = (self._lon >= minx) & (self._lon <= maxx) & (self._lat >= miny)
        return (inside & (self._lat <= maxy)).astype(float)

    def __repr__(self) -> str:
        where = f" from {self.path}" if self.path else ""
        return f"<Gazetteer {len(self)} places{where}>"


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
    return [s for s in (line.strip() for line in text.splitlines()) if s and not s.startswith("#")]


def format_matches(
    queries: Sequence[str], matches: Sequence[Match | None], fmt: str = "table"
) -> str:
    """Render geocoding results as ``table``, ``csv`` or ``json`` text.

    Fields :data:`MATCH_FIELDS` (``query,name,lat,lon,score,admin1,id``); every field but
    ``query`` is empty (``null`` in JSON) where nothing matched.

    Returns
    -------
    str
        The text, ending with a newline.
    """
    rows: list[dict[str, Any]] = []
    for q, m in zip(queries, matches, strict=True):
        if m is None:
            rows.append({f: (q if f == "query" else None) for f in MATCH_FIELDS})
        else:
            rows.append({**m.as_dict(), "query": q})
    if fmt == "json":
        import json

        return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        import csv
        import io

        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=list(MATCH_FIELDS), lineterminator="\n")
        writer.writeheader()
        writer.writerows({k: "" if v is None else v for k, v in r.items()} for r in rows)
        return buf.getvalue()
    if fmt != "table":
        raise BadInputError(f"unknown format {fmt!r} (use table, csv or json)")
    cells = [list(MATCH_FIELDS)] + [
        ["" if r[f] is None else (f"{r[f]:.5f}" if f in ("lat", "lon") else str(r[f]))
         for f in MATCH_FIELDS]
        for r in rows
    ]  # fmt: skip
    widths = [max(len(row[c]) for row in cells) for c in range(len(MATCH_FIELDS))]
    lines = ["  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip()
             for row in cells]  # fmt: skip
    return "\n".join(lines) + "\n"


# --- helpers ----------------------------------------------------------------------------


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def _parser_line(message: str) -> int | None:
    m = re.search(r"line (\d+)", message)
    return int(m.group(1)) if m else None


def _check_coordinates(
    names: pd.Series, lat: pd.Series, lon: pd.Series, lines: np.ndarray, src: Path
) -> None:
    bad_name = names.astype(str).str.strip().eq("").to_numpy()
    bad_lat = (lat.isna() | (lat < -90) | (lat > 90)).to_numpy()
    bad_lon = (lon.isna() | (lon < -180) | (lon > 180)).to_numpy()
    bad = bad_name | bad_lat | bad_lon
    if not bad.any():
        return
    j = int(np.argmax(bad))
    if bad_name[j]:
        raise BadInputError("empty name", src, int(lines[j]))
    if bad_lat[j]:
        value = "missing" if pd.isna(lat.iloc[j]) else "outside [-90, 90]"
        raise BadInputError(f"lat {value} (need a number in [-90, 90])", src, int(lines[j]))
    value = "missing" if pd.isna(lon.iloc[j]) else "outside [-180, 180]"
    raise BadInputError(f"lon {value} (need a number in [-180, 180])", src, int(lines[j]))


def _validate(table: pd.DataFrame, src: Path) -> pd.DataFrame:
    missing = [c for c in _REQUIRED if c not in table.columns]
    if missing:
        raise BadInputError(f"gazetteer lacks column(s) {', '.join(missing)}", src, 1)
    lat = pd.to_numeric(table["lat"].str.strip(), errors="coerce")
    lon = pd.to_numeric(table["lon"].str.strip(), errors="coerce")
    _check_coordinates(table["name"], lat, lon, np.arange(2, len(table) + 2), src)
    empty_id = table["id"].str.strip().eq("").to_numpy()
    if empty_id.any():
        raise BadInputError("empty id", src, int(np.argmax(empty_id)) + 2)
    table = table.copy()
    table["lat"] = lat.to_numpy(dtype=float)
    table["lon"] = lon.to_numpy(dtype=float)
    return table


def _read_tsv(src: Path, columns: Sequence[str]) -> pd.DataFrame:
    """Read a GeoNames-style tab-separated file (no header, no quoting) as strings."""
    try:
        return pd.read_csv(
            src,
            sep="\t",
            header=None,
            names=list(columns),
            dtype=str,
            quoting=3,  # csv.QUOTE_NONE: GeoNames names contain quotes
            na_filter=False,
            comment=None,
            encoding="utf-8",
            on_bad_lines="error",
        )
    except OSError as exc:
        raise BadInputError(f"cannot read {src.name}: {exc.strerror or exc}", src) from None
    except (pd.errors.ParserError, UnicodeDecodeError, ValueError) as exc:
        msg = _first_line(exc)
        raise BadInputError(
            f"not a {len(columns)}-column GeoNames file: {msg}", src, _parser_line(msg)
        ) from None


def _read_alternate_names(src: Path, geonameids: set[str]) -> dict[str, list[str]]:
    """Names per geonameid from ``alternateNamesV2.txt`` (10 columns; large: read in chunks)."""
    columns = (
        "id", "geonameid", "lang", "name", "preferred", "short", "colloquial", "historic",
        "from", "to",
    )  # fmt: skip
    out: dict[str, list[str]] = {}
    try:
        reader = pd.read_csv(
            src,
            sep="\t",
            header=None,
            names=list(columns),
            dtype=str,
            quoting=3,
            na_filter=False,
            chunksize=500_000,
            encoding="utf-8",
        )
        for chunk in reader:
            chunk = chunk[chunk["geonameid"].isin(geonameids) & ~chunk["lang"].isin(_NOT_NAMES)]
            for gid, name in zip(chunk["geonameid"], chunk["name"], strict=True):
                if name:
                    out.setdefault(gid, []).append(name)
    except OSError as exc:
        raise BadInputError(f"cannot read {src.name}: {exc.strerror or exc}", src) from None
    except (pd.errors.ParserError, UnicodeDecodeError, ValueError) as exc:
        msg = _first_line(exc)
        raise BadInputError(f"not an alternateNames file: {msg}", src, _parser_line(msg)) from None
    return out


def _shipped_aoi_box() -> tuple[float, float, float, float] | None:
    """Bounds of the shipped area of interest, if the data has one."""
    try:
        path = data_path("aoi.geojson")
    except FileNotFoundError:
        return None
    try:
        import json

        from shapely.geometry import shape

        data = json.loads(path.read_text(encoding="utf-8"))
        feats = data.get("features", [data])
        bounds = np.array([shape(f.get("geometry", f)).bounds for f in feats])
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    return (
        float(bounds[:, 0].min()),
        float(bounds[:, 1].min()),
        float(bounds[:, 2].max()),
        float(bounds[:, 3].max()),
    )


def resolve_name(gazetteer: Gazetteer | None, name: str) -> Match | None:
    """The one name look-up every layer shares (extraction, curated events, baselines, routes).

    Parameters
    ----------
    gazetteer : Gazetteer or None
        Where to look; None finds nothing.
    name : str
        A place name in any transliteration.

    Returns
    -------
    Match or None
        The best match (WGS84 lat/lon), or None for a blank or unknown name.
    """
    if gazetteer is None or not name or not simplify(name):
        return None
    return gazetteer.geocode(name)
