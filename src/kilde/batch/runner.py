"""Run a batch on Dask distributed: plan partitions, skip finished ones, map, journal.

Locally a `LocalCluster` of worker processes (one thread each) is started; with a
scheduler address the run uses that cluster (its workers must have kilde installed and
see the input and output paths, e.g. on a shared file system).
"""

from __future__ import annotations

import logging
import os
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from distributed import Client, LocalCluster, as_completed

from kilde.batch.manifest import Manifest, language_setting, utc_now
from kilde.batch.partitions import Partition, plan_partitions
from kilde.batch.worker import PipelinePreloader, process_partition

Record = dict[str, Any]
ProcessPartition = Callable[..., Record]


@dataclass
class BatchReport:
    """What a run did: partitions processed, skipped and failed, and the directory totals."""

    results_dir: Path
    partitions: int
    skipped: list[str] = field(default_factory=list)
    records: list[Record] = field(default_factory=list)
    duration_s: float = 0.0
    startup_s: float = 0.0
    workers: int = 0
    summary: dict[str, Any] = field(default_factory=dict)

    @property
    def done(self) -> list[Record]:
        """Records of partitions processed in this run."""
        return [r for r in self.records if r["status"] == "done"]

    @property
    def failed(self) -> list[Record]:
        """Records of partitions that failed in this run (after their retries)."""
        return [r for r in self.records if r["status"] != "done"]

    @property
    def document_failures(self) -> list[dict[str, str]]:
        """Documents that could not be read or analysed in this run."""
        return [f for r in self.done for f in r.get("failures", [])]

    def total(self, key: str) -> int:
        """Sum of a count (articles, quotes, speakers, entities, words) over this run."""
        return sum(r.get(key, 0) for r in self.done)

    @property
    def processing_s(self) -> float:
        """Wall time spent on partitions: the run less starting workers and loading."""
        return max(self.duration_s - self.startup_s, 0.0)

    @property
    def other_languages(self) -> list[dict[str, str]]:
        """Documents left out in this run for their language (`languages`); not failures."""
        return [o for r in self.done for o in r.get("other_languages", [])]

    @property
    def ok(self) -> bool:
        """True when nothing failed in this run."""
        return not self.failed and not self.document_failures


@contextmanager
def dask_client(
    scheduler: str | None = None, workers: int | None = None, client: Client | None = None
) -> Iterator[Client]:
    """The given client, a client of a remote scheduler, or a fresh LocalCluster's client."""
    if client is not None:
        yield client
        return
    if scheduler:
        with Client(scheduler) as remote:
            yield remote
        return
    with (
        LocalCluster(
            n_workers=workers or os.cpu_count() or 1,
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",
            silence_logs=logging.ERROR,
        ) as cluster,
        Client(cluster) as local,
    ):
        yield local


def failed_record(partition: Partition, error: BaseException) -> Record:
    """The journal record of a partition that failed after all its retries."""
    return {
        "event": "partition",
        "partition": partition.name,
        "input": partition.path,
        "fingerprint": partition.fingerprint,
        "status": "failed",
        "error": f"{type(error).__name__}: {error}",
        "outputs": {},
        "failures": [],
        "finished_at": utc_now(),
    }


def run_batch(
    inputs: Iterable[str],
    results_dir: str | Path,
    *,
    scheduler: str | None = None,
    workers: int | None = None,
    client: Client | None = None,
    model: str | None = None,
    retries: int = 2,
    force: bool = False,
    languages: frozenset[str] | None = None,
    on_start: Callable[[int, int], None] | None = None,
    on_result: Callable[[Record], None] | None = None,
    process: ProcessPartition = process_partition,
) -> BatchReport:
    """Analyse every input partition on Dask and write Parquet tables plus a manifest.

    `on_start(to_do, skipped)` and `on_result(record)` report progress; `process` is the
    task run per partition (replaceable in tests). `force` reprocesses finished partitions.
    With `languages` (ISO 639-1 codes, from `parse_language_list`), documents detected as
    another language are not analysed; each partition's record lists them. A partition
    finished under another `languages` setting is processed again.
    """
    started = time.perf_counter()
    results = Path(results_dir).resolve()
    results.mkdir(parents=True, exist_ok=True)
    partitions = plan_partitions(inputs)
    manifest = Manifest(results)
    finished = set() if force else manifest.finished(partitions, languages)
    # largest first, so a big partition does not start last and hold up the end of the run
    todo = sorted((p for p in partitions if p.name not in finished), key=lambda p: -p.size_bytes)
    run_id = uuid.uuid4().hex[:12]
    manifest.append(
        {
            "event": "run",
            "run_id": run_id,
            "started_at": utc_now(),
            "partitions": [p.name for p in partitions],
            "scheduler": scheduler or "local",
            "languages": language_setting(languages),
        }
    )
    report = BatchReport(
        results, len(partitions), skipped=[p.name for p in partitions if p.name in finished]
    )
    if on_start:
        on_start(len(todo), len(report.skipped))
    if todo:
        with dask_client(scheduler, workers, client) as dask:
            report.workers = len(dask.nthreads())
            dask.register_plugin(PipelinePreloader(model))
            report.startup_s = round(time.perf_counter() - started, 3)
            futures = dask.map(
                process,
                todo,
                results_dir=str(results),
                model=model,
                languages=languages,
                retries=retries,
                pure=False,
                key=[f"kilde-batch-{run_id}-{p.name}" for p in todo],
            )
            pairs = zip(futures, todo, strict=True)
            partition_of = {future.key: partition for future, partition in pairs}
            for future in as_completed(futures):
                try:
                    record = future.result()
                except Exception as error:  # noqa: BLE001 - recorded in the manifest
                    record = failed_record(partition_of[future.key], error)
                record["run_id"] = run_id
                manifest.append(record)
                report.records.append(record)
                if on_result:
                    on_result(record)
                future.release()
    report.summary = manifest.write_summary()
    report.duration_s = round(time.perf_counter() - started, 3)
    return report
