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
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import lru_cache

__all__ = [
    "ARABIC_LATIN",
    "ARTICLES",
    "MARKS",
    "arabic_keys",
    "combining_marks",
    "compact",
    "compact_words",
    "diacritics_only",
    "fold",
    "fold_tokens",
    "fold_words",
    "fold_word",
    "has_arabic",
    "key_and_compact",
    "latin",
    "simplify",
    "simplify_ascii",
    "unicode_class",
    "word_folds",
]

#: Arabic definite-article forms, dropped when written as a separate (hyphenated) word.
ARTICLES = frozenset(
    [
        "al",
        "el",
        "il",
        "ul",
        "an",
        "en",
        "ar",
        "er",
        "as",
        "es",
        "ash",
        "esh",
        "ech",
        "ach",
        "at",
        "et",
        "ath",
        "eth",
        "ad",
        "ed",
        "adh",
        "edh",
        "az",
        "ez",
        "ed",
    ]
)


def unicode_class(categories: str, start: int = 0x80) -> str:
    """Regex class ranges of every BMP character from ``start`` whose Unicode category starts
    with one of ``categories`` (e.g. ``"M"`` for every mark, ``"Lo"`` for letters without
    case), read from :mod:`unicodedata`: ``re`` has no ``\\p{...}``.

    Returns
    -------
    str
        Ranges to put inside ``[...]``.

    Examples
    --------
    >>> bool(re.fullmatch(f"[{unicode_class('Mn', 0x300)}]", "\u0301"))
    True
    """
    ranges: list[tuple[int, int]] = []
    for cp in range(start, 0x10000):
        if unicodedata.category(chr(cp)).startswith(categories):
            if ranges and ranges[-1][1] == cp - 1:
                ranges[-1] = (ranges[-1][0], cp)
            else:
                ranges.append((cp, cp))
    return "".join(
        re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}"
        for a, b in ranges
    )


def combining_marks() -> str:
    """Regex class ranges of every BMP combining mark (Unicode categories ``Mn``, ``Mc``, ``Me``).

    The vowel signs, viramas and nuktas of Devanagari, Bengali, Thai, Burmese, Khmer ...,
    Arabic harakat, Hebrew niqqud, Latin combining accents: read from :mod:`unicodedata`
    (no per-script table). ``re``'s ``\\w`` does not match them, so a pattern that should
    keep a word whole puts them beside ``\\w``.

    Returns
    -------
    str
        Ranges to put inside ``[...]``.
    """
    return unicode_class("M", 0x300)


#: :func:`combining_marks`, computed once.
MARKS = combining_marks()

