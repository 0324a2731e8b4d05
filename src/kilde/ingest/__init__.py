"""Read inputs into `Article`s: files, directories, standard input; decoding and cleaning.

`read_inputs` never raises for a bad document: it yields an `IngestFailure` naming the
source and the reason, and goes on with the rest.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from kilde.article import Article
from kilde.ingest.decode import DecodeError, decode_bytes
from kilde.ingest.page import parse_page

__all__ = ["IngestFailure", "read_inputs", "read_text_file", "expand_paths", "parse_page"]

TEXT_SUFFIXES = (".txt",)


@dataclass(frozen=True)
class IngestFailure:
    """A source that could not be read, and why."""

    source: str
    reason: str


def expand_paths(inputs: Iterable[str]) -> Iterator[str]:
    """Each input as given; directories replaced by their *.txt files (recursive, sorted)."""
    for item in inputs:
        path = Path(item)
        if item != "-" and path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and child.suffix.lower() in TEXT_SUFFIXES:
                    yield str(child)
        else:
            yield item


def read_text_file(source: str, data: bytes) -> Article:
    """Decode and parse one page-form document; raises ValueError when unreadable."""
    text, warnings = decode_bytes(data)
    if not text.strip():
        raise ValueError("empty document (no text)")
    article = parse_page(text, path=source)
    article.warnings.extend(warnings)
    return article


def read_inputs(inputs: Iterable[str]) -> Iterator[Article | IngestFailure]:
    """Articles from paths, directories or `-` (standard input), in order."""
    for source in expand_paths(inputs):
        try:
            if source == "-":
                data = sys.stdin.buffer.read()
            else:
                data = Path(source).read_bytes()
            yield read_text_file(source, data)
        except FileNotFoundError:
            yield IngestFailure(source, "no such file or directory")
        except IsADirectoryError:
            yield IngestFailure(source, "is a directory")
        except PermissionError:
            yield IngestFailure(source, "permission denied")
        except (DecodeError, ValueError) as error:
            yield IngestFailure(source, str(error))
