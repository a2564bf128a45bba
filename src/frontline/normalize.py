"""Transliteration-insensitive keys for place names.

The press spells one Arabic name many ways (Khan Shaykhun / Khan Sheikhoun / Khan Sheikhun,
Saraqeb / Saraqib, Morek / Murak). :func:`fold` maps such variants onto one key so the
gazetteer can find them by dictionary look-up before falling back to fuzzy matching.

Why a hand-written fold: Unicode/ICU transliterators (``unidecode``, ICU ``Any-Latin``) turn
Arabic *script* into Latin, but nothing in a library folds the many Latin transliterations of
one Arabic name onto each other; that needs the rules below. ``unicodedata`` does the
diacritic stripping and ``rapidfuzz`` the fuzzy tier.

The key is deliberately lossy (a consonant skeleton): vowels are where transliterations
disagree most (e/i/a, ou/u, ay/ei), consonants are stable. Distinct places whose keys collide
are told apart afterwards by the gazetteer, which ranks folded hits by string similarity
and context.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["ARTICLES", "fold", "fold_tokens", "simplify"]

#: Arabic definite-article forms, dropped when written as a separate (hyphenated) word.
ARTICLES = frozenset(
    "al el il ul an en ar er as es ash esh ech at et ath eth ad ed adh edh az ez ed".split()
)

# Apostrophe-like marks that stand for ayn/hamza: ' ‘ ’ ` ʿ ʾ ´ ʻ ʼ ′ and the Arabic hamza.
_MARKS = re.compile("['\u2018\u2019`\u02bf\u02be\u00b4\u02bb\u02bc\u2032\u0621\u0640]")
_NON_WORD = re.compile(r"[^\w]+|_")
# Arabic-script letters that are written interchangeably (alef forms, ta marbuta, alef maqsura).
_ARABIC = str.maketrans(
    {"\u0623": "\u0627", "\u0625": "\u0627", "\u0622": "\u0627", "\u0671": "\u0627",
     "\u0629": "\u0647", "\u0649": "\u064a"}
)  # fmt: skip
# "Kafr" glued to the next word (Kaferzita, Kafrsajna): split it off before folding.
_GLUED_KAFR = re.compile(r"^(kafr|kfar|kafer|kefer|kafar|kfr|kefr|kfer)(?=[a-z]{3,}$)")
# Word-level synonyms applied to the raw lower-case token (before the skeleton), where the
# skeleton alone would not merge them.
_TOKEN_SYNONYMS = {
    "ain": "ayn",
    "aine": "ayn",
    "ein": "ayn",
    "qalat": "qalaat",
    "tall": "tal",
    "tell": "tal",
    "tel": "tal",
}
_DIGRAPHS = (("ch", "sh"), ("sch", "sh"), ("ph", "f"), ("q", "k"), ("c", "k"), ("x", "ks"))
_VOWELS = frozenset("aeiouy")
_FINAL = re.compile(r"(?:eh|ah|ih|e|a)$")


def simplify(name: str) -> str:
    """Lower-case ``name`` and strip diacritics, ayn/hamza marks and punctuation.

    This is the light normalisation used for exact look-ups and for scoring fuzzy matches
    (it keeps vowels, unlike :func:`fold`).

    Returns
    -------
    str
        Space-separated lower-case words, e.g. ``"ma arrat al-Nu'man"`` -> ``"maarrat al numan"``.
    """
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _MARKS.sub("", text.casefold().translate(_ARABIC))
    return " ".join(_NON_WORD.sub(" ", text).split())


def _skeleton(token: str) -> str:
    if not token.isascii():
        return token  # Arabic (or other) script: already normalised by simplify()
    token = _TOKEN_SYNONYMS.get(token, token)
    if len(token) > 3:
        token = _FINAL.sub("", token)
    for old, new in _DIGRAPHS:
        token = token.replace(old, new)
    out: list[str] = []
    for i, ch in enumerate(token):
        if ch in _VOWELS and not (ch == "y" and i == 0):
            if i == 0:
                out.append("a")  # a word-initial vowel is kept as one marker: Afes ~ Iffis
            continue
        if out and out[-1] == ch:
            continue  # doubled letters: Maarrat ~ Maarat, Hayyan ~ Hayan
        out.append(ch)
    return "".join(out)


@lru_cache(maxsize=262_144)
def fold_tokens(name: str) -> tuple[str, ...]:
    """Fold ``name`` word by word; see :func:`fold`.

    Returns
    -------
    tuple of str
        One key per word, articles removed.
    """
    words = simplify(name).split()
    tokens: list[str] = []
    for i, word in enumerate(words):
        if word in ARTICLES and i + 1 < len(words):
            continue
        if word.startswith("\u0627\u0644") and len(word) > 3:  # Arabic article al- glued on
            word = word[2:]
        glued = _GLUED_KAFR.match(word)
        if glued:
            tokens.append(_skeleton("kafr"))
            word = word[glued.end() :]
        key = _skeleton(word)
        if key:
            tokens.append(key)
    return tuple(tokens)


def fold(name: str) -> str:
    """Return a transliteration-insensitive key for a place name.

    Folds case; diacritics and ayn/hamza marks (ā ‘ ʿ ’ ` '); hyphens and punctuation;
    the article (al-, el-, an-, ar-, as-, ash-, at-, az-, ad-, ...) when written as its own
    word; ou/u, ee/i, oo/u, ay/ei (by dropping non-initial vowels); q/k, ch/sh; doubled
    letters; Tell/Tal/Tall/Tel; Kafr/Kfar/Kafer/Kfr (also glued: Kaferzita); final
    -eh/-ah/-a. Arabic script is normalised (alef forms, ta marbuta, the article ال).

    Parameters
    ----------
    name : str
        A place name in any transliteration, or in Arabic script.

    Returns
    -------
    str
        The key: folded words joined by single spaces, e.g. ``fold("Khan Sheikhoun") ==
        fold("Khan Shaykhun") == "khn shkhn"``. Empty if ``name`` has no letters.

    Examples
    --------
    >>> fold("Maaret al-Numan") == fold("Ma'arrat al-Nu'man") == fold("Maarat an-Numan")
    True
    >>> fold("Saraqeb") == fold("Saraqib")
    True
    """
    return " ".join(fold_tokens(name))
