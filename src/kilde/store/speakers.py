"""One speaker row per real person or organisation across the archive.

Names are normalised (titles in front and party letters dropped, spaces collapsed, case
folded) into a key; "statsminister Mette Frederiksen (S)" and "Mette Frederiksen" share the
key "mette frederiksen". A bare surname ("Frederiksen") joins the full name in the same
article, or else the one person in the archive with that surname; if several people have
it, it stays a speaker of its own. A bare surname stored before any full name with it is
merged later, when an article brings the first full name with that surname, so the
archive does not depend on the order of ingest (`merge_bare_surnames`; the rule is in
docs/architecture.md). Anonymous sources are never merged across articles.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from kilde.article import Quote
from kilde.store.database import Database

_PARTY = re.compile(r"\s*\((?:[A-ZÆØÅ][A-Za-zÆØÅæøå]{0,3})\)")
_SPACE = re.compile(r"\s+")
_NAME_PARTICLES = {"von", "van", "de", "der", "den", "af", "la", "le", "di", "da", "bin", "al"}


@dataclass(frozen=True)
class SpeakerIdentity:
    """Who a quote belongs to, as the store will look them up."""

    name: str
    key: str
    type: str
    surname_key: str | None


def clean_name(name: str, speaker_type: str) -> str:
    """The display name: party letters and (for people) leading lower-case titles removed."""
    name = unicodedata.normalize("NFC", name)
    name = _SPACE.sub(" ", _PARTY.sub("", name)).strip(" ,.:;-–")
    if speaker_type == "person":
        tokens = name.split(" ")
        first_capital = next((i for i, t in enumerate(tokens) if t[:1].isupper()), None)
        if first_capital:
            name = " ".join(tokens[first_capital:])
    return name


def name_key(name: str) -> str:
    """The comparison key of a cleaned name."""
    return _SPACE.sub(" ", name.casefold()).strip()


def surname_of(key: str) -> str | None:
    """The last name-word of a person key ("mette frederiksen" → "frederiksen")."""
    tokens = [t for t in key.split(" ") if t not in _NAME_PARTICLES]
    return tokens[-1] if tokens else None


def identify_speakers(quotes: list[Quote], article_id: str) -> list[SpeakerIdentity | None]:
    """Each quote's speaker identity; bare surnames join full names in the same article."""
    identities: list[SpeakerIdentity | None] = []
    full_names: dict[str, SpeakerIdentity] = {}
    for quote in quotes:
        speaker = quote.speaker
        if speaker.type == "anonymous":
            label = clean_name(speaker.name or "anonym kilde", "anonymous")
            key = f"anonymous:{article_id}:{name_key(label)}"
            identities.append(SpeakerIdentity(label, key, "anonymous", None))
            continue
        if not speaker.name or not speaker.name.strip():
            identities.append(None)
            continue
        label = clean_name(speaker.name, speaker.type)
        key = name_key(label)
        if not key:
            identities.append(None)
            continue
        surname = surname_of(key) if speaker.type == "person" else None
        identity = SpeakerIdentity(label, key, speaker.type, surname)
        if surname and " " in key:
            full_names.setdefault(surname, identity)
        identities.append(identity)
    # second pass: "Frederiksen" after (or before) "Mette Frederiksen" in the same article
    return [
        full_names.get(i.key, i) if i and i.type == "person" and " " not in i.key else i
        for i in identities
    ]


