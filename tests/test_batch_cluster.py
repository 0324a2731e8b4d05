"""`kilde batch` on a real Dask LocalCluster (2 worker processes) over a small corpus."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest
from distributed import Client, LocalCluster
from spacy.language import Language

from kilde.article import Analysis, Article
from kilde.batch import (
    Manifest,
    analyses_to_tables,
    read_failures,
    read_other_languages,
    read_results,
    run_batch,
)
from kilde.batch.partitions import Partition, plan_partitions
from kilde.batch.worker import process_partition, worker_pipeline
from kilde.ingest import read_inputs
from kilde.pipeline import analyze_many
from test_batch_tables import SWEDISH, docs_query

PAGES = [
    " date 2024-03 Regeringen vil sænke skatten på arbejde fra næste år.\n\n"
    "- Det er en god dag for alle, der står op om morgenen, siger finansminister "
    "Nicolai Wammen (S).\n\n"
    "Oppositionen er mindre begejstret.\n\n"
    "- Forslaget er for dyrt, siger Venstres finansordfører, Stephanie Lose.\n\n/ritzau/\n",
    " date 2024-04 Aarhus Kommune lukker to folkeskoler til sommer.\n\n"
    "Borgmester Anders Winnerskjold siger, at kommunen ikke har råd til at holde dem åbne.\n\n"
    "Forældrene er vrede. »Vi er ikke blevet hørt,« siger Mette Kjær, der har to børn på "
    "skolen.\n",
    "Politiet i Odense efterlyser vidner til et indbrud natten til søndag.\n\n"
    "Ifølge vagtchef Lars Bo Jensen blev der stjålet smykker for flere tusinde kroner.\n\n"
    "(Ritzau)\n",
    " date 2023-11-02 Danske Bank hæver renten på boliglån.\n\n"
    "Banken oplyser i en pressemeddelelse, at stigningen skyldes højere "
    "finansieringsomkostninger.\n\n"
    "- Vi forstår godt, at kunderne er utilfredse, siger direktør Karen Friis til DR.\n",
    "Vejret bliver koldt i weekenden, oplyser DMI.\n\n"
    "Meteorolog Anne Holm siger, at der kan komme sne i Nordjylland.\n",
]
RECORDS = [
    {
        "id": "dr-1",
        "outlet": "dr.dk",
        "date": "2024-05",
        "title": "Ny bro over Limfjorden",
        "text": "Transportminister Thomas Danielsen (V) siger, at broen skal stå færdig i 2030.\n\n"
        "- Det er en historisk investering, siger han.",
    },
    {
        "id": "pol-1",
        "outlet": "politiken.dk",
        "date": "2024-05",
        "title": "Strejke",
        "text": "Sygeplejerskerne strejker fra mandag.\n\n"
        "- Vi har ventet længe nok, siger formand Grete Christensen til Politiken.",
    },
    {
        "id": "dr-2",
        "outlet": "dr.dk",
        "date": "2024-06",
        "text": "En unavngiven kilde siger til DR, at forhandlingerne er brudt sammen.",
    },
]


def write_corpus(root: Path) -> list[str]:
    """Four partitions: two directories, a .jsonl.gz and a .jsonl; two bad documents."""
    first, second = root / "uge1", root / "uge2"
    first.mkdir(parents=True)
    (second / "indland").mkdir(parents=True)
    for index, page in enumerate(PAGES[:3]):
        (first / f"artikel{index}.txt").write_text(page, encoding="utf-8")
    (second / "indland" / "bank.txt").write_text(PAGES[3], encoding="utf-8")
    (second / "vejr.txt").write_text(PAGES[4], encoding="utf-8")
    (second / "tom.txt").write_text("", encoding="utf-8")
    lines = [json.dumps(record, ensure_ascii=False) for record in RECORDS]
    with gzip.open(root / "medier.jsonl.gz", "wt", encoding="utf-8") as file:
        file.write("\n".join(lines[:2]) + "\n")
    (root / "rest.jsonl").write_text(lines[2] + "\n{ikke json\n", encoding="utf-8")
    return [str(first), str(second), str(root / "medier.jsonl.gz"), str(root / "rest.jsonl")]


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
        ) as cluster,
        Client(cluster) as dask_client,
    ):
        yield dask_client


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    return write_corpus(tmp_path_factory.mktemp("corpus"))


@pytest.fixture(scope="module")
def nlp() -> Language:
    """The pipeline in this process (the per-process cache the workers use too)."""
    return worker_pipeline(None)


def single_process(inputs: list[str], nlp: Language) -> list[Analysis]:
    """The reference: the same inputs through `analyze_many` in this process."""
    articles = [item for item in read_inputs(inputs) if isinstance(item, Article)]
    return list(analyze_many(articles, nlp=nlp))


def test_cluster_output_equals_single_process_article_for_article(
    client: Client, corpus: list[str], nlp: Language, tmp_path: Path
):
    report = run_batch(corpus, tmp_path, client=client)
    assert len(report.done) == 4 and report.workers == 2
    assert all(record["pipeline_loads"] == 1 for record in report.done)
    batch = list(read_results(tmp_path))
    expected = single_process(corpus, nlp)
    assert len(batch) == len(expected) == 8
    for got, want in zip(batch, expected, strict=True):
        assert got.model_dump() == want.model_dump()
    for record, source in zip(report.summary["partitions"], corpus, strict=True):
        tables = analyses_to_tables(single_process([source], nlp), record["partition"])
        for name, table in tables.items():
            assert pq.read_table(tmp_path / record["outputs"][name]).equals(table)


def test_failed_documents_are_recorded_not_fatal(client: Client, corpus: list[str], tmp_path: Path):
    report = run_batch(corpus, tmp_path, client=client)
    sources = sorted(f["source"] for f in report.document_failures)
    assert sources == sorted([str(Path(corpus[1]) / "tom.txt"), f"{corpus[3]}:2"])
    assert not report.ok and not report.failed
    summary = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    assert summary["totals"]["articles"] == 8 and summary["totals"]["documents_failed"] == 2
    assert len(summary["failures"]) == 2
    assert sorted(f["source"] for f in read_failures(tmp_path)) == sources


def test_rerun_skips_finished_partitions(client: Client, corpus: list[str], tmp_path: Path):
    run_batch(corpus, tmp_path, client=client)
    mtimes = {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*.parquet")}
    again = run_batch(corpus, tmp_path, client=client)
    assert again.records == [] and len(again.skipped) == 4
    assert {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*.parquet")} == mtimes
    changed = Path(corpus[0]) / "ny.txt"
    changed.write_text("Ministeren siger, at alt er godt.\n", encoding="utf-8")
    try:
        third = run_batch(corpus, tmp_path, client=client)
        assert [r["input"] for r in third.records] == [corpus[0]] and len(third.skipped) == 3
        assert len(list(read_results(tmp_path))) == 9
    finally:
        changed.unlink()


def fail_first_attempt(
    partition: Partition,
    results_dir: str,
    model: str | None = None,
    languages: frozenset[str] | None = None,
):
    """A task that fails the first time it sees a partition (state kept on disk)."""
    marker = Path(results_dir) / f"attempted-{partition.name}"
    if not marker.exists():
        marker.touch()
        raise OSError("disk hiccup")
    return process_partition(partition, results_dir, model, languages)


def fail_on_broken(
    partition: Partition,
    results_dir: str,
    model: str | None = None,
    languages: frozenset[str] | None = None,
):
    """A task that always fails for the partition named 'broken…'."""
    if partition.name.startswith("broken"):
        raise RuntimeError("cannot process this partition")
    return process_partition(partition, results_dir, model, languages)


def test_a_failed_partition_is_retried(client: Client, corpus: list[str], tmp_path: Path):
    report = run_batch(corpus[2:], tmp_path, client=client, retries=1, process=fail_first_attempt)
    assert [r["status"] for r in report.records] == ["done", "done"]
    assert len(list(tmp_path.glob("attempted-*"))) == 2
    assert len(list(read_results(tmp_path))) == 3


def test_a_partition_failing_every_retry_is_recorded(client: Client, tmp_path: Path):
    (tmp_path / "in").mkdir()
    good, broken = tmp_path / "in" / "good.txt", tmp_path / "in" / "broken.txt"
    good.write_text(PAGES[0], encoding="utf-8")
    broken.write_text(PAGES[1], encoding="utf-8")
    out = tmp_path / "out"
    report = run_batch(
        [str(good), str(broken)], out, client=client, retries=1, process=fail_on_broken
    )
    assert [r["status"] for r in report.done] == ["done"]
    assert report.failed[0]["input"] == str(broken)
    assert "cannot process this partition" in report.failed[0]["error"]
    assert Manifest(out).finished(plan_partitions([str(good), str(broken)])) == {
        report.done[0]["partition"]
    }
    assert [a.path for a in read_results(out)] == [str(good)]


def test_cli_on_a_running_scheduler_and_the_documented_query(
    client: Client, corpus: list[str], tmp_path: Path
):
    out = tmp_path / "results"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "kilde",
            "batch",
            *corpus,
            "--out",
            str(out),
            "--scheduler",
            client.scheduler.address,
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 1, result.stderr  # two bad documents in the corpus
    assert "4 processed, 0 skipped, 0 failed; 8 articles" in result.stdout
    assert "tom.txt: empty document" in result.stderr
    for outlet, people, women, men, unknown, *_ in duckdb.sql(docs_query(out)).fetchall():
        assert outlet in {"dr.dk", "politiken.dk", "(unknown)"}
        assert people == women + men + unknown


def test_batch_output_loads_into_the_archive(client: Client, corpus: list[str], tmp_path: Path):
    from kilde.store import Archive
    from kilde.store.ingest import ingest

    results = tmp_path / "results"
    run_batch(corpus, results, client=client)
    archive = Archive.open(tmp_path / "kilde.db")
    try:
        report = ingest(archive, [str(results)], workers=1)
        assert (report.stored, report.failed) == (8, 2)
        assert archive.counts()["articles"] == 8
        stored = {a.id: a for a in read_results(results)}
        for article_id, analysis in stored.items():
            assert archive.article(article_id).analysis.model_dump() == analysis.model_dump()
        again = ingest(archive, [str(results)], workers=1)
        assert (again.stored, again.skipped) == (0, 8)
    finally:
        archive.close()


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "kilde", "batch", *args],
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_cli_analyses_only_the_languages_asked_for(client: Client, tmp_path: Path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "dansk.txt").write_text(PAGES[0], encoding="utf-8")
    (corpus / "svensk.txt").write_text(SWEDISH, encoding="utf-8")
    english = {
        "id": "bbc-1",
        "text": "The government will cut taxes on work from next year, the finance minister "
        "said on Tuesday. It is a good day for everyone who gets up in the morning, he said.",
    }
    (tmp_path / "wire.jsonl").write_text(json.dumps(english) + "\n", encoding="utf-8")
    inputs = [str(corpus), str(tmp_path / "wire.jsonl")]
    out = tmp_path / "results"
    scheduler = ["--scheduler", client.scheduler.address]

    result = run_cli(*inputs, "--out", str(out), "--languages", "da", *scheduler)
    assert result.returncode == 0, result.stderr  # left out is not failed
    assert "1 articles (2 more in other languages, not analysed)" in result.stdout
    assert "svensk.txt: not analysed: language is 'sv' (--languages da)" in result.stderr
    assert "wire.jsonl:1: not analysed: language is 'en'" in result.stderr
    assert [Path(a.path).name for a in read_results(out)] == ["dansk.txt"]
    left_out = {Path(o["source"]).name: o["language"] for o in read_other_languages(out)}
    assert left_out == {"svensk.txt": "sv", "wire.jsonl:1": "en"}

    again = run_cli(*inputs, "--out", str(out), "--languages", "da", *scheduler)
    assert "0 processed, 2 skipped" in again.stdout
    # asked for more languages, the partitions are analysed again: nothing was lost
    wider = run_cli(*inputs, "--out", str(out), "--languages", "da,sv", *scheduler)
    assert "2 processed, 0 skipped, 0 failed; 2 articles (1 more" in wider.stdout
    assert sorted(Path(a.path).name for a in read_results(out)) == ["dansk.txt", "svensk.txt"]
    assert (
        json.loads((out / "manifest.json").read_text())["totals"]["documents_other_languages"] == 1
    )
