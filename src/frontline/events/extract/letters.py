"""Letters that can open a name or a sentence, in every script GeoNames writes names in.

``re`` has no ``\\p{Lu}``/``\\p{Lo}``: the class is spelt out here once, from explicit ranges for
the cased scripts and from :mod:`unicodedata` for the scripts without case.
"""

from __future__ import annotations

from frontline.reference.normalize import MARKS, unicode_class

__all__ = ["CAPITALS", "MARKS", "SENTENCE_ENDS", "WORD_TAIL", "caseless_letters", "title_case_line"]


def caseless_letters() -> str:
    """Regex class ranges of every BMP letter without case (Unicode category ``Lo``).

    The letters of Arabic, Hebrew, Ethiopic, Thai, Devanagari, CJK, Hangul, ... scripts,
    read from :mod:`unicodedata` (BMP only: ~10 ms of CPU).

    Returns
    -------
    str
        Ranges to put inside ``[...]``.
    """
    return unicode_class("Lo")


#: Capitals: Latin (with diacritics), Cyrillic (with Ukrainian Ґ Є І Ї), Greek, Armenian,
#: Georgian (lower-case letters since Unicode 11), and every letter of the scripts without
#: case (Arabic, Hebrew, Ethiopic, ...: GeoNames gives names in all of them). Ranges for a
#: regex class.
CAPITALS = (
    r"A-ZÀ-ÖØ-ÞĀ-Ž\u0400-\u042F\u0490\u0404\u0406\u0407\u0600-\u06FF\u05D0-\u05EA"
    r"\u0386\u0388-\u038F\u0391-\u03AB\u0531-\u0556\u10A0-\u10C5\u10D0-\u10FA" + caseless_letters()
)

#: Sentence terminators besides ``. ! ?``: Arabic question mark and full stop (Urdu),
#: Armenian full stop, Devanagari danda, Burmese section mark, Ethiopic full stop and question
#: mark, ideographic full stop, full-width ! and ?.
SENTENCE_ENDS = "\u061f\u06d4\u0589\u0964\u104b\u1362\u1367\u3002\uff01\uff1f"

#: The rest of a word after its first letter: letters and digits, and the combining marks
#: (:data:`~frontline.reference.normalize.MARKS`: vowel signs, viramas, harakat, niqqud) that
#: ``re``'s ``\w`` does not match, so that "काठमाडौं" or "مَعَرَّة" stay one word. Unrolled
#: (``[^\W_]*(?:[marks]+[^\W_]*)*``) so that a word without marks costs what
#: ``[^\W_]*`` did.
WORD_TAIL = rf"[^\W_]*(?:[{MARKS}]+[^\W_]*)*"


def title_case_line(text: str, pos: int) -> bool:
    """Whether the line of ``text`` around ``pos`` is a title-case headline ("Militants
    Seized X and Rushed to Y"): capitals there do not mark names.

    >>> title_case_line("Militants Seized Morek and Rushed to the Town of Latmin", 0)
    True
    >>> title_case_line("The Army Captured Abu Jarif, Tell Dibs and Kafr Mous.", 0)
    False
    """
    a = text.rfind("\n", 0, pos) + 1
    b = text.find("\n", pos)
    b = b if b >= 0 else len(text)
    if b - a > 200:
        return False  # a paragraph, not a headline (and no need to split it)
    if text[a:b].rstrip().rstrip("\"”’'").endswith((".", "!")):
        # A line closed like a sentence is a one-sentence paragraph, which wire copy is
        # full of: "The army captured Abu Jarif, Tell Dibs and Kafr Mous." is mostly
        # capitals but no headline. Headlines go without a full stop.
        return False
    words = [w for w in text[a:b].split() if len(w) > 3]
    return len(words) >= 4 and sum(w[:1].isupper() for w in words) >= 0.8 * len(words)
