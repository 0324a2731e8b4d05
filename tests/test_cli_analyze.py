"""End-to-end: the `kilde analyze` command as a user runs it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ARTICLE = (
    " date 2023-04 Kommunen lukker to skoler til sommer.\n\n"
    "- Vi har ikke råd til at holde dem åbne, siger borgmester Anne Holm.\n\n"
    "/ritzau/\n"
)


def kilde(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """Run the installed `kilde` entry point in a fresh process."""
    return subprocess.run(
        [sys.executable, "-m", "kilde", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture
def article_dir(tmp_path: Path) -> Path:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "b.txt").write_text("Ingen citater her.\n", encoding="utf-8")
    return tmp_path


def test_json_for_one_file(article_dir: Path):
    result = kilde("analyze", str(article_dir / "a.txt"), "--format", "json")
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout)
    assert record["date"] == "2023-04"
    assert record["bylines"] == ["ritzau"]
    assert record["path"].endswith("a.txt")
    for quote in record["quotes"]:
        assert record["text"][quote["start"] : quote["end"]] == quote["text"]


def test_jsonl_over_a_directory_is_recursive(article_dir: Path):
    result = kilde("analyze", str(article_dir), "--format", "jsonl")
    assert result.returncode == 0, result.stderr
    paths = [json.loads(line)["path"] for line in result.stdout.splitlines()]
    assert [Path(p).name for p in paths] == ["a.txt", "b.txt"]


def test_stdin(article_dir: Path):
    result = kilde("analyze", "-", "--format", "json", stdin=ARTICLE)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["date"] == "2023-04"


def test_a_bad_file_is_reported_and_the_rest_still_processed(article_dir: Path):
    (article_dir / "broken.txt").write_bytes(b"\x00\x01\x02binary\x00")
    result = kilde("analyze", str(article_dir), "--format", "jsonl")
    assert result.returncode == 1
    assert "broken.txt" in result.stderr
    assert len(result.stdout.splitlines()) == 2


def test_missing_file_gives_clear_error(tmp_path: Path):
    result = kilde("analyze", str(tmp_path / "nope.txt"), "--format", "json")
    assert result.returncode == 1
    assert "nope.txt" in result.stderr and "no such file" in result.stderr


def test_table_output_is_readable(article_dir: Path):
    result = kilde("analyze", str(article_dir / "a.txt"))
    assert result.returncode == 0, result.stderr
    assert "2023-04" in result.stdout and "ritzau" in result.stdout


def test_help_explains_inputs():
    result = kilde("analyze", "--help")
    assert result.returncode == 0
    assert "standard input" in result.stdout
