"""The archive, used as a program would: store analyses, search them, count who speaks.

Every test runs on SQLite and on PostgreSQL. The PostgreSQL runs need a server:
`bash .ci/start-postgres && source /tmp/kilde-pg.env` sets KILDE_TEST_PG_URL; without it
they are skipped.
"""

from __future__ import annotations

import os
import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from kilde.article import Analysis, Entity, Quote, Speaker, content_id
from kilde.store import LATEST_VERSION, Archive, ArchiveVersionError
from kilde.store.schema import migrate

PG_URL = os.environ.get("KILDE_TEST_PG_URL")
BACKENDS = [
    "sqlite",
    pytest.param(
        "postgresql",
        marks=pytest.mark.skipif(
            not PG_URL, reason="KILDE_TEST_PG_URL not set (start a server: bash .ci/start-postgres)"
        ),
    ),
]


# -- fixtures: archives on both backends, and articles written by hand ----------------------


@pytest.fixture(params=BACKENDS)
def archive_target(request, tmp_path) -> Iterator[str]:
    """Where a fresh, empty archive lives: a SQLite file, or a PostgreSQL schema of its own."""
    if request.param == "sqlite":
        yield str(tmp_path / "archive.db")
        return
    with postgres_target() as target:
        yield target


@contextmanager
def postgres_target() -> Iterator[str]:
    """A URL of an empty PostgreSQL archive: a schema of its own, dropped afterwards."""
    import psycopg

    schema = "t_" + uuid.uuid4().hex[:12]
    with psycopg.connect(PG_URL, autocommit=True) as admin:
        admin.execute(f'CREATE SCHEMA "{schema}"')
    try:
        separator = "&" if "?" in PG_URL else "?"
        yield f"{PG_URL}{separator}options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(PG_URL, autocommit=True) as admin:
            admin.execute(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture
def archive(archive_target) -> Iterator[Archive]:
    with Archive.open(archive_target) as opened:
        yield opened


def said(
    text: str,
    quote: str,
    speaker: str | None,
    type: str = "person",
    gender: str | None = None,
    role: str | None = None,
    kind: str = "direct",
) -> Quote:
    """A quote of `quote` (which must occur in `text`) by `speaker`."""
    start = text.index(quote)
    return Quote(
        kind=kind,
        text=quote,
        start=start,
        end=start + len(quote),
        speaker=Speaker(name=speaker, type=type, gender=gender, role=role),
        confidence=0.9,
    )


def news(
    text: str,
    quotes: list[tuple],
    outlet: str = "dr.dk",
    date: str = "2021-06",
    bylines: tuple[str, ...] = (),
    places: tuple[str, ...] = (),
) -> Analysis:
    """An analysed article: `quotes` are (quoted words, speaker, type, gender, role) tuples."""
    entities = []
    for place in places:
        start = text.index(place)
        entities.append(Entity(text=place, label="LOC", start=start, end=start + len(place)))
    return Analysis(
        id=content_id(text),
        path=f"/corpus/{content_id(text)}.txt",
        outlet=outlet,
        date=date,
        bylines=list(bylines),
        language="da",
        text=text,
        quotes=[said(text, *q) for q in quotes],
        entities=entities,
    )


FREDERIKSEN_1 = news(
    "Soldaterne skal hjem fra Afghanistan, siger statsminister Mette Frederiksen (S).\n\n"
    "Frederiksen tilføjer, at beslutningen er svær.",
    [
        (
            "Soldaterne skal hjem fra Afghanistan",
            "statsminister Mette Frederiksen (S)",
            "person",
            "f",
            "statsminister",
        ),
        ("beslutningen er svær", "Frederiksen", "person", None, None, "indirect"),
    ],
    outlet="dr.dk",
    date="2021-06-14",
    places=("Afghanistan",),
)
FREDERIKSEN_2 = news(
    "– Vi står sammen med vores allierede, siger Frederiksen.\n\nritzau",
    [("Vi står sammen med vores allierede", "Frederiksen", "person", None, None)],
    outlet="politiken.dk",
    date="2021-08",
    bylines=("ritzau",),
)
ANONYMOUS = news(
    "Tilbagetrækningen var kaotisk, siger en kilde med kendskab til sagen. "
    "Soldaten blev evakueret, oplyser forsvaret.",
    [
        (
            "Tilbagetrækningen var kaotisk",
            "en kilde med kendskab til sagen",
            "anonymous",
            None,
            None,
        ),
        ("Soldaten blev evakueret", "Forsvaret", "organization", None, None, "indirect"),
    ],
    outlet="politiken.dk",
    date="2021-08-20",
    bylines=("Reuters",),
)
ANONYMOUS_ELSEWHERE = news(
    "Evakueringen fortsætter, siger en kilde med kendskab til sagen.",
    [("Evakueringen fortsætter", "en kilde med kendskab til sagen", "anonymous", None, None)],
    outlet="dr.dk",
    date="2021-09",
)
MINISTER = news(
    "Forsvarsminister Morten Bødskov siger, at soldaterne har gjort det godt. "
    "Jakob Ellemann-Jensen er enig: – Det er en ære.",
    [
        (
            "soldaterne har gjort det godt",
            "forsvarsminister Morten Bødskov",
            "person",
            "m",
            "forsvarsminister",
            "indirect",
        ),
        ("Det er en ære", "Jakob Ellemann-Jensen", "person", None, None),
    ],
    outlet="tv2.dk",
    date="2022-01-03",
)
CORPUS = [FREDERIKSEN_1, FREDERIKSEN_2, ANONYMOUS, ANONYMOUS_ELSEWHERE, MINISTER]


@pytest.fixture
def filled(archive) -> Archive:
    for analysis in CORPUS:
        assert archive.add(analysis)
    return archive


def texts(page) -> list[str]:
    return [hit.text for hit in page.items]


# -- storing --------------------------------------------------------------------------------


def test_storing_the_same_article_again_changes_nothing(filled):
    before = filled.counts()
    assert [filled.add(a) for a in CORPUS] == [False] * len(CORPUS)
    assert filled.counts() == before
    assert before == {"articles": 5, "quotes": 8, "speakers": 6, "entities": 1, "ingest_errors": 0}


def test_a_stored_article_comes_back_exactly(filled):
    stored = filled.article(FREDERIKSEN_1.id)
    assert stored.analysis == FREDERIKSEN_1
    assert stored.speaker_ids[0] == stored.speaker_ids[1] is not None
    as_json = stored.to_dict()
    assert as_json["quotes"][0]["speaker"]["id"] == stored.speaker_ids[0]
    assert filled.article("no-such-id") is None


def test_an_article_is_stored_whole_or_not_at_all(archive, monkeypatch):
    def fail_after_the_quotes_are_written(db, quotes):
        assert db.scalar("SELECT COUNT(*) FROM quotes") == len(quotes) == 2
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(archive.db.dialect, "index_quotes", fail_after_the_quotes_are_written)
    with pytest.raises(RuntimeError):
        archive.add(FREDERIKSEN_1)
    assert archive.counts() == {
        "articles": 0,
        "quotes": 0,
        "speakers": 0,
        "entities": 0,
        "ingest_errors": 0,
    }
    monkeypatch.undo()
    assert archive.add(FREDERIKSEN_1)
    assert archive.counts()["quotes"] == 2


def test_wire_copy_is_recognised_from_bylines(filled):
    wire = {a.id: a.wire for a in filled.articles(limit=10).items}
    assert wire[FREDERIKSEN_2.id] and wire[ANONYMOUS.id]
    assert not wire[FREDERIKSEN_1.id] and not wire[MINISTER.id]


def crowded_article(quotes: int) -> Analysis:
    """An article quoting `quotes` people (new and known, full names and bare surnames)."""
    names = ["Mette Frederiksen", "Frederiksen", "Morten Bødskov", "Anne Holm", "Holm"]
    parts = [f"Udtalelse nummer {i} om sagen, siger {names[i % 5]}." for i in range(quotes)]
    text = " ".join(parts)
    article = news(
        text,
        [
            (f"Udtalelse nummer {i} om sagen", names[i % 5], "person", "fm"[i % 2], "minister")
            for i in range(quotes)
        ],
        date="2023-02-01",
    )
    from kilde.article import Place

    start = text.index("sagen")
    place = Place(text="sagen", start=start, end=start + 5, name="Aarhus", kind="city")
    for quote in article.quotes[::3]:
        quote.places = [place]
    return article


def test_storing_an_article_takes_a_few_round_trips_however_many_quotes_it_has(filled):
    calls: list[str] = []
    execute, executemany = filled.db.execute, filled.db.executemany

    def counted_execute(statement, params=()):
        calls.append(statement)
        return execute(statement, params)

    def counted_executemany(statement, rows):
        calls.append(statement)  # one round trip: psycopg pipelines the rows
        return executemany(statement, rows)

    filled.db.execute, filled.db.executemany = counted_execute, counted_executemany
    assert filled.add(crowded_article(40))
    assert 10 <= len(calls) <= 20, calls  # one statement per quote would be hundreds
    assert filled.counts()["quotes"] == 8 + 40


@pytest.mark.skipif(not PG_URL, reason="KILDE_TEST_PG_URL not set")
def test_sqlite_and_postgresql_archives_hold_the_same_rows(tmp_path):
    tables = {
        "articles": "id",
        "speakers": "id",
        "speaker_aliases": "speaker_id, alias",
        "speaker_roles": "speaker_id, role",
        "quotes": "id",
        "entities": "id",
        "quote_places": "quote_id, place_key",
    }

    def rows(archive: Archive) -> dict[str, list[dict]]:
        found = {t: archive.db.all(f"SELECT * FROM {t} ORDER BY {o}") for t, o in tables.items()}
        for row in found["articles"] + found["quotes"]:
            row.pop("ingested_at", None)
            row.pop("search", None)  # PostgreSQL's full-text column
        return found

    corpus = [FREDERIKSEN_2, *CORPUS, crowded_article(12), crowded_article(7)]
    with (
        postgres_target() as target,
        Archive.open(target) as pg,
        Archive.open(tmp_path / "archive.db") as lite,
    ):
        for analysis in corpus:
            assert pg.add(analysis) == lite.add(analysis)
        assert rows(pg) == rows(lite)
        assert rows(pg)["quote_places"]


# -- speakers -------------------------------------------------------------------------------


def test_titles_party_letters_and_surnames_name_one_speaker(filled):
    frederiksen = filled.speakers(name="Frederiksen").items
    assert [s.name for s in frederiksen] == ["Mette Frederiksen"]
    speaker = filled.speaker(frederiksen[0].id)
    assert speaker.quotes == 3 and speaker.articles == 2
    assert speaker.gender == "f"
    assert speaker.roles == ["statsminister"]
    assert set(speaker.aliases) == {"statsminister Mette Frederiksen (S)", "Frederiksen"}
    assert speaker.outlets == {"dr.dk": 2, "politiken.dk": 1}


def test_anonymous_sources_are_not_merged_across_articles(filled):
    anonymous = filled.speakers(speaker_type="anonymous").items
    assert len(anonymous) == 2
    assert all(s.quotes == 1 for s in anonymous)
    assert filled.speakers().items[0].name == "Mette Frederiksen"  # anonymous left out by default
    assert all(s.type != "anonymous" for s in filled.speakers(limit=100).items)


def test_a_surname_shared_by_two_people_is_not_guessed(archive):
    archive.add(
        news("Vi skal spare, siger Mette Frederiksen.", [("Vi skal spare", "Mette Frederiksen")])
    )
    archive.add(
        news(
            "Skattelettelser nu, siger Claus Hjort Frederiksen.",
            [("Skattelettelser nu", "Claus Hjort Frederiksen")],
        )
    )
    archive.add(news("Nej tak, siger Frederiksen.", [("Nej tak", "Frederiksen")]))
    names = sorted(s.name for s in archive.speakers().items)
    assert names == ["Claus Hjort Frederiksen", "Frederiksen", "Mette Frederiksen"]


def speaker_table(archive: Archive) -> list[tuple]:
    """Who the archive knows, as (name, gender, quotes, articles, aliases), by name."""
    rows = []
    for summary in archive.speakers(limit=100, include_anonymous=True).items:
        speaker = archive.speaker(summary.id)
        rows.append(
            (speaker.name, speaker.gender, speaker.quotes, speaker.articles, set(speaker.aliases))
        )
    return sorted(rows, key=lambda row: (row[0], row[2]))


def test_a_surname_stored_before_the_full_name_joins_it_later(archive):
    assert archive.add(FREDERIKSEN_2)  # "Frederiksen" alone: no full name known yet
    (bare,) = archive.speakers().items
    assert (bare.name, bare.quotes) == ("Frederiksen", 1)
    assert archive.add(FREDERIKSEN_1)  # "statsminister Mette Frederiksen (S)" arrives
    (merged,) = archive.speakers(name="Frederiksen").items
    assert (merged.name, merged.quotes, merged.articles) == ("Mette Frederiksen", 3, 2)
    assert archive.speaker(bare.id) is None
    # her gender, known from the later article, now counts for the earlier quote too
    assert sorted(texts(archive.search(gender="f"))) == [
        "Soldaterne skal hjem fra Afghanistan",
        "Vi står sammen med vores allierede",
        "beslutningen er svær",
    ]
    hit = archive.search(speaker="Mette Frederiksen", outlet="politiken.dk").items[0]
    assert (hit.speaker, hit.speaker_as_written) == ("Mette Frederiksen", "Frederiksen")
    assert archive.add(news("Nej tak, siger Frederiksen.", [("Nej tak", "Frederiksen")]))
    assert [s.name for s in archive.speakers().items] == ["Mette Frederiksen"]


def test_speakers_do_not_depend_on_the_order_of_ingest(archive_target, tmp_path):
    with Archive.open(archive_target) as forward:
        for analysis in CORPUS:
            forward.add(analysis)
        expected = speaker_table(forward)
    with Archive.open(tmp_path / "reversed.db") as backward:
        for analysis in reversed(CORPUS):
            backward.add(analysis)
        assert speaker_table(backward) == expected
        assert backward.counts()["speakers"] == 6


def test_a_surname_stored_first_is_not_merged_when_it_could_be_two_people(archive):
    archive.add(news("Nej tak, siger Frederiksen.", [("Nej tak", "Frederiksen")]))
    archive.add(
        news(
            "Vi skal spare, siger Mette Frederiksen. Skattelettelser nu, siger Claus Hjort "
            "Frederiksen.",
            [
                ("Vi skal spare", "Mette Frederiksen"),
                ("Skattelettelser nu", "Claus Hjort Frederiksen"),
            ],
        )
    )
    names = sorted(s.name for s in archive.speakers().items)
    assert names == ["Claus Hjort Frederiksen", "Frederiksen", "Mette Frederiksen"]


def test_a_surname_stored_first_is_not_merged_when_the_genders_disagree(archive):
    archive.add(news("Nej tak, siger han, Holm.", [("Nej tak", "Holm", "person", "m")]))
    archive.add(news("Ja tak, siger hun, Anne Holm.", [("Ja tak", "Anne Holm", "person", "f")]))
    genders = sorted((s.name, s.gender) for s in archive.speakers().items)
    assert genders == [("Anne Holm", "f"), ("Holm", "m")]


def test_gender_evidence_found_later_counts_for_earlier_quotes_too(archive):
    archive.add(news("Vi venter, siger Sofie Lund.", [("Vi venter", "Sofie Lund")]))
    assert texts(archive.search(gender="unknown")) == ["Vi venter"]
    archive.add(
        news("Nu sker det, siger hun, Sofie Lund.", [("Nu sker det", "Sofie Lund", "person", "f")])
    )
    assert sorted(texts(archive.search(gender="f"))) == ["Nu sker det", "Vi venter"]
    assert archive.search(gender="unknown").items == []
    (row,) = archive.stats()
    assert (row["women"], row["unknown_gender"]) == (2, 0)


def test_conflicting_gender_evidence_leaves_the_speaker_unknown(archive):
    archive.add(news("Ja, siger Kim Berg.", [("Ja", "Kim Berg", "person", "f")]))
    archive.add(news("Nej, siger Kim Berg.", [("Nej", "Kim Berg", "person", "m")]))
    (speaker,) = archive.speakers().items
    assert speaker.gender is None
    # each quote keeps the evidence found in its own article
    assert texts(archive.search(gender="f")) == ["Ja"]
    assert texts(archive.search(gender="m")) == ["Nej"]


def test_speakers_are_listed_most_quoted_first_with_paging(filled):
    first = filled.speakers(limit=1)
    assert [s.name for s in first.items] == ["Mette Frederiksen"] and first.has_more
    second = filled.speakers(limit=1, offset=1)
    assert second.items[0].name != "Mette Frederiksen"
    assert filled.speakers(gender="m").items[0].name == "Morten Bødskov"
    assert filled.speaker(999_999) is None


# -- search ---------------------------------------------------------------------------------


def test_search_understands_danish_word_forms(filled):
    assert texts(filled.search("soldat")) == [
        "soldaterne har gjort det godt",
        "Soldaten blev evakueret",
        "Soldaterne skal hjem fra Afghanistan",
    ]
    assert texts(filled.search("tilbagetrækning")) == ["Tilbagetrækningen var kaotisk"]
    assert texts(filled.search("soldaterne afghanistan")) == [
        "Soldaterne skal hjem fra Afghanistan"
    ]
    assert texts(filled.search("ubåd")) == []


def test_search_treats_odd_input_as_words(filled):
    for query in ['"soldat', "soldat OR", "'; DROP TABLE quotes; --", "NEAR(", "*", "%_"]:
        filled.search(query)
    assert filled.counts()["quotes"] == 8


def test_search_filters(filled):
    assert len(filled.search(speaker="Frederiksen").items) == 3
    # a name as once written (an alias) finds the speaker, so all her quotes
    assert len(filled.search(speaker="statsminister mette").items) == 3
    assert texts(filled.search(speaker_type="anonymous")) == [
        "Evakueringen fortsætter",
        "Tilbagetrækningen var kaotisk",
    ]
    assert len(filled.search(gender="f").items) == 3  # the speaker's gender, known from one quote
    assert texts(filled.search(gender="m")) == ["soldaterne har gjort det godt"]
    assert len(filled.search(gender="unknown").items) == 4
    assert {h.outlet for h in filled.search(outlet="politiken.dk").items} == {"politiken.dk"}
    assert len(filled.search(date_from="2021-08", date_to="2021-08").items) == 3
    assert len(filled.search(date_from="2021-06-14", date_to="2021-06-14").items) == 2
    assert len(filled.search(date_to="2021").items) == 6
    assert texts(filled.search("soldat", place="Afghanistan")) == [
        "Soldaterne skal hjem fra Afghanistan"
    ]
    hit = filled.search("soldat", speaker="Frederiksen").items[0]
    assert (hit.speaker, hit.speaker_as_written, hit.gender) == (
        "Mette Frederiksen",
        "statsminister Mette Frederiksen (S)",
        "f",
    )
    assert (hit.outlet, hit.date, hit.article_id) == ("dr.dk", "2021-06-14", FREDERIKSEN_1.id)


def test_search_pages_newest_first(filled):
    page = filled.search(limit=3, with_total=True)
    assert page.total == 8 and page.has_more
    assert [h.date for h in page.items] == ["2022-01-03", "2022-01-03", "2021-09"]
    rest = filled.search(limit=10, offset=3)
    assert len(rest.items) == 5 and not rest.has_more


def test_newest_first_puts_undated_quotes_last_whatever_the_ingest_order(archive):
    undated = news("Uden dato, siger Ida Holm.", [("Uden dato", "Ida Holm")], date=None)
    old = news("Gammelt nyt, siger Ida Holm.", [("Gammelt nyt", "Ida Holm")], date="1999")
    month = news("Juni-nyt, siger Ida Holm.", [("Juni-nyt", "Ida Holm")], date="2021-06")
    day = news("Dagens nyt, siger Ida Holm.", [("Dagens nyt", "Ida Holm")], date="2021-06-01")
    for analysis in (undated, day, old, month):
        archive.add(analysis)
    assert texts(archive.search()) == ["Dagens nyt", "Juni-nyt", "Gammelt nyt", "Uden dato"]
    assert texts(archive.search(limit=2, offset=1)) == ["Juni-nyt", "Gammelt nyt"]


def test_bad_filter_values_are_refused(filled):
    for bad in (
        {"gender": "x"},
        {"date_from": "juni"},
        {"date_to": "2021-13"},
        {"speaker_type": "ghost"},
    ):
        with pytest.raises(ValueError):
            filled.search(**bad)
    with pytest.raises(ValueError):
        filled.search(limit=0)


# -- statistics -----------------------------------------------------------------------------


def test_stats_by_outlet_keep_unknown_gender_unknown(filled):
    rows = {row["outlet"]: row for row in filled.stats(by="outlet")}
    dr = rows["dr.dk"]
    assert (dr["articles"], dr["quotes"], dr["speakers"]) == (2, 3, 1)
    # two quotes by Mette Frederiksen (one of them without a pronoun: her gender is known
    # from the archive), one anonymous: unknown stays unknown
    assert (dr["women"], dr["men"], dr["unknown_gender"]) == (2, 0, 1)
    assert dr["women_share"] == pytest.approx(2 / 3, abs=1e-4)
    assert dr["unknown_gender_share"] == pytest.approx(1 / 3, abs=1e-4)
    assert dr["anonymous_share"] == pytest.approx(1 / 3, abs=1e-4)
    assert dr["wire_share"] == 0.0
    politiken = rows["politiken.dk"]
    assert politiken["wire_share"] == 1.0
    assert politiken["top_women"] == [
        {"id": politiken["top_women"][0]["id"], "name": "Mette Frederiksen", "quotes": 1}
    ]
    tv2 = rows["tv2.dk"]
    assert (tv2["men"], tv2["unknown_gender"]) == (1, 1)  # Ellemann-Jensen: no evidence
    assert [s["name"] for s in tv2["top_men"]] == ["Morten Bødskov"]


def test_stats_by_outlet_and_month_and_overall(filled):
    rows = filled.stats(by=("outlet", "month"))
    keys = [(r["outlet"], r["month"]) for r in rows]
    assert keys == [
        ("dr.dk", "2021-06"),
        ("dr.dk", "2021-09"),
        ("politiken.dk", "2021-08"),
        ("tv2.dk", "2022-01"),
    ]
    (overall,) = filled.stats()
    assert (overall["articles"], overall["quotes"], overall["wire_articles"]) == (5, 8, 2)
    assert overall["women"] + overall["men"] + overall["unknown_gender"] == overall["quotes"]
    (only_2021,) = filled.stats(date_from="2021", date_to="2021")
    assert only_2021["articles"] == 4
    with pytest.raises(ValueError):
        filled.stats(by="section")


def test_stats_of_one_speaker_count_their_quotes_and_the_articles_they_are_in(filled):
    frederiksen = filled.speakers(limit=1).items[0]
    assert frederiksen.name == "Mette Frederiksen"
    (overall,) = filled.stats()
    (hers,) = filled.stats(speaker_id=frederiksen.id)
    assert (overall["articles"], overall["quotes"]) == (5, 8)
    assert (hers["articles"], hers["quotes"], hers["speakers"]) == (2, 3, 1)
    assert (hers["women"], hers["men"], hers["anonymous"], hers["wire_articles"]) == (3, 0, 0, 1)
    assert hers["words"] < overall["words"]
    assert [name["name"] for name in hers["top_women"]] == ["Mette Frederiksen"]
    assert hers["top_men"] == []
    months = filled.stats(by="month", speaker_id=frederiksen.id)
    assert [(r["month"], r["articles"], r["quotes"]) for r in months] == [
        ("2021-06", 1, 2),
        ("2021-08", 1, 1),
    ]
    (in_politiken,) = filled.stats(outlet="politiken.dk", speaker_id=frederiksen.id)
    assert (in_politiken["articles"], in_politiken["quotes"]) == (1, 1)
    (nobody,) = filled.stats(speaker_id=999_999)
    assert (nobody["articles"], nobody["quotes"]) == (0, 0)
    assert filled.stats(by="month", speaker_id=999_999) == []


def test_stats_of_an_empty_archive(archive):
    assert archive.stats(by="outlet") == []
    (overall,) = archive.stats() or [{"articles": 0}]
    assert overall["articles"] == 0


# -- migrations -----------------------------------------------------------------------------


def test_an_old_archive_is_upgraded_with_a_message(archive_target):
    from kilde.store.archive import dialect_for
    from kilde.store.database import Database

    db = Database(dialect_for(archive_target), archive_target)
    migrate(db, target=1)
    db.execute(
        "INSERT INTO articles (id, path, url, outlet, title, date, bylines, language, text, "
        "warnings, word_count, analysis, ingested_at) "
        "VALUES (?, NULL, NULL, 'dr.dk', NULL, '2020-01', ?, 'da', "
        "?, '[]', 2, ?, '2020-01-01T00:00:00+00:00')",
        ("old1", '["ritzau"]', "Gammel tekst", '{"id": "old1", "bylines": ["ritzau"]}'),
    )
    db.close()
    messages: list[str] = []
    with Archive.open(archive_target, notify=messages.append) as upgraded:
        assert upgraded.articles().items[0].wire  # filled in by the upgrade
        assert upgraded.article("old1").analysis.text == "Gammel tekst"
    assert len(messages) == 1
    assert f"from schema version 1 to {LATEST_VERSION}" in messages[0]
    messages.clear()
    Archive.open(archive_target, notify=messages.append).close()
    assert messages == []  # already current: nothing to say


def test_an_archive_from_a_newer_kilde_is_refused(archive_target):
    Archive.open(archive_target).close()
    from kilde.store.archive import dialect_for
    from kilde.store.database import Database

    db = Database(dialect_for(archive_target), archive_target)
    db.execute(
        "INSERT INTO schema_version (version, applied_at) VALUES (?, 'later')",
        (LATEST_VERSION + 1,),
    )
    db.close()
    with pytest.raises(ArchiveVersionError, match="newer kilde"):
        Archive.open(archive_target)


def test_sqlite_archive_is_one_file_in_wal_mode(tmp_path):
    path = tmp_path / "sub" / "kilde.db"
    Archive.open(path).close()
    assert path.exists()
    assert sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_default_archive_comes_from_kilde_db(tmp_path, monkeypatch):
    monkeypatch.setenv("KILDE_DB", str(tmp_path / "env.db"))
    with Archive.open() as opened:
        assert opened.backend == "sqlite"
    assert (tmp_path / "env.db").exists()


def test_search_by_place_finds_quotes_that_mention_it_by_name_or_country(archive):
    from kilde.article import Place

    text = "Vi forlader Kabuls lufthavn i morgen, siger general Ole Berg.\n\nDet regner i Aarhus."
    article = news(text, [("Vi forlader Kabuls lufthavn i morgen", "general Ole Berg")])
    start = text.index("Kabuls")
    kabul = Place(
        text="Kabuls",
        start=start,
        end=start + 6,
        name="Kabul",
        kind="city",
        country="AF",
        geonames_id=1138958,
    )
    article.quotes[0].places = [kabul]
    article.places = [kabul]
    archive.add(article)
    archive.add(FREDERIKSEN_1)  # Afghanistan only as a LOC entity of its article
    for place in ("Kabul", "kabuls", "AF"):
        assert texts(archive.search(place=place)) == ["Vi forlader Kabuls lufthavn i morgen"]
    assert sorted(texts(archive.search(place="Afghanistan"))) == [
        "Soldaterne skal hjem fra Afghanistan",  # the article names Afghanistan
        "Vi forlader Kabuls lufthavn i morgen",  # Kabul lies in Afghanistan
        "beslutningen er svær",
    ]
    assert texts(archive.search(place="Aarhus")) == []
