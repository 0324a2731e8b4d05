"""Property-based: analyze never raises and its output always honours the contract."""

from __future__ import annotations

import json
from importlib import resources
from itertools import pairwise

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kilde
from kilde.article import analysis_json_schema

WORDS = [
    "regeringen",
    "borgmester",
    "Anne",
    "Holm",
    "Lars",
    "Jensen",
    "kommunen",
    "skolen",
    "vi",
    "det",
    "er",
    "ikke",
    "klar",
    "til",
    "at",
    "i",
    "dag",
    "han",
    "hun",
    "de",
    "siger",
    "sagde",
    "mener",
    "oplyser",
    "ifølge",
    "politiet",
    "Reuters",
    "DR",
    "en",
    "kilde",
    "ministeren",
    "skriver",
    "tilføjer",
    "at",
    "den",
    "55-årige",
    "København",
    "(S)",
    "USA's",
]
MARKS = ["»", "«", '"', "”", "'", "- ", "– ", "— ", ", ", ". ", ": ", "? ", "! "]
BYLINES = ["ritzau/Reuters", "/ritzau/", "(Ritzau)", "/ritzau/ AFP", ""]

token = st.one_of(st.sampled_from(WORDS), st.sampled_from(MARKS))
sentence = st.lists(token, min_size=1, max_size=25).map(" ".join)
paragraph = st.lists(sentence, min_size=1, max_size=4).map(" ".join)
article = st.tuples(
    st.sampled_from(["", " date 2021-06 ", " date 2020-01-05 "]),
    st.lists(paragraph, min_size=1, max_size=6).map("\n\n".join),
    st.sampled_from(BYLINES),
).map(lambda parts: parts[0] + parts[1] + ("\n\n" + parts[2] if parts[2] else ""))


@pytest.fixture(scope="module")
def nlp():
    return kilde.load()


def shipped_schema() -> dict:
    return json.loads(resources.files("kilde").joinpath("analysis.schema.json").read_text())


def test_shipped_schema_matches_the_models():
    assert shipped_schema() == analysis_json_schema(), (
        "src/kilde/analysis.schema.json is stale: regenerate it with "
        "`kilde schema > src/kilde/analysis.schema.json`"
    )


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=article)
def test_analyze_never_raises_and_offsets_hold(nlp, text):
    result = kilde.analyze(text, nlp=nlp)
    for quote in result.quotes:
        assert result.text[quote.start : quote.end] == quote.text
        mention = quote.speaker.mention
        if mention is not None:
            assert result.text[mention.start : mention.end] == mention.text
    for entity in result.entities:
        assert result.text[entity.start : entity.end] == entity.text
    spans = sorted((q.start, q.end) for q in result.quotes)
    for (_, end), (start, _) in pairwise(spans):
        assert end <= start, "quotes overlap"
    jsonschema.validate(json.loads(result.to_json()), shipped_schema())
