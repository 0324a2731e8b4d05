"""What runs on a Dask worker: load the pipeline once, turn one partition into Parquet.

`process_partition` is the task (pure function of its arguments, safe to retry: it
writes to temporary files and renames them only when complete). The pipeline is cached
per worker process by `worker_pipeline`, and `PipelinePreloader` (a worker plugin)
loads it when the worker starts, before any task arrives.
"""

from __future__ import annotations

import contextlib
import os
import resource
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Iterable, Iterator
from functools import lru_cache
from itertools import islice
from pathlib import Path
from typing import Any

from distributed.diagnostics.plugin import WorkerPlugin
from spacy.language import Language

from kilde.article import Analysis, Article
from kilde.batch.manifest import language_setting, output_files, utc_now
from kilde.batch.partitions import Partition
from kilde.batch.writer import PartitionWriter
from kilde.ingest import IngestFailure, read_inputs
from kilde.ingest.language import outside_languages

WARM_UP_TEXT = " date 2024-01 Vejret bliver godt i morgen, siger meteorolog Anne Hansen.\n"

_pipeline_loads = 0
_pipeline_lock = threading.Lock()


def worker_pipeline(model: str | None = None) -> Language:
    """The kilde pipeline, loaded once per worker process (per model); thread-safe."""
    with _pipeline_lock:
        return _load_pipeline(model)


@lru_cache(maxsize=2)
def _load_pipeline(model: str | None) -> Language:
    global _pipeline_loads
    from kilde.pipeline import load

    _pipeline_loads += 1
    return load(model)


def warm_up(nlp: Language) -> None:
    """Run one tiny document through reading and analysis, so lazy loads happen now."""
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "warm-up.txt"
        path.write_text(WARM_UP_TEXT, encoding="utf-8")
        with contextlib.suppress(Exception):
            list(analyse_documents(read_inputs([str(path)]), nlp, []))


class PipelinePreloader(WorkerPlugin):
    """Worker plugin: load the pipeline as the worker starts."""

    name = "kilde-pipeline"

    def __init__(self, model: str | None = None) -> None:
        self.model = model

    def setup(self, worker: Any) -> None:
        """Called by Dask on each worker, now and for workers that join later.

        Workers ignore SIGINT: a Ctrl-C in the terminal reaches the whole process group,
        and only the client should react to it (it stops the run; the cluster goes with it).
        """
        if threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGINT, signal.SIG_IGN)
        warm_up(worker_pipeline(self.model))


def _chunks(items: Iterable[Article], size: int) -> Iterator[list[Article]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def analyse_documents(
    items: Iterable[Article | IngestFailure],
    nlp: Language,
    failures: list[dict[str, str]],
    chunk_size: int = 64,
) -> Iterator[Analysis]:
    """Analyses in input order; unreadable or failing documents go to `failures`.

    Chunks are analysed together; if a chunk raises, its articles are redone one by one
    so only the failing document is lost.
    """
    from kilde.pipeline import analyze_many

    def articles() -> Iterator[Article]:
        for item in items:
            if isinstance(item, IngestFailure):
                failures.append({"source": item.source, "reason": item.reason})
            else:
                yield item

    for chunk in _chunks(articles(), chunk_size):
        try:
            results = list(analyze_many(chunk, nlp=nlp))
        except Exception:  # noqa: BLE001 - isolate the failing document below
            results = None
        if results is not None:
            yield from results
            continue
        for article in chunk:
            try:
                yield next(analyze_many([article], nlp=nlp))
            except Exception as error:  # noqa: BLE001 - recorded, not fatal
                source = article.path or article.resolved_id()
                reason = f"analysis failed: {type(error).__name__}: {error}"
                failures.append({"source": source, "reason": reason})


def in_languages(
    items: Iterable[Article | IngestFailure],
    languages: frozenset[str] | None,
    other_languages: list[dict[str, str]],
) -> Iterator[Article | IngestFailure]:
    """The items to analyse: articles detected as a language outside `languages` go to
    `other_languages` (`{"source", "language"}`) instead; an undetermined language stays."""
    for item in items:
        if isinstance(item, Article) and outside_languages(item.language, languages):
            source = item.path or item.resolved_id()
            other_languages.append({"source": source, "language": str(item.language)})
        else:
            yield item


def _worker_address() -> str:
    try:
        from distributed import get_worker

        return get_worker().address
    except ValueError:
        return "local"


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MB."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(peak / (1024 * 1024 if sys.platform == "darwin" else 1024), 1)


def process_partition(
    partition: Partition,
    results_dir: str,
    model: str | None = None,
    languages: frozenset[str] | None = None,
) -> dict[str, Any]:
    """Read, analyse and write one partition; returns its manifest record.

    With `languages` (ISO 639-1 codes), documents detected as another language are not
    analysed; they are listed in the record's `other_languages`.
    """
    started, cpu_started = time.perf_counter(), time.process_time()
    nlp = worker_pipeline(model)
    failures: list[dict[str, str]] = []
    other_languages: list[dict[str, str]] = []
    items = in_languages(read_inputs([partition.path]), languages, other_languages)
    with PartitionWriter(Path(results_dir), partition.name) as writer:
        for analysis in analyse_documents(items, nlp, failures):
            writer.add(analysis)
        counts = writer.commit()
    return {
        "event": "partition",
        "partition": partition.name,
        "input": partition.path,
        "fingerprint": partition.fingerprint,
        "status": "done",
        "outputs": output_files(partition.name),
        **counts,
        "failures": failures,
        "languages": language_setting(languages),
        "other_languages": other_languages,
        "duration_s": round(time.perf_counter() - started, 3),
        "cpu_s": round(time.process_time() - cpu_started, 3),
        "worker": _worker_address(),
        "pid": os.getpid(),
        "pipeline_loads": _pipeline_loads,
        "peak_rss_mb": peak_rss_mb(),
        "finished_at": utc_now(),
    }
