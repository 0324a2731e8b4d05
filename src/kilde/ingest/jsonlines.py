"""JSON Lines (`.jsonl`, `.jsonl.gz`) and JSON documents (an object or an array of them).

A record is kilde's own `{id, url, date, title, text, outlet, bylines?}` (the text may be
in the crawled-page form) or an IPTC ninjs item. A bad line never stops the file: it is
reported as `file:LINE` with the reason, and the next line is read. Lines are streamed,
so memory stays bounded by the longest line.
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from kilde.article import Article
from kilde.ingest.base import IngestFailure, ReadResult, read_document_bytes
from kilde.ingest.decode import DecodeError, decode_bytes
from kilde.ingest.fields import build_article, split_bylines
from kilde.ingest.ninjs import looks_like_ninjs, ninjs_to_article


def record_to_article(record: Any, path: str, force_ninjs: bool = False) -> Article:
    """Map one JSON record to an `Article`; raises ValueError naming what is wrong."""
    if not isinstance(record, dict):
        raise ValueError(f"expected a JSON object, got {type(record).__name__}")
    if force_ninjs or looks_like_ninjs(record):
        return ninjs_to_article(record, path)
    text = record.get("text")
    if not isinstance(text, str):
        raise ValueError('record has no "text" string')
    return build_article(
        text,
        path=path,
        id=record.get("id"),
        url=_string(record.get("url")),
        outlet=_string(record.get("outlet")),
        title=_string(record.get("title")),
        date=record.get("date"),
        bylines=split_bylines(record.get("bylines") or record.get("byline")),
        page_form=True,
    )


def _string(value: Any) -> str | None:
    return str(value) if value not in (None, "") else None


def read_jsonl(source: str, stream: BinaryIO, force_ninjs: bool = False) -> Iterator[ReadResult]:
    """One article per non-empty line; each bad line becomes an `IngestFailure`."""
    for line in _decoded_lines(stream):
        if line.error:
            yield IngestFailure(f"{source}:{line.number}", line.error)
            continue
        if not line.text.strip():
            continue
        where = f"{source}:{line.number}"
        try:
            article = record_to_article(json.loads(line.text), where, force_ninjs)
        except json.JSONDecodeError as error:
            reason = error.msg.removesuffix(" at")
            yield IngestFailure(where, f"invalid JSON: {reason} (column {error.colno})")
            continue
        except (ValueError, TypeError) as error:
            yield IngestFailure(where, str(error))
            continue
        article.warnings.extend(line.warnings)
        yield article


def read_json(source: str, stream: BinaryIO, force_ninjs: bool = False) -> Iterator[ReadResult]:
    """A JSON document: one record, or an array of records (each reported as `file#N`)."""
    text, warnings = decode_bytes(read_document_bytes(stream))
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        if error.msg == "Extra data" and text.lstrip().startswith("{"):  # JSON Lines, misnamed
            stream.seek(0)
            yield from read_jsonl(source, stream, force_ninjs)
            return
        reason = error.msg.removesuffix(" at")
        raise ValueError(
            f"line {error.lineno}, column {error.colno}: invalid JSON: {reason}"
        ) from error
    if not isinstance(document, list):
        article = record_to_article(document, source, force_ninjs)
        article.warnings.extend(warnings)
        yield article
        return
    for number, record in enumerate(document, start=1):
        where = f"{source}#{number}"
        try:
            article = record_to_article(record, where, force_ninjs)
        except (ValueError, TypeError) as error:
            yield IngestFailure(where, str(error))
            continue
        article.warnings.extend(warnings)
        yield article


@dataclass
class _Line:
    number: int
    text: str = ""
    warnings: list[str] = field(default_factory=list)
    error: str | None = None


def _decoded_lines(stream: BinaryIO) -> Iterator[_Line]:
    """Decoded lines with 1-based numbers; UTF-16 files are decoded as a whole first."""
    head = stream.peek(2)[:2] if hasattr(stream, "peek") else b""
    if head in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        text, _ = decode_bytes(read_document_bytes(stream))
        for number, line in enumerate(text.splitlines(), start=1):
            yield _Line(number, line)
        return
    for number, raw in enumerate(stream, start=1):
        if number == 1 and raw.startswith(codecs.BOM_UTF8):
            raw = raw[len(codecs.BOM_UTF8) :]
        try:
            yield _Line(number, raw.decode("utf-8"))
        except UnicodeDecodeError:
            try:
                text, warnings = decode_bytes(raw)
            except DecodeError as error:
                yield _Line(number, error=str(error))
                continue
            yield _Line(number, text, warnings)
