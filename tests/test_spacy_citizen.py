"""kilde inside spaCy: quotes as Spans with attributes, serialisation, displaCy rendering."""

from __future__ import annotations

import pytest
from spacy.tokens import DocBin

import kilde
from kilde.article import Analysis, Quote, Span, Speaker
from kilde.export.html import render_html

TEXT = "- Vi er klar, siger borgmester Anne Holm til DR."


@pytest.fixture(scope="module")
def nlp():
    return kilde.load()


def test_quotes_are_spans_with_speaker_cue_and_medium(nlp):
    doc = nlp(TEXT)
    quote = doc.spans["quotes"][0]
    assert quote.text == "Vi er klar"
    assert quote._.speaker["name"] == "Anne Holm"
    assert (quote._.cue, quote._.medium, quote._.quote_kind) == ("siger", "DR", "direct")


def test_docbin_round_trip_keeps_quotes_and_their_attributes(nlp):
    doc = nlp(TEXT)
    stored = DocBin(store_user_data=True)
    stored.add(doc)
    (restored,) = DocBin().from_bytes(stored.to_bytes()).get_docs(nlp.vocab)
    assert restored._.quotes == doc._.quotes
    assert restored.spans["quotes"][0]._.speaker == doc.spans["quotes"][0]._.speaker


def test_to_json_carries_quotes_through_the_underscore_option(nlp):
    data = nlp(TEXT).to_json(underscore=["quotes"])
    assert data["spans"]["quotes"][0]["start"] == 2
    (quote,) = data["_"]["quotes"]
    assert quote["speaker"]["name"] == "Anne Holm" and quote["cue"] == "siger"


def test_render_marks_quotes_with_their_speaker_and_escapes_the_text():
    text = (
        'Kort <script>alert(1)</script> & "><img src=x onerror=alert(2)>\n\n'
        "- Vi er klar, siger Anne Holm."
    )
    start = text.index("Vi er klar")
    analysis = Analysis(
        id="x",
        text=text,
        quotes=[
            Quote(
                kind="direct",
                text="Vi er klar",
                start=start,
                end=start + 10,
                speaker=Speaker(
                    name="Anne Holm",
                    type="person",
                    mention=Span(text="Anne Holm", start=text.index("Anne"), end=len(text) - 1),
                ),
                cue="siger",
            )
        ],
    )
    page = render_html([analysis])
    assert "direct · Anne Holm" in page and "SPEAKER" in page
    assert "<script>" not in page and "<img" not in page
    assert "&lt;script&gt;" in page


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Det oplyser AFP.", "AFP"),  # the model alone: PER
        ("Kilder siger til Bloomberg, at aftalen er tæt på.", "Bloomberg"),  # model: PER
        ("Det skriver ritzau/Reuters.", "Reuters"),  # model: no entity
    ],
)
def test_known_agencies_and_outlets_are_organisations(nlp, text, name):
    assert "kilde_known_organisations" in nlp.pipe_names
    labels = {ent.text: ent.label_ for ent in nlp(text).ents}
    assert labels.get(name) == "ORG"


def _entities_after_name_boundaries(nlp, words, sent_starts, ents):
    """Run `kilde_name_boundaries` on a hand-made Doc (words, sentence starts, NER spans)."""
    from spacy.tokens import Doc, Span

    from kilde.nlp.names import name_boundaries

    doc = Doc(nlp.vocab, words=words, sent_starts=sent_starts)
    doc.ents = [Span(doc, start, end, label=label) for start, end, label in ents]
    return [(ent.text, ent.label_) for ent in name_boundaries(doc).ents]


def test_a_name_cut_short_by_the_ner_is_completed(nlp):
    assert "kilde_name_boundaries" in nlp.pipe_names
    words = ["Det", "siger", "Petra", "De", "Sutter", "til", "avisen", "."]
    starts = [True] + [False] * 7
    found = _entities_after_name_boundaries(nlp, words, starts, [(2, 4, "PER")])
    assert found == [("Petra De Sutter", "PER")]


@pytest.mark.parametrize(
    ("words", "starts", "ents", "expected"),
    [
        # the next sentence starts with a capital: not part of the name
        (
            ["Hun", "hedder", "Ida", "Berg", "Hun", "bor", "her"],
            [1, 0, 0, 0, 1, 0, 0],
            [(2, 4, "PER")],
            [("Ida Berg", "PER")],
        ),
        # a function word and a lower-case word stop the name
        (
            ["Ida", "Berg", "Men", "ikke", "Ole"],
            [1, 0, 0, 0, 0],
            [(0, 2, "PER")],
            [("Ida Berg", "PER")],
        ),
        # another entity is never swallowed
        (
            ["Ida", "Berg", "Danmark"],
            [1, 0, 0],
            [(0, 2, "PER"), (2, 3, "LOC")],
            [("Ida Berg", "PER"), ("Danmark", "LOC")],
        ),
        # places are left alone; a title before a name is not taken in
        (
            ["i", "New", "York", "Direktør", "Ida", "Berg"],
            [1, 0, 0, 0, 0, 0],
            [(1, 2, "LOC"), (4, 6, "PER")],
            [("New", "LOC"), ("Ida Berg", "PER")],
        ),
    ],
)
def test_name_boundaries_leave_other_words_alone(nlp, words, starts, ents, expected):
    starts = [bool(s) for s in starts]
    assert _entities_after_name_boundaries(nlp, words, starts, ents) == expected
