"""`kilde ingest`, `search`, `speakers`, `stats` as a user runs them.

Analysis quality is not the point here, so ingest runs with `--model blank` (a Danish
tokenizer plus kilde's attribution component, no trained model): fast and deterministic.
"""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from kilde.cli import main
from kilde.store import Archive
from test_store import CORPUS, archive_target  # noqa: F401  (archive_target: a fixture)

PEOPLE = [
    ("Mette Frederiksen", "statsminister"),
    ("Jakob Ellemann-Jensen", "formand"),
    ("Pia Olsen Dyhr", "SF-formand"),
    ("Troels Lund Poulsen", "forsvarsminister"),
]
TOPICS = ["soldaterne", "skatten", "klimaet", "sygehusene", "skolerne", "Ukraine"]


def write_corpus(folder: Path, count: int) -> list[Path]:
    """`count` different page-form articles (dated, with quotes and a byline) in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        name, role = PEOPLE[i % len(PEOPLE)]
        topic = TOPICS[i % len(TOPICS)]
        text = (
            f" date 20{20 + i % 3}-{1 + i % 12:02d}\n"
            f"Nyt om {topic} i dag, nummer {i}.\n\n"
            f"– Vi skal tage os af {topic}, siger {role} {name}.\n\n"
            f"{name.split()[-1]} tilføjer, at arbejdet fortsætter i {1 + i % 9} år.\n\n"
            + ("ritzau\n" if i % 2 else "")
        )
        path = folder / f"artikel-{i:05d}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def run(*args: str) -> object:
    """Run `kilde ARGS` in-process (tables 200 columns wide)."""
    return CliRunner(env={"COLUMNS": "200"}).invoke(main, list(args), catch_exceptions=False)


@pytest.fixture
def filled_db(tmp_path) -> str:
    target = str(tmp_path / "filled.db")
    with Archive.open(target) as archive:
        for analysis in CORPUS:
            archive.add(analysis)
    return target


# -- ingest ---------------------------------------------------------------------------------


def test_ingest_a_folder_and_again(tmp_path):
    write_corpus(tmp_path / "news", 12)
    db = str(tmp_path / "kilde.db")
    first = run("ingest", str(tmp_path / "news"), "--db", db, "--model", "blank", "--workers", "1")
    assert first.exit_code == 0, first.output
    assert "stored 12 article(s)" in first.output
    again = run("ingest", str(tmp_path / "news"), "--db", db, "--model", "blank", "--workers", "1")
    assert again.exit_code == 0
    assert "stored 0 article(s)" in again.output and "skipped 12 already stored" in again.output
    with Archive.open(db) as archive:
        assert archive.counts()["articles"] == 12
        assert archive.articles(date_from="2020", date_to="2020", with_total=True).total == 4


def test_ingest_in_parallel_stores_every_article_once(tmp_path):
    write_corpus(tmp_path / "news", 40)
    (tmp_path / "news" / "kopi.txt").write_bytes(
        (tmp_path / "news" / "artikel-00003.txt").read_bytes()
    )
    db = str(tmp_path / "kilde.db")
    result = run("ingest", str(tmp_path / "news"), "--db", db, "--model", "blank", "--workers", "2")
    assert result.exit_code == 0, result.output
    assert "stored 40 article(s)" in result.output and "skipped 1 already stored" in result.output
    assert "2 worker(s)" in result.output


def test_a_bad_document_is_recorded_and_the_exit_status_says_so(tmp_path):
    news = tmp_path / "news"
    write_corpus(news, 3)
    (news / "tom.txt").write_text("   \n", encoding="utf-8")
    db = str(tmp_path / "kilde.db")
    result = run(
        "ingest", str(news), str(tmp_path / "findes-ikke.txt"), "--db", db, "--model", "blank"
    )
    assert result.exit_code == 1
    assert "stored 3 article(s)" in result.output and "2 failed" in result.output
    assert "tom.txt" in result.output
    with Archive.open(db) as archive:
        errors = {Path(e.source).name: e.reason for e in archive.errors().items}
    assert set(errors) == {"tom.txt", "findes-ikke.txt"}
    assert "empty" in errors["tom.txt"] and "no such file" in errors["findes-ikke.txt"]


def _count_articles(target: str) -> int:
    if "://" in target:
        import psycopg

        with psycopg.connect(target) as connection:
            try:
                return connection.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
            except psycopg.errors.UndefinedTable:  # not created yet
                return 0
    try:
        with sqlite3.connect(f"file:{target}?mode=ro", uri=True, timeout=1) as connection:
            return connection.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    except sqlite3.OperationalError:  # not created yet
        return 0


def test_an_ingest_killed_midway_resumes_with_nothing_lost_or_doubled(
    tmp_path,
    archive_target,  # noqa: F811  (the fixture: a SQLite file, then a PostgreSQL schema)
):
    total = 150
    write_corpus(tmp_path / "news", total)
    command = [
        sys.executable,
        "-c",
        "from kilde.cli import main; main()",
        "ingest",
        str(tmp_path / "news"),
        "--db",
        archive_target,
        "--model",
        "blank",
        "--workers",
        "2",
    ]
    process = subprocess.Popen(
        command, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    deadline = time.monotonic() + 60
    while _count_articles(archive_target) < 3:
        assert process.poll() is None, (
            "ingest ended before it could be killed: " + process.stderr.read().decode()
        )
        assert time.monotonic() < deadline, "ingest stored nothing within 60 s"
        time.sleep(0.02)
    os.killpg(process.pid, signal.SIGKILL)  # the parent and its analysis workers, mid-ingest
    process.wait()
    killed_at = _count_articles(archive_target)
    assert 3 <= killed_at < total

    resumed = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert resumed.returncode == 0, resumed.stderr
    summary = " ".join(resumed.stderr.split())
    assert f"stored {total - killed_at} article(s)" in summary
    assert f"skipped {killed_at} already stored" in summary

    with Archive.open(archive_target) as archive:
        counts = archive.counts()
        assert counts["articles"] == total
        # every article has exactly the quotes and entities its analysis found: none lost
        # to the kill, none stored twice by the resume
        stored = [archive.article(a.id) for a in archive.articles(limit=1000).items]
        assert len(stored) == total
        assert counts["quotes"] == sum(len(s.analysis.quotes) for s in stored)
        assert counts["entities"] == sum(len(s.analysis.entities) for s in stored)
        assert all(len(s.speaker_ids) == len(s.analysis.quotes) for s in stored)


# -- search, speakers, stats ----------------------------------------------------------------


def test_search_as_csv_and_json(filled_db):
    result = run(
        "search", "soldat", "--speaker", "Frederiksen", "--format", "csv", "--db", filled_db
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert [(r["speaker"], r["text"]) for r in rows] == [
        ("Mette Frederiksen", "Soldaterne skal hjem fra Afghanistan")
    ]
    result = run(
        "search",
        "--speaker-type",
        "anonymous",
        "--outlet",
        "politiken.dk",
        "--format",
        "json",
        "--db",
        filled_db,
    )
    (hit,) = json.loads(result.output)
    assert hit["text"] == "Tilbagetrækningen var kaotisk" and hit["gender"] is None


def test_search_as_a_table_with_filters(filled_db):
    result = run(
        "search", "--from", "2021-08", "--to", "2021-09", "--gender", "unknown", "--db", filled_db
    )
    assert result.exit_code == 0
    assert "Evakueringen fortsætter" in result.output and "Soldaterne skal" not in result.output


def test_bad_search_parameters_are_reported(filled_db):
    result = CliRunner().invoke(main, ["search", "--from", "juni", "--db", filled_db])
    assert result.exit_code == 2 and "not a date" in result.output


def test_speakers_top(filled_db):
    result = run("speakers", "--top", "2", "--format", "json", "--db", filled_db)
    top = json.loads(result.output)
    assert [s["name"] for s in top][0] == "Mette Frederiksen"
    assert (
        top[0]["quotes"] == 3 and top[0]["roles"] == ["statsminister"] and top[0]["gender"] == "f"
    )
    assert "Mette Frederiksen" in run("speakers", "--db", filled_db).output


def test_stats_by_outlet_and_month_as_csv(filled_db):
    result = run("stats", "--by", "outlet", "--by", "month", "--format", "csv", "--db", filled_db)
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert [(r["outlet"], r["month"]) for r in rows][0] == ("dr.dk", "2021-06")
    first = rows[0]
    assert (first["quotes"], first["women"], first["unknown_gender"]) == ("2", "2", "0")
    assert first["top_women"] == "Mette Frederiksen (2)"
    table = run("stats", "--by", "outlet", "--db", filled_db)
    assert table.exit_code == 0 and "politiken.dk" in table.output


def test_stats_of_one_speaker(filled_db):
    speakers = json.loads(run("speakers", "--format", "json", "--db", filled_db).output)
    frederiksen = speakers[0]["id"]
    result = run("stats", "--speaker-id", str(frederiksen), "--format", "json", "--db", filled_db)
    (hers,) = json.loads(result.output)
    assert (hers["quotes"], hers["women"], hers["articles"]) == (3, 3, 2)
    bad = CliRunner().invoke(main, ["stats", "--speaker-id", "abc", "--db", filled_db])
    assert bad.exit_code == 2


def test_reading_a_missing_archive_says_how_to_make_one(tmp_path):
    result = CliRunner().invoke(main, ["speakers", "--db", str(tmp_path / "nope.db")])
    assert result.exit_code == 1 and "kilde ingest" in result.output


def test_kilde_db_names_the_default_archive(filled_db, monkeypatch):
    monkeypatch.setenv("KILDE_DB", filled_db)
    assert "Mette Frederiksen" in run("speakers").output
