"""Turn an article's text and its span offsets into nested pieces a template can render.

Nothing here produces markup: the result is plain data (paragraphs → quote runs → inner
runs of text), so the Jinja template escapes every piece of article text itself.

Layers, outermost first: paragraphs (blank-line separated), quotes (each quote's pieces
carry its index), and inner marks (entities and speaker mentions). Overlaps inside one
layer are resolved by keeping the earlier, longer span; inner marks are cut at quote and
paragraph edges so the markup always nests.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from kilde.article import Analysis

_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")


@dataclass(frozen=True)
class Mark:
    """An inner mark: an entity (`kind` = its label) or a speaker mention of quote `quote`."""

    start: int
    end: int
    kind: str
    quote: int | None = None


@dataclass
class InnerRun:
    """Text with at most one inner mark."""

    text: str
    mark: Mark | None = None


@dataclass
class QuoteRun:
    """A stretch of one paragraph inside quote number `quote` (or outside any quote)."""

    quote: int | None
    runs: list[InnerRun] = field(default_factory=list)
    first_piece: bool = False
    last_piece: bool = False


@dataclass
class Paragraph:
    """One paragraph of the article."""

    runs: list[QuoteRun] = field(default_factory=list)


def _non_overlapping(
    spans: Sequence[tuple[int, int, object]], length: int
) -> list[tuple[int, int, object]]:
    """Valid spans sorted by start; a span overlapping an earlier kept one is dropped."""
    kept: list[tuple[int, int, object]] = []
    last_end = 0
    for start, end, payload in sorted(spans, key=lambda s: (s[0], -(s[1] - s[0]))):
        if 0 <= start < end <= length and start >= last_end:
            kept.append((start, end, payload))
            last_end = end
    return kept


def paragraph_bounds(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-empty paragraph."""
    bounds, position = [], 0
    for match in _PARAGRAPH_BREAK.finditer(text):
        bounds.append((position, match.start()))
        position = match.end()
    bounds.append((position, len(text)))
    return [(s, e) for s, e in bounds if text[s:e].strip()]


def _owner(position: int, spans: list[tuple[int, int, object]]) -> tuple[int, int, object] | None:
    for span in spans:
        if span[0] <= position < span[1]:
            return span
        if span[0] > position:
            break
    return None


def highlight(analysis: Analysis) -> list[Paragraph]:
    """The article text as paragraphs of quote runs of inner runs, from the span offsets."""
    text = analysis.text
    quotes = _non_overlapping(
        [(q.start, q.end, index) for index, q in enumerate(analysis.quotes)], len(text)
    )
    inner_spans: list[tuple[int, int, object]] = []
    for index, quote in enumerate(analysis.quotes):  # mentions first: they win a tie
        mention = quote.speaker.mention
        if mention is not None:
            inner_spans.append(
                (mention.start, mention.end, Mark(mention.start, mention.end, "mention", index))
            )
    inner_spans += [(e.start, e.end, Mark(e.start, e.end, e.label)) for e in analysis.entities]
    inner = _non_overlapping(inner_spans, len(text))
    first_start_of_quote = {index: start for start, _, index in quotes}
    last_end_of_quote = {index: end for _, end, index in quotes}

    paragraphs = []
    for p_start, p_end in paragraph_bounds(text):
        cuts = {p_start, p_end}
        for start, end, _ in (*quotes, *inner):
            cuts.update(c for c in (start, end) if p_start < c < p_end)
        points = sorted(cuts)
        paragraph = Paragraph()
        for start, end in zip(points, points[1:], strict=False):
            quote_span = _owner(start, quotes)
            quote_index = quote_span[2] if quote_span else None
            mark_span = _owner(start, inner)
            run = InnerRun(text[start:end], mark_span[2] if mark_span else None)
            current = paragraph.runs[-1] if paragraph.runs else None
            if current is None or current.quote != quote_index:
                current = QuoteRun(quote_index)
                paragraph.runs.append(current)
            previous = current.runs[-1] if current.runs else None
            if previous is not None and previous.mark is run.mark:
                previous.text += run.text
            else:
                current.runs.append(run)
            if quote_index is not None and start == first_start_of_quote[quote_index]:
                current.first_piece = True
            if quote_index is not None and end == last_end_of_quote[quote_index]:
                current.last_piece = True
        paragraphs.append(paragraph)
    return paragraphs
