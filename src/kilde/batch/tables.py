"""`Analysis` ⇄ table rows: the conversion behind the Parquet output, and its reader.

`analysis_rows` turns one `Analysis` into rows of the four tables (see `schema.py`);
`rows_to_analysis` and `read_results` turn the tables back into `Analysis` objects, equal
to the ones written (fields without a column travel in the `extra` JSON columns).
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from kilde.article import Analysis, Entity, Quote, Span, Speaker
from kilde.batch.schema import SCHEMAS

Row = dict[str, Any]

ANALYSIS_COLUMNS = {
    "path",
    "id",
    "url",
    "outlet",
    "title",
    "date",
    "bylines",
    "language",
    "text",
    "quotes",
    "entities",
    "warnings",
}
QUOTE_COLUMNS = {"kind", "text", "start", "end", "speaker", "cue", "medium", "via", "confidence"}
SPEAKER_COLUMNS = {"name", "type", "role", "gender", "mention"}


def _extra_json(model: Any, columns: set[str]) -> dict[str, Any]:
    """The model's non-default fields that have no column of their own."""
    return model.model_dump(mode="json", exclude=columns, exclude_defaults=True)


def _dump(extra: dict[str, Any]) -> str | None:
    return json.dumps(extra, ensure_ascii=False, sort_keys=True) if extra else None


def analysis_rows(analysis: Analysis, partition: str, article_index: int) -> dict[str, list[Row]]:
    """Rows of every table for one analysed article."""
    key = {"partition": partition, "article_index": article_index, "article_id": analysis.id}
    quotes = [quote_row(quote, index, key) for index, quote in enumerate(analysis.quotes)]
    entities = [
        {
            **key,
            "entity_index": index,
            "label": e.label,
            "start": e.start,
            "end": e.end,
            "text": e.text,
        }
        for index, e in enumerate(analysis.entities)
    ]
    article = {
        **key,
        "path": analysis.path,
        "url": analysis.url,
        "outlet": analysis.outlet,
        "title": analysis.title,
        "date": analysis.date,
        "bylines": list(analysis.bylines),
        "language": analysis.language,
        "words": len(analysis.text.split()),
        "quote_count": len(quotes),
        "entity_count": len(entities),
        "text": analysis.text,
        "warnings": list(analysis.warnings),
        "extra": _dump(_extra_json(analysis, ANALYSIS_COLUMNS)),
    }
    return {
        "articles": [article],
        "quotes": quotes,
        "speakers": speaker_rows(analysis.quotes, key),
        "entities": entities,
    }


def quote_row(quote: Quote, index: int, key: Row) -> Row:
    """One row of the quotes table."""
    speaker = quote.speaker
    mention = speaker.mention
    extra = _extra_json(quote, QUOTE_COLUMNS)
    speaker_extra = _extra_json(speaker, SPEAKER_COLUMNS)
    if speaker_extra:
        extra["speaker"] = speaker_extra
    return {
        **key,
        "quote_index": index,
        "kind": quote.kind,
        "start": quote.start,
        "end": quote.end,
        "text": quote.text,
        "speaker_name": speaker.name,
        "speaker_type": speaker.type,
        "speaker_role": speaker.role,
        "speaker_gender": speaker.gender,
        "mention_text": mention.text if mention else None,
        "mention_start": mention.start if mention else None,
        "mention_end": mention.end if mention else None,
        "cue": quote.cue,
        "medium": quote.medium,
        "via": quote.via,
        "confidence": quote.confidence,
        "extra": _dump(extra),
    }


def speaker_rows(quotes: Iterable[Quote], key: Row) -> list[Row]:
    """Speakers per article: quotes grouped by (name, type), case-insensitively.

    Unnamed speakers of one type in one article form one row. Role and gender are the
    first ones given in the article.
    """
    rows: dict[tuple[str | None, str], Row] = {}
    for index, quote in enumerate(quotes):
        speaker = quote.speaker
        group = (speaker.name.casefold() if speaker.name else None, speaker.type)
        row = rows.get(group)
        if row is None:
            row = rows[group] = {
                **key,
                "speaker_index": len(rows),
                "name": speaker.name,
                "type": speaker.type,
                "role": None,
                "gender": None,
                "quotes": 0,
                "direct_quotes": 0,
                "indirect_quotes": 0,
                "first_quote_index": index,
            }
        row["role"] = row["role"] or speaker.role
        row["gender"] = row["gender"] or speaker.gender
        row["quotes"] += 1
        row[f"{quote.kind}_quotes"] += 1
    return list(rows.values())


