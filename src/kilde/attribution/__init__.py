"""Who said what: the `kilde_attribution` spaCy component and the span attributes it sets.

After the component has run, `doc.spans["quotes"]` holds one Span per quote (the quoted
words, without marks or attribution clause), each with:

- `span._.quote_kind`: "direct" or "indirect"
- `span._.speaker`: dict with name, type, role, gender, mention {text, start, end}
- `span._.cue`: the attributing word(s) as written, or None
- `span._.medium`: to whom / where it was said, or None
- `span._.via`: the relaying outlet for relayed sources, or None
- `span._.confidence`: float in [0, 1]
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

QUOTES_KEY = "quotes"

for _name in ("quote_kind", "speaker", "cue", "medium", "via", "confidence"):
    if not Span.has_extension(_name):
        Span.set_extension(_name, default=None)


@Language.factory("kilde_attribution")
def make_attribution(nlp: Language, name: str) -> QuoteAttributor:
    """Factory for the attribution component (registered name: `kilde_attribution`)."""
    return QuoteAttributor()


class QuoteAttributor:
    """Finds direct and indirect quotes and attributes them to speakers."""

    def __call__(self, doc: Doc) -> Doc:
        doc.spans[QUOTES_KEY] = []
        return doc
