"""`Archive`: open (and upgrade) an archive, store analyses, and ask it questions."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kilde.article import Analysis
from kilde.store.database import Database, Dialect
from kilde.store.filters import QuoteFilter, date_upper_bound, where_clause
from kilde.store.models import (
    ArticleSummary,
    IngestError,
    Page,
    QuoteHit,
    SpeakerDetail,
    SpeakerSummary,
    StoredArticle,
)
from kilde.store.records import read_analysis, record_error, stored_ids, write_analysis
from kilde.store.schema import migrate
from kilde.store.stats import diversity_stats

DEFAULT_DB = "kilde.db"
MAX_LIMIT = 1000


def default_target() -> str:
    """$KILDE_DB, or ./kilde.db."""
    return os.environ.get("KILDE_DB") or DEFAULT_DB


def dialect_for(target: str) -> Dialect:
    """PostgreSQL for postgresql:// (or postgres://) URLs, SQLite for anything else (a path)."""
    if target.startswith(("postgresql://", "postgres://")):
        from kilde.store.postgres import PostgresDialect

        return PostgresDialect()
    from kilde.store.sqlite import SQLiteDialect

    return SQLiteDialect()


def _page_bounds(limit: int, offset: int) -> tuple[int, int]:
    if limit < 1 or offset < 0:
        raise ValueError("limit must be ≥ 1 and offset ≥ 0")
    return min(limit, MAX_LIMIT), offset


def _paged(rows: list[Any], limit: int, offset: int, total: int | None = None) -> Page:
    return Page(
        items=rows[:limit], offset=offset, limit=limit, has_more=len(rows) > limit, total=total
    )


def _notify_stderr(message: str) -> None:
    print(f"kilde: {message}", file=sys.stderr)


