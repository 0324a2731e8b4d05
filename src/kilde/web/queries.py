"""Questions the web asks the archive that the store answers in several calls.

Only the store's Python API is used here; no SQL.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from kilde.store import Archive, Page
from kilde.store.stats import STATS_FIELDS


def quotes_per_month(archive: Archive, speaker_id: int) -> dict[str, int]:
    """How many quotes of this speaker each month (YYYY-MM) has, oldest month first."""
    return {
        row["month"]: row["quotes"]
        for row in archive.stats(by="month", speaker_id=speaker_id)
        if row["quotes"] and row["month"] and len(row["month"]) == 7
    }


def outlets(archive: Archive) -> list[str]:
    """Every outlet in the archive, alphabetically (for filter menus)."""
    return sorted(row["outlet"] for row in archive.stats(by="outlet") if row.get("outlet"))


def paging(page: Page, page_number: int, per_page: int) -> dict[str, Any]:
    """The API's paging fields for a store page."""
    return {
        "page": page_number,
        "per_page": per_page,
        "has_more": page.has_more,
        "total": page.total,
    }


def _top_text(speakers: list[dict[str, Any]]) -> str:
    return "; ".join(f"{s['name']} ({s['quotes']})" for s in speakers)


def stats_csv(rows: list[dict[str, Any]], by: list[str]) -> str:
    """Statistics rows as CSV (top speakers joined as 'Navn (n); …')."""
    columns = [*by, *STATS_FIELDS]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        values = []
        for column in columns:
            value = row.get(column)
            if column in ("top_women", "top_men"):
                value = _top_text(value or [])
            values.append("" if value is None else _safe_cell(value))
        writer.writerow(values)
    return out.getvalue()


def _safe_cell(value: Any) -> Any:
    """Neutralise spreadsheet formulas in text cells (CSV injection)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value
