"""Places and offline geocoding: resolve the many spellings of a place name to coordinates.

A :class:`Gazetteer` holds one row per place (``data/gazetteer.csv`` by default, merged with
the sources a user added with ``frontline gazetteer add``; or a GeoNames dump) and answers
``geocode(name)`` in tiers: exact name -> alias -> folded key
(:func:`frontline.reference.normalize.fold`, Arabic script and Turkish spellings included)
-> fuzzy (rapidfuzz, 0-100). Every answer carries a ``status`` saying how sure it is:

``exact``
    the name of a place; ``alias``: one of its other names;
``fuzzy``
    a transliteration or typo close to a name (never answered outside the area of interest,
    the ``admin1`` region or the ``near`` radius);
``ambiguous``
    several distinct places fit about as well (``Match.alternatives`` lists the others);
``none``
    nothing fits (``geocode`` returns ``None``).
"""

from __future__ import annotations

import operator
import os
import re
from collections.abc import Iterable, Iterator
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from frontline._validate import check_finite, check_text
from frontline.errors import BadInputError, UnknownPlaceError
from frontline.reference._format import (
    MATCH_FIELDS,
    check_admin1,
    format_matches,
    parse_near,
    read_names,
)
from frontline.reference._load import (
    GEONAMES_COLUMNS,
    read_aoi,
    read_geonames,
    read_table,
    shipped_aoi,
    shipped_aoi_box,
)
from frontline.reference._lookup import (
    AMBIGUOUS_KM,
    AOI_KM,
    NEAR_KM,
    STATUSES,
    TIERS,
    PlaceIndex,
    plain_latin,
)
from frontline.reference._match import Match, Place, fields_but_query, with_query
from frontline.reference.normalize import (
    compact,
    fold,
    latin,
    simplify,
    simplify_ascii,
)

if TYPE_CHECKING:
    import geopandas as gpd
    from shapely.geometry.base import BaseGeometry

__all__ = [
    "AMBIGUOUS_KM",
    "AOI_KM",
    "GEONAMES_COLUMNS",
    "MATCH_FIELDS",
    "NEAR_KM",
    "STATUSES",
    "TIERS",
    "Gazetteer",
    "Match",
    "Place",
    "check_admin1",
    "format_matches",
    "parse_near",
    "read_names",
    "resolve_name",
]


#: Columns of :meth:`Gazetteer.geocode_series`.
_SERIES_COLUMNS = ("place_id", "name", "lat", "lon", "admin1", "status", "score", "aoi_km")
# The fields of a Match in those columns, in one C call per answer.
_series_row = operator.attrgetter(*_SERIES_COLUMNS)
_NO_ROW = ("", "", float("nan"), float("nan"), "", "none", float("nan"), float("nan"))
# Distinct names from which geocode_series builds every index first (a few seconds' work
# with large sources, repaid within a batch of this size).
_WARM_BATCH = 1000
# Separators of compound names (OCHA writes merged communities "A - B" or "A_B").
_PARTS = re.compile(r"\s+[-\u2013/]\s+|_|/")
# Statuses a compound name's part may improve on, and how sure each status is.
_UNSURE = ("fuzzy", "ambiguous")
_SURENESS = {"ambiguous": 0, "fuzzy": 1}
# Between equal statuses, a name found by its key is surer than one found by the fuzzy tier
# (a whole compound name scored against one place's name glues two names together).
_TIER_SURENESS = {"fuzzy": 0, "folded": 1}


def _sureness(m: Match) -> tuple[int, int]:
    return _SURENESS.get(m.status, 2), _TIER_SURENESS.get(m.tier, 2)


def _is_shipped(src: Path) -> bool:
    """Whether ``src`` is the shipped ``data/gazetteer.csv``."""
    from frontline._paths import data_path

    try:
        return src.resolve() == data_path("gazetteer.csv").resolve()
    except (FileNotFoundError, OSError):
        return False


