"""`--format csv`: one row per quote with the article's fields (see `rows.QUOTE_COLUMNS`)."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import TextIO

from kilde.article import Analysis
from kilde.export.rows import QUOTE_COLUMNS, quote_rows


def write_csv(analyses: Iterable[Analysis], stream: TextIO) -> int:
    """Write a header and one row per quote (RFC 4180, UTF-8); return the number of rows."""
    writer = csv.DictWriter(stream, fieldnames=QUOTE_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    count = 0
    for row in quote_rows(analyses):
        writer.writerow(row)
        count += 1
    return count
