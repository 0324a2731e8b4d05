"""The Parquet schema of a batch run: four tables, declared explicitly with pyarrow.

Every partition writes one file per table with exactly these schemas, so a directory of
files reads as one table in DuckDB, pandas, polars or `pyarrow.dataset`. Rows join on
`(partition, article_index)`; `article_id` is the content-hash id of the JSON contract.
`extra` columns hold, as a JSON object, any contract field without a column of its own
(today: the facts `dates`/`amounts`/`places`), so nothing in an `Analysis` is lost.
"""

from __future__ import annotations

import pyarrow as pa

SCHEMA_VERSION = "1"
TABLE_NAMES = ("articles", "quotes", "speakers", "entities")
# "element" is the item name Parquet stores, so files read back with exactly this schema
STRING_LIST = pa.list_(pa.field("element", pa.string()))


def _field(name: str, type_: pa.DataType, doc: str, nullable: bool = True) -> pa.Field:
    return pa.field(name, type_, nullable=nullable, metadata={"doc": doc})


def _key_fields() -> list[pa.Field]:
    return [
        _field("partition", pa.string(), "name of the input partition (output file stem)", False),
        _field("article_index", pa.int32(), "position of the article in its partition", False),
        _field("article_id", pa.string(), "article id (content hash unless given)", False),
    ]


def _schema(table: str, fields: list[pa.Field]) -> pa.Schema:
    metadata = {"kilde.table": table, "kilde.schema_version": SCHEMA_VERSION}
    return pa.schema(fields, metadata=metadata)


ARTICLES = _schema(
    "articles",
    [
        *_key_fields(),
        _field("path", pa.string(), "source file (file:line for JSON Lines)"),
        _field("url", pa.string(), "URL of the article, if known"),
        _field("outlet", pa.string(), "publishing outlet, if known"),
        _field("title", pa.string(), "headline, if known"),
        _field("date", pa.string(), "publication date, YYYY-MM or YYYY-MM-DD"),
        _field("bylines", STRING_LIST, "agencies/authors credited", False),
        _field("language", pa.string(), "language code of the text"),
        _field("words", pa.int32(), "number of whitespace-separated words in text", False),
        _field("quote_count", pa.int32(), "number of quotes found", False),
        _field("entity_count", pa.int32(), "number of named entities found", False),
        _field("text", pa.string(), "the article text all offsets refer to", False),
        _field("warnings", STRING_LIST, "warnings from reading the input", False),
        _field("extra", pa.string(), "JSON object of contract fields without a column"),
    ],
)

QUOTES = _schema(
    "quotes",
    [
        *_key_fields(),
        _field("quote_index", pa.int32(), "position of the quote in its article", False),
        _field("kind", pa.string(), "direct | indirect", False),
        _field("start", pa.int32(), "character offset of the quote in articles.text", False),
        _field("end", pa.int32(), "end offset (exclusive)", False),
        _field("text", pa.string(), "the quoted words: articles.text[start:end]", False),
        _field("speaker_name", pa.string(), "speaker's name as resolved"),
        _field(
            "speaker_type",
            pa.string(),
            "person | organization | anonymous | document | unknown",
            False,
        ),
        _field("speaker_role", pa.string(), "role or title, e.g. 'transportminister'"),
        _field("speaker_gender", pa.string(), "f | m | null (null = unknown, never guessed)"),
        _field("mention_text", pa.string(), "the words naming the speaker here"),
        _field("mention_start", pa.int32(), "offset of the mention in articles.text"),
        _field("mention_end", pa.int32(), "end offset of the mention"),
        _field("cue", pa.string(), "attributing verb/phrase as written"),
        _field("medium", pa.string(), "to whom / where it was said"),
        _field("via", pa.string(), "outlet relaying the quote"),
        _field("confidence", pa.float64(), "attribution confidence in [0, 1]", False),
        _field("extra", pa.string(), "JSON object of quote fields without a column"),
    ],
)

SPEAKERS = _schema(
    "speakers",
    [
        *_key_fields(),
        _field("speaker_index", pa.int32(), "position of first appearance in the article", False),
        _field("name", pa.string(), "speaker's name (null for unnamed speakers)"),
        _field(
            "type", pa.string(), "person | organization | anonymous | document | unknown", False
        ),
        _field("role", pa.string(), "first role given for the speaker in the article"),
        _field("gender", pa.string(), "f | m | null"),
        _field("quotes", pa.int32(), "quotes by this speaker in the article", False),
        _field("direct_quotes", pa.int32(), "of which direct", False),
        _field("indirect_quotes", pa.int32(), "of which indirect", False),
        _field("first_quote_index", pa.int32(), "quote_index of the speaker's first quote", False),
    ],
)

ENTITIES = _schema(
    "entities",
    [
        *_key_fields(),
        _field("entity_index", pa.int32(), "position of the entity in its article", False),
        _field("label", pa.string(), "PER | ORG | LOC | MISC", False),
        _field("start", pa.int32(), "character offset in articles.text", False),
        _field("end", pa.int32(), "end offset (exclusive)", False),
        _field("text", pa.string(), "articles.text[start:end]", False),
    ],
)

SCHEMAS: dict[str, pa.Schema] = {
    "articles": ARTICLES,
    "quotes": QUOTES,
    "speakers": SPEAKERS,
    "entities": ENTITIES,
}


def schema_markdown() -> str:
    """The four schemas as Markdown tables (used to write docs/batch.md)."""
    parts = []
    for name, schema in SCHEMAS.items():
        parts.append(f"### `{name}/`\n\n| column | type | null | meaning |\n|---|---|---|---|")
        for field in schema:
            doc = (field.metadata or {}).get(b"doc", b"").decode().replace("|", "\\|")
            null = "yes" if field.nullable else "no"
            type_ = "list<string>" if pa.types.is_list(field.type) else str(field.type)
            parts.append(f"| `{field.name}` | {type_} | {null} | {doc} |")
        parts.append("")
    return "\n".join(parts)
