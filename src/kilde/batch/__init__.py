"""Archive-scale batch runs on Dask distributed: partitions in, Parquet tables out.

    from kilde.batch import run_batch, read_results
    report = run_batch(["corpus/2021-01.jsonl.gz"], "results/", workers=2)
    for analysis in read_results("results/"): ...

See docs/batch.md for the table schemas and the manifest.
"""

from __future__ import annotations

from kilde.batch.manifest import Manifest, read_failures, read_other_languages
from kilde.batch.runner import BatchReport, run_batch
from kilde.batch.schema import SCHEMAS, TABLE_NAMES
from kilde.batch.tables import analyses_to_tables, is_results_dir, read_partition, read_results

__all__ = [
    "SCHEMAS",
    "TABLE_NAMES",
    "BatchReport",
    "Manifest",
    "analyses_to_tables",
    "is_results_dir",
    "read_failures",
    "read_other_languages",
    "read_partition",
    "read_results",
    "run_batch",
]
