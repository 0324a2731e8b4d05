"""Time expressions: one small Danish sentence per construction, resolved against a date."""

from __future__ import annotations

import datetime as dt

import pytest

from kilde.facts.dates import find_time_expressions
from kilde.facts.reference import parse_reference

WEDNESDAY = parse_reference("2021-06-30")


def only(sentence: str, reference: str | None = "2021-06-30") -> dict:
    found = find_time_expressions(sentence, parse_reference(reference))
    assert len(found) == 1, found
    fact = found[0]
    assert sentence[fact["start"] : fact["end"]] == fact["text"]
    return fact


@pytest.mark.parametrize(
    ("sentence", "text", "value", "part_of_day"),
    [
        ("Angrebet fandt sted sent tirsdag.", "sent tirsdag", "2021-06-29", "evening"),
        ("Han landede tirsdag aften.", "tirsdag aften", "2021-06-29", "evening"),
        ("Hun blev anholdt mandag morgen.", "mandag morgen", "2021-06-28", "morning"),
        ("Det skete tidligt lørdag.", "tidligt lørdag", "2021-06-26", "morning"),
        ("Uroen begyndte natten til søndag.", "natten til søndag", "2021-06-27", "night"),
        ("Mødet blev holdt i tirsdags.", "i tirsdags", "2021-06-29", None),
        ("Hun rejste sidste fredag.", "sidste fredag", "2021-06-25", None),
        ("Forhandlingerne fortsætter på fredag.", "på fredag", "2021-07-02", None),
        ("Han vendte hjem onsdag.", "onsdag", "2021-06-30", None),
        ("Valget blev udskrevet i går.", "i går", "2021-06-29", None),
        ("Det oplyste politiet i dag.", "i dag", "2021-06-30", None),
        ("Dommen falder i morgen.", "i morgen", "2021-07-01", None),
        ("Han talte med pressen i aftes.", "i aftes", "2021-06-29", "evening"),
        ("Ulykken skete i morges.", "i morges", "2021-06-30", "morning"),
        ("Regeringen præsenterer planen her til aften.", "her til aften", "2021-06-30", "evening"),
        ("Aftalen kom i går eftermiddag.", "i går eftermiddag", "2021-06-29", "afternoon"),
        ("Flyet lander i morgen tidlig.", "i morgen tidlig", "2021-07-01", "morning"),
    ],
)
def test_days_relative_to_the_article_date(sentence, text, value, part_of_day):
    fact = only(sentence)
    assert (fact["text"], fact["value"], fact["part_of_day"]) == (text, value, part_of_day)
    assert fact["kind"] == "date" and fact["granularity"] == "day" and fact["relative"]


@pytest.mark.parametrize(
    ("sentence", "text", "value", "granularity"),
    [
        ("Regeringen fremlægger planen i november.", "november", "2021-11", "month"),
        ("Ledigheden steg sidste måned.", "sidste måned", "2021-05", "month"),
        ("Loven træder i kraft næste måned.", "næste måned", "2021-07", "month"),
        ("Sagen blev anlagt i marts 2019.", "marts 2019", "2019-03", "month"),
        ("Aftalen blev indgået i december sidste år.", "december sidste år", "2020-12", "month"),
        ("Skatten stiger i år.", "i år", "2021", "year"),
        ("Overskuddet faldt i fjor.", "i fjor", "2020", "year"),
        ("Den nye lov blev vedtaget i 2019.", "2019", "2019", "year"),
        ("Der kommer et udspil i næste uge.", "i næste uge", "2021-W27", "week"),
        ("Det skete i weekenden.", "i weekenden", "2021-W25-WE", "weekend"),
        ("Musikken var populær i 1980'erne.", "1980'erne", "198", "decade"),
        ("Festivalen aflyses i sommer.", "i sommer", "2021-SU", "season"),
    ],
)
def test_months_years_weeks(sentence, text, value, granularity):
    fact = only(sentence)
    assert (fact["text"], fact["value"], fact["granularity"]) == (text, value, granularity)


@pytest.mark.parametrize(
    ("sentence", "text", "value"),
    [
        ("Aftalen blev underskrevet den 2. juli 2021.", "den 2. juli 2021", "2021-07-02"),
        ("Mødet finder sted 2. juli.", "2. juli", "2021-07-02"),
        ("Han blev født 14. februar 1967.", "14. februar 1967", "1967-02-14"),
        ("Tallene kom den 2.7.2021.", "2.7.2021", "2021-07-02"),
        ("Fristen er 2021-08-01.", "2021-08-01", "2021-08-01"),
        ("Indsatsen begyndte tirsdag klokken 14.", "tirsdag klokken 14", "2021-06-29T14:00"),
        ("Sagen blev afgjort 2/7-21.", "2/7-21", "2021-07-02"),
    ],
)
def test_calendar_dates(sentence, text, value):
    fact = only(sentence)
    assert (fact["text"], fact["value"]) == (text, value)


@pytest.mark.parametrize(
    ("sentence", "text", "value", "approximate"),
    [
        ("Det skete for to uger siden.", "for to uger siden", "2021-06-16", True),
        ("Hun flyttede for tre dage siden.", "for tre dage siden", "2021-06-27", False),
        ("Firmaet gik konkurs for fem år siden.", "for fem år siden", "2016", False),
        (
            "Reglerne blev ændret for seks måneder siden.",
            "for seks måneder siden",
            "2020-12",
            False,
        ),
        ("Resultatet kommer om to uger.", "om to uger", "2021-07-14", True),
    ],
)
def test_ago_and_from_now(sentence, text, value, approximate):
    fact = only(sentence)
    assert (fact["text"], fact["value"], fact["approximate"]) == (text, value, approximate)


