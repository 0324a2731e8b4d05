"""Ingest: read inputs, analyse the new ones in parallel, store each article atomically.

The parent process reads inputs, skips ids already stored (so a resumed ingest does not
analyse them again), hands batches to worker processes (each loads the pipeline once), and
writes every returned `Analysis` in its own transaction. Killing the command at any point
loses at most the articles in flight; running it again stores exactly those.
"""

from __future__ import annotations

import itertools
import os
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from typing import Any

from kilde.article import Analysis, Article
from kilde.ingest import IngestFailure, read_inputs
from kilde.ingest.language import outside_languages
from kilde.store.archive import Archive

BLANK_MODEL = "blank"
READ_BATCH = 64


@dataclass
class IngestReport:
    """How an ingest went; updated while it runs (the progress callback receives it)."""

    stored: int = 0
    skipped: int = 0
    failed: int = 0
    words: int = 0
    workers: int = 1
    started: float = field(default_factory=time.monotonic)
    finished: float | None = None
    interrupted: bool = False
    stop_signal: int | None = None
    failures: list[IngestFailure] = field(default_factory=list)
    # (source, detected language) of articles analysed but not stored (outside `languages`)
    other_languages: list[tuple[str, str]] = field(default_factory=list)

    @property
    def seen(self) -> int:
        """Inputs handled so far (stored, skipped or failed)."""
        return self.stored + self.skipped + self.failed

    @property
    def seconds(self) -> float:
        """Time taken so far."""
        return (self.finished or time.monotonic()) - self.started

    @property
    def articles_per_second(self) -> float:
        """Stored articles per second."""
        return self.stored / self.seconds if self.seconds > 0 else 0.0

    @property
    def words_per_second(self) -> float:
        """Words of stored articles per second."""
        return self.words / self.seconds if self.seconds > 0 else 0.0


def load_pipeline(model: str | None):
    """The analysis pipeline: the shipped model (None), a spaCy directory, or "blank".

    "blank" is a Danish tokenizer and sentencizer plus kilde's attribution component, with
    no trained model: fast, for tests and for measuring the store rather than the NLP.
    """
    from kilde.pipeline import load

    if model == BLANK_MODEL:
        import spacy

        nlp = spacy.blank("da")
        nlp.add_pipe("sentencizer")
        nlp.add_pipe("kilde_attribution", last=True)
        return nlp
    return load(model)


_worker_pipeline: Any = None


def _start_worker(model: str | None) -> None:
    """Worker initializer: leave Ctrl-C to the parent, die with it, load the pipeline once."""
    global _worker_pipeline
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _exit_with_parent(os.getppid())
    _worker_pipeline = load_pipeline(model)


def _exit_with_parent(parent: int) -> None:
    """Make this worker end when the ingest process ends, even by kill -9."""
    try:  # Linux: the kernel sends SIGKILL when the parent dies
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        PR_SET_PDEATHSIG = 1
        if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL) == 0:
            if os.getppid() != parent:  # the parent died before the call
                os._exit(1)
            return
    except (OSError, AttributeError):
        pass
    import threading

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


