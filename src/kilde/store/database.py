"""One connection API over SQLite and PostgreSQL; the dialect holds the few differences.

All SQL in the store is written once, with `?` placeholders; the PostgreSQL dialect turns
them into `%s`. Values are always passed as parameters, never formatted into SQL.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

Row = dict[str, Any]


class Dialect(ABC):
    """What differs between the backends: connecting, placeholders, types, full-text search."""

    name: str
    serial_primary_key: str
    real_type: str = "DOUBLE PRECISION"

    @abstractmethod
    def connect(self, target: str) -> Any:
        """An open DB-API connection in autocommit mode."""

    def sql(self, statement: str) -> str:
        """`statement` in this backend's placeholder style."""
        return statement

    @abstractmethod
    def search_schema(self) -> list[str]:
        """Statements creating the full-text index over quote text."""

    @abstractmethod
    def index_quote(self, db: Database, quote_id: int, text: str) -> None:
        """Add one quote to the full-text index (inside the caller's transaction)."""

    @abstractmethod
    def text_condition(self, query: str) -> tuple[str, list[Any]] | None:
        """A WHERE condition on alias `q` (quotes) matching `query`, or None if it has no words."""


class Database:
    """A connection plus its dialect: execute, fetch, and transactions."""

    def __init__(self, dialect: Dialect, target: str) -> None:
        self.dialect = dialect
        self.target = target
        self.connection = dialect.connect(target)
        self._depth = 0

    def execute(self, statement: str, params: Sequence[Any] = ()) -> Any:
        """Run one statement and return the cursor."""
        cursor = self.connection.cursor()
        cursor.execute(self.dialect.sql(statement), tuple(params))
        return cursor

    def executemany(self, statement: str, rows: Sequence[Sequence[Any]]) -> None:
        """Run one statement for each row of parameters."""
        if rows:
            self.connection.cursor().executemany(self.dialect.sql(statement), rows)

    def all(self, statement: str, params: Sequence[Any] = ()) -> list[Row]:
        """All result rows as dicts."""
        cursor = self.execute(statement, params)
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row, strict=False)) for row in cursor.fetchall()]

    def one(self, statement: str, params: Sequence[Any] = ()) -> Row | None:
        """The first result row as a dict, or None."""
        cursor = self.execute(statement, params)
        row = cursor.fetchone()
        if row is None:
            return None
        return dict(zip([column[0] for column in cursor.description], row, strict=False))

    def scalar(self, statement: str, params: Sequence[Any] = ()) -> Any:
        """The first column of the first row, or None."""
        row = self.execute(statement, params).fetchone()
        return None if row is None else row[0]

    @contextmanager
    def transaction(self) -> Iterator[Database]:
        """All statements inside commit together or not at all (nesting joins the outer one)."""
        if self._depth:
            self._depth += 1
            try:
                yield self
            finally:
                self._depth -= 1
            return
        self.connection.cursor().execute("BEGIN")
        self._depth = 1
        try:
            yield self
        except BaseException:
            self._depth = 0
            self.connection.cursor().execute("ROLLBACK")
            raise
        self._depth = 0
        self.connection.cursor().execute("COMMIT")

    def close(self) -> None:
        """Close the connection."""
        self.connection.close()
