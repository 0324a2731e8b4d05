"""Quote ids that sort by article date, so "newest first" needs no sort over all matches."""

from __future__ import annotations

import re

from kilde.store.database import Database

QUOTES_PER_DAY = 10**7  # ids stay below 2**53, exact as JSON numbers in JavaScript
_DATE_PREFIX = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")


def date_sort_key(date: str | None) -> int:
    """YYYY-MM-DD as the number YYYYMMDD (missing parts 0; no date: 0), ordered like the text."""
    match = _DATE_PREFIX.match(date or "")
    if not match:
        return 0
    year, month, day = (int(part or 0) for part in match.groups())
    return year * 10_000 + month * 100 + day


def next_quote_id(db: Database, date: str | None) -> int:
    """A fresh quote id that sorts by article date: YYYYMMDD × 10⁷ + a running number.

    So "newest first" is simply `ORDER BY id DESC`, which full-text search results (rowids)
    can follow without reading and sorting every match; quotes without a date come last.
    """
    base = date_sort_key(date) * QUOTES_PER_DAY
    latest = db.scalar(
        "SELECT MAX(id) FROM quotes WHERE id >= ? AND id < ?", (base, base + QUOTES_PER_DAY)
    )
    return int(latest) + 1 if latest is not None else base + 1
