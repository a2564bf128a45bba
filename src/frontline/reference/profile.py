"""Conflict profiles: one TOML file that names everything frontline knows about one war.

A profile is a folder holding ``profile.toml`` (or the TOML file itself). Paths in it are
relative to the file's folder; a path written ``data:NAME`` is a file shipped with frontline
(``data/NAME`` in a checkout, ``frontline/data/NAME`` in a wheel). Example::

    [profile]
    name = "donetsk"
    title = "Donetsk oblast, 2024-2025"

    [gazetteer]
    sources = ["gazetteer.csv"]

    [sides]
    file = "sides.csv"

    [aoi]
    file = "aoi.geojson"

    [routes]                      # name -> LineString GeoJSON
    "Pokrovsk-Kurakhove" = "route_pokrovsk_kurakhove.geojson"

    [basemap]
    layers = ["ukraine_admin1_ne10m.geojson"]

    [baselines]                   # name -> baseline CSV (place,side,as_of,source)

    [curated]
    layers = ["events/donetsk_2024_2025.csv"]

    [regions]                     # region word -> administrative level
    oblast = 1
    raion = 2

    [defaults]
    route = "Pokrovsk-Kurakhove"
    start = "2024-07-01"
    end = "2025-03-31"
    horizon_days = 60             # default of --horizon-days
    max_km = 10.0                 # default of --max-km
    output = "donetsk.html"       # default file of `frontline map`

    [extract]                     # extraction rules (docs/profiles.md)
    outlier_km = 75.0
    namesake_city = "always"

Every key but ``[profile] name`` is optional. A bad file, key or value raises
:class:`~frontline.errors.BadInputError` naming the file and the key.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from frontline._paths import data_path, profile_path
from frontline.errors import BadInputError

__all__ = [
    "DEFAULT_OUTLIER_KM",
    "DEFAULT_PROFILE",
    "NAMESAKE_CITY_RULES",
    "PROFILE_FILE",
    "Profile",
    "default_profile",
    "load_profile",
    "shipped_profile",
    "with_files",
]

PROFILE_FILE = "profile.toml"

DEFAULT_OUTLIER_KM = 75.0
"""Default ``[extract] outlier_km`` (km)."""

NAMESAKE_CITY_RULES = ("called-city", "always", "never")
"""Values of ``[extract] namesake_city``: when a place named like an admin-1 region is a place."""
"""The name of the TOML file inside a profile folder."""

DEFAULT_PROFILE = "nw_syria"
"""The shipped profile used when no profile is given."""

_SHIPPED_PREFIX = "data:"
_SECTIONS = {
    "profile": {"name", "title", "description", "country"},
    "gazetteer": {"sources"},
    "sides": {"file"},
    "aoi": {"file"},
    "routes": None,  # free names
    "basemap": {"layers"},
    "baselines": None,
    "curated": {"layers"},
    "regions": None,
    "defaults": {"route", "start", "end", "horizon_days", "max_km", "output"},
    "extract": {"outlier_km", "namesake_city"},
}


def _frozen(mapping: Mapping[str, Any]) -> Mapping[str, Any]:
    return MappingProxyType(dict(mapping))


@dataclass(frozen=True)
class Profile:
    """One conflict's data files and defaults, with absolute paths.

    Attributes
    ----------
    name : str
        Short identifier (``nw_syria``, ``donetsk``).
    title : str
        Human title, shown on maps.
    path : Path
        The ``profile.toml`` this was read from.
    gazetteer : tuple of Path
        Gazetteer CSVs (``id,name,lat,lon,...``), first wins on duplicate ids.
    sides : Path or None
        The sides table (``side,label,colour,aliases``).
    aoi : Path or None
        Area-of-interest polygon (GeoJSON, WGS84).
    routes : Mapping of str to Path
        Named routes (LineString GeoJSON), in file order.
    basemap : tuple of Path
        GeoJSON layers drawn under the map (outline, admin boundaries).
    baselines : Mapping of str to Path
        Named baseline CSVs (``place,side,as_of,source``).
    curated : tuple of Path
        Curated event CSVs added to extracted events.
    regions : Mapping of str to int
        Region words (lower case) and the administrative level they name (1 = province).
    default_route : str or None
        Key of :attr:`routes` used when no route is asked for.
    start, end : str or None
        Default date range (ISO dates).
    horizon_days : int or None
        Default of ``--horizon-days`` (days): a state implied from a later event reaches at
        most this far back (:class:`~frontline.control.ControlTimeline`); without it 60.
    max_km : float or None
        Default distance (km) beyond which the map shows "unknown" (``--max-km``; without it
        the library default, 40 km).
    output : str or None
        Default file name of ``frontline map`` (without it: ``NAME.html``); see
        :attr:`map_file`.
    outlier_km : float
        The extractor drops a place farther than this (km) from the article's other places
        unless the article names its admin-1 region (default :data:`DEFAULT_OUTLIER_KM`, 75 km).
    namesake_city : str
        When a place named like an admin-1 region (Idlib, Donetsk) is an event place:
        ``"always"`` (default), ``"called-city"`` (only when the text says "the city of X" or
        "X city"; the shipped ``nw_syria`` profile) or ``"never"``.
    description, country : str
        Free text; ISO 3166-1 alpha-2 country code(s) of the gazetteer, if given.
    """

    name: str
    path: Path
    title: str = ""
    description: str = ""
    country: str = ""
    gazetteer: tuple[Path, ...] = ()
    sides: Path | None = None
    aoi: Path | None = None
    routes: Mapping[str, Path] = field(default_factory=lambda: _frozen({}))
    basemap: tuple[Path, ...] = ()
    baselines: Mapping[str, Path] = field(default_factory=lambda: _frozen({}))
    curated: tuple[Path, ...] = ()
    regions: Mapping[str, int] = field(default_factory=lambda: _frozen({}))
    default_route: str | None = None
    start: str | None = None
    end: str | None = None
    horizon_days: int | None = None
    max_km: float | None = None
    output: str | None = None
    outlier_km: float = DEFAULT_OUTLIER_KM
    # "always": in most reporting "captured Zangilan" is the town, and a region is called one
    # ("Zangilan district"). NW Syria writes "called-city" out ("Idlib" there is the province).
    namesake_city: str = "always"

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> Profile:
        """Read a profile from a folder holding ``profile.toml`` or from the TOML file.

        Parameters
        ----------
        path : path
            The folder or the file.

        Returns
        -------
        Profile
            With every path absolute and checked to exist.

        Raises
        ------
        BadInputError
            If the file is missing or malformed, a key is unknown or of the wrong type, or a
            named file does not exist (the message names the file and the key).
        """
        src = Path(path)
        if src.is_dir():
            src = src / PROFILE_FILE
        src = src.resolve()
        try:
            with open(src, "rb") as fh:
                data = tomllib.load(fh)
        except FileNotFoundError:
            raise BadInputError("no conflict profile here (expected profile.toml)", src) from None
        except OSError as exc:
            raise BadInputError(f"cannot read profile: {exc.strerror or exc}", src) from None
        except tomllib.TOMLDecodeError as exc:
            raise BadInputError(f"malformed TOML: {exc}", src) from None
        return _Reader(src, data).profile()

    @property
    def route(self) -> Path | None:
        """The default route's file, or the first route, or None (no routes)."""
        if self.default_route is not None:
            return self.routes[self.default_route]
        return next(iter(self.routes.values()), None)

    @property
    def map_file(self) -> str:
        """The default output file of ``frontline map``: ``[defaults] output`` or ``NAME.html``."""
        return self.output or f"{self.name}.html"

    @property
    def map_title(self) -> str:
        """The map title: the profile's title (its name when the file gives none)."""
        return self.title or self.name

    @property
    def baseline(self) -> Path | None:
        """The first baseline's file, or None (no baselines)."""
        return next(iter(self.baselines.values()), None)

    @property
    def folder(self) -> Path:
        """The folder holding the profile file."""
        return self.path.parent

    def region_words(self, level: int | None = None) -> list[str]:
        """Region words of the profile (all, or those naming ``level``), sorted."""
        return sorted(w for w, lvl in self.regions.items() if level is None or lvl == level)