# Apostrophe-like marks that stand for ayn/hamza: ' ‘ ’ ` ʿ ʾ ´ ʻ ʼ ′ and the Arabic hamza.
_MARKS = re.compile("['\u2018\u2019`\u02bf\u02be\u00b4\u02bb\u02bc\u2032\u0621\u0640]")
# Combining marks left after NFKD drops those with a combining class (accents, harakat,
# niqqud, viramas) are part of the word: the vowel signs of Devanagari, Thai, Burmese ...
_NON_WORD = re.compile(rf"[^\w{MARKS}]+|_")
_MARKS_RUN = re.compile(f"[{MARKS}]+")
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
# Letter rules of the skeleton. Digraphs first (ch -> sh, ph -> f; "sch" needs no rule of its
# own: ch -> sh already makes it "ssh", and doubles collapse), then single letters in one
# str.translate: q/c -> k, x -> ks.
_LETTERS = str.maketrans({"q": "k", "c": "k", "x": "ks"})
# Both at once, for the letters after the first (see _skeleton).
_REST_LETTERS = str.maketrans({"q": "k", "c": "k", "x": "ks", **dict.fromkeys("aeiouy")})
_FINAL_2 = ("eh", "ah", "ih")
_FINAL_1 = ("e", "a")
_ASCII_TABLE = str.maketrans(
    {
        **{chr(c): " " for c in range(128) if not chr(c).isalnum()},
        **{c: None for c in "'`"},
        **{chr(c): chr(c).lower() for c in range(ord("A"), ord("Z") + 1)},
    }
)
# Letters only: digits are never folded, so "gn:686799" and "gn:688679" stay apart.
_DOUBLES = re.compile(r"([^\W\d_])\1+")
# Turkish dotless/dotted i (NFKD would leave "ı" as is). Turkish ş (sh) is not mapped here:
# GeoNames' BGN romanisation writes ş for the emphatic s (Şūrān = Suran); loose_key() folds
# sh and s together instead.
_TURKISH = str.maketrans({"ı": "i", "İ": "i"})
# Arabic letters -> the Latin consonant skeleton of _skeleton (hand-written: transliterators
# such as anyascii render the long vowels alef/waw/ya as a/w/y, which the Latin skeleton
# drops, so their output does not meet the Latin keys). None = a long vowel, hamza or
# ayn (dropped like the Latin vowels and ayn marks); waw and ya are handled apart.
ARABIC_LATIN = {
    "ب": "b", "ت": "t", "ث": "th", "ج": "j", "ح": "h", "خ": "kh", "د": "d", "ذ": "dh",
    "ر": "r", "ز": "z", "س": "s", "ش": "sh", "ص": "s", "ض": "d", "ط": "t", "ظ": "z",
    "غ": "gh", "ف": "f", "ق": "k", "ك": "k", "ل": "l", "م": "m", "ن": "n", "ه": "h",
    "پ": "p", "چ": "ch", "گ": "g", "ڤ": "v",
}  # fmt: skip
_ARABIC_VOWELS = set("اأإآٱءئؤعى")
_ARABIC_RANGE = re.compile("[\u0600-\u06ff]")
# Separators of compound names ("A - B", "A_B", "A/B"): two names, not one name's words.
_COMPOUND = re.compile(r"\s[-\u2013]\s|_|/")


def simplify_ascii(name: str) -> str:
    """:func:`simplify` of an ASCII name, uncached: one translate() does marks,
    punctuation and case (for hot paths that see each name once, where filling the cache
    costs more than it saves).

    >>> simplify_ascii("Ma'arrat al-Nu'man")
    'maarrat al numan'
    """
    return " ".join(name.translate(_ASCII_TABLE).split())


@lru_cache(maxsize=262_144)
def simplify(name: str) -> str:
    """Lower-case ``name`` and strip diacritics, ayn/hamza marks and punctuation.

    This is the light normalisation used for exact look-ups and for scoring fuzzy matches
    (it keeps vowels, unlike :func:`fold`).

    Returns
    -------
    str
        Space-separated lower-case words, e.g. ``"ma arrat al-Nu'man"`` -> ``"maarrat al numan"``.
    """
    if name.isascii():
        # Fast path (most queries): one translate() does marks, punctuation and case.
        return " ".join(name.translate(_ASCII_TABLE).split())
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _MARKS.sub("", text.casefold().translate(_ARABIC))
    return " ".join(_NON_WORD.sub(" ", text).split())


# A word-initial French "ou" before these letters is the consonant w.
_OU_VOWELS = frozenset("aeiy")