def resolve_speakers(
    db: Database, identities: Sequence[SpeakerIdentity], article_id: str
) -> dict[str, int]:
    """The archive id of each identity (by key), creating the speaker rows that are new.

    A bare surname not stored itself joins the one person in the archive with that surname.
    New rows are numbered in the order their identities first appear.
    """
    wanted: dict[str, SpeakerIdentity] = {}
    for identity in identities:
        wanted.setdefault(identity.key, identity)
    ids = _ids_by_key(db, list(wanted))
    bare = [k for k, i in wanted.items() if k not in ids and i.type == "person" and " " not in k]
    if bare:
        rows = db.all_in(
            "SELECT id, name_key, surname_key FROM speakers "
            "WHERE surname_key IN ({values}) AND type = 'person'",
            bare,
        )
        for key in bare:
            candidates = [r for r in rows if r["surname_key"] == key and r["name_key"] != key]
            if len(candidates) == 1:
                ids[key] = int(candidates[0]["id"])
    new = [i for k, i in wanted.items() if k not in ids]
    inserted = db.execute_values(
        "INSERT INTO speakers (name, name_key, surname_key, type, first_article) "
        "VALUES {values} ON CONFLICT (name_key) DO NOTHING RETURNING id, name_key",
        [(i.name, i.key, i.surname_key, i.type, article_id) for i in new],
    )
    ids.update((row["name_key"], int(row["id"])) for row in inserted)
    missing = [i.key for i in new if i.key not in ids]
    if missing:  # another writer created them meanwhile
        ids.update(_ids_by_key(db, missing))
    return ids


def _ids_by_key(db: Database, keys: Sequence[str]) -> dict[str, int]:
    rows = db.all_in("SELECT id, name_key FROM speakers WHERE name_key IN ({values})", keys)
    return {row["name_key"]: int(row["id"]) for row in rows}


def speaker_genders(db: Database, speaker_ids: Sequence[int]) -> dict[int, str | None]:
    """What the archive knows of each speaker's gender: "f", "m", or None (no or mixed evidence)."""
    rows = db.all_in(
        "SELECT id, gender FROM speakers WHERE id IN ({values})", sorted(set(speaker_ids))
    )
    return {int(row["id"]): row["gender"] for row in rows}


def record_appearances(db: Database, appearances: Sequence[tuple[int, Quote]]) -> None:
    """Add what each (speaker id, quote) tells about the speaker: alias, role, gender evidence."""
    aliases, roles, types = [], [], []
    evidence: dict[int, tuple[int, int]] = {}
    for speaker_id, quote in appearances:
        speaker = quote.speaker
        alias = (speaker.name or "").strip()
        if alias:
            aliases.append((speaker_id, alias, name_key(alias)))
        if speaker.role:
            roles.append((speaker_id, speaker.role.strip()))
        if speaker.gender in ("f", "m"):
            f, m = evidence.get(speaker_id, (0, 0))
            evidence[speaker_id] = (f + 1, m) if speaker.gender == "f" else (f, m + 1)
        if speaker.type in ("person", "organization"):
            types.append((speaker.type, speaker_id))
    db.executemany(
        "INSERT INTO speaker_aliases (speaker_id, alias, alias_key) VALUES (?, ?, ?) "
        "ON CONFLICT (speaker_id, alias) DO UPDATE SET seen = speaker_aliases.seen + 1",
        aliases,
    )
    db.executemany(
        "INSERT INTO speaker_roles (speaker_id, role) VALUES (?, ?) "
        "ON CONFLICT (speaker_id, role) DO UPDATE SET seen = speaker_roles.seen + 1",
        roles,
    )
    add_gender_evidence(db, evidence)
    db.executemany("UPDATE speakers SET type = ? WHERE id = ? AND type = 'unknown'", types)