class _Reader:
    """Checks one parsed TOML document and builds the :class:`Profile`."""

    def __init__(self, path: Path, data: dict[str, Any]) -> None:
        self.path = path
        self.data = data

    def fail(self, key: str, message: str) -> BadInputError:
        where = f"[{key}]" if "." not in key else key
        return BadInputError(f"{where}: {message}", self.path)

    def section(self, name: str) -> dict[str, Any]:
        value = self.data.get(name, {})
        if not isinstance(value, dict):
            raise self.fail(name, "must be a table")
        allowed = _SECTIONS[name]
        if allowed is not None:
            unknown = sorted(set(value) - allowed)
            if unknown:
                raise self.fail(
                    f"{name}.{unknown[0]}", f"unknown key; known keys: {', '.join(sorted(allowed))}"
                )
        return value

    def text(self, section: str, key: str, value: Any) -> str:
        if not isinstance(value, str):
            raise self.fail(f"{section}.{key}", f"must be a string, not {type(value).__name__}")
        return value

    def file(self, section: str, key: str, value: Any) -> Path:
        text = self.text(section, key, value)
        if text.startswith(_SHIPPED_PREFIX):
            try:
                return data_path(text[len(_SHIPPED_PREFIX) :]).resolve()
            except FileNotFoundError:
                raise self.fail(f"{section}.{key}", f"no shipped file {text!r}") from None
        resolved = (self.path.parent / Path(text).expanduser()).resolve()
        if not resolved.exists():
            raise self.fail(f"{section}.{key}", f"file not found: {resolved}")
        return resolved

    def files(self, section: str, key: str, value: Any) -> tuple[Path, ...]:
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            raise self.fail(f"{section}.{key}", "must be a list of paths")
        return tuple(self.file(section, f"{key}[{i}]", v) for i, v in enumerate(value))

    def named_files(self, section: str) -> Mapping[str, Path]:
        return _frozen({k: self.file(section, k, v) for k, v in self.section(section).items()})

    def regions(self) -> Mapping[str, int]:
        out: dict[str, int] = {}
        for word, level in self.section("regions").items():
            if isinstance(level, bool) or not isinstance(level, int) or not 1 <= level <= 5:
                raise self.fail(f"regions.{word}", "must be an administrative level 1-5")
            out[word.strip().lower()] = level
        return _frozen(out)

    def date(self, key: str, value: Any) -> str | None:
        if value is None:
            return None
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value.isoformat()
        try:
            return dt.date.fromisoformat(self.text("defaults", key, value)).isoformat()
        except ValueError:
            raise self.fail(f"defaults.{key}", f"not an ISO date (YYYY-MM-DD): {value!r}") from None

    def number(self, key: str, value: Any, kind: type, section: str = "defaults") -> Any:
        if value is None:
            return None
        if (
            isinstance(value, bool)
            or not isinstance(value, (int, float))
            or not 0 < value < float("inf")
        ):
            raise self.fail(f"{section}.{key}", f"must be a positive number, not {value!r}")
        if kind is int and not isinstance(value, int):
            raise self.fail(f"{section}.{key}", f"must be a whole number of days, not {value!r}")
        return kind(value)

    def extract(self) -> dict[str, Any]:
        section = self.section("extract")
        out: dict[str, Any] = {}
        km = self.number("outlier_km", section.get("outlier_km"), float, "extract")
        if km is not None:
            out["outlier_km"] = km
        rule = section.get("namesake_city")
        if rule is not None:
            rule = self.text("extract", "namesake_city", rule)
            if rule not in NAMESAKE_CITY_RULES:
                known = ", ".join(NAMESAKE_CITY_RULES)
                raise self.fail("extract.namesake_city", f"must be one of {known}, not {rule!r}")
            out["namesake_city"] = rule
        return out

    def output(self, value: Any) -> str | None:
        if value is None:
            return None
        text = self.text("defaults", "output", value).strip()
        if not text or Path(text).name != text:
            raise self.fail("defaults.output", f"must be a plain file name, not {value!r}")
        return text

    def profile(self) -> Profile:
        unknown = sorted(set(self.data) - set(_SECTIONS))
        if unknown:
            raise self.fail(unknown[0], f"unknown section; known: {', '.join(_SECTIONS)}")
        head = self.section("profile")
        if "name" not in head:
            raise self.fail("profile.name", "missing (every profile has a name)")
        name = self.text("profile", "name", head["name"]).strip()
        if not name:
            raise self.fail("profile.name", "must not be empty")
        routes = self.named_files("routes")
        defaults = self.section("defaults")
        route = defaults.get("route")
        if route is not None and self.text("defaults", "route", route) not in routes:
            known = ", ".join(routes) or "none"
            raise self.fail("defaults.route", f"no route named {route!r} (routes: {known})")
        start = self.date("start", defaults.get("start"))
        end = self.date("end", defaults.get("end"))
        if start and end and start > end:
            raise self.fail("defaults.end", f"{end} is before start {start}")
        sides = self.section("sides").get("file")
        aoi = self.section("aoi").get("file")
        gazetteer = self.section("gazetteer").get("sources", [])
        return Profile(
            name=name,
            path=self.path,
            title=self.text("profile", "title", head.get("title", name)),
            description=self.text("profile", "description", head.get("description", "")),
            country=self.text("profile", "country", head.get("country", "")),
            gazetteer=self.files("gazetteer", "sources", gazetteer),
            sides=None if sides is None else self.file("sides", "file", sides),
            aoi=None if aoi is None else self.file("aoi", "file", aoi),
            routes=routes,
            basemap=self.files("basemap", "layers", self.section("basemap").get("layers", [])),
            baselines=self.named_files("baselines"),
            curated=self.files("curated", "layers", self.section("curated").get("layers", [])),
            regions=self.regions(),
            default_route=route,
            start=start,
            end=end,
            horizon_days=self.number("horizon_days", defaults.get("horizon_days"), int),
            max_km=self.number("max_km", defaults.get("max_km"), float),
            output=self.output(defaults.get("output")),
            **self.extract(),
        )


