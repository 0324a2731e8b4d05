"""The SQLite dialect: one file, WAL journal, FTS5 over kilde's own Danish stems."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kilde.store import danish
from kilde.store.database import Dialect

if TYPE_CHECKING:
    from kilde.store.database import Database

MIN_SQLITE = (3, 35, 0)  # RETURNING


class SQLiteDialect(Dialect):
    """SQLite (the embedded default)."""

    name = "sqlite"
    serial_primary_key = "INTEGER PRIMARY KEY"

    def connect(self, target: str) -> sqlite3.Connection:
        if sqlite3.sqlite_version_info < MIN_SQLITE:
            raise RuntimeError(
                f"kilde needs SQLite ≥ {'.'.join(map(str, MIN_SQLITE))}, "
                f"this Python has {sqlite3.sqlite_version}"
            )
        if target != ":memory:":
            Path(target).expanduser().parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(
            str(Path(target).expanduser()) if target != ":memory:" else target,
            isolation_level=None,
            timeout=60,
            check_same_thread=False,
        )
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=NORMAL")
        connection.execute("PRAGMA foreign_keys=ON")
        connection.execute("PRAGMA cache_size=-65536")
        return connection

    def search_schema(self) -> list[str]:
        return [
            "CREATE VIRTUAL TABLE quote_search USING fts5("
            "stems, content='', tokenize='unicode61 remove_diacritics 0')"
        ]

    def index_quotes(self, db: Database, quotes: Sequence[tuple[int, str]]) -> None:
        db.executemany(
            "INSERT INTO quote_search (rowid, stems) VALUES (?, ?)",
            [(quote_id, danish.index_text(text)) for quote_id, text in quotes],
        )

    def text_condition(self, query: str) -> tuple[str, list[Any]] | None:
        expression = danish.match_expression(query)
        if expression is None:
            return None
        return (
            "q.id IN (SELECT rowid FROM quote_search WHERE quote_search MATCH ?)",
            [expression],
        )
