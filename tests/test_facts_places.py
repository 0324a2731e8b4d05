"""Places: linked only when NER or context says they are places; countries, cities, regions."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc, Span

from kilde.facts.gazetteer import gazetteer
from kilde.facts.places import find_places


@pytest.fixture(scope="module")
def blank():
    return spacy.blank("da")


def places(nlp, sentence: str, ents: list[tuple[str, str]] = ()) -> list[dict]:
    doc = nlp(sentence)
    spans = []
    for text, label in ents:
        start = sentence.index(text)
        spans.append(doc.char_span(start, start + len(text), label=label))
    doc.ents = spans
    found = find_places(doc)
    for place in found:
        assert sentence[place["start"] : place["end"]] == place["text"]
    return found


def linked(found: list[dict]) -> list[tuple[str, str | None, str]]:
    return [(p["text"], p["country"], p["kind"]) for p in found]


@pytest.mark.parametrize(
    ("sentence", "text", "country", "geonames_id"),
    [
        ("Flyet lettede fra lufthavnen i Kabul.", "Kabul", "AF", 1138958),
        ("Topmødet holdes i Rom.", "Rom", "IT", 3169070),
        ("Hun bor i København.", "København", "DK", 2618425),
        ("Demonstranter samledes i Moskva.", "Moskva", "RU", 524901),
        ("Præsidenten landede i Washington.", "Washington", "US", 4140963),
        ("Han voksede op i Aarhus.", "Aarhus", "DK", 2624652),
        ("Angrebet skete i provinsen Ghazni.", "Ghazni", "AF", 1141269),
    ],
)
def test_cities_after_a_context_cue(blank, sentence, text, country, geonames_id):
    (place,) = places(blank, sentence)
    assert (place["text"], place["country"], place["kind"]) == (text, country, "city")
    assert place["geonames_id"] == geonames_id and place["lat"] and place["lon"]
    assert place["source"] == "context"


@pytest.mark.parametrize(
    ("sentence", "text", "country", "kind"),
    [
        ("Soldaterne forlod Afghanistan.", "Afghanistan", "AF", "country"),
        ("USA trækker tropperne hjem.", "USA", "US", "country"),
        ("Rusland afviser anklagerne.", "Rusland", "RU", "country"),
        ("Grønland får mere selvstyre.", "Grønland", "GL", "country"),
        ("Basen ligger i Parwan nord for hovedstaden.", "Parwan", "AF", "region"),
        ("Stormen ramte Bornholm.", "Bornholm", "DK", "region"),
        ("Afghanistans regering svarer.", "Afghanistans", "AF", "country"),
    ],
)
def test_countries_and_regions_from_kildes_tables(blank, sentence, text, country, kind):
    (place,) = places(blank, sentence)
    assert (place["text"], place["country"], place["kind"]) == (text, country, kind)
    assert place["lat"] is not None


def test_countries_carry_danish_names_and_geonames_ids(blank):
    (place,) = places(blank, "Ministeren rejser til Tyskland.")
    assert (place["name"], place["geonames_id"]) == ("Tyskland", 2921044)
    (place,) = places(blank, "Valget i Storbritannien blev udsat.")
    assert (place["name"], place["country"]) == ("Storbritannien", "GB")


def test_ner_places_are_linked_and_unknown_ones_kept_unlinked_after_a_locative(blank):
    found = places(blank, "Kabuls lufthavn og vejen gennem Sangin-dalen blev lukket.",
                   ents=[("Kabuls", "LOC"), ("Sangin-dalen", "LOC")])  # fmt: skip
    assert [(p["name"], p["country"], p["source"]) for p in found] == [
        ("Kabul", "AF", "ner"),
        ("Sangin-dalen", None, "ner"),
    ]


@pytest.mark.parametrize(
    ("sentence", "entity"),
    [
        ("Superligaen starter igen.", "Superligaen"),  # a tagging slip: no locative word
        ("Det skriver AFP.", "AFP"),
        ("Han kørte 37-38-kilometers strækningen.", "37-38-kilometers"),
        ("Syd- og Sønderjylland rammes.", "Syd-"),
    ],
)
def test_unknown_ner_places_need_a_locative_word(blank, sentence, entity):
    found = places(blank, sentence, ents=[(entity, "LOC")])
    assert entity not in [p["text"] for p in found]


def test_danish_towns_below_15000_inhabitants(blank):
    (place,) = places(blank, "Ulykken skete i Rødekro.")
    assert (place["name"], place["country"], place["kind"]) == ("Rødekro", "DK", "city")
    assert place["geonames_id"] and place["lat"]


def test_a_big_city_beats_a_small_namesake_in_a_mentioned_country(blank):
    found = places(blank, "USA forlader aftalen, som blev indgået i Paris.")
    assert [(p["text"], p["country"]) for p in found] == [("USA", "US"), ("Paris", "FR")]


def test_without_ner_or_cue_a_city_name_is_not_linked(blank):
    assert places(blank, "Kabul er en by.") == []
    assert linked(places(blank, "Kabul er en by.", ents=[("Kabul", "LOC")])) == [
        ("Kabul", "AF", "city")
    ]


@pytest.mark.parametrize(
    ("sentence", "ents"),
    [
        ("Det siger ministeren i Det Hvide Hus.", []),
        ("Det oplyser politiet.", [("Det", "LOC")]),  # a tagging slip is still not a place
        ("Hun arbejder for Team Danmark.", [("Team Danmark", "ORG")]),
        ("Dansk Folkeparti vil stramme reglerne.", []),
        ("Det siger han til Reuters.", [("Reuters", "LOC")]),
        ("I tirsdags talte hun i Marts.", []),
    ],
)
def test_never_places(blank, sentence, ents):
    assert places(blank, sentence, ents) == []


def test_demonyms(blank):
    found = places(blank, "Tyske soldater og amerikanerne rejser, siger den afghanske regering.")
    assert [(p["text"], p["country"], p["kind"]) for p in found] == [
        ("Tyske", "DE", "demonym"),
        ("amerikanerne", "US", "demonym"),
        ("afghanske", "AF", "demonym"),
    ]
    assert gazetteer().demonym("nordmænd") == "NO"


def test_city_ambiguity_prefers_the_country_the_article_mentions(blank):
    text = "I Australien fortsætter valgkampen. Han talte i Perth."
    perth = [p for p in places(blank, text) if p["text"] == "Perth"][0]
    assert perth["country"] == "AU"


def test_entity_exactly_on_a_known_place_overrides_a_person_tag(blank):
    found = places(blank, "Situationen i provinsen Parwan er spændt.", ents=[("Parwan", "PER")])
    assert linked(found) == [("Parwan", "AF", "region")]


def test_doc_type_is_spacy_doc(blank):
    assert isinstance(blank("Kabul"), Doc) and Span  # the component works on plain Docs


def test_a_cue_at_the_start_of_a_sentence(blank):
    assert linked(places(blank, "I Kabul er der roligt.")) == [("Kabul", "AF", "city")]


def test_place_search_keys():
    from kilde.article import Place
    from kilde.facts import place_search_keys

    kabul = Place(text="Kabuls", start=0, end=6, name="Kabul", kind="city", country="AF")
    assert place_search_keys(kabul) == {"kabuls", "kabul", "af", "afghanistan"}
    tyske = {"text": "tyske", "name": "Tyskland", "country": "DE"}
    assert {"tyskland", "de"} <= place_search_keys(tyske)
