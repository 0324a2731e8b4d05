"""Query parameters shared by the API and the pages, validated before they reach the store."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Literal

from fastapi import HTTPException, Query

MAX_PAGE = 10_000
MAX_PER_PAGE = 100
PERIOD_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"
_PERIOD = re.compile(PERIOD_PATTERN)

Gender = Literal["f", "m", "unknown"]
SpeakerType = Literal["person", "organization", "anonymous", "document", "unknown"]
GroupBy = Literal["outlet", "month", "year"]

PageNumber = Annotated[int, Query(ge=1, le=MAX_PAGE, description="Page number, from 1")]
PerPage = Annotated[int, Query(ge=1, le=MAX_PER_PAGE, description="Results per page")]
PeriodFrom = Annotated[
    str | None,
    Query(alias="from", pattern=PERIOD_PATTERN, description="From YYYY, YYYY-MM or YYYY-MM-DD"),
]
PeriodTo = Annotated[
    str | None,
    Query(
        alias="to", pattern=PERIOD_PATTERN, description="To YYYY, YYYY-MM or YYYY-MM-DD (inclusive)"
    ),
]
Text = Annotated[str | None, Query(max_length=500)]


def check_period(value: str | None, name: str) -> str | None:
    """`value` if it names a real year, month or day; HTTP 400 otherwise. Empty means none."""
    if value is None or value == "":
        return None
    if not _PERIOD.match(value):
        raise HTTPException(400, f"{name}: brug YYYY, YYYY-MM eller YYYY-MM-DD (fik {value!r})")
    parts = [int(p) for p in value.split("-")]
    try:
        date(parts[0] or 1, parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError:
        raise HTTPException(400, f"{name}: {value!r} er ikke en gyldig dato") from None
    if parts[0] == 0:
        raise HTTPException(400, f"{name}: {value!r} er ikke en gyldig dato")
    return value


def blank_to_none(value: str | None) -> str | None:
    """Form fields arrive as empty strings when left empty: treat them as absent."""
    if value is None:
        return None
    value = value.strip()
    return value or None


def offset_of(page: int, per_page: int) -> int:
    """The row offset of a 1-based page."""
    return (page - 1) * per_page
