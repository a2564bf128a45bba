"""Event tables: schema, stable ids, hand-coded CSV, ACLED, the curated layer, merging."""

from __future__ import annotations

import math
import warnings
from pathlib import Path

import pandas as pd
import pytest

from frontline.errors import FrontlineError, UnlocatedPlacesWarning
from frontline.events import (
    EVENT_COLUMNS,
    curated_events,
    event_id,
    merge_events,
    read_acled,
    read_events,
)
from frontline.events.extract import extract_events


def test_event_id_is_stable_and_sensitive() -> None:
    a = event_id("x.txt", "gn:168325", "control_change", "2019-08-21", "government")
    assert a == event_id("x.txt", "gn:168325", "control_change", "2019-08-21", "government")
    assert len(a) == 16 and int(a, 16) >= 0
    assert a != event_id("x.txt", "gn:168325", "control_change", "2019-08-22", "government")


def test_hand_coded_csv_is_geocoded(tmp_path: Path) -> None:
    f = tmp_path / "mine.csv"
    f.write_text(
        "date,place,kind,side,source,admin1\n"
        "2020-02-08,Saraqeb,captured,SAA,my notes,Idlib\n"
        "2019-08-21,Morek,besieged,government,my notes,Hama\n"
        "2019-08-21,Nowhereville,control_change,rebels,my notes,\n"
    )
    with pytest.warns(UnlocatedPlacesWarning, match="Nowhereville"):
        gdf = read_events(f)
    assert list(gdf.columns) == EVENT_COLUMNS
    assert gdf.crs.to_epsg() == 4326
    row = gdf.iloc[0]
    assert (row.kind, row.side, row.place_id) == ("control_change", "government", "gn:164816")
    assert row.geometry.x == pytest.approx(36.8, abs=0.1)
    assert row.geometry.y == pytest.approx(35.86, abs=0.1)
    assert gdf.iloc[1].kind == "siege"
    last = gdf.iloc[2]
    assert last.side == "opposition" and last.place_id == "" and math.isnan(last.lat)
    assert last.geometry is None


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("date,place,kind,side\n", "source"),
        ("date,place,kind,side,source\n2019-13-01,Morek,captured,SAA,x\n", "YYYY-MM-DD"),
        ("date,place,kind,side,source\n2019-08-01,Morek,shelled,SAA,x\n", "unknown kind"),
        ("date,place,kind,side,source\n2019-08-01,Morek,captured,aliens,x\n", "sides.csv"),
    ],
)
def test_hand_coded_errors_name_the_line(tmp_path: Path, body: str, message: str) -> None:
    f = tmp_path / "bad.csv"
    f.write_text(body)
    with pytest.raises(FrontlineError, match=message) as err:
        read_events(f)
    assert err.value.path == str(f)
    assert err.value.line in (1, 2)


def test_acled_is_detected_and_filtered(fixtures_dir: Path) -> None:
    path = fixtures_dir / "acled_sample.csv"
    gdf = read_events(path)
    assert len(gdf) == 3  # the shelling row is not a territorial change
    assert list(gdf.columns) == EVENT_COLUMNS
    by_place = {r.place: r for r in gdf.itertuples()}
    ks = by_place["Khan Shaykhun"]
    assert (ks.date, ks.side, ks.kind) == ("2019-08-21", "government", "control_change")
    assert ks.place_id == "gn:168325" and ks.article == "acled:FIXTURE001"
    assert by_place["Nairab"].side == "opposition"
    assert by_place["Saraqib"].date_precision == "week"
    assert read_acled(path).equals(gdf)


def test_curated_layer_schema_and_m5_places() -> None:
    gdf = curated_events()
    assert list(gdf.columns)[: len(EVENT_COLUMNS)] == EVENT_COLUMNS
    assert {"from_side", "note"} <= set(gdf.columns)
    assert len(gdf) == 138
    assert set(gdf["kind"]) == {"control_change", "siege", "entered"}
    # the reference's 'entered' rows: forces inside the town, not yet a capture
    entered = gdf[gdf.kind == "entered"]
    assert {
        ("2019-08-19", "gn:168325"),
        ("2020-01-28", "gn:167611"),
        ("2020-02-05", "gn:164816"),
    } <= set(zip(entered.date, entered.place_id, strict=True))
    assert set(gdf["article"]) == {"curated"}
    assert gdf["source"].str.contains("http").all()
    feb = gdf[(gdf.date >= "2020-02-01") & (gdf.date <= "2020-02-29")]
    taken = set(feb[(feb.side == "government") & (feb.kind == "control_change")].place_id)
    # towns on or beside the Hama-Aleppo M5 taken by the government in February 2020
    assert {"gn:164816", "wp:eis", "gn:172045", "wp:al-barqoum", "wp:khan-asal"} <= taken
    siege = gdf[(gdf.kind == "siege") & (gdf.date == "2019-08-21")]
    assert set(siege.place_id) == {"gn:168620", "wp:al-lataminah", "gn:166640"}
    mp = gdf[gdf.note.str.contains("Russia")]
    assert len(mp) == 1 and mp.iloc[0].side == "government"
    posts = gdf[gdf.from_side == "turkey"]
    assert len(posts) == 4 and (posts.place_id == "").all() and posts.lat.isna().all()
    assert posts.place.str.startswith("Turkish observation post").all()
    assert posts.note.str.contains("gn:166640").any()  # the post near Morek names the town


def test_curated_file_lists_sources_and_coordinates(repo_root: Path) -> None:
    df = pd.read_csv(repo_root / "data/events/nw_syria_2019_2020.csv", dtype=str,
                     keep_default_na=False)  # fmt: skip
    for col in ("date", "date_precision", "place", "kind", "side", "from_side", "source",
                "place_id", "lat", "lon", "note"):  # fmt: skip
        assert col in df.columns
    located = df[df.place_id != ""]
    assert len(located) >= 95  # 101 with the gazetteer of this release
    lat = located.lat.astype(float)
    lon = located.lon.astype(float)
    assert lat.between(34.7, 36.8).all() and lon.between(35.7, 37.7).all()


def test_merge_events_joins_mentions_across_articles(seeds_dir: Path) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UnlocatedPlacesWarning)
        raw = extract_events(seeds_dir)
    ks = raw[(raw.place_id == "gn:168325") & (raw.kind == "control_change")]
    # the lede's "... a military source told Xinhua on Thursday" dates the report: the
    # change is the body's "retaken by the army on Wednesday", not a second day
    assert len(ks) == 3 and set(ks.date) == {"2019-08-21"}
    merged = merge_events(raw)
    assert {"mentions", "sources"} <= set(merged.columns)
    kmerged = merged[(merged.place_id == "gn:168325") & (merged.kind == "control_change")]
    assert len(kmerged) == 1
    row = kmerged.iloc[0]
    assert row.mentions == 3 and row.date == "2019-08-21"
    assert "Xinhua" in row.sources
    assert len(raw[raw.kind != "held"]) == 10  # the raw mentions are unchanged
