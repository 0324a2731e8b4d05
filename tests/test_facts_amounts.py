"""Amounts: counts with their noun, money, ages, percentages, vague quantities, number words."""

from __future__ import annotations

import pytest

from kilde.facts.amounts import find_amounts, lemma_heuristic
from kilde.facts.numbers import parse_number


def only(sentence: str) -> dict:
    found = find_amounts(sentence)
    assert len(found) == 1, found
    fact = found[0]
    assert sentence[fact["start"] : fact["end"]] == fact["text"]
    return fact


@pytest.mark.parametrize(
    ("sentence", "text", "value", "noun", "nationality"),
    [
        ("Omkring 650 amerikanske soldater bliver.", "Omkring 650 amerikanske soldater", 650,
         "soldat", "US"),
        ("Der var 1250 tyske soldater i landet.", "1250 tyske soldater", 1250, "soldat", "DE"),
        ("Fabrikken fyrer 1.200 ansatte.", "1.200 ansatte", 1200, "ansat", None),
        ("Der deltog fireogtyve elever.", "fireogtyve elever", 24, "elev", None),
        ("Politiet anholdt to hundrede og halvtreds demonstranter.",
         "to hundrede og halvtreds demonstranter", 250, "demonstrant", None),
        ("Ulykken kostede syv mennesker livet.", "syv mennesker", 7, "menneske", None),
        ("Der bor tre millioner danskere i byerne.", "tre millioner danskere", 3_000_000,
         "dansker", "DK"),
        ("Regeringen vil bygge 15.000 nye boliger.", "15.000 nye boliger", 15_000, "bolig", None),
        ("Han sendte 2000 ekstra soldater.", "2000 ekstra soldater", 2000, "soldat", None),
    ],
)  # fmt: skip
def test_counts_with_their_noun(sentence, text, value, noun, nationality):
    fact = only(sentence)
    assert fact["kind"] == "count"
    assert (fact["text"], fact["value"], fact["noun"], fact["nationality"]) == (
        text, value, noun, nationality
    )  # fmt: skip


def test_approximate_and_bounded_counts():
    fact = only("Mere end 300 civile er dræbt.")
    assert (fact["value"], fact["min_value"], fact["noun"], fact["approximate"]) == (
        300, 300, "civil", True
    )  # fmt: skip
    fact = only("Omkring 20-30 demonstranter samledes.")
    assert (fact["min_value"], fact["max_value"], fact["noun"]) == (20, 30, "demonstrant")


@pytest.mark.parametrize(
    ("sentence", "text", "least", "noun_text"),
    [
        ("Mens hundredvis af andre er flygtet.", "hundredvis af andre", 100, "andre"),
        ("Tusindvis af mennesker demonstrerede.", "Tusindvis af mennesker", 1000, "mennesker"),
        ("Flere hundrede beboere blev evakueret.", "Flere hundrede beboere", 200, "beboere"),
        ("Snesevis af huse brændte.", "Snesevis af huse", 20, "huse"),
    ],
)
def test_vague_quantities(sentence, text, least, noun_text):
    fact = only(sentence)
    assert fact["vague"] and fact["approximate"]
    assert (fact["text"], fact["value"], fact["min_value"], fact["noun_text"]) == (
        text, least, least, noun_text
    )  # fmt: skip


@pytest.mark.parametrize(
    ("sentence", "text", "value", "currency"),
    [
        ("Kommunen bruger 2,5 mio. kr. på projektet.", "2,5 mio. kr.", 2_500_000, "DKK"),
        ("Staten låner 50 milliarder kroner.", "50 milliarder kroner", 50_000_000_000, "DKK"),
        ("Aftalen er værd 3 mia. euro.", "3 mia. euro", 3_000_000_000, "EUR"),
        ("Firmaet tjente 12 millioner dollar.", "12 millioner dollar", 12_000_000, "USD"),
        ("Billetten koster 250 kr. for voksne.", "250 kr.", 250, "DKK"),
        ("Prisen er $ 40 i butikken.", "$ 40", 40, "USD"),
    ],
)
def test_money(sentence, text, value, currency):
    fact = only(sentence)
    assert (fact["kind"], fact["text"], fact["value"], fact["unit"]) == (
        "money", text, value, currency
    )  # fmt: skip


@pytest.mark.parametrize(
    ("sentence", "text", "value"),
    [
        ("Den 55-årige minister trækker sig.", "55-årige minister", 55),
        ("En 34-årig mand er anholdt.", "34-årig mand", 34),
        ("Den 19-årige blev dømt.", "19-årige", 19),
        ("Kvinden er 81 år gammel.", "81 år gammel", 81),
    ],
)
def test_ages(sentence, text, value):
    fact = only(sentence)
    assert (fact["kind"], fact["text"], fact["value"]) == ("age", text, value)


@pytest.mark.parametrize(
    ("sentence", "value", "unit"),
    [
        ("Ledigheden er 4,2 procent.", 4.2, "%"),
        ("Partiet fik 12 pct. af stemmerne.", 12, "%"),
        ("Over 90 procent er vaccineret.", 90, "%"),
        ("Renten stiger med 0,5 procentpoint.", 0.5, "procentpoint"),
        ("Andelen er 7 %.", 7, "%"),
    ],
)
def test_percentages(sentence, value, unit):
    fact = only(sentence)
    assert (fact["kind"], fact["value"], fact["unit"]) == ("percent", value, unit)


def test_a_span_of_time_is_a_duration_amount():
    fact = only("Han sad fængslet i syv år.")
    assert (fact["kind"], fact["value"], fact["unit"]) == ("duration", 7, "år")


@pytest.mark.parametrize(
    "sentence",
    [
        "Under 2. verdenskrig blev byen bombet.",  # an ordinal
        "Der kom en mand forbi.",  # `en` is an article
        "Huset blev bygget i 1885.",  # a bare number without a counted noun
    ],
)
def test_not_amounts(sentence):
    assert find_amounts(sentence) == []


def test_numbers_inside_dates_are_skipped_when_blocked():
    sentence = "Den 2. juli kom 20 betjente."
    assert [a["text"] for a in find_amounts(sentence, blocked=[(0, 11)])] == ["20 betjente"]


@pytest.mark.parametrize(
    ("text", "value"),
    [("syv", 7), ("fireogtyve", 24), ("to hundrede og halvtreds", 250), ("1.250", 1250),
     ("2,5", 2.5), ("halvandet", 1.5), ("tre millioner", 3_000_000), ("tusind", 1000)],
)  # fmt: skip
def test_danish_numbers(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize(
    ("plural", "singular"),
    [("soldater", "soldat"), ("minutter", "minut"), ("huse", "hus"), ("lærere", "lærer"),
     ("mænd", "mand"), ("år", "år")],
)  # fmt: skip
def test_lemma_heuristic(plural, singular):
    assert lemma_heuristic(plural) == singular
