"""Writers of `Analysis` records in the newsroom's and the NLP world's formats.

- `jsonld`: schema.org NewsArticle with Quotation items (JSON-LD)
- `csv`, `parquet`: one row per quote with the article's fields
- `ninjs`: IPTC ninjs items, kilde's quotes and persons under the `kilde` extension key
- `labelstudio`: Label Studio tasks with kilde's predictions as pre-annotations
- `html`: a displaCy-style page with the quotes and speakers marked (`kilde render`)
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TextIO

from kilde.article import Analysis
from kilde.export.csv import write_csv
from kilde.export.html import write_html
from kilde.export.jsonld import write_jsonld
from kilde.export.labelstudio import write_labelstudio
from kilde.export.ninjs import write_ninjs

__all__ = ["EXPORT_FORMATS", "FILE_ONLY_FORMATS", "write_analyses"]

TEXT_WRITERS: dict[str, Callable[[Iterable[Analysis], TextIO], int]] = {
    "jsonld": write_jsonld,
    "csv": write_csv,
    "ninjs": write_ninjs,
    "labelstudio": write_labelstudio,
    "html": write_html,
}
#: Formats that need a file to write to (binary).
FILE_ONLY_FORMATS = ("parquet",)
EXPORT_FORMATS = (*TEXT_WRITERS, *FILE_ONLY_FORMATS)


def write_analyses(export_format: str, analyses: Iterable[Analysis], output: str | None) -> int:
    """Write analyses in `export_format` to `output` (a path; None or `-` = stdout)."""
    to_stdout = output in (None, "-")
    if export_format in FILE_ONLY_FORMATS:
        if to_stdout:
            raise ValueError(f"--format {export_format} needs --output FILE")
        from kilde.export.parquet import write_parquet

        return write_parquet(analyses, str(output))
    writer = TEXT_WRITERS[export_format]
    if to_stdout:
        return writer(analyses, sys.stdout)
    newline = "" if export_format == "csv" else None
    with Path(str(output)).open("w", encoding="utf-8", newline=newline) as stream:
        return writer(analyses, stream)
