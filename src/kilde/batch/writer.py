"""Write one partition's four Parquet files atomically, streaming row groups.

Rows go to hidden temporary files (`.NAME.parquet.tmp-XXXX`, which DuckDB globs and
pyarrow datasets skip); `commit` renames them into place, the articles file last, so a
partition's files are either complete or absent.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from pathlib import Path
from types import TracebackType

import pyarrow.parquet as pq

from kilde.article import Analysis
from kilde.batch.schema import SCHEMAS, TABLE_NAMES
from kilde.batch.tables import Row, analysis_rows, rows_to_table

# articles last: its presence means the partition's other files are in place
COMMIT_ORDER = ("entities", "speakers", "quotes", "articles")


class PartitionWriter:
    """Collects analyses of one partition and writes them as row groups of four tables."""

    def __init__(self, results_dir: Path, partition: str, articles_per_row_group: int = 2000):
        self.results_dir = results_dir
        self.partition = partition
        self.articles_per_row_group = articles_per_row_group
        token = uuid.uuid4().hex[:8]
        self.final = {t: results_dir / t / f"{partition}.parquet" for t in TABLE_NAMES}
        self.temp = {t: p.with_name(f".{p.name}.tmp-{token}") for t, p in self.final.items()}
        self.pending: dict[str, list[Row]] = {t: [] for t in TABLE_NAMES}
        self.pending_articles = 0
        self.counts = {t: 0 for t in TABLE_NAMES} | {"words": 0}
        self.writers: dict[str, pq.ParquetWriter] = {}
        for table, path in self.temp.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            self.writers[table] = pq.ParquetWriter(path, SCHEMAS[table], compression="zstd")

    def add(self, analysis: Analysis) -> None:
        """Queue one article's rows; a full row group is written out."""
        rows = analysis_rows(analysis, self.partition, self.counts["articles"])
        for table, table_rows in rows.items():
            self.pending[table].extend(table_rows)
            self.counts[table] += len(table_rows)
        self.counts["words"] += rows["articles"][0]["words"]
        self.pending_articles += 1
        if self.pending_articles >= self.articles_per_row_group:
            self.flush()

    def flush(self) -> None:
        """Write the queued rows as one row group per table."""
        for table, rows in self.pending.items():
            if rows:
                self.writers[table].write_table(rows_to_table(table, rows))
            self.pending[table] = []
        self.pending_articles = 0

    def commit(self) -> dict[str, int]:
        """Finish the files and rename them into place; returns the row counts."""
        self.flush()
        for writer in self.writers.values():
            writer.close()
        for table in COMMIT_ORDER:
            os.replace(self.temp[table], self.final[table])
        self.writers = {}
        return dict(self.counts)

    def abort(self) -> None:
        """Close and delete the temporary files."""
        for writer in self.writers.values():
            with contextlib.suppress(Exception):  # best effort: already failing
                writer.close()
        for path in self.temp.values():
            path.unlink(missing_ok=True)
        self.writers = {}

    def __enter__(self) -> PartitionWriter:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self.writers:
            self.abort()