def rows_to_table(name: str, rows: list[Row]) -> pa.Table:
    """Rows of table `name` as a pyarrow Table with the declared schema."""
    return pa.Table.from_pylist(rows, schema=SCHEMAS[name])


def analyses_to_tables(analyses: Iterable[Analysis], partition: str) -> dict[str, pa.Table]:
    """All four tables for a sequence of analyses (in memory; for tests and small runs)."""
    collected: dict[str, list[Row]] = {name: [] for name in SCHEMAS}
    for index, analysis in enumerate(analyses):
        for name, rows in analysis_rows(analysis, partition, index).items():
            collected[name].extend(rows)
    return {name: rows_to_table(name, rows) for name, rows in collected.items()}


def row_to_quote(row: Row) -> Quote:
    """Rebuild a `Quote` from its row."""
    extra = json.loads(row["extra"]) if row["extra"] else {}
    mention = None
    if row["mention_text"] is not None:
        mention = Span(text=row["mention_text"], start=row["mention_start"], end=row["mention_end"])
    speaker = Speaker(
        name=row["speaker_name"],
        type=row["speaker_type"],
        role=row["speaker_role"],
        gender=row["speaker_gender"],
        mention=mention,
        **extra.pop("speaker", {}),
    )
    return Quote(
        kind=row["kind"],
        text=row["text"],
        start=row["start"],
        end=row["end"],
        speaker=speaker,
        cue=row["cue"],
        medium=row["medium"],
        via=row["via"],
        confidence=row["confidence"],
        **extra,
    )


def rows_to_analysis(article: Row, quotes: Iterable[Row], entities: Iterable[Row]) -> Analysis:
    """Rebuild an `Analysis` from its article row and its quote and entity rows."""
    extra = json.loads(article["extra"]) if article["extra"] else {}
    return Analysis(
        path=article["path"],
        id=article["article_id"],
        url=article["url"],
        outlet=article["outlet"],
        title=article["title"],
        date=article["date"],
        bylines=article["bylines"],
        language=article["language"],
        text=article["text"],
        quotes=[row_to_quote(row) for row in quotes],
        entities=[
            Entity(label=row["label"], start=row["start"], end=row["end"], text=row["text"])
            for row in entities
        ],
        warnings=article["warnings"],
        **extra,
    )


def iter_rows(path: Path, batch_size: int = 1024) -> Iterator[Row]:
    """Rows of one Parquet file, streamed by record batch."""
    for batch in pq.ParquetFile(path).iter_batches(batch_size=batch_size):
        yield from batch.to_pylist()


def read_partition(results_dir: str | Path, partition: str) -> Iterator[Analysis]:
    """The analyses of one partition, in input order, streamed."""
    results = Path(results_dir)
    file_name = f"{partition}.parquet"
    quote_groups = itertools.groupby(
        iter_rows(results / "quotes" / file_name), key=lambda r: r["article_index"]
    )
    entity_groups = itertools.groupby(
        iter_rows(results / "entities" / file_name), key=lambda r: r["article_index"]
    )
    next_quotes = next(quote_groups, None)
    next_entities = next(entity_groups, None)
    for article in iter_rows(results / "articles" / file_name):
        index = article["article_index"]
        quotes: list[Row] = []
        entities: list[Row] = []
        if next_quotes is not None and next_quotes[0] == index:
            quotes = list(next_quotes[1])
            next_quotes = next(quote_groups, None)
        if next_entities is not None and next_entities[0] == index:
            entities = list(next_entities[1])
            next_entities = next(entity_groups, None)
        yield rows_to_analysis(article, quotes, entities)


def read_results(results_dir: str | Path) -> Iterator[Analysis]:
    """Every `Analysis` of a batch output directory, partition by partition in input order.

    Only partitions the manifest records as done are read; without a manifest, every
    `articles/*.parquet` file is (sorted by name).
    """
    from kilde.batch.manifest import Manifest

    results = Path(results_dir)
    manifest = Manifest(results)
    if manifest.exists():
        partitions = [record["partition"] for record in manifest.done_records()]
    else:
        partitions = sorted(p.stem for p in (results / "articles").glob("*.parquet"))
    for partition in partitions:
        yield from read_partition(results, partition)


def is_results_dir(path: str | Path) -> bool:
    """True when `path` is a `kilde batch` output directory (has a manifest and articles/)."""
    from kilde.batch.manifest import Manifest

    return Manifest(Path(path)).exists() and (Path(path) / "articles").is_dir()