def load_profile(path: str | os.PathLike[str] | Profile | None = None) -> Profile:
    """Return a profile: ``path`` read, a :class:`Profile` as is, or the default profile.

    A bare name without a path separator that is not an existing folder or file (``donetsk``)
    is looked up among the shipped profiles.

    Returns
    -------
    Profile

    Raises
    ------
    BadInputError
        If the profile cannot be read or is invalid.
    """
    if path is None:
        return default_profile()
    if isinstance(path, Profile):
        return path
    candidate = Path(path)
    if not candidate.exists() and os.sep not in str(path) and "/" not in str(path):
        return shipped_profile(str(path))
    return Profile.load(candidate)


def shipped_profile(name: str) -> Profile:
    """Load a profile shipped with frontline (``nw_syria``, ``donetsk``).

    Raises
    ------
    BadInputError
        If there is no shipped profile of that name.
    """
    try:
        folder = profile_path(name)
    except FileNotFoundError as exc:
        raise BadInputError(str(exc)) from None
    return Profile.load(folder)


def default_profile() -> Profile:
    """The profile used when none is given: the shipped NW Syria example.

    Examples
    --------
    >>> default_profile().default_route
    'M5'
    """
    return shipped_profile(DEFAULT_PROFILE)


def _given(path: str | os.PathLike[str], what: str) -> Path:
    resolved = Path(path).expanduser().resolve()
    if not resolved.exists():
        raise BadInputError(f"{what}: file not found", resolved)
    return resolved


