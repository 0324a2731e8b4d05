"""Writing one `Analysis` into the archive (all its rows in one transaction) and reading it back."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from functools import lru_cache

from kilde.article import Analysis, Quote
from kilde.lexicons import load_lexicon
from kilde.store import danish
from kilde.store.database import Database, Row
from kilde.store.quote_ids import next_quote_id
from kilde.store.schema import now
from kilde.store.speakers import (
    identify_speakers,
    merge_bare_surnames,
    record_appearances,
    resolve_speakers,
    speaker_genders,
)


@lru_cache(maxsize=1)
def _agency_names() -> frozenset[str]:
    return frozenset(name.casefold() for name in load_lexicon("agencies"))


def is_wire(bylines: list[str]) -> bool:
    """True when a byline names a news agency (Ritzau, Reuters, AFP, …): wire copy."""
    agencies = _agency_names()
    for byline in bylines:
        for part in re.split(r"[/,()]|\s+og\s+|\s+", byline):
            if part.strip().casefold() in agencies:
                return True
    return False


def has_article(db: Database, article_id: str) -> bool:
    """Whether the archive already holds the article with this id."""
    return db.scalar("SELECT 1 FROM articles WHERE id = ?", (article_id,)) is not None


def stored_ids(db: Database, article_ids: list[str]) -> set[str]:
    """Which of `article_ids` are already in the archive."""
    rows = db.all_in("SELECT id FROM articles WHERE id IN ({values})", article_ids)
    return {row["id"] for row in rows}


def write_analysis(db: Database, analysis: Analysis) -> bool:
    """Store one analysed article with its quotes, speakers and entities, atomically.

    Returns False (and changes nothing) when an article with the same id is already stored.
    """
    with db.transaction():
        inserted = db.one(
            "INSERT INTO articles (id, path, url, outlet, title, date, bylines, language, text, "
            "warnings, word_count, analysis, ingested_at, wire) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (id) DO NOTHING RETURNING id",
            (
                analysis.id,
                analysis.path,
                analysis.url,
                analysis.outlet,
                analysis.title,
                analysis.date,
                json.dumps(analysis.bylines, ensure_ascii=False),
                analysis.language,
                analysis.text,
                json.dumps(analysis.warnings, ensure_ascii=False),
                len(danish.words(analysis.text)),
                analysis.model_dump_json(exclude={"text"}),
                now(),
                int(is_wire(analysis.bylines)),
            ),
        )
        if inserted is None:
            return False
        _write_quotes(db, analysis)
        db.executemany(
            "INSERT INTO entities (article_id, position, label, text, text_key, start_char, "
            "end_char) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (analysis.id, i, e.label, e.text, e.text.casefold(), e.start, e.end)
                for i, e in enumerate(analysis.entities)
            ],
        )
        if analysis.path:
            db.execute("DELETE FROM ingest_errors WHERE source = ?", (analysis.path,))
    return True


def _write_quotes(db: Database, analysis: Analysis) -> None:
    """The quotes of an article with their speakers, a few statements per article in all."""
    if not analysis.quotes:
        return
    identities = identify_speakers(analysis.quotes, analysis.id)
    speakers = resolve_speakers(db, [i for i in identities if i], analysis.id)
    speaker_ids = [speakers[i.key] if i else None for i in identities]
    record_appearances(
        db, [(s, q) for s, q in zip(speaker_ids, analysis.quotes, strict=False) if s is not None]
    )
    # after this article's gender evidence is counted, as each of its quotes ends up with it
    known = speaker_genders(db, [s for s in speaker_ids if s is not None])
    first_id = next_quote_id(db, analysis.date)
    quote_ids = list(range(first_id, first_id + len(analysis.quotes)))
    rows = []
    for position, (quote_id, quote, speaker_id) in enumerate(
        zip(quote_ids, analysis.quotes, speaker_ids, strict=False)
    ):
        mention = quote.speaker.mention
        rows.append(
            (
                quote_id,
                analysis.id,
                position,
                analysis.date,
                analysis.outlet,
                quote.kind,
                quote.text,
                quote.start,
                quote.end,
                quote.cue,
                quote.medium,
                quote.via,
                quote.confidence,
                speaker_id,
                quote.speaker.name,
                quote.speaker.type,
                quote.speaker.role,
                quote.speaker.gender,
                known.get(speaker_id) or quote.speaker.gender,
                mention.text if mention else None,
                mention.start if mention else None,
                mention.end if mention else None,
            )
        )
    # one statement, not a pipeline: a quote id taken meanwhile by another writer is the
    # conflict `Archive.add` retries
    db.execute_values(
        "INSERT INTO quotes (id, article_id, position, date, outlet, kind, text, start_char, "
        "end_char, cue, medium, via, confidence, speaker_id, speaker_name, speaker_type, "
        "speaker_role, speaker_gender, gender, mention_text, mention_start, mention_end) "
        "VALUES {values}",
        rows,
    )
    db.dialect.index_quotes(
        db, [(i, quote.text) for i, quote in zip(quote_ids, analysis.quotes, strict=False)]
    )
    write_quote_places(db, list(zip(quote_ids, analysis.quotes, strict=False)))
    # a full name may now settle a bare surname stored before it (after this article's
    # gender evidence is counted, so a conflict keeps them apart)
    merge_bare_surnames(
        db, {i.surname_key for i in identities if i and i.surname_key and " " in i.key}
    )


def write_quote_places(db: Database, quotes: Sequence[tuple[int, Quote]]) -> None:
    """Index the places each (quote id, quote) mentions under every key it can be searched by."""
    if not any(quote.places for _, quote in quotes):
        return
    from kilde.facts import place_search_keys

    db.executemany(
        "INSERT INTO quote_places (quote_id, place_key) VALUES (?, ?)",
        [
            (quote_id, key)
            for quote_id, quote in quotes
            for key in sorted({key for place in quote.places for key in place_search_keys(place)})
        ],
    )


def record_error(db: Database, source: str, reason: str) -> None:
    """Note that `source` could not be ingested (the latest reason wins)."""
    with db.transaction():
        db.execute(
            "INSERT INTO ingest_errors (source, reason, failed_at) VALUES (?, ?, ?) "
            "ON CONFLICT (source) DO UPDATE SET reason = excluded.reason, "
            "failed_at = excluded.failed_at",
            (source, reason, now()),
        )


def read_analysis(db: Database, article: Row) -> tuple[Analysis, list[int | None]]:
    """The stored `Analysis` of an article row (as ingested) and each quote's speaker id."""
    data = json.loads(article["analysis"])
    data["text"] = article["text"]
    analysis = Analysis.model_validate(data)
    rows = db.all(
        "SELECT speaker_id FROM quotes WHERE article_id = ? ORDER BY position", (article["id"],)
    )
    return analysis, [row["speaker_id"] for row in rows]
