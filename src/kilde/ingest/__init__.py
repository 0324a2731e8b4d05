"""Read inputs into `Article`s: files, directories, standard input, in any supported format.

Formats (told from content, or forced with `input_format`): the crawled-page text form,
JSON Lines (also gzipped) and JSON, IPTC ninjs, HTML pages, IPTC NewsML-G2 and NITF XML.
`read_inputs` never raises for a bad document or record: it yields an `IngestFailure`
naming the file (and the line or record inside it) and the reason, and goes on.
Each article's language is detected (`Article.language`).
"""

from __future__ import annotations

import gzip
import io
import sys
import zlib
from collections.abc import Iterable, Iterator
from functools import partial
from pathlib import Path
from typing import BinaryIO

from kilde.article import Article
from kilde.ingest.base import (
    MAX_ARTICLE_CHARS,
    IngestFailure,
    Reader,
    ReadResult,
    read_document_bytes,
    too_long,
)
from kilde.ingest.decode import DecodeError, decode_bytes
from kilde.ingest.formats import INPUT_FORMATS, SUPPORTED_SUFFIXES, is_supported_name, sniff_format
from kilde.ingest.htmlpage import read_html
from kilde.ingest.jsonlines import read_json, read_jsonl
from kilde.ingest.language import detect_language
from kilde.ingest.newsml import read_newsml
from kilde.ingest.nitf import read_nitf
from kilde.ingest.page import parse_page

__all__ = [
    "INPUT_FORMATS",
    "MAX_ARTICLE_CHARS",
    "SUPPORTED_SUFFIXES",
    "IngestFailure",
    "expand_paths",
    "parse_page",
    "read_inputs",
    "read_source",
    "read_text_file",
]

#: Bytes read to tell a document's format.
SNIFF_BYTES = 4096


def expand_paths(inputs: Iterable[str]) -> Iterator[str]:
    """Each input as given; directories replaced by their supported files (recursive, sorted)."""
    for item in inputs:
        path = Path(item)
        if item != "-" and path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and is_supported_name(child.name):
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


def _read_page(source: str, stream: BinaryIO) -> Iterator[ReadResult]:
    yield read_text_file(source, read_document_bytes(stream))


def _unknown_xml(source: str, stream: BinaryIO) -> Iterator[ReadResult]:
    raise ValueError("XML document is neither NewsML-G2 (newsItem/newsMessage) nor NITF")
    yield  # pragma: no cover


READERS: dict[str, Reader] = {
    "page": _read_page,
    "jsonl": read_jsonl,
    "json": read_json,
    "ninjs": partial(read_json, force_ninjs=True),
    "html": read_html,
    "newsml": read_newsml,
    "nitf": read_nitf,
    "xml-unknown": _unknown_xml,
}


def read_inputs(
    inputs: Iterable[str], input_format: str = "auto", detect_languages: bool = True
) -> Iterator[Article | IngestFailure]:
    """Articles from paths, directories or `-` (standard input), in order.

    `input_format` is one of `INPUT_FORMATS`; `auto` tells each file's format from its
    content. With `detect_languages`, each article's `language` is set. An article longer
    than `MAX_ARTICLE_CHARS` is not yielded but reported as an `IngestFailure`.
    """
    if input_format not in INPUT_FORMATS:
        raise ValueError(f"unknown input format {input_format!r}; expected one of {INPUT_FORMATS}")
    for source in expand_paths(inputs):
        for item in read_source(source, input_format):
            if isinstance(item, Article) and (reason := too_long(item.text)):
                yield IngestFailure(item.path or source, reason)
                continue
            if isinstance(item, Article) and detect_languages and item.language is None:
                item.language = detect_language(item.text)
            yield item


def read_source(source: str, input_format: str = "auto") -> Iterator[ReadResult]:
    """Everything in one file (or `-`): articles, and failures for what cannot be read."""
    try:
        with _open(source) as stream:
            head = stream.read(SNIFF_BYTES)
            if not head.strip():
                yield IngestFailure(source, "empty document (no text)")
                return
            stream.seek(0)
            if input_format == "auto":
                input_format = sniff_format(source, head)
            if input_format == "jsonl" and head.lstrip().startswith(b"["):
                input_format = "json"  # an array of records, whatever it was called
            yield from READERS[input_format](source, stream)
    except FileNotFoundError:
        yield IngestFailure(source, "no such file or directory")
    except IsADirectoryError:
        yield IngestFailure(source, "is a directory")
    except PermissionError:
        yield IngestFailure(source, "permission denied")
    except (gzip.BadGzipFile, EOFError, zlib.error) as error:
        yield IngestFailure(source, f"broken gzip file: {error or 'truncated'}")
    except (DecodeError, ValueError) as error:
        yield IngestFailure(source, str(error))
    except OSError as error:
        yield IngestFailure(source, f"cannot read: {error.strerror or error}")
    except Exception as error:  # a reader bug must not stop the other inputs
        yield IngestFailure(source, f"unexpected {type(error).__name__} while reading: {error}")


def _open(source: str) -> BinaryIO:
    """A seekable binary stream; gzip files (by their magic bytes) are decompressed."""
    if source == "-":
        return io.BufferedReader(io.BytesIO(sys.stdin.buffer.read()))
    stream = open(source, "rb")  # noqa: SIM115 (returned to the caller's `with`)
    if stream.peek(2)[:2] != b"\x1f\x8b":
        return stream
    stream.close()
    return gzip.open(source, "rb")  # type: ignore[return-value]