@lru_cache(maxsize=65_536)
def _skeleton(token: str) -> str:
    # Cached per word: place names reuse a small vocabulary (Kafr, Tal, Khirbet, Jabal, ...),
    # so distinct names still share most of their words.
    if not token.isascii():
        # Arabic (or other) script, normalised by simplify(): the key drops the combining
        # marks left in the word (Devanagari, Thai, Burmese vowel signs, anusvara), as the
        # Latin key drops vowels; the spelling check still sees them.
        return _MARKS_RUN.sub("", token) if _MARKS_RUN.search(token) else token
    token = _TOKEN_SYNONYMS.get(token, token)
    if len(token) > 3:
        # Final -eh/-ah/-ih, else -e/-a (the two-letter endings win, as in a regex alternation).
        if token.endswith(_FINAL_2):
            token = token[:-2]
        elif token.endswith(_FINAL_1):
            token = token[:-1]
    if "h" in token:
        token = token.replace("ch", "sh").replace("ph", "f")
    if "dj" in token:  # French Djisr = Jisr
        token = token.replace("dj", "j")
    if token[:2] == "ou" and token[2:3] in _OU_VOWELS:  # French Ouadi = Wadi, Ouaddah = Waddah
        token = "w" + token[2:]
    if not token:
        return token
    # q/c -> k, x -> ks; vowels go (a word-initial one stays as the marker "a": Afes ~
    # Iffis; an initial "y" is a consonant): one translate() of the first letter and one of
    # the rest; then doubled letters collapse (Maarrat ~ Maarat, Hayyan ~ Hayan).
    first = token[0]
    token = ("a" if first in "aeiou" else first.translate(_LETTERS)) + token[1:].translate(
        _REST_LETTERS
    )
    # A callable replacement and a search first: re's r"\1" template costs ~1 us per call.
    return _DOUBLES.sub(_first_group, token) if _DOUBLES.search(token) else token


def _first_group(match: re.Match[str]) -> str:
    return match[1]


@lru_cache(maxsize=262_144)
def fold_tokens(name: str) -> tuple[str, ...]:
    """Fold ``name`` word by word; see :func:`fold`.

    Returns
    -------
    tuple of str
        One key per word, articles removed.
    """
    return fold_words(simplify(name).split())


def fold_words(words: Sequence[str]) -> tuple[str, ...]:
    """Fold words that :func:`simplify` already produced: ``fold_tokens(name) ==
    fold_words(simplify(name).split())``.

    For callers that hold the simplified words anyway (the geocoder's hot path), so that
    the name is not simplified twice.

    Returns
    -------
    tuple of str
        One key per word, articles removed.
    """
    tokens: list[str] = []
    last = len(words) - 1
    for i, word in enumerate(words):
        if i < last and (word in ARTICLES or word == "i"):  # "i": Turkish izafet (Cisr-i)
            continue
        if word.startswith("\u0627\u0644") and len(word) > 3:  # Arabic article al- glued on
            word = word[2:]
        if "ı" in word:  # Turkish dotless i (Kırk Mağara), kept by simplify()
            word = word.translate(_TURKISH)
        glued = _GLUED_KAFR.match(word) if word[0] == "k" else None
        if glued:
            tokens.append(_skeleton("kafr"))
            word = word[glued.end() :]
        key = _skeleton(word)
        if key:
            tokens.append(key)
    return tuple(tokens)


def fold_word(word: str) -> str:
    """The folded key of one simplified word as the last word of a name:
    ``"".join(fold_words([word]))`` (a glued Kafr split off, articles kept).

    >>> fold_word("kafrnabl")
    'kfrnbl'
    """
    if not word.isascii():
        return "".join(fold_words((word,)))
    if word[:1] == "k":
        glued = _GLUED_KAFR.match(word)
        if glued:
            return _skeleton("kafr") + _skeleton(word[glued.end() :])
    return _skeleton(word)


def word_folds(names: Iterable[str]) -> dict[str, str]:
    """:func:`fold_word` of every ASCII word of ``names``: a gazetteer's vocabulary folded
    once, for :func:`key_and_compact`."""
    out: dict[str, str] = {}
    for name in names:
        for word in simplify(name).split():
            if word not in out and word.isascii():
                out[word] = fold_word(word)
    return out


