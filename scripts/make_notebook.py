"""Write notebooks/m5_corridor.ipynb (stored without outputs; CI executes it with nbmake)."""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

CELLS: list[tuple[str, str]] = [
    (
        "md",
        """# The M5 corridor, 2019–2020, with frontline

This notebook walks through the whole tool on the shipped data: geocode the press's spellings,
read the two seed articles, extract dated control changes, add the curated 2019–2020 events,
ask who held what on a date, map it with a time slider, chart how much of the M5 each side
held, and export GeoJSON for QGIS. Everything runs offline.""",
    ),
    (
        "code",
        """from pathlib import Path

import geopandas as gpd
import matplotlib.pyplot as plt
import pandas as pd

import frontline
from frontline import (
    ControlTimeline,
    Gazetteer,
    curated_events,
    extract_events,
    first_full_control,
    load_corpus,
    route_control,
)

ROOT = Path.cwd().parent if Path.cwd().name == "notebooks" else Path.cwd()
SEEDS = ROOT / "seeds"
frontline.__version__""",
    ),
    (
        "md",
        """## 1. Geocode the spellings the press uses

The gazetteer (`data/gazetteer.csv`: GeoNames + Wikipedia's detailed map) folds
transliteration variants; every match says which tier found it and with what score.""",
    ),
    (
        "code",
        """gaz = Gazetteer.load()
names = ["Khan Sheikhoun", "Khan Shaykhun", "Maaret al-Numan", "Ma'arrat al-Nu'man",
         "Saraqib", "Saraqeb", "Murak", "Kafr Zayta"]
fields = ("name", "lat", "lon", "admin1", "score", "tier")
rows = []
for n in names:
    m = gaz.geocode(n)
    rows.append({"query": n, **{k: getattr(m, k) for k in fields}})
pd.DataFrame(rows)""",
    ),
    (
        "code",
        """# Two places called Suran: a governorate hint picks the right one
gaz.geocode("Suran", admin1="Hama"), gaz.geocode("Suran", admin1="Aleppo")""",
    ),
    (
        "md",
        """## 2. Read the seed corpus and extract events

A corpus is a folder of `.txt` files plus `articles.csv` (`file,published,source,url,title`).
Each event keeps the sentence it came from.""",
    ),
    (
        "code",
        """articles = load_corpus(SEEDS)
[(a.file, a.published, a.source) for a in articles]""",
    ),
    (
        "code",
        """events = extract_events(articles, gazetteer=gaz)
events[["date", "date_precision", "kind", "place", "side", "distance_km", "sentence"]]""",
    ),
    (
        "md",
        """## 3. Add the curated 2019–2020 events

`data/events/nw_syria_2019_2020.csv`: hand-coded control changes, each with its sources.""",
    ),
    (
        "code",
        """curated = curated_events()
print(len(curated), "curated events,", curated["lat"].isna().sum(), "without coordinates")
all_events = pd.concat([events, curated], ignore_index=True)
all_events = gpd.GeoDataFrame(all_events, geometry="geometry", crs="EPSG:4326")
curated[["date", "kind", "place", "side", "source"]].head()""",
    ),
    (
        "md",
        """## 4. Who held what, on a date

`control_at(date)` gives one row per place: side, status, since when, and the events behind it.""",
    ),
    (
        "code",
        """tl = ControlTimeline(all_events)
for day in ["2019-08-18", "2019-08-22", "2020-02-15"]:
    held = tl.control_at(day)
    print(day, held["side"].value_counts().to_dict())
tl.timeline("Khan Shaykhun")""",
    ),
    ("code", """tl.control_at("2020-02-15").explore(column="side", tiles=None)"""),
    (
        "md",
        """## 5. The map, with its time slider

`frontline.explore` returns a folium map that displays inline; `frontline map` writes the same as
an HTML file.""",
    ),
    (
        "code",
        """m = frontline.explore(all_events, date="2020-01-29")
m""",
    ),
    (
        "md",
        """## 6. How much of the M5 each side held

`route_control` measures the route (km from Damascus) held per side at every change date.""",
    ),
    (
        "code",
        """share = route_control(tl)
wide = share.pivot_table(index="date", columns="side", values="pct", aggfunc="sum").fillna(0)
wide.index = pd.to_datetime(wide.index)
wide = wide.loc["2019-04-01":]
sides = frontline.Sides.load()
colours = [sides.colour(s, default="#bbbbbb") for s in wide.columns]
ax = wide.plot.area(color=colours, figsize=(9, 3.5), linewidth=0)
ax.set_ylabel("% of the M5")
ax.set_xlabel("")
ax.legend(loc="upper left", fontsize=8)
plt.tight_layout()""",
    ),
    ("code", """first_full_control(tl, "Hama", "Aleppo")"""),
    (
        "md",
        """## 7. Export GeoJSON for QGIS and read it back

RFC 7946: lon/lat WGS84, no `crs` member, counter-clockwise exterior rings.""",
    ),
    (
        "code",
        """import tempfile

from frontline.output.export import export

out = Path(tempfile.mkdtemp()) / "control_2020-02-15.geojson"
export(all_events, out, layers=["control"], date="2020-02-15")
back = gpd.read_file(out)
back[["side", "area_km2"]]""",
    ),
]


def main() -> None:
    nb = new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nb.cells = [
        new_markdown_cell(src) if kind == "md" else new_code_cell(src) for kind, src in CELLS
    ]
    out = Path(__file__).resolve().parents[1] / "notebooks" / "m5_corridor.ipynb"
    nbformat.write(nb, out)
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
