"""A small archive built from hand-made `Analysis` objects (no NLP), for the web tests."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from kilde.article import Analysis, Entity, Quote, Span, Speaker, content_id
from kilde.store import Archive

HOSTILE_SCRIPT = "<script>alert('xss')</script>"
HOSTILE_IMG = '"><img src=x onerror=alert(1)>'


def _quote(
    text: str,
    quoted: str,
    name: str | None,
    *,
    kind: str = "direct",
    gender: str | None = None,
    speaker_type: str = "person",
    role: str | None = None,
    mention: str | None = None,
    cue: str | None = "siger",
) -> Quote:
    start = text.index(quoted)
    mention_span = None
    if mention:
        m_start = (
            text.index(mention, start + len(quoted))
            if mention in text[start + len(quoted) :]
            else text.index(mention)
        )
        mention_span = Span(text=mention, start=m_start, end=m_start + len(mention))
    return Quote(
        kind=kind,
        text=quoted,
        start=start,
        end=start + len(quoted),
        cue=cue,
        confidence=0.9,
        speaker=Speaker(
            name=name, type=speaker_type, role=role, gender=gender, mention=mention_span
        ),
    )


def _entity(text: str, name: str, label: str) -> Entity:
    start = text.index(name)
    return Entity(text=name, label=label, start=start, end=start + len(name))


def _analysis(
    text: str,
    *,
    outlet: str,
    date: str,
    title: str,
    bylines: list[str] | None = None,
    quotes: list[Quote],
    entities: list[Entity] | None = None,
    url: str | None = None,
) -> Analysis:
    return Analysis(
        id=content_id(text),
        text=text,
        outlet=outlet,
        date=date,
        title=title,
        bylines=bylines or [],
        language="da",
        quotes=quotes,
        entities=entities or [],
        url=url or f"https://example.invalid/{content_id(text)}",
    )


def sample_analyses() -> list[Analysis]:
    """Seven articles over four months and three outlets, one of them hostile markup."""
    analyses = []

    text = (
        "Regeringen vil sende flere soldater til Baltikum.\n\n"
        "- Vi skal stå sammen med vores allierede, siger statsminister Mette Frederiksen.\n\n"
        "Hun tilføjer, at soldaterne rejser i marts.\n\n"
        "ritzau"
    )
    analyses.append(
        _analysis(
            text,
            outlet="dr.dk",
            date="2024-01-15",
            title="Flere soldater til Baltikum",
            bylines=["ritzau"],
            quotes=[
                _quote(
                    text,
                    "Vi skal stå sammen med vores allierede",
                    "Mette Frederiksen",
                    gender="f",
                    role="statsminister",
                    mention="Mette Frederiksen",
                ),
                _quote(
                    text,
                    "soldaterne rejser i marts",
                    "Mette Frederiksen",
                    kind="indirect",
                    gender="f",
                    mention="Hun",
                    cue="tilføjer",
                ),
            ],
            entities=[_entity(text, "Baltikum", "LOC"), _entity(text, "Mette Frederiksen", "PER")],
        )
    )

    text = (
        "Forsvarsminister Troels Lund Poulsen (V) forsvarer planen.\n\n"
        "»Det er den rigtige beslutning for Danmark,« siger Troels Lund Poulsen.\n\n"
        "Ifølge en unavngiven kilde i Forsvaret er udstyret ikke klar."
    )
    analyses.append(
        _analysis(
            text,
            outlet="politiken.dk",
            date="2024-01-20",
            title="Minister forsvarer plan",
            quotes=[
                _quote(
                    text,
                    "Det er den rigtige beslutning for Danmark",
                    "Troels Lund Poulsen",
                    gender="m",
                    role="forsvarsminister",
                    mention="Troels Lund Poulsen",
                ),
                _quote(
                    text,
                    "udstyret ikke klar",
                    None,
                    kind="indirect",
                    speaker_type="anonymous",
                    cue="ifølge",
                ),
            ],
            entities=[_entity(text, "Danmark", "LOC"), _entity(text, "Forsvaret", "ORG")],
        )
    )

    text = (
        "Klimaet presser landbruget.\n\n"
        "- Vi har brug for klare regler nu, siger landbrugsminister Jacob Jensen.\n\n"
        "Landbrug & Fødevarer mener, at afgiften er for høj."
    )
    analyses.append(
        _analysis(
            text,
            outlet="dr.dk",
            date="2024-02-03",
            title="Klima og landbrug",
            quotes=[
                _quote(
                    text,
                    "Vi har brug for klare regler nu",
                    "Jacob Jensen",
                    gender="m",
                    role="landbrugsminister",
                    mention="Jacob Jensen",
                ),
                _quote(
                    text,
                    "afgiften er for høj",
                    "Landbrug & Fødevarer",
                    kind="indirect",
                    speaker_type="organization",
                    mention="Landbrug & Fødevarer",
                    cue="mener",
                ),
            ],
            entities=[_entity(text, "Landbrug & Fødevarer", "ORG")],
        )
    )

    text = (
        "Statsministeren besøgte i dag Aarhus.\n\n"
        "- Vi skal investere i uddannelse, siger Mette Frederiksen.\n\n"
        "- Det handler om fremtiden, siger hun."
    )
    analyses.append(
        _analysis(
            text,
            outlet="berlingske.dk",
            date="2024-02-10",
            title="Statsministeren i Aarhus",
            quotes=[
                _quote(
                    text,
                    "Vi skal investere i uddannelse",
                    "Mette Frederiksen",
                    gender="f",
                    mention="Mette Frederiksen",
                ),
                _quote(
                    text, "Det handler om fremtiden", "Mette Frederiksen", gender="f", mention="hun"
                ),
            ],
            entities=[_entity(text, "Aarhus", "LOC")],
        )
    )

    text = (
        "Sundhedsministeren fremlægger en ny plan.\n\n"
        "»Ventetiderne skal ned,« siger sundhedsminister Sophie Løhde.\n\n"
        "Lægeforeningen siger, at planen mangler penge.\n\n"
        "/ritzau/ AFP"
    )
    analyses.append(
        _analysis(
            text,
            outlet="politiken.dk",
            date="2024-03-05",
            title="Ny sundhedsplan",
            bylines=["ritzau", "AFP"],
            quotes=[
                _quote(
                    text,
                    "Ventetiderne skal ned",
                    "Sophie Løhde",
                    gender="f",
                    role="sundhedsminister",
                    mention="Sophie Løhde",
                ),
                _quote(
                    text,
                    "planen mangler penge",
                    "Lægeforeningen",
                    kind="indirect",
                    speaker_type="organization",
                    mention="Lægeforeningen",
                ),
            ],
        )
    )

    text = (
        "En borger kom med en usædvanlig udtalelse.\n\n"
        f"- Skriv {HOSTILE_SCRIPT} og {HOSTILE_IMG} i feltet, siger Hacker {HOSTILE_IMG}.\n\n"
        "Slut."
    )
    analyses.append(
        _analysis(
            text,
            outlet=f"evil{HOSTILE_IMG}.dk",
            date="2024-03-09",
            title=f"Farlig {HOSTILE_SCRIPT} titel",
            bylines=[HOSTILE_IMG],
            url="javascript:alert(5)",
            quotes=[
                _quote(
                    text,
                    f"Skriv {HOSTILE_SCRIPT} og {HOSTILE_IMG} i feltet",
                    f"Hacker {HOSTILE_IMG}",
                    role=HOSTILE_SCRIPT,
                    mention=f"Hacker {HOSTILE_IMG}",
                ),
            ],
            entities=[_entity(text, HOSTILE_SCRIPT, "MISC")],
        )
    )

    text = "Uden dato: en kort notits.\n\nPolitiet oplyser, at vejen er spærret."
    analyses.append(
        Analysis(
            id=content_id(text),
            text=text,
            outlet="tv2.dk",
            date=None,
            title=None,
            quotes=[
                _quote(
                    text,
                    "vejen er spærret",
                    "Politiet",
                    kind="indirect",
                    speaker_type="organization",
                    mention="Politiet",
                    cue="oplyser",
                )
            ],
        )
    )
    return analyses


def build_archive(path: Path | str) -> Path | str:
    """Write the sample archive to `path` (a SQLite file or PostgreSQL URL) and return it."""
    with Archive.open(path, notify=None) as archive:
        for analysis in sample_analyses():
            archive.add(analysis)
    return path


PG_URL = os.environ.get("KILDE_TEST_PG_URL")
BACKENDS = [
    "sqlite",
    pytest.param(
        "postgresql",
        marks=pytest.mark.skipif(not PG_URL, reason="KILDE_TEST_PG_URL not set (start-postgres)"),
    ),
]


@contextmanager
def fixture_archive(backend: str, directory: Path) -> Iterator[str]:
    """The sample archive on `backend`: a SQLite file in `directory`, or a PostgreSQL schema
    of its own on $KILDE_TEST_PG_URL (dropped afterwards)."""
    if backend == "sqlite":
        yield str(build_archive(directory / "kilde.db"))
        return
    import psycopg

    schema = "web_" + uuid.uuid4().hex[:12]
    with psycopg.connect(PG_URL, autocommit=True) as admin:
        admin.execute(f'CREATE SCHEMA "{schema}"')
    try:
        separator = "&" if "?" in PG_URL else "?"
        yield str(build_archive(f"{PG_URL}{separator}options=-csearch_path%3D{schema}"))
    finally:
        with psycopg.connect(PG_URL, autocommit=True) as admin:
            admin.execute(f'DROP SCHEMA "{schema}" CASCADE')
