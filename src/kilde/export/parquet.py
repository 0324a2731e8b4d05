"""`--format parquet`: one row per quote with the article's fields, typed columns (pyarrow)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from kilde.article import Analysis
from kilde.export.rows import QUOTE_COLUMNS, quote_rows

_INTEGER_COLUMNS = {"quote_index", "start", "end"}

#: The Parquet schema: strings, except offsets (int64) and confidence (float64).
QUOTE_SCHEMA = pa.schema(
    [
        pa.field(
            name,
            pa.int64()
            if name in _INTEGER_COLUMNS
            else pa.float64()
            if name == "confidence"
            else pa.string(),
        )
        for name in QUOTE_COLUMNS
    ]
)

#: Rows per written batch (bounds memory for big runs).
BATCH_ROWS = 10_000


def write_parquet(analyses: Iterable[Analysis], path: str | Path) -> int:
    """Write the quote rows to a Parquet file at `path`; return the number of rows."""
    count = 0
    with pq.ParquetWriter(str(path), QUOTE_SCHEMA) as writer:
        batch: list[dict] = []
        for row in quote_rows(analyses):
            batch.append(row)
            if len(batch) >= BATCH_ROWS:
                writer.write_table(pa.Table.from_pylist(batch, schema=QUOTE_SCHEMA))
                count += len(batch)
                batch = []
        if batch or count == 0:
            writer.write_table(pa.Table.from_pylist(batch, schema=QUOTE_SCHEMA))
            count += len(batch)
    return count
