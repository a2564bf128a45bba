"""The library takes a profile: tables, basemap, route and title come from its files."""

from __future__ import annotations

import json

from frontline.pipeline import make_map, profile_tables
from frontline.reference.profile import load_profile, with_files


def _payload(m):
    layer = m._children["frontline"]
    return layer.data, layer.raw


def test_donetsk_map_uses_the_profile_files() -> None:
    data, raw = _payload(make_map(profile="donetsk"))
    assert data["routeName"] == "Pokrovsk-Kurakhove"
    assert [s["label"] for s in data["sides"]] == ["Russian forces", "Ukrainian forces"]
    (lat0, lon0), (lat1, lon1) = data["bounds"]
    assert 47 < lat0 < lat1 < 49 and 36 < lon0 < lon1 < 39  # Donetsk oblast, not Syria
    # One basemap layer (the profile's Ukrainian admin-1 file), all of it north of 44° N.
    assert len(data["basemap"]) == 1
    first = json.loads(raw[0])
    assert first["type"] in ("Polygon", "MultiPolygon", "LineString", "MultiLineString")
    assert all(lat > 44 for _, lat in first["coordinates"][0])


def test_default_profile_is_nw_syria() -> None:
    data, _ = _payload(make_map(date="2020-02-08"))
    assert data["routeName"].startswith("M5")
    (lat0, _), (lat1, _) = data["bounds"]
    assert 34 < lat0 < lat1 < 37.5


def test_profile_tables_and_with_files() -> None:
    gazetteer, sides = profile_tables("donetsk")
    assert sides.keys == ["russia", "ukraine"]
    assert gazetteer is not None
    p = with_files(load_profile("donetsk"), curated=[], route=load_profile().route)
    assert p.curated == () and p.route == load_profile().route and p.name == "donetsk"
