"""What every reader yields: `Article`s, or an `IngestFailure` for a record it cannot read."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

from kilde.article import Article

#: Largest single document (HTML page, XML file, JSON document) read into memory.
MAX_DOCUMENT_BYTES = 64 * 1024 * 1024
#: Longest article text analysed, in characters: spaCy's default `nlp.max_length`, above
#: which parsing needs gigabytes. Longer articles become an `IngestFailure`.
MAX_ARTICLE_CHARS = 1_000_000


@dataclass(frozen=True)
class IngestFailure:
    """A source (a file, or `file:line` / `file#record` inside one) that could not be read."""

    source: str
    reason: str


ReadResult = Article | IngestFailure
#: A reader turns an open binary stream (named `source`) into articles and failures.
Reader = Callable[[str, BinaryIO], Iterator[ReadResult]]


def too_long(text: str) -> str | None:
    """The failure reason for an article text over `MAX_ARTICLE_CHARS`, else None."""
    if len(text) <= MAX_ARTICLE_CHARS:
        return None
    return f"article too long ({len(text):,} characters; limit {MAX_ARTICLE_CHARS:,})"


def read_document_bytes(stream: BinaryIO) -> bytes:
    """The whole stream, refusing documents above `MAX_DOCUMENT_BYTES`."""
    data = stream.read(MAX_DOCUMENT_BYTES + 1)
    if len(data) > MAX_DOCUMENT_BYTES:
        raise ValueError(f"document larger than {MAX_DOCUMENT_BYTES // (1024 * 1024)} MB")
    return data
