"""`kilde_name_boundaries`: names the NER cut short are completed from their neighbours.

The NER sometimes labels only part of a name (`Petra De` of `Petra De Sutter`, `Ever` of
`Ever Given`). In running Danish text only proper names are
capitalised inside a sentence, so a capitalised word glued to a PER or ORG entity by a single
space, not itself part of an entity and not at the start of a sentence, belongs to the name.
Function words (`Den`, `Men`; the polite `De` may be part of a name), one-letter words and
words across a line break are never taken in.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from kilde.nlp.sentences import function_words as sentence_function_words

NAME_BOUNDARIES = "kilde_name_boundaries"
EXTENDED_LABELS = ("PER", "ORG")


def _joins_name(token: Token, taken: set[int], function_words: frozenset[str]) -> bool:
    """`token` may join the name that ends right before it."""
    text = token.text
    return (
        token.i not in taken
        and token.nbor(-1).whitespace_ == " "
        and len(text) > 1
        and text[:1].isupper()
        and text.replace("-", "").isalpha()
        and not token.is_sent_start
        and text.lower() not in function_words
    )


@Language.component(NAME_BOUNDARIES)
def name_boundaries(doc: Doc) -> Doc:
    """Extend PER and ORG entities over adjacent capitalised words the NER left out."""
    if not doc.ents:
        return doc
    function_words = sentence_function_words()
    taken = {i for ent in doc.ents for i in range(ent.start, ent.end)}
    spans = []
    for ent in doc.ents:
        end = ent.end
        if ent.label_ in EXTENDED_LABELS:
            while end < len(doc) and _joins_name(doc[end], taken, function_words):
                end += 1
            taken.update(range(ent.end, end))
        spans.append(ent if end == ent.end else Span(doc, ent.start, end, label=ent.label_))
    doc.ents = spans
    return doc