class Archive:
    """A kilde archive on SQLite (a file) or PostgreSQL (a URL), one code path for both."""

    def __init__(self, db: Database) -> None:
        self.db = db

    @classmethod
    def open(
        cls, target: str | Path | None = None, notify: Callable[[str], None] | None = _notify_stderr
    ) -> Archive:
        """Open (creating or upgrading as needed) the archive at a path or postgresql:// URL.

        Upgrading an older archive is reported through `notify` (stderr by default);
        an archive from a newer kilde raises `ArchiveVersionError`.
        """
        target = str(target) if target is not None else default_target()
        db = Database(dialect_for(target), target)
        try:
            migrate(db, notify=notify)
        except BaseException:
            db.close()
            raise
        return cls(db)

    def close(self) -> None:
        """Close the connection."""
        self.db.close()

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def backend(self) -> str:
        """ "sqlite" or "postgresql"."""
        return self.db.dialect.name

    # -- writing ---------------------------------------------------------------------------

    def add(self, analysis: Analysis) -> bool:
        """Store one analysed article atomically; False if it was already there.

        A conflict with another process writing at the same moment (two ingests into one
        PostgreSQL archive taking the same new quote id) is retried.
        """
        for attempt in range(5):
            try:
                return write_analysis(self.db, analysis)
            except Exception as error:
                conflict = any(k.__name__ == "IntegrityError" for k in type(error).__mro__)
                if not conflict or attempt == 4:
                    raise
        raise AssertionError("unreachable")

    def has(self, article_id: str) -> bool:
        """Whether the article with this id is stored."""
        return bool(stored_ids(self.db, [article_id]))

    def known_ids(self, article_ids: list[str]) -> set[str]:
        """Which of these article ids are already stored."""
        return stored_ids(self.db, article_ids)

    def record_error(self, source: str, reason: str) -> None:
        """Note a source that could not be ingested."""
        record_error(self.db, source, reason)

    # -- reading ---------------------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        """Rows per table: articles, quotes, speakers, entities, ingest_errors."""
        tables = ("articles", "quotes", "speakers", "entities", "ingest_errors")
        return {t: int(self.db.scalar(f"SELECT COUNT(*) FROM {t}")) for t in tables}

    def search(
        self,
        query: str | None = None,
        *,
        limit: int = 20,
        offset: int = 0,
        with_total: bool = False,
        **filters: Any,
    ) -> Page[QuoteHit]:
        """Quotes matching `query` (Danish full-text, stemmed) and filters, newest first.

        Filters: speaker (name or alias, part of it), speaker_id, speaker_type, gender
        ("f", "m" or "unknown"), outlet, date_from, date_to (YYYY[-MM[-DD]], inclusive),
        place (mentioned in the quote — a city, region or country by name or ISO code — or
        named as a location in the article), article_id.
        """
        limit, offset = _page_bounds(limit, offset)
        conditions, params = QuoteFilter(query=query, **filters).where(self.db.dialect)
        where = where_clause(conditions)
        rows = self.db.all(
            "SELECT q.id, q.article_id, q.kind, q.text, q.start_char, q.end_char, q.cue, q.medium, "
            "q.via, q.confidence, q.speaker_id, s.name AS speaker, q.speaker_name, q.speaker_type, "
            "q.speaker_role, q.gender, q.outlet, q.date, "
            "a.title, a.url, a.path "
            # the page is chosen on quotes alone; the rest is joined to it
            f"FROM (SELECT q.id FROM quotes q {where} ORDER BY q.id DESC LIMIT ? OFFSET ?) page "
            "JOIN quotes q ON q.id = page.id JOIN articles a ON a.id = q.article_id "
            "LEFT JOIN speakers s ON s.id = q.speaker_id "
            "ORDER BY q.id DESC",  # quote ids sort by date: see records.next_quote_id
            [*params, limit + 1, offset],
        )
        total = None
        if with_total:
            total = int(
                self.db.scalar(
                    "SELECT COUNT(*) FROM quotes q " + where,
                    params,
                )
            )
        hits = [
            QuoteHit(
                id=r["id"],
                article_id=r["article_id"],
                kind=r["kind"],
                text=r["text"],
                start=r["start_char"],
                end=r["end_char"],
                cue=r["cue"],
                medium=r["medium"],
                via=r["via"],
                confidence=r["confidence"],
                speaker_id=r["speaker_id"],
                speaker=r["speaker"] or r["speaker_name"],
                speaker_as_written=r["speaker_name"],
                speaker_type=r["speaker_type"],
                speaker_role=r["speaker_role"],
                gender=r["gender"],
                outlet=r["outlet"],
                date=r["date"],
                title=r["title"],
                url=r["url"],
                path=r["path"],
            )
            for r in rows
        ]
        return _paged(hits, limit, offset, total)

    def speakers(
        self,
        *,
        limit: int = 20,
        offset: int = 0,
        name: str | None = None,
        speaker_type: str | None = None,
        gender: str | None = None,
        include_anonymous: bool = False,
    ) -> Page[SpeakerSummary]:
        """Speakers, most quoted first, with quote/article counts and the roles seen."""
        limit, offset = _page_bounds(limit, offset)
        QuoteFilter(speaker_type=speaker_type, gender=gender).validate()
        conditions, params = [], []
        if name:
            from kilde.store.filters import like_pattern
            from kilde.store.speakers import name_key

            conditions.append("s.name_key LIKE ? ESCAPE '\\'")
            params.append(like_pattern(name_key(name)))
        if speaker_type:
            conditions.append("s.type = ?")
            params.append(speaker_type)
        elif not include_anonymous:
            conditions.append("s.type <> 'anonymous'")
        if gender == "unknown":
            conditions.append("s.gender IS NULL")
        elif gender:
            conditions.append("s.gender = ?")
            params.append(gender)
        rows = self.db.all(
            "SELECT s.id, s.name, s.type, s.gender, COUNT(*) AS quotes, "
            "COUNT(DISTINCT q.article_id) AS articles, MIN(q.date) AS first_date, "
            "MAX(q.date) AS last_date FROM speakers s JOIN quotes q ON q.speaker_id = s.id "
            f"{where_clause(conditions)} GROUP BY s.id, s.name, s.type, s.gender "
            "ORDER BY quotes DESC, s.name LIMIT ? OFFSET ?",
            [*params, limit + 1, offset],
        )
        roles = self._roles([r["id"] for r in rows[:limit]])
        items = [
            SpeakerSummary(
                id=r["id"],
                name=r["name"],
                type=r["type"],
                gender=r["gender"],
                quotes=r["quotes"],
                articles=r["articles"],
                first_date=r["first_date"],
                last_date=r["last_date"],
                roles=list(roles.get(r["id"], {})),
            )
            for r in rows
        ]
        return _paged(items, limit, offset)

    def _roles(self, speaker_ids: list[int]) -> dict[int, dict[str, int]]:
        if not speaker_ids:
            return {}
        marks = ", ".join("?" for _ in speaker_ids)
        result: dict[int, dict[str, int]] = {}
        for row in self.db.all(
            f"SELECT speaker_id, role, seen FROM speaker_roles WHERE speaker_id IN ({marks}) "
            "ORDER BY seen DESC, role",
            speaker_ids,
        ):
            result.setdefault(row["speaker_id"], {})[row["role"]] = row["seen"]
        return result

    def speaker(self, speaker_id: int) -> SpeakerDetail | None:
        """One speaker in full (aliases, roles, outlets), or None if there is no such id."""
        row = self.db.one(
            "SELECT s.id, s.name, s.type, s.gender, COUNT(q.id) AS quotes, "
            "COUNT(DISTINCT q.article_id) AS articles, MIN(q.date) AS first_date, "
            "MAX(q.date) AS last_date FROM speakers s LEFT JOIN quotes q ON q.speaker_id = s.id "
            "WHERE s.id = ? GROUP BY s.id, s.name, s.type, s.gender",
            (speaker_id,),
        )
        if row is None:
            return None
        roles = self._roles([speaker_id]).get(speaker_id, {})
        aliases = [
            r["alias"]
            for r in self.db.all(
                "SELECT alias FROM speaker_aliases WHERE speaker_id = ? ORDER BY seen DESC, alias",
                (speaker_id,),
            )
        ]
        outlets = {
            (r["outlet"] or ""): r["n"]
            for r in self.db.all(
                "SELECT outlet, COUNT(*) AS n FROM quotes WHERE speaker_id = ? "
                "GROUP BY outlet ORDER BY n DESC",
                (speaker_id,),
            )
        }
        return SpeakerDetail(
            id=row["id"],
            name=row["name"],
            type=row["type"],
            gender=row["gender"],
            quotes=row["quotes"],
            articles=row["articles"],
            first_date=row["first_date"],
            last_date=row["last_date"],
            roles=list(roles),
            aliases=aliases,
            role_counts=roles,
            outlets=outlets,
        )

    def article(self, article_id: str) -> StoredArticle | None:
        """One stored article with its quotes and entities, or None."""
        row = self.db.one("SELECT * FROM articles WHERE id = ?", (article_id,))
        if row is None:
            return None
        analysis, speaker_ids = read_analysis(self.db, row)
        return StoredArticle(analysis, speaker_ids, bool(row["wire"]), row["ingested_at"])

    def articles(
        self,
        *,
        limit: int = 20,
        offset: int = 0,
        outlet: str | None = None,
        date_from: str | None = None,
        date_to: str | None = None,
        speaker_id: int | None = None,
        with_total: bool = False,
    ) -> Page[ArticleSummary]:
        """Articles, newest first, with optional outlet, period and speaker filters."""
        limit, offset = _page_bounds(limit, offset)
        QuoteFilter(outlet=outlet, date_from=date_from, date_to=date_to).validate()
        conditions: list[str] = []
        params: list[Any] = []
        if outlet:
            conditions.append("a.outlet = ?")
            params.append(outlet)
        if date_from:
            conditions.append("a.date >= ?")
            params.append(date_from)
        if date_to:
            conditions.append("a.date < ?")
            params.append(date_upper_bound(date_to))
        if speaker_id is not None:
            conditions.append("a.id IN (SELECT article_id FROM quotes WHERE speaker_id = ?)")
            params.append(speaker_id)
        where = where_clause(conditions)
        rows = self.db.all(
            "SELECT a.id, a.title, a.outlet, a.date, a.url, a.path, a.bylines, a.wire, "
            "a.word_count, a.ingested_at, "
            "(SELECT COUNT(*) FROM quotes q WHERE q.article_id = a.id) AS quotes "
            f"FROM articles a {where} ORDER BY a.date DESC NULLS LAST, a.id LIMIT ? OFFSET ?",
            [*params, limit + 1, offset],
        )
        total = (
            int(self.db.scalar(f"SELECT COUNT(*) FROM articles a {where}", params))
            if with_total
            else None
        )
        items = [
            ArticleSummary(
                id=r["id"],
                title=r["title"],
                outlet=r["outlet"],
                date=r["date"],
                url=r["url"],
                path=r["path"],
                bylines=json.loads(r["bylines"]),
                wire=bool(r["wire"]),
                quotes=r["quotes"],
                words=r["word_count"],
                ingested_at=r["ingested_at"],
            )
            for r in rows
        ]
        return _paged(items, limit, offset, total)

    def stats(
        self,
        by: tuple[str, ...] | list[str] | str = (),
        *,
        outlet: str | None = None,
        date_from: str | None = None,
        date_to: str | None = None,
        speaker_id: int | None = None,
    ) -> list[dict[str, Any]]:
        """Source-diversity statistics per group (`by`: "outlet", "month", "year").

        With `speaker_id`, of that speaker's quotes and the articles they are quoted in.
        See `kilde.store.stats` for what each row holds.
        """
        by = (by,) if isinstance(by, str) else tuple(by)
        return diversity_stats(
            self.db,
            by,
            outlet=outlet,
            date_from=date_from,
            date_to=date_to,
            speaker_id=speaker_id,
        )

    def errors(self, *, limit: int = 100, offset: int = 0) -> Page[IngestError]:
        """Sources that failed to ingest, most recent first."""
        limit, offset = _page_bounds(limit, offset)
        rows = self.db.all(
            "SELECT source, reason, failed_at FROM ingest_errors ORDER BY failed_at DESC, source "
            "LIMIT ? OFFSET ?",
            (limit + 1, offset),
        )
        return _paged([IngestError(**r) for r in rows], limit, offset)
