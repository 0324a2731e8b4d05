"""One connection API over SQLite and PostgreSQL; the dialect holds the few differences.

All SQL in the store is written once, with `?` placeholders; the PostgreSQL dialect turns
them into `%s`. Values are always passed as parameters, never formatted into SQL.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

Row = dict[str, Any]
T = TypeVar("T")
# values (or rows) per statement: 500 quote rows of 22 values stay below the parameter
# limit of either backend (SQLite ≥ 3.32: 32,766; PostgreSQL: 65,535)
CHUNK = 500


def chunks(values: Sequence[T], size: int = CHUNK) -> Iterator[Sequence[T]]:
    """`values` in consecutive slices of at most `size`."""
    for start in range(0, len(values), size):
        yield values[start : start + size]


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
    def index_quotes(self, db: Database, quotes: Sequence[tuple[int, str]]) -> None:
        """Add (quote id, text) pairs to the full-text index (inside the caller's transaction)."""

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
        """Run one statement for each row of parameters (psycopg sends them in one round trip)."""
        if rows:
            self.connection.cursor().executemany(self.dialect.sql(statement), rows)

    def all(self, statement: str, params: Sequence[Any] = ()) -> list[Row]:
        """All result rows as dicts."""
        return _dicts(self.execute(statement, params))

    def execute_values(self, statement: str, rows: Sequence[Sequence[Any]]) -> list[Row]:
        """Run `statement` with its `{values}` standing for the rows, as `(?, ...), (?, ...)`.

        One statement (one round trip) per chunk of rows, in order; unlike `executemany` it
        does not use a psycopg pipeline. Returns the rows of a RETURNING clause, if any.
        """
        found: list[Row] = []
        for part in chunks(rows):
            marks = ", ".join("(" + ", ".join(["?"] * len(row)) + ")" for row in part)
            cursor = self.execute(statement.format(values=marks), [v for row in part for v in row])
            if cursor.description:
                found += _dicts(cursor)
        return found

    def all_in(self, statement: str, values: Sequence[Any]) -> list[Row]:
        """All rows of `statement` whose `{values}` stands for a `?` list of `values` (chunked)."""
        rows: list[Row] = []
        for part in chunks(values):
            rows.extend(self.all(statement.format(values=", ".join(["?"] * len(part))), part))
        return rows

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


def _dicts(cursor: Any) -> list[Row]:
    """The cursor's remaining result rows as dicts."""
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=False)) for row in cursor.fetchall()]
