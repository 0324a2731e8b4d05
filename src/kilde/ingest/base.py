"""What every reader yields: `Article`s, or an `IngestFailure` for a record it cannot read."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

from kilde.article import Article

#: Largest single document (HTML page, XML file, JSON document) read into memory.
MAX_DOCUMENT_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class IngestFailure:
    """A source (a file, or `file:line` / `file#record` inside one) that could not be read."""

    source: str
    reason: str


ReadResult = Article | IngestFailure
#: A reader turns an open binary stream (named `source`) into articles and failures.
Reader = Callable[[str, BinaryIO], Iterator[ReadResult]]


def read_document_bytes(stream: BinaryIO) -> bytes:
    """The whole stream, refusing documents above `MAX_DOCUMENT_BYTES`."""
    data = stream.read(MAX_DOCUMENT_BYTES + 1)
    if len(data) > MAX_DOCUMENT_BYTES:
        raise ValueError(f"document larger than {MAX_DOCUMENT_BYTES // (1024 * 1024)} MB")
    return data
