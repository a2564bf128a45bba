"""Names and sentences in every script (frontline.events.extract.letters)."""

from __future__ import annotations

import re

from frontline.events.extract.letters import CAPITALS, SENTENCE_ENDS
from frontline.events.extract.sentences import split_sentences

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