def key_and_compact(words: Sequence[str], known: Mapping[str, str]) -> tuple[str, str]:
    """The folded key (words joined) and the :func:`compact` spelling of a name's
    simplified ASCII words, in one pass: ``("".join(fold_words(words)),
    compact_words(words))``. ``known`` maps words to their :func:`fold_word` key
    (:func:`word_folds`); other words are folded here.

    Hand-written for the geocoder's hot path (one loop instead of two, one dict look-up
    per known word).

    >>> key_and_compact(["kfar", "al", "nabl"], {})
    ('kfrnbl', 'kfarnabl')
    """
    last = words[-1]
    key = known.get(last)
    if key is None:
        key = fold_word(last)
    if len(words) == 1:
        return key, last
    keys: list[str] = []
    kept: list[str] = []
    for word in words[:-1]:
        if word in ARTICLES:
            continue
        kept.append(word)
        if word == "i":  # Turkish izafet (Cisr-i): no key, kept in the spelling
            continue
        one = known.get(word)
        keys.append(fold_word(word) if one is None else one)
    keys.append(key)
    kept.append(last)
    return "".join(keys), "".join(kept)


def fold(name: str) -> str:
    """Return a transliteration-insensitive key for a place name.

    Folds case; diacritics and ayn/hamza marks (ā ‘ ʿ ’ ` '); hyphens and punctuation;
    the article (al-, el-, an-, ar-, as-, ash-, at-, az-, ad-, ...) when written as its own
    word; ou/u, ee/i, oo/u, ay/ei (by dropping non-initial vowels); q/k, ch/sh; doubled
    letters; Tell/Tal/Tall/Tel; Kafr/Kfar/Kafer/Kfr (also glued: Kaferzita); final
    -eh/-ah/-a; a French word-initial Ou- before a vowel (Ouadi = Wadi). Arabic script is
    normalised (alef forms, ta marbuta, the article ال).

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
    >>> fold("Ouadi Barada") == fold("Wadi Barada")
    True
    """
    return " ".join(fold_tokens(name))


@lru_cache(maxsize=262_144)
def compact(name: str) -> str:
    """:func:`simplify` without articles or spaces: the string fuzzy matching compares.

    >>> compact("Khan al-Sheikhoun")
    'khansheikhoun'
    """
    return compact_words(simplify(name).split())


def compact_words(words: Sequence[str]) -> str:
    """:func:`compact` of words :func:`simplify` already produced."""
    last = len(words) - 1
    return "".join([w for i, w in enumerate(words) if not (i < last and w in ARTICLES)])


def has_arabic(name: str) -> bool:
    """Whether ``name`` contains Arabic-script letters."""
    return not name.isascii() and _ARABIC_RANGE.search(name) is not None


def _arabic_word_keys(word: str) -> list[str]:
    """Latin skeletons of one Arabic word: each inner waw is tried as ``w`` and as a vowel."""
    keys = [""]
    for pos, ch in enumerate(word):
        if ch in _ARABIC_VOWELS:
            if pos == 0:  # a word-initial vowel or ayn is the marker "a", as in Latin keys
                keys = [k + "a" for k in keys]
            continue
        if ch == "ه" and pos == len(word) - 1 and pos > 1:
            # ta marbuta (simplify writes it as ha): t in a construct (Maarrat) or silent
            keys = [k + "t" for k in keys] + keys
            continue
        if ch in "وي":
            if pos == 0:
                keys = [k + ("w" if ch == "و" else "y") for k in keys]
            elif ch == "و" and len(keys) < 8:  # inner waw: consonant w or vowel u/o
                keys = [k + "w" for k in keys] + keys
            continue
        latin_ch = ARABIC_LATIN.get(ch)
        if latin_ch:
            keys = [k + latin_ch for k in keys]
    return [_DOUBLES.sub(_first_group, k) for k in keys if k]


