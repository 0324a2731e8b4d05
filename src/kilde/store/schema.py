"""The archive schema, as numbered migrations applied in order and recorded in schema_version.

A new archive gets every migration; an older one is upgraded (the caller is told); an
archive written by a newer kilde than this one is refused with a clear error.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone

from kilde.store.database import Database, Dialect


class ArchiveVersionError(RuntimeError):
    """The archive's schema is newer than this kilde understands."""


@dataclass(frozen=True)
class Migration:
    """One schema step: SQL statements (per dialect) and an optional data step."""

    version: int
    description: str
    statements: Callable[[Dialect], list[str]]
    data_step: Callable[[Database], None] | None = None


def _core_tables(dialect: Dialect) -> list[str]:
    serial = dialect.serial_primary_key
    real = dialect.real_type
    return [
        """CREATE TABLE articles (
            id TEXT PRIMARY KEY,
            path TEXT, url TEXT, outlet TEXT, title TEXT, date TEXT,
            bylines TEXT NOT NULL, language TEXT, text TEXT NOT NULL,
            warnings TEXT NOT NULL, word_count INTEGER NOT NULL,
            analysis TEXT NOT NULL,
            ingested_at TEXT NOT NULL)""",
        "CREATE INDEX articles_date ON articles (date)",
        "CREATE INDEX articles_outlet ON articles (outlet)",
        f"""CREATE TABLE speakers (
            id {serial},
            name TEXT NOT NULL,
            name_key TEXT NOT NULL UNIQUE,
            surname_key TEXT,
            type TEXT NOT NULL,
            gender TEXT,
            gender_f INTEGER NOT NULL DEFAULT 0,
            gender_m INTEGER NOT NULL DEFAULT 0,
            first_article TEXT)""",
        "CREATE INDEX speakers_surname ON speakers (surname_key)",
        """CREATE TABLE speaker_aliases (
            speaker_id BIGINT NOT NULL REFERENCES speakers (id),
            alias TEXT NOT NULL,
            alias_key TEXT NOT NULL,
            seen INTEGER NOT NULL DEFAULT 1,
            PRIMARY KEY (speaker_id, alias))""",
        "CREATE INDEX speaker_aliases_key ON speaker_aliases (alias_key)",
        """CREATE TABLE speaker_roles (
            speaker_id BIGINT NOT NULL REFERENCES speakers (id),
            role TEXT NOT NULL,
            seen INTEGER NOT NULL DEFAULT 1,
            PRIMARY KEY (speaker_id, role))""",
        f"""CREATE TABLE quotes (
            id {serial},
            article_id TEXT NOT NULL REFERENCES articles (id),
            position INTEGER NOT NULL,
            date TEXT, outlet TEXT,
            kind TEXT NOT NULL, text TEXT NOT NULL,
            start_char INTEGER NOT NULL, end_char INTEGER NOT NULL,
            cue TEXT, medium TEXT, via TEXT, confidence {real} NOT NULL,
            speaker_id BIGINT REFERENCES speakers (id),
            speaker_name TEXT, speaker_type TEXT NOT NULL, speaker_role TEXT,
            speaker_gender TEXT,
            gender TEXT,
            mention_text TEXT, mention_start INTEGER, mention_end INTEGER,
            UNIQUE (article_id, position))""",
        "CREATE INDEX quotes_date ON quotes (date, id)",
        "CREATE INDEX quotes_speaker ON quotes (speaker_id, date)",
        "CREATE INDEX quotes_outlet ON quotes (outlet, date)",
        "CREATE INDEX quotes_gender ON quotes (gender)",
        f"""CREATE TABLE entities (
            id {serial},
            article_id TEXT NOT NULL REFERENCES articles (id),
            position INTEGER NOT NULL,
            label TEXT NOT NULL, text TEXT NOT NULL, text_key TEXT NOT NULL,
            start_char INTEGER NOT NULL, end_char INTEGER NOT NULL,
            UNIQUE (article_id, position))""",
        "CREATE INDEX entities_text ON entities (label, text_key)",
        """CREATE TABLE ingest_errors (
            source TEXT PRIMARY KEY,
            reason TEXT NOT NULL,
            failed_at TEXT NOT NULL)""",
        *dialect.search_schema(),
    ]


