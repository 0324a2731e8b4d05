"""The quote record passed between finders, merger and resolver; confidence per construction."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from itertools import accumulate

from kilde.attribution.phrases import Phrase

# Confidence heuristic: how often each construction is a real, correctly attributed quote
# in Danish news by design (explicit cue + explicit speaker highest; inherited or guessed
# speakers lowest). Multiplied by 0.8 when the speaker stays unresolved.
CONFIDENCE = {
    "dash_attributed": 0.95,  # `- A, siger X.`
    "marked_attributed": 0.93,  # `»A«, siger X.` / `X siger: »A«`
    "dash_run": 0.85,  # dash paragraph whose attribution stands in a neighbour
    "det_siger": 0.85,  # `A. Det siger X.`
    "at_clause": 0.85,  # `X siger, at A`
    "trailing": 0.85,  # `A, siger X.` without quote marks
    "ifolge": 0.8,  # `ifølge X`
    "marked_layout": 0.6,  # a quoted paragraph with no cue (Q&A answer, vox pop)
    "dash_fallback": 0.55,  # dash paragraph attributed to the last speaker
}


@dataclass
class QuoteRecord:
    """A quote found in the text, before and after speaker resolution."""

    start: int
    end: int
    kind: str  # "direct" | "indirect"
    construction: str
    phrase: Phrase | None = None
    cue: str | None = None
    cue_start: int | None = None
    medium: str | None = None
    via: str | None = None
    paragraph: int = -1
    speaker: dict | None = None
    # while finding: the other source of a relayed statement (an `ifølge X` quote or a
    # phrase naming the outlet); `via` gets the outlet's name once speakers are resolved
    relay: QuoteRecord | Phrase | None = None

    @property
    def confidence(self) -> float:
        """The construction's confidence, lowered when no speaker was found."""
        base = CONFIDENCE.get(self.construction, 0.5)
        if not self.speaker or not self.speaker.get("name"):
            base *= 0.8
        return round(base, 2)

    def overlaps(self, other: QuoteRecord) -> bool:
        """Do the two quotes share characters?"""
        return self.start < other.end and other.start < self.end

    def inside(self, other: QuoteRecord) -> bool:
        """Does this quote lie within `other`?"""
        return other.start <= self.start and self.end <= other.end


class SpanIndex:
    """A fixed set of quotes answering "does any of them cover / overlap …?" in O(log n).

    Sorted by start, with the running maximum of ends: among the quotes starting before a
    point, some quote reaches past it exactly when that running maximum does.
    """

    def __init__(self, quotes: list[QuoteRecord]) -> None:
        ordered = sorted(quotes, key=lambda q: q.start)
        self._starts = [q.start for q in ordered]
        self._max_end = list(accumulate((q.end for q in ordered), max))

    def _reach(self, count: int) -> int:
        """The furthest end among the first `count` quotes (by start)."""
        return self._max_end[count - 1] if count else -1

    def covers(self, position: int) -> bool:
        """Does some quote contain the character at `position`?"""
        return self._reach(bisect_right(self._starts, position)) > position

    def overlaps(self, start: int, end: int) -> bool:
        """Does some quote share a character with [start, end)?"""
        return self._reach(bisect_left(self._starts, end)) > start
