"""Shared tools of the reliability tests: corpora, `kilde` subprocesses, peak-memory runs.

No tests here; the `test_reliability_*` modules import these helpers.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

#: `python -m kilde …`: the installed command in a fresh interpreter.
KILDE = [sys.executable, "-m", "kilde"]

PARAGRAPH = "– Vi skal passe på økonomien i Ærøskøbing, siger borgmester Åse Ødegård til DR."


def page_article(number: int) -> str:
    """A small dated page-form article with one quote; different text for every `number`."""
    return (
        f" date 2021-{1 + number % 12:02d}\n"
        f"Nyt fra kommunen om sag nummer {number}.\n\n"
        f"– Vi skal passe på pengene, siger borgmester Anne Holm.\n\n"
        f"Holm tilføjer, at sagen nummer {number} fortsætter.\n\nritzau\n"
    )


def write_page_corpus(folder: Path, count: int, first: int = 0) -> list[Path]:
    """`count` page-form articles (numbered from `first`) in `folder` (created)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number in range(first, first + count):
        path = folder / f"artikel-{number:05d}.txt"
        path.write_text(page_article(number), encoding="utf-8")
        paths.append(path)
    return paths


def write_jsonl_partitions(folder: Path, partitions: int, per_partition: int) -> list[Path]:
    """`partitions` JSONL files of `per_partition` records each, every id unique."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for part in range(partitions):
        path = folder / f"del-{part:03d}.jsonl"
        with path.open("w", encoding="utf-8") as out:
            for number in range(per_partition):
                record = {
                    "id": f"d{part}-{number}",
                    "date": "2021-06",
                    "outlet": "dr.dk",
                    "text": page_article(part * 10_000 + number),
                }
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
        paths.append(path)
    return paths


def count_rows(db: Path, table: str = "articles") -> int:
    """Rows in a table of a SQLite archive another process may be writing (0 if none yet)."""
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as connection:
            return connection.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
    except sqlite3.OperationalError:  # file or table not created yet
        return 0


def wait_for(
    condition: Callable[[], bool], process: subprocess.Popen, seconds: float, what: str
) -> None:
    """Poll `condition` until true; fail clearly if `process` ends first or time runs out."""
    deadline = time.monotonic() + seconds
    while not condition():
        if process.poll() is not None:
            raise AssertionError(f"process ended (status {process.returncode}) before {what}")
        if time.monotonic() > deadline:
            raise AssertionError(f"no {what} within {seconds} s")
        time.sleep(0.05)


def survivors(group: int) -> bool:
    """Is any process of process group `group` still alive (after the leader ended)?"""
    try:
        os.killpg(group, 0)
    except ProcessLookupError:
        return False
    return True


def end_group(group: int) -> None:
    """Kill what is left of a process group we started (cleanup after a test)."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(group, signal.SIGKILL)


@dataclass
class MeasuredRun:
    """How a subprocess ended, what it printed, its peak memory and wall time."""

    returncode: int
    stdout: str
    stderr: str
    peak_rss_mb: float
    seconds: float


# Linux counts the parent's RSS at fork time into a child's ru_maxrss, so the command is
# started by a small launcher process (not by the large pytest process) that reports the
# command's own peak (wait4) into a file and exits with its status.
_LAUNCHER = """
import os, subprocess, sys
child = subprocess.Popen(sys.argv[2:])
_, status, usage = os.wait4(child.pid, 0)
open(sys.argv[1], "w").write(str(usage.ru_maxrss))
sys.exit(os.waitstatus_to_exitcode(status) % 256)
"""


def run_measured(args: list[str], workdir: Path, timeout: float) -> MeasuredRun:
    """Run `args` and measure its peak resident memory (ru_maxrss of it and its children).

    The command is killed (and the test fails) after `timeout` seconds.
    """
    out_path, err_path = workdir / "run.out", workdir / "run.err"
    rss_path = workdir / "run.maxrss"
    started = time.monotonic()
    with out_path.open("wb") as out, err_path.open("wb") as err:
        process = subprocess.Popen(
            [sys.executable, "-c", _LAUNCHER, str(rss_path), *args],
            stdout=out,
            stderr=err,
            start_new_session=True,
        )
    while True:
        pid, status, _usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        if time.monotonic() - started > timeout:
            end_group(process.pid)
            os.waitpid(process.pid, 0)
            raise AssertionError(f"{' '.join(args[2:5])} … still running after {timeout} s")
        time.sleep(0.05)
    process.returncode = os.waitstatus_to_exitcode(status)  # so Popen does not wait again
    return MeasuredRun(
        returncode=process.returncode,
        stdout=out_path.read_text(encoding="utf-8", errors="replace"),
        stderr=err_path.read_text(encoding="utf-8", errors="replace"),
        peak_rss_mb=int(rss_path.read_text()) / 1024,
        seconds=time.monotonic() - started,
    )


def one_line(text: str) -> str:
    """Output with rich's line wrapping undone, for substring checks."""
    return " ".join(text.split())
