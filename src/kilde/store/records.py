"""Writing one `Analysis` into the archive (all its rows in one transaction) and reading it back."""

from __future__ import annotations

import json
import re
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
    record_appearance,
    resolve_speaker,
    speaker_gender,
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
    found: set[str] = set()
    for start in range(0, len(article_ids), 500):
        chunk = article_ids[start : start + 500]
        marks = ", ".join("?" for _ in chunk)
        rows = db.all(f"SELECT id FROM articles WHERE id IN ({marks})", chunk)
        found.update(row["id"] for row in rows)
    return found


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
    identities = identify_speakers(analysis.quotes, analysis.id)
    quote_id = next_quote_id(db, analysis.date) if analysis.quotes else 0
    for position, (quote, identity) in enumerate(zip(analysis.quotes, identities, strict=False)):
        speaker_id = resolve_speaker(db, identity, analysis.id) if identity else None
        mention = quote.speaker.mention
        known = speaker_gender(db, speaker_id) if speaker_id is not None else None
        db.execute(
            "INSERT INTO quotes (id, article_id, position, date, outlet, kind, text, start_char, "
            "end_char, cue, medium, via, confidence, speaker_id, speaker_name, speaker_type, "
            "speaker_role, speaker_gender, gender, mention_text, mention_start, mention_end) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
                known or quote.speaker.gender,
                mention.text if mention else None,
                mention.start if mention else None,
                mention.end if mention else None,
            ),
        )
        db.dialect.index_quote(db, quote_id, quote.text)
        write_quote_places(db, quote_id, quote)
        if speaker_id is not None:
            record_appearance(db, speaker_id, quote)
        quote_id += 1
    # a full name may now settle a bare surname stored before it (after this article's
    # gender evidence is counted, so a conflict keeps them apart)
    merge_bare_surnames(
        db, {i.surname_key for i in identities if i and i.surname_key and " " in i.key}
    )


def write_quote_places(db: Database, quote_id: int, quote: Quote) -> None:
    """Index the places a quote mentions under every key it can be searched by."""
    if not quote.places:
        return
    from kilde.facts import place_search_keys

    keys = sorted({key for place in quote.places for key in place_search_keys(place)})
    db.executemany(
        "INSERT INTO quote_places (quote_id, place_key) VALUES (?, ?)",
        [(quote_id, key) for key in keys],
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