def with_files(
    profile: Profile,
    *,
    gazetteer: str | os.PathLike[str] | None = None,
    sides: str | os.PathLike[str] | None = None,
    aoi: str | os.PathLike[str] | None = None,
    route: str | os.PathLike[str] | None = None,
    baseline: str | os.PathLike[str] | None = None,
    curated: Sequence[str | os.PathLike[str]] | None = None,
) -> Profile:
    """``profile`` with some of its files replaced (the command line's per-file options).

    Parameters
    ----------
    profile : Profile
    gazetteer, sides, aoi : path, optional
        Replace the gazetteer sources, the sides table, the area of interest.
    route : path, optional
        Becomes the only route (and the default one), named ``route``.
    baseline : path, optional
        Becomes the only baseline, named ``baseline``.
    curated : sequence of path, optional
        Replace the curated layers (an empty sequence: none).

    Returns
    -------
    Profile
        A new profile; ``profile`` is unchanged.

    Examples
    --------
    >>> with_files(default_profile(), curated=[]).curated
    ()
    """
    changes: dict[str, Any] = {}
    if gazetteer is not None:
        # not checked here: the gazetteer loader says why it cannot read the file
        changes["gazetteer"] = (Path(gazetteer).expanduser().resolve(),)
    if sides is not None:
        changes["sides"] = _given(sides, "sides")
    if aoi is not None:
        changes["aoi"] = _given(aoi, "aoi")
    if route is not None:
        changes["routes"] = _frozen({"route": _given(route, "route")})
        changes["default_route"] = "route"
    if baseline is not None:
        changes["baselines"] = _frozen({"baseline": _given(baseline, "baseline")})
    if curated is not None:
        changes["curated"] = tuple(_given(c, "curated") for c in curated)
    return dataclasses.replace(profile, **changes)