def arabic_keys(name: str) -> tuple[str, ...]:
    """Folded keys (words joined without spaces, as :func:`fold_tokens` joined) that an
    Arabic-script name may have in Latin transliteration; empty for other scripts.

    >>> "khnshkhn" in arabic_keys("خان شيخون")  # Khan Shaykhun
    True
    """
    if not has_arabic(name):
        return ()
    words = simplify(name).split()
    per_word: list[list[str]] = []
    for word in words:
        if word.startswith("\u0627\u0644") and len(word) > 3:  # the article al- glued on
            word = word[2:]
        keys = _arabic_word_keys(word)
        if keys:
            per_word.append(keys)
    out = [""]
    for keys in per_word:
        out = [o + k for o in out for k in keys][:16]
    if len(words) > 1 and not _COMPOUND.search(name):
        # Latin often writes as one word what Arabic writes as two (Tilhemo for تل حمو,
        # Kêlîbo for كل ايبو): the joined word's keys, without the inner word-initial
        # vowel markers, are tried too; not across a dash, underscore or slash, which
        # separates two names (OCHA's merged communities "الساطي - عطية"), not two words.
        joined = "".join(w[2:] if w.startswith("\u0627\u0644") and len(w) > 3 else w
                         for w in words)  # fmt: skip
        out += _arabic_word_keys(joined)[:8]
    return tuple(dict.fromkeys(o for o in out if o))


# Vowel letters as a reader would say them (for scoring only; keys use ARABIC_LATIN).
_ARABIC_SPOKEN = {"ا": "a", "أ": "a", "إ": "i", "آ": "a", "ٱ": "a", "ى": "a", "و": "u", "ي": "i"}


def _arabic_latin(word: str) -> str:
    """A readable Latin rendering of one simplified Arabic word, article dropped
    (hand-written: anyascii renders alef/waw/ya as ', w, y, far from how the press writes
    the vowels)."""
    if word.startswith("\u0627\u0644") and len(word) > 3:
        word = word[2:]
    out = []
    for pos, ch in enumerate(word):
        if pos == 0 and ch in "وي":
            out.append("w" if ch == "و" else "y")
        elif ch == "ه" and pos == len(word) - 1 and pos > 1:
            out.append("ah")  # ta marbuta
        else:
            out.append(_ARABIC_SPOKEN.get(ch) or ARABIC_LATIN.get(ch, ""))
    return "".join(out)


@lru_cache(maxsize=1)
def _accented_letters() -> dict[int, None]:
    """A str.translate table deleting the precomposed Latin letters (Latin-1, Extended-A/B,
    Extended Additional) that both :func:`simplify` (NFKD, marks dropped) and :func:`latin`
    (anyascii) render as one and the same ASCII letter (ā, ş, ḩ, ...). Built once."""
    to_ascii: Callable[[str], str] | None
    try:
        from anyascii import anyascii as to_ascii
    except ImportError:  # latin() then falls back to simplify(): NFKD decides alone
        to_ascii = None
    table: dict[int, None] = {}
    for cp in [*range(0xC0, 0x250), *range(0x1E00, 0x1F00)]:
        ch = chr(cp)
        marked = unicodedata.normalize("NFKD", ch)
        base = "".join(c for c in marked if not unicodedata.combining(c))
        letter = len(base) == 1 and base.isascii() and base.isalpha()
        if letter and (to_ascii is None or to_ascii(ch) == base):
            table[cp] = None
    return table


def diacritics_only(name: str) -> bool:
    """Whether every non-ASCII character of ``name`` is a Latin letter with diacritics that
    :func:`simplify` and :func:`latin` both render as its base letter: then
    ``latin(name) == simplify(name)`` and both are ASCII (a test checks it), without
    running anyascii.

    >>> diacritics_only("Khān Shaykhūn"), diacritics_only("خان شيخون")
    (True, False)
    """
    return name.translate(_accented_letters()).isascii()


def latin(name: str) -> str:
    """A plain-Latin rendering of ``name`` (any script) for scoring: anyascii when installed,
    else :func:`simplify`.

    Returns
    -------
    str
        Lower-case ASCII-ish words.
    """
    if name.isascii():
        return simplify(name)
    if has_arabic(name):
        return " ".join(_arabic_latin(w) for w in simplify(name).split())
    try:
        from anyascii import anyascii
    except ImportError:  # optional: scores fall back to the simplified form
        return simplify(name)
    return simplify_ascii(anyascii(unicodedata.normalize("NFC", name).translate(_TURKISH)))
