"""`kilde_sentence_hints`: rule hints for the parser's sentence boundaries.

Runs before the parser, which respects preset boundaries (`is_sent_start` True forces a
boundary, False forbids one):

* the first word after a line break starts a sentence (paragraphs never share a sentence),
  and whitespace tokens stay with the sentence before them;
* a closing quote or bracket (`"` glued to the word before it, `«`, `)`, `]`) never starts
  a sentence, so it stays with the sentence it closes.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

SENTENCE_HINTS = "kilde_sentence_hints"
CLOSERS = {")", "]", "«"}
STRAIGHT_QUOTES = {'"', "”", "'"}


def _is_closing_quote(doc: Doc, i: int) -> bool:
    """A straight quote glued to the preceding word (`slut."`) closes a quotation."""
    return i > 0 and doc[i].text in STRAIGHT_QUOTES and not doc[i - 1].whitespace_


@Language.component(SENTENCE_HINTS)
def sentence_hints(doc: Doc) -> Doc:
    """Set sentence-start hints from line breaks and closing quotes/brackets."""
    for i in range(1, len(doc)):
        token = doc[i]
        if token.is_space:
            token.is_sent_start = False  # whitespace stays with the sentence before it
            continue
        previous = doc[i - 1]
        if "\n" in previous.whitespace_ or (previous.is_space and "\n" in previous.text):
            token.is_sent_start = True
        elif token.text in CLOSERS or _is_closing_quote(doc, i):
            token.is_sent_start = False
    return doc


def with_sentence_hints(nlp: Language) -> Language:
    """Add `kilde_sentence_hints` before the parser (if there is one and it is missing)."""
    if "parser" in nlp.pipe_names and SENTENCE_HINTS not in nlp.pipe_names:
        nlp.add_pipe(SENTENCE_HINTS, before="parser")
    return nlp
