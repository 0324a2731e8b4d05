"""The bundled seed article (written for kilde) through the full pipeline: facts end to end."""

from __future__ import annotations

import datetime as dt
import warnings
from importlib import resources

import pytest
import spacy

from kilde.article import Analysis, Article
from kilde.pipeline import analyze


@pytest.fixture(scope="module")
def seed_text() -> str:
    return resources.files("kilde").joinpath("examples/seed.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def seed(seed_text) -> Analysis:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return analyze(seed_text)


@pytest.fixture(scope="module")
def facts_only_pipeline():
    nlp = spacy.blank("da")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("kilde_facts")
    return nlp


def test_seed_dates(seed):
    assert seed.date == "2021-06-30"
    by_text = {d.text: d for d in seed.dates}
    sent_tirsdag = by_text["sent tirsdag"]
    assert (sent_tirsdag.value, sent_tirsdag.granularity, sent_tirsdag.part_of_day) == (
        "2021-06-29", "day", "evening"
    )  # fmt: skip
    twenty_years = by_text["næsten 20 år"]
    assert (twenty_years.kind, twenty_years.value, twenty_years.approximate) == (
        "duration", "P20Y", True
    )  # fmt: skip
    assert by_text["for to uger siden"].value == "2021-06-16"
    assert by_text["den 11. september 2021"].value == "2021-09-11"


def test_seed_amounts(seed):
    soldiers = {(a.value, a.noun, a.nationality) for a in seed.amounts if a.kind == "count"}
    assert (650, "soldat", "US") in soldiers
    assert (1250, "soldat", "DE") in soldiers
    vague = [a for a in seed.amounts if a.text == "hundredvis af andre"]
    assert vague and vague[0].vague and vague[0].min_value == 100
    assert any(a.kind == "percent" and a.value == 90 for a in seed.amounts)


def test_seed_places_with_coordinates(seed):
    places = {p.name: p for p in seed.places if p.kind != "demonym"}
    for name, country in (("Kabul", "AF"), ("Parwan", "AF"), ("Afghanistan", "AF")):
        assert places[name].country == country
        assert places[name].lat is not None and places[name].lon is not None
    assert places["Kabul"].geonames_id == 1138958
    assert places["Afghanistan"].geonames_id == 1149361
    assert all(p.name != "Det" for p in seed.places)


def test_offsets_always_point_at_the_text(seed):
    for fact in [*seed.dates, *seed.amounts, *seed.places]:
        assert seed.text[fact.start : fact.end] == fact.text


def test_quotes_carry_the_facts_inside_them(seed):
    for quote in seed.quotes:
        inside = [p for p in seed.places if quote.start <= p.start and p.end <= quote.end]
        assert quote.places == inside
        assert all(quote.start <= d.start and d.end <= quote.end for d in quote.dates)
    about_kabul = [q for q in seed.quotes if "Kabul" in q.text]
    assert all(any(p.name == "Kabul" for p in q.places) for q in about_kabul)


def test_json_round_trip_keeps_the_facts(seed):
    again = Analysis.model_validate_json(seed.to_json())
    assert again.dates == seed.dates and again.places == seed.places
    assert again.amounts == seed.amounts


def test_same_facts_without_the_trained_model(seed_text, facts_only_pipeline):
    analysis = analyze(seed_text, nlp=facts_only_pipeline)
    assert {"sent tirsdag", "næsten 20 år"} <= {d.text for d in analysis.dates}
    assert {"Kabul", "Parwan", "Afghanistan"} <= {p.name for p in analysis.places}
    assert {650, 1250} <= {a.value for a in analysis.amounts}


def test_a_given_reference_date_overrides_the_article_date(facts_only_pipeline):
    article = Article(text="Angrebet skete sent tirsdag.", date="2021-06")
    month_only = analyze(article, nlp=facts_only_pipeline)
    assert month_only.dates[0].value == "2021-06" and month_only.dates[0].confidence == 0.5
    given = analyze(article, nlp=facts_only_pipeline, reference_date=dt.date(2021, 6, 30))
    assert given.dates[0].value == "2021-06-29"
    as_text = analyze(article, nlp=facts_only_pipeline, reference_date="2021-06-30")
    assert as_text.dates[0].value == "2021-06-29"


def test_components_are_registered_by_name():
    nlp = spacy.blank("da")
    for name in ("kilde_dates", "kilde_amounts", "kilde_places"):
        nlp.add_pipe(name)
    doc = nlp.make_doc("Omkring 650 amerikanske soldater landede i går i Kabul.")
    doc._.article_date = "2021-06-30"
    doc = nlp(doc)
    assert [d["value"] for d in doc._.dates] == ["2021-06-29"]
    assert [a["value"] for a in doc._.amounts] == [650]
    assert [p["text"] for p in doc._.places if p["kind"] != "demonym"] == ["Kabul"]
