"""Per-conflict extraction rules read from a profile: region words, namesake cities, outliers.

The extractor hard-codes no region vocabulary: "Idlib province", "Kharkiv Oblast", "the
countryside of Hama" are regions because the profile's ``[regions]`` table names the word.
Without a profile the rules are :data:`DEFAULT_RULES` (the words of the shipped default
profile, so the no-profile extraction is that of NW Syria).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from frontline.reference.profile import DEFAULT_OUTLIER_KM, NAMESAKE_CITY_RULES, Profile

__all__ = ["DEFAULT_REGION_WORDS", "DEFAULT_RULES", "ExtractRules", "region_patterns"]

DEFAULT_REGION_WORDS: tuple[str, ...] = (
    "countryside",
    "governorate",
    "hinterland",
    "province",
    "region",
)
"""Region words used without a profile (sorted; the shipped ``nw_syria`` profile has them)."""


@dataclass(frozen=True)
class ExtractRules:
    """How the extractor reads regions and far-away namesakes.

    Attributes
    ----------
    region_words : tuple of str
        Lower-case words that make the name next to them a region, not a place: after it
        ("Idlib province", "Kharkiv Oblast") or before it with "of" ("the countryside of
        Hama"). Plurals in -s are added.
    outlier_km : float
        A place farther than this (km) from the median of the article's unambiguous places is
        dropped as "not in the gazetteer", unless the article names its admin-1 region.
    namesake_city : str
        A place named like an admin-1 region (Idlib, Donetsk, Kharkiv) is an event place:
        ``"called-city"`` only when called a city ("the city of X", "X city"); ``"always"``;
        ``"never"``.
    """

    region_words: tuple[str, ...] = DEFAULT_REGION_WORDS
    outlier_km: float = DEFAULT_OUTLIER_KM
    namesake_city: str = "called-city"

    def __post_init__(self) -> None:
        if self.namesake_city not in NAMESAKE_CITY_RULES:
            raise ValueError(f"namesake_city must be one of {NAMESAKE_CITY_RULES}")

    @classmethod
    def from_profile(cls, profile: Profile) -> ExtractRules:
        """The rules of ``profile``: its ``[regions]`` words (or the defaults when it names
        none) and its ``[extract]`` settings.

        Returns
        -------
        ExtractRules
        """
        words = tuple(sorted(profile.regions)) or DEFAULT_REGION_WORDS
        return cls(words, profile.outlier_km, profile.namesake_city)


DEFAULT_RULES = ExtractRules()
"""The rules used when no profile is given."""


@lru_cache(maxsize=32)
def region_patterns(words: tuple[str, ...]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The (after, before) patterns of a region vocabulary.

    *after* matches at the start of the text that follows a place name ("'s province",
    " Oblast", "-Aleppo highway"); *before* at the end of the text before it ("countryside
    of", "the province of Idlib and"; not "the regions of X," before a list's next
    member). Region words match in any case; the rest as written.

    Returns
    -------
    tuple of compiled patterns
    """
    forms = sorted({f for w in words for f in (w, w + "s")}, key=len, reverse=True)
    alt = "|".join(re.escape(f) for f in forms)
    after = re.compile(
        rf"^(?:['’]s)?\s*(?i:{alt})\b|^-[A-Z]\w*\s+(?:road|highway|motorway|railway)"
        r"|^\s+(?:road|highway|motorway|railway)\b",
    )
    before = re.compile(
        rf"\b(?:{alt})\s+of(?:\s+(?:the\s+)?[\w'’-]+,?\s+(?:and|&))?\s*$",
        re.IGNORECASE,
    )
    return after, before
