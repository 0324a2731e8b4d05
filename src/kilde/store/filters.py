"""Filters shared by search, article lists and statistics, turned into parameterised SQL."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from kilde.store.database import Dialect
from kilde.store.quote_ids import QUOTES_PER_DAY, date_sort_key
from kilde.store.speakers import name_key

GENDERS = ("f", "m", "unknown")
SPEAKER_TYPES = ("person", "organization", "anonymous", "document", "unknown")
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def like_pattern(text: str) -> str:
    """A LIKE pattern matching `text` anywhere (its own % and _ escaped with \\)."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def date_upper_bound(value: str) -> str:
    """The first date after the period `value` (YYYY, YYYY-MM or YYYY-MM-DD), as text."""
    check_date(value)
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 1:
        return f"{parts[0] + 1:04d}"
    if len(parts) == 2:
        year, month = parts
        return f"{year + month // 12:04d}-{month % 12 + 1:02d}"
    return (date(*parts) + timedelta(days=1)).isoformat()


def check_date(value: str) -> str:
    """`value` if it is YYYY, YYYY-MM or YYYY-MM-DD; ValueError otherwise."""
    parts = [int(p) for p in value.split("-")] if _DATE.match(value) else []
    try:
        if not parts:
            raise ValueError
        date(parts[0], *(parts[1:] + [1, 1])[:2])
    except ValueError:
        raise ValueError(f"not a date: {value!r} (use YYYY, YYYY-MM or YYYY-MM-DD)") from None
    return value


@dataclass
class QuoteFilter:
    """Which quotes to look at. Every field is optional; all given ones must hold."""

    query: str | None = None
    speaker: str | None = None
    speaker_id: int | None = None
    speaker_type: str | None = None
    gender: str | None = None
    outlet: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    place: str | None = None
    article_id: str | None = None

    def validate(self) -> QuoteFilter:
        """Raise ValueError on a value no archive could match sensibly."""
        if self.gender is not None and self.gender not in GENDERS:
            raise ValueError(f"gender must be one of {', '.join(GENDERS)}")
        if self.speaker_type is not None and self.speaker_type not in SPEAKER_TYPES:
            raise ValueError(f"speaker type must be one of {', '.join(SPEAKER_TYPES)}")
        for value in (self.date_from, self.date_to):
            if value is not None:
                check_date(value)
        return self

    def where(self, dialect: Dialect) -> tuple[list[str], list[Any]]:
        """Conditions on `q` (quotes), with their parameters."""
        self.validate()
        conditions: list[str] = []
        params: list[Any] = []
        if self.query and self.query.strip():
            text = dialect.text_condition(self.query)
            if text is None:
                conditions.append("1 = 0")
            else:
                conditions.append(text[0])
                params.extend(text[1])
        if self.speaker:
            pattern = like_pattern(name_key(self.speaker))
            conditions.append(
                "q.speaker_id IN (SELECT id FROM speakers WHERE name_key LIKE ? ESCAPE '\\' "
                "UNION SELECT speaker_id FROM speaker_aliases WHERE alias_key LIKE ? ESCAPE '\\')"
            )
            params.extend([pattern, pattern])
        if self.speaker_id is not None:
            conditions.append("q.speaker_id = ?")
            params.append(self.speaker_id)
        if self.speaker_type:
            conditions.append("q.speaker_type = ?")
            params.append(self.speaker_type)
        if self.gender == "unknown":
            conditions.append("q.gender IS NULL")
        elif self.gender:
            conditions.append("q.gender = ?")
            params.append(self.gender)
        if self.outlet:
            conditions.append("q.outlet = ?")
            params.append(self.outlet)
        # quote ids begin with the article date (records.next_quote_id), so a period is also
        # an id range: both backends then walk the primary key over that period only
        if self.date_from:
            conditions.append("q.date >= ? AND q.id >= ?")
            params.extend([self.date_from, date_sort_key(self.date_from) * QUOTES_PER_DAY])
        if self.date_to:
            upper = date_upper_bound(self.date_to)
            conditions.append("q.date < ? AND q.id < ?")
            params.extend([upper, date_sort_key(upper) * QUOTES_PER_DAY])
        if self.place:
            # quotes that mention the place (a linked city, region or country, found by name,
            # genitive or ISO code), or that stand in an article naming it as a location
            conditions.append(
                "(q.id IN (SELECT quote_id FROM quote_places WHERE place_key = ?) "
                "OR q.article_id IN (SELECT article_id FROM entities "
                "WHERE label = 'LOC' AND text_key = ?))"
            )
            key = self.place.casefold().strip()
            params.extend([key, key])
        if self.article_id:
            conditions.append("q.article_id = ?")
            params.append(self.article_id)
        return conditions, params


def where_clause(conditions: list[str]) -> str:
    """`WHERE a AND b …`, or nothing."""
    return ("WHERE " + " AND ".join(conditions)) if conditions else ""