def _wire_column(dialect: Dialect) -> list[str]:
    return [
        "ALTER TABLE articles ADD COLUMN wire INTEGER NOT NULL DEFAULT 0",
        "CREATE INDEX articles_wire ON articles (wire)",
    ]


def _backfill_wire(db: Database) -> None:
    from kilde.store.records import is_wire

    for row in db.all("SELECT id, bylines FROM articles"):
        if is_wire(json.loads(row["bylines"])):
            db.execute("UPDATE articles SET wire = 1 WHERE id = ?", (row["id"],))


def _quote_places_table(dialect: Dialect) -> list[str]:
    return [
        """CREATE TABLE quote_places (
            quote_id BIGINT NOT NULL REFERENCES quotes (id),
            place_key TEXT NOT NULL,
            PRIMARY KEY (quote_id, place_key))""",
        "CREATE INDEX quote_places_key ON quote_places (place_key)",
    ]


def _backfill_quote_places(db: Database) -> None:
    from kilde.article import Analysis
    from kilde.store.records import write_quote_places

    for row in db.all("SELECT id, analysis, text FROM articles"):
        analysis = Analysis.model_validate(json.loads(row["analysis"]) | {"text": row["text"]})
        quote_ids = [
            r["id"]
            for r in db.all(
                "SELECT id FROM quotes WHERE article_id = ? ORDER BY position", (row["id"],)
            )
        ]
        write_quote_places(db, list(zip(quote_ids, analysis.quotes, strict=False)))


MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1, "articles, quotes, speakers, entities, ingest errors, full-text index", _core_tables
    ),
    Migration(2, "articles.wire: bylines naming a news agency", _wire_column, _backfill_wire),
    Migration(
        3,
        "quote_places: the places each quote mentions (search --place)",
        _quote_places_table,
        _backfill_quote_places,
    ),
)
LATEST_VERSION = MIGRATIONS[-1].version


def current_version(db: Database) -> int:
    """The archive's schema version (0 for an empty database)."""
    db.execute(
        "CREATE TABLE IF NOT EXISTS schema_version "
        "(version INTEGER NOT NULL, applied_at TEXT NOT NULL)"
    )
    return int(db.scalar("SELECT MAX(version) FROM schema_version") or 0)


def migrate(
    db: Database, target: int = LATEST_VERSION, notify: Callable[[str], None] | None = None
) -> int:
    """Bring the archive to schema `target`; returns the version it was at before.

    `notify` is called with a message when an existing archive is upgraded.
    """
    found = current_version(db)
    if found > LATEST_VERSION:
        raise ArchiveVersionError(
            f"{db.target}: archive schema version {found} was written by a newer kilde; "
            f"this kilde understands versions up to {LATEST_VERSION}. Upgrade kilde to open it."
        )
    pending = [m for m in MIGRATIONS if found < m.version <= target]
    if pending and found and notify:
        notify(
            f"upgrading archive {db.target} from schema version {found} to {pending[-1].version}: "
            + "; ".join(m.description for m in pending)
        )
    for migration in pending:
        with db.transaction():
            for statement in migration.statements(db.dialect):
                db.execute(statement)
            if migration.data_step:
                migration.data_step(db)
            db.execute(
                "INSERT INTO schema_version (version, applied_at) VALUES (?, ?)",
                (migration.version, now()),
            )
    return found


def now() -> str:
    """The current UTC time as ISO 8601 text (how the archive stores times)."""
    return datetime.now(timezone.utc).isoformat(timespec="seconds")
