"""The geopy adapter: geopandas.tools.geocode, candidates, and the (fake) online fallback."""

from __future__ import annotations

from pathlib import Path

import geopandas
import pytest
from geopy.location import Location

from frontline.reference.gazetteer import Gazetteer
from frontline.reference.geocoder import FrontlineGeocoder


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.load()


def test_geopandas_geocode_with_instance(gaz: Gazetteer) -> None:
    result = geopandas.tools.geocode(
        ["Saraqeb", "Khan Sheikhoun", "Qwxzptl Vbnm"], provider=FrontlineGeocoder(gaz)
    )
    assert result.crs.to_epsg() == 4326
    saraqib, khan = gaz.get("gn:164816"), gaz.get("gn:168325")
    assert (result.geometry[0].x, result.geometry[0].y) == (saraqib.lon, saraqib.lat)
    assert (result.geometry[1].x, result.geometry[1].y) == (khan.lon, khan.lat)
    assert result["address"][1] == "Khan Shaykhun, Idlib"
    assert result.geometry[2].is_empty


def test_geopandas_geocode_with_class_and_options(gaz: Gazetteer) -> None:
    result = geopandas.tools.geocode(
        ["Suran"], provider=FrontlineGeocoder, gazetteer=gaz, admin1="Aleppo"
    )
    assert result["address"][0] == "Suran, Aleppo"


def test_location_fields_and_candidates(gaz: Gazetteer) -> None:
    coder = FrontlineGeocoder(gaz)
    loc = coder.geocode("Murak")
    assert isinstance(loc, Location)
    assert loc.raw["id"] == "gn:166640" and loc.raw["tier"] == "alias"
    many = coder.geocode("Suran", exactly_one=False)
    assert isinstance(many, list) and len(many) >= 2
    assert coder.reverse((loc.latitude, loc.longitude)).raw["id"] == "gn:166640"


class FakeOnline:
    """Stands in for an online geopy geocoder; records the queries it is asked."""

    def __init__(self) -> None:
        self.asked: list[str] = []

    def geocode(self, query: str, *args: object, **kwargs: object) -> Location | None:
        self.asked.append(query)
        if query == "Somewhere Far":
            # coordinates taken from the gazetteer, so no coordinate is invented here
            place = Gazetteer.load().get("gn:169389")
            return Location("Somewhere Far (online)", (place.lat, place.lon), {})
        return None


def test_fallback_is_off_by_default(gaz: Gazetteer) -> None:
    assert FrontlineGeocoder(gaz).geocode("Somewhere Far") is None


def test_fallback_chain_with_cache(gaz: Gazetteer, tmp_path: Path) -> None:
    online = FakeOnline()
    cache = tmp_path / "cache.sqlite"
    coder = FrontlineGeocoder(gaz, fallback=online, min_delay_seconds=0, cache=cache)
    assert coder.geocode("Saraqeb").raw["id"] == "gn:164816"
    assert online.asked == []  # the gazetteer answered; nothing went online
    far = coder.geocode("Somewhere Far")
    assert far.address == "Somewhere Far (online)"
    assert coder.geocode("Nowhere Qwxz") is None
    assert online.asked == ["Somewhere Far", "Nowhere Qwxz"]
    # a second geocoder on the same cache does not ask again, hits and misses alike
    again = FrontlineGeocoder(gaz, fallback=online, min_delay_seconds=0, cache=cache)
    assert (again.geocode("Somewhere Far").latitude, far.longitude) == (far.latitude, far.longitude)
    assert again.geocode("Nowhere Qwxz") is None
    assert online.asked == ["Somewhere Far", "Nowhere Qwxz"]
