"""Fast candidate windows: run the (slow, many-alternative) fact patterns only near anchors.

Scanning a whole article with a dozen case-insensitive patterns full of alternatives costs
more than the rest of kilde's facts work together. Instead, one pass over the words finds
anchors — digits, and words from a small set (weekdays, months, `går`, `procent`, …) — and
the patterns then run only inside windows around them (`back` characters before an anchor,
`forward` after; overlapping windows are merged). Every fact pattern contains an anchor, so
nothing is lost: `\\b` and look-behinds still see the characters before a window.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

_WORD = re.compile(r"\w+")
_WORD_TAIL = re.compile(r"\w*")  # windows end at a word boundary, never inside a word


class AnchorSet:
    """Words (lowercase, whole or as prefixes) that a fact pattern cannot match without."""

    def __init__(
        self, words: Iterable[str], prefixes: Iterable[str] = (), symbols: str = ""
    ) -> None:
        self.words = frozenset(words)
        self.prefixes = tuple(prefixes)
        self.symbols = symbols

    def windows(self, text: str, back: int = 32, forward: int = 40) -> list[tuple[int, int]]:
        """Merged (start, end) windows around every anchor in `text`."""
        positions: list[tuple[int, int]] = []
        words, prefixes = self.words, self.prefixes
        for match in _WORD.finditer(text):
            word = match.group()
            if word[0].isdigit():
                positions.append(match.span())
                continue
            lowered = word.lower()
            if lowered in words or (prefixes and lowered.startswith(prefixes)):
                positions.append(match.span())
        for symbol in self.symbols:
            start = text.find(symbol)
            while start != -1:
                positions.append((start, start + 1))
                start = text.find(symbol, start + 1)
        positions.sort()
        windows: list[tuple[int, int]] = []
        for start, end in positions:
            window_start = max(0, start - back)
            window_end = _WORD_TAIL.match(text, min(len(text), end + forward)).end()
            if windows and window_start <= windows[-1][1]:
                windows[-1] = (windows[-1][0], max(windows[-1][1], window_end))
            else:
                windows.append((window_start, window_end))
        return windows


def matches_in_windows(
    pattern: re.Pattern[str], text: str, windows: list[tuple[int, int]]
) -> Iterator[re.Match[str]]:
    """Every match of `pattern` starting inside one of the windows."""
    for start, end in windows:
        yield from pattern.finditer(text, start, end)
