"""Facts never crash and their offsets always point at their text, whatever the input."""

from __future__ import annotations

import spacy
from hypothesis import given, settings
from hypothesis import strategies as st

from kilde.facts import FactFinder

NLP = spacy.blank("da")
FACTS = FactFinder()
_WORDS = (
    "i for om siden sent tidligt tirsdag tirsdags på næste sidste 2. juli 2021 1.250 2,5 mio. "
    "kr. % procent hundredvis af tusinder en et halv halvt år uger dage timer klokken kl. 14.30 "
    "55-årige Kabul Parwan Det USA tyske amerikanske - » « , . 0 99 31. februar 2/7-21 "
    "1990'erne sommeren weekenden fjor natten til her aften går morgen tidlig Syd- Dansk $ €"
)
PIECES = _WORDS.split(" ")

texts = st.one_of(
    st.lists(st.sampled_from(PIECES), max_size=30).map(" ".join),
    st.text(max_size=80),
)
references = st.sampled_from([None, "2021-06-30", "2021-06", "2021-02-29", "nonsense"])


@settings(max_examples=300, deadline=None)
@given(text=texts, reference=references)
def test_facts_are_well_formed(text, reference):
    doc = NLP(text)
    doc._.article_date = reference
    FACTS(doc)
    for name in ("dates", "amounts", "places"):
        for fact in getattr(doc._, name):
            assert 0 <= fact["start"] < fact["end"] <= len(text)
            assert text[fact["start"] : fact["end"]] == fact["text"]
