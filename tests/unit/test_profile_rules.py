"""Profile keys for extraction rules and command defaults: read, checked, documented defaults."""

from __future__ import annotations

from pathlib import Path

import pytest

from frontline.errors import BadInputError
from frontline.events.extract.rules import DEFAULT_RULES, ExtractRules, region_patterns
from frontline.reference.profile import DEFAULT_OUTLIER_KM, Profile, shipped_profile


def _write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "profile.toml"
    path.write_text('[profile]\nname = "t"\n' + body, encoding="utf-8")
    return path


def test_defaults_when_the_profile_says_nothing(tmp_path) -> None:
    p = Profile.load(_write(tmp_path, ""))
    # A new war's town named like its region ("captured Zangilan") is the town; only the
    # shipped nw_syria profile asks for "the city of Idlib".
    assert (p.outlier_km, p.namesake_city, p.output, p.max_km) == (75.0, "always", None, None)
    assert p.map_file == "t.html" and p.map_title == "t"
    rules = ExtractRules.from_profile(p)
    assert rules.region_words == DEFAULT_RULES.region_words  # no [regions]: the default words
    assert rules.namesake_city == "always" and DEFAULT_RULES.namesake_city == "called-city"
    assert DEFAULT_RULES.outlier_km == DEFAULT_OUTLIER_KM == 75.0


def test_extract_section_and_output_are_read(tmp_path) -> None:
    body = (
        '[regions]\noblast = 1\n"район" = 2\n'
        '[extract]\noutlier_km = 120\nnamesake_city = "always"\n'
        '[defaults]\noutput = "war.html"\nmax_km = 15\n'
    )
    p = Profile.load(_write(tmp_path, body))
    rules = ExtractRules.from_profile(p)
    assert rules == ExtractRules(("oblast", "район"), 120.0, "always")
    assert (p.map_file, p.max_km) == ("war.html", 15.0)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("[extract]\noutlier_km = -5\n", "extract.outlier_km: must be a positive number"),
        ('[extract]\noutlier_km = "far"\n', "extract.outlier_km: must be a positive number"),
        ("[extract]\noutlier_km = inf\n", "extract.outlier_km: must be a positive number"),
        ('[extract]\nnamesake_city = "sometimes"\n', "extract.namesake_city: must be one of"),
        ("[extract]\nradius = 3\n", "extract.radius: unknown key"),
        ('[defaults]\noutput = "../x.html"\n', "defaults.output: must be a plain file name"),
        ('[defaults]\noutput = ""\n', "defaults.output: must be a plain file name"),
    ],
)
def test_bad_values_name_the_file_and_key(tmp_path, body, message) -> None:
    path = _write(tmp_path, body)
    with pytest.raises(BadInputError, match=message) as err:
        Profile.load(path)
    assert str(path) in str(err.value)


def test_shipped_profiles_rules() -> None:
    syria = ExtractRules.from_profile(shipped_profile("nw_syria"))
    # NW Syria unchanged: the words the extractor used before they moved into the profile
    assert set(DEFAULT_RULES.region_words) <= set(syria.region_words)
    assert "district" not in syria.region_words
    assert (syria.outlier_km, syria.namesake_city) == (75.0, "called-city")
    donetsk = ExtractRules.from_profile(shipped_profile("donetsk"))
    assert {"oblast", "raion", "область", "район"} <= set(donetsk.region_words)
    assert donetsk.namesake_city == "always"
    assert shipped_profile("donetsk").map_file == "donetsk.html"
    assert shipped_profile("nw_syria").map_file == "m5.html"


def test_region_patterns_match_any_case_and_plurals() -> None:
    after, before = region_patterns(("oblast", "province"))
    assert after.match(" Oblast, Russian forces")
    assert after.match(" provinces of")
    assert after.match("'s province")
    assert not after.match(" raion")
    assert before.search("the countryside and the Province of ") is not None
    assert before.search("the city of ") is None


def test_held_reads_the_profiles_region_words() -> None:
    """A state assertion "X oblast, which is held by ..." once the profile names "oblast"."""
    import warnings

    from frontline.events.extract import extract_events
    from frontline.events.extract.rules import DEFAULT_RULES
    from frontline.ingest.articles import Article

    text = "Maarat al-Numan oblast, which is held by rebels, was shelled on Monday."
    art = Article("t.txt", "2019-08-23", "T", "", "", text)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        plain = extract_events([art], rules=DEFAULT_RULES)
        oblast = ExtractRules(region_words=DEFAULT_RULES.region_words + ("oblast",))
        got = extract_events([art], rules=oblast)
    assert plain.empty
    held = got[got["kind"] == "held"]
    assert list(held["place"]) == ["Maarrat al-Nu'man"] and list(held["side"]) == ["opposition"]
