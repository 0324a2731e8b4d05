"""Who said what: the `kilde_attribution` spaCy component and the span attributes it sets.

After the component has run, `doc.spans["quotes"]` holds one Span per quote (the quoted
words, without marks or attribution clause), each with:

- `span._.quote_kind`: "direct" or "indirect"
- `span._.speaker`: dict with name, type, role, gender, mention {text, start, end}
- `span._.cue`: the attributing word(s) as written, or None
- `span._.medium`: to whom / where it was said, or None
- `span._.via`: the relaying outlet for relayed sources, or None
- `span._.confidence`: float in [0, 1]

`doc._.quotes` lists the same as plain dicts (text, offsets and the attributes above), so
`doc.to_json(underscore=["quotes"])` carries them; a `DocBin(store_user_data=True)` round
trip keeps the spans and their attributes.

Modules, one job each: `text` (paragraphs, sentences, quote trimming), `lexicon` (the word
lists in `kilde/lexicons/`), `phrases` (speaker and medium phrases), `clauses` (attribution
clauses and subjects of cues), `direct` and `indirect` (the finders), `speakers` (names in
the article, coreference, speaker typing), `records` (the quote record and confidence per
construction) and `engine` (finders → overlaps and relays → speaker resolution).
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

QUOTES_KEY = "quotes"

QUOTE_ATTRIBUTES = ("quote_kind", "speaker", "cue", "medium", "via", "confidence")

for _name in QUOTE_ATTRIBUTES:
    if not Span.has_extension(_name):
        Span.set_extension(_name, default=None)


def quote_records(doc: Doc) -> list[dict]:
    """The quotes of a Doc as JSON-ready dicts (the getter of `doc._.quotes`)."""
    return [
        {"text": span.text, "start": span.start_char, "end": span.end_char}
        | {name: getattr(span._, name) for name in QUOTE_ATTRIBUTES}
        for span in doc.spans.get(QUOTES_KEY, [])
    ]


if not Doc.has_extension("quotes"):
    Doc.set_extension("quotes", getter=quote_records)


@Language.factory("kilde_attribution")
def make_attribution(nlp: Language, name: str) -> QuoteAttributor:
    """Factory for the attribution component (registered name: `kilde_attribution`)."""
    return QuoteAttributor()


class QuoteAttributor:
    """Finds direct and indirect quotes and attributes them to speakers.

    Works on any Danish Doc: with a blank pipeline it relies on punctuation, capitalised
    names and lexicons; with the trained model it also uses NER (names) and POS tags.
    """

    def __call__(self, doc: Doc) -> Doc:
        from kilde.attribution.engine import find_quotes

        spans: list[Span] = []
        last_end = -1
        for quote in find_quotes(doc):
            span = _char_span(doc, quote.start, quote.end)
            if span is None or span.start_char < last_end or not span.text.strip():
                continue
            span._.quote_kind = quote.kind
            span._.speaker = quote.speaker
            span._.cue = quote.cue
            span._.medium = quote.medium
            span._.via = quote.via
            span._.confidence = quote.confidence
            spans.append(span)
            last_end = span.end_char
        doc.spans[QUOTES_KEY] = spans
        return doc


def _char_span(doc: Doc, start: int, end: int) -> Span | None:
    """The token span for characters [start, end), snapped to token edges if needed."""
    for mode in ("strict", "contract", "expand"):
        span = doc.char_span(start, end, alignment_mode=mode)
        if span is not None and len(span):
            return span
    return None
