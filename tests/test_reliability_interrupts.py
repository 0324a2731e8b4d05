"""Reliability: `kilde ingest` and `kilde batch` interrupted by SIGINT, SIGTERM and SIGKILL.

Each command runs as a real subprocess over a generated corpus and is interrupted three
times in a row (Ctrl-C to its process group, `kill PID`, `kill -9 PID` or of the group),
then run to the end. The store's own test covers kill -9 of the whole process group with
exact counts; here every kind of interruption is checked for what the user sees (exit
status, message, no traceback, no process left behind) and, at the end, that nothing was
lost or stored twice.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from kilde.store import Archive
from test_reliability_helpers import (
    KILDE,
    count_rows,
    end_group,
    one_line,
    survivors,
    wait_for,
    write_jsonl_partitions,
    write_page_corpus,
)

ARTICLES = 300
PARTITIONS, PER_PARTITION = 8, 60


@dataclass
class Interruption:
    """One interrupted run: the signal, how it was sent, and what the process did."""

    name: str
    returncode: int
    output: str
    left_behind: bool  # processes of the run still alive after its main process ended


def interrupt(
    args: list[str],
    workdir: Path,
    ready: Callable[[], bool],
    signum: int,
    whole_group: bool,
    name: str,
) -> Interruption:
    """Start `args`, wait until `ready()`, send `signum`, wait for the end, clean up."""
    log = workdir / f"{name}.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            args, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        wait_for(ready, process, 240, f"progress before {name}")
        if whole_group:  # what a terminal's Ctrl-C does: the whole foreground group
            os.killpg(process.pid, signum)
        else:  # `kill PID`: only the main process
            os.kill(process.pid, signum)
        process.wait(timeout=60)
        deadline = time.monotonic() + 10
        while survivors(process.pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        left_behind = survivors(process.pid)
    finally:
        end_group(process.pid)
        process.wait(timeout=30)
    return Interruption(name, process.returncode, log.read_text(errors="replace"), left_behind)


SIGNALS = [
    ("ctrl-c", signal.SIGINT, True),
    ("sigterm", signal.SIGTERM, False),
    ("kill-9", signal.SIGKILL, False),
]


# -- kilde ingest ----------------------------------------------------------------------------


@dataclass
class IngestStory:
    """Three interrupted ingests and the final one, over the same corpus and archive."""

    db: Path
    interruptions: dict[str, Interruption]
    stored_before: dict[str, int]
    final: subprocess.CompletedProcess[str]


@pytest.fixture(scope="module")
def ingest_story(tmp_path_factory: pytest.TempPathFactory) -> IngestStory:
    workdir = tmp_path_factory.mktemp("ingest-interrupts")
    write_page_corpus(workdir / "news", ARTICLES)
    db = workdir / "kilde.db"
    args = [*KILDE, "ingest", str(workdir / "news"), "--db", str(db), "--model", "blank"]
    args += ["--workers", "2"]
    interruptions, stored_before = {}, {}
    for name, signum, group in SIGNALS:
        start = count_rows(db)
        stored_before[name] = start
        interruptions[name] = interrupt(
            args, workdir, lambda start=start: count_rows(db) >= start + 5, signum, group, name
        )
    stored_before["final"] = count_rows(db)
    final = subprocess.run(args, capture_output=True, text=True, timeout=600)
    return IngestStory(db, interruptions, stored_before, final)


def test_interrupted_ingests_resume_with_nothing_lost_or_doubled(ingest_story: IngestStory):
    story = ingest_story
    assert story.stored_before["final"] < ARTICLES, "the interruptions came too late"
    assert story.final.returncode == 0, story.final.stderr
    summary = one_line(story.final.stderr)
    already = story.stored_before["final"]
    assert f"stored {ARTICLES - already} article(s)" in summary
    assert f"skipped {already} already stored" in summary
    with Archive.open(str(story.db)) as archive:
        counts = archive.counts()
        stored = [archive.article(a.id) for a in archive.articles(limit=1000).items]
    assert counts["articles"] == len(stored) == ARTICLES
    assert len({s.analysis.text for s in stored}) == ARTICLES
    assert counts["quotes"] == sum(len(s.analysis.quotes) for s in stored) >= ARTICLES
    assert count_rows(story.db, "ingest_errors") == 0


def test_ctrl_c_stops_ingest_with_a_short_message_and_status_130(ingest_story: IngestStory):
    run = ingest_story.interruptions["ctrl-c"]
    assert run.returncode == 130, run.output
    assert "interrupted: run the same command again to resume" in one_line(run.output)
    assert "Traceback" not in run.output
    assert not run.left_behind


def test_sigterm_stops_ingest_cleanly_and_leaves_no_worker(ingest_story: IngestStory):
    run = ingest_story.interruptions["sigterm"]
    assert "Traceback" not in run.output
    assert not run.left_behind, "analysis workers outlived the ingest"
    assert run.returncode == 128 + signal.SIGTERM, run.output
    assert "interrupted: run the same command again to resume" in one_line(run.output)


def test_kill_9_of_the_ingest_parent_leaves_no_worker(ingest_story: IngestStory):
    run = ingest_story.interruptions["kill-9"]
    assert run.returncode == -signal.SIGKILL
    assert not run.left_behind, "analysis workers outlived the killed ingest"


# -- kilde batch -----------------------------------------------------------------------------


@dataclass
class BatchStory:
    """Three interrupted batch runs and the final one, into the same results directory."""

    out: Path
    inputs: list[Path]
    interruptions: dict[str, Interruption]
    done_before: dict[str, int]
    final: subprocess.CompletedProcess[str]


def blank_pipeline(directory: Path) -> Path:
    """A spaCy pipeline directory without trained components: the batch runs fast."""
    import spacy

    import kilde.attribution  # noqa: F401  (registers the kilde_attribution factory)

    nlp = spacy.blank("da")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("kilde_attribution")
    nlp.to_disk(directory)
    return directory


def done_partitions(out: Path) -> int:
    """Partitions the batch journal records as done."""
    journal = out / "manifest.jsonl"
    if not journal.exists():
        return 0
    records = [json.loads(line) for line in journal.read_text().splitlines() if line.strip()]
    return len({r["partition"] for r in records if r.get("status") == "done"})


@pytest.fixture(scope="module")
def batch_story(tmp_path_factory: pytest.TempPathFactory) -> BatchStory:
    workdir = tmp_path_factory.mktemp("batch-interrupts")
    inputs = write_jsonl_partitions(workdir / "corpus", PARTITIONS, PER_PARTITION)
    model = blank_pipeline(workdir / "model")
    out = workdir / "results"
    args = [*KILDE, "batch", *map(str, inputs), "--out", str(out), "--workers", "1"]
    args += ["--model", str(model)]
    interruptions, done_before = {}, {}
    for name, signum, _ in SIGNALS:
        start = done_partitions(out)
        done_before[name] = start
        group = signum != signal.SIGTERM  # Ctrl-C and a kill -9 of the whole job
        interruptions[name] = interrupt(
            args, workdir, lambda start=start: done_partitions(out) > start, signum, group, name
        )
    done_before["final"] = done_partitions(out)
    final = subprocess.run(args, capture_output=True, text=True, timeout=600)
    return BatchStory(out, inputs, interruptions, done_before, final)


def test_interrupted_batches_resume_with_nothing_lost_or_doubled(batch_story: BatchStory):
    story = batch_story
    assert story.done_before["final"] < PARTITIONS, "the interruptions came too late"
    assert story.final.returncode == 0, story.final.stderr
    skipped = story.done_before["final"]
    assert f"{PARTITIONS - skipped} processed, {skipped} skipped, 0 failed" in one_line(
        story.final.stdout
    )
    files = sorted((story.out / "articles").glob("*.parquet"))
    assert len(files) == PARTITIONS
    ids = [
        i for f in files for i in pq.read_table(f, columns=["article_id"])["article_id"].to_pylist()
    ]
    expected = {f"d{p}-{n}" for p in range(PARTITIONS) for n in range(PER_PARTITION)}
    assert sorted(ids) == sorted(expected), "articles lost or written twice"
    # what a user's query sees: no half-written file from a killed run is picked up
    query = f"SELECT count(*), count(DISTINCT article_id) FROM '{story.out}/articles/*.parquet'"
    assert duckdb.sql(query).fetchall() == [(len(expected), len(expected))]
    totals = json.loads((story.out / "manifest.json").read_text())["totals"]
    assert totals["articles"] == len(expected) and totals["partitions_done"] == PARTITIONS
    assert totals["partitions_failed"] == totals["documents_failed"] == 0


def test_sigterm_and_kill_9_end_the_batch_and_leave_no_worker(batch_story: BatchStory):
    for name in ("sigterm", "kill-9"):
        run = batch_story.interruptions[name]
        assert run.returncode in (-signal.SIGTERM, 128 + signal.SIGTERM, -signal.SIGKILL), name
        assert not run.left_behind, f"Dask processes outlived the batch after {name}"


def test_ctrl_c_stops_the_batch_with_a_short_message_and_status_130(batch_story: BatchStory):
    run = batch_story.interruptions["ctrl-c"]
    assert not run.left_behind
    assert "Traceback" not in run.output, run.output[-2000:]
    assert run.returncode == 130
    assert "interrupted" in run.output
