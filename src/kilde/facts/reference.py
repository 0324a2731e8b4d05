"""The reference date time expressions are resolved against (the article date or a given one)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

_ISO = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?")


@dataclass(frozen=True)
class ReferenceDate:
    """A reference date and how precise it is.

    With only a month known (`2021-06`), `day` is the 1st of that month and `precision`
    is "month": expressions that need a day (`i går`, `sent tirsdag`) are then resolved
    to the month only, with lower confidence.
    """

    day: dt.date
    precision: Literal["day", "month"] = "day"

    @property
    def month_value(self) -> str:
        """The reference month as `YYYY-MM`."""
        return f"{self.day.year:04d}-{self.day.month:02d}"


def parse_reference(value: str | dt.date | ReferenceDate | None) -> ReferenceDate | None:
    """A `ReferenceDate` from `2021-06-30`, `2021-06`, a `date`/`datetime`, or None."""
    if value is None or isinstance(value, ReferenceDate):
        return value
    if isinstance(value, dt.datetime):
        return ReferenceDate(value.date())
    if isinstance(value, dt.date):
        return ReferenceDate(value)
    match = _ISO.match(str(value).strip())
    if not match:
        return None
    year, month, day = int(match.group(1)), int(match.group(2)), match.group(3)
    try:
        if day:
            return ReferenceDate(dt.date(year, month, int(day)))
        return ReferenceDate(dt.date(year, month, 1), precision="month")
    except ValueError:
        return None