class _Stopped(BaseException):  # noqa: N818  (like KeyboardInterrupt)
    """Raised in the parent by SIGTERM/SIGHUP: stop like Ctrl-C."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _raise_stopped(signum: int, _frame: Any) -> None:
    raise _Stopped(signum)


def analyse_batch(articles: list[Article], nlp: Any) -> list[Analysis | IngestFailure]:
    """Analyse articles; an article whose analysis raises becomes an `IngestFailure`."""
    from kilde.pipeline import analyze_many

    try:
        return list(analyze_many(articles, nlp=nlp))
    except Exception:  # find the culprit: analyse one by one
        results: list[Analysis | IngestFailure] = []
        for article in articles:
            try:
                results.extend(analyze_many([article], nlp=nlp))
            except Exception as error:  # noqa: BLE001 - a bad document must not stop the batch
                source = article.path or article.resolved_id()
                results.append(
                    IngestFailure(source, f"analysis failed: {type(error).__name__}: {error}")
                )
        return results


def _analyse_in_worker(articles: list[Article]) -> list[Analysis | IngestFailure]:
    return analyse_batch(articles, _worker_pipeline)


def _batched(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def default_workers() -> int:
    """All cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def ingest(
    archive: Archive,
    inputs: Iterable[str],
    *,
    workers: int | None = None,
    model: str | None = None,
    batch_size: int = 8,
    languages: frozenset[str] | None = None,
    on_progress: Callable[[IngestReport], None] | None = None,
) -> IngestReport:
    """Ingest every article in `inputs` (paths, directories, `-`) into `archive`.

    Articles already stored are skipped before analysis; failures are recorded in the
    archive's ingest_errors and listed in the report. Ctrl-C, SIGTERM or SIGHUP stop
    cleanly: everything stored so far stays, and `report.interrupted`/`stop_signal` are set.
    Workers end with the parent, even when it is killed with SIGKILL.
    With `languages` (ISO 639-1 codes), articles detected as another language are not
    stored; they are listed in `report.other_languages`.
    """
    workers = max(1, workers or default_workers())
    report = IngestReport(workers=workers)
    notify = on_progress or (lambda _report: None)

    def store(results: list[Analysis | IngestFailure]) -> None:
        for result in results:
            if isinstance(result, IngestFailure):
                archive.record_error(result.source, result.reason)
                report.failed += 1
                report.failures.append(result)
            elif outside_languages(result.language, languages):
                report.other_languages.append((result.path or result.id, result.language))
            elif archive.add(result):
                report.stored += 1
                report.words += len(result.text.split())
            else:
                report.skipped += 1
            notify(report)

    def new_articles() -> Iterator[list[Article]]:
        submitted: set[str] = set()
        # language detection is left to analysis (in the workers, in parallel)
        for batch in _batched(read_inputs(inputs, detect_languages=False), READ_BATCH):
            failures = [item for item in batch if isinstance(item, IngestFailure)]
            store(failures)
            articles = [item for item in batch if isinstance(item, Article)]
            known = archive.known_ids([a.resolved_id() for a in articles])
            fresh = []
            for article in articles:
                article_id = article.resolved_id()
                if article_id in known or article_id in submitted:
                    report.skipped += 1
                    notify(report)
                else:
                    submitted.add(article_id)
                    fresh.append(article)
            yield from _batched(fresh, batch_size)

    inputs = list(inputs)
    result_dirs = [item for item in inputs if _is_batch_output(item)]
    inputs = [item for item in inputs if item not in result_dirs]

    previous = {}
    if threading.current_thread() is threading.main_thread():
        for signum in (signal.SIGTERM, signal.SIGHUP):
            previous[signum] = signal.signal(signum, _raise_stopped)
    try:
        for results_dir in result_dirs:
            _store_batch_output(results_dir, store)
        if inputs and workers == 1:
            nlp = load_pipeline(model)
            for articles in new_articles():
                store(analyse_batch(articles, nlp))
        elif inputs:
            _ingest_parallel(new_articles(), store, workers, model)
    except KeyboardInterrupt:
        report.interrupted, report.stop_signal = True, signal.SIGINT
    except _Stopped as stop:
        report.interrupted, report.stop_signal = True, stop.signum
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    report.finished = time.monotonic()
    return report


def _is_batch_output(path: str) -> bool:
    """Is `path` a `kilde batch` results directory (Parquet tables + manifest)?"""
    if not os.path.isdir(path):
        return False
    from kilde.batch.tables import is_results_dir

    return is_results_dir(path)


def _store_batch_output(results_dir: str, store: Callable[[list[Any]], None]) -> None:
    """Load the analyses (and recorded failures) of a `kilde batch` run into the archive."""
    from kilde.batch.manifest import read_failures
    from kilde.batch.tables import read_results

    store([IngestFailure(f["source"], f["reason"]) for f in read_failures(results_dir)])
    for analyses in _batched(read_results(results_dir), READ_BATCH):
        store(analyses)


def _ingest_parallel(
    batches: Iterator[list[Article]],
    store: Callable[[list[Analysis | IngestFailure]], None],
    workers: int,
    model: str | None,
) -> None:
    """Analyse batches in `workers` processes, at most a few batches ahead; store in the parent."""
    import multiprocessing

    import kilde.pipeline  # noqa: F401  (imported once here, shared by forked workers)

    first = next(batches, None)
    if first is None:  # nothing new: do not start any worker
        return
    _warm_up_shared_models()
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    executor = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context(method),
        initializer=_start_worker,
        initargs=(model,),
    )
    in_flight: set[Future] = set()
    try:
        for articles in itertools.chain([first], batches):
            in_flight.add(executor.submit(_analyse_in_worker, articles))
            while len(in_flight) >= workers * 3:
                in_flight = _store_finished(in_flight, store)
        while in_flight:
            in_flight = _store_finished(in_flight, store)
    finally:
        executor.shutdown(wait=True, cancel_futures=True)


def _warm_up_shared_models() -> None:
    """Load what every worker needs but does not change (the language detector) once, here,
    so forked workers share it instead of each loading their own copy."""
    from kilde.ingest.language import detect_language

    detect_language("Dette er en kort dansk tekst, som indlæser sprogmodellerne.")


def _store_finished(in_flight: set[Future], store: Callable[[list[Any]], None]) -> set[Future]:
    done, pending = wait(in_flight, return_when=FIRST_COMPLETED)
    for future in done:
        store(future.result())
    return pending