class Gazetteer(PlaceIndex):
    """A table of places with fast, transliteration-tolerant look-up.

    Parameters
    ----------
    table : pandas.DataFrame
        Columns ``id, name, lat, lon`` (WGS84 degrees) and optionally ``admin1, feature,
        population, alt_names`` (pipe-separated), ``geonameid, source``.
    bias_box : tuple of float, optional
        ``(min_lon, min_lat, max_lon, max_lat)``, the area of interest: places inside rank
        above namesakes outside, and fuzzy matches far outside are not answers.
        Default: the table's own extent.
    threshold : float
        Minimum fuzzy score (0-100) for a fuzzy match.
    path : path, optional
        Where the table came from (for messages).
    """

    @classmethod
    def load(
        cls,
        path: str | os.PathLike[str] | None = None,
        *,
        bias_box: tuple[float, float, float, float] | None = None,
        threshold: float = 80.0,
        user_sources: bool | None = None,
        aoi: str | os.PathLike[str] | BaseGeometry | None = None,
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
        user_sources : bool, optional
            Merge the sources added with ``frontline gazetteer add`` (see
            :mod:`frontline.reference.sources`). Default: only when ``path`` is None.
        aoi : path or shapely geometry, optional
            The area of interest (a GeoJSON polygon file, e.g. a profile's ``[aoi] file``,
            or a WGS84 geometry): places inside rank above namesakes outside, fuzzy matches
            farther than :data:`AOI_KM` from it are no answers, and every match carries its
            distance to it (``aoi_km``). Default: the shipped area of interest when ``path``
            is None or the shipped gazetteer itself; otherwise ``bias_box`` or the table's
            extent.

        Returns
        -------
        Gazetteer

        Raises
        ------
        BadInputError
            If the file cannot be read or a row is malformed (names file and line).
        """
        from frontline._paths import data_path

        src = Path(path) if path is not None else data_path("gazetteer.csv")
        table = read_table(src)
        if not len(table):  # an empty gazetteer was silently replaced by the shipped one
            raise BadInputError("the gazetteer has no places (header only)", src)
        check_finite(threshold, "threshold", low=0, high=100)
        if user_sources if user_sources is not None else path is None:
            from frontline.reference.sources import merge_user_sources

            table = merge_user_sources(table, src)
        area: BaseGeometry | None = None
        if aoi is not None:
            area = read_aoi(aoi) if isinstance(aoi, (str, os.PathLike)) else aoi
            if bias_box is None:
                x0, y0, x1, y1 = (float(b) for b in area.bounds)
                bias_box = (x0, y0, x1, y1)
        elif bias_box is None and (path is None or _is_shipped(src)):
            # The shipped gazetteer named by its path (a profile's "data:gazetteer.csv")
            # is the shipped gazetteer: same area of interest as Gazetteer.load().
            bias_box = shipped_aoi_box()
            area = shipped_aoi()
        return cls(table, bias_box=bias_box, threshold=threshold, path=src, aoi=area)

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
        BadInputError
            A row with the wrong number of columns or bad coordinates (file and line).
        """
        src = Path(path)
        frame = read_geonames(
            src,
            country=country,
            feature_classes=feature_classes,
            alternate_names=alternate_names,
            admin1_codes=admin1_codes,
        )
        return cls(frame, bias_box=bias_box, threshold=threshold, path=src)

    # --- indexes (built on first use) -----------------------------------------------------

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
        UnknownPlaceError
            If there is no such id.
        """
        i = self._row_of.get(place_id)
        if i is None:
            raise UnknownPlaceError(f"unknown place id {place_id!r}", self.path)
        row = self._table.iloc[i]
        pop = pd.to_numeric(str(row.get("population") or ""), errors="coerce")
        gid = pd.to_numeric(str(row.get("geonameid") or "").split("|")[0], errors="coerce")
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
            Admin-1 region (``"Idlib"``; spellings fold, ``Idleb`` works): only places in
            it are candidates.
        near : (lat, lon), optional
            A point (WGS84 degrees) known from context: nearer places rank first.
        fuzzy : bool, optional
            Whether to run the fuzzy tier; default: only when no index tier matched.

        Returns
        -------
        list of Match
            Sorted by ``rank_score`` (name score plus context), highest first. When the best
            candidate is the answer :meth:`geocode` gives, it is that answer (with its
            ``status``, ``ambiguous`` included).
        """
        simple = simplify(name)
        if not simple:
            raise BadInputError("empty place name")
        region = fold(admin1) if admin1 else None
        found = self._find(name, simple, fuzzy=fuzzy, region=region)
        ranked = self._rank(found, near, simple)
        out = [self._match(name, r) for r in ranked[:k]]
        answer = self._answer(name, ranked, near)
        if out and answer is not None and answer.place_id == out[0].place_id:
            out[0] = answer
        return out

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
            Admin-1 region, e.g. ``"Idlib"`` from "in Idlib province": only places in it.
        near : (lat, lon), optional
            A point (WGS84 degrees) from context, e.g. a place resolved in the same text.

        Returns
        -------
        Match or None
            The answer with its ``status`` (see :data:`STATUSES`); ``None`` (status
            ``none``) if nothing scores at least :attr:`threshold`, or only fuzzy matches
            outside the area of interest or the ``near`` radius do.

        Raises
        ------
        BadInputError
            If ``name`` is empty.
        """
        if admin1 is None and near is None:
            # Fast paths, same answers as the general path (the tests check): names and
            # aliases as written are answered with a prebuilt Match, other spellings of
            # them from _best_hit, folded spellings from their key's forms.
            by_form, by_simple = self.__dict__.get("_best_hit") or self._answer_index()
            done = by_form.get(name) if name.__class__ is str else None
            if done is not None:
                return done
            check_text(name, "place name")  # geocode(None) was a TypeError
            if name.isascii():
                simple = simplify_ascii(name)
            elif plain_latin(name):
                simple = simplify(name)
            else:
                return self._general(name, None, None)
            hit = by_simple.get(simple)
            if hit is not None:
                return with_query(name, hit)
            if simple and simple not in self._named:
                settled, answer = self._folded_answer(name, simple)
                if settled:
                    return answer
        check_text(name, "place name")
        return self._general(name, admin1, near)

    def _general(
        self, name: str, admin1: str | None, near: tuple[float, float] | None
    ) -> Match | None:
        """:meth:`geocode` by the general path (any script, any context)."""
        simple = simplify(name)
        if not simple:
            raise BadInputError("empty place name")
        region = fold(admin1) if admin1 else None
        found = self._find(name, simple, fuzzy=None, region=region)
        answer = self._answer(name, self._rank(found, near, simple), near)
        if region is not None and answer is not None and answer.status == "fuzzy":
            answer = self._doubt_region(name, simple, answer, near)
        if (answer is None or answer.status in _UNSURE) and _PARTS.search(name):
            return self._compound(name, answer, admin1=admin1, near=near)
        return answer

    def _compound(
        self,
        name: str,
        answer: Match | None,
        *,
        admin1: str | None,
        near: tuple[float, float] | None,
    ) -> Match | None:
        """A compound name (``A - B``, ``A_B``, ``A / B``: merged communities, or a name with
        its other name) answered by a part when the whole found nothing sure: the surest
        part (a name or alias, then a single fuzzy match, then an ambiguous one; the higher
        rank between equals) when it is surer than the whole's answer."""
        parts = [p for p in _PARTS.split(name) if simplify(p)]
        found = [m for p in parts if (m := self.geocode(p, admin1=admin1, near=near))]
        if not found:
            return answer
        best = max(found, key=lambda m: (*_sureness(m), m.rank_score))
        if answer is not None and _sureness(answer) >= _sureness(best):
            return answer
        return with_query(name, fields_but_query(best))

    def build_index(self) -> None:
        """Build every look-up index now (they are otherwise built on first use, and the
        pre-ranked answers of names and aliases only once the gazetteer has answered a few
        hundred queries, so that a single look-up does not pay for them)."""
        _ = self._exact, self._alias, self._folded, self._loose, self._fuzzy, self._word_fold
        _ = self._named, self._simple_forms, self._places, self._best_hit

    def geocode_many(
        self, names: Iterable[str], *, admin1: str | None = None
    ) -> list[Match | None]:
        """:meth:`geocode` each name; blank names give ``None`` instead of an error.

        Each distinct name is resolved once (repeats share the answer, a frozen Match).
        """
        names = list(names)
        answers: dict[str, Match | None] = {}
        for name in names:
            if name not in answers:
                answers[name] = self.geocode(name, admin1=admin1) if simplify(name) else None
        return [answers[n] for n in names]

    def geocode_series(self, names: pd.Series, *, admin1: str | None = None) -> pd.DataFrame:
        """Geocode a column of names at once.

        Distinct names are resolved once; names and aliases as written are answered from
        the precomputed table of answers (one dict look-up each), the others by
        :meth:`geocode`. Missing and blank names give an empty row.

        Parameters
        ----------
        names : pandas.Series
            Place names (any transliteration or Arabic script); NaN allowed.
        admin1 : str, optional
            Admin-1 region for every name (as in :meth:`geocode`).

        Returns
        -------
        pandas.DataFrame
            Indexed like ``names``; columns ``place_id, name, lat, lon`` (WGS84 degrees),
            ``admin1, status`` (see :data:`STATUSES`; ``none`` without an answer),
            ``score`` (0-100) and ``aoi_km`` (km from the area of interest). Without an
            answer: NaN coordinates and empty strings.
        """
        codes, uniques = pd.factorize(names)
        if admin1 is None and len(uniques) >= _WARM_BATCH:
            self.build_index()  # a batch pays for the answer table at once
        by_form = self._answer_index()[0] if admin1 is None else {}
        rows: list[tuple[str, str, float, float, str, str, float, float]] = []
        append, known, geocode = rows.append, by_form.get, self.geocode
        for name in uniques.tolist():  # factorize's uniques: hashable, no NaN
            m = known(name)
            if m is None and isinstance(name, str):
                try:
                    m = geocode(name, admin1=admin1)
                except BadInputError:  # a blank name (cheaper than simplifying each first)
                    m = None
            append(_NO_ROW if m is None else _series_row(m))
        rows.append(_NO_ROW)  # code -1 (NaN) takes the last row
        table = pd.DataFrame.from_records(rows, columns=list(_SERIES_COLUMNS))
        table["aoi_km"] = pd.to_numeric(table["aoi_km"])  # a None aoi_km is NaN
        out = table.take(codes)  # -1 wraps to the empty row
        out.index = names.index
        return out

    def suggest(self, name: str, k: int = 5) -> list[Match]:
        """Nearest names to ``name`` even below the fuzzy threshold (for "did you mean")."""
        index, owners = self._fuzzy
        scored = sorted(index.search(compact(latin(name)), 0.0), key=lambda t: -t[1])[:k]
        return [
            self._match(name, (-score, owners[j][0][0], score, "fuzzy", owners[j][0][1], None))
            for j, score in scored
        ]

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
            values = frame[col].astype(str).str.split("|").str[0]
            frame[col] = pd.to_numeric(values, errors="coerce").astype("Int64")
        return gpd.GeoDataFrame(
            frame, geometry=gpd.points_from_xy(self._lon, self._lat), crs="EPSG:4326"
        )

    def __repr__(self) -> str:
        where = f" from {self.path}" if self.path else ""
        return f"<Gazetteer {len(self)} places{where}>"


def resolve_name(
    gazetteer: Gazetteer | None,
    name: str,
    *,
    admin1: str | None = None,
    near: tuple[float, float] | None = None,
) -> Match | None:
    """The one name look-up every layer shares (extraction, curated events, baselines, routes).

    Parameters
    ----------
    gazetteer : Gazetteer or None
        Where to look; None finds nothing.
    name : str
        A place name in any transliteration.
    admin1 : str, optional
        Only places in this admin-1 region.
    near : (lat, lon), optional
        Context point (WGS84 degrees).

    Returns
    -------
    Match or None
        The answer (WGS84 lat/lon; see :meth:`Gazetteer.geocode`), or None for a blank or
        unknown name.
    """
    if gazetteer is None or not name or not simplify(name):
        return None
    return gazetteer.geocode(name, admin1=admin1, near=near)
