"""Small hand-made event tables shared by the control, geometry, route, export and CLI tests."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd

WAYPOINTS = pd.read_csv(
    __import__("pathlib").Path(__file__).parents[1] / "data" / "m5_waypoints.csv"
)


def make_events(rows: list[tuple], extra: dict | None = None) -> gpd.GeoDataFrame:
    """Events at M5 waypoints: (place, kind, date, side[, published])."""
    recs = []
    for i, row in enumerate(rows):
        name, kind, date, side = row[:4]
        published = row[4] if len(row) > 4 else date
        w = WAYPOINTS[WAYPOINTS["name"] == name].iloc[0]
        recs.append(
            {
                "event_id": f"e{i}",
                "article": f"a{i}",
                "published": published,
                "date": date,
                "date_precision": "day",
                "kind": kind,
                "place": name,
                "place_id": f"wp{w['order']}",
                "lat": float(w["lat"]),
                "lon": float(w["lon"]),
                "side": side,
                "actor": "",
                "distance_km": float("nan"),
                "sentence": "",
                "char_start": 0,
                "char_end": 0,
                "confidence": 1.0,
                "source": f"report {i}",
                "url": "",
            }
        )
    frame = pd.DataFrame(recs)
    for k, v in (extra or {}).items():
        frame[k] = v
    return gpd.GeoDataFrame(
        frame, geometry=gpd.points_from_xy(frame["lon"], frame["lat"]), crs="EPSG:4326"
    )


# A small invented scenario on real coordinates (the dates are test inputs, not history).
SCENARIO = [
    ("Morek", "control_change", "2019-08-23", "government"),
    ("Khan Shaykhun", "control_change", "2019-08-21", "government"),
    ("Maarat al-Numan", "control_change", "2020-01-28", "government"),
    ("Saraqeb", "siege", "2020-02-03", "government"),
    ("Saraqeb", "control_change", "2020-02-06", "government"),
    ("Saraqeb", "control_change", "2020-02-27", "opposition"),
]


def extract_text(
    text: str, gazetteer: object = None, published: str = "2019-08-23"
) -> gpd.GeoDataFrame:
    """Events of one article written for a test (``published`` ISO; default a Friday)."""
    import warnings

    from frontline.errors import UnlocatedPlacesWarning
    from frontline.events.extract import extract_events
    from frontline.ingest.articles import Article

    art = Article("t.txt", published, "Test", "", "", text)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UnlocatedPlacesWarning)
        return extract_events([art], gazetteer)  # type: ignore[arg-type]


def change_keys(
    df: pd.DataFrame, kinds: tuple[str, ...] = ("control_change",)
) -> set[tuple[str, str, str]]:
    """``(place_id or place, side, ISO date)`` of the rows of ``kinds``."""
    rows = df[df["kind"].isin(kinds)]
    return {(r.place_id or r.place, r.side, r.date) for r in rows.itertuples()}
