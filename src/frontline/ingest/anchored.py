"""Large regular expressions tried only where one of their opening words starts.

:class:`AnchoredPattern` runs ``pattern.finditer`` only at the places an Aho-Corasick
automaton (pyahocorasick, C) marks. Every finder built at import time (dates, trigger
verbs, state phrases, force nouns) shares one automaton, so an article is walked once for
all of them rather than once per finder (each walk costs about as much as the text is long,
whatever it finds).
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Iterable, Iterator

import ahocorasick

__all__ = ["AnchoredPattern"]


class AnchoredPattern:
    """``pattern.finditer`` run only where one of ``anchors`` starts a word.

    Python's ``re`` tries every branch of a large alternation at every word boundary; an
    Aho-Corasick automaton (pyahocorasick, C) finds the few words that can start a match
    in one pass, and the pattern is tried only there. Same matches as ``finditer`` as long
    as every match starts with an anchor (lower-case prefixes of the branches' first words).

    With ``lowered=True`` the pattern is run on ``text.lower()`` (a pattern written for
    lower-case text), so callers pass the text itself and share its walk.
    """

    def __init__(
        self, pattern: re.Pattern[str], anchors: Iterable[str], lowered: bool = False
    ) -> None:
        self.pattern = pattern
        self.anchors = frozenset(anchors)
        self.lowered = lowered
        _SHARED.register(self)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        """Matches of the pattern in ``text``, left to right, non-overlapping."""
        low, subject = _lowered(text)
        if not self.lowered:
            subject = text
        if len(low) != len(text):
            # A case mapping changed the length ("İ" lower-cases to two characters): the
            # automaton's offsets would not be the text's; run the pattern itself.
            return self.pattern.finditer(subject)
        out = []
        last_end = -1
        match = self.pattern.match
        for start in _SHARED.starts(text, low).get(self, ()):
            if start < last_end:
                continue
            m = match(subject, start)
            if m is not None and m.end() > start:
                last_end = m.end()
                out.append(m)
        return iter(out)


class _SharedWalk:
    """One automaton holding every registered finder's anchors; the walk of the last text."""

    def __init__(self) -> None:
        self._finders: list[weakref.ref[AnchoredPattern]] = []
        # (automaton, the finders it was built with, in the order its values number them):
        # one tuple, replaced whole, so a walk never pairs an automaton with other finders.
        self._built: tuple[ahocorasick.Automaton, list[AnchoredPattern]] | None = None
        # (text, the build walked with, {finder: sorted word starts}): likewise one tuple.
        self._last: tuple[str, object, dict[AnchoredPattern, list[int]]] = ("", None, {})

    def register(self, finder: AnchoredPattern) -> None:
        """Add ``finder``'s anchors (the automaton is rebuilt at the next walk)."""
        self._finders.append(weakref.ref(finder))
        self._built = None

    def _build(self) -> tuple[ahocorasick.Automaton, list[AnchoredPattern]]:
        live = [f for f in (r() for r in self._finders) if f is not None]
        self._finders = [weakref.ref(f) for f in live]
        by_word: dict[str, list[tuple[int, int]]] = {}
        for i, finder in enumerate(live):
            for word in finder.anchors:
                by_word.setdefault(word, []).append((i, len(word) - 1))
        automaton = ahocorasick.Automaton()
        for word, entries in by_word.items():
            automaton.add_word(word, tuple(entries))
        if by_word:
            automaton.make_automaton()
        built = self._built = (automaton, live)
        return built

    def starts(self, text: str, low: str) -> dict[AnchoredPattern, list[int]]:
        """Per finder, the sorted offsets where one of its anchors starts a word of
        ``text`` (``low``: its lowered form)."""
        built = self._built or self._build()
        cached = self._last
        if cached[0] is text and cached[1] is built:
            return cached[2]
        automaton, live = built
        # Finder numbers index plain lists: this loop runs for every anchor hit.
        found: list[list[int]] = [[] for _ in live]
        if automaton.kind == ahocorasick.AHOCORASICK:
            for end, entries in automaton.iter(low):
                for i, back in entries:
                    start = end - back
                    if start == 0 or not low[start - 1].isalnum() or not low[start].isalnum():
                        found[i].append(start)
        out = {f: sorted(set(s)) for f, s in zip(live, found, strict=True) if s}
        self._last = (text, built, out)
        return out


_SHARED = _SharedWalk()

# The last text, its form with newlines as spaces lower-cased (what the automaton walks)
# and its plain lower-cased form (what ``lowered`` patterns run on): one tuple, replaced
# whole, so that threads never see a text with another's forms.
_last_lowered: tuple[str, str, str] = ("", "", "")


def _lowered(text: str) -> tuple[str, str]:
    """``(text lower-cased with newlines as spaces, text lower-cased)``, cached for the
    last text."""
    global _last_lowered
    cached = _last_lowered
    if cached[0] is text:
        return cached[1], cached[2]
    lower = text.lower()
    low = lower.replace("\n", " ")
    _last_lowered = (text, low, lower)
    return low, lower