@pytest.mark.parametrize(
    ("sentence", "text", "value", "approximate"),
    [
        ("Tyskland har haft soldater i landet i næsten 20 år.", "næsten 20 år", "P20Y", True),
        ("Han sad fængslet i syv år.", "syv år", "P7Y", False),
        ("Operationen tog fire timer.", "fire timer", "PT4H", False),
        ("Hun har arbejdet der i halvandet år.", "halvandet år", "P18M", False),
        ("Mødet varede en halv time.", "en halv time", "PT30M", False),
        ("Konflikten har stået på i flere år.", "flere år", "PXY", True),
        ("Retssagen har kørt i fireogtyve dage.", "fireogtyve dage", "P24D", False),
        ("Krigen har varet i over et årti.", "over et årti", "P10Y", True),
    ],
)
def test_durations_are_not_dates(sentence, text, value, approximate):
    fact = only(sentence)
    assert fact["kind"] == "duration" and fact["granularity"] == "duration"
    assert (fact["text"], fact["value"], fact["approximate"]) == (text, value, approximate)


def test_clock_time_alone():
    fact = only("Pressemødet holdes klokken 16.30.")
    assert (fact["kind"], fact["value"]) == ("time", "T16:30")


@pytest.mark.parametrize(
    "sentence",
    [
        "Han er 34 år gammel.",  # an age, not a duration
        "Kommunen bygger i 2000 boliger.",  # a count, not a year
        "Der er træning hver tirsdag.",  # habitual, not a date
        "En dag vil det lykkes.",  # not a duration
        "August Rasmussen talte.",  # a first name, not a month
    ],
)
def test_not_time_expressions(sentence):
    assert find_time_expressions(sentence, WEDNESDAY) == []


def test_month_only_reference_gives_the_month_with_lower_confidence():
    fact = only("Angrebet fandt sted sent tirsdag.", reference="2021-06")
    assert (fact["value"], fact["granularity"]) == ("2021-06", "month")
    assert fact["part_of_day"] == "evening"
    assert fact["confidence"] == 0.5
    assert only("Ledigheden steg sidste måned.", reference="2021-06")["value"] == "2021-05"


def test_without_reference_relative_expressions_are_unresolved():
    fact = only("Det skete i går.", reference=None)
    assert fact["value"] is None and fact["confidence"] == 0.0
    assert only("Aftalen blev underskrevet 2. juli 2021.", reference=None)["value"] == "2021-07-02"


def test_past_tense_puts_a_later_month_in_last_year():
    text = "Loven trådte i kraft i november."
    monday = parse_reference(dt.date(2022, 3, 14))
    assert find_time_expressions(text, monday)[0]["value"] == "2022-11"
    past = find_time_expressions(text, monday, tense=lambda offset: "past")
    assert past[0]["value"] == "2021-11"


def test_present_tense_sends_a_bare_weekday_ahead():
    text = "Kampen spilles lørdag."
    assert find_time_expressions(text, WEDNESDAY)[0]["value"] == "2021-06-26"
    ahead = find_time_expressions(text, WEDNESDAY, tense=lambda offset: "present")
    assert ahead[0]["value"] == "2021-07-03"


def test_reference_parsing():
    assert parse_reference("2021-06-30").precision == "day"
    assert parse_reference("2021-06").precision == "month"
    assert parse_reference("juni") is None
    assert parse_reference(dt.datetime(2021, 6, 30, 12)).day == dt.date(2021, 6, 30)


def _parsed(words, pos, morphs, heads, deps):
    import spacy
    from spacy.tokens import Doc

    import kilde.facts  # noqa: F401  (Doc extensions)

    return Doc(spacy.blank("da").vocab, words=words, pos=pos, morphs=morphs, heads=heads,
               deps=deps)  # fmt: skip


def test_tense_comes_from_the_verb_the_expression_belongs_to():
    from kilde.facts import DateFinder

    past = "Mood=Ind|Tense=Past|VerbForm=Fin|Voice=Act"
    present = "Mood=Ind|Tense=Pres|VerbForm=Fin|Voice=Act"
    # `Han blev valgt i december .` — the participle hangs below the past auxiliary.
    doc = _parsed(["Han", "blev", "valgt", "i", "december", "."],
                  ["PRON", "AUX", "VERB", "ADP", "NOUN", "PUNCT"],
                  ["", past, "Tense=Past|VerbForm=Part", "", "", ""],
                  [1, 1, 1, 2, 3, 1],
                  ["nsubj", "ROOT", "vobj", "mod", "nobj", "punct"])  # fmt: skip
    doc._.reference_date = "2024-02-09"
    assert DateFinder()(doc)._.dates[0]["value"] == "2023-12"
    # `De sagde , at festen i december er aflyst .` — december belongs to the present clause.
    doc = _parsed(["De", "sagde", ",", "at", "festen", "i", "december", "er", "aflyst", "."],
                  ["PRON", "VERB", "PUNCT", "SCONJ", "NOUN", "ADP", "NOUN", "AUX", "VERB",
                   "PUNCT"],
                  ["", past, "", "", "", "", "", present, "Tense=Past|VerbForm=Part", ""],
                  [1, 1, 1, 8, 8, 4, 5, 8, 1, 1],
                  ["nsubj", "ROOT", "punct", "mark", "nsubj", "nmod", "nobj", "aux", "ccomp",
                   "punct"])  # fmt: skip
    doc._.reference_date = "2024-02-09"
    assert DateFinder()(doc)._.dates[0]["value"] == "2024-12"
