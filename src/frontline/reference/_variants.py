"""Looser spellings of folded names for the gazetteer's fallback tiers: the Turkish/French
tolerant key and spelling (:func:`loose_key`, :func:`loose_spelling`) and the glide skeleton
an Arabic-script query is compared on (:func:`glide_skeleton`)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

from rapidfuzz import fuzz

from frontline.reference.normalize import (
    ARABIC_LATIN,
    compact_words,
    fold_tokens,
    has_arabic,
    simplify,
)

__all__ = ["glide_skeleton", "heads_agree", "loose_key", "loose_spelling", "name_heads"]

_DOUBLES = re.compile(r"([^\W\d_])\1+")


def _first_group(match: re.Match[str]) -> str:
    return match.group(1)


def loose_key(key: str) -> str:
    """A looser folded key: ``kh`` -> ``h``, ``gh`` -> ``g``, ``j`` -> ``k``, ``sh`` -> ``s``,
    no inner ``w``/``v`` (Turkish writes Han Şeyhun for Khan Shaykhun, Cisr-i Şuğur for Jisr
    al-Shughur, French Qaoula for Qawlah; the
    strict key keeps these consonants apart).

    >>> from frontline.reference.normalize import fold_tokens
    >>> loose_key("".join(fold_tokens("Han Şeyhun"))) == loose_key("khnshkhn")
    True
    """
    key = key.replace("kh", "h").replace("gh", "g").replace("j", "k")
    key = _DOUBLES.sub(_first_group, key).replace("sh", "s")
    # w/v: consonant or the French "ou" vowel (Qawlah = Qaoula, Waqf = Vakf); dropped
    if key:
        key = ("w" if key[0] == "v" else key[0]) + key[1:].replace("w", "").replace("v", "")
    return _DOUBLES.sub(_first_group, key)


_LOOSE_LETTERS = (("kh", "h"), ("gh", "g"), ("sh", "s"), ("ch", "s"), ("q", "k"), ("v", "w"),
                  ("ou", "u"), ("j", "k"), ("c", "k"))  # fmt: skip


def loose_spelling(compact_name: str) -> str:
    """A compact spelling with the letter rules of :func:`loose_key` applied but its vowels
    kept: what the spelling ratio of a loose-key hit compares (Turkish Vakf and Arabic-press
    Waqf differ in two letters the loose key already equates, not in spelling).

    >>> loose_spelling("vakf") == loose_spelling("waqf")
    True
    """
    out = compact_name
    for old, new in _LOOSE_LETTERS:
        out = out.replace(old, new)
    return _DOUBLES.sub(_first_group, out)


# Glide skeletons (hand-written: no library renders Latin and Arabic spellings of a name to
# one form that keeps the glides y/w, the letters that tell Mughayriyah from Mughira).
_GLIDE_PAIRS = (("ch", "sh"), ("ee", "y"), ("ii", "y"), ("ei", "y"), ("ai", "y"), ("ey", "y"),
                ("ay", "y"), ("iy", "y"), ("ou", "w"), ("oo", "w"), ("aw", "w"), ("ow", "w"),
                ("q", "k"), ("c", "k"), ("dj", "j"))  # fmt: skip
_GLIDE_VOWELS = str.maketrans("", "", "aeiou")
_ARABIC_GLIDES = {"ي": "y", "و": "w"}


@lru_cache(maxsize=262_144)
def glide_skeleton(name: str) -> str:
    """The consonants of a name with its glides ``y`` and ``w`` kept (long i/ay and u/aw,
    written ي and و in Arabic), articles, short vowels, alef, ayn and a final -h dropped:
    what an Arabic-script query and a Latin name are compared on when the Arabic name of the
    place is unknown.

    Returns
    -------
    str
        Letters without spaces (empty for a name without consonants).

    Examples
    --------
    >>> glide_skeleton("المغيرية") == glide_skeleton("Mughayriyah") == "mghyry"
    True
    >>> glide_skeleton("Mughira")
    'mghr'
    """
    words = simplify(name).split()
    if has_arabic(name):
        out = []
        for word in words:
            if word.startswith("\u0627\u0644") and len(word) > 3:  # the article al-
                word = word[2:]
            if word.endswith("\u0647") and len(word) > 2:  # ta marbuta (or a final h)
                word = word[:-1]
            out.append("".join(_ARABIC_GLIDES.get(c) or ARABIC_LATIN.get(c, "") for c in word))
        text = "".join(out)
    else:
        text = "".join(w[:-1] if len(w) > 3 and w.endswith("h") else w
                       for w in compact_words(words).split())  # fmt: skip
        if text.endswith("h") and len(text) > 3:
            text = text[:-1]
        for old, new in _GLIDE_PAIRS:
            text = text.replace(old, new)
        text = text.translate(_GLIDE_VOWELS)
    return _DOUBLES.sub(_first_group, text)


# A generic head opens this many multi-word names of a gazetteer at least (Tell, Kafr,
# Khirbet, Abu in Syria: hundreds; Nova, Velyka in Donetsk: 20+); a rare first word is part
# of the name proper.
_HEAD_MIN_NAMES = 20
# The rest of two names with one head must still agree this well (folded skeletons, 0-100):
# Tell Dibs is not Tell Iss, Abu Jarif may be a typo of Abu Jarin.
_REST_MIN_RATIO = 60.0
_HEAD_TYPO_RATIO = 75.0


def name_heads(forms: Iterable[str]) -> frozenset[str]:
    """The folded first words that open many multi-word names among ``forms``: a
    gazetteer's generic heads ("Tell", "Kafr", "Khirbet"; "Nova", "Velyka"), learnt from
    the names themselves so no language's list is written in.

    Returns
    -------
    frozenset of str
        Folded keys (:func:`~frontline.reference.normalize.fold_tokens`) of the heads.
    """
    counts: Counter[str] = Counter()
    for form in forms:
        tokens = fold_tokens(form)
        if len(tokens) >= 2 and len(tokens[0]) >= 2:
            counts[tokens[0]] += 1
    return frozenset(k for k, n in counts.items() if n >= _HEAD_MIN_NAMES)


def heads_agree(query: tuple[str, ...], form: tuple[str, ...], heads: frozenset[str]) -> bool:
    """Whether a misspelt ``query`` may be ``form`` (both folded word by word) as far as
    their generic heads go: a name with a head ("Kafr Mous") is no misspelling of one
    without it ("Kadmous") nor of one with another head, and two names under one head must
    agree on the rest ("Tell Dibs" is not "Tell Iss"), however close the whole spellings
    are. Names without a head always agree here.

    >>> heads = frozenset({"kfr", "tl"})
    >>> heads_agree(("kfr", "ms"), ("kdms",), heads)
    False
    >>> heads_agree(("tl", "dbs"), ("tl", "s"), heads)
    False
    >>> heads_agree(("kfr", "nbl"), ("kfrnbl",), heads), heads_agree(("nbl",), ("nbl",), heads)
    (True, True)
    """
    q_head = len(query) >= 2 and query[0] in heads
    f_head = len(form) >= 2 and form[0] in heads
    if not (q_head or f_head):
        return True
    if len(query) < 2 or len(form) < 2:
        # one name is a single word: only a glued head ("Kafrnabl") is the same name
        one, other = (query, form) if len(query) < 2 else (form, query)
        return one[0].startswith(other[0])
    # compared on loose keys too: Turkish Cubb, Şeyh are Jubb, Sheikh
    q0, f0 = loose_key(query[0]), loose_key(form[0])
    if q0 != f0 and fuzz.ratio(q0, f0) < _HEAD_TYPO_RATIO:
        return False
    rest = fuzz.ratio(loose_key("".join(query[1:])), loose_key("".join(form[1:])))
    return rest >= _REST_MIN_RATIO
