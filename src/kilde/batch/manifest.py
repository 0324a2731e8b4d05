"""The manifest of a batch output directory: what was processed, what failed.

`manifest.jsonl` is an append-only journal written by the client only (one writer): a
`run` line when a run starts (its partitions in input order) and a `partition` line when
a partition finishes or finally fails. The last line about a partition is its state.
`manifest.json` is a summary rebuilt from the journal at the end of each run.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from kilde.batch.partitions import Partition
from kilde.batch.schema import SCHEMA_VERSION, TABLE_NAMES

JOURNAL = "manifest.jsonl"
SUMMARY = "manifest.json"
COUNTS = ("articles", "quotes", "speakers", "entities", "words")


def utc_now() -> str:
    """The current time as ISO 8601 UTC, to the second."""
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


def output_files(partition_name: str) -> dict[str, str]:
    """Output file of each table for a partition, relative to the results directory."""
    return {table: f"{table}/{partition_name}.parquet" for table in TABLE_NAMES}


def language_setting(languages: frozenset[str] | None) -> list[str] | None:
    """How a run's language filter is journalled: sorted codes, or None for all languages."""
    return sorted(languages) if languages is not None else None


def write_atomically(path: Path, text: str) -> None:
    """Write text to a temporary file beside `path`, then rename it into place."""
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
        os.chmod(temp, 0o644)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


class Manifest:
    """Read and append the journal of one results directory."""

    def __init__(self, results_dir: Path) -> None:
        self.results_dir = results_dir
        self.journal = results_dir / JOURNAL

    def exists(self) -> bool:
        """True when a journal has been written here."""
        return self.journal.is_file()

    def records(self) -> Iterator[dict[str, Any]]:
        """Every journal line; a torn last line (a killed run) is ignored."""
        if not self.exists():
            return
        with self.journal.open(encoding="utf-8") as file:
            for line in file:
                try:
                    yield json.loads(line)
                except json.JSONDecodeError:
                    continue

    def latest(self) -> dict[str, dict[str, Any]]:
        """The last record of each partition, in input order (first appearance)."""
        order: dict[str, None] = {}
        last: dict[str, dict[str, Any]] = {}
        for record in self.records():
            if record.get("event") == "run":
                order.update(dict.fromkeys(record.get("partitions", [])))
            elif record.get("event") == "partition":
                order.setdefault(record["partition"])
                last[record["partition"]] = record
        return {name: last[name] for name in order if name in last}

    def outputs_present(self, record: dict[str, Any]) -> bool:
        """True when every output file of a record exists."""
        return all((self.results_dir / f).is_file() for f in record.get("outputs", {}).values())

    def done_records(self) -> list[dict[str, Any]]:
        """Records of finished partitions whose files are all present, in input order."""
        return [
            r for r in self.latest().values() if r["status"] == "done" and self.outputs_present(r)
        ]

    def finished(
        self, partitions: list[Partition], languages: frozenset[str] | None = None
    ) -> set[str]:
        """Names of the partitions that are done and unchanged since, with the same
        `languages` filter (a re-run skips them)."""
        latest = self.latest()
        done = set()
        for partition in partitions:
            record = latest.get(partition.name)
            if (
                record
                and record["status"] == "done"
                and record.get("fingerprint") == partition.fingerprint
                and record.get("languages") == language_setting(languages)
                and self.outputs_present(record)
            ):
                done.add(partition.name)
        return done

    def append(self, record: dict[str, Any]) -> None:
        """Add one line to the journal and flush it to disk."""
        self.results_dir.mkdir(parents=True, exist_ok=True)
        with self.journal.open("a", encoding="utf-8") as file:
            file.write(json.dumps(record, ensure_ascii=False) + "\n")
            file.flush()
            os.fsync(file.fileno())

    def summary(self) -> dict[str, Any]:
        """Partitions, failures and totals over the whole directory."""
        from kilde import __version__

        latest = list(self.latest().values())
        done = [r for r in latest if r["status"] == "done"]
        failures = [f for r in done for f in r.get("failures", [])]
        failures += [
            {"source": r["input"], "reason": f"partition failed: {r.get('error')}"}
            for r in latest
            if r["status"] != "done"
        ]
        other_languages = [o for r in done for o in r.get("other_languages", [])]
        totals = {key: sum(r.get(key, 0) for r in done) for key in COUNTS}
        totals.update(
            partitions_done=len(done),
            partitions_failed=len(latest) - len(done),
            documents_failed=sum(len(r.get("failures", [])) for r in done),
            documents_other_languages=len(other_languages),
        )
        return {
            "kilde_version": __version__,
            "schema_version": SCHEMA_VERSION,
            "updated_at": utc_now(),
            "totals": totals,
            "partitions": latest,
            "failures": failures,
            "other_languages": other_languages,
        }

    def write_summary(self) -> dict[str, Any]:
        """Rebuild `manifest.json` from the journal (atomically) and return it."""
        summary = self.summary()
        write_atomically(
            self.results_dir / SUMMARY, json.dumps(summary, ensure_ascii=False, indent=2) + "\n"
        )
        return summary


def read_failures(results_dir: str | Path) -> list[dict[str, str]]:
    """Every failure recorded in a results directory: `{"source", "reason"}` per document,
    and one per partition that finally failed (for `kilde ingest results/` → ingest_errors)."""
    return Manifest(Path(results_dir)).summary()["failures"]


def read_other_languages(results_dir: str | Path) -> list[dict[str, str]]:
    """Every document a results directory left out for its language (`kilde batch
    --languages`): `{"source", "language"}` per document, in input order."""
    return Manifest(Path(results_dir)).summary()["other_languages"]