def add_gender_evidence(
    db: Database, evidence: dict[int, tuple[int, int]], *, refresh_quotes: bool = False
) -> None:
    """Count more pieces of gender evidence, `{speaker id: (f, m)}`, and settle the genders.

    When a speaker's gender changes (or with `refresh_quotes`), every quote of the speaker
    is counted with it; a quote keeps the gender its own article gave when the speaker's
    gender is unknown or mixed. An article's evidence counted at once leaves the same rows
    as one piece at a time (a change and back, none → f → mixed, touches no stored quote).
    """
    if not evidence:
        return
    before = speaker_genders(db, list(evidence))
    db.executemany(
        "UPDATE speakers SET gender_f = gender_f + ?, gender_m = gender_m + ?, "
        "gender = CASE WHEN gender_f + ? > 0 AND gender_m + ? = 0 THEN 'f' "
        "WHEN gender_m + ? > 0 AND gender_f + ? = 0 THEN 'm' ELSE NULL END "
        "WHERE id = ?",
        [(f, m, f, m, m, f, speaker_id) for speaker_id, (f, m) in evidence.items()],
    )
    after = speaker_genders(db, list(evidence))
    db.executemany(
        "UPDATE quotes SET gender = COALESCE(?, speaker_gender) WHERE speaker_id = ?",
        [
            (after.get(speaker_id), speaker_id)
            for speaker_id in evidence
            if refresh_quotes or after.get(speaker_id) != before.get(speaker_id)
        ],
    )


def merge_bare_surnames(db: Database, surnames: set[str]) -> None:
    """Fold a bare-surname speaker ("Frederiksen", stored earlier) into the full name.

    Only when it is unambiguous: exactly one person in the archive has a full name with
    that surname, and the gender evidence of the two does not conflict. The surname's
    quotes, aliases, roles and gender evidence move to the full name and the bare row is
    removed, so later quotes by "Frederiksen" join the full name as well. Each quote keeps
    its speaker as written (`quotes.speaker_name`). Otherwise nothing changes.
    """
    # one read for all: merging one surname changes no row of another
    found = db.all_in(
        "SELECT id, name_key, surname_key, gender_f, gender_m, first_article FROM speakers "
        "WHERE surname_key IN ({values}) AND type = 'person' ORDER BY id",
        sorted(surnames),
    )
    for surname in sorted(surnames):
        rows = [r for r in found if r["surname_key"] == surname]
        full = [r for r in rows if " " in r["name_key"]]
        bare = next((r for r in rows if r["name_key"] == surname), None)
        if bare is None or len(full) != 1:
            continue
        (person,) = full
        f, m = int(bare["gender_f"]), int(bare["gender_m"])
        if (f + person["gender_f"]) and (m + person["gender_m"]):
            continue  # "han" for one, "hun" for the other: not known to be one person
        if not _move_speaker(db, int(bare["id"]), int(person["id"])):
            continue  # another writer merged it meanwhile
        db.execute(
            "UPDATE speakers SET first_article = ? WHERE id = ?",
            (bare["first_article"], person["id"]),
        )
        add_gender_evidence(db, {int(person["id"]): (f, m)}, refresh_quotes=True)


def _move_speaker(db: Database, source: int, target: int) -> bool:
    """Move the quotes, aliases and roles of speaker `source` to `target`; drop `source`.

    False when `source` no longer existed (nothing was moved).
    """
    db.execute("UPDATE quotes SET speaker_id = ? WHERE speaker_id = ?", (target, source))
    db.execute(
        "INSERT INTO speaker_aliases (speaker_id, alias, alias_key, seen) "
        "SELECT ?, alias, alias_key, seen FROM speaker_aliases WHERE speaker_id = ? "
        "ON CONFLICT (speaker_id, alias) DO UPDATE SET seen = speaker_aliases.seen + excluded.seen",
        (target, source),
    )
    db.execute(
        "INSERT INTO speaker_roles (speaker_id, role, seen) "
        "SELECT ?, role, seen FROM speaker_roles WHERE speaker_id = ? "
        "ON CONFLICT (speaker_id, role) DO UPDATE SET seen = speaker_roles.seen + excluded.seen",
        (target, source),
    )
    for table in ("speaker_aliases", "speaker_roles"):
        db.execute(f"DELETE FROM {table} WHERE speaker_id = ?", (source,))
    return db.one("DELETE FROM speakers WHERE id = ? RETURNING id", (source,)) is not None
