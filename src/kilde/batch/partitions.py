"""Partitions: the unit of work of a batch run — one input file, or one directory.

A partition's name (the stem of its output files) is readable and unique: the input's
base name plus a short hash of its absolute path. Its fingerprint (sizes and
modification times) tells a re-run whether a finished partition is still up to date.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Partition:
    """One unit of work: an input path (file or directory) and its output name."""

    path: str
    name: str
    fingerprint: str
    is_directory: bool
    size_bytes: int = 0


def partition_name(path: str) -> str:
    """Readable, unique output stem for an input path, e.g. `2021-06.jsonl.gz-3f9a1c2b`."""
    absolute = str(Path(path).resolve())
    base = re.sub(r"[^\w.-]+", "_", Path(absolute).name or "root").strip("._") or "input"
    digest = hashlib.sha1(absolute.encode("utf-8")).hexdigest()[:8]
    return f"{base[:80]}-{digest}"


def fingerprint(path: Path) -> tuple[str, int]:
    """Sizes and modification times of a file, or of every file below a directory, hashed;
    and the total size in bytes."""
    files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    digest = hashlib.sha1()
    total = 0
    for file in files:
        stat = file.stat()
        total += stat.st_size
        digest.update(f"{file.relative_to(path) if path.is_dir() else ''}|".encode())
        digest.update(f"{stat.st_size}|{stat.st_mtime_ns}\n".encode())
    return f"{len(files)}:{digest.hexdigest()[:16]}", total


def plan_partitions(inputs: Iterable[str]) -> list[Partition]:
    """One partition per input (duplicates dropped, order kept); missing inputs raise."""
    partitions: list[Partition] = []
    seen: set[str] = set()
    for item in inputs:
        path = Path(item)
        if not path.exists():
            raise FileNotFoundError(f"{item}: no such file or directory")
        name = partition_name(item)
        if name in seen:
            continue
        seen.add(name)
        digest, size = fingerprint(path)
        partitions.append(Partition(item, name, digest, path.is_dir(), size))
    return partitions
