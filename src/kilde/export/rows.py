"""One flat row per quote, with the article's fields: the shape of the CSV and Parquet exports."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from kilde.article import Analysis

#: Column names and order (the same for CSV and Parquet).
QUOTE_COLUMNS: tuple[str, ...] = (
    "article_id",
    "path",
    "url",
    "outlet",
    "title",
    "date",
    "language",
    "bylines",
    "quote_index",
    "kind",
    "text",
    "start",
    "end",
    "speaker_name",
    "speaker_type",
    "speaker_role",
    "speaker_gender",
    "speaker_mention",
    "cue",
    "medium",
    "via",
    "confidence",
)

#: Separator of several bylines in one cell.
BYLINE_SEPARATOR = "/"


def quote_rows(analyses: Iterable[Analysis]) -> Iterator[dict[str, Any]]:
    """Rows in `QUOTE_COLUMNS` order; an article without quotes gives no row."""
    for analysis in analyses:
        article = {
            "article_id": analysis.id,
            "path": analysis.path,
            "url": analysis.url,
            "outlet": analysis.outlet,
            "title": analysis.title,
            "date": analysis.date,
            "language": analysis.language,
            "bylines": BYLINE_SEPARATOR.join(analysis.bylines),
        }
        for index, quote in enumerate(analysis.quotes):
            speaker = quote.speaker
            yield {
                **article,
                "quote_index": index,
                "kind": quote.kind,
                "text": quote.text,
                "start": quote.start,
                "end": quote.end,
                "speaker_name": speaker.name,
                "speaker_type": speaker.type,
                "speaker_role": speaker.role,
                "speaker_gender": speaker.gender,
                "speaker_mention": speaker.mention.text if speaker.mention else None,
                "cue": quote.cue,
                "medium": quote.medium,
                "via": quote.via,
                "confidence": quote.confidence,
            }
