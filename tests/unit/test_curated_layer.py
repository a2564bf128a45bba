"""The shipped curated event layer re-checked against the governorates its rows name, and
the one name look-up shared by geocode, the curated layer and extraction."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import Point

from frontline.cli import main
from frontline.reference.gazetteer import Gazetteer, resolve_name

ROOT = Path(__file__).resolve().parents[2]
EVENTS = ROOT / "data" / "events" / "nw_syria_2019_2020.csv"
# Natural Earth 1:10m borders are coarse: a village on the line may fall just outside.
BORDER_KM = 2.0


@pytest.fixture(scope="module")
def events() -> pd.DataFrame:
    return pd.read_csv(EVENTS, dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def builder() -> ModuleType:
    path = ROOT / "scripts" / "build_curated_events.py"
    spec = importlib.util.spec_from_file_location("build_curated_events", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_curated_events"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def shipped() -> Gazetteer:
    return Gazetteer.load(user_sources=False)


def test_every_located_place_lies_in_its_governorate(events: pd.DataFrame) -> None:
    areas = gpd.read_file(ROOT / "data" / "syria_admin1_ne10m.geojson")
    metric = areas.to_crs(areas.estimate_utm_crs())
    by_name = {str(n).casefold(): g for n, g in zip(areas["name_en"], metric.geometry, strict=True)}
    located = events[events["lat"] != ""]
    assert len(located) >= 95
    points = gpd.GeoSeries(
        [Point(float(x), float(y)) for x, y in zip(located["lon"], located["lat"], strict=True)],
        crs="EPSG:4326",
    ).to_crs(metric.crs)
    off = []
    for (_, row), point in zip(located.iterrows(), points, strict=True):
        governorates = [g.strip().casefold() for g in row["governorate"].split("/")]
        km = min(point.distance(by_name[g]) / 1000.0 for g in governorates)
        if km > BORDER_KM:
            off.append(f"{row['date']} {row['place']} ({row['place_id']}): {km:.1f} km")
    assert off == []


def test_wrong_namesakes_are_no_longer_placed(events: pd.DataFrame) -> None:
    # Qatra (Idlib) is not Qaturah (Aleppo); al-Mansura west of Aleppo is not the one east
    # of it; al-Salehiyah on the M5 is one of several Salihiyah: none is placed by guess.
    for place, wrong in [("Qatra", "wp:qaturah"), ("al-Mansura", "wp:al-mansourah"),
                         ("al-Salehiyah", "wp:salihiyah")]:  # fmt: skip
        rows = events[events["place"] == place]
        assert len(rows) == 1, place
        assert rows["place_id"].iloc[0] != wrong and rows["lat"].iloc[0] == "", place


def test_build_script_reproduces_the_layer(builder: ModuleType, events: pd.DataFrame) -> None:
    rows, unlocated, dropped = builder.build()
    assert dropped == 4
    built = pd.DataFrame(rows)
    assert built[["place", "place_id", "lat", "lon"]].equals(
        events[["place", "place_id", "lat", "lon"]]
    )
    assert any(line.endswith("km from the report's other places") for line in unlocated)


def test_unresolved_rows_are_listed_in_data_readme(events: pd.DataFrame) -> None:
    readme = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
    missing = events[(events["lat"] == "") & ~events["place"].str.startswith("Turkish")]
    for place in sorted(set(missing["place"])):
        assert place in readme, place


def test_one_lookup_for_geocode_curated_layer_and_extraction(
    builder: ModuleType, shipped: Gazetteer, events: pd.DataFrame, capsys: pytest.CaptureFixture
) -> None:
    from frontline.events.extract.places import scanner_for

    name = "Tell Mannas"
    found = resolve_name(shipped, name)
    assert found is not None and found.place_id == "wp:tall-manis"
    # curated layer: the build's governorate-constrained resolution, and the shipped row
    match, _ = builder.geocode(shipped, [name], ["Idlib"])
    assert match is not None and match.place_id == found.place_id
    assert events.loc[events["place"] == name, "place_id"].tolist() == [found.place_id]
    # geocode command
    main(["geocode", name, "--format", "csv"])  # returns normally on a match
    assert found.place_id in capsys.readouterr().out
    # extraction: the text scanner finds the same place
    hits = scanner_for(shipped).scan(f"Government forces captured {name} on Saturday.")
    assert [h.candidates[0][0] for h in hits] == [found.place_id]
